#!/usr/bin/env bash
# make lint: ruff (lint and format check) and pylint with the pylint-odoo plugin.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scrm_venv
cd "$SCRM_ROOT"
paths=(addons tests bench scripts conftest.py)
"$SCRM_VENV/bin/ruff" check "${paths[@]}"
"$SCRM_VENV/bin/ruff" format --check "${paths[@]}"
"$SCRM_VENV/bin/pylint" --rcfile=.pylintrc --disable=missing-readme addons/* tests/scrm_scenarios
echo "lint: clean"
