"""Local days of naive UTC datetimes, for the salesperson's and company's day:
the names this addon uses, over the suite's one time-zone helper
(``scrm_base.tools.tz``, where the rule is described).

Reports take the company's day (its address's time zone, else its working
hours', else UTC); a salesperson's visit the salesperson's day, else the
company's.
"""

from odoo.addons.scrm_base.tools.tz import ZONES_CTE, local_date_sql, record_zone
from odoo.addons.scrm_base.tools.tz import local_day as local_date

__all__ = ["ZONES_CTE", "local_date", "local_date_sql", "user_zone"]


def user_zone(user, company):
    """A salesperson's time zone, else the company's."""
    return record_zone(company, user=user)
