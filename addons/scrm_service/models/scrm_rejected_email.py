from odoo import fields, models


class ScrmRejectedEmail(models.Model):
    """An incoming email for the service desk the gateway could not turn into a
    ticket (no valid sender, unreadable): kept whole for an administrator."""

    _name = "scrm.rejected.email"
    _description = "Rejected Service Email"
    _order = "id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    email_from = fields.Char(string="From", readonly=True)
    email_to = fields.Char(string="To", readonly=True)
    subject = fields.Char(readonly=True)
    message_id = fields.Char(string="Message-Id", readonly=True, index=True)
    reason = fields.Char(readonly=True)
    raw = fields.Text(string="Raw Message", readonly=True)
    raw_file = fields.Binary(
        string="Original Message",
        attachment=True,
        readonly=True,
        help="The email exactly as received, byte for byte (the text above "
        "replaces what is not UTF-8).",
    )
    raw_filename = fields.Char(default="message.eml", readonly=True)
    state = fields.Selection(
        [("new", "To Inspect"), ("done", "Handled")], default="new", required=True
    )

    def action_mark_done(self):
        self.write({"state": "done"})
