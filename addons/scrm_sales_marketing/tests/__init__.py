from . import test_customer_role, test_menus
