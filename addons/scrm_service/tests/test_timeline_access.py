from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ScrmServiceCommon


@tagged("post_install", "-at_install", "scrm_service_access")
class TestTimelineAccess(ScrmServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Fabrikam Motors", "is_company": True}
        )
        cls.phone = cls.env.ref("scrm_base.scrm_channel_phone")

    def _log_call(self, user):
        return (
            self.env["scrm.interaction"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "channel_id": self.phone.id,
                    "direction": "in",
                    "summary": "Asks about a delivery date",
                }
            )
        )

    def test_agent_logs_a_call_on_the_customer_timeline(self):
        call = self._log_call(self.agent)
        timeline = (
            self.env["scrm.interaction"]
            .with_user(self.agent)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(timeline, call)
        self.assertEqual(call.user_id, self.agent)

    def test_employee_without_service_group_cannot_log_a_call(self):
        with self.assertRaises(AccessError):
            self._log_call(self.employee)

    def test_plain_employee_reads_no_row_of_a_document_they_cannot_open(self):
        """Issue 11, item 7: a row (and its preview) follows its document."""
        ticket = self.env["scrm.ticket"].create(
            {"name": "Pump noise", "partner_id": self.customer.id}
        )
        ticket._scrm_log_interaction(
            self.phone, "Call notes: margin is 40%", direction="in", user_id=False
        )
        manual = self._log_call(self.agent)
        rows = self.env["scrm.interaction"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertGreaterEqual(len(rows), 2)
        Interaction = self.env["scrm.interaction"].with_user(self.employee)
        self.assertFalse(Interaction.search([("partner_id", "=", self.customer.id)]))
        self.assertFalse(
            Interaction.search_read([("summary", "ilike", "margin")], ["summary"])
        )
        with self.assertRaises(AccessError):
            rows.with_user(self.employee).read(["summary", "body"])
        # The agent reads the ticket's row and the call they logged.
        agent_rows = (
            self.env["scrm.interaction"]
            .with_user(self.agent)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(agent_rows, rows)
        self.assertIn(manual, agent_rows)
