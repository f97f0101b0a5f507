from odoo.tests import tagged

from .test_mail_gateway import TestMailGateway


@tagged("post_install", "-at_install", "scrm_service_mail")
class TestReopenNotice(TestMailGateway):
    """Someone hears of a reopened ticket: its assignee, else the team leader.
    (Odoo's runner runs only the tests defined here, not the inherited ones.)"""

    def reopen_note(self, ticket):
        note = ticket.message_ids.filtered(lambda m: "Reopened" in (m.body or ""))
        self.assertEqual(len(note), 1)
        return note

    def notified(self, message):
        return (
            self.env["mail.notification"]
            .search([("mail_message_id", "=", message.id)])
            .res_partner_id
        )

    def test_unassigned_reopened_ticket_notifies_the_team_leader(self):
        self.team.leader_id = self.agent_cleo
        ticket = self.closed_ticket(days_ago=2)
        ticket.user_id = False
        self.assertEqual(self.answer("<back.zoe@newco.example.com>"), ticket)
        self.assertFalse(ticket.is_closed)
        self.assertEqual(
            self.notified(self.reopen_note(ticket)), self.agent_cleo.partner_id
        )

    def test_assigned_reopened_ticket_notifies_the_assignee_only(self):
        self.team.leader_id = self.agent_cleo
        ticket = self.closed_ticket(days_ago=2)  # assigned to Bob
        self.answer("<back.zoe@newco.example.com>")
        self.assertEqual(
            self.notified(self.reopen_note(ticket)), self.agent_bob.partner_id
        )
