from . import scrm_ticket_sla_report
