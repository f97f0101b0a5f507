from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_ticket")
class TestTicket(TransactionCase, ServiceDataMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()

    def test_numbers_follow_the_sequence(self):
        first, second = self._ticket(self.carla), self._ticket(self.dan, name="Other")
        self.assertRegex(first.number, r"^TCK-\d{5}$")
        self.assertEqual(int(second.number[4:]), int(first.number[4:]) + 1)
        self.assertEqual(first.display_name, f"{first.number} Pump P-200 leaks")

    def test_a_company_sequence_created_later_numbers_its_tickets(self):
        self.assertTrue(self._ticket(self.carla).number.startswith("TCK-"))
        own = self.env["ir.sequence"].create(
            {
                "name": "Tickets of this company",
                "code": "scrm.ticket",
                "prefix": "OWN-",
                "padding": 3,
                "company_id": self.env.company.id,
            }
        )
        self.assertEqual(self._ticket(self.carla, name="Second").number, "OWN-001")
        own.active = False
        self.assertTrue(
            self._ticket(self.carla, name="Third").number.startswith("TCK-")
        )

    def test_agent_opens_a_ticket_with_a_form(self):
        form = Form(self.Ticket.with_user(self.agent_bob))
        form.name = "Noise at start-up"
        form.partner_id = self.carla
        ticket = form.save()
        self.assertEqual(ticket.partner_email, "carla@fabrikam.example.com")
        self.assertEqual(ticket.commercial_partner_id, self.fabrikam)
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertIn(self.carla, ticket.message_partner_ids)
        entry = self.env["scrm.interaction"].search(
            [("res_model", "=", "scrm.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(entry.partner_id, self.fabrikam)
        self.assertEqual(entry.direction, "in")

    def test_agent_sees_every_earlier_contact_of_the_customer(self):
        ticket = self._ticket(self.carla)
        self.env["scrm.call.log"].create(
            {"partner_id": self.carla.id, "notes": "Called about invoices"}
        )
        action = ticket.with_user(self.agent_bob).action_open_customer_timeline()
        entries = self.env["scrm.interaction"].search(action["domain"])
        self.assertEqual(set(entries.channel_id.mapped("code")), {"email", "phone"})
        self.assertIn("scrm.call.log", entries.mapped("res_model"))

    def test_agent_without_sales_rights_opens_a_ticket_with_a_sale_order(self):
        order = self.env["sale.order"].create({"partner_id": self.fabrikam.id})
        ticket = self._ticket(self.carla, sale_order_id=order.id)
        form = Form(ticket.with_user(self.agent_bob))
        form.priority = "2"
        form.save()
        self.assertEqual(ticket.priority, "2")
        self.assertEqual(ticket.sale_order_id, order, "kept, though not shown")

    def test_closing_and_reopening(self):
        ticket = self._ticket(self.carla)
        ticket.action_close()
        self.assertTrue(ticket.is_closed)
        self.assertTrue(ticket.date_closed)
        ticket.action_reopen()
        self.assertFalse(ticket.is_closed)
        self.assertFalse(ticket.date_closed)

    def test_closing_asks_for_a_rating(self):
        ticket = self._ticket(self.carla)
        ticket.action_close()
        request = ticket.message_ids.filtered(
            lambda m: "How satisfied are you" in (m.body or "")
        )
        self.assertEqual(len(request), 1)
        self.assertTrue(ticket.rating_ids, "the rating token waits for the answer")

    def test_moving_between_closed_stages_keeps_the_closing(self):
        cancelled = self.env["scrm.ticket.stage"].create(
            {"name": "Cancelled", "sequence": 40, "is_closed": True}
        )
        with freeze_time("2026-11-23 10:00:00"):
            ticket = self._ticket(self.carla)
            ticket.action_close()
        with freeze_time("2026-11-25 10:00:00"):
            ticket.stage_id = cancelled
            ticket.stage_id = cancelled
        self.assertEqual(ticket.date_closed, datetime(2026, 11, 23, 10))
        requests = ticket.message_ids.filtered(
            lambda m: "How satisfied are you" in (m.body or "")
        )
        self.assertEqual(len(requests), 1, "the rating is asked once")

    def test_employee_without_service_group_cannot_read_tickets(self):
        ticket = self._ticket(self.carla)
        with self.assertRaises(AccessError):
            ticket.with_user(self.env.ref("base.user_demo")).check_access("read")
        employee = mail_new_test_user(
            self.env, login="plain_employee", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self.Ticket.with_user(employee).search([("id", "=", ticket.id)])

    def test_agent_cannot_delete_manager_can(self):
        ticket = self._ticket(self.carla)
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent_bob).unlink()
        manager = mail_new_test_user(
            self.env,
            login="svc_manager_2",
            groups="base.group_user,scrm_service.group_service_manager",
        )
        ticket.with_user(manager).unlink()
        self.assertFalse(ticket.exists())

    def test_other_company_tickets_are_invisible(self):
        other = self.env["res.company"].create({"name": "Other Pumps Ltd"})
        ticket = self.Ticket.create(
            {
                "name": "Elsewhere",
                "partner_id": self.dan.id,
                "company_id": other.id,
                "team_id": False,
            }
        )
        self.assertFalse(
            self.Ticket.with_user(self.agent_bob).search([("id", "=", ticket.id)])
        )
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent_bob).read(["name"])

    def test_portal_user_reads_own_company_tickets_only(self):
        own = self._ticket(self.carla)
        other = self._ticket(self.dan, name="Contoso problem")
        Ticket = self.Ticket.with_user(self.portal_carla)
        self.assertEqual(Ticket.search([]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_carla).read(["name"])
        with self.assertRaises(AccessError):
            own.with_user(self.portal_carla).write({"name": "changed"})
        self.assertEqual(own.name, "Pump P-200 leaks")

    def test_referrer_sees_what_they_referred_only(self):
        referred = self._ticket(self.dan, referrer_partner_id=self.reseller.id)
        self._ticket(self.dan, name="Not referred")
        self._ticket(self.carla)
        visible = self.Ticket.with_user(self.portal_reseller).search([])
        self.assertEqual(visible, referred)

    def test_merge_keeps_every_message_and_attachment(self):
        first = self._ticket(self.carla)
        duplicate = self._ticket(self.carla, name="Pump leaking again")
        duplicate.message_post(body="Photo attached", message_type="comment")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "leak.jpg",
                "raw": b"jpeg",
                "res_model": "scrm.ticket",
                "res_id": duplicate.id,
            }
        )
        messages = duplicate.message_ids
        (first | duplicate).with_user(self.agent_bob).action_merge()
        self.assertEqual(duplicate.merged_into_id, first)
        self.assertFalse(duplicate.active)
        self.assertLessEqual(messages, first.message_ids)
        self.assertEqual(attachment.res_id, first.id)

    def test_merge_refuses_other_customers(self):
        first = self._ticket(self.carla)
        other = self._ticket(self.dan)
        with self.assertRaises(UserError):
            (first | other).action_merge()
        self.assertTrue(other.active)

    def test_merge_refuses_tickets_of_another_company(self):
        first = self._ticket(self.carla)
        other_company = self.env["res.company"].create({"name": "Other Pumps Ltd"})
        elsewhere = self.Ticket.create(
            {
                "name": "Pump P-200 leaks",
                "partner_id": self.carla.id,
                "company_id": other_company.id,
                "team_id": False,
            }
        )
        with self.assertRaises(UserError):
            (first | elsewhere).action_merge()
        self.assertTrue(elsewhere.active)
        self.assertFalse(elsewhere.merged_into_id)

    def test_upsell_opportunity_from_a_ticket(self):
        accessory = self.env["product.product"].create(
            {"name": "Seal kit", "list_price": 120.0}
        )
        pump = self.env["product.product"].create(
            {
                "name": "Pump P-200",
                "list_price": 900.0,
                "optional_product_ids": [(4, accessory.product_tmpl_id.id)],
            }
        )
        ticket = self._ticket(self.carla, product_id=pump.id)
        action = ticket.with_user(self.agent_bob).action_create_opportunity()
        self.assertEqual(action["tag"], "display_notification", "agent not in sales")
        lead = ticket.lead_ids
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.partner_id, self.fabrikam)
        self.assertEqual(
            lead.source_id, self.env.ref("scrm_service.utm_source_service")
        )
        self.assertEqual(lead.scrm_suggested_product_ids, accessory)
        self.assertEqual(lead.expected_revenue, 120.0)
        self.assertEqual(ticket.lead_count, 1)

    def test_portal_customer_cannot_raise_an_opportunity(self):
        ticket = self._ticket(self.carla)
        ticket.with_user(self.portal_carla).check_access("read")
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_carla).action_create_opportunity()
        self.assertFalse(ticket.lead_ids)

    def test_portal_user_cannot_post_into_a_ticket_through_message_new(self):
        ticket = self._ticket(self.carla)
        messages = len(ticket.message_ids)
        with self.assertRaises(AccessError):
            self.Ticket.with_user(self.portal_dan).message_new(
                {
                    "author_id": self.carla.id,
                    "email_from": "carla@fabrikam.example.com",
                    "subject": "Re: Pump P-200 leaks",
                }
            )
        self.assertEqual(ticket.followup_count, 0)
        self.assertEqual(len(ticket.message_ids), messages)

    def test_partner_counts_tickets_of_its_company(self):
        self._ticket(self.carla)
        self._ticket(self.carla, name="Second")
        self.assertEqual(self.fabrikam.scrm_ticket_count, 2)
        self.assertEqual(self.carla.scrm_ticket_count, 2)
