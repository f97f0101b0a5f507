"""Service desk: an email with a 100 KB header through Odoo's mail gateway.

modules: scrm_service

Python's email parser takes time that grows with the square of a header's size
(seconds for 100 KB): the gateway refuses such an email before parsing it and
keeps it for the service manager. Figures, all from the same run:
- a normal email to a service team alias (a ticket opened), mean of 20;
- the same email with a 100 KB Cc header, refused and kept, mean of 20;
- the ratio of the two (below 1 when refusing costs less than a normal email);
- what parsing that header alone would cost (Python's ``email`` package with
  Odoo's policy, reading each header as Odoo's ``message_parse`` does), once,
  and its ratio to the normal email: the time each such email would have held
  the incoming-mail cron.
"""

import email
import email.policy
import time

from benchlib import bench_env

ROUNDS = 20
ALIAS = "bench-support@bench.example.com"
RAW = (
    "From: Customer {i} <customer{i}@bench.example.com>\r\n"
    f"To: {ALIAS}\r\n"
    "Subject: {prefix} request {i}\r\n"
    "Message-ID: <{prefix}.{i}@bench.example.com>\r\n"
    "Date: Mon, 23 Nov 2026 09:30:00 +0000\r\n"
    "{extra}"
    'Content-Type: text/plain; charset="utf-8"\r\n'
    "\r\n"
    "Hello, our pump number {i} stopped this morning. Can you help?\r\n"
)
CC = "Cc: " + ", ".join(f"user{i}@spam.example.com" for i in range(4_500)) + "\r\n"


def mean_seconds(env, prefix, extra):
    MailThread = env["mail.thread"]
    start = time.perf_counter()
    for i in range(ROUNDS):
        raw = RAW.format(i=i, prefix=prefix, extra=extra).encode()
        MailThread.message_process(False, raw)
    env.flush_all()
    return (time.perf_counter() - start) / ROUNDS


def main():
    with bench_env({"mail_notify_force_send": False}) as env:
        domain = env["mail.alias.domain"].create({"name": "bench.example.com"})
        env.company.alias_domain_id = domain
        env["scrm.service.team"].create(
            {"name": "Bench Support", "alias_name": "bench-support"}
        )
        env.flush_all()
        huge = RAW.format(i=0, prefix="huge", extra=CC).encode()
        normal = mean_seconds(env, "normal", "")
        refused = mean_seconds(env, "huge", CC)
        kept = env["scrm.rejected.email"].search_count([])
        start = time.perf_counter()
        parsed = email.message_from_bytes(huge, policy=email.policy.SMTP)
        for _name, value in parsed.items():
            str(value)
        parse = time.perf_counter() - start
        print(f"gateway-header-size: {len(huge) // 1024} KB")
        print(f"gateway-normal-email: {normal * 1000:.1f} ms")
        print(f"gateway-100kb-header-refused: {refused * 1000:.1f} ms")
        print(f"gateway-100kb-header-refused-vs-normal: {refused / normal:.2f} ratio")
        print(f"gateway-100kb-header-kept-for-inspection: {kept} emails")
        print(f"python-parse-of-that-header: {parse:.2f} s")
        print(f"python-parse-vs-normal-email: {parse / normal:.0f} ratio")
        env.cr.rollback()


if __name__ == "__main__":
    main()
