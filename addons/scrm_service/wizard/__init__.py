from . import scrm_caller_lookup
