"""The figures a supplier sees for each product of their agreements: a pure
function over plain numbers, and the loader that reads the numbers of any
number of agreement lines in a fixed number of set-based queries."""

import math
from collections import defaultdict
from datetime import datetime, timedelta

from odoo import fields
from odoo.tools import SQL

from odoo.addons.scrm_base.tools.tz import first_zone, local_day, utc_start

OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")
STATUSES = [
    ("below_safety", "Below safety stock"),
    ("below_min", "Below minimum"),
    ("ok", "OK"),
    ("above_max", "Above maximum"),
]
EPSILON = 1e-6
# Open ends of the first (this week and overdue) and last (later) transit weeks.
EARLIEST = datetime(1, 1, 1)
LATEST = datetime(9999, 12, 31, 23, 59, 59)


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
    :param today: the day every line is read on (default: today in the time
        zone of each line's warehouse, else of its company; see
        ``scrm_base.tools.tz``)
    :return: {line id: dict of figures, plus product_name, default_code,
        agreement_id and the line's bounds}
    """
    if not lines:
        return {}
    cr = lines.env.cr
    lines.env.flush_all()
    lang = lines.env.lang or "en_US"

    # 0. The lines' bounds, their products' names and their time zones.
    cr.execute(
        SQL(
            """
            SELECT l.id, l.agreement_id, l.min_qty, l.max_qty, l.safety_stock,
                   l.multiple, l.moq, l.lead_time, pp.default_code,
                   COALESCE(pt.name->>%s, pt.name->>'en_US'),
                   wp.tz, cp.tz, rc.tz
              FROM scrm_vmi_agreement_line l
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN res_company c ON c.id = l.company_id
              JOIN res_partner cp ON cp.id = c.partner_id
         LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
         LEFT JOIN stock_location loc ON loc.id = l.location_id
         LEFT JOIN stock_warehouse wh ON wh.id = loc.warehouse_id
         LEFT JOIN res_partner wp ON wp.id = wh.partner_id
             WHERE l.id = ANY(%s)
            """,
            lang,
            list(lines.ids),
        )
    )
    base = {row[0]: row for row in cr.fetchall()}

    # Days and weeks are those of the warehouse (else the company), never UTC's
    # nor the reader's: a receipt due at 01:00 on Monday in Shanghai is Sunday
    # 17:00 UTC, and belongs to Monday's week. Each line's week boundaries,
    # start of its usage window and horizon go to the queries as UTC datetimes.
    now = fields.Datetime.now()
    columns = defaultdict(list)
    week_rows = defaultdict(list)
    for line_id in lines.ids:
        # the warehouse's address, the company's, its working hours' (the rule
        # of scrm_base.tools.tz, read here for every line in the query above)
        zone = first_zone(*base[line_id][10:13])
        day = today or local_day(now, zone)
        monday = day - timedelta(days=day.weekday())
        columns["line_id"].append(line_id)
        columns["monday"].append(monday)
        columns["since"].append(utc_start(day - timedelta(days=window), zone))
        columns["horizon"].append(monday + timedelta(weeks=weeks))
        edges = [EARLIEST]
        edges += [
            utc_start(monday + timedelta(weeks=k), zone) for k in range(1, weeks + 1)
        ]
        edges.append(LATEST)
        for week in range(weeks + 1):
            week_rows["line_id"].append(line_id)
            week_rows["week"].append(week)
            week_rows["date_from"].append(edges[week])
            week_rows["date_to"].append(edges[week + 1])
    keys = SQL(
        "(SELECT k.line_id, vl.product_id, vl.location_id, vl.partner_id, "
        "vl.company_id, k.monday, k.since, k.horizon "
        "FROM unnest(%s::int[], %s::date[], %s::timestamp[], %s::date[]) "
        "AS k(line_id, monday, since, horizon) "
        "JOIN scrm_vmi_agreement_line vl ON vl.id = k.line_id) AS l",
        columns["line_id"],
        columns["monday"],
        columns["since"],
        columns["horizon"],
    )
    week_keys = SQL(
        "unnest(%s::int[], %s::int[], %s::timestamp[], %s::timestamp[]) "
        "AS w(line_id, week, date_from, date_to)",
        week_rows["line_id"],
        week_rows["week"],
        week_rows["date_from"],
        week_rows["date_to"],
    )

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

    # 2. In transit: open moves of this supplier's goods on their way into the
    # location, per week of expected arrival (the last bucket: later). With 2
    # or 3 receipt steps the receipt ends in the warehouse's input (its final
    # location is the stock) and the push rules move it on, the later moves
    # without the purchase line: a move counts when it is the last open one of
    # its chain, goes to (or ends in) the location from outside it, and its
    # chain starts at a purchase line of this supplier. Goods waiting in the
    # input are thus in transit, never lost, never counted twice.
    cr.execute(
        SQL(
            """
            SELECT l.line_id, w.week, SUM(m.product_qty)
              FROM %s
              JOIN stock_location al ON al.id = l.location_id
              JOIN stock_move m ON m.product_id = l.product_id
              JOIN %s
                ON w.line_id = l.line_id
               AND m.date >= w.date_from AND m.date < w.date_to
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location ml ON ml.id = m.location_dest_id
         LEFT JOIN stock_location fl ON fl.id = m.location_final_id
              JOIN LATERAL (
                   SELECT COALESCE(
                       m.purchase_line_id,
                       (SELECT o1.purchase_line_id
                          FROM stock_move_move_rel r1
                          JOIN stock_move o1 ON o1.id = r1.move_orig_id
                         WHERE r1.move_dest_id = m.id
                           AND o1.purchase_line_id IS NOT NULL
                         LIMIT 1),
                       (SELECT o2.purchase_line_id
                          FROM stock_move_move_rel r1
                          JOIN stock_move_move_rel r2
                            ON r2.move_dest_id = r1.move_orig_id
                          JOIN stock_move o2 ON o2.id = r2.move_orig_id
                         WHERE r1.move_dest_id = m.id
                           AND o2.purchase_line_id IS NOT NULL
                         LIMIT 1)) AS id
                   ) chain_line ON chain_line.id IS NOT NULL
              JOIN purchase_order_line pol ON pol.id = chain_line.id
              JOIN purchase_order po ON po.id = pol.order_id
              JOIN res_partner p ON p.id = po.partner_id
             WHERE m.state IN %s
               AND (starts_with(ml.parent_path, al.parent_path)
                    OR starts_with(fl.parent_path, al.parent_path))
               AND NOT starts_with(src.parent_path, al.parent_path)
               AND NOT EXISTS (
                   SELECT 1
                     FROM stock_move_move_rel rd
                     JOIN stock_move d ON d.id = rd.move_dest_id
                    WHERE rd.move_orig_id = m.id AND d.state IN %s)
               AND p.commercial_partner_id = l.partner_id
          GROUP BY 1, 2
            """,
            keys,
            week_keys,
            OPEN_MOVE_STATES,
            OPEN_MOVE_STATES,
        )
    )
    transit = defaultdict(lambda: [0.0] * (weeks + 1))
    for line_id, week, quantity in cr.fetchall():
        transit[line_id][week] += quantity

    # 3. Consumption: done moves from the location to customers or
    # production over the window.
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
               AND m.date >= l.since
               AND starts_with(src.parent_path, al.parent_path)
               AND dst.usage IN ('customer', 'production')
          GROUP BY 1
            """,
            keys,
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
                   GREATEST(0, (r.period_start - l.monday) / 7),
                   SUM(r.gross_requirement)
              FROM %s
              JOIN scrm_mrp_record r
                ON r.product_id = l.product_id AND r.company_id = l.company_id
              JOIN scrm_mrp_run run ON run.id = r.run_id
              JOIN scrm_mps mps ON mps.id = run.mps_id
             WHERE r.period_start < l.horizon
               AND (r.period_start >= l.monday
                    OR (mps.period_type = 'month'
                        AND r.period_start + INTERVAL '1 month' > l.monday))
          GROUP BY 1, 2
            """,
            keys,
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
