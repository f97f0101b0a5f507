import io
import re
from datetime import timedelta

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.scrm_base.tools.spreadsheet import (
    csv_bytes,
    xlsx_workbook,
    xlsx_write,
)
from odoo.addons.scrm_base.tools.validation import (
    LINE_SIZE,
    InputCheck,
    InputError,
    guard,
)

from ..models.scrm_vmi_agreement_line import MAX_QUANTITY
from ..models.scrm_vmi_figures import SORTS, STATUSES, select_rows, status_labels
from ..models.scrm_vmi_price_request import MAX_LEAD_TIME
from .charts import bar_chart, projection_chart

PAGE_SIZE = 20
TEXT_SIZE = 2000  # the longest free text a portal form takes
WEEKS = 6
WINDOWS = (7, 30, 90)
# A number written with thousands separators: 1,000 or 12,500,000.
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class VmiPortal(CustomerPortal):
    """The supplier's side of vendor-managed inventory: /my/vmi and below.

    Every route first finds the records as the portal user (record rules keep
    them to their own commercial partner); stock figures and writes are done as
    superuser only after that check."""

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "vmi_count" in counters:
            values["vmi_count"] = (
                request.env["scrm.vmi.agreement.line"].search_count(
                    self._vmi_line_domain()
                )
                if request.env["scrm.vmi.agreement.line"].has_access("read")
                else 0
            )
        return values

    def _vmi_partner(self):
        return request.env.user.commercial_partner_id

    def _vmi_agreements(self):
        """The user's valid agreements, found with the user's own rights."""
        Agreement = request.env["scrm.vmi.agreement"]
        if not Agreement.has_access("read"):
            return Agreement
        return Agreement.search(
            [("partner_id", "=", self._vmi_partner().id), *Agreement._is_valid_domain()]
        )

    def _vmi_line_domain(self):
        return [
            ("partner_id", "=", self._vmi_partner().id),
            ("agreement_id.state", "=", "active"),
        ]

    def _vmi_check_line(self, line_id):
        """The agreement line of id ``line_id`` if it is the user's, else 404."""
        try:
            line_id = InputCheck(request.env).record_id(line_id, "line_id")
        except InputError as error:
            raise NotFound() from error
        if not line_id:
            raise NotFound()
        agreements = self._vmi_agreements()
        line = request.env["scrm.vmi.agreement.line"].search(
            [("id", "=", line_id), ("agreement_id", "in", agreements.ids)]
        )
        if not line:
            raise NotFound()
        return line

    def _vmi_check_proposal(self, proposal_id):
        proposal = request.env["scrm.replenishment.proposal"].search(
            [("id", "=", proposal_id), ("partner_id", "=", self._vmi_partner().id)]
        )
        if not proposal:
            raise NotFound()
        return proposal

    def _vmi_check_agreement_active(self, proposal_sudo):
        """Once the agreement has ended or been cancelled, the supplier may no
        longer cancel our purchase order nor announce goods under it."""
        agreement = proposal_sudo.agreement_id
        if agreement.state != "active":
            raise UserError(
                request.env._(
                    "The agreement %(agreement)s is no longer active: ask your buyer "
                    "about proposal %(proposal)s.",
                    agreement=agreement.display_name,
                    proposal=proposal_sudo.name,
                )
            )

    def _vmi_log(self, record_sudo, summary):
        record_sudo._scrm_log_interaction(
            "portal",
            summary,
            direction="in",
            contact_id=request.env.user.partner_id.id,
            user_id=False,
        )

    def _vmi_rows(
        self, agreement_id=None, status=None, search=None, sort=None, window=30, page=1
    ):
        """The rows the page shows, and the pager: the agreement check first,
        then the figures of every matching line (one set of queries), then
        filtered, sorted and cut to the page."""
        agreements = self._vmi_agreements()
        if agreement_id:
            agreements = agreements.filtered(lambda a: str(a.id) == str(agreement_id))
            if not agreements:
                raise NotFound()
        domain = [("agreement_id", "in", agreements.ids)]
        if search:
            domain += [
                "|",
                ("product_id.name", "ilike", search),
                ("product_id.default_code", "ilike", search),
            ]
        lines_sudo = request.env["scrm.vmi.agreement.line"].sudo().search(domain)
        figures = lines_sudo._vmi_figures(window=window, weeks=WEEKS)
        return agreements, select_rows(figures, status, sort)

    def _vmi_params(self, kw):
        try:
            window = int(kw.get("window") or 30)
        except (TypeError, ValueError):
            window = 30
        if window not in WINDOWS:
            window = 30
        try:
            page = min(max(1, int(kw.get("page") or 1)), 100000)
        except (TypeError, ValueError):
            page = 1
        sort = kw.get("sort") if kw.get("sort") in SORTS else "product"
        status = kw.get("status") if kw.get("status") in dict(STATUSES) else ""
        check = InputCheck(request.env)
        agreement_id = check.record_id(
            kw.get("agreement_id"), request.env._("Agreement")
        )
        return {
            "agreement_id": agreement_id or "",
            "status": status,
            "search": check.text(kw.get("search"), request.env._("Search"), LINE_SIZE),
            "sort": sort,
            "window": window,
            "page": page,
        }

    def _vmi_page(self, params):
        agreements, figures = self._vmi_rows(**params)
        url_args = {k: v for k, v in params.items() if v and k != "page"}
        pager = portal_pager(
            url="/my/vmi",
            url_args=url_args,
            total=len(figures),
            page=params["page"],
            step=PAGE_SIZE,
        )
        rows = figures[pager["offset"] : pager["offset"] + PAGE_SIZE]
        return agreements, rows, pager, url_args

    def _vmi_status_rule(self, row):
        """The tooltip of a row's status: the rule and this product's numbers."""
        env = request.env
        return env._(
            "Projected position over your lead time (%(weeks)s week(s)): on hand "
            "%(on_hand)s + in transit %(in_transit)s - the larger of reserved "
            "%(reserved)s and our plan's requirements %(needs)s = %(projected)s, "
            "against safety stock %(safety)s, minimum %(min)s and maximum %(max)s. "
            "Below safety stock also when the weekly projection falls below it "
            "within the lead time (lowest: %(lowest)s). Recommended: up to the "
            "maximum from the projected position, in order multiples.",
            weeks=row["lead_weeks"],
            on_hand=format(row["on_hand"], "g"),
            in_transit=format(row["in_transit"], "g"),
            reserved=format(row["reserved"], "g"),
            needs=format(row["lead_requirement"], "g"),
            projected=format(row["projected_position"], "g"),
            safety=format(row["safety_stock"], "g"),
            min=format(row["min_qty"], "g"),
            max=format(row["max_qty"], "g"),
            lowest=format(min(row["projected"][: row["lead_weeks"]] or [0.0]), "g"),
        )

    def _vmi_decorate(self, rows):
        """The page's rows with their projection chart and status tooltip."""
        for row in rows:
            row["chart"] = projection_chart(
                row["projected"],
                {
                    "max_qty": row["max_qty"],
                    "min_qty": row["min_qty"],
                    "safety_stock": row["safety_stock"],
                },
            )
            row["status_rule"] = self._vmi_status_rule(row)
        return rows

    def _vmi_week_starts(self):
        today = fields.Date.context_today(request.env.user)
        monday = today - timedelta(days=today.weekday())
        return [monday + timedelta(weeks=week) for week in range(WEEKS)]

    # ------------------------------------------------------------------
    # The stock page and its downloads
    # ------------------------------------------------------------------

    @http.route("/my/vmi", type="http", auth="user", website=True)
    @guard
    def portal_my_vmi(self, **kw):
        params = self._vmi_params(kw)
        agreements, rows, pager, url_args = self._vmi_page(params)
        values = self._prepare_portal_layout_values()
        alerts = (
            request.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "scrm.vmi.agreement"),
                    ("res_id", "in", agreements.ids),
                    ("message_type", "=", "notification"),
                    ("subtype_id", "=", request.env.ref("mail.mt_comment").id),
                ],
                limit=5,
                order="id desc",
            )
        )
        values.update(
            {
                "page_name": "scrm_vmi",
                "agreements": agreements,
                "rows": self._vmi_decorate(rows),
                "pager": pager,
                "params": params,
                "url_args": url_args,
                "statuses": list(status_labels(request.env).items()),
                "windows": WINDOWS,
                "week_starts": self._vmi_week_starts(),
                "alerts": alerts,
                "saved": kw.get("saved"),
            }
        )
        return request.render("scrm_supplier_portal.portal_my_vmi", values)

    def _vmi_table(self, rows):
        """Header and values of the download: the columns of the page."""
        env = request.env
        weeks = self._vmi_week_starts()
        header = [
            env._("Reference"),
            env._("Product"),
            env._("On Hand"),
            env._("Reserved"),
            env._("In Transit"),
            env._("Daily Usage"),
            *[env._("Requirement %s", week) for week in weeks],
            *[env._("Projected %s", week) for week in weeks],
            env._("Days of Cover"),
            env._("Minimum"),
            env._("Maximum"),
            env._("Safety Stock"),
            env._("Status"),
            env._("Recommended"),
        ]
        labels = status_labels(env)
        body = [
            [
                row["default_code"],
                row["product_name"],
                round(row["on_hand"], 2),
                round(row["reserved"], 2),
                round(row["in_transit"], 2),
                round(row["daily_usage"], 2),
                *[round(value, 2) for value in row["requirements"]],
                *[round(value, 2) for value in row["projected"]],
                "" if row["days_of_cover"] is None else round(row["days_of_cover"], 1),
                row["min_qty"],
                row["max_qty"],
                row["safety_stock"],
                labels[row["status"]],
                row["recommended"],
            ]
            for row in rows
        ]
        return header, body

    @http.route(
        "/my/vmi/export/<string:file_format>", type="http", auth="user", website=True
    )
    @guard
    def portal_my_vmi_export(self, file_format, **kw):
        """Exactly the rows and columns the page shows with the same filters,
        sort and page."""
        if file_format not in ("csv", "xlsx"):
            raise NotFound()
        params = self._vmi_params(kw)
        _agreements, rows, _pager, _args = self._vmi_page(params)
        header, body = self._vmi_table(rows)
        # A download is a read: it writes nothing (no timeline entry either).
        if file_format == "csv":
            return request.make_response(
                csv_bytes(header, body),
                headers=[
                    ("Content-Type", "text/csv; charset=utf-8"),
                    ("Content-Disposition", 'attachment; filename="vmi_stock.csv"'),
                ],
            )
        buffer = io.BytesIO()
        workbook = xlsx_workbook(buffer)
        sheet = workbook.add_worksheet(request.env._("VMI stock"))
        bold = workbook.add_format({"bold": True})
        for column, label in enumerate(header):
            xlsx_write(sheet, 0, column, label, bold)
        for row_index, values in enumerate(body, start=1):
            for column, value in enumerate(values):
                xlsx_write(sheet, row_index, column, value)
        workbook.close()
        return request.make_response(
            buffer.getvalue(),
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", 'attachment; filename="vmi_stock.xlsx"'),
            ],
        )

    # ------------------------------------------------------------------
    # Proposals
    # ------------------------------------------------------------------

    def _vmi_proposal_form_values(self, line, **extra):
        line_sudo = line.sudo()
        figures = line_sudo._vmi_figures(weeks=WEEKS)[line.id]
        today = fields.Date.context_today(request.env.user)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "scrm_vmi_propose",
                "line": line_sudo,
                "figures": figures,
                "form": {
                    "quantity": figures["recommended"] or "",
                    "ship_date": today,
                    "arrival_date": fields.Date.add(today, days=line_sudo.lead_time),
                    "justification": "",
                },
                **extra,
            }
        )
        return values

    @http.route("/my/vmi/propose", type="http", auth="user", website=True)
    @guard
    def portal_my_vmi_propose_form(self, line_id=None, **kw):
        line = self._vmi_check_line(line_id)
        return request.render(
            "scrm_supplier_portal.portal_my_vmi_propose",
            self._vmi_proposal_form_values(line),
        )

    def _parse_quantity(self, value, product_name, allow_zero=False):
        env = request.env
        text = (value or "").strip()
        if ("," in text and "." in text) or THOUSANDS.match(text):
            # "1,000" or "1.000,5": a thousands separator, not a decimal comma;
            # read as a decimal it would be a thousand times too small.
            raise UserError(
                env._(
                    "%(product)s: “%(value)s” is ambiguous: write the number "
                    "without thousands separators.",
                    product=product_name,
                    value=value,
                )
            )
        try:
            if "_" in text:  # Python reads 1_0 as 10: nobody writes that
                raise ValueError(text)
            quantity = float(text.replace(",", "."))
        except ValueError as error:
            raise UserError(
                env._(
                    "%(product)s: “%(value)s” is not a number.",
                    product=product_name,
                    value=value,
                )
            ) from error
        if quantity != quantity or quantity in (float("inf"), float("-inf")):
            raise UserError(env._("%(product)s: not a number.", product=product_name))
        if quantity < 0 or (quantity == 0 and not allow_zero):
            raise UserError(
                env._(
                    "%(product)s: the quantity must be positive.", product=product_name
                )
            )
        if quantity > MAX_QUANTITY:
            raise UserError(
                env._(
                    "%(product)s: %(quantity)s is more than %(max)s, the largest "
                    "quantity accepted.",
                    product=product_name,
                    quantity=value,
                    max=MAX_QUANTITY,
                )
            )
        return quantity

    def _parse_text(self, value, label, size):
        """The stripped text of a form field (NUL bytes removed), refused when
        longer than ``size`` (cutting it would change what the supplier wrote
        without a word)."""
        try:
            return InputCheck(request.env).text(value, label, size, multiline=True)
        except InputError as error:
            raise UserError(str(error)) from error

    def _parse_date(self, value, label):
        """A date within the planning horizon (``scrm_base``'s window)."""
        try:
            return InputCheck(request.env).date(value, label)
        except InputError as error:
            raise UserError(str(error)) from error

    @http.route(
        "/my/vmi/propose/submit",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_my_vmi_propose(self, line_id=None, **post):
        line = self._vmi_check_line(line_id)
        line_sudo = line.sudo()
        env = request.env
        product_name = line_sudo.product_id.display_name
        try:
            quantity = self._parse_quantity(post.get("quantity"), product_name)
            justification = self._parse_text(
                post.get("justification"), env._("Justification"), TEXT_SIZE
            )
            ship_date = self._parse_date(post.get("ship_date"), env._("Ship date"))
            arrival_date = self._parse_date(
                post.get("arrival_date"), env._("Expected arrival")
            )
            with env.cr.savepoint():
                proposal_sudo = (
                    env["scrm.replenishment.proposal"]
                    .sudo()
                    .create(
                        {
                            "agreement_id": line_sudo.agreement_id.id,
                            "justification": justification or False,
                            "line_ids": [
                                (
                                    0,
                                    0,
                                    {
                                        "product_id": line_sudo.product_id.id,
                                        "quantity": quantity,
                                        "ship_date": ship_date,
                                        "arrival_date": arrival_date,
                                    },
                                )
                            ],
                        }
                    )
                )
                proposal_sudo.action_submit()
        except (UserError, ValidationError) as error:
            values = self._vmi_proposal_form_values(
                line, error=error.args[0].split("\n")
            )
            values["form"].update(
                {
                    key: post.get(key, "")
                    for key in (
                        "quantity",
                        "ship_date",
                        "arrival_date",
                        "justification",
                    )
                }
            )
            return request.render(
                "scrm_supplier_portal.portal_my_vmi_propose", values, status=400
            )
        self._vmi_log(
            proposal_sudo,
            env._(
                "Replenishment proposal %(name)s submitted on the portal (%(state)s)",
                name=proposal_sudo.name,
                state=dict(proposal_sudo._fields["state"]._description_selection(env))[
                    proposal_sudo.state
                ],
            ),
        )
        return request.redirect(f"/my/vmi/proposals/{proposal_sudo.id}?saved=1")

    @http.route("/my/vmi/proposals", type="http", auth="user", website=True)
    @guard
    def portal_my_vmi_proposals(self, page=1, **kw):
        Proposal = request.env["scrm.replenishment.proposal"]
        domain = [("partner_id", "=", self._vmi_partner().id)]
        total = Proposal.search_count(domain) if Proposal.has_access("read") else 0
        try:
            page = min(max(1, int(page)), 100000)
        except (TypeError, ValueError):
            page = 1
        pager = portal_pager(
            url="/my/vmi/proposals", total=total, page=page, step=PAGE_SIZE
        )
        proposals = (
            Proposal.search(domain, limit=PAGE_SIZE, offset=pager["offset"])
            if total
            else Proposal
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "scrm_vmi_proposals",
                "proposals": proposals.sudo(),
                "pager": pager,
            }
        )
        return request.render("scrm_supplier_portal.portal_my_vmi_proposals", values)

    def _vmi_proposal_values(self, proposal, **extra):
        values = self._prepare_portal_layout_values()
        today = fields.Date.context_today(request.env.user)
        values.update(
            {
                "page_name": "scrm_vmi_proposal",
                "proposal": proposal.sudo(),
                "today": today,
                "form": {"ship_date": today, "arrival_date": today},
                **extra,
            }
        )
        return values

    @http.route(
        "/my/vmi/proposals/<int:proposal_id>", type="http", auth="user", website=True
    )
    @guard
    def portal_my_vmi_proposal(self, proposal_id, **kw):
        proposal = self._vmi_check_proposal(proposal_id)
        return request.render(
            "scrm_supplier_portal.portal_my_vmi_proposal",
            self._vmi_proposal_values(proposal, saved=kw.get("saved")),
        )

    @http.route(
        "/my/vmi/proposals/<int:proposal_id>/cancel",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_my_vmi_proposal_cancel(self, proposal_id, **post):
        proposal = self._vmi_check_proposal(proposal_id)
        proposal_sudo = proposal.sudo()
        try:
            self._vmi_check_agreement_active(proposal_sudo)
            with request.env.cr.savepoint():
                proposal_sudo.action_cancel()
        except UserError as error:
            return request.render(
                "scrm_supplier_portal.portal_my_vmi_proposal",
                self._vmi_proposal_values(proposal, error=[error.args[0]]),
                status=400,
            )
        self._vmi_log(
            proposal_sudo,
            request.env._("Proposal %s cancelled on the portal", proposal_sudo.name),
        )
        return request.redirect(f"/my/vmi/proposals/{proposal_sudo.id}")

    @http.route(
        "/my/vmi/proposals/<int:proposal_id>/ship",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_my_vmi_proposal_ship(self, proposal_id, **post):
        """The shipping notice: quantities shipped per line, dates, carrier."""
        proposal = self._vmi_check_proposal(proposal_id)
        proposal_sudo = proposal.sudo()
        env = request.env
        try:
            self._vmi_check_agreement_active(proposal_sudo)
            shipped = {}
            for line in proposal_sudo.line_ids:
                shipped[line] = self._parse_quantity(
                    post.get(f"shipped_{line.id}", "0"),
                    line.product_id.display_name,
                    allow_zero=True,
                )
            unknown = {
                key
                for key in post
                if key.startswith("shipped_")
                and key not in {f"shipped_{line.id}" for line in proposal_sudo.line_ids}
            }
            if unknown:
                raise UserError(env._("The shipping notice names unknown lines."))
            ship_date = self._parse_date(post.get("ship_date"), env._("Ship date"))
            arrival_date = self._parse_date(
                post.get("arrival_date"), env._("Expected arrival")
            )
            carrier = self._parse_text(post.get("carrier"), env._("Carrier"), 128)
            tracking = self._parse_text(
                post.get("tracking_ref"), env._("Tracking reference"), 128
            )
            with env.cr.savepoint():
                proposal_sudo._ship(
                    shipped, ship_date, arrival_date, carrier=carrier, tracking=tracking
                )
        except (UserError, ValidationError) as error:
            values = self._vmi_proposal_values(
                proposal, error=error.args[0].split("\n")
            )
            values["form"] = {
                key: post.get(key, "")
                for key in ("ship_date", "arrival_date", "carrier", "tracking_ref")
            }
            return request.render(
                "scrm_supplier_portal.portal_my_vmi_proposal", values, status=400
            )
        self._vmi_log(
            proposal_sudo,
            env._(
                "Shipping notice for %(name)s sent on the portal (tracking %(ref)s)",
                name=proposal_sudo.name,
                ref=proposal_sudo.tracking_ref or "-",
            ),
        )
        return request.redirect(f"/my/vmi/proposals/{proposal_sudo.id}?saved=1")

    # ------------------------------------------------------------------
    # Forecast commitments
    # ------------------------------------------------------------------

    def _vmi_commit_values(self, line, posted=None, **extra):
        line_sudo = line.sudo()
        starts = self._vmi_week_starts()
        planned = line_sudo._vmi_figures(weeks=WEEKS, today=starts[0])[line.id][
            "requirements"
        ]
        commits = {commit.period_start: commit for commit in line_sudo.commit_ids}
        weeks = []
        for start, need in zip(starts, planned, strict=True):
            commit = commits.get(start)
            value = (posted or {}).get(f"commit_{start}")
            if value is None:
                value = f"{commit.committed_qty:g}" if commit else ""
            weeks.append(
                {
                    "start": start,
                    "planned": need,
                    "value": value,
                    "shortfall": commit.shortfall if commit else 0.0,
                }
            )
        values = self._prepare_portal_layout_values()
        values.update(
            {"page_name": "scrm_vmi_commit", "line": line_sudo, "weeks": weeks, **extra}
        )
        return values

    @http.route("/my/vmi/commit", type="http", auth="user", website=True)
    @guard
    def portal_my_vmi_commit(self, line_id=None, **kw):
        if not line_id:
            return self._vmi_line_list("commit")
        line = self._vmi_check_line(line_id)
        return request.render(
            "scrm_supplier_portal.portal_my_vmi_commit",
            self._vmi_commit_values(line, saved=kw.get("saved")),
        )

    @http.route(
        "/my/vmi/commit/submit",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_my_vmi_commit_submit(self, line_id=None, **post):
        line = self._vmi_check_line(line_id)
        line_sudo = line.sudo()
        env = request.env
        try:
            quantities = {}
            for key, value in post.items():
                if not key.startswith("commit_"):
                    continue
                week = self._parse_date(key[len("commit_") :], env._("Week"))
                if not (value or "").strip():
                    continue
                quantities[week] = self._parse_quantity(
                    value, line_sudo.product_id.display_name, allow_zero=True
                )
            if not quantities:
                raise UserError(env._("Enter a commitment for at least one week."))
            with env.cr.savepoint():
                line_sudo._vmi_record_commits(quantities, weeks=WEEKS)
        except (UserError, ValidationError) as error:
            return request.render(
                "scrm_supplier_portal.portal_my_vmi_commit",
                self._vmi_commit_values(
                    line, posted=post, error=error.args[0].split("\n")
                ),
                status=400,
            )
        self._vmi_log(
            line_sudo.agreement_id,
            env._(
                "Commitments for %(product)s saved on the portal (%(weeks)s weeks)",
                product=line_sudo.product_id.display_name,
                weeks=len(quantities),
            ),
        )
        return request.redirect(f"/my/vmi/commit?line_id={line.id}&saved=1")

    def _vmi_line_list(self, kind):
        """The list page of commitments or of price requests: every product of
        the user's agreements, with what was committed or requested, each
        linked to its own page. Read with the user's rights."""
        lines = request.env["scrm.vmi.agreement.line"].search(
            [("agreement_id", "in", self._vmi_agreements().ids)]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": f"scrm_vmi_{kind}_list",
                "kind": kind,
                "lines": lines.sudo(),
                "week_starts": self._vmi_week_starts(),
            }
        )
        if kind == "commit":
            Commit = request.env["scrm.vmi.commit"]
            commits = (
                Commit.search(
                    [
                        ("agreement_line_id", "in", lines.ids),
                        ("period_start", ">=", values["week_starts"][0]),
                    ]
                )
                if Commit.has_access("read")
                else Commit
            )
            totals = {
                line.id: {
                    "planned": 0.0,
                    "committed": 0.0,
                    "shortfall": 0.0,
                    "weeks": 0,
                }
                for line in lines
            }
            for commit in commits:
                total = totals[commit.agreement_line_id.id]
                total["planned"] += commit.planned_qty
                total["committed"] += commit.committed_qty
                total["shortfall"] += commit.shortfall
                total["weeks"] += 1
            values["totals"] = totals
        else:
            Request = request.env["scrm.vmi.price.request"]
            values["requests"] = (
                Request.search([("agreement_line_id", "in", lines.ids)], limit=50)
                if Request.has_access("read")
                else Request
            ).sudo()
        return request.render("scrm_supplier_portal.portal_my_vmi_line_list", values)

    # ------------------------------------------------------------------
    # Scorecard
    # ------------------------------------------------------------------

    def _vmi_scorecard_charts(self, scorecards):
        """One bar chart per measure, by month (oldest first)."""
        env = request.env
        # A month without receipts has no rate (its 0 % would read as a failure).
        months = scorecards.filtered("receipt_count").sorted("period_start")
        measures = [
            ("on_time_rate", env._("On time"), "%", 0.0, 100.0),
            ("in_full_rate", env._("In full"), "%", 0.0, 100.0),
            ("lead_time_accuracy", env._("Lead time accuracy"), "%", 0.0, 100.0),
            ("price_variance", env._("Price variance"), "%", None, None),
        ]
        charts = []
        for field, label, unit, low, high in measures:
            series = [
                (card.period_start.strftime("%Y-%m"), card[field]) for card in months
            ]
            charts.append(
                {
                    "field": field,
                    "label": label,
                    "unit": unit,
                    "last": series[-1][1] if series else None,
                    **bar_chart(series, low=low, high=high),
                }
            )
        return charts

    @http.route("/my/vmi/scorecard", type="http", auth="user", website=True)
    @guard
    def portal_my_vmi_scorecard(self, **kw):
        """The supplier's own scorecards: read with the user's rights (the
        portal rule keeps them to their commercial partner)."""
        Scorecard = request.env["scrm.supplier.scorecard"]
        scorecards = (
            Scorecard.search([("partner_id", "=", self._vmi_partner().id)], limit=24)
            if Scorecard.has_access("read")
            else Scorecard
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "scrm_vmi_scorecard",
                "scorecards": scorecards,
                "charts": self._vmi_scorecard_charts(scorecards),
            }
        )
        return request.render("scrm_supplier_portal.portal_my_vmi_scorecard", values)

    # ------------------------------------------------------------------
    # Price and lead time requests
    # ------------------------------------------------------------------

    def _vmi_price_values(self, line, form=None, **extra):
        line_sudo = line.sudo()
        requests = request.env["scrm.vmi.price.request"].search(
            [("agreement_line_id", "=", line.id)], limit=20
        )
        sellers = line_sudo.product_id.seller_ids.filtered(
            lambda s: s.partner_id == line_sudo.partner_id
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "scrm_vmi_price",
                "line": line_sudo,
                "requests": requests.sudo(),
                "sellers": sellers,
                "currency": request.env.company.currency_id,
                "form": form or {},
                **extra,
            }
        )
        return values

    @http.route("/my/vmi/price", type="http", auth="user", website=True)
    @guard
    def portal_my_vmi_price(self, line_id=None, **kw):
        if not line_id:
            return self._vmi_line_list("price")
        line = self._vmi_check_line(line_id)
        return request.render(
            "scrm_supplier_portal.portal_my_vmi_price",
            self._vmi_price_values(line, saved=kw.get("saved")),
        )

    @http.route(
        "/my/vmi/price/submit",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_my_vmi_price_submit(self, line_id=None, **post):
        line = self._vmi_check_line(line_id)
        line_sudo = line.sudo()
        env = request.env
        today = fields.Date.context_today(env.user)
        name = line_sudo.product_id.display_name
        try:
            values = {
                "agreement_line_id": line_sudo.id,
                "user_id": env.user.id,
                "note": self._parse_text(post.get("note"), env._("Note"), TEXT_SIZE)
                or False,
                "currency_id": env.company.currency_id.id,
            }
            if (post.get("price") or "").strip():
                values["price"] = self._parse_quantity(post["price"], name)
                values["date_start"] = self._parse_date(
                    post.get("date_start"), env._("Valid from")
                )
                if values["date_start"] < today:
                    raise UserError(env._("A new price cannot start in the past."))
                if (post.get("date_end") or "").strip():
                    values["date_end"] = self._parse_date(
                        post["date_end"], env._("Valid until")
                    )
                if (post.get("min_qty") or "").strip():
                    values["min_qty"] = self._parse_quantity(
                        post["min_qty"], name, allow_zero=True
                    )
            if (post.get("lead_time") or "").strip():
                try:
                    values["lead_time"] = int(post["lead_time"].strip())
                except ValueError as error:
                    raise UserError(
                        env._("The lead time is a whole number of days.")
                    ) from error
                if values["lead_time"] <= 0:
                    raise UserError(env._("The lead time must be positive."))
                if values["lead_time"] > MAX_LEAD_TIME:
                    # Checked here: a number beyond PostgreSQL's integers would
                    # fail the insert before the model's constraint could speak.
                    raise UserError(
                        env._(
                            "A lead time is between 1 and %(max)s days.",
                            max=MAX_LEAD_TIME,
                        )
                    )
            with env.cr.savepoint():
                price_request = env["scrm.vmi.price.request"].sudo().create(values)
        except (UserError, ValidationError) as error:
            return request.render(
                "scrm_supplier_portal.portal_my_vmi_price",
                self._vmi_price_values(
                    line, form=post, error=error.args[0].split("\n")
                ),
                status=400,
            )
        self._vmi_log(
            price_request,
            env._(
                "Price or lead time change for %(product)s requested on the portal",
                product=name,
            ),
        )
        return request.redirect(f"/my/vmi/price?line_id={line.id}&saved=1")
