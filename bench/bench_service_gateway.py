"""Service desk: inbound emails through Odoo's mail gateway.

modules: scrm_service

Figures (the baseline is measured in the same run, on the same machine):
- 1,000 new emails to a service team alias, each opening a ticket (contact
  created, SLA deadlines, timeline entry, acknowledgement queued) vs. 1,000
  emails to a CRM sales team alias (Odoo's own leads from email);
- queries per message for the first and the last 100 emails: flat when the
  cost of a message does not grow with the number of tickets.
"""

import os
import time

import odoo
from odoo import api
from odoo.tools import config

EMAILS = 1_000
SAMPLE = 100

RAW = """From: Customer {i} <customer{i}@bench.example.com>
To: {to}
Subject: {prefix} request {i}
Message-ID: <{prefix}.{i}@bench.example.com>
Date: Mon, 23 Nov 2026 09:30:00 +0000
Content-Type: text/plain; charset="utf-8"

Hello, our pump number {i} stopped this morning. Can you help?
"""


def run(env, to, prefix):
    MailThread = env["mail.thread"]
    per_message = []
    start = time.perf_counter()
    for i in range(EMAILS):
        before = env.cr.sql_log_count
        MailThread.message_process(False, RAW.format(i=i, to=to, prefix=prefix))
        per_message.append(env.cr.sql_log_count - before)
    env.flush_all()
    elapsed = time.perf_counter() - start
    first = sum(per_message[1 : SAMPLE + 1]) / SAMPLE
    last = sum(per_message[-SAMPLE:]) / SAMPLE
    return elapsed, first, last


def main():
    config.parse_config(
        [
            "--addons-path",
            os.environ["SCRM_ADDONS_PATH"],
            "--data-dir",
            os.environ["SCRM_DATA_DIR"],
            "--log-level",
            "warn",
        ]
    )
    registry = odoo.modules.registry.Registry(os.environ["SCRM_BENCH_DB"])
    with registry.cursor() as cr:
        # Notifications are queued, as the mail cron sends them in production.
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"mail_notify_force_send": False})
        domain = env["mail.alias.domain"].create({"name": "bench.example.com"})
        env.company.alias_domain_id = domain
        env["scrm.service.team"].create(
            {"name": "Bench Support", "alias_name": "bench-support"}
        )
        env["crm.team"].create(
            {"name": "Bench Sales", "alias_name": "bench-sales", "use_leads": True}
        )
        env.flush_all()

        crm_s, _f, _l = run(env, "bench-sales@bench.example.com", "lead")
        service_s, first, last = run(env, "bench-support@bench.example.com", "ticket")
        tickets = env["scrm.ticket"].search_count([])
        print(f"service-gateway-{EMAILS}-emails: {service_s:.1f} s")
        print(f"crm-gateway-{EMAILS}-emails: {crm_s:.1f} s")
        print(f"service-vs-crm-gateway: {service_s / crm_s:.2f} ratio")
        print(f"service-gateway-tickets-created: {tickets} tickets")
        print(f"service-gateway-queries-first-{SAMPLE}: {first:.1f} queries/message")
        print(f"service-gateway-queries-last-{SAMPLE}: {last:.1f} queries/message")
        cr.rollback()


if __name__ == "__main__":
    main()
