"""CSRF on every form route of the suite, read from Odoo's own routing map.

A route of an SCRM addon (defined, or overridden, by a controller of an
``scrm_*`` module) that answers POST as a form (``type="http"``) must keep
Odoo's CSRF check, unless it is listed in ``CSRF_FREE`` with the reason it is
safe without it. A new route, or a ``csrf=False`` slipped into an existing one,
fails here until it is justified. The routes are then posted to, as a logged-in
portal user and without a token, and each must be refused before its code runs.
"""

import re

from odoo.tests import HttpCase, tagged

# path -> (addon, why the route needs no CSRF token): keep it short.
CSRF_FREE = {
    "/scrm_service/cti/incoming": (
        "scrm_service",
        "called by a phone system, not a browser: no session cookie is used; "
        "each call carries the integration's API key in its Authorization header",
    ),
    "/scrm_service/cti/call_end": (
        "scrm_service",
        "called by a phone system, not a browser: no session cookie is used; "
        "each call carries the integration's API key in its Authorization header",
    ),
}

# Sample values for the arguments of a route's path.
SAMPLE_ARGUMENTS = {"int": "1", "string": "csv", "path": "x", "model": "1"}
ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z_]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def _scrm_defined(endpoint):
    """Whether a controller class of an SCRM addon defines (or overrides) the
    method behind ``endpoint``."""
    method = endpoint.func
    name = method.__name__
    return any(
        cls.__module__.startswith("odoo.addons.scrm_") and name in vars(cls)
        for cls in type(method.__self__).mro()
    )


def _addon_of(endpoint):
    """The SCRM addon whose controller defines the route's method last."""
    method = endpoint.func
    for cls in type(method.__self__).mro():
        if cls.__module__.startswith("odoo.addons.scrm_") and method.__name__ in vars(
            cls
        ):
            return cls.__module__.split(".")[2]
    return None


@tagged("post_install", "-at_install", "scrm_portal", "scrm_csrf")
class TestCsrfEveryRoute(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = cls.env["res.users"].create(
            {
                "name": "Carla Csrf",
                "login": "carla_csrf",
                "password": "carla_csrf",
                "email": "carla.csrf@example.com",
                "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])],
            }
        )

    def scrm_routes(self):
        """``(path, addon, routing)`` of every SCRM route of the routing map."""
        routes = []
        for rule in self.env["ir.http"].routing_map().iter_rules():
            endpoint = rule.endpoint
            if _scrm_defined(endpoint):
                routes.append((rule.rule, _addon_of(endpoint), endpoint.routing))
        return routes

    def form_post_routes(self):
        """Paths of the SCRM routes a browser form can POST to, with their
        ``csrf`` setting."""
        return {
            path: routing.get("csrf", True)
            for path, _addon, routing in self.scrm_routes()
            if routing["type"] == "http"
            and (routing["methods"] is None or "POST" in routing["methods"])
        }

    def test_every_form_route_keeps_csrf(self):
        routes = self.form_post_routes()
        # The map is really read: routes of this addon and of the others are in.
        self.assertIn("/my/preferences/save", routes)
        self.assertIn("/my/preferences", routes, "a page answers POST too")
        installed = set(
            self.env["ir.module.module"]
            .search([("name", "=like", "scrm\\_%"), ("state", "=", "installed")])
            .mapped("name")
        )
        addons = {addon for _path, addon, _routing in self.scrm_routes()}
        self.assertIn("scrm_base", addons)
        for addon in ("scrm_service", "scrm_supplier_portal"):
            if addon in installed:
                self.assertIn(addon, addons)
        without = {path for path, csrf in routes.items() if not csrf}
        unjustified = without - set(CSRF_FREE)
        self.assertFalse(
            unjustified,
            "POST routes without CSRF check: set csrf back on, or justify them in "
            "CSRF_FREE",
        )
        # No stale entry: each listed route of an installed addon is there and
        # really without the check (else it should leave the list).
        expected = {
            path for path, (addon, _why) in CSRF_FREE.items() if addon in installed
        }
        self.assertEqual(without, expected)

    def test_post_without_token_is_refused_on_every_form_route(self):
        routes = sorted(path for path, csrf in self.form_post_routes().items() if csrf)
        self.assertGreater(len(routes), 1)
        self.authenticate("carla_csrf", "carla_csrf")
        for path in routes:
            url = ARGUMENT.sub(
                lambda match: SAMPLE_ARGUMENTS[match["converter"] or "string"], path
            )
            with self.subTest(route=path):
                with self.assertLogs("odoo.http", "WARNING") as logged:
                    response = self.url_open(
                        url, data={"probe": "1"}, allow_redirects=False
                    )
                self.assertEqual(response.status_code, 400, response.text[:300])
                (warning,) = logged.output
                self.assertIn("CSRF", warning)
                self.assertIn(url, warning)

    def test_post_with_token_reaches_the_route(self):
        """The refusal above is the token's doing: the same form with the
        session's token is saved."""
        self.authenticate("carla_csrf", "carla_csrf")
        page = self.url_open("/my/preferences")
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        channel = self.env.ref("scrm_base.scrm_channel_email")
        response = self.url_open(
            "/my/preferences/save",
            data={
                "csrf_token": token,
                "partner_id": self.portal_user.partner_id.id,
                f"consent_{channel.id}_marketing": "opt_out",
            },
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (200, 303), response.text[:300])
        preference = self.env["scrm.contact.preference"].search(
            [("partner_id", "=", self.portal_user.partner_id.id)]
        )
        self.assertEqual(preference.mapped("consent"), ["opt_out"])
