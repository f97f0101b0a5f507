from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

NOW = datetime(2026, 3, 2, 9, 0, 0)  # a Monday morning


@tagged("post_install", "-at_install", "scrm_marketing_score")
class TestMarketingScore(TransactionCase):
    """Issue 14, scoring: points per behaviour halved every half-life, points
    per attribute, grades, explanation, routing to sales with a first-contact
    deadline and the misses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["scrm.marketing.score.rule"]
        Rule.search([]).active = False
        cls.rule_open = Rule.create(
            {"name": "Opened", "kind": "mail_opened", "points": 8, "half_life_days": 10}
        )
        cls.rule_form = Rule.create(
            {"name": "Form", "kind": "form", "points": 20, "half_life_days": 0}
        )
        cls.rule_size = Rule.create(
            {
                "name": "Large company",
                "kind": "company_size",
                "company_size": "4",
                "points": 25,
            }
        )
        cls.rep_a = mail_new_test_user(
            cls.env,
            login="scrm_mkt_rep_a",
            name="Anna Rep",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        cls.rep_b = mail_new_test_user(
            cls.env,
            login="scrm_mkt_rep_b",
            name="Bruno Rep",
            groups="base.group_user,scrm_sales_marketing.group_sales_user",
        )
        Territory = cls.env["scrm.territory"]
        Territory.search([]).active = False
        cls.be = cls.env.ref("base.be")
        cls.territory = Territory.create(
            {
                "name": "Benelux",
                "country_ids": [(6, 0, cls.be.ids)],
                "member_ids": [(6, 0, (cls.rep_a | cls.rep_b).ids)],
                "first_contact_hours": 4,
            }
        )
        cls.campaign = cls.env["utm.campaign"].create({"name": "Score campaign"})
        cls.form = cls.env["scrm.marketing.form"].create(
            {"name": "Score form", "campaign_id": cls.campaign.id}
        )

    def make_lead(self, **values):
        return self.env["crm.lead"].create(
            {
                "name": "Prospect",
                "type": "lead",
                "user_id": False,
                "country_id": self.be.id,
                "scrm_marketing_state": "marketing",
                **values,
            }
        )

    def opened(self, lead, days_ago):
        self.env["mailing.trace"].create(
            {
                "model": "crm.lead",
                "res_id": lead.id,
                "email": "p@example.com",
                "open_datetime": NOW - timedelta(days=days_ago),
            }
        )

    def form_filled(self, lead, days_ago):
        submission = self.env["scrm.marketing.submission"].create(
            {
                "form_id": self.form.id,
                "name": "P",
                "email": "p@example.com",
                "lead_id": lead.id,
            }
        )
        submission.flush_recordset()
        self.env.cr.execute(
            "UPDATE scrm_marketing_submission SET create_date = %s WHERE id = %s",
            (NOW - timedelta(days=days_ago), submission.id),
        )

    def score(self, leads):
        self.env["crm.lead"]._scrm_recompute_scores(leads.ids, now=NOW)

    def test_score_with_decay_by_hand(self):
        lead = self.make_lead()
        # Opened 10 and 20 days ago: 8 x ½ + 8 x ¼ = 6; form 90 days ago,
        # no decay: 20; total 26 -> C.
        self.opened(lead, 10)
        self.opened(lead, 20)
        self.form_filled(lead, 90)
        self.score(lead)
        self.assertAlmostEqual(lead.scrm_score, 26.0)
        self.assertEqual(lead.scrm_grade, "C")
        self.assertEqual(
            lead.scrm_score_explanation,
            "Opened: 2 x 8.00 -> 6.00\nForm: 1 x 20.00 -> 20.00",
        )
        self.assertEqual(lead.scrm_marketing_state, "marketing")
        self.assertFalse(lead.user_id)
        # Ten days later the opens are worth half: 3 + 20 = 23, still C.
        self.env["crm.lead"]._scrm_recompute_scores(
            lead.ids, now=NOW + timedelta(days=10)
        )
        self.assertAlmostEqual(lead.scrm_score, 23.0)
        # A lead without behaviour scores 0, grade D, and no explanation.
        empty = self.make_lead()
        self.score(empty)
        self.assertEqual((empty.scrm_score, empty.scrm_grade), (0.0, "D"))
        self.assertFalse(empty.scrm_score_explanation)

    def test_grade_routes_to_sales_with_deadline_and_misses(self):
        # 25 (size) + 20 (form today) + 8 (open today) = 53 -> B -> sales.
        with freeze_time(NOW):
            lead = self.make_lead(scrm_company_size="4")
            self.assertFalse(lead.user_id, "marketing keeps it before the grade")
            self.assertEqual(lead.scrm_territory_id, self.territory)
            self.opened(lead, 0)
            self.form_filled(lead, 0)
            self.score(lead)
            self.assertAlmostEqual(lead.scrm_score, 53.0)
            self.assertEqual(lead.scrm_grade, "B")
            self.assertEqual(lead.scrm_marketing_state, "sales")
            self.assertEqual(lead.user_id, self.rep_a)
            deadline = self.territory._first_contact_deadline(NOW)
            self.assertEqual(lead.scrm_contact_deadline, deadline)
            self.assertEqual(
                lead.activity_ids.activity_type_id,
                self.env.ref("scrm_sales_marketing.mail_activity_type_first_contact"),
            )
        # Not contacted in time: the next member, the miss counted.
        with freeze_time(deadline + timedelta(minutes=1)):
            self.env["crm.lead"]._scrm_check_first_contacts()
            self.assertEqual(lead.user_id, self.rep_b)
            self.assertEqual(lead.scrm_contact_miss_count, 1)
            second = lead.scrm_contact_deadline
            self.assertGreater(second, deadline)
        # Missed again: back to marketing.
        with freeze_time(second + timedelta(minutes=1)):
            self.env["crm.lead"]._scrm_check_first_contacts()
            self.assertEqual(lead.scrm_marketing_state, "marketing")
            self.assertFalse(lead.user_id)
            self.assertEqual(lead.scrm_contact_miss_count, 2)
            self.assertFalse(lead.activity_ids)

    def test_contacted_in_time_is_not_a_miss(self):
        with freeze_time(NOW):
            lead = self.make_lead(scrm_company_size="4")
            self.opened(lead, 0)
            self.form_filled(lead, 0)
            self.score(lead)
            lead.activity_ids.with_user(lead.user_id).action_feedback("Called")
            self.assertTrue(lead.scrm_first_contact_date)
        with freeze_time(NOW + timedelta(days=5)):
            self.env["crm.lead"]._scrm_check_first_contacts()
        self.assertEqual(lead.scrm_contact_miss_count, 0)
        self.assertEqual(lead.user_id, self.rep_a)

    def test_pending_opt_in_is_not_routed(self):
        lead = self.make_lead(scrm_company_size="4", scrm_optin_state="pending")
        self.opened(lead, 0)
        self.form_filled(lead, 0)
        self.score(lead)
        self.assertEqual(lead.scrm_grade, "B")
        self.assertEqual(lead.scrm_marketing_state, "marketing")

    def test_score_query_count_is_flat(self):
        leads = self.make_lead() | self.make_lead()
        self.opened(leads[0], 1)
        self.env["crm.lead"]._scrm_recompute_scores(leads.ids, now=NOW)
        more = leads | self.make_lead() | self.make_lead() | self.make_lead()
        self.opened(more[-1], 1)
        self.env.flush_all()
        with self.assertQueryCount(2):  # work_mem, then the one UPDATE
            self.env["crm.lead"]._scrm_recompute_scores(more.ids, now=NOW)

    def test_salesperson_cannot_edit_scoring_rules(self):
        rule = self.rule_open.with_user(self.rep_a)
        self.assertEqual(rule.points, 8)
        with self.assertRaises(AccessError):
            rule.write({"points": 100})
        with self.assertRaises(AccessError):
            self.env["scrm.marketing.score.rule"].with_user(self.rep_a).create(
                {"name": "Mine", "kind": "form", "points": 99}
            )
