from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCommon, mail_new_test_user

from .vmi_common import VmiCommon


@tagged("post_install", "-at_install", "scrm_vmi_proposal")
class TestProposalNotice(MailCommon, VmiCommon):
    """The notices on a proposal (approved, shipped) are shown on the portal to
    every contact of the supplier, and emailed only to those whose contact
    preferences accept service emails: a refused email is held back with the
    reason, not sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carl = mail_new_test_user(
            cls.env,
            login="vmi_notice_carl",
            name="Carl Acme",
            email="carl@acme-castings.example.com",
            groups="base.group_portal",
        )
        cls.carl.partner_id.parent_id = cls.vendor
        cls.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": cls.carl.partner_id.id,
                    "channel_code": "email",
                    "purpose": "service",
                    "consent": "opt_out",
                }
            ]
        )

    def sent_to(self, address):
        return [mail for mail in self._mails if address in str(mail["email_to"])]

    def test_approval_notice_follows_preferences(self):
        proposal = self.propose(self.line_bolt, 80)
        proposal.message_subscribe((self.alice | self.carl).partner_id.ids)
        proposal.action_submit()
        with self.mock_mail_gateway():
            proposal.with_user(self.buyer).action_approve()
        notice = proposal.message_ids.filtered(
            lambda m: "Approved by" in (m.body or "")
        )
        self.assertEqual(len(notice), 1)
        self.assertFalse(notice.subtype_id.internal, "shown on the portal")
        self.assertTrue(self.sent_to("alice@acme-castings.example.com"))
        self.assertFalse(self.sent_to("carl@acme-castings.example.com"))
        held = notice.notification_ids.filtered(
            lambda n: n.res_partner_id == self.carl.partner_id
        )
        self.assertEqual(held.failure_type, "scrm_held", "held back, not lost")
