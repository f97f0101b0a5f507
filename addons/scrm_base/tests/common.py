from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class MenuAssertions:
    """For tests of the SCRM addons: who reaches which menu."""

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


class ScrmBaseCommon(TransactionCase):
    """A customer company with two contacts, a supplier, users of every role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.Preference = cls.env["scrm.contact.preference"]
        cls.Interaction = cls.env["scrm.interaction"]
        Channel = cls.env["scrm.channel"]
        cls.channel_email = Channel._get_by_code("email")
        cls.channel_phone = Channel._get_by_code("phone")
        cls.channel_sms = Channel._get_by_code("sms")
        cls.channel_portal = Channel._get_by_code("portal")

        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Acme Machines",
                "is_company": True,
                "email": "office@acme-machines.example.com",
            }
        )
        cls.contact_anna = Partner.create(
            {
                "name": "Anna Buyer",
                "parent_id": cls.customer.id,
                "email": "anna@acme-machines.example.com",
                "mobile": "+32 470 11 22 33",
            }
        )
        cls.contact_ben = Partner.create(
            {
                "name": "Ben Planner",
                "parent_id": cls.customer.id,
                "email": "ben@acme-machines.example.com",
                "mobile": "+32 470 44 55 66",
            }
        )
        cls.supplier = Partner.create(
            {
                "name": "Steel Supplier",
                "is_company": True,
                "email": "sales@steel.example.com",
            }
        )

        cls.user_scrm = mail_new_test_user(
            cls.env,
            login="scrm_user",
            name="Sam SCRM",
            groups="base.group_user,scrm_base.group_scrm_user",
        )
        cls.user_manager = mail_new_test_user(
            cls.env,
            login="scrm_manager",
            name="Mia Manager",
            groups="base.group_user,scrm_base.group_scrm_manager",
        )
        cls.user_employee = mail_new_test_user(
            cls.env,
            login="employee",
            name="Eve Employee",
            groups="base.group_user",
        )
        cls.user_portal_anna = mail_new_test_user(
            cls.env,
            login="anna_portal",
            name="Anna Buyer",
            email="anna@acme-machines.example.com",
            groups="base.group_portal",
            partner_id=cls.contact_anna.id,
        )
        cls.user_portal_supplier = mail_new_test_user(
            cls.env,
            login="supplier_portal",
            name="Steel Supplier (portal)",
            groups="base.group_portal",
            email="portal@steel.example.com",
        )
        cls.user_portal_supplier.partner_id.parent_id = cls.supplier

    @classmethod
    def record(cls, partner, channel, purpose, consent, **values):
        """Record one answer the way the application does, return it."""
        return cls.Preference._record_preferences(
            [
                {
                    "partner_id": partner.id,
                    "channel_id": channel.id,
                    "purpose": purpose,
                    "consent": consent,
                    **values,
                }
            ]
        )

    def decision(self, partner, channel_code, purpose, at=None):
        return self.Preference._get_contact_decisions(
            partner.ids, channel_code, purpose, at=at
        )[partner.id]
