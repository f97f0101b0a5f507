# pylint: disable=consider-merging-classes-inherited
import base64

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError

COLLATERAL_TYPES = [
    ("brochure", "Brochure"),
    ("datasheet", "Datasheet"),
    ("price_sheet", "Price Sheet"),
    ("presentation", "Presentation"),
    ("video", "Video"),
]
TOKEN_SCOPE = "scrm_sales_marketing.collateral_link"


class ScrmMarketingCollateral(models.Model):
    """An item of the collateral library, with its versions (attachments).
    Only approved, unexpired items can be sent."""

    _name = "scrm.marketing.collateral"
    _description = "Collateral"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    collateral_type = fields.Selection(COLLATERAL_TYPES, string="Type", required=True)
    lang = fields.Selection(
        selection="_get_languages",
        string="Language",
        default=lambda self: self.env.lang or "en_US",
        required=True,
    )
    product_ids = fields.Many2many("product.template", string="Products")
    campaign_ids = fields.Many2many("utm.campaign", string="Marketing Campaigns")
    pricelist_id = fields.Many2one(
        "product.pricelist", help="Prices printed on a generated datasheet."
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("review", "In Review"),
            ("approved", "Approved"),
            ("retired", "Retired"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    expiry_date = fields.Date(string="Expires On", tracking=True)
    video_url = fields.Char(string="Video Address")
    version_ids = fields.One2many("scrm.marketing.collateral.version", "collateral_id")
    version_count = fields.Integer(compute="_compute_version")
    attachment_id = fields.Many2one(
        "ir.attachment", string="Current File", compute="_compute_version"
    )
    sendable = fields.Boolean(compute="_compute_sendable", search="_search_sendable")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.model
    def _get_languages(self):
        return self.env["res.lang"].get_installed()

    @api.depends("version_ids")
    def _compute_version(self):
        for item in self:
            item.version_count = len(item.version_ids)
            item.attachment_id = item.version_ids.sorted("version")[-1:].attachment_id

    @api.depends("state", "expiry_date")
    def _compute_sendable(self):
        today = fields.Date.context_today(self)
        for item in self:
            item.sendable = item.state == "approved" and (
                not item.expiry_date or item.expiry_date >= today
            )

    def _search_sendable(self, operator, value):
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "approved"),
            "|",
            ("expiry_date", "=", False),
            ("expiry_date", ">=", today),
        ]
        if (operator == "=") == bool(value):
            return domain
        return ["!", *domain]

    def _check_manager(self):
        if not self.env.user.has_group("scrm_sales_marketing.group_marketing_manager"):
            raise AccessError(
                self.env._("Only a marketing manager approves or retires collateral.")
            )

    def action_submit_review(self):
        self.filtered(lambda c: c.state == "draft").state = "review"

    def action_approve(self):
        self._check_manager()
        for item in self:
            if not item.version_ids and not item.video_url:
                raise UserError(
                    self.env._(
                        "“%(name)s” has no file yet: add a version first.",
                        name=item.name,
                    )
                )
        self.state = "approved"

    def action_retire(self):
        self._check_manager()
        self.state = "retired"

    def action_reset_draft(self):
        self.state = "draft"

    def _add_version(self, name, content, note=False):
        """Store ``content`` (bytes) as the next version."""
        self.ensure_one()
        number = max(self.version_ids.mapped("version") or [0]) + 1
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(content),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        return self.env["scrm.marketing.collateral.version"].create(
            {
                "collateral_id": self.id,
                "version": number,
                "attachment_id": attachment.id,
                "note": note,
            }
        )

    def action_generate_datasheet(self):
        """A datasheet (one product) or catalogue (several) of the item's
        products, in its language, with the prices of its pricelist, stored
        as a new version."""
        self.ensure_one()
        if not self.product_ids:
            raise UserError(self.env._("Choose the products of the datasheet first."))
        report = self.env.ref("scrm_sales_marketing.action_report_scrm_datasheet")
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang=self.lang)
            ._render_qweb_pdf(
                report,
                self.product_ids.ids,
                data={"collateral_id": self.id},
            )
        )
        version = self._add_version(f"{self.name}.pdf", pdf, self.env._("Generated"))
        self.message_post(
            body=self.env._("Version %(version)s generated.", version=version.version)
        )
        return version

    def _public_url(self):
        """The address of the current file (or video) for a recipient."""
        self.ensure_one()
        if self.collateral_type == "video" and self.video_url:
            return self.video_url
        attachment = self.attachment_id.sudo()
        if not attachment:
            raise UserError(self.env._("“%(name)s” has no file.", name=self.name))
        token = attachment.generate_access_token()[0]
        return (
            f"{self.get_base_url()}/web/content/{attachment.id}"
            f"?access_token={token}&download=true"
        )


class ScrmMarketingCollateralVersion(models.Model):
    _name = "scrm.marketing.collateral.version"
    _description = "Collateral Version"
    _order = "version desc"
    _rec_name = "version"

    collateral_id = fields.Many2one(
        "scrm.marketing.collateral", required=True, index=True, ondelete="cascade"
    )
    version = fields.Integer(required=True, default=1)
    attachment_id = fields.Many2one("ir.attachment", string="File", required=True)
    datas = fields.Binary(related="attachment_id.datas", string="Content")
    name = fields.Char(related="attachment_id.name", string="File Name")
    note = fields.Char()
    create_date = fields.Datetime(string="Added On")


class LinkTracker(models.Model):
    _inherit = "link.tracker"

    scrm_lead_id = fields.Many2one(
        "crm.lead", string="Lead", index="btree_not_null", ondelete="cascade"
    )
    scrm_collateral_id = fields.Many2one(
        "scrm.marketing.collateral", string="Collateral", ondelete="set null"
    )


class LinkTrackerClick(models.Model):
    _inherit = "link.tracker.click"

    @api.model_create_multi
    def create(self, vals_list):
        clicks = super().create(vals_list)
        for click in clicks.sudo().filtered("link_id.scrm_lead_id"):
            link = click.link_id
            lead = link.scrm_lead_id
            summary = self.env._(
                "Opened the collateral “%(name)s”",
                name=link.scrm_collateral_id.name or link.title or link.url,
            )
            self.env["scrm.marketing.score.event"].sudo().create(
                {"lead_id": lead.id, "name": summary}
            )
            if lead.partner_id:
                self.env["scrm.interaction"].sudo().create(
                    {
                        "contact_id": lead.partner_id.id,
                        "channel_id": self.env["scrm.channel"]._get_by_code("email").id,
                        "direction": "in",
                        "summary": summary,
                        "res_model": "crm.lead",
                        "res_id": lead.id,
                    }
                )
        return clicks


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def action_scrm_send_collateral(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Collateral"),
            "res_model": "scrm.marketing.collateral.send",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def _scrm_collateral_links(self, collaterals):
        """One tracked link per collateral for this lead (the lead's own, so a
        click is its click)."""
        self.ensure_one()
        if not all(collaterals.mapped("sendable")):
            raise UserError(
                self.env._("Only approved collateral that has not expired can be sent.")
            )
        Link = self.env["link.tracker"].sudo()
        medium = self.env.ref("utm.utm_medium_email", raise_if_not_found=False)
        links = Link.browse()
        for item in collaterals:
            ref = tools.hmac(self.env(su=True), TOKEN_SCOPE, (self.id, item.id))[:16]
            url = f"{item._public_url()}&ref={ref}"
            links |= Link.create(
                {
                    "url": url,
                    "title": item.name,
                    "campaign_id": (self.campaign_id or item.campaign_ids[:1]).id,
                    "medium_id": medium.id if medium else False,
                    "scrm_lead_id": self.id,
                    "scrm_collateral_id": item.id,
                }
            )
        return links


class ReportScrmDatasheet(models.AbstractModel):
    _name = "report.scrm_sales_marketing.report_scrm_datasheet"
    _description = "Product Datasheet Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        products = self.env["product.template"].browse(docids)
        collateral = self.env["scrm.marketing.collateral"].browse(
            (data or {}).get("collateral_id")
        )
        pricelist = collateral.pricelist_id if collateral.exists() else False
        prices = {}
        if pricelist:
            for product in products:
                prices[product.id] = pricelist._get_product_price(product, 1.0)
        return {
            "doc_ids": docids,
            "doc_model": "product.template",
            "docs": products,
            "title": collateral.name if collateral.exists() else False,
            "pricelist": pricelist,
            "prices": prices,
        }
