from datetime import datetime, time

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class ScrmMrpExtCommon(TransactionCase):
    """Users of every role of the MRP extension, built once per test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planner = mail_new_test_user(
            cls.env,
            login="scrm_mrp_planner",
            name="Paula Planner",
            groups="base.group_user,scrm_mrp_ext.group_mrp_planning_user",
        )
        cls.mrp_manager = mail_new_test_user(
            cls.env,
            login="scrm_mrp_manager",
            name="Manuel MRP Manager",
            groups="base.group_user,scrm_mrp_ext.group_mrp_planning_manager",
        )
        # Uses Manufacturing every day, but is not a planner.
        cls.mrp_operator = mail_new_test_user(
            cls.env,
            login="scrm_mrp_operator",
            name="Oscar Operator",
            groups="base.group_user,mrp.group_mrp_user",
        )

    def assertMenuReachable(self, menu, user, reachable=True):
        """The menu and each of its parents are visible to ``user`` (or not)."""
        visible_ids = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        path = menu
        parent = menu.parent_id
        while parent:
            path |= parent
            parent = parent.parent_id
        path_visible = set(path.ids) <= set(visible_ids)
        self.assertEqual(
            path_visible,
            reachable,
            f"{user.login} should{'' if reachable else ' not'} reach menu "
            f"{menu.complete_name}",
        )


class MrpScenarioCommon(ScrmMrpExtCommon):
    """A three-level product: FG = 2 SUB + 1 COMP, SUB = 3 COMP; COMP is bought
    and also sold on its own as a spare part."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Bolt Vendor"})
        Product = cls.env["product.product"]
        cls.fg, cls.sub, cls.comp = Product.create(
            [
                {"name": "Finished Machine", "is_storable": True},
                {"name": "Subassembly", "is_storable": True},
                {
                    "name": "Component",
                    "is_storable": True,
                    "seller_ids": [
                        Command.create({"partner_id": cls.vendor.id, "delay": 7})
                    ],
                },
            ]
        )
        cls.env.company.po_lead = 0
        Bom = cls.env["mrp.bom"]
        cls.bom_fg = Bom.create(
            {
                "product_tmpl_id": cls.fg.product_tmpl_id.id,
                "product_qty": 1,
                "produce_delay": 7,
                "bom_line_ids": [
                    Command.create({"product_id": cls.sub.id, "product_qty": 2}),
                    Command.create({"product_id": cls.comp.id, "product_qty": 1}),
                ],
            }
        )
        cls.bom_sub = Bom.create(
            {
                "product_tmpl_id": cls.sub.product_tmpl_id.id,
                "product_qty": 1,
                "produce_delay": 0,
                "bom_line_ids": [
                    Command.create({"product_id": cls.comp.id, "product_qty": 3}),
                ],
            }
        )
        cls.mps = cls.env["scrm.mps"].create(
            {
                "name": "Machines",
                "warehouse_id": cls.warehouse.id,
                "period_type": "week",
                "period_count": 8,
                "product_ids": [Command.set(cls.fg.ids)],
            }
        )
        cls.mps.action_prepare_lines()
        cls.weeks = cls.mps._period_starts()
        cls.forecast(cls.fg, 3, 10)

    @classmethod
    def forecast(cls, product, week, quantity):
        line = cls.mps.line_ids.filtered(
            lambda line: (
                line.product_id == product and line.period_start == cls.weeks[week]
            )
        )
        line.forecast_qty = quantity

    def add_spare_part(self, name="Spare Belt"):
        """A bought part added to the schedule, 5 forecast in week 2."""
        spare = self.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "seller_ids": [Command.create({"partner_id": self.vendor.id})],
            }
        )
        self.mps.product_ids += spare
        self.mps.action_prepare_lines()
        self.forecast(spare, 2, 5)
        return spare

    def flat_schedule(self, count):
        """A schedule of ``count`` bought products of the vendor, 4 weeks, 3 of
        each forecast every week: the plan grows with ``count`` and nothing else
        does (the query-count tests compare 10 and 200 products)."""
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Flat {count} {index}",
                    "is_storable": True,
                    "seller_ids": [Command.create({"partner_id": self.vendor.id})],
                }
                for index in range(count)
            ]
        )
        mps = self.env["scrm.mps"].create(
            {
                "name": f"Flat {count}",
                "warehouse_id": self.warehouse.id,
                "product_ids": [Command.set(products.ids)],
                "period_count": 4,
            }
        )
        mps.action_prepare_lines()
        mps.line_ids.forecast_qty = 3
        return mps

    def slip_in_bom_cycle(self):
        """The subassembly's BoM made to contain the finished machine, in SQL:
        data that slipped past Odoo's own cycle check (an import, a direct fix)."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO mrp_bom_line (bom_id, product_id, product_qty, product_uom_id,
                                      sequence, company_id)
            SELECT %s, %s, 1, uom_id, 99, %s FROM product_template WHERE id = %s
            """,
            [
                self.bom_sub.id,
                self.fg.id,
                self.env.company.id,
                self.fg.product_tmpl_id.id,
            ],
        )
        self.env.invalidate_all()

    def run_mrp(self, user=None):
        Run = self.env["scrm.mrp.run"]
        if user:
            Run = Run.with_user(user)
        return Run._launch(self.env.company, mps=self.mps)

    def run_queued(self):
        """Carry out the queued runs, as the scheduled action does (each call
        one run)."""
        Run = self.env["scrm.mrp.run"]
        while Run.search_count([("state", "=", "queued")]):
            Run._cron_run_queued()

    def planned(self, product):
        return self.env["scrm.mrp.planned.order"].search(
            [("product_id", "=", product.id), ("state", "=", "planned")]
        )

    def deliver(self, product, quantity, when):
        """Confirmed customer demand: an outgoing delivery."""
        picking_type = self.warehouse.out_type_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "scheduled_date": datetime.combine(when, time(12)),
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": picking_type.default_location_src_id.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                            "date": datetime.combine(when, time(12)),
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking
