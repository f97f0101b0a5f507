import math
from datetime import timedelta
from urllib.parse import quote_plus

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .sales_tz import local_date, user_zone

VISIT_STATES = [
    ("planned", "Planned"),
    ("checked_in", "Checked In"),
    ("done", "Reported"),
    ("cancelled", "Cancelled"),
]
VISIT_PURPOSES = [
    ("discovery", "Discovery"),
    ("demo", "Demonstration"),
    ("negotiation", "Negotiation"),
    ("follow_up", "Follow-up"),
    ("relationship", "Relationship"),
]
VISIT_OUTCOMES = [
    ("positive", "Positive"),
    ("neutral", "Neutral"),
    ("negative", "Negative"),
    ("no_show", "Customer Absent"),
]
# How far back or ahead a check-in or a follow-up may lie.
HORIZON_DAYS = 366


EARTH_RADIUS_KM = 6371.0088


def distance_km(here, there):
    """Great-circle distance between two (latitude, longitude) in degrees;
    0.0 when either is unknown ((0, 0), as Odoo stores no coordinates)."""
    if not any(here) or not any(there):
        return 0.0
    lat1, lon1, lat2, lon2 = map(math.radians, (*here, *there))
    half = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(half)))


def _position_from_context(env, latitude, longitude):
    """The position given as arguments, else the one the form's check-in and
    check-out buttons put in the context (the browser's, if the user let it)."""
    if latitude is None and longitude is None:
        return env.context.get("scrm_latitude"), env.context.get("scrm_longitude")
    return latitude, longitude


class ScrmSalesVisit(models.Model):
    """A field visit: a calendar event (Odoo's calendar shows and schedules it)
    with the account, contact and opportunity it is about, its check-in and
    check-out and the visit report, which lands on the account's timeline."""

    _name = "scrm.sales.visit"
    _description = "Field Visit"
    _inherits = {"calendar.event": "event_id"}
    _inherit = ["scrm.interaction.mixin"]
    _order = "start, id"
    _check_company_auto = True

    event_id = fields.Many2one(
        "calendar.event",
        string="Calendar Event",
        required=True,
        ondelete="cascade",
        index=True,
    )
    account_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        domain="[('is_company', '=', True)]",
        check_company=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        domain="[('parent_id', '=', account_id)]",
    )
    territory_id = fields.Many2one(
        related="account_id.scrm_territory_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    purpose = fields.Selection(VISIT_PURPOSES, required=True, default="discovery")
    visit_state = fields.Selection(
        VISIT_STATES, string="Status", required=True, default="planned", index=True
    )
    check_in = fields.Datetime(readonly=True, copy=False)
    check_out = fields.Datetime(readonly=True, copy=False)
    check_in_latitude = fields.Float(digits=(10, 7), readonly=True, copy=False)
    check_in_longitude = fields.Float(digits=(10, 7), readonly=True, copy=False)
    check_out_latitude = fields.Float(digits=(10, 7), readonly=True, copy=False)
    check_out_longitude = fields.Float(digits=(10, 7), readonly=True, copy=False)
    check_in_distance = fields.Float(
        string="Distance at Check-in (km)",
        digits=(16, 2),
        compute="_compute_check_distances",
        help="How far from the account's address (its coordinates) the browser "
        "placed the salesperson at check-in; empty when either is unknown.",
    )
    check_out_distance = fields.Float(
        string="Distance at Check-out (km)",
        digits=(16, 2),
        compute="_compute_check_distances",
        help="How far from the account's address (its coordinates) the browser "
        "placed the salesperson at check-out; empty when either is unknown.",
    )
    outcome = fields.Selection(VISIT_OUTCOMES, copy=False)
    report = fields.Html(string="Visit Report", sanitize=True, copy=False)
    next_step = fields.Char(copy=False)
    product_ids = fields.Many2many(
        "product.product", string="Products Discussed", copy=False
    )
    follow_up_date = fields.Date(copy=False)
    interaction_id = fields.Many2one(
        "scrm.interaction", string="Timeline Entry", readonly=True, copy=False
    )
    account_address = fields.Char(compute="_compute_account_address")
    map_url = fields.Char(string="Map", compute="_compute_account_address")
    visit_hours = fields.Float(
        compute="_compute_visit_hours",
        store=True,
        help="Check-in to check-out when both are recorded, else the planned duration.",
    )

    @api.depends(
        "account_id.street",
        "account_id.zip",
        "account_id.city",
        "account_id.country_id",
        "account_id.partner_latitude",
        "account_id.partner_longitude",
    )
    def _compute_account_address(self):
        for visit in self:
            account = visit.account_id
            parts = [
                account.street,
                " ".join(filter(None, [account.zip, account.city])),
                account.country_id.name,
            ]
            address = ", ".join(part for part in parts if part)
            visit.account_address = address
            if account.partner_latitude or account.partner_longitude:
                lat, lon = account.partner_latitude, account.partner_longitude
                visit.map_url = (
                    f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}"
                    f"#map=17/{lat}/{lon}"
                )
            elif address:
                visit.map_url = "https://www.openstreetmap.org/search?query=" + (
                    quote_plus(address)
                )
            else:
                visit.map_url = False

    @api.depends(
        "account_id.partner_latitude",
        "account_id.partner_longitude",
        "check_in_latitude",
        "check_in_longitude",
        "check_out_latitude",
        "check_out_longitude",
    )
    def _compute_check_distances(self):
        for visit in self:
            home = (
                visit.account_id.partner_latitude,
                visit.account_id.partner_longitude,
            )
            visit.check_in_distance = distance_km(
                home, (visit.check_in_latitude, visit.check_in_longitude)
            )
            visit.check_out_distance = distance_km(
                home, (visit.check_out_latitude, visit.check_out_longitude)
            )

    @api.depends("check_in", "check_out", "duration")
    def _compute_visit_hours(self):
        for visit in self:
            if visit.check_in and visit.check_out:
                seconds = (visit.check_out - visit.check_in).total_seconds()
                visit.visit_hours = seconds / 3600.0
            else:
                visit.visit_hours = visit.duration

    @api.constrains("account_id", "contact_id")
    def _check_contact(self):
        for visit in self:
            contact = visit.contact_id
            if contact and contact.commercial_partner_id != visit.account_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s does not work for %(account)s.",
                        contact=contact.display_name,
                        account=visit.account_id.display_name,
                    )
                )

    @api.constrains("opportunity_id", "account_id")
    def _check_opportunity(self):
        for visit in self:
            lead_account = visit.opportunity_id.partner_id.commercial_partner_id
            if lead_account and lead_account != visit.account_id:
                raise ValidationError(
                    self.env._(
                        "The opportunity %(lead)s is for %(other)s, not %(account)s.",
                        lead=visit.opportunity_id.display_name,
                        other=lead_account.display_name,
                        account=visit.account_id.display_name,
                    )
                )

    @api.constrains("follow_up_date")
    def _check_follow_up_date(self):
        today = fields.Date.context_today(self)
        for visit in self.filtered("follow_up_date"):
            # The visit's day is the salesperson's (else the company's), not
            # UTC's: a visit at 07:30 in Shanghai may be followed up that day.
            day = local_date(visit.start, user_zone(visit.user_id, visit.company_id))
            if not (
                day <= visit.follow_up_date <= today + timedelta(days=HORIZON_DAYS)
            ):
                raise ValidationError(
                    self.env._(
                        "The follow-up date must lie between the visit and one year "
                        "from today."
                    )
                )

    @api.onchange("account_id")
    def _onchange_account_id(self):
        if self.account_id and not self.location:
            self.location = self._address_of(self.account_id)
        if self.account_id and not self.name:
            self.name = self.env._(
                "Visit: %(account)s", account=self.account_id.display_name
            )

    @api.model
    def _address_of(self, account):
        parts = [
            account.street,
            " ".join(filter(None, [account.zip, account.city])),
            account.country_id.name,
        ]
        return ", ".join(part for part in parts if part)

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            account = Partner.browse(vals.get("account_id")).exists()
            if not vals.get("name") and account:
                vals["name"] = self.env._(
                    "Visit: %(account)s", account=account.display_name
                )
            if not vals.get("location") and account:
                vals["location"] = self._address_of(account)
            attendees = [
                Partner.browse(vals.get("contact_id")).exists(),
                self.env["res.users"]
                .browse(vals.get("user_id") or self.env.uid)
                .partner_id,
            ]
            if "partner_ids" not in vals:
                vals["partner_ids"] = [
                    fields.Command.link(partner.id) for partner in attendees if partner
                ]
        return super().create(vals_list)

    def _scrm_get_interaction_contacts(self):
        return {visit.id: visit.contact_id or visit.account_id for visit in self}

    @api.model
    def _scrm_get_interaction_side(self):
        return "customer"

    # ------------------------------------------------------------------
    # Check-in, check-out, report
    # ------------------------------------------------------------------

    def _check_own_visit(self):
        """Only the salesperson of a visit (or a sales manager) records it."""
        if self.env.su or self.env.user.has_group(
            "scrm_sales_marketing.group_sales_manager"
        ):
            return
        for visit in self:
            if visit.user_id != self.env.user:
                raise UserError(
                    self.env._(
                        "Only %(user)s, who makes this visit, can record it.",
                        user=visit.user_id.name,
                    )
                )

    @api.model
    def _check_coordinates(self, latitude, longitude):
        if latitude is None and longitude is None:
            return False
        try:
            latitude, longitude = float(latitude), float(longitude)
        except (TypeError, ValueError):
            raise UserError(
                self.env._("The position must be a latitude and a longitude.")
            ) from None
        if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
            raise UserError(
                self.env._(
                    "The position is not on Earth: a latitude lies between -90 and "
                    "90, a longitude between -180 and 180."
                )
            )
        return latitude, longitude

    def action_check_in(self, latitude=None, longitude=None):
        """Record the arrival at the customer's, with the position if the
        device gave one."""
        self.ensure_one()
        self._check_own_visit()
        if self.visit_state != "planned":
            raise UserError(self.env._("Only a planned visit can be checked in."))
        position = self._check_coordinates(
            *_position_from_context(self.env, latitude, longitude)
        )
        vals = {"visit_state": "checked_in", "check_in": fields.Datetime.now()}
        if position:
            vals["check_in_latitude"], vals["check_in_longitude"] = position
        self.write(vals)
        return True

    def action_check_out(self, latitude=None, longitude=None):
        """Record the departure, with the position if the device gave one."""
        self.ensure_one()
        self._check_own_visit()
        if self.visit_state != "checked_in" or self.check_out:
            raise UserError(
                self.env._("Check in first: a visit is checked out once, after it.")
            )
        position = self._check_coordinates(
            *_position_from_context(self.env, latitude, longitude)
        )
        vals = {"check_out": fields.Datetime.now()}
        if position:
            vals["check_out_latitude"], vals["check_out_longitude"] = position
        self.write(vals)
        return True

    def action_cancel(self):
        self._check_own_visit()
        if any(visit.visit_state == "done" for visit in self):
            raise UserError(self.env._("A reported visit cannot be cancelled."))
        self.write({"visit_state": "cancelled"})
        return True

    def action_submit_report(self):
        """Close the visit: its report goes to the account's timeline as a
        face-to-face interaction, and the follow-up date becomes an activity
        of the salesperson on the opportunity (or the account)."""
        self._check_own_visit()
        for visit in self:
            if visit.visit_state in ("done", "cancelled"):
                raise UserError(
                    self.env._("This visit is already reported or cancelled.")
                )
            if not visit.outcome:
                raise UserError(
                    self.env._("Say how the visit went (outcome) before reporting it.")
                )
            if visit.check_in and not visit.check_out:
                visit.check_out = fields.Datetime.now()
            visit._scrm_post_report()
        return True

    def _scrm_post_report(self):
        self.ensure_one()
        outcome = dict(self._fields["outcome"]._description_selection(self.env))[
            self.outcome
        ]
        summary = self.env._(
            "Visit to %(account)s: %(outcome)s",
            account=self.account_id.display_name,
            outcome=outcome,
        )
        lines = []
        if self.next_step:
            lines.append(
                Markup("<p><b>%s</b> %s</p>")
                % (self.env._("Next step:"), self.next_step)
            )
        if self.product_ids:
            lines.append(
                Markup("<p><b>%s</b> %s</p>")
                % (
                    self.env._("Products discussed:"),
                    ", ".join(self.product_ids.mapped("display_name")),
                )
            )
        body = Markup("").join(lines) + (self.report or Markup(""))
        interaction = self._scrm_log_interaction(
            "face_to_face",
            summary,
            body=body or False,
            date=self.check_in or self.start,
            user_id=self.user_id.id or self.env.uid,
        )
        self.write({"visit_state": "done", "interaction_id": interaction[:1].id})
        if self.follow_up_date:
            target = self.opportunity_id or self.account_id
            target.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=self.follow_up_date,
                summary=self.next_step or summary,
                note=escape(summary),
                user_id=self.user_id.id or self.env.uid,
            )

    # ------------------------------------------------------------------
    # Day plan
    # ------------------------------------------------------------------

    @api.model
    def action_day_plan(self):
        """Today's visits of the current user, in time order."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_sales_marketing.scrm_sales_visit_day_plan_action"
        )
        today = fields.Date.context_today(self)
        tz_start = fields.Datetime.context_timestamp(
            self, fields.Datetime.to_datetime(today)
        )
        offset = tz_start.utcoffset() or timedelta()
        start = fields.Datetime.to_datetime(today) - offset
        action["domain"] = [
            ("user_id", "=", self.env.uid),
            ("start", ">=", fields.Datetime.to_string(start)),
            ("start", "<", fields.Datetime.to_string(start + timedelta(days=1))),
            ("visit_state", "!=", "cancelled"),
        ]
        return action

    # ------------------------------------------------------------------
    # Cost of sale
    # ------------------------------------------------------------------

    currency_id = fields.Many2one(related="company_id.currency_id")
    visit_cost = fields.Monetary(
        string="Time Cost",
        currency_field="currency_id",
        compute="_compute_visit_cost",
        store=True,
        help="The hours of a reported visit at the salesperson's hourly cost "
        "(their employee's), kept as it was when the visit was reported.",
    )

    @api.depends("visit_state", "visit_hours")
    def _compute_visit_cost(self):
        for visit in self:
            if visit.visit_state != "done":
                visit.visit_cost = 0.0
                continue
            employee = (
                visit.user_id.sudo()
                .with_company(visit.company_id)
                .employee_ids.filtered(lambda e, v=visit: e.company_id == v.company_id)[
                    :1
                ]
            )
            visit.visit_cost = visit.visit_hours * (employee.hourly_cost or 0.0)
