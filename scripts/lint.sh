#!/usr/bin/env bash
# make lint: ruff (lint and format check), pylint with the pylint-odoo plugin, and the
# zh_CN translations (scripts/i18n_check.py), and the documentation's relative links and
# the manifests' website (scripts/check_links.py), and a bilingual PDF test for every
# report (scripts/check_reports.py).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scrm_venv
cd "$SCRM_ROOT"
paths=(addons tests bench scripts conftest.py)
"$SCRM_VENV/bin/ruff" check "${paths[@]}"
"$SCRM_VENV/bin/ruff" format --check "${paths[@]}"
"$SCRM_VENV/bin/pylint" --rcfile=.pylintrc --disable=missing-readme addons/* tests/scrm_scenarios
# Every addon's zh_CN.po translates its whole .pot, with placeholders and tags intact.
"$SCRM_PY" scripts/i18n_check.py addons/* tests/scrm_scenarios
# Every relative link of the README, docs/ and the addons' readmes resolves in the repository.
"$SCRM_PY" scripts/check_links.py
# Every report an addon declares is printed in English and Chinese by its tests.
"$SCRM_PY" scripts/check_reports.py
echo "lint: clean"
