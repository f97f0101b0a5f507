"""Export the .pot of each addon from an installed database, in one Odoo process.

    python scripts/i18n_export.py <addons-path> <database> <out-dir> <addon>...

`make test` runs it on its test database, then `i18n_check.py --pot-dir` compares
the result with the committed .pot files (the code's strings against `make pot`).
"""

import sys
from pathlib import Path

import odoo
from odoo.tools.translate import trans_export


def main():
    addons_path, database, out_dir, *addons = sys.argv[1:]
    odoo.tools.config.parse_config(
        ["--addons-path", addons_path, "-d", database, "--log-level", "warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        for addon in addons:
            with open(Path(out_dir) / f"{addon}.pot", "wb") as buffer:
                trans_export(False, [addon], buffer, "po", cr)


if __name__ == "__main__":
    main()
