from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ServiceDataMixin

BODY = (
    '<div class="o_kb_body"><p style="color: red">Hold the <b>reset</b> button '
    'for ten seconds, see <a href="https://example.com/manual">the manual</a>.'
    "</p></div>"
)


@tagged("post_install", "-at_install", "scrm_service_kb")
class TestKbSearch(HttpCase, ServiceDataMixin):
    """The help search matches what a reader reads, never the HTML markup."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.article = cls.env["scrm.kb.article"].create(
            {
                "name": "Resetting the controller",
                "body": BODY,
                "is_published": True,
                "visibility": "public",
            }
        )

    def titles(self, query):
        """Titles found among this test's articles (demo data has others)."""
        found = self.env["scrm.kb.article"]._scrm_suggest(query, public=True)
        return (found & self.article).mapped("name")

    def test_markup_is_not_searched(self):
        Article = self.env["scrm.kb.article"]
        for markup in ("div", "class", "style", "color", "href", "https", "o_kb_body"):
            with self.subTest(markup=markup):
                # No article at all, demo ones included, matches markup.
                self.assertFalse(Article._scrm_suggest(markup, public=True))
        self.assertEqual(self.titles("seconds"), ["Resetting the controller"])
        self.assertEqual(self.titles("manual"), ["Resetting the controller"])
        page = self.url_open("/help?search=class").text
        self.assertNotIn("Resetting the controller", page)
        page = self.url_open("/help?search=reset+button").text
        self.assertIn("Resetting the controller", page)

    def test_edited_and_translated_bodies_are_searched(self):
        self.article.body = "<p>Unplug the pump first.</p>"
        self.assertEqual(self.titles("seconds"), [])
        self.assertEqual(self.titles("unplug"), ["Resetting the controller"])
        self.env["res.lang"]._activate_lang("fr_FR")
        # The body is translated term by term (html_translate).
        self.article.update_field_translations(
            "body", {"fr_FR": {"Unplug the pump first.": "Débranchez la pompe."}}
        )
        self.assertEqual(self.titles("débranchez"), ["Resetting the controller"])
        self.assertEqual(self.titles("unplug"), ["Resetting the controller"])


@tagged("post_install", "-at_install", "scrm_service_kb")
class TestKbCompanies(HttpCase, ServiceDataMixin):
    """Articles and categories of a company stay in it; empty company = shared."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        cls.main = cls.env.company
        cls.other = cls.env["res.company"].create({"name": "Other Pumps Ltd"})
        cls.agent_other = mail_new_test_user(
            cls.env,
            login="scrm_agent_other",
            name="Olga Other Agent",
            company_id=cls.other.id,
            company_ids=[cls.other.id],
            groups="base.group_user,scrm_service.group_service_user",
        )
        Category = cls.env["scrm.ticket.category"]
        cls.category_main = Category.create(
            {"name": "Main pumps", "company_id": cls.main.id}
        )
        cls.category_shared = Category.create({"name": "Shared question"})
        Article = cls.env["scrm.kb.article"]
        values = {"is_published": True, "visibility": "public"}
        cls.article_main = Article.create(
            {
                "name": "Main company pump manual",
                "company_id": cls.main.id,
                "category_id": cls.category_main.id,
                **values,
            }
        )
        cls.article_shared = Article.create(
            {"name": "Shared pump safety rules", **values}
        )

    def test_agent_of_another_company_is_refused(self):
        Article = self.env["scrm.kb.article"].with_user(self.agent_other)
        both = self.article_main | self.article_shared
        self.assertEqual(Article.search([("id", "in", both.ids)]), self.article_shared)
        with self.assertRaises(AccessError):
            self.article_main.with_user(self.agent_other).read(["name"])
        Category = self.env["scrm.ticket.category"].with_user(self.agent_other)
        found = Category.search(
            [("id", "in", (self.category_main | self.category_shared).ids)]
        )
        self.assertEqual(found, self.category_shared)
        with self.assertRaises(AccessError):
            self.category_main.with_user(self.agent_other).read(["name"])

    def test_agent_of_the_company_sees_both(self):
        Article = self.env["scrm.kb.article"].with_user(self.agent_bob)
        both = self.article_main | self.article_shared
        self.assertEqual(Article.search([("id", "in", both.ids)]), both)

    def test_portal_of_another_company_does_not_find_it(self):
        portal_other = mail_new_test_user(
            self.env,
            login="portal_other_company",
            name="Otto Other",
            email="otto@other.example.com",
            company_id=self.other.id,
            company_ids=[self.other.id],
            groups="base.group_portal",
        )
        self.authenticate(portal_other.login, portal_other.login)
        page = self.url_open("/help?search=pump").text
        self.assertIn("Shared pump safety rules", page)
        self.assertNotIn("Main company pump manual", page)
        self.assertEqual(
            self.url_open(f"/help/{self.article_main.id}").status_code, 404
        )
        page = self.url_open("/my/tickets/new").text
        self.assertIn("Shared question", page)
        self.assertNotIn("Main pumps", page)
        # The portal customer of the main company reads it.
        self.authenticate("portal_carla", "portal_carla")
        self.assertEqual(
            self.url_open(f"/help/{self.article_main.id}").status_code, 200
        )
