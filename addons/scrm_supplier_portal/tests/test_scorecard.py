from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from pytz import timezone

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.scrm_mrp_ext.models.scrm_mrp_loader import utc_start

from .test_portal import VmiPortalCase


@tagged("post_install", "-at_install", "scrm_vmi_scorecard", "scrm_clock")
class TestSupplierScorecard(VmiPortalCase):
    """Last month Acme delivered two order lines promised for the same Monday:
    ten bolts on time at 2.20 (list price 2.00), six of ten nuts three days
    late at list price; one proposal approved, one rejected; twenty bolts
    committed that week."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        first = cls.today.replace(day=1) - relativedelta(months=1)
        day = first + timedelta(days=10)
        cls.base = day - timedelta(days=day.weekday())
        promised = datetime.combine(cls.base, time(12))
        order = cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.bolt.id,
                            "product_qty": 10,
                            "price_unit": 2.2,
                            "date_planned": promised,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.nut.id,
                            "product_qty": 10,
                            "price_unit": 1.0,
                            "date_planned": promised,
                        }
                    ),
                ],
            }
        )
        order.button_confirm()
        order.date_approve = promised - timedelta(days=7)
        receipt = order.picking_ids
        bolt_move, nut_move = receipt.move_ids.sorted(
            lambda m: m.product_id != cls.bolt
        )
        bolt_move.write({"quantity": 10, "picked": True})
        nut_move.write({"quantity": 6, "picked": True})
        receipt.with_context(cancel_backorder=True)._action_done()
        bolt_move.date = promised
        nut_move.date = promised + timedelta(days=3)
        Proposal = cls.env["scrm.replenishment.proposal"].sudo()
        for state in ("approved", "rejected"):
            proposal = Proposal.create(
                {
                    "agreement_id": cls.agreement.id,
                    "line_ids": [
                        Command.create({"product_id": cls.bolt.id, "quantity": 20})
                    ],
                }
            )
            proposal.write({"state": state, "date_submitted": promised})
        cls.env["scrm.vmi.commit"].create(
            {
                "agreement_line_id": cls.line_bolt.id,
                "period_start": cls.base,
                "planned_qty": 20,
                "committed_qty": 20,
            }
        )
        cls.Scorecard = cls.env["scrm.supplier.scorecard"]

    def test_scorecard_figures(self):
        self.Scorecard._scrm_compute(self.base, self.base)
        card = self.Scorecard.search([("partner_id", "=", self.vendor.id)])
        self.assertFalse(
            self.Scorecard.search([("partner_id", "=", self.other_vendor.id)]),
            "Bolt Brothers had nothing that month",
        )
        self.assertRecordValues(
            card,
            [
                {
                    "period_start": self.base.replace(day=1),
                    "receipt_count": 2,
                    "line_count": 2,
                    "on_time_rate": 50.0,
                    "in_full_rate": 50.0,
                    "lead_time_deviation": 1.5,
                    "proposal_count": 2,
                    "approval_rate": 50.0,
                    "committed_qty": 20,
                    "commit_reliability": 50.0,
                }
            ],
        )
        # On time: 100 %; three days late on a seven-day promise: 4/7.
        self.assertAlmostEqual(card.lead_time_accuracy, 100 * (1 + 4 / 7) / 2, 4)
        # 10 x 0.20 paid above a list of 10 x 2.00 + 6 x 1.00.
        self.assertAlmostEqual(card.price_variance, 100 * 2 / 26, 4)
        self.assertEqual(self.vendor.scrm_scorecard_ids, card)

    def test_months_are_the_company_s(self):
        """A receipt at 03:00 on the 1st in Shanghai (19:00 the day before in
        UTC) and a proposal sent then are the new month's in Shanghai."""
        self.env.company.partner_id.tz = "Asia/Shanghai"
        month = self.base.replace(day=1) + relativedelta(months=1)
        at_three = utc_start(month, timezone("Asia/Shanghai")) + timedelta(hours=3)
        self.assertEqual(at_three.date(), month - timedelta(days=1), "UTC's day")
        order = self.purchase(self.vendor, self.nut, 4, month)
        order.picking_ids.move_ids.write({"quantity": 4, "picked": True})
        order.picking_ids.button_validate()
        order.picking_ids.move_ids.date = at_three
        self.env["scrm.replenishment.proposal"].sudo().create(
            {
                "agreement_id": self.agreement.id,
                "line_ids": [
                    Command.create({"product_id": self.nut.id, "quantity": 4})
                ],
            }
        ).write({"state": "approved", "date_submitted": at_three})
        self.Scorecard._scrm_compute(self.base, month)
        cards = {
            card.period_start: card
            for card in self.Scorecard.search([("partner_id", "=", self.vendor.id)])
        }
        self.assertEqual(
            (cards[self.base.replace(day=1)].receipt_count, cards[month].receipt_count),
            (2, 1),
        )
        self.assertEqual(
            (
                cards[self.base.replace(day=1)].proposal_count,
                cards[month].proposal_count,
            ),
            (2, 1),
        )

    def test_price_variance_against_the_price_valid_when_ordered(self):
        """Prices that had ended, or had not started, when the order was placed
        are not the list price, whatever their sequence."""
        order = self.env["purchase.order"].search(
            [("partner_id", "=", self.vendor.id)], limit=1
        )
        order_day = order.date_order.date()
        self.env["product.supplierinfo"].create(
            [
                {
                    "partner_id": self.vendor.id,
                    "product_tmpl_id": self.bolt.product_tmpl_id.id,
                    "price": price,
                    "sequence": 0,
                    "date_start": start,
                    "date_end": end,
                }
                for price, start, end in (
                    (5.0, False, order_day - timedelta(days=1)),
                    (1.0, order_day + timedelta(days=1), False),
                )
            ]
        )
        self.Scorecard._scrm_compute(self.base, self.base)
        card = self.Scorecard.search([("partner_id", "=", self.vendor.id)])
        self.assertAlmostEqual(card.price_variance, 100 * 2 / 26, 4)

    def test_nightly_job_scores_last_month(self):
        """The scheduled job, as the scheduler runs it, scores last month's
        deliveries (late receipts of last month still count)."""
        cron = self.env.ref("scrm_supplier_portal.ir_cron_scrm_supplier_scorecard")
        self.assertTrue(cron.active)
        cron.method_direct_trigger()
        card = self.Scorecard.search(
            [
                ("partner_id", "=", self.vendor.id),
                ("period_start", "=", self.base.replace(day=1)),
            ]
        )
        self.assertEqual(len(card), 1)
        self.assertEqual(card.on_time_rate, 50.0)
        self.assertEqual(card.in_full_rate, 50.0)

    def test_recompute_replaces(self):
        self.Scorecard._scrm_compute(self.base, self.base)
        self.Scorecard._scrm_compute(self.base, self.base)
        self.assertEqual(len(self.vendor.scrm_scorecard_ids), 1)

    def test_only_managers_recompute(self):
        with self.assertRaises(AccessError):
            self.Scorecard.with_user(self.buyer).action_recompute()
        self.Scorecard.with_user(self.vmi_manager).action_recompute()
        self.assertEqual(self.vendor.scrm_scorecard_ids.receipt_count, 2)

    def test_suppliers_see_their_own_scorecard_only(self):
        self.Scorecard._scrm_compute(self.base, self.base)
        card = self.vendor.scrm_scorecard_ids
        other = self.Scorecard.create(
            {
                "partner_id": self.other_vendor.id,
                "company_id": self.env.company.id,
                "period_start": self.base.replace(day=1),
                "on_time_rate": 12.5,
            }
        )
        self.assertEqual(self.Scorecard.with_user(self.alice).search([]), card)
        self.assertEqual(self.Scorecard.with_user(self.bob).search([]), other)
        self.authenticate("vmi_alice", "vmi_alice")
        page = self.url_open("/my/vmi/scorecard")
        self.assertEqual(page.status_code, 200)
        self.assertIn('data-value="50.0"', page.text)
        self.assertNotIn('data-value="12.5"', page.text)
        self.authenticate("vmi_bob", "vmi_bob")
        page = self.url_open("/my/vmi/scorecard")
        self.assertIn('data-value="12.5"', page.text)
        self.assertNotIn('data-value="50.0"', page.text)

    def test_query_count_does_not_grow_with_suppliers(self):
        def queries():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Scorecard._scrm_compute(self.base, self.today)
            return self.env.cr.sql_log_count - before

        queries()  # caches warm
        few = queries()
        extra = self.env["res.partner"]
        for index in range(5):
            vendor = self.env["res.partner"].create(
                {"name": f"Extra vendor {index}", "is_company": True}
            )
            extra |= vendor
            order = self.purchase(vendor, self.nut, 5, self.today)
            order.picking_ids.move_ids.write({"quantity": 5, "picked": True})
            order.picking_ids.button_validate()
        many = queries()
        cards = self.Scorecard.search([("partner_id", "in", (self.vendor | extra).ids)])
        self.assertEqual(len(cards), 6, "Acme + 5 new")
        self.assertEqual(few, many)
