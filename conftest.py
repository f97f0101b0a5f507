"""pytest set-up for the addons' pure-Python engines (``make pytest``).

An engine (``addons/<addon>/engine``) is a plain package inside an Odoo module:
imported the usual way, ``<addon>/__init__.py`` would run first and import Odoo.
Each addon is registered here as an empty package over its folder, so that its
engine and the engine's tests import alone; any import of Odoo then fails loudly,
which keeps the engines free of it.
"""

import sys
import types
from pathlib import Path

ADDONS = Path(__file__).resolve().parent / "addons"


class _NoOdoo:
    """Import hook refusing Odoo: the engines must run without it."""

    def find_spec(self, name, path=None, target=None):
        if name == "odoo" or name.startswith("odoo."):
            raise ImportError(f"{name}: the engines' tests run without Odoo")
        return None


for manifest in sorted(ADDONS.glob("*/__manifest__.py")):
    addon = types.ModuleType(manifest.parent.name)
    addon.__path__ = [str(manifest.parent)]
    sys.modules.setdefault(addon.__name__, addon)
if str(ADDONS) not in sys.path:
    sys.path.insert(0, str(ADDONS))
if "odoo" not in sys.modules:  # a plugin may have brought it in: nothing to guard
    sys.meta_path.insert(0, _NoOdoo())
