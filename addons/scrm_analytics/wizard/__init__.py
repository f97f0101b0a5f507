from . import scrm_supplier_ranking
