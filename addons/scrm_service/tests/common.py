from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class ScrmServiceCommon(TransactionCase):
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

    def assertMenuReachable(self, menu, user, reachable=True):
        """The menu and each of its parents are visible to ``user`` (or not)."""
        visible_ids = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        path = menu
        parent = menu.parent_id
        while parent:
            path |= parent
            parent = parent.parent_id
        path_visible = set(path.ids) <= set(visible_ids)
        self.assertEqual(
            path_visible,
            reachable,
            f"{user.login} should{'' if reachable else ' not'} reach menu "
            f"{menu.complete_name}",
        )
