from . import mail_compose_message, scrm_contact_preference_record
