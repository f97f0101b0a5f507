from . import test_menus, test_mrp_run
