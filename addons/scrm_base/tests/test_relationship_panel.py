from odoo.tests import HttpCase, tagged

from .common import ScrmBaseCommon


@tagged("post_install", "-at_install", "scrm_base")
class TestRelationshipPanel(ScrmBaseCommon, HttpCase):
    """The partner form's relationship panel: role, preferred channel and
    refusals, the last interactions with their channel, and the figures the
    other applications contribute (tested in those addons and in the
    cross-addon scenarios)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.scrm_role = "customer"
        cls.Preference._record_preferences(
            [
                {
                    "partner_id": cls.customer.id,
                    "channel_code": "phone",
                    "purpose": "service",
                    "consent": "preferred",
                },
                {
                    "partner_id": cls.contact_anna.id,
                    "channel_code": "sms",
                    "purpose": "marketing",
                    "consent": "opt_out",
                },
            ]
        )
        cls.Interaction.create(
            [
                {
                    "partner_id": cls.customer.id,
                    "contact_id": cls.contact_anna.id,
                    "channel_id": channel.id,
                    "direction": "in",
                    "summary": summary,
                    "date": date,
                }
                for channel, summary, date in (
                    (cls.channel_phone, "Asked for a visit", "2026-11-02 09:00:00"),
                    (cls.channel_email, "Sent the catalogue", "2026-11-03 10:00:00"),
                )
            ]
        )

    def test_panel_of_a_contact_shows_their_company_relationship(self):
        data = self.contact_anna.scrm_panel_data
        self.assertEqual(data["role"], "Customer")
        self.assertEqual(data["preferred_channel"], "Phone")
        self.assertEqual(data["refusals"], "SMS (Marketing)")
        self.assertEqual(
            [(row["summary"], row["icon"]) for row in data["interactions"]],
            [
                ("Sent the catalogue", self.channel_email.icon or "fa-comment"),
                ("Asked for a visit", "fa-phone"),
            ],
            "newest first, with the channel's icon",
        )
        # Ben refuses nothing himself; his company's preferred phone holds.
        ben = self.contact_ben.scrm_panel_data
        self.assertFalse(ben["refusals"])
        self.assertEqual(ben["preferred_channel"], "Phone")

    def test_unknown_figure_opens_nothing(self):
        self.assertFalse(self.contact_anna.action_scrm_panel_open("no_such_figure"))

    def test_tour_panel_on_the_partner_form(self):
        self.start_tour(
            f"/odoo/res.partner/{self.contact_anna.id}",
            "scrm_base_relationship_panel",
            login=self.user_scrm.login,
        )
