# pylint: disable=consider-merging-classes-inherited
from odoo import Command, api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _scrm_load_proposal_demo(self):
        """Demo proposals and pricing approvals, made through the same methods as
        the screens (called once by the demo data, as the demo users)."""
        env = self.env
        salesperson = env.ref("base.user_demo")
        manager = env.ref("base.user_admin")
        salesperson.groups_id |= env.ref("scrm_sales_marketing.group_sales_user")
        customer = env.ref("scrm_sales_marketing.demo_proposal_customer")
        contact = env.ref("scrm_sales_marketing.demo_proposal_buyer")
        pump = env.ref("scrm_sales_marketing.demo_proposal_pump")
        seal = env.ref("scrm_sales_marketing.demo_proposal_seal")
        Order = self.with_user(salesperson).with_context(
            mail_create_nosubscribe=True, mail_notrack=True
        )

        def quote(lines, **values):
            return Order.create(
                {
                    "partner_id": customer.id,
                    "user_id": salesperson.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "discount": discount,
                            }
                        )
                        for product, qty, discount in lines
                    ],
                    **values,
                }
            )

        # Three revisions: the price of the pumps goes down, seals are added.
        first = quote([(pump, 4, 0.0)])
        first.action_quotation_sent()
        second = first._scrm_revise()
        second.order_line.discount = 5.0
        second.action_quotation_sent()
        third = second._scrm_revise()
        third.write(
            {
                "order_line": [
                    Command.create({"product_id": seal.id, "product_uom_qty": 8})
                ]
            }
        )
        third.action_quotation_sent()

        # Answered on the portal: one accepted, one declined with a reason.
        accepted = quote([(pump, 2, 0.0)], require_signature=True)
        accepted.action_quotation_sent()
        accepted.sudo().write({"signed_by": contact.name})
        accepted.sudo().action_confirm()
        accepted.sudo()._scrm_portal_answer("accepted", contact)
        declined = quote([(seal, 20, 0.0)], require_signature=True)
        declined.action_quotation_sent()
        declined.sudo()._action_cancel()
        declined.sudo()._scrm_portal_answer(
            "declined",
            contact,
            message="Our budget is frozen until June.",
            reason="price",
        )

        # Deal desk: the demo salesperson may give 10 % at most.
        env["scrm.sales.approval.limit"].create(
            {
                "user_id": salesperson.id,
                "check_discount": True,
                "max_discount": 10.0,
                "approver_id": manager.id,
            }
        )
        granted = quote([(pump, 10, 15.0)])
        granted._scrm_request_approval("Framework agreement, ten pumps a year.")
        granted.scrm_approval_ids.with_user(manager)._scrm_decide(
            "approved", "Fine for a framework agreement."
        )
        rejected = quote([(pump, 1, 25.0)])
        rejected._scrm_request_approval("The customer asked for a quarter off.")
        rejected.scrm_approval_ids.with_user(manager)._scrm_decide(
            "rejected", "Too much for a single pump: 10 % at most."
        )
        return True
