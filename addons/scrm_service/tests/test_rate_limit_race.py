import threading
import uuid

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..controllers.portal import PUBLIC_CLIENT_LIMIT, PUBLIC_FORM_LIMIT


@tagged("post_install", "-at_install", "scrm_public_form", "scrm_concurrency")
class TestPublicFormLimitRace(TransactionCase):
    """The public form's hourly limit with submissions arriving at the same
    moment, as from several workers: one thread and one real cursor each,
    every cursor has taken its snapshot (the request's first queries) before
    any of them counts, each replayed by Odoo's own ``retrying`` on a
    serialization failure and committed as in production. The test removes
    what it committed."""

    def setUp(self):
        super().setUp()
        self.email = f"race-{uuid.uuid4().hex[:12]}@example.com"
        self.client_address = "198.51.100.23"
        self.addCleanup(self._cleanup)

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["scrm.web.request"].search(
                [("client_address", "=", self.client_address)]
            ).unlink()
            cr.execute(
                "DELETE FROM scrm_rate_lock WHERE key LIKE %s",
                [f"%{self.client_address}%"],
            )
            cr.execute(
                "DELETE FROM scrm_rate_lock WHERE key LIKE %s", [f"%{self.email}%"]
            )

    def _submit_at_once(self, count):
        """``count`` submissions of one address at the same moment; returns
        the errors of the threads (none expected)."""
        ready = threading.Barrier(count)
        errors = []

        def submit(number):
            try:
                with self.registry.cursor() as cr:
                    env = self._env(cr)
                    # The request's first query: its snapshot is taken now.
                    env["scrm.web.request"].search_count([])
                    ready.wait(timeout=30)
                    retrying(
                        lambda: env["scrm.web.request"]._scrm_create_within_limits(
                            {
                                "name": f"Racer {number}",
                                "email": self.email,
                                "subject": f"Request {number}",
                                "client_address": self.client_address,
                            },
                            email_limit=PUBLIC_FORM_LIMIT,
                            client_limit=PUBLIC_CLIENT_LIMIT,
                        ),
                        env,
                    )
            except Exception as error:  # reported by the test below
                errors.append(error)

        threads = [
            threading.Thread(target=submit, args=(number,)) for number in range(count)
        ]
        with mute_logger("odoo.service.model"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse([t for t in threads if t.is_alive()], "a request hung")
        return errors

    def test_limit_holds_when_submissions_arrive_at_once(self):
        errors = self._submit_at_once(PUBLIC_FORM_LIMIT + 1)
        self.assertFalse(errors)
        with self.registry.cursor() as cr:
            requests = self._env(cr)["scrm.web.request"].search(
                [("email", "=", self.email)]
            )
            self.assertEqual(
                len(requests),
                PUBLIC_FORM_LIMIT,
                "only the hourly limit of requests were recorded, not one more",
            )
