from . import test_menus, test_supplier_role
