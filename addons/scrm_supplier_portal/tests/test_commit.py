from datetime import timedelta

from lxml import html

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_portal import VmiPortalCase


@tagged("post_install", "-at_install", "scrm_vmi_commit")
class TestVmiCommit(VmiPortalCase):
    """The supplier answers the plan (5 bolts this week, 12 next) with
    commitments; shortfalls reach the buyer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bolt_history()
        cls.weeks = [cls.monday + timedelta(weeks=week) for week in range(6)]

    def commits(self):
        return self.env["scrm.vmi.commit"].search(
            [("partner_id", "in", (self.vendor | self.other_vendor).ids)],
            order="period_start",
        )

    def test_commit_on_the_portal(self):
        self.authenticate("vmi_alice", "vmi_alice")
        page = self.url_open(f"/my/vmi/commit?line_id={self.line_bolt.id}")
        self.assertEqual(page.status_code, 200)
        planned = html.fromstring(page.content).xpath(
            "//td[contains(@class, 'o_vmi_planned')]/@data-value"
        )
        self.assertEqual([float(value) for value in planned], [5, 12, 0, 0, 0, 0])
        response = self.post(
            "/my/vmi/commit/submit",
            {
                "line_id": self.line_bolt.id,
                f"commit_{self.weeks[0]}": "5",
                f"commit_{self.weeks[1]}": "8",
                f"commit_{self.weeks[2]}": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertRecordValues(
            self.commits(),
            [
                {
                    "period_start": self.weeks[0],
                    "planned_qty": 5,
                    "committed_qty": 5,
                    "shortfall": 0,
                    "is_shortfall": False,
                    "user_id": self.alice.id,
                },
                {
                    "period_start": self.weeks[1],
                    "planned_qty": 12,
                    "committed_qty": 8,
                    "shortfall": 4,
                    "is_shortfall": True,
                    "user_id": self.alice.id,
                },
            ],
        )
        activity = self.agreement.activity_ids
        self.assertEqual(activity.user_id, self.buyer)
        self.assertIn("commits less than planned", activity.summary)
        shortfalls = (
            self.env["scrm.vmi.commit"]
            .with_user(self.buyer)
            .search([("is_shortfall", "=", True), ("partner_id", "=", self.vendor.id)])
        )
        self.assertEqual(shortfalls.product_id, self.bolt)
        # Still short: the buyer's activity is updated, not doubled.
        self.post(
            "/my/vmi/commit/submit",
            {"line_id": self.line_bolt.id, f"commit_{self.weeks[1]}": "10"},
        )
        self.assertEqual(self.agreement.activity_ids, activity)
        self.assertIn("10 / 12", activity.note)
        # A new answer replaces the week's commitment.
        self.post(
            "/my/vmi/commit/submit",
            {"line_id": self.line_bolt.id, f"commit_{self.weeks[1]}": "12"},
        )
        self.assertEqual(len(self.commits()), 2)
        self.assertFalse(self.commits().filtered("is_shortfall"))
        # Back to the plan: the buyer's to-do is done, with the reason.
        self.assertFalse(self.agreement.activity_ids)
        done = self.agreement.message_ids.filtered(
            lambda message: "now commits what the plan needs" in (message.body or "")
        )
        self.assertTrue(done)
        logged = self.env["scrm.interaction"].search(
            [("res_model", "=", "scrm.vmi.agreement")]
        )
        self.assertEqual(len(logged), 3)

    def test_bad_commitments_change_nothing(self):
        self.authenticate("vmi_alice", "vmi_alice")
        last_week = self.monday - timedelta(weeks=1)
        cases = [
            ({f"commit_{self.weeks[0]}": "-1"}, "must be positive"),
            ({f"commit_{self.weeks[0]}": "many"}, "is not a number"),
            ({f"commit_{self.weeks[0]}": "5e9"}, "largest quantity"),
            ({f"commit_{last_week}": "5"}, "weeks shown"),
            ({"commit_2026-02-31": "5"}, "give a date"),
            ({f"commit_{self.weeks[0]}": ""}, "at least one week"),
        ]
        for change, message in cases:
            with self.subTest(change=change):
                response = self.post(
                    "/my/vmi/commit/submit", {"line_id": self.line_bolt.id, **change}
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, html.fromstring(response.content).text_content())
        self.assertFalse(self.commits())

    def test_other_supplier_cannot_commit_or_read(self):
        self.line_bolt._vmi_record_commits({self.weeks[1]: 3})
        self.authenticate("vmi_bob", "vmi_bob")
        page = self.url_open(f"/my/vmi/commit?line_id={self.line_bolt.id}")
        self.assertEqual(page.status_code, 404)
        response = self.post(
            "/my/vmi/commit/submit",
            {"line_id": self.line_bolt.id, f"commit_{self.weeks[1]}": "12"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.commits().committed_qty, 3)
        Commit = self.env["scrm.vmi.commit"]
        self.assertFalse(Commit.with_user(self.bob).search([]))
        self.assertEqual(Commit.with_user(self.alice).search([]), self.commits())
        self.assertEqual(
            Commit.with_user(self.alice).search_count([]),
            1,
            "nor the commitments of the demo suppliers",
        )
        with self.assertRaises(AccessError):
            self.commits().with_user(self.alice).write({"committed_qty": 12})

    def test_plan_refreshed_by_the_cron(self):
        self.line_bolt._vmi_record_commits({self.weeks[1]: 12})
        self.assertFalse(self.commits().is_shortfall)
        self.mps.line_ids.filtered(
            lambda line: line.period_start == self.weeks[1]
        ).forecast_qty = 20
        self.env["scrm.mrp.run"]._launch(self.env.company, mps=self.mps)
        self.env["scrm.vmi.agreement"]._cron_vmi_alerts()
        self.assertEqual(self.commits().planned_qty, 20)
        self.assertEqual(self.commits().shortfall, 8)

    def test_model_refuses_out_of_range(self):
        with self.assertRaisesRegex(UserError, "between 0 and"):
            self.line_bolt._vmi_record_commits({self.weeks[0]: -4})
        self.assertFalse(self.commits())
