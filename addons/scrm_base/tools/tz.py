"""Time zones of the suite: in which zone a record's day is read, where a local
day or month begins in UTC, and the SQL that reads a timestamp column as a
local time. Every SCRM addon uses these, so that a day or a month means the same
thing on every screen, report and query.

Odoo stores datetimes as naive UTC: ``date::date`` is the day in Greenwich, so
an order at 23:30 UTC on 31 January is already 1 February in Shanghai, and
counts there in February.

The zone rule, in this order, else UTC (a name nobody knows is skipped):

1. the user's own zone, where the day is a person's (a salesperson's visit, the
   due day of an agent's activity);
2. the warehouse's address, where the day is a place's (a schedule, a VMI
   location);
3. the company's address;
4. the company's working hours (``resource``).

A planner's own zone never enters a plan (two planners see the same plan): the
callers pass a user only where the day is that person's.
"""

import datetime

from dateutil.relativedelta import relativedelta
from pytz import UnknownTimeZoneError, timezone, utc

from odoo import fields
from odoo.tools import SQL

UTC = utc


def first_zone(*names):
    """The first valid time zone of ``names`` (falsy ones skipped), else UTC."""
    for name in names:
        if name:
            try:
                return timezone(name)
            except UnknownTimeZoneError:
                continue
    return utc


def zone_names(company=None, warehouse=None, user=None):
    """The candidate zone names of the rule, in its order (see the module)."""
    calendar_tz = None
    if company and "resource_calendar_id" in company._fields:
        calendar_tz = company.resource_calendar_id.tz
    return (
        user.partner_id.tz if user else None,
        warehouse.partner_id.tz if warehouse else None,
        company.partner_id.tz if company else None,
        calendar_tz,
    )


def record_zone(company=None, warehouse=None, user=None):
    """The zone in which the day of a record of ``company`` is read: the
    ``user``'s, else the ``warehouse``'s, else the company's, else UTC."""
    return first_zone(*zone_names(company, warehouse, user))


def local_day(value, zone):
    """The date, in ``zone``, of a naive UTC datetime from the ORM (False for
    no datetime)."""
    if not value:
        return False
    return utc.localize(value).astimezone(zone).date()


def utc_start(day, zone):
    """The naive UTC datetime at which ``day`` begins in ``zone`` (to compare a
    local date with a datetime field)."""
    start = zone.localize(datetime.datetime.combine(day, datetime.time.min))
    return start.astimezone(utc).replace(tzinfo=None)


def day_bounds(day, zone):
    """``(start, end)``: the naive UTC datetimes of the local ``day`` in
    ``zone``, end excluded (a day of 23 or 25 hours at a clock change)."""
    return utc_start(day, zone), utc_start(day + datetime.timedelta(days=1), zone)


def month_bounds(day, zone):
    """``(start, end)``: the naive UTC datetimes of the local month of ``day``
    in ``zone``, end excluded."""
    first = day.replace(day=1)
    return utc_start(first, zone), utc_start(first + relativedelta(months=1), zone)


def local_today(zone, now=None):
    """Today's date in ``zone`` (``now``: a naive UTC datetime, default now)."""
    return local_day(now or fields.Datetime.now(), zone)


# SQL ------------------------------------------------------------------------


def _sql(expr):
    """An SQL expression: ``SQL`` as is, a pytz zone as a parameter, a string
    as SQL code (a column or a zone column, never user input)."""
    if isinstance(expr, SQL):
        return expr
    if isinstance(expr, datetime.tzinfo):
        return SQL("%s", expr.zone)
    return SQL(expr)


def local_sql(column, *zones):
    """SQL: the wall-clock time, in the first non-null of ``zones`` (else UTC),
    of the naive UTC timestamp ``column``. A zone is a column or expression
    (``"cz.tz"``) or a pytz zone; a column is code or ``SQL``. A zone name
    PostgreSQL does not know makes the query fail: take zone columns from
    ``ZONES_CTE`` or ``company_zones_sql``, which only hold known names."""
    zone = SQL("'UTC'")
    if zones:
        zone = SQL("COALESCE(%s, 'UTC')", SQL(", ").join(_sql(z) for z in zones))
    return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)", _sql(column), zone)


def local_date_sql(column, *zones):
    """SQL: the local date of the naive UTC timestamp ``column`` (see
    ``local_sql``)."""
    return SQL("(%s)::date", local_sql(column, *zones))


def local_month_sql(column, *zones):
    """SQL: the first day of the local month of ``column`` (see ``local_sql``)."""
    return SQL("date_trunc('month', %s)::date", local_sql(column, *zones))


# Common table expressions ``scrm_company_zone(company_id, tz)`` (the company's
# address, else its working hours, else UTC) and ``scrm_user_zone(user_id, tz)``
# (only users with a zone), holding only names PostgreSQL knows (an unknown one
# would make ``AT TIME ZONE`` raise: it reads as the next candidate). For views
# and queries that cannot pass parameters per company; needs ``resource`` (the
# working hours), as every addon reading a company's day has. Companies and
# users are few: each joins ``pg_timezone_names`` once per query.
ZONES_CTE = SQL(
    """
    scrm_company_zone AS (
        SELECT c.id AS company_id,
               COALESCE(pn.name, rn.name, 'UTC') AS tz
          FROM res_company c
          JOIN res_partner cp ON cp.id = c.partner_id
     LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
     LEFT JOIN pg_timezone_names pn ON pn.name = cp.tz
     LEFT JOIN pg_timezone_names rn ON rn.name = rc.tz
    ),
    scrm_user_zone AS (
        SELECT u.id AS user_id, n.name AS tz
          FROM res_users u
          JOIN res_partner up ON up.id = u.partner_id
          JOIN pg_timezone_names n ON n.name = up.tz
    )
    """
)


def known_zones(cr, names):
    """The names among ``names`` that PostgreSQL knows (one query)."""
    cr.execute(
        SQL("SELECT name FROM pg_timezone_names WHERE name = ANY(%s)", list(names))
    )
    return {row[0] for row in cr.fetchall()}


def company_zones_sql(env, now=None):
    """SQL relation ``z(company_id, tz, today)``: each company's zone (its
    address's, else its working hours', else UTC; a name PostgreSQL does not
    know reads as UTC) and today's date there, in two queries. Join it to bucket
    the rows of many companies by each one's local day or month."""
    cr = env.cr
    env["res.company"].flush_model(["partner_id", "resource_calendar_id"])
    env["res.partner"].flush_model(["tz"])
    cr.execute(
        SQL(
            """
            SELECT c.id, cp.tz, rc.tz
              FROM res_company c
              JOIN res_partner cp ON cp.id = c.partner_id
         LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
            """
        )
    )
    zones = {
        company_id: first_zone(partner_tz, calendar_tz)
        for company_id, partner_tz, calendar_tz in cr.fetchall()
    }
    known = known_zones(cr, {zone.zone for zone in zones.values()})
    now = now or fields.Datetime.now()
    ids, tzs, todays = [], [], []
    for company_id, zone in zones.items():
        if zone.zone not in known:
            zone = utc
        ids.append(company_id)
        tzs.append(zone.zone)
        todays.append(local_day(now, zone))
    return SQL(
        "unnest(%s::int[], %s::text[], %s::date[]) AS z(company_id, tz, today)",
        ids,
        tzs,
        todays,
    )
