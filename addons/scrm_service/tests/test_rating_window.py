from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_portal import PortalCase


@tagged("post_install", "-at_install", "scrm_service_portal", "scrm_clock")
class TestRatingWindow(PortalCase):
    """A customer may change their rating for 7 days, until the ticket is
    reopened; then the portal and the rating email refuse with a clear message."""

    def setUp(self):
        super().setUp()
        self.ticket = self._ticket(self.carla)
        self.ticket.action_close()
        self.authenticate("portal_carla", "portal_carla")

    def rate(self, value):
        token = self.csrf(f"/my/tickets/{self.ticket.id}")
        return self.url_open(
            f"/my/tickets/{self.ticket.id}/rate",
            data={"csrf_token": token, "rating": value},
        )

    def consumed(self):
        return self.ticket.rating_ids.filtered("consumed")

    def test_change_within_the_window_replaces_the_rating(self):
        self.rate("1")
        self.assertEqual(self.consumed().rating, 1)
        page = self.url_open(f"/my/tickets/{self.ticket.id}").text
        self.assertIn("Change My Rating", page)
        self.rate("5")
        self.assertEqual(len(self.consumed()), 1, "changed, not added")
        self.assertEqual(self.consumed().rating, 5)

    def test_change_after_seven_days_is_refused(self):
        self.rate("5")
        later = fields.Datetime.now() + timedelta(days=8)
        with freeze_time(later):
            page = self.url_open(f"/my/tickets/{self.ticket.id}").text
            self.assertNotIn("Change My Rating", page)
            self.assertIn("You rated this request: Satisfied.", page)
            response = self.rate("1")
        self.assertIn("can no longer be changed", response.text)
        self.assertEqual(self.consumed().rating, 5)
        self.assertEqual(len(self.consumed()), 1)

    def test_rating_of_a_reopened_ticket_is_locked(self):
        self.rate("1")
        first = self.consumed()
        self.ticket.action_reopen()
        with self.assertRaises(UserError) as caught:
            self.ticket.rating_apply(5, rating=first)
        self.assertIn("can no longer be changed", str(caught.exception))
        self.assertEqual(first.rating, 1)
        # Closed again: the customer rates this new closing, the old rating stays.
        with freeze_time(fields.Datetime.now() + timedelta(minutes=5)):
            self.ticket.action_close()
            self.rate("5")
        self.assertEqual(first.rating, 1)
        self.assertEqual(sorted(self.consumed().mapped("rating")), [1, 5])

    def test_rating_email_link_is_refused_after_the_window(self):
        token = self.ticket._rating_get_access_token(self.carla)
        self.ticket.rating_apply(3, token=token)
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            with self.assertRaises(UserError) as caught:
                self.ticket.rating_apply(1, token=token)
            self.assertIn("can no longer be changed", str(caught.exception))
        self.assertEqual(self.consumed().rating, 3)
