from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

CALL = {
    "kind": "call",
    "phone_number": "+32 2 555 01 99",
    "direction": "in",
    "duration": 2.0,
    "external_call_id": "race-call-1",
}


@tagged("post_install", "-at_install", "scrm_service_phone", "scrm_concurrency")
class TestCallEndRace(TransactionCase):
    """The phone system ends the same call twice at once (a retry racing the
    first request): two real transactions on two cursors, each committed as in
    production. The second one looked for the call before the first committed,
    so it does not see it and inserts too. The test commits its own data and
    removes it at the end."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            integration = env["scrm.service.integration"].create(
                {"name": "Race PBX (test)"}
            )
            partner = env["res.partner"].create(
                {"name": "Race Caller (test)", "phone": "+32 2 555 01 99"}
            )
            self.integration_id, self.partner_id = integration.id, partner.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            logs = env["scrm.call.log"].search(
                [("integration_id", "=", self.integration_id)]
            )
            self._interactions(env, logs).unlink()
            logs.unlink()
            env["scrm.service.integration"].browse(self.integration_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _interactions(self, env, logs):
        return env["scrm.interaction"].search(
            [("res_model", "=", "scrm.call.log"), ("res_id", "in", logs.ids)]
        )

    def _end_call(self, env):
        return env["scrm.call.log"]._scrm_log_external_call(
            env["scrm.service.integration"].browse(self.integration_id),
            {**CALL, "partner_id": self.partner_id},
        )

    def _logs(self, env):
        return env["scrm.call.log"].search(
            [("integration_id", "=", self.integration_id)]
        )

    def test_call_ended_twice_at_once_is_logged_once(self):
        with self.registry.cursor() as cr_first, self.registry.cursor() as cr_second:
            first = api.Environment(cr_first, SUPERUSER_ID, {})
            second = api.Environment(cr_second, SUPERUSER_ID, {})
            log, created = self._end_call(first)
            self.assertTrue(created)
            # The second request has started: the first call is not visible to it.
            self.assertFalse(self._logs(second))
            cr_first.commit()
            # It inserts the same call: the unique index refuses it, the
            # savepoint undoes what the insert did (timeline entry included).
            duplicate, created_again = self._end_call(second)
            self.assertFalse(created_again, "the second end is not logged again")
            self.assertNotEqual(duplicate, log)
            cr_second.commit()

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            logs = self._logs(env)
            self.assertEqual(logs.ids, [log.id], "one call, logged once")
            self.assertEqual(len(self._interactions(env, logs)), 1)

    def test_call_ended_again_later_is_found(self):
        with self.registry.cursor() as cr:
            log, created = self._end_call(api.Environment(cr, SUPERUSER_ID, {}))
        with self.registry.cursor() as cr:
            again, created_again = self._end_call(api.Environment(cr, SUPERUSER_ID, {}))
        self.assertTrue(created)
        self.assertFalse(created_again)
        self.assertEqual(again.id, log.id)
