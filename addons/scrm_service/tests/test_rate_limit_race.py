import uuid

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from ..controllers.portal import PUBLIC_CLIENT_LIMIT, PUBLIC_FORM_LIMIT


@tagged("post_install", "-at_install", "scrm_public_form", "scrm_concurrency")
class TestPublicFormLimitRace(TransactionCase):
    """The public form's hourly limit with submissions arriving at the same
    moment, as from several workers, on real cursors each committed as in
    production. Every request takes its snapshot (its first queries) before
    the others commit: counting in that snapshot, the last one would not see
    the others' requests and pass the limit. The test removes what it
    committed."""

    def setUp(self):
        super().setUp()
        self.email = f"race-{uuid.uuid4().hex[:12]}@example.com"
        self.client_address = "198.51.100.23"
        self.addCleanup(self._cleanup)

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _cleanup(self):
        with self.registry.cursor() as cr:
            self._env(cr)["scrm.web.request"].search(
                [("client_address", "=", self.client_address)]
            ).unlink()

    def _submit(self, env, number):
        return env["scrm.web.request"]._scrm_create_within_limits(
            {
                "name": f"Racer {number}",
                "email": self.email,
                "subject": f"Request {number}",
                "client_address": self.client_address,
            },
            email_limit=PUBLIC_FORM_LIMIT,
            client_limit=PUBLIC_CLIENT_LIMIT,
        )

    def _mine(self, env):
        return env["scrm.web.request"].search_count([("email", "=", self.email)])

    def test_limit_holds_when_submissions_arrive_at_once(self):
        cursors = [self.registry.cursor() for _n in range(PUBLIC_FORM_LIMIT + 1)]
        try:
            envs = [self._env(cr) for cr in cursors]
            # Every request has begun (its snapshot is taken) before any of
            # them counts.
            for env in envs:
                self.assertEqual(self._mine(env), 0)
            for number, env in enumerate(envs[:-1]):
                self.assertTrue(self._submit(env, number), "within the limit")
                env.cr.commit()
            last = envs[-1]
            self.assertEqual(
                self._mine(last), 0, "its own snapshot sees none of the others"
            )
            self.assertFalse(
                self._submit(last, PUBLIC_FORM_LIMIT), "refused: the limit is reached"
            )
            last.cr.commit()
        finally:
            for cr in cursors:
                cr.close()
        with self.registry.cursor() as cr:
            self.assertEqual(
                self._mine(self._env(cr)),
                PUBLIC_FORM_LIMIT,
                "only the hourly limit of requests were recorded, not one more",
            )
