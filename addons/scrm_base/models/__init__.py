from . import (
    scrm_channel,
    scrm_contact_preference,
    scrm_interaction,
    scrm_interaction_mixin,
    scrm_hold_mixin,
    res_partner,
    mail_message,
    mail_mail,
    mail_notification,
    sms_sms,
)
