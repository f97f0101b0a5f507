from datetime import date

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install", "scrm_sales_commission", "scrm_concurrency")
class TestCommissionSettleRace(TransactionCase):
    """A manager clicks *Settle* twice (or two managers at once): two real
    transactions on two cursors, each committed as in production. The second
    one locks the statement's row after the first committed, PostgreSQL refuses
    it (Odoo retries such a request), and the retry is told the statement is
    already settled: one accrual entry. The test commits its own data and
    removes it at the end."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Account = env["account.account"]
            user = env["res.users"].create(
                {"name": "Race Seller (test)", "login": "scrm_race_seller"}
            )
            journal = env["account.journal"].create(
                {"name": "Race commissions (test)", "code": "SRACE", "type": "general"}
            )
            plan = env["scrm.commission.plan"].create(
                {
                    "name": "Race plan (test)",
                    "expense_account_id": Account.create(
                        {
                            "name": "Race expense (test)",
                            "code": "SRACE1",
                            "account_type": "expense",
                        }
                    ).id,
                    "accrual_account_id": Account.create(
                        {
                            "name": "Race accrual (test)",
                            "code": "SRACE2",
                            "account_type": "liability_current",
                        }
                    ).id,
                    "journal_id": journal.id,
                    "rule_ids": [(0, 0, {"compute_type": "percent", "rate": 5})],
                    "assignment_ids": [(0, 0, {"user_id": user.id})],
                }
            )
            statement = env["scrm.commission.statement"].create(
                {
                    "assignment_id": plan.assignment_ids.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 3, 31),
                    "state": "confirmed",
                    "amount_total": 150.0,
                }
            )
            self.race_ids = {
                "user": user.id,
                "journal": journal.id,
                "plan": plan.id,
                "statement": statement.id,
                "accounts": (plan.expense_account_id | plan.accrual_account_id).ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            moves = self._moves(env)
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            env["scrm.commission.statement"].browse(self.race_ids["statement"]).unlink()
            env["scrm.commission.plan"].browse(self.race_ids["plan"]).unlink()
            env["account.journal"].browse(self.race_ids["journal"]).unlink()
            env["account.account"].browse(self.race_ids["accounts"]).unlink()
            env["res.users"].browse(self.race_ids["user"]).unlink()

    def _moves(self, env):
        return env["account.move"].search(
            [("journal_id", "=", self.race_ids["journal"])]
        )

    def _statement(self, env):
        return env["scrm.commission.statement"].browse(self.race_ids["statement"])

    def test_two_settle_clicks_at_once_make_one_entry(self):
        with self.registry.cursor() as cr_first, self.registry.cursor() as cr_second:
            first = api.Environment(cr_first, SUPERUSER_ID, {})
            second = api.Environment(cr_second, SUPERUSER_ID, {})
            # Both requests have started and see a confirmed statement.
            self.assertEqual(self._statement(second).state, "confirmed")
            self.assertEqual(self._statement(first).state, "confirmed")
            self._statement(first).action_settle()
            cr_first.commit()
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(SerializationFailure),
            ):
                self._statement(second).action_settle()
            cr_second.rollback()

        # Odoo retries the refused request: it is told, nothing more is made.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            with self.assertRaisesRegex(UserError, "already settled"):
                self._statement(env).action_settle()
            statement = self._statement(env)
            self.assertEqual(statement.state, "settled")
            moves = self._moves(env)
            self.assertEqual(len(moves), 1, "one accrual entry")
            self.assertEqual(statement.move_id, moves)
            self.assertEqual(moves.state, "posted")
            self.assertEqual(sum(moves.line_ids.mapped("debit")), 150.0)
