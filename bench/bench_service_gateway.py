"""Service desk: inbound emails through Odoo's mail gateway.

modules: scrm_service

Figures (the baseline is measured in the same run, on the same machine):
- 1,000 new emails to a service team alias, each opening a ticket (contact
  created, SLA deadlines, timeline entry; the acknowledgements are rendered
  and queued afterwards by their cron, timed apart) vs. 1,000
  emails to a CRM sales team alias (Odoo's own leads from email), interleaved
  in batches of 100 so that both meet the same machine load; wall-clock and
  Python CPU time (less sensitive to other work on the machine);
- queries per message for the first and the last 100 emails: flat when the
  cost of a message does not grow with the number of tickets.
"""

import time

from benchlib import bench_env

EMAILS = 1_000
BATCH = 100
SAMPLE = 100

RAW = """From: Customer {i} <customer{i}@bench.example.com>
To: {to}
Subject: {prefix} request {i}
Message-ID: <{prefix}.{i}@bench.example.com>
Date: Mon, 23 Nov 2026 09:30:00 +0000
Content-Type: text/plain; charset="utf-8"

Hello, our pump number {i} stopped this morning. Can you help?
"""


def run(env, to, prefix, start, count, stats):
    """Process ``count`` emails; add wall time, Python CPU time and per-message
    query counts to ``stats``."""
    MailThread = env["mail.thread"]
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(start, start + count):
        before = env.cr.sql_log_count
        MailThread.message_process(False, RAW.format(i=i, to=to, prefix=prefix))
        stats["queries"].append(env.cr.sql_log_count - before)
    env.flush_all()
    stats["wall"] += time.perf_counter() - wall
    stats["cpu"] += time.process_time() - cpu


def main():
    # Notifications are queued, as the mail cron sends them in production.
    with bench_env({"mail_notify_force_send": False}) as env:
        cr = env.cr
        domain = env["mail.alias.domain"].create({"name": "bench.example.com"})
        env.company.alias_domain_id = domain
        env["scrm.service.team"].create(
            {"name": "Bench Support", "alias_name": "bench-support"}
        )
        env["crm.team"].create(
            {"name": "Bench Sales", "alias_name": "bench-sales", "use_leads": True}
        )
        env.flush_all()

        # Interleaved in batches, so that both see the same machine load.
        crm = {"wall": 0.0, "cpu": 0.0, "queries": []}
        service = {"wall": 0.0, "cpu": 0.0, "queries": []}
        for start in range(0, EMAILS, BATCH):
            run(env, "bench-sales@bench.example.com", "lead", start, BATCH, crm)
            run(env, "bench-support@bench.example.com", "ticket", start, BATCH, service)
        ack_start = time.perf_counter()
        env["scrm.ticket"]._cron_send_acknowledgements(batch_size=EMAILS)
        env.flush_all()
        ack_s = time.perf_counter() - ack_start
        acks = env["mail.mail"].search_count([("model", "=", "scrm.ticket")])
        tickets = env["scrm.ticket"].search_count([])
        queries = service["queries"]
        first = sum(queries[1 : SAMPLE + 1]) / SAMPLE
        last = sum(queries[-SAMPLE:]) / SAMPLE
        print(f"service-gateway-{EMAILS}-emails: {service['wall']:.1f} s")
        print(f"crm-gateway-{EMAILS}-emails: {crm['wall']:.1f} s")
        print(f"service-vs-crm-gateway: {service['wall'] / crm['wall']:.2f} ratio")
        print(f"service-gateway-{EMAILS}-emails-python-cpu: {service['cpu']:.1f} s")
        print(f"crm-gateway-{EMAILS}-emails-python-cpu: {crm['cpu']:.1f} s")
        print(f"service-gateway-tickets-created: {tickets} tickets")
        print(f"service-acknowledgements-{acks}-queued-by-cron: {ack_s:.1f} s")
        total = service["wall"] + ack_s
        print(f"service-gateway-and-acknowledgements: {total:.1f} s")
        print(f"service-gateway-queries-first-{SAMPLE}: {first:.1f} queries/message")
        print(f"service-gateway-queries-last-{SAMPLE}: {last:.1f} queries/message")
        crm_queries = sum(crm["queries"]) / len(crm["queries"])
        print(f"crm-gateway-queries: {crm_queries:.1f} queries/message")
        cr.rollback()


if __name__ == "__main__":
    main()
