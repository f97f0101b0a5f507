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


class ServiceDataMixin:
    """Teams, a Monday-to-Friday 9:00-17:00 (UTC) calendar, customers with
    portal users and a reseller: what every service test starts from."""

    @classmethod
    def _setup_service_data(cls):
        env = cls.env
        cls.Ticket = env["scrm.ticket"]
        cls.Channel = env["scrm.channel"]
        cls.stage_new = env.ref("scrm_service.stage_new")
        cls.stage_progress = env.ref("scrm_service.stage_in_progress")
        cls.stage_waiting = env.ref("scrm_service.stage_waiting")
        cls.stage_solved = env.ref("scrm_service.stage_solved")
        cls.calendar = env["resource.calendar"].create(
            {
                "name": "Office 9-17 UTC",
                "tz": "UTC",
                "hours_per_day": 8,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                            "day_period": "morning",
                        },
                    )
                    for day in range(5)
                ],
            }
        )
        cls.agent_bob = mail_new_test_user(
            env,
            login="scrm_agent_bob",
            name="Bob Agent",
            email="bob.agent@example.com",
            groups="base.group_user,scrm_service.group_service_user",
        )
        cls.agent_cleo = mail_new_test_user(
            env,
            login="scrm_agent_cleo",
            name="Cleo Agent",
            email="cleo.agent@example.com",
            groups="base.group_user,scrm_service.group_service_user",
        )
        cls.team = env["scrm.service.team"].create(
            {
                "name": "Pump Support",
                "alias_name": "pump-support",
                "resource_calendar_id": cls.calendar.id,
                "member_ids": [
                    (0, 0, {"user_id": cls.agent_bob.id, "sequence": 1}),
                    (0, 0, {"user_id": cls.agent_cleo.id, "sequence": 2}),
                ],
            }
        )
        Partner = env["res.partner"]
        be = env.ref("base.be")
        cls.fabrikam = Partner.create(
            {"name": "Fabrikam Pumps", "is_company": True, "country_id": be.id}
        )
        cls.carla = Partner.create(
            {
                "name": "Carla Customer",
                "parent_id": cls.fabrikam.id,
                "email": "carla@fabrikam.example.com",
                "mobile": "+32 470 12 34 56",
                "country_id": be.id,
            }
        )
        cls.contoso = Partner.create({"name": "Contoso Mills", "is_company": True})
        cls.dan = Partner.create(
            {
                "name": "Dan Other",
                "parent_id": cls.contoso.id,
                "email": "dan@contoso.example.com",
            }
        )
        cls.reseller = Partner.create({"name": "Pump Resellers", "is_company": True})
        cls.portal_carla = mail_new_test_user(
            env,
            login="portal_carla",
            name="Carla Customer",
            email="carla@fabrikam.example.com",
            groups="base.group_portal",
            partner_id=cls.carla.id,
        )
        cls.portal_dan = mail_new_test_user(
            env,
            login="portal_dan",
            name="Dan Other",
            email="dan@contoso.example.com",
            groups="base.group_portal",
            partner_id=cls.dan.id,
        )
        cls.portal_reseller = mail_new_test_user(
            env,
            login="portal_reseller",
            name="Rita Reseller",
            email="rita@resellers.example.com",
            groups="base.group_portal",
        )
        cls.portal_reseller.partner_id.parent_id = cls.reseller

    @classmethod
    def _ticket(cls, partner, name="Pump P-200 leaks", **values):
        return cls.Ticket.create(
            {"name": name, "partner_id": partner.id, "team_id": cls.team.id, **values}
        )
