#!/usr/bin/env bash
# make pytest: the tests of the addons' pure-Python engines (addons/*/engine/tests)
# under plain pytest, without database or Odoo: seconds. Odoo's runner (make test)
# runs the same tests again among the addons' own.
#   PYTEST_ARGS=...   extra pytest arguments, e.g. PYTEST_ARGS="-k pegging -x"
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scrm_venv
cd "$SCRM_ROOT"
set +e
# -p no:odoo: pytest-odoo (for the addons' Odoo tests, see the README) would
# import Odoo, which the engines must run without.
# shellcheck disable=SC2086  # PYTEST_ARGS is a list of arguments
PYTHONDONTWRITEBYTECODE=1 "$SCRM_VENV/bin/pytest" -p no:odoo ${PYTEST_ARGS:-}
rc=$?
set -e
if [ "$rc" = 5 ]; then
    # pytest's "no test collected": fine when PYTEST_ARGS narrowed the run to
    # nothing, a failure otherwise (the engines' tests must not vanish unseen).
    if [ -n "${PYTEST_ARGS:-}" ]; then
        scrm_say "pytest: no test matches PYTEST_ARGS=$PYTEST_ARGS"
        exit 0
    fi
    scrm_say "pytest collected no test under addons/*/engine/tests"
fi
exit "$rc"
