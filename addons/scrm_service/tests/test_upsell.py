import ast
import os
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ServiceDataMixin


@tagged("post_install", "-at_install", "scrm_service_upsell")
class TestUpsell(TransactionCase, ServiceDataMixin):
    """Opportunities an agent raises from a ticket, and what they suggest."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_service_data()
        Product = cls.env["product.product"]
        cls.sensor = Product.create({"name": "Pressure sensor", "list_price": 340.0})
        cls.seal_kit = Product.create({"name": "Seal kit", "list_price": 120.0})
        cls.not_for_sale = Product.create(
            {"name": "Internal gasket", "list_price": 5.0, "sale_ok": False}
        )
        cls.extension = Product.create(
            {"name": "Warranty extension", "type": "service", "list_price": 290.0}
        )
        cls.pump = Product.create(
            {
                "name": "Pump P-200",
                "list_price": 2400.0,
                "scrm_warranty_months": 24,
                "scrm_renewal_product_id": cls.extension.id,
                "optional_product_ids": [
                    fields.Command.set((cls.sensor | cls.seal_kit).product_tmpl_id.ids)
                ],
            }
        )
        # The seal kit is optional and an accessory; the pump lists itself.
        cls.pump.accessory_product_ids = cls.seal_kit | cls.not_for_sale | cls.pump
        cls.today = fields.Date.context_today(cls.Ticket)

    def _ticket_bought(self, days_ago, **values):
        """A ticket about the pump bought ``days_ago`` (purchase date by hand)."""
        return self._ticket(
            self.carla,
            product_id=self.pump.id,
            purchase_date=self.today - timedelta(days=days_ago),
            **values,
        )

    def _confirmed_order(self, confirmed_on):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.fabrikam.id,
                "order_line": [fields.Command.create({"product_id": self.pump.id})],
            }
        )
        order.action_confirm()
        # Noon UTC: the same day in the Brussels time of the demo users.
        order.date_order = datetime.combine(confirmed_on, time(12))
        return order

    # ------------------------------------------------------------------
    # Accessory products
    # ------------------------------------------------------------------

    def test_accessory_field_matches_website_sale(self):
        """Same name, comodel, table and columns as website_sale's field, so
        installing website_sale later shares the data instead of clashing."""
        field = self.env["product.template"]._fields["accessory_product_ids"]
        ours = {
            "comodel_name": field.comodel_name,
            "relation": field.relation,
            "column1": field.column1,
            "column2": field.column2,
        }
        self.assertEqual(
            ours,
            {
                "comodel_name": "product.product",
                "relation": "product_accessory_rel",
                "column1": "src_id",
                "column2": "dest_id",
            },
        )
        path = get_module_path("website_sale", display_warning=False)
        if not path:
            self.skipTest("website_sale is not in the addons path")
        with open(os.path.join(path, "models", "product_template.py")) as source:
            tree = ast.parse(source.read())
        theirs = next(
            {kw.arg: ast.literal_eval(kw.value) for kw in node.value.keywords}
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and getattr(node.targets[0], "id", None) == "accessory_product_ids"
        )
        self.assertEqual({key: theirs[key] for key in ours}, ours)
        self.assertEqual(field.model_name, "product.template")

    def test_accessories_are_on_the_product_form(self):
        form = Form(self.env["product.template"])
        form.name = "Pump P-300"
        form.accessory_product_ids.add(self.seal_kit)
        form.scrm_warranty_months = 12
        form.scrm_renewal_product_id = self.extension
        template = form.save()
        self.assertEqual(template.accessory_product_ids, self.seal_kit)
        self.assertEqual(template.scrm_renewal_product_id, self.extension)

    def test_suggestions_are_optional_and_accessory_products_once(self):
        ticket = self._ticket(self.carla, product_id=self.pump.id)
        suggested = ticket._scrm_suggested_products()
        self.assertEqual(suggested, self.sensor | self.seal_kit)
        self.assertEqual(len(suggested), len(set(suggested.ids)), "no duplicates")
        self.assertNotIn(self.pump, suggested, "not the ticket's product")
        self.assertNotIn(self.not_for_sale, suggested, "only saleable products")

    def test_opportunity_carries_accessories_and_credits_service(self):
        ticket = self._ticket(self.carla, product_id=self.pump.id)
        ticket.with_user(self.agent_bob).action_create_opportunity()
        lead = ticket.lead_ids
        self.assertEqual(lead.scrm_suggested_product_ids, self.sensor | self.seal_kit)
        self.assertEqual(lead.expected_revenue, 460.0)
        self.assertEqual(
            lead.source_id, self.env.ref("scrm_service.utm_source_service")
        )
        self.assertEqual(lead.scrm_agent_id, self.agent_bob)
        self.assertEqual(lead.scrm_service_team_id, self.team)

    # ------------------------------------------------------------------
    # Warranty and renewal
    # ------------------------------------------------------------------

    def test_purchase_date_is_the_order_confirmation(self):
        confirmed_on = self.today - timedelta(days=200)
        order = self._confirmed_order(confirmed_on)
        ticket = self._ticket(
            self.carla, product_id=self.pump.id, sale_order_id=order.id
        )
        self.assertEqual(ticket.purchase_date, confirmed_on)
        self.assertEqual(ticket.warranty_end, confirmed_on + relativedelta(months=24))
        self.assertEqual(ticket.warranty_status, "valid")

    def test_quotation_gives_no_purchase_date(self):
        quotation = self.env["sale.order"].create({"partner_id": self.fabrikam.id})
        ticket = self._ticket(
            self.carla, product_id=self.pump.id, sale_order_id=quotation.id
        )
        self.assertFalse(ticket.purchase_date)
        self.assertFalse(ticket.warranty_end)
        self.assertEqual(ticket.warranty_status, "none")

    def test_warranty_status_in_warranty_expiring_expired(self):
        two_years = (self.today - (self.today - relativedelta(months=24))).days
        cases = {
            "valid": 300,  # ends in about 14 months
            "expiring": two_years - 30,  # ends in 30 days
            "expired": two_years + 10,  # ended 10 days ago
        }
        for status, days_ago in cases.items():
            with self.subTest(status=status):
                ticket = self._ticket_bought(days_ago)
                self.assertEqual(ticket.warranty_status, status)
        without_warranty = self._ticket(self.carla, product_id=self.sensor.id)
        self.assertEqual(without_warranty.warranty_status, "none")

    def test_renewal_window_is_set_per_team(self):
        ends_in_90_days = self.today + timedelta(days=90) - relativedelta(months=24)
        ticket = self._ticket(
            self.carla, product_id=self.pump.id, purchase_date=ends_in_90_days
        )
        self.assertEqual(ticket.warranty_end, self.today + timedelta(days=90))
        self.assertEqual(ticket.warranty_status, "valid", "default window: 60 days")
        self.team.renewal_window_days = 120
        self.assertEqual(ticket.warranty_status, "expiring")
        expiring = self.Ticket.search([("warranty_status", "=", "expiring")])
        self.assertIn(ticket, expiring)
        self.team.renewal_window_days = 60
        self.assertNotIn(
            ticket, self.Ticket.search([("warranty_status", "=", "expiring")])
        )
        self.assertIn(ticket, self.Ticket.search([("warranty_status", "=", "valid")]))

    def test_negative_window_is_refused(self):
        with self.assertRaises(ValidationError):
            self.team.renewal_window_days = -5
        self.assertEqual(self.team.renewal_window_days, 60)

    def test_search_warranty_filters(self):
        expired = self._ticket_bought(800)
        valid = self._ticket_bought(100)
        none = self._ticket(self.carla)
        found = self.Ticket.search([("warranty_status", "=", "expired")])
        self.assertIn(expired, found)
        self.assertNotIn(valid, found)
        found = self.Ticket.search([("warranty_status", "in", ["none", "valid"])])
        self.assertEqual(found & (expired | valid | none), valid | none)

    def test_renewal_suggested_only_when_expiring_or_expired(self):
        two_years = (self.today - (self.today - relativedelta(months=24))).days
        for days_ago, expected in (
            (100, False),
            (two_years - 20, True),
            (two_years + 40, True),
        ):
            with self.subTest(days_ago=days_ago):
                ticket = self._ticket_bought(days_ago)
                self.assertEqual(
                    self.extension in ticket._scrm_suggested_products(), expected
                )

    def test_opportunity_of_an_expiring_warranty_offers_the_renewal(self):
        two_years = (self.today - (self.today - relativedelta(months=24))).days
        ticket = self._ticket_bought(two_years - 20)
        ticket.with_user(self.agent_bob).action_create_opportunity()
        lead = ticket.lead_ids
        self.assertEqual(
            lead.scrm_suggested_product_ids,
            self.sensor | self.seal_kit | self.extension,
        )
        self.assertEqual(lead.expected_revenue, 750.0)
        self.assertIn("Warranty extension", lead.description)

    # ------------------------------------------------------------------
    # Report: opportunities and revenue won from service
    # ------------------------------------------------------------------

    def test_report_shows_expected_and_won_revenue_per_team_and_agent(self):
        other_team = self.env["scrm.service.team"].create({"name": "Field Service"})
        first = self._ticket(self.carla, product_id=self.pump.id)
        second = self._ticket(self.carla, product_id=self.pump.id, name="Second")
        third = self._ticket(
            self.dan, product_id=self.pump.id, team_id=other_team.id, name="Third"
        )
        first.with_user(self.agent_bob).action_create_opportunity()
        second.with_user(self.agent_cleo).action_create_opportunity()
        third.with_user(self.agent_cleo).action_create_opportunity()
        first.lead_ids.action_set_won()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "scrm_service.crm_lead_action_from_service"
        )
        Lead = self.env["crm.lead"].with_context(active_test=False)
        leads = first.lead_ids | second.lead_ids | third.lead_ids
        domain = [*safe_eval(action["domain"]), ("id", "in", leads.ids)]
        by_team = {
            team.name: (expected, won)
            for team, expected, won in Lead._read_group(
                domain,
                ["scrm_service_team_id"],
                ["expected_revenue:sum", "scrm_won_revenue:sum"],
            )
        }
        self.assertEqual(
            by_team, {"Pump Support": (920.0, 460.0), "Field Service": (460.0, 0.0)}
        )
        by_agent = {
            user.name: (expected, won)
            for user, expected, won in Lead._read_group(
                domain,
                ["scrm_agent_id"],
                ["expected_revenue:sum", "scrm_won_revenue:sum"],
            )
        }
        self.assertEqual(
            by_agent, {"Bob Agent": (460.0, 460.0), "Cleo Agent": (920.0, 0.0)}
        )
        months = Lead._read_group(
            domain, ["create_date:month"], ["scrm_won_revenue:sum"]
        )
        self.assertEqual([won for _month, won in months], [460.0])

    def test_lost_opportunity_wins_nothing(self):
        ticket = self._ticket(self.carla, product_id=self.pump.id)
        ticket.with_user(self.agent_bob).action_create_opportunity()
        lead = ticket.lead_ids
        lead.action_set_won()
        self.assertEqual(lead.scrm_won_revenue, 460.0)
        lead.action_set_lost()
        self.assertEqual(lead.scrm_won_revenue, 0.0)

    def test_agent_cannot_open_the_report(self):
        """The report is for service managers: an agent is refused its menu and
        cannot read the opportunities of others."""
        ticket = self._ticket(self.carla, product_id=self.pump.id)
        ticket.with_user(self.agent_bob).action_create_opportunity()
        menu = self.env.ref("scrm_service.scrm_service_upsell_menu")
        self.assertNotIn(
            menu.id,
            self.env["ir.ui.menu"].with_user(self.agent_bob)._visible_menu_ids(),
        )
        with self.assertRaises(AccessError):
            ticket.lead_ids.with_user(self.agent_bob).check_access("read")
