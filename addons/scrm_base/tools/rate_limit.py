"""Hourly limits that hold when requests arrive at the same moment.

A limited route counts what the sender did in the last hour, then creates.
Two requests of one sender served at once by two workers would both count
before either creates, and both pass.

A lock alone does not close that race in Odoo: a request's transaction reads
from a snapshot (PostgreSQL ``REPEATABLE READ``) taken at its first query,
long before the route counts, so a request that waited for another one's lock
would still count without seeing what that one created.

``held(env, kind, *senders)`` takes one transaction lock per ``kind`` and
sender (``pg_advisory_xact_lock``, kept until the request commits or rolls
back), then opens a new cursor whose snapshot is taken after the lock: what
every earlier holder created is committed by then, and counted. The request
creates in its own transaction while still holding the lock. A second request
simply waits: nothing is replayed, no request fails.
"""

from contextlib import contextmanager

from odoo.tools import SQL

# The first key of SCRM's advisory locks (PostgreSQL's two-integer form, a key
# space apart from the single-bigint locks other modules take).
LOCK_NAMESPACE = 0x5C12


@contextmanager
def held(env, kind, *senders):
    """Serialise the check-and-create of ``kind`` (e.g. ``"portal_ticket"``)
    for each of ``senders`` (a user id, a normalised email, a client
    address) until this transaction ends, and yield an environment (same
    user, same context) on a new cursor to count with: it sees every request
    that held the lock before. Keys are taken in one order, so two requests
    holding several keys cannot deadlock. Count inside, create after::

        with held(env, "scrm_service.public_form", email) as fresh:
            count = fresh["scrm.web.request"].search_count(domain)
        if count < LIMIT:
            env["scrm.web.request"].create(values)
    """
    keys = sorted({f"{kind}:{sender}" for sender in senders if sender})
    for key in keys:
        env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", LOCK_NAMESPACE, key)
        )
    with env.registry.cursor() as cr:
        yield env(cr=cr)
