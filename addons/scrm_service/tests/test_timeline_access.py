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
