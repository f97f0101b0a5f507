from . import scrm_mps, scrm_mps_line
