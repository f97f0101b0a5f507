from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import MailCommon

from .common import ServiceDataMixin
from .test_mail_gateway import RAW_EMAIL


@tagged("post_install", "-at_install", "scrm_service_csat")
class TestCsatAndConsole(MailCommon, ServiceDataMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()

    def rate(self, agent, value):
        ticket = self._ticket(self.carla, user_id=agent.id)
        ticket.action_close()
        token = ticket._rating_get_access_token()
        ticket.rating_apply(value, token=token)
        return ticket

    def test_csat_is_good_over_good_and_bad(self):
        self.rate(self.agent_bob, 5)
        self.rate(self.agent_bob, 5)
        self.rate(self.agent_bob, 1)
        self.rate(self.agent_cleo, 3)  # "okay": counted in neither
        self.rate(self.agent_cleo, 1)
        self.assertAlmostEqual(self.team.csat_score, 50.0)  # 2 good / (2 + 2 bad)
        by_agent = self.env["rating.rating"]._scrm_csat_scores(["rated_partner_id"])
        self.assertAlmostEqual(by_agent[(self.agent_bob.partner_id,)], 200 / 3)
        self.assertEqual(by_agent[(self.agent_cleo.partner_id,)], 0.0)
        by_month = self.env["rating.rating"]._scrm_csat_scores(
            ["create_date:month"],
            [("parent_res_id", "=", self.team.id)],
        )
        self.assertEqual(list(by_month.values()), [50.0])

    def test_agent_console_shows_the_caller(self):
        ticket = self._ticket(self.carla)
        closed = self._ticket(self.carla, name="Closed one")
        closed.action_close()
        form = Form(self.env["scrm.caller.lookup"].with_user(self.agent_bob))
        form.phone_number = "0470 12 34 56"
        self.assertEqual(form.partner_id, self.carla)
        lookup = form.save()
        self.assertEqual(lookup.ticket_ids, ticket)
        self.assertTrue(lookup.interaction_ids)
        action = lookup.action_log_call()
        self.assertEqual(action["context"]["default_partner_id"], self.carla.id)
        self.assertEqual(action["context"]["default_ticket_id"], ticket.id)

    def test_gateway_queries_do_not_grow_with_tickets(self):
        def process(index):
            raw = RAW_EMAIL.format(
                return_path=f"sender{index}@example.com",
                email_from=f"Sender {index} <sender{index}@example.com>",
                to=f"pump-support@{self.alias_domain}",
                subject=f"Problem number {index}",
                msg_id=f"<count.{index}@example.com>",
                extra="",
                body="Our pump stopped.",
            )
            # As in production, where each email is a transaction of its own:
            # nothing in the cache, every stored field written.
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self.mock_mail_gateway():
                ticket_id = self.env["mail.thread"].message_process(False, raw)
                self.env.flush_all()
            self.assertTrue(self.Ticket.browse(ticket_id).partner_id)
            return self.env.cr.sql_log_count - before

        process(0)  # warm-up: templates and caches
        self.Ticket.create(
            [{"name": f"Old {i}", "team_id": self.team.id} for i in range(20)]
        )
        with_20 = process(1)
        self.Ticket.create(
            [{"name": f"Old {i}", "team_id": self.team.id} for i in range(1980)]
        )
        with_2000 = process(2)
        self.assertEqual(with_2000, with_20)
        # A new sender: contact created, ticket opened, email posted, customer
        # subscribed, timeline written, acknowledgement flagged: a budget, not
        # the count of today's code (about 64 with every addon installed).
        self.assertLessEqual(with_20, 70)

    def test_reply_with_a_knowledge_base_article(self):
        article = self.env["scrm.kb.article"].create(
            {
                "name": "Replacing the P-200 seal",
                "body": "<p>Unscrew the four bolts of the pump head.</p>",
                "is_published": True,
            }
        )
        ticket = self._ticket(self.carla)
        wizard = (
            self.env["scrm.kb.article.insert"]
            .with_user(self.agent_bob)
            .create({"ticket_id": ticket.id, "article_id": article.id})
        )
        action = wizard.action_insert()
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.agent_bob)
            .with_context(**action["context"])
            .create({})
        )
        with self.mock_mail_gateway():
            composer.action_send_mail()
        reply = ticket.message_ids.filtered(
            lambda m: f"/help/{article.id}" in (m.body or "")
        )
        self.assertEqual(len(reply), 1)
        self.assertIn("Replacing the P-200 seal", reply.body)
        self.assertEqual(reply.author_id, self.agent_bob.partner_id)
        self.assertTrue(
            [
                m
                for m in self._mails
                if "carla@fabrikam.example.com" in str(m["email_to"])
            ]
        )
