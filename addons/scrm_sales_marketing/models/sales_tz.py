"""Local days of naive UTC datetimes, for the salesperson's and company's day.

Odoo stores datetimes as naive UTC: ``start::date`` is the day in Greenwich, so
a visit at 07:30 in Shanghai (23:30 UTC the evening before) would count for the
previous day. Reports take the company's day (its address's time zone, else
its working hours', else UTC); a salesperson's visit the salesperson's day,
else the company's. The same order as scrm_supplier_portal's ``_scrm_zones``,
which this addon cannot import (it does not depend on it).
"""

from pytz import UnknownTimeZoneError, timezone, utc

# Common table expressions for a view: ``scrm_company_zone(company_id, tz)``
# and ``scrm_user_zone(user_id, tz)``, only with names PostgreSQL knows (an
# unknown one would make ``AT TIME ZONE`` raise; it reads as UTC instead).
# Companies and users are few: each joins ``pg_timezone_names`` once per query.
ZONES_CTE = """
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


def local_date_sql(column, *zones):
    """SQL text: the local date of the naive UTC datetime ``column`` in the
    first non-null of the zone expressions ``zones`` (else UTC)."""
    return (
        f"(({column} AT TIME ZONE 'UTC') AT TIME ZONE "
        f"COALESCE({', '.join(zones)}, 'UTC'))::date"
    )


def zone_of(*names):
    """The first valid time zone of ``names``, else UTC."""
    for name in names:
        if name:
            try:
                return timezone(name)
            except UnknownTimeZoneError:
                continue
    return utc


def company_zone(company):
    """The company's time zone: its address's, else its working hours'."""
    return zone_of(company.partner_id.tz, company.resource_calendar_id.tz)


def user_zone(user, company):
    """A salesperson's time zone, else the company's."""
    return zone_of(
        user.partner_id.tz,
        company.partner_id.tz,
        company.resource_calendar_id.tz,
    )


def local_date(value, zone):
    """The date, in ``zone``, of a naive UTC datetime from the ORM."""
    return utc.localize(value).astimezone(zone).date() if value else False
