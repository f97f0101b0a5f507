"""Export the .pot of each addon from an installed database, in one Odoo process.

    python scripts/i18n_export.py <addons-path> <database> <out-dir> <addon>...

`make test` runs it on its test database, then `i18n_check.py --pot-dir` compares
the result with the committed .pot files (the code's strings against `make pot`).
"""

import logging
import sys
from pathlib import Path

import odoo
from odoo.tools.translate import trans_export


class _Failures(logging.Handler):
    """Odoo logs a file it cannot extract terms from and goes on: every string
    of that file is then missing from the .pot, so untranslated. Fail instead."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def main():
    addons_path, database, out_dir, *addons = sys.argv[1:]
    failures = _Failures()
    logging.getLogger("odoo.tools.translate").addHandler(failures)
    odoo.tools.config.parse_config(
        ["--addons-path", addons_path, "-d", database, "--log-level", "warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        for addon in addons:
            with open(Path(out_dir) / f"{addon}.pot", "wb") as buffer:
                trans_export(False, [addon], buffer, "po", cr)
    if failures.messages:
        print("\n".join(failures.messages), file=sys.stderr)
        print(
            "i18n: strings of the files above are not extracted; compute the "
            "arguments of _() before the call (no f-strings inside it)",
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
