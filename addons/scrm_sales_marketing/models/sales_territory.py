import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

ASSIGNMENT_METHODS = [
    ("round_robin", "Round Robin"),
    ("least_load", "Least Open Opportunities"),
    ("manual", "Owner Only"),
]
ZIP_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_zip_ranges(text):
    """[(low, high, width)] of a text such as ``75000-75999, 13001``; raises
    ValueError on anything but digits, dashes, commas and spaces."""
    ranges = []
    for chunk in (text or "").replace(";", ",").split(","):
        if not chunk.strip():
            continue
        match = ZIP_RANGE.match(chunk)
        if not match:
            raise ValueError(chunk.strip())
        low, high = match.group(1), match.group(2) or match.group(1)
        if len(low) != len(high) or int(low) > int(high):
            raise ValueError(chunk.strip())
        ranges.append((int(low), int(high), len(low)))
    return ranges


def zip_in_ranges(zip_code, ranges):
    digits = (zip_code or "").strip().replace(" ", "")
    if not digits.isdigit():
        return False
    value = int(digits)
    return any(
        len(digits) == width and low <= value <= high for low, high, width in ranges
    )


ZIP_BUCKET = 100  # zip codes per bucket of the rule index
ZIP_BUCKETS_MAX = 1000  # a wider zip rule is indexed by country instead


class _RuleIndex:
    """The compiled rules (in priority order) that may match some values: each
    rule is filed under one key it cannot match without (its zip buckets, else
    its countries, else its states, else everywhere), so a record is checked
    against a handful of rules instead of all of them, and the first match in
    priority order is the same. Candidate lists are kept per key."""

    def __init__(self, compiled):
        self.compiled = compiled
        self.by_zip, self.by_country, self.by_state = {}, {}, {}
        self.everywhere = []
        self.memo = {}
        for position, row in enumerate(compiled):
            rule = row[-1]
            zips = rule["zips"]
            if zips and all(
                high // ZIP_BUCKET - low // ZIP_BUCKET < ZIP_BUCKETS_MAX
                for low, high, _width in zips
            ):
                for low, high, width in zips:
                    for bucket in range(low // ZIP_BUCKET, high // ZIP_BUCKET + 1):
                        self.by_zip.setdefault((width, bucket), []).append(position)
            elif rule["countries"]:
                for country_id in rule["countries"]:
                    self.by_country.setdefault(country_id, []).append(position)
            elif rule["states"]:
                for state_id in rule["states"]:
                    self.by_state.setdefault(state_id, []).append(position)
            else:
                self.everywhere.append(position)

    def for_values(self, values):
        digits = (values.get("zip") or "").strip().replace(" ", "")
        zip_key = (len(digits), int(digits) // ZIP_BUCKET) if digits.isdigit() else None
        key = (zip_key, values.get("country_id"), values.get("state_id"))
        found = self.memo.get(key)
        if found is None:
            positions = set(self.everywhere)
            positions.update(self.by_zip.get(zip_key, ()))
            positions.update(self.by_country.get(key[1], ()))
            positions.update(self.by_state.get(key[2], ()))
            found = self.memo[key] = [self.compiled[p] for p in sorted(positions)]
        return found


class ScrmTerritory(models.Model):
    """A sales territory: a node of a tree, with rules selecting accounts and a
    team of salespeople who own them."""

    _name = "scrm.territory"
    _description = "Sales Territory"
    _parent_store = True
    _order = "complete_name, id"
    _rec_name = "complete_name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        string="Full Name", compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        "scrm.territory",
        string="Parent Territory",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("scrm.territory", "parent_id", string="Sub-territories")
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        check_company=True,
        help="The team that owns the accounts and opportunities of this territory.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Territory Manager",
        domain="[('share', '=', False)]",
        help="Owns what no member can take.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "scrm_territory_member_rel",
        "territory_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False)]",
        help="Salespeople who receive the new leads and accounts of this territory.",
    )
    priority = fields.Integer(
        default=10,
        help="When an account matches several territories, the highest priority wins.",
    )
    is_default = fields.Boolean(
        string="Default Territory",
        help="Receives the accounts of its company that no territory's rules match.",
    )
    assignment_method = fields.Selection(
        ASSIGNMENT_METHODS, required=True, default="round_robin"
    )
    last_assigned_user_id = fields.Many2one("res.users", readonly=True)
    first_contact_hours = fields.Float(
        string="First Contact Within (working hours)",
        default=4.0,
        help="The owner of a new lead gets a first-contact activity due after this "
        "many working hours of the company's calendar.",
    )
    # Rules: an empty rule matches every account; a filled one must match.
    country_ids = fields.Many2many("res.country", string="Countries")
    state_ids = fields.Many2many("res.country.state", string="States")
    zip_ranges = fields.Char(
        help="Comma-separated ranges of numeric zip codes, e.g. 75000-75999, 13001.",
    )
    industry_ids = fields.Many2many("res.partner.industry", string="Industries")
    category_ids = fields.Many2many("res.partner.category", string="Partner Tags")
    revenue_min = fields.Monetary(
        string="Yearly Revenue From", currency_field="currency_id"
    )
    revenue_max = fields.Monetary(
        string="Yearly Revenue Up To",
        currency_field="currency_id",
        help="Zero: no upper bound.",
    )
    employees_min = fields.Integer(
        string="Employees From", help="Company size band: the account's employees."
    )
    employees_max = fields.Integer(
        string="Employees Up To", help="Zero: no upper bound."
    )

    @api.constrains("employees_min", "employees_max")
    def _check_employees_band(self):
        for territory in self:
            low, high = territory.employees_min, territory.employees_max
            if low < 0 or high < 0 or (high and high < low):
                raise ValidationError(
                    self.env._(
                        "The company-size band of %(territory)s must run from a "
                        "number of employees to a larger one (zero: no bound).",
                        territory=territory.complete_name,
                    )
                )

    currency_id = fields.Many2one(related="company_id.currency_id")
    include_partner_ids = fields.Many2many(
        "res.partner",
        "scrm_territory_include_partner_rel",
        "territory_id",
        "partner_id",
        string="Included Accounts",
        help="Always in this territory, whatever the rules of the others.",
    )
    exclude_partner_ids = fields.Many2many(
        "res.partner",
        "scrm_territory_exclude_partner_rel",
        "territory_id",
        "partner_id",
        string="Excluded Accounts",
    )
    account_count = fields.Integer(compute="_compute_account_count")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for territory in self:
            if territory.parent_id:
                territory.complete_name = (
                    f"{territory.parent_id.complete_name} / {territory.name}"
                )
            else:
                territory.complete_name = territory.name

    def _compute_account_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("scrm_territory_id", "in", self.ids)],
                ["scrm_territory_id"],
                ["__count"],
            )
        )
        for territory in self:
            territory.account_count = counts.get(territory, 0)

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A territory cannot be its own ancestor."))

    @api.constrains("zip_ranges")
    def _check_zip_ranges(self):
        for territory in self:
            try:
                parse_zip_ranges(territory.zip_ranges)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "“%(range)s” is not a zip range: write numbers such as "
                        "75000-75999, the lower bound first, both of the same length.",
                        range=str(error),
                    )
                ) from None

    @api.constrains("member_ids", "user_id", "company_id")
    def _check_members_company(self):
        for territory in self:
            for user in territory.member_ids | territory.user_id:
                if territory.company_id not in user.company_ids:
                    raise ValidationError(
                        self.env._(
                            "%(user)s does not work for %(company)s and cannot be "
                            "a member of the territory %(territory)s.",
                            user=user.name,
                            company=territory.company_id.name,
                            territory=territory.complete_name,
                        )
                    )

    @api.constrains("is_default", "company_id", "active")
    def _check_one_default(self):
        for territory in self.filtered(lambda t: t.is_default and t.active):
            others = self.search_count(
                [
                    ("is_default", "=", True),
                    ("company_id", "=", territory.company_id.id),
                    ("id", "!=", territory.id),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has a default territory.",
                        company=territory.company_id.name,
                    )
                )

    @api.constrains(
        "priority",
        "company_id",
        "country_ids",
        "state_ids",
        "zip_ranges",
        "industry_ids",
        "category_ids",
        "revenue_min",
        "revenue_max",
        "employees_min",
        "employees_max",
        "parent_id",
        "active",
    )
    def _check_overlap(self):
        for territory in self.filtered(lambda t: t.active and not t.is_default):
            siblings = self.search(
                [
                    ("company_id", "=", territory.company_id.id),
                    ("priority", "=", territory.priority),
                    ("is_default", "=", False),
                    ("id", "!=", territory.id),
                ]
            )
            for other in siblings:
                # A territory refines its ancestors: no clash along one branch.
                if other in territory._ancestors() or territory in other._ancestors():
                    continue
                if territory._rules_overlap(other):
                    raise ValidationError(
                        self.env._(
                            "The rules of %(one)s and %(other)s overlap and both "
                            "have priority %(priority)s: give one of them another "
                            "priority or narrow its rules.",
                            one=territory.complete_name,
                            other=other.complete_name,
                            priority=territory.priority,
                        )
                    )

    def write(self, vals):
        if vals.get("parent_id"):
            # Said before the ORM's generic "Recursion Detected".
            descendants = self.search([("id", "child_of", self.ids)])
            if vals["parent_id"] in descendants.ids:
                raise ValidationError(
                    self.env._("A territory cannot be its own ancestor.")
                )
        return super().write(vals)

    def _ancestors(self):
        self.ensure_one()
        return self.browse([int(i) for i in self.parent_path.split("/")[:-2]])

    def _rules_overlap(self, other):
        """May one account match both territories' rules?"""

        def sets_meet(a, b):
            return not a or not b or bool(a & b)

        if not sets_meet(self.country_ids, other.country_ids):
            return False
        if not sets_meet(self.state_ids, other.state_ids):
            return False
        # A state lies in its country: Texas never meets a rule on France.
        if self.state_ids and other.country_ids:
            if not self.state_ids.country_id & other.country_ids:
                return False
        if other.state_ids and self.country_ids:
            if not other.state_ids.country_id & self.country_ids:
                return False
        if not sets_meet(self.industry_ids, other.industry_ids):
            return False
        if not sets_meet(self.category_ids, other.category_ids):
            return False
        mine, theirs = (
            parse_zip_ranges(self.zip_ranges),
            parse_zip_ranges(other.zip_ranges),
        )
        if (
            mine
            and theirs
            and not any(
                w1 == w2 and l1 <= h2 and l2 <= h1
                for l1, h1, w1 in mine
                for l2, h2, w2 in theirs
            )
        ):
            return False
        high_a = self.revenue_max or float("inf")
        high_b = other.revenue_max or float("inf")
        if not (self.revenue_min <= high_b and other.revenue_min <= high_a):
            return False
        high_a = self.employees_max or float("inf")
        high_b = other.employees_max or float("inf")
        return self.employees_min <= high_b and other.employees_min <= high_a

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------

    @api.model
    def _get_matcher(self, company, overrides=None):
        """A function partner-values -> territory id for one company, built from
        every active territory in a fixed number of queries.

        :param overrides: {territory id: {"priority", "countries", "zip_ranges"}}
            of a territory plan, applied instead of the stored rules
        """
        overrides = overrides or {}
        territories = self.sudo().search([("company_id", "=", company.id)])
        default = territories.filtered("is_default")[:1]
        compiled = []
        included = {}
        for territory in territories - default:
            for partner_id in territory.include_partner_ids.ids:
                included.setdefault(partner_id, territory)
            plan = overrides.get(territory.id, {})
            compiled.append(
                (
                    -plan.get("priority", territory.priority),
                    -territory.parent_path.count("/"),
                    territory.sequence,
                    territory.id,
                    {
                        "countries": plan.get("countries")
                        or set(territory.country_ids.ids),
                        "states": set(territory.state_ids.ids),
                        "zips": parse_zip_ranges(
                            plan.get("zip_ranges") or territory.zip_ranges
                        ),
                        "industries": set(territory.industry_ids.ids),
                        "tags": set(territory.category_ids.ids),
                        "rev_min": territory.revenue_min,
                        "rev_max": territory.revenue_max,
                        "emp_min": territory.employees_min,
                        "emp_max": territory.employees_max,
                        "exclude": set(territory.exclude_partner_ids.ids),
                    },
                )
            )
        compiled.sort(key=lambda row: row[:4])
        default_id = default.id or False
        candidates = _RuleIndex(compiled)

        def match(values):
            partner_id = values.get("partner_id")
            if partner_id in included:
                return included[partner_id].id
            for *_key, territory_id, rule in candidates.for_values(values):
                if partner_id and partner_id in rule["exclude"]:
                    continue
                if (
                    rule["countries"]
                    and values.get("country_id") not in rule["countries"]
                ):
                    continue
                if rule["states"] and values.get("state_id") not in rule["states"]:
                    continue
                if rule["zips"] and not zip_in_ranges(values.get("zip"), rule["zips"]):
                    continue
                if (
                    rule["industries"]
                    and values.get("industry_id") not in rule["industries"]
                ):
                    continue
                if rule["tags"] and not rule["tags"] & set(
                    values.get("category_ids") or ()
                ):
                    continue
                revenue = values.get("revenue") or 0.0
                if rule["rev_min"] and revenue < rule["rev_min"]:
                    continue
                if rule["rev_max"] and revenue > rule["rev_max"]:
                    continue
                employees = values.get("employees") or 0
                if rule["emp_min"] and employees < rule["emp_min"]:
                    continue
                if rule["emp_max"] and employees > rule["emp_max"]:
                    continue
                return territory_id
            return default_id

        return match

    @api.model
    def _match_partners(self, partners):
        """{partner id: scrm.territory} for commercial partners (by company)."""
        result = {}
        by_company = {}
        for partner in partners:
            company = partner.company_id or self.env.company
            by_company.setdefault(company, []).append(partner)
        for company, group in by_company.items():
            match = self._get_matcher(company)
            for partner in group:
                result[partner.id] = self.browse(
                    match(partner._scrm_territory_match_values())
                )
        return result

    # ------------------------------------------------------------------
    # Assignment
    # ------------------------------------------------------------------

    def _pick_owners(self, count):
        """Owners for ``count`` new records of this territory, in order, following
        its assignment method (open opportunities count as load)."""
        self.ensure_one()
        members = self.member_ids.filtered("active")
        if self.assignment_method == "manual" or not members:
            return [self.user_id.id or False] * count
        # The open load only decides for "least load" (round robin: one query
        # less per territory when thousands of leads are dispatched at once).
        rows = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("user_id", "in", members.ids),
                    ("active", "=", True),
                    ("stage_id.is_won", "=", False),
                ],
                ["user_id"],
                ["__count"],
            )
            if self.assignment_method == "least_load"
            else []
        )
        load = {user.id: n for user, n in rows}
        ordered = members.sorted("id")
        picked = []
        last = self.last_assigned_user_id
        for _i in range(count):
            if self.assignment_method == "least_load":
                user = min(ordered, key=lambda u: (load.get(u.id, 0), u.id))
            else:
                ids = ordered.ids
                start = ids.index(last.id) + 1 if last.id in ids else 0
                user = ordered[start % len(ids)]
            picked.append(user.id)
            load[user.id] = load.get(user.id, 0) + 1
            last = user
        if last != self.last_assigned_user_id:
            self.sudo().last_assigned_user_id = last
        return picked

    def _first_contact_deadline(self, start=None):
        """When the first contact is due: ``first_contact_hours`` working hours
        of the company's calendar after ``start`` (now)."""
        self.ensure_one()
        start = start or fields.Datetime.now()
        calendar = self.company_id.resource_calendar_id
        if calendar and self.first_contact_hours:
            deadline = calendar.plan_hours(self.first_contact_hours, start)
            if deadline:
                return deadline.replace(tzinfo=None)
        return start + timedelta(hours=self.first_contact_hours)

    def action_view_accounts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Accounts of %(territory)s", territory=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("scrm_territory_id", "=", self.id)],
            "context": {"default_scrm_territory_id": self.id},
        }
