"""What the foreign keys of planned orders would do when their targets are
deleted (see ``UncheckedMany2one``)."""

from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def unlink(self):
        self.env["scrm.mrp.planned.order"]._unlink_references(self)
        return super().unlink()


class ProductTemplate(models.Model):
    _inherit = "product.template"

    def unlink(self):
        # Its variants are deleted by PostgreSQL's cascade, not by their
        # unlink(): their planned orders would be left pointing to nothing.
        variants = self.with_context(active_test=False).product_variant_ids
        self.env["scrm.mrp.planned.order"]._unlink_references(variants)
        return super().unlink()


class ResPartner(models.Model):
    _inherit = "res.partner"

    def unlink(self):
        self.env["scrm.mrp.planned.order"]._unlink_references(self)
        return super().unlink()


class MrpBom(models.Model):
    _inherit = "mrp.bom"

    def unlink(self):
        self.env["scrm.mrp.planned.order"]._unlink_references(self)
        return super().unlink()


class ResCompany(models.Model):
    _inherit = "res.company"

    def unlink(self):
        self.env["scrm.mrp.planned.order"]._unlink_references(self)
        return super().unlink()


class ScrmMps(models.Model):
    _inherit = "scrm.mps"  # pylint: disable=consider-merging-classes-inherited

    def unlink(self):
        # its plan goes with it (the plan rows and exceptions by their
        # foreign key's cascade)
        self.env["scrm.mrp.planned.order"]._unlink_references(self)
        return super().unlink()
