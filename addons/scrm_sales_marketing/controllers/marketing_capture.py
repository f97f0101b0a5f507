from odoo import http
from odoo.http import request

from odoo.addons.scrm_base.tools.rate_limit import held
from odoo.addons.scrm_base.tools.validation import (
    LINE_SIZE,
    TEXT_SIZE,
    InputCheck,
    InputError,
    guard,
)

from ..models.marketing_capture import COMPANY_SIZES

# Submissions accepted per address and per client in an hour.
FORM_EMAIL_LIMIT = 3
FORM_CLIENT_LIMIT = 10


class MarketingCapture(http.Controller):
    def _scrm_form(self, form_id):
        form = request.env["scrm.marketing.form"].sudo().browse(form_id).exists()
        return form if form and form.active else None

    def _scrm_render(self, form, values=None, error=None, status=200):
        return request.render(
            "scrm_sales_marketing.marketing_capture_form",
            {
                "capture": form,
                "form": values or {},
                "error": error,
                "sizes": [
                    (key, label)
                    for key, label in request.env["scrm.marketing.submission"]
                    ._fields["company_size"]
                    ._description_selection(request.env)
                ],
            },
            status=status,
        )

    @http.route(
        "/marketing/form/<int:form_id>", type="http", auth="public", website=True
    )
    @guard
    def capture_form(self, form_id, **kw):
        form = self._scrm_form(form_id)
        if not form:
            return request.render("http_routing.404", status=404)
        return self._scrm_render(form)

    @http.route(
        "/marketing/form/<int:form_id>/submit",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    @guard
    def capture_submit(
        self,
        form_id,
        name="",
        email="",
        phone="",
        company_name="",
        company_size="",
        message="",
        website_url="",
        **kw,
    ):
        """Capture a lead. A filled honeypot (``website_url``, hidden from
        people) is answered like a success and creates nothing."""
        form = self._scrm_form(form_id)
        if not form:
            return request.render("http_routing.404", status=404)
        env = request.env
        values = {
            "name": name,
            "email": email,
            "phone": phone,
            "company_name": company_name,
            "company_size": company_size,
            "message": message,
        }
        if website_url:
            return request.render(
                "scrm_sales_marketing.marketing_capture_done", {"capture": form}
            )
        check = InputCheck(env)
        try:
            clean = {
                "name": check.text(name, env._("Name"), required=True),
                "email": check.email(email, env._("Email")),
                "phone": check.text(phone, env._("Phone"), size=40),
                "company_name": check.text(
                    company_name, env._("Company"), size=LINE_SIZE
                ),
                "message": check.text(
                    message, env._("Message"), size=TEXT_SIZE, multiline=True
                ),
            }
            if company_size and company_size not in dict(COMPANY_SIZES):
                raise InputError(env._("Company size: unknown choice."))
            clean["company_size"] = company_size or False
        except InputError as error:
            return self._scrm_render(form, values, str(error), status=400)
        Submission = env["scrm.marketing.submission"].sudo()
        client = request.httprequest.remote_addr or "-"
        # Two submissions at once count one after the other.
        keys = (f"email:{clean['email']}", f"ip:{client}")
        with held(env, "scrm_sales_marketing.form", *keys) as fresh:
            by_email, by_client = (
                fresh["scrm.marketing.submission"]
                .sudo()
                ._scrm_recent_count(clean["email"], client)
            )
        if by_email >= FORM_EMAIL_LIMIT or by_client >= FORM_CLIENT_LIMIT:
            return self._scrm_render(
                form,
                values,
                env._(
                    "You already sent this form several times in the last hour. "
                    "Please try again later."
                ),
                status=429,
            )
        Submission._scrm_capture(form, clean, client)
        return request.render(
            "scrm_sales_marketing.marketing_capture_done",
            {"capture": form, "to_confirm": True},
        )

    @http.route(
        "/marketing/optin/<int:submission_id>/<string:token>",
        type="http",
        auth="public",
        website=True,
    )
    @guard
    def capture_confirm(self, submission_id, token, **kw):
        """The signed link of the opt-in email: the consent is recorded now."""
        submission = (
            request.env["scrm.marketing.submission"].sudo().browse(submission_id)
        )
        if (
            not submission.exists()
            or not submission._scrm_check_token(token)
            or submission._scrm_is_expired()
        ):
            return request.render("http_routing.404", status=404)
        submission._scrm_confirm()
        return request.render(
            "scrm_sales_marketing.marketing_capture_confirmed",
            {"capture": submission.form_id},
        )
