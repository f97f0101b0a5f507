# ruff: noqa: I001 (mixins must be loaded before the models that inherit them)
from . import scrm_cached_config
from . import scrm_channel
from . import scrm_contact_preference
from . import scrm_interaction
from . import scrm_interaction_mixin
from . import scrm_hold_mixin
from . import res_partner
from . import mail_message
from . import mail_mail
from . import mail_notification
from . import sms_sms
