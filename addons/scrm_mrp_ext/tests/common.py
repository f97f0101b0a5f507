from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class ScrmMrpExtCommon(TransactionCase):
    """Users of every role of the MRP extension, built once per test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planner = mail_new_test_user(
            cls.env,
            login="scrm_mrp_planner",
            name="Paula Planner",
            groups="base.group_user,scrm_mrp_ext.group_mrp_planning_user",
        )
        cls.mrp_manager = mail_new_test_user(
            cls.env,
            login="scrm_mrp_manager",
            name="Manuel MRP Manager",
            groups="base.group_user,scrm_mrp_ext.group_mrp_planning_manager",
        )
        # Uses Manufacturing every day, but is not a planner.
        cls.mrp_operator = mail_new_test_user(
            cls.env,
            login="scrm_mrp_operator",
            name="Oscar Operator",
            groups="base.group_user,mrp.group_mrp_user",
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
