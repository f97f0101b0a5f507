"""The figures a supplier sees for each product of their agreements: a pure
function over plain numbers, and the loader that reads the numbers of any
number of agreement lines in a fixed number of set-based queries."""

import math
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tools import SQL

OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")
STATUSES = [
    ("below_safety", "Below safety stock"),
    ("below_min", "Below minimum"),
    ("ok", "OK"),
    ("above_max", "Above maximum"),
]
EPSILON = 1e-6


def status_labels(env):
    """The statuses in the user's language."""
    return {
        "below_safety": env._("Below safety stock"),
        "below_min": env._("Below minimum"),
        "ok": env._("OK"),
        "above_max": env._("Above maximum"),
    }


def _status_rank(status):
    return [key for key, _label in STATUSES].index(status)


SORTS = {
    "product": lambda f: (f["default_code"] or "", f["product_name"], f["line_id"]),
    "status": lambda f: (_status_rank(f["status"]), f["product_name"], f["line_id"]),
    "cover": lambda f: (
        f["days_of_cover"] is None,
        f["days_of_cover"] or 0.0,
        f["line_id"],
    ),
    "recommended": lambda f: (-f["recommended"], f["product_name"], f["line_id"]),
}


def select_rows(figures, status=None, sort=None):
    """The rows of the portal page: figures of one status (any when empty),
    sorted by one of SORTS.

    :param figures: {line id: figures} from ``_vmi_figures``
    """
    rows = [f for f in figures.values() if not status or f["status"] == status]
    rows.sort(key=SORTS.get(sort, SORTS["product"]))
    return rows


def _status_of(quantity, bounds):
    if quantity < bounds["safety_stock"]:
        return "below_safety"
    if quantity < bounds["min_qty"]:
        return "below_min"
    if quantity > bounds["max_qty"]:
        return "above_max"
    return "ok"


# Products of a whole number of multiples are rounded to this many decimals, so that
# 3 lots of 0.1 are 0.3 and not 0.30000000000000004 (finer than any unit of measure).
QUANTITY_DIGITS = 9


def round_down(quantity, multiple):
    if multiple <= 0:
        return quantity
    lots = math.floor(quantity / multiple + EPSILON)
    return round(lots * multiple, QUANTITY_DIGITS)


def round_up(quantity, multiple):
    if multiple <= 0:
        return quantity
    lots = math.ceil(quantity / multiple - EPSILON)
    return round(lots * multiple, QUANTITY_DIGITS)


def compute_figures(
    bounds,
    on_hand,
    reserved,
    transit_by_week,
    requirement_by_week,
    consumed,
    window,
    transit_later=0.0,
):
    """Figures of one agreement product.

    :param bounds: dict with min_qty, max_qty, safety_stock, multiple, moq, lead_time
    :param transit_by_week: incoming quantities per week (week 0: this week and
        anything overdue)
    :param requirement_by_week: gross requirements of the last MRP run per week
    :param consumed: quantity that left the location for customers or production
        over the last ``window`` days
    :param transit_later: incoming quantities expected after the last week
    :return: dict of figures
    """
    in_transit = sum(transit_by_week) + transit_later
    position = on_hand - reserved + in_transit
    daily_usage = consumed / window if window else 0.0
    projected, level = [], on_hand
    for incoming, needed in zip(transit_by_week, requirement_by_week, strict=True):
        level += incoming - needed
        projected.append(level)
    # The projection over the lead time (the weeks it covers): what a
    # replenishment decided today can still change. The status and the
    # recommended quantity follow it, by the same rule as the alert.
    lead_weeks = max(1, math.ceil((bounds["lead_time"] or 0) / 7))
    lead_requirement = sum(requirement_by_week[:lead_weeks])
    # Reserved stock and the plan's requirements are mostly the same demand:
    # count the larger of the two, not both.
    projected_position = on_hand + in_transit - max(reserved, lead_requirement)
    short_soon = any(
        value < bounds["safety_stock"] - EPSILON for value in projected[:lead_weeks]
    )
    status = _status_of(projected_position, bounds)
    if short_soon:
        status = "below_safety"
    recommended = 0.0
    if status in ("below_safety", "below_min"):
        recommended = round_down(
            bounds["max_qty"] - projected_position, bounds["multiple"]
        )
        if recommended < bounds["moq"]:
            recommended = round_up(bounds["moq"], bounds["multiple"])
    return {
        "on_hand": on_hand,
        "reserved": reserved,
        "available": on_hand - reserved,
        "in_transit": in_transit,
        "position": position,
        "daily_usage": daily_usage,
        "days_of_cover": (on_hand - reserved) / daily_usage if daily_usage else None,
        "requirements": list(requirement_by_week),
        "projected": projected,
        "status": status,
        "position_status": _status_of(position, bounds),
        "lead_weeks": lead_weeks,
        "lead_requirement": lead_requirement,
        "projected_position": projected_position,
        "recommended": recommended,
        "short_within_lead_time": short_soon,
    }


def load_figures(lines, window=30, weeks=6, today=None):
    """{line id: figures} for every line of ``lines`` (scrm.vmi.agreement.line
    records), in five queries whatever their number (ids travel as one array:
    no chunking). Reads stock as
    superuser: callers check first that the lines are the user's own
    (portal) or that the user is a buyer.

    :param window: days of past consumption averaged into the daily usage
    :param weeks: weeks of requirements and projected stock, this one first
    :return: {line id: dict of figures, plus product_name, default_code,
        agreement_id and the line's bounds}
    """
    if not lines:
        return {}
    today = today or fields.Date.context_today(lines)
    monday = today - timedelta(days=today.weekday())
    horizon = datetime.combine(monday + timedelta(weeks=weeks), time.min)
    cr = lines.env.cr
    lines.env.flush_all()
    lang = lines.env.lang or "en_US"
    keys = SQL(
        "(SELECT id AS line_id, product_id, location_id, partner_id, company_id "
        "FROM scrm_vmi_agreement_line WHERE id = ANY(%s)) AS l",
        list(lines.ids),
    )

    # 0. The lines' bounds and their products' names.
    cr.execute(
        SQL(
            """
            SELECT l.id, l.agreement_id, l.min_qty, l.max_qty, l.safety_stock,
                   l.multiple, l.moq, l.lead_time, pp.default_code,
                   COALESCE(pt.name->>%s, pt.name->>'en_US')
              FROM scrm_vmi_agreement_line l
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE l.id = ANY(%s)
            """,
            lang,
            list(lines.ids),
        )
    )
    base = {row[0]: row for row in cr.fetchall()}

    # 1. On hand and reserved in the location and its sub-locations.
    cr.execute(
        SQL(
            """
            SELECT l.line_id, SUM(q.quantity), SUM(q.reserved_quantity)
              FROM %s
              JOIN stock_location al ON al.id = l.location_id
              JOIN stock_quant q ON q.product_id = l.product_id
              JOIN stock_location ql ON ql.id = q.location_id
             WHERE starts_with(ql.parent_path, al.parent_path)
               AND ql.usage = 'internal'
          GROUP BY l.line_id
            """,
            keys,
        )
    )
    stock = {row[0]: (row[1] or 0.0, row[2] or 0.0) for row in cr.fetchall()}

    # 2. In transit: open receipt moves of this supplier's purchase orders into
    # the location, per week of expected arrival (the last bucket: later).
    cr.execute(
        SQL(
            """
            SELECT l.line_id,
                   LEAST(%s, GREATEST(0, (m.date::date - %s::date) / 7)),
                   SUM(m.product_qty)
              FROM %s
              JOIN stock_location al ON al.id = l.location_id
              JOIN stock_move m ON m.product_id = l.product_id
              JOIN stock_location ml ON ml.id = m.location_dest_id
              JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
              JOIN purchase_order po ON po.id = pol.order_id
              JOIN res_partner p ON p.id = po.partner_id
             WHERE m.state IN %s
               AND starts_with(ml.parent_path, al.parent_path)
               AND p.commercial_partner_id = l.partner_id
          GROUP BY 1, 2
            """,
            weeks,
            monday,
            keys,
            OPEN_MOVE_STATES,
        )
    )
    transit = defaultdict(lambda: [0.0] * (weeks + 1))
    for line_id, week, quantity in cr.fetchall():
        transit[line_id][week] += quantity

    # 3. Consumption: done moves from the location to customers or
    # production over the window.
    since = datetime.combine(today - timedelta(days=window), time.min)
    cr.execute(
        SQL(
            """
            SELECT l.line_id,
                   SUM(m.quantity * m.product_qty
                       / NULLIF(m.product_uom_qty, 0))
              FROM %s
              JOIN stock_location al ON al.id = l.location_id
              JOIN stock_move m ON m.product_id = l.product_id
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
             WHERE m.state = 'done'
               AND m.date >= %s
               AND starts_with(src.parent_path, al.parent_path)
               AND dst.usage IN ('customer', 'production')
          GROUP BY 1
            """,
            keys,
            since,
        )
    )
    consumed = {line_id: quantity or 0.0 for line_id, quantity in cr.fetchall()}

    # 4. Gross requirements of the company's last MRP run, per week (a
    # monthly period counts in the week it starts, the current one in this
    # week).
    cr.execute(
        SQL(
            """
            SELECT l.line_id,
                   GREATEST(0, (r.period_start - %s::date) / 7),
                   SUM(r.gross_requirement)
              FROM %s
              JOIN scrm_mrp_record r
                ON r.product_id = l.product_id AND r.company_id = l.company_id
              JOIN scrm_mrp_run run ON run.id = r.run_id
              JOIN scrm_mps mps ON mps.id = run.mps_id
             WHERE r.period_start < %s
               AND (r.period_start >= %s
                    OR (mps.period_type = 'month'
                        AND r.period_start + INTERVAL '1 month' > %s))
          GROUP BY 1, 2
            """,
            monday,
            keys,
            horizon.date(),
            monday,
            monday,
        )
    )
    requirements = defaultdict(lambda: [0.0] * weeks)
    for line_id, week, quantity in cr.fetchall():
        requirements[line_id][week] += quantity

    result = {}
    for line_id in lines.ids:
        row = base[line_id]
        bounds = dict(
            zip(
                ("min_qty", "max_qty", "safety_stock", "multiple", "moq"),
                (value or 0.0 for value in row[2:7]),
                strict=True,
            ),
            lead_time=row[7] or 0,
        )
        on_hand, reserved = stock.get(line_id, (0.0, 0.0))
        incoming = transit[line_id]
        figures = compute_figures(
            bounds,
            on_hand,
            reserved,
            incoming[:weeks],
            requirements[line_id],
            consumed.get(line_id, 0.0),
            window,
            incoming[weeks],
        )
        figures.update(
            bounds,
            line_id=line_id,
            agreement_id=row[1],
            default_code=row[8] or "",
            product_name=row[9] or "",
        )
        result[line_id] = figures
    return result
