from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.scrm_mrp_loader import MrpLoader
from .common import MrpScenarioCommon


@tagged("post_install", "-at_install", "scrm_mrp_run")
class TestMrpLoader(MrpScenarioCommon):
    """What a run reads from products, BoMs and vendors: the Items the planner
    gets, as Odoo's own records say."""

    def load(self, products):
        self.mps.product_ids = products
        return MrpLoader(self.env, self.env.company, self.mps).load_items()[1]

    def lines(self, item):
        return {(line.component_id, round(line.quantity, 6)) for line in item.bom_lines}

    def test_variants_take_only_the_lines_of_their_attribute_values(self):
        colour = self.env["product.attribute"].create(
            {
                "name": "Colour",
                "value_ids": [
                    Command.create({"name": "Red"}),
                    Command.create({"name": "Blue"}),
                ],
            }
        )
        template = self.env["product.template"].create(
            {
                "name": "Painted Machine",
                "is_storable": True,
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": colour.id,
                            "value_ids": [Command.set(colour.value_ids.ids)],
                        }
                    )
                ],
            }
        )
        red_value, blue_value = template.attribute_line_ids.product_template_value_ids
        red, blue = template.product_variant_ids
        if red.product_template_attribute_value_ids != red_value:
            red, blue = blue, red
        red_paint, blue_paint = self.env["product.product"].create(
            [{"name": "Red Paint"}, {"name": "Blue Paint"}]
        )
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": template.id,
                "bom_line_ids": [
                    Command.create({"product_id": self.comp.id, "product_qty": 2}),
                    Command.create(
                        {
                            "product_id": red_paint.id,
                            "product_qty": 1,
                            "bom_product_template_attribute_value_ids": [
                                Command.set(red_value.ids)
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": blue_paint.id,
                            "product_qty": 3,
                            "bom_product_template_attribute_value_ids": [
                                Command.set(blue_value.ids)
                            ],
                        }
                    ),
                ],
            }
        )
        items = self.load(red | blue)
        self.assertEqual(
            self.lines(items[red.id]), {(self.comp.id, 2), (red_paint.id, 1)}
        )
        self.assertEqual(
            self.lines(items[blue.id]), {(self.comp.id, 2), (blue_paint.id, 3)}
        )
        self.assertEqual(items[red.id].name, red.display_name)
        self.assertIn("Red", items[red.id].name)

    def test_units_of_the_bom_and_its_lines_are_converted(self):
        kg = self.env.ref("uom.product_uom_kgm")
        steel = self.env["product.product"].create(
            {
                "name": "Steel",
                "default_code": "ST-1",
                "uom_id": kg.id,
                "uom_po_id": kg.id,
            }
        )
        # A dozen machines take 600 g of steel and 24 bolts (2 dozen).
        self.bom_fg.write(
            {
                "product_qty": 1,
                "product_uom_id": self.env.ref("uom.product_uom_dozen").id,
                "bom_line_ids": [
                    Command.clear(),
                    Command.create(
                        {
                            "product_id": steel.id,
                            "product_qty": 600,
                            "product_uom_id": self.env.ref("uom.product_uom_gram").id,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.comp.id,
                            "product_qty": 2,
                            "product_uom_id": self.env.ref("uom.product_uom_dozen").id,
                        }
                    ),
                ],
            }
        )
        items = self.load(self.fg)
        self.assertEqual(
            self.lines(items[self.fg.id]), {(steel.id, 0.05), (self.comp.id, 2)}
        )
        self.assertEqual(items[steel.id].name, "[ST-1] Steel")

    def test_archived_components_are_planned_archived_boms_are_not(self):
        self.comp.action_archive()
        self.bom_sub.action_archive()
        items = self.load(self.fg)
        self.assertEqual(set(items), {self.fg.id, self.sub.id, self.comp.id})
        self.assertEqual(items[self.comp.id].vendor_id, self.vendor.id)
        self.assertEqual(items[self.sub.id].supply_method, "buy", "no BoM left")
        self.assertFalse(items[self.sub.id].bom_lines)

    def test_boms_and_vendors_of_another_company_are_ignored(self):
        other = self.env["res.company"].create({"name": "Second Plant"})
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": self.fg.product_tmpl_id.id,
                "company_id": other.id,
                "sequence": -1,
                "bom_line_ids": [
                    Command.create({"product_id": self.comp.id, "product_qty": 9})
                ],
            }
        )
        other_vendor = self.env["res.partner"].create({"name": "Far Vendor"})
        local_vendor = self.env["res.partner"].create({"name": "Near Vendor"})
        self.env["product.supplierinfo"].create(
            [
                {
                    "product_tmpl_id": self.comp.product_tmpl_id.id,
                    "partner_id": other_vendor.id,
                    "company_id": other.id,
                    "sequence": -2,
                    "delay": 30,
                },
                {
                    "product_tmpl_id": self.comp.product_tmpl_id.id,
                    "partner_id": local_vendor.id,
                    "company_id": self.env.company.id,
                    "sequence": -1,
                    "delay": 3,
                },
            ]
        )
        items = self.load(self.fg)
        self.assertEqual(items[self.fg.id].bom_id, self.bom_fg.id)
        self.assertEqual(
            self.lines(items[self.fg.id]), {(self.sub.id, 2), (self.comp.id, 1)}
        )
        self.assertEqual(items[self.comp.id].vendor_id, local_vendor.id)
        self.assertEqual(items[self.comp.id].lead_time_days, 3)

    def test_variant_bom_before_template_bom_and_kits_pass_through(self):
        kit = self.env["product.product"].create({"name": "Bolt Kit"})
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": kit.product_tmpl_id.id,
                "type": "phantom",
                "product_qty": 2,
                "bom_line_ids": [
                    Command.create({"product_id": self.comp.id, "product_qty": 8})
                ],
            }
        )
        variant_bom = self.env["mrp.bom"].create(
            {
                "product_tmpl_id": self.fg.product_tmpl_id.id,
                "product_id": self.fg.id,
                "sequence": 99,
                "produce_delay": 3,
                "bom_line_ids": [
                    Command.create({"product_id": kit.id, "product_qty": 1})
                ],
            }
        )
        loose = self.env["product.product"].create({"name": "Loose Part"})
        items = self.load(self.fg | loose)
        fg = items[self.fg.id]
        self.assertEqual((fg.bom_id, fg.lead_time_days), (variant_bom.id, 3))
        self.assertEqual(self.lines(fg), {(kit.id, 1)})
        self.assertTrue(items[kit.id].phantom)
        self.assertIsNone(items[kit.id].bom_id)
        self.assertEqual(self.lines(items[kit.id]), {(self.comp.id, 4)})
        self.assertNotIn(self.sub.id, items, "only the variant's own BoM counts")
        loose_item = items[loose.id]
        self.assertEqual((loose_item.supply_method, loose_item.bom_lines), ("buy", []))
        self.assertIsNone(loose_item.vendor_id)

    def test_a_component_the_planner_cannot_read_is_refused_clearly(self):
        before = self.run_mrp(user=self.planner)
        other = self.env["res.company"].create({"name": "Second Plant"})
        secret = self.env["product.product"].create(
            {"name": "Secret Alloy", "company_id": other.id}
        )
        # A line of a shared BoM, as an import could leave it.
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO mrp_bom_line (bom_id, product_id, product_qty, product_uom_id,
                                      sequence, company_id)
            SELECT %s, %s, 1, uom_id, 99, NULL FROM product_template WHERE id = %s
            """,
            [self.bom_sub.id, secret.id, secret.product_tmpl_id.id],
        )
        self.env.invalidate_all()
        Run = self.env["scrm.mrp.run"]
        runs = Run.search([])
        self.assertIn(before, runs)
        with self.assertRaisesRegex(AccessError, "1 products you are not allowed"):
            self.run_mrp(user=self.planner)
        self.assertEqual(Run.search([]), runs, "no run recorded")
        self.assertTrue(self.planned(self.fg))
        # Someone who may read both companies' products plans it.
        self.assertEqual(self.run_mrp().state, "done")
