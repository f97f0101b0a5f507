from . import test_menus, test_timeline_access
