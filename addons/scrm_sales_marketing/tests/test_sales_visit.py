from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .test_sales_territory import TerritoryCommon


class VisitCommon(TerritoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.account = Partner.create(
            {
                "name": "Paris Valves",
                "is_company": True,
                "street": "12 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
                "country_id": cls.fr.id,
            }
        )
        cls.buyer = Partner.create(
            {"name": "Pauline Buyer", "parent_id": cls.account.id}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Valves for the new plant",
                "type": "opportunity",
                "partner_id": cls.account.id,
                "user_id": cls.rep_a.id,
            }
        )
        cls.outsider = mail_new_test_user(
            cls.env,
            login="scrm_visit_outsider",
            name="Otto Outsider",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        # The days asserted below are the salesperson's: UTC's, whatever the
        # company's zone (TestVisitDay covers the others).
        cls.rep_a.tz = "UTC"
        now = fields.Datetime.now().replace(microsecond=0)
        cls.visit = cls._visit(cls.rep_a, now)

    @classmethod
    def _visit(cls, user, start, account=None, **vals):
        return (
            cls.env["scrm.sales.visit"]
            .with_user(user)
            .create(
                {
                    "account_id": (account or cls.account).id,
                    "contact_id": cls.buyer.id if not account else False,
                    "opportunity_id": cls.lead.id if not account else False,
                    "purpose": "demo",
                    "user_id": user.id,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "duration": 2.0,
                    **vals,
                }
            )
            .sudo()
        )


@tagged("post_install", "-at_install", "scrm_sales_visit")
class TestSalesVisit(VisitCommon):
    def test_visit_is_a_calendar_event_at_the_account(self):
        visit = self.visit
        self.assertEqual(visit.territory_id, self.paris)
        event = self.env["calendar.event"].search([("id", "=", visit.event_id.id)])
        self.assertEqual(event.name, "Visit: Paris Valves")
        self.assertEqual(event.opportunity_id, self.lead)
        self.assertEqual(event.location, "12 rue de la Paix, 75002 Paris, France")
        self.assertIn(self.buyer, event.partner_ids)
        self.assertIn(self.rep_a.partner_id, event.partner_ids)
        self.assertEqual(
            visit.map_url,
            "https://www.openstreetmap.org/search?query="
            "12+rue+de+la+Paix%2C+75002+Paris%2C+France",
        )

    def test_check_in_out_and_report_land_on_the_timeline(self):
        visit = self.visit.with_user(self.rep_a)
        visit.action_check_in(latitude="48.8686", longitude=2.3314)
        self.assertEqual(visit.visit_state, "checked_in")
        self.assertAlmostEqual(visit.check_in_latitude, 48.8686)
        visit.action_check_out()
        self.assertTrue(visit.check_out >= visit.check_in)
        follow_up = fields.Date.today() + timedelta(days=3)
        visit.write(
            {
                "outcome": "positive",
                "next_step": "Send the quotation",
                "product_ids": [(6, 0, self.product.ids)],
                "follow_up_date": follow_up,
                "report": "<p>They build a plant in Lyon.</p>",
            }
        )
        visit.action_submit_report()
        self.assertEqual(visit.visit_state, "done")
        entry = self.env["scrm.interaction"].search(
            [("partner_id", "=", self.account.id), ("res_model", "=", visit._name)]
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry, visit.interaction_id)
        self.assertEqual(entry.channel_id.code, "face_to_face")
        self.assertEqual(entry.contact_id, self.buyer)
        self.assertEqual(entry.summary, "Visit to Paris Valves: Positive")
        self.assertIn("Send the quotation", entry.body)
        self.assertIn("Gear pump", entry.body)
        self.assertIn("They build a plant in Lyon.", entry.body)
        self.assertEqual(entry.user_id, self.rep_a)
        activity = self.lead.activity_ids.filtered(
            lambda a: a.summary == "Send the quotation"
        )
        self.assertEqual(activity.date_deadline, follow_up)
        self.assertEqual(activity.user_id, self.rep_a)
        self.assertEqual(self.account.scrm_last_visit_date, visit.start.date())

    def test_browser_position_and_distance_to_the_account(self):
        # Rue de la Paix; the form's buttons pass the browser's position in
        # the context when the user lets the browser give it.
        self.account.write({"partner_latitude": 48.8686, "partner_longitude": 2.3314})
        visit = self.visit.with_user(self.rep_a)
        visit.with_context(
            scrm_latitude=48.8738, scrm_longitude=2.2950
        ).action_check_in()
        self.assertAlmostEqual(visit.check_in_latitude, 48.8738)
        # The Arc de Triomphe is about 2.7 km from Rue de la Paix.
        self.assertAlmostEqual(visit.check_in_distance, 2.7, delta=0.1)
        # Refused (or no device): checked out all the same, with no position.
        visit.action_check_out()
        self.assertTrue(visit.check_out)
        self.assertFalse(visit.check_out_latitude or visit.check_out_distance)

    def test_position_without_account_coordinates_shows_no_distance(self):
        visit = self.visit.with_user(self.rep_a)
        visit.action_check_in(latitude=48.8738, longitude=2.2950)
        self.assertEqual(visit.check_in_distance, 0.0)
        with self.assertRaises(UserError):
            visit.with_context(scrm_latitude="x", scrm_longitude=1).action_check_out()
        self.assertFalse(visit.check_out)

    def test_bad_input_is_refused_and_nothing_changes(self):
        visit = self.visit.with_user(self.rep_a)
        with self.assertRaises(UserError):
            visit.action_check_in(latitude=123.0, longitude=2.0)
        with self.assertRaises(UserError):
            visit.action_check_in(latitude="north", longitude=2.0)
        self.assertEqual(visit.visit_state, "planned")
        self.assertFalse(visit.check_in)
        with self.assertRaises(UserError):
            visit.action_check_out()
        with self.assertRaises(UserError):
            visit.action_submit_report()  # no outcome
        self.assertEqual(visit.visit_state, "planned")
        other = self.env["res.partner"].create(
            {"name": "Elsewhere", "is_company": True}
        )
        stranger = self.env["res.partner"].create(
            {"name": "Stranger", "parent_id": other.id}
        )
        with self.assertRaises(ValidationError):
            visit.contact_id = stranger
        with self.assertRaises(ValidationError):
            visit.follow_up_date = visit.start.date() - timedelta(days=1)
        with self.assertRaises(ValidationError):
            self._visit(self.rep_a, datetime(2026, 1, 5, 9), account=other).write(
                {"opportunity_id": self.lead.id}
            )

    def test_only_the_salesperson_records_the_visit(self):
        colleague = self.visit.with_user(self.rep_b)
        self.assertEqual(colleague.account_id, self.account)  # may read it
        with self.assertRaises(UserError):
            colleague.action_check_in()
        self.assertEqual(self.visit.visit_state, "planned")

    def test_day_plan_lists_my_visits_of_today_in_time_order(self):
        today = fields.Datetime.now().replace(hour=12, minute=0, second=0)
        other_account = self.env["res.partner"].create(
            {"name": "Paris Gaskets", "is_company": True, "city": "Paris"}
        )
        late = self._visit(self.rep_b, today.replace(hour=15), account=other_account)
        early = self._visit(self.rep_b, today.replace(hour=7), account=other_account)
        self._visit(self.rep_b, today + timedelta(days=1), account=other_account)
        self._visit(self.rep_a, today.replace(hour=9), account=other_account)
        cancelled = self._visit(
            self.rep_b, today.replace(hour=10), account=other_account
        )
        cancelled.with_user(self.rep_b).action_cancel()
        Visit = self.env["scrm.sales.visit"].with_user(self.rep_b)
        action = Visit.action_day_plan()
        self.assertEqual(Visit.search(action["domain"]), early | late)
        self.assertEqual(Visit.search(action["domain"]).ids, [early.id, late.id])

    def test_menus_reach_sales_users_only(self):
        for xmlid in (
            "scrm_visit_day_plan_menu",
            "scrm_visit_to_visit_menu",
            "scrm_call_list_menu",
            "scrm_cost_of_sale_menu",
        ):
            menu = self.env.ref(f"scrm_sales_marketing.{xmlid}")
            self.assertMenuReachable(menu, self.rep_a)
            self.assertMenuReachable(menu, self.odoo_salesperson, reachable=False)

    def test_accounts_to_visit(self):
        Partner = self.env["res.partner"]
        never = Partner.create(
            {
                "name": "Never Seen",
                "is_company": True,
                "zip": "75011",
                "country_id": self.fr.id,
            }
        )
        recent = Partner.create(
            {
                "name": "Seen Lately",
                "is_company": True,
                "zip": "75012",
                "country_id": self.fr.id,
            }
        )
        long_ago = Partner.create(
            {
                "name": "Seen Long Ago",
                "is_company": True,
                "zip": "75013",
                "country_id": self.fr.id,
            }
        )
        elsewhere = Partner.create(
            {
                "name": "In Texas",
                "is_company": True,
                "state_id": self.texas.id,
                "country_id": self.us.id,
            }
        )
        self.paris.visit_interval_days = 30
        now = fields.Datetime.now()
        for account, days in ((recent, 5), (long_ago, 45)):
            visit = self._visit(self.rep_a, now - timedelta(days=days), account=account)
            visit.write({"outcome": "neutral"})
            visit.with_user(self.rep_a).action_submit_report()
        action = Partner.with_user(self.rep_a).action_scrm_accounts_to_visit()
        found = Partner.with_user(self.rep_a).search(action["domain"])
        self.assertIn(never, found)
        self.assertIn(long_ago, found)
        self.assertNotIn(recent, found)
        self.assertNotIn(elsewhere, found)
        self.assertEqual(recent.scrm_last_visit_date, (now - timedelta(days=5)).date())
        # Nothing for a salesperson without territory.
        action = Partner.with_user(self.outsider).action_scrm_accounts_to_visit()
        self.assertFalse(Partner.with_user(self.outsider).search(action["domain"]))


@tagged("post_install", "-at_install", "scrm_sales_visit")
class TestSalesVisitAccess(VisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.rep_of_b = mail_new_test_user(
            cls.env,
            login="scrm_visit_rep_b_co",
            name="Bianca B",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
            groups="base.group_user,scrm_sales_marketing.group_sales_manager",
        )

    def test_territory_member_sees_the_visit(self):
        Visit = self.env["scrm.sales.visit"].with_user(self.rep_b)
        self.assertEqual(Visit.search([("id", "=", self.visit.id)]), self.visit)

    def test_other_territory_salesperson_is_refused(self):
        Visit = self.env["scrm.sales.visit"].with_user(self.outsider)
        self.assertFalse(Visit.search([("id", "=", self.visit.id)]))
        with self.assertRaises(AccessError):
            self.visit.with_user(self.outsider).read(["outcome"])
        with self.assertRaises(AccessError):
            self.visit.with_user(self.outsider).write({"outcome": "negative"})
        self.assertFalse(self.visit.outcome)

    def test_manager_of_the_territory_sees_it(self):
        self.paris.user_id = self.sales_manager
        Visit = self.env["scrm.sales.visit"].with_user(self.sales_manager)
        self.assertEqual(Visit.search([("id", "=", self.visit.id)]), self.visit)

    def test_other_company_sees_nothing(self):
        Visit = self.env["scrm.sales.visit"].with_user(self.rep_of_b)
        self.assertFalse(Visit.search([]))
        with self.assertRaises(AccessError):
            self.visit.with_user(self.rep_of_b).read(["outcome"])

    def test_timeline_entry_refused_to_outsider(self):
        self.visit.write({"outcome": "positive"})
        self.visit.with_user(self.rep_a).action_submit_report()
        entry = self.visit.interaction_id
        Interaction = self.env["scrm.interaction"].with_user(self.outsider)
        self.assertFalse(Interaction.search([("id", "=", entry.id)]))
        Interaction = self.env["scrm.interaction"].with_user(self.rep_b)
        self.assertEqual(Interaction.search([("id", "=", entry.id)]), entry)


@tagged("post_install", "-at_install", "scrm_sales_visit")
class TestSalesVisitTour(HttpCase):
    def test_day_plan_tour_writes_a_report(self):
        rep = mail_new_test_user(
            self.env,
            login="scrm_tour_rep",
            name="Tess Tour",
            tz="UTC",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        Partner = self.env["res.partner"]
        morning = Partner.create(
            {
                "name": "Tour Morning Account",
                "is_company": True,
                "street": "Tour Street 1",
                "city": "Lyon",
                "partner_latitude": 45.764,
                "partner_longitude": 4.8357,
            }
        )
        afternoon = Partner.create(
            {
                "name": "Tour Afternoon Account",
                "is_company": True,
                "street": "Tour Street 2",
                "city": "Lyon",
            }
        )
        today = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        Visit = self.env["scrm.sales.visit"].with_user(rep)
        for account, hour in ((afternoon, 16), (morning, 7)):
            start = today.replace(hour=hour)
            Visit.create(
                {
                    "account_id": account.id,
                    "user_id": rep.id,
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "duration": 1.0,
                }
            )
        self.start_tour(
            "/odoo/action-scrm_sales_marketing.scrm_sales_visit_day_plan_server_action",
            "scrm_sales_visit_day_plan",
            login="scrm_tour_rep",
        )
        visit = Visit.sudo().search([("account_id", "=", morning.id)])
        self.assertEqual(visit.visit_state, "done")
        # The browser's position at check-in, about 700 m from the account.
        self.assertAlmostEqual(visit.check_in_latitude, 45.77)
        self.assertAlmostEqual(visit.check_in_longitude, 4.84)
        self.assertTrue(0.5 < visit.check_in_distance < 1.0, visit.check_in_distance)
        self.assertEqual(visit.outcome, "positive")
        self.assertEqual(visit.next_step, "Send the quotation for two pumps")
        self.assertEqual(
            visit.interaction_id.summary, "Visit to Tour Morning Account: Positive"
        )


@tagged("post_install", "-at_install", "scrm_sales_visit", "scrm_clock")
class TestVisitDay(VisitCommon):
    """A visit's day is the salesperson's, else the company's, never UTC's."""

    def test_follow_up_and_last_visit_on_the_salesperson_day(self):
        # 23:30 UTC on 31 March is 07:30 on 1 April in Shanghai.
        self.rep_a.tz = "Asia/Shanghai"
        start = datetime(2026, 3, 31, 23, 30)
        visit = self._visit(self.rep_a, start).with_user(self.rep_a)
        with self.assertRaises(ValidationError):
            visit.follow_up_date = date(2026, 3, 31)  # the day before the visit
        visit.follow_up_date = date(2026, 4, 1)
        visit.write({"outcome": "positive"})
        visit.action_submit_report()
        self.assertEqual(self.account.scrm_last_visit_date, date(2026, 4, 1))
        # A salesperson without a zone works on the company's day; in New York
        # 02:00 UTC on 1 April is still the evening of 31 March.
        self.rep_a.tz = False
        self.env.company.partner_id.tz = "America/New_York"
        evening = self._visit(self.rep_a, datetime(2026, 4, 1, 2)).with_user(self.rep_a)
        evening.follow_up_date = date(2026, 3, 31)
        self.assertEqual(evening.follow_up_date, date(2026, 3, 31))
