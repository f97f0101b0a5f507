from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.scrm_base.tests.common import MenuAssertions


class ScrmServiceCommon(MenuAssertions, TransactionCase):
    """Users of every service role, built once per test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = mail_new_test_user(
            cls.env,
            login="scrm_service_agent",
            name="Alice Agent",
            groups="base.group_user,scrm_service.group_service_user",
        )
        cls.service_manager = mail_new_test_user(
            cls.env,
            login="scrm_service_manager",
            name="Stefan Service Manager",
            groups="base.group_user,scrm_service.group_service_manager",
        )
        cls.employee = mail_new_test_user(
            cls.env,
            login="scrm_service_employee",
            name="Emma Employee",
            groups="base.group_user",
        )
