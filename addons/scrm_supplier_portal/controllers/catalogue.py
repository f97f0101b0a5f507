"""The supplier's catalogue on the portal: /my/vmi/catalogue.

A supplier's portal user lists what it supplies us (its vendor prices and
category capabilities) and proposes new entries or changes; a buyer approves
them before they reach the vendor pricelist. Every id sent by the browser is
looked up among the user's own commercial partner's records first; only then
are records read or written as the system."""

from datetime import timedelta

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.scrm_base.tools.rate_limit import held
from odoo.addons.scrm_base.tools.validation import InputCheck, InputError, guard

from ..models.scrm_vmi_price_request import MAX_LEAD_TIME
from .portal import TEXT_SIZE, VmiPortal

# Entries one portal user may propose in an hour: each waits for a buyer.
CATALOGUE_HOURLY_LIMIT = 30
FORM_FIELDS = (
    "kind",
    "supplierinfo_id",
    "product_tmpl_id",
    "product_name",
    "product_code",
    "categ_id",
    "currency_id",
    "price",
    "min_qty",
    "lead_time",
    "capacity",
    "note",
)


class VmiCatalogue(VmiPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "vmi_catalogue_count" in counters:
            # Vendor prices and category capabilities: a supplier with only
            # capabilities has a catalogue too, and the tile shows for it.
            user = request.env.user
            domain = [("partner_id", "=", user.commercial_partner_id.id)]
            env_sudo = request.env(su=True)
            values["vmi_catalogue_count"] = (
                env_sudo["product.supplierinfo"].search_count(domain)
                + env_sudo["scrm.supplier.capability"].search_count(domain)
                if user.share
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # Who the supplier is, and what is theirs
    # ------------------------------------------------------------------

    def _catalogue_supplier(self):
        """The user's commercial partner when it supplies us (a vendor price,
        a category capability, a VMI agreement or the supplier role); anyone
        else is refused (403)."""
        user = request.env.user
        partner = user.commercial_partner_id
        if not user.share:
            raise Forbidden()
        env_sudo = request.env(su=True)
        if not (
            partner.scrm_role in ("supplier", "both")
            or env_sudo["product.supplierinfo"].search_count(
                [("partner_id", "=", partner.id)], limit=1
            )
            or env_sudo["scrm.supplier.capability"].search_count(
                [("partner_id", "=", partner.id)], limit=1
            )
            or env_sudo["scrm.vmi.agreement"].search_count(
                [("partner_id", "=", partner.id)], limit=1
            )
        ):
            raise Forbidden()
        return partner

    def _catalogue_sellers(self, partner):
        """The supplier's own vendor prices (read as the system: the portal has
        no access to the pricelist, and the domain keeps them to the partner)."""
        return (
            request.env["product.supplierinfo"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "in", (False, request.env.company.id)),
                ],
                order="product_tmpl_id, min_qty, id",
            )
        )

    def _catalogue_products(self, partner, sellers):
        """The products the supplier may name: those it has a price for or
        manages under an agreement."""
        lines = (
            request.env["scrm.vmi.agreement.line"]
            .sudo()
            .search([("partner_id", "=", partner.id)])
        )
        return (sellers.product_tmpl_id | lines.product_id.product_tmpl_id).sorted(
            "name"
        )

    def _catalogue_values(self, partner, form=None, **extra):
        env = request.env
        sellers = self._catalogue_sellers(partner)
        Capability = env["scrm.supplier.capability"]
        Request = env["scrm.supplier.catalogue.request"]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "scrm_vmi_catalogue",
                "partner": partner,
                "sellers": sellers,
                "products": self._catalogue_products(partner, sellers),
                "categories": env["product.category"].sudo().search([]),
                "currencies": env["res.currency"].sudo().search([]),
                "company_currency": env.company.currency_id,
                # Read with the user's rights: the record rules keep them to
                # the user's own commercial partner.
                "capabilities": Capability.search(
                    [("partner_id", "=", partner.id)]
                ).sudo(),
                "entries": Request.search(
                    [("partner_id", "=", partner.id)], limit=50
                ).sudo(),
                "form": form or {},
                **extra,
            }
        )
        return values

    def _catalogue_id(self, value, label, allowed):
        """An id the browser sent, refused with 400 when it is not a valid
        id and with 404 when it is not among ``allowed`` (the user's own)."""
        record_id = InputCheck(request.env).record_id(value, label)
        if record_id and record_id not in allowed.ids:
            raise NotFound()
        return allowed.browse(record_id) if record_id else allowed.browse()

    def _catalogue_over_limit(self):
        """True when the user proposed ``CATALOGUE_HOURLY_LIMIT`` entries in
        the last hour. Counted under the user's lock
        (``scrm_base.tools.rate_limit``): submissions sent at once are counted
        one after the other."""
        user = request.env.user
        with held(request.env, "scrm_supplier_portal.catalogue", user.id) as fresh:
            return (
                fresh["scrm.supplier.catalogue.request"]
                .sudo()
                .search_count(
                    [
                        ("create_uid", "=", user.id),
                        (
                            "create_date",
                            ">=",
                            fields.Datetime.now() - timedelta(hours=1),
                        ),
                    ],
                    limit=CATALOGUE_HOURLY_LIMIT,
                )
                >= CATALOGUE_HOURLY_LIMIT
            )

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------

    @http.route("/my/vmi/catalogue", type="http", auth="user", website=True)
    @guard
    def portal_my_vmi_catalogue(self, supplierinfo_id=None, **kw):
        partner = self._catalogue_supplier()
        form = {}
        if supplierinfo_id:
            seller = self._catalogue_id(
                supplierinfo_id,
                request.env._("Vendor price"),
                self._catalogue_sellers(partner),
            )
            form = {
                "kind": "product",
                "supplierinfo_id": seller.id,
                "product_tmpl_id": seller.product_tmpl_id.id,
                "product_code": seller.product_code or "",
                "currency_id": seller.currency_id.id,
                "price": seller.price,
                "min_qty": seller.min_qty,
                "lead_time": seller.delay,
                "capacity": seller.scrm_capacity or "",
            }
        return request.render(
            "scrm_supplier_portal.portal_my_vmi_catalogue",
            self._catalogue_values(partner, form=form, saved=kw.get("saved")),
        )

    def _catalogue_parse(self, partner, post):
        """The values of a new entry from the form, or ``UserError``."""
        env = request.env
        check = InputCheck(env)
        kind = check.choice(
            post.get("kind"), ("product", "category"), env._("Kind"), default="product"
        )
        values = {
            "kind": kind,
            "partner_id": partner.id,
            "company_id": env.company.id,
            "user_id": env.user.id,
            "note": check.text(
                post.get("note"), env._("Note"), TEXT_SIZE, multiline=True
            )
            or False,
        }
        if (post.get("lead_time") or "").strip():
            try:
                values["lead_time"] = check.integer(
                    post["lead_time"].strip(), env._("Lead time"), 1, MAX_LEAD_TIME
                )
            except InputError as error:
                raise UserError(str(error)) from error
        if (post.get("capacity") or "").strip():
            values["capacity"] = self._parse_quantity(
                post["capacity"], env._("Capacity per month"), allow_zero=True
            )
        if kind == "category":
            categories = env["product.category"].sudo().search([])
            categ = self._catalogue_id(
                post.get("categ_id"), env._("Product category"), categories
            )
            values["categ_id"] = categ.id or False
            return values
        sellers = self._catalogue_sellers(partner)
        seller = self._catalogue_id(
            post.get("supplierinfo_id"), env._("Vendor price"), sellers
        )
        product = self._catalogue_id(
            post.get("product_tmpl_id"),
            env._("Product"),
            self._catalogue_products(partner, sellers),
        )
        if seller:
            product = seller.product_tmpl_id
        currencies = env["res.currency"].sudo().search([])
        currency = (
            self._catalogue_id(post.get("currency_id"), env._("Currency"), currencies)
            or env.company.currency_id
        )
        values.update(
            {
                "supplierinfo_id": seller.id or False,
                "product_tmpl_id": product.id or False,
                "product_name": False
                if product
                else check.text(post.get("product_name"), env._("Product name"))
                or False,
                "product_code": check.text(
                    post.get("product_code"), env._("Your product code"), 64
                )
                or False,
                "currency_id": currency.id,
                "price": self._parse_quantity(post.get("price"), env._("Price")),
            }
        )
        if (post.get("min_qty") or "").strip():
            values["min_qty"] = self._parse_quantity(
                post["min_qty"], env._("From quantity"), allow_zero=True
            )
        elif seller:
            values["min_qty"] = seller.min_qty
        return values

    @http.route(
        "/my/vmi/catalogue/submit",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_my_vmi_catalogue_submit(self, **post):
        partner = self._catalogue_supplier()
        env = request.env
        status = 400
        try:
            values = self._catalogue_parse(partner, post)
            if self._catalogue_over_limit():
                status = 429
                raise UserError(
                    env._(
                        "You already proposed %(count)s entries in the last hour: "
                        "our buyers review them first. Please try again later.",
                        count=CATALOGUE_HOURLY_LIMIT,
                    )
                )
            with env.cr.savepoint():
                entry_sudo = (
                    env["scrm.supplier.catalogue.request"].sudo().create(values)
                )
        except (UserError, ValidationError, InputError) as error:
            return request.render(
                "scrm_supplier_portal.portal_my_vmi_catalogue",
                self._catalogue_values(
                    partner,
                    form={key: post.get(key, "") for key in FORM_FIELDS},
                    error=str(error.args[0]).split("\n"),
                ),
                status=status,
            )
        self._vmi_log(
            entry_sudo,
            env._(
                "Catalogue entry %(entry)s proposed on the portal",
                entry=entry_sudo.name,
            ),
        )
        return request.redirect("/my/vmi/catalogue?saved=1")

    @http.route(
        "/my/vmi/catalogue/<int:entry_id>/withdraw",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    @guard
    def portal_my_vmi_catalogue_withdraw(self, entry_id, **post):
        partner = self._catalogue_supplier()
        entry = request.env["scrm.supplier.catalogue.request"].search(
            [("id", "=", entry_id), ("partner_id", "=", partner.id)]
        )
        if not entry:
            raise NotFound()
        entry_sudo = entry.sudo()
        if entry_sudo.state != "submitted":
            raise InputError(
                request.env._("Only an entry waiting for approval can be withdrawn.")
            )
        entry_sudo.state = "cancelled"
        return request.redirect("/my/vmi/catalogue")
