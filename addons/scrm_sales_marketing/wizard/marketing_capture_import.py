import base64
import csv
import io

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.scrm_base.tools.validation import InputCheck, InputError

# Header names understood in a list (lower case), per lead field.
COLUMNS = {
    "name": ("name", "contact", "contact name", "full name", "姓名"),
    "email": ("email", "e-mail", "email address", "邮箱"),
    "phone": ("phone", "mobile", "telephone", "电话"),
    "company": ("company", "company name", "organisation", "organization", "公司"),
}
MAX_ROWS = 50000


class ScrmMarketingLeadImport(models.TransientModel):
    """Import a fair or purchased list (CSV or Excel, read by Odoo's import)
    as leads of a campaign: rows of an address or phone already known join
    that lead, duplicates inside the file and bad rows are rejected with
    their reason, and the consent source is recorded."""

    _name = "scrm.marketing.lead.import"
    _description = "Import a Lead List"

    file = fields.Binary(required=True)
    file_name = fields.Char()
    campaign_id = fields.Many2one(
        "utm.campaign", string="Marketing Campaign", required=True
    )
    source_name = fields.Char(
        string="List Source", required=True, help="e.g. Trade fair Hannover Messe"
    )
    source_date = fields.Date(
        string="Collected On", required=True, default=fields.Date.context_today
    )
    has_consent = fields.Boolean(
        string="Contacts Accepted Marketing Email",
        help="The people on the list agreed to receive marketing email (a "
        "signed fair form): their consent is recorded with this source.",
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    created_count = fields.Integer(string="New Leads", readonly=True)
    joined_count = fields.Integer(string="Joined Existing Leads", readonly=True)
    rejected_count = fields.Integer(string="Rejected Rows", readonly=True)
    rejected_report = fields.Text(string="Rejected Rows Report", readonly=True)
    rejected_file = fields.Binary(string="Rejected Rows (CSV)", readonly=True)
    rejected_file_name = fields.Char(readonly=True)

    def _read_rows(self):
        importer = self.env["base_import.import"].create(
            {
                "res_model": "crm.lead",
                "file": base64.b64decode(self.file),
                "file_name": self.file_name or "list.csv",
                "file_type": "text/csv"
                if (self.file_name or "").lower().endswith(".csv")
                else False,
            }
        )
        try:
            _length, rows = importer._read_file(
                {"quoting": '"', "separator": "", "encoding": "", "has_headers": True}
            )
        except (UserError, ValueError) as error:
            raise UserError(
                self.env._("The file cannot be read: %(error)s", error=error)
            ) from error
        rows = [[str(cell or "").strip() for cell in row] for row in rows]
        if len(rows) > MAX_ROWS + 1:
            raise UserError(
                self.env._("A list holds at most %(count)s rows.", count=MAX_ROWS)
            )
        return rows

    @api.model
    def _column_map(self, header):
        found = {}
        for index, title in enumerate(header):
            key = title.strip().lower()
            for fname, names in COLUMNS.items():
                if key in names and fname not in found:
                    found[fname] = index
        if "email" not in found and "phone" not in found:
            raise UserError(
                self.env._(
                    "The list needs an Email or a Phone column (first row: the "
                    "column names)."
                )
            )
        return found

    def action_import(self):
        self.ensure_one()
        self.env["crm.lead"].check_access("create")
        rows = self._read_rows()
        if not rows:
            raise UserError(self.env._("The file is empty."))
        columns = self._column_map(rows[0])
        check = InputCheck(self.env)
        Lead = self.env["crm.lead"]
        country = self.env.company.country_id
        note = self.env._(
            "%(origin)s, %(date)s",
            origin=self.source_name,
            date=fields.Date.to_string(self.source_date),
        )
        rejected, seen, parsed = [], {}, []
        for number, row in enumerate(rows[1:], start=2):

            def cell(fname, row=row):
                index = columns.get(fname)
                return row[index] if index is not None and index < len(row) else ""

            try:
                name = check.text(cell("name"), self.env._("Name"))
                company = check.text(cell("company"), self.env._("Company"))
                phone = check.text(cell("phone"), self.env._("Phone"), size=40)
                email = (
                    check.email(cell("email"), self.env._("Email"))
                    if cell("email")
                    else False
                )
                if not email and not phone:
                    raise InputError(self.env._("No email and no phone."))
            except InputError as error:
                rejected.append((number, str(error)))
                continue
            phone_sanitized = (
                Lead._phone_format(number=phone, country=country, force_format="E164")
                if phone
                else False
            )
            keys = [k for k in (email, phone_sanitized) if k]
            first = next((seen[k] for k in keys if k in seen), None)
            if first:
                rejected.append(
                    (number, self.env._("Duplicate of row %(row)s.", row=first))
                )
                continue
            for key in keys:
                seen[key] = number
            parsed.append((number, name, company, email, phone, phone_sanitized))
        # Existing leads of those addresses and phones, in two queries.
        emails = [p[3] for p in parsed if p[3]]
        phones = [p[5] for p in parsed if p[5]]
        existing = Lead.search(
            ["|", ("email_normalized", "in", emails), ("phone_sanitized", "in", phones)]
        )
        by_key = {}
        for lead in existing.sorted("id", reverse=True):
            for key in (lead.email_normalized, lead.phone_sanitized):
                if key:
                    by_key[key] = lead
        to_create, joined = [], Lead.browse()
        for _number, name, company, email, phone, phone_sanitized in parsed:
            lead = by_key.get(email) or by_key.get(phone_sanitized)
            if lead:
                joined |= lead
                continue
            to_create.append(
                {
                    "name": self.env._(
                        "%(origin)s: %(name)s",
                        origin=self.source_name,
                        name=name or company or email or phone,
                    ),
                    "type": "lead",
                    "contact_name": name or False,
                    "partner_name": company or False,
                    "email_from": email or False,
                    "phone": phone or False,
                    "campaign_id": self.campaign_id.id,
                    "user_id": False,
                    "scrm_marketing_state": "marketing",
                }
            )
        created = Lead.create(to_create)
        body = Markup("<p>%s</p>") % self.env._(
            "On the list “%(origin)s” of the campaign %(campaign)s.",
            origin=note,
            campaign=self.campaign_id.name,
        )
        for lead in joined:
            lead.message_post(body=body, subtype_xmlid="mail.mt_note")
        if self.has_consent:
            self._record_consent(created | joined, note)
        self._write_report(len(created), len(joined), rejected)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _record_consent(self, leads, note):
        """Marketing email consent of each lead's contact (created from the
        lead when it has none), with the list as its source."""
        for lead in leads.filtered(
            lambda lead: not lead.partner_id and lead.email_from
        ):
            lead.partner_id = self.env["res.partner"].create(
                {
                    "name": lead.contact_name or lead.partner_name or lead.email_from,
                    "email": lead.email_from,
                    "phone": lead.phone,
                    "company_name": lead.partner_name,
                }
            )
        partners = leads.partner_id.filtered("email")
        self.env["scrm.contact.preference"]._record_preferences(
            [
                {
                    "partner_id": partner.id,
                    "channel_code": "email",
                    "purpose": "marketing",
                    "consent": "opt_in",
                    "source": "import",
                    "date": fields.Datetime.to_datetime(self.source_date),
                    "note": note,
                }
                for partner in partners
            ]
        )

    def _write_report(self, created, joined, rejected):
        lines = [
            self.env._("Row %(row)s: %(reason)s", row=number, reason=reason)
            for number, reason in rejected
        ]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([self.env._("Row"), self.env._("Reason")])
        for number, reason in rejected:
            writer.writerow([number, reason.lstrip("=+-@")])
        self.write(
            {
                "state": "done",
                "created_count": created,
                "joined_count": joined,
                "rejected_count": len(rejected),
                "rejected_report": "\n".join(lines) or False,
                "rejected_file": base64.b64encode(out.getvalue().encode())
                if rejected
                else False,
                "rejected_file_name": "rejected_rows.csv" if rejected else False,
            }
        )
