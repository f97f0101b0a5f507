"""Hourly limits that hold when requests arrive at the same moment.

A limited route counts what the sender did in the last hour, then creates.
Two requests of one sender served at once by two workers would both count
before either creates, and both pass. Locking alone does not close that race
in Odoo: the transaction's snapshot (PostgreSQL ``REPEATABLE READ``) is taken
at its first query, long before the route counts, so a request that waited
for another one's lock still counts without seeing what that one created.

``hold(env, kind, *senders)`` is called by every limited route before it
counts: it writes one row per ``kind`` and sender in ``scrm_rate_lock``. The
second request waits on that row until the first commits, then PostgreSQL
refuses its write (a serialization failure, because the row changed after its
snapshot) and Odoo replays the whole request, as it does for any concurrent
update; the replay counts what the first one created. The waiting request
never passes on an old count.
"""

from odoo.tools import SQL


def hold(env, kind, *senders):
    """Serialise the check-and-create of ``kind`` (e.g. ``"portal_ticket"``)
    for each of ``senders`` (a user id, a normalised email, a client
    address), in this transaction, until it commits or rolls back. Call it
    before counting. Keys are taken in one order, so two requests holding
    several keys cannot deadlock."""
    keys = sorted({f"{kind}:{sender}" for sender in senders if sender})
    for key in keys:
        env.cr.execute(
            SQL(
                """INSERT INTO scrm_rate_lock (key, touched)
                   VALUES (%s, NOW() AT TIME ZONE 'UTC')
                   ON CONFLICT (key) DO UPDATE SET touched = EXCLUDED.touched""",
                key[:512],
            ),
            log_exceptions=False,
        )
