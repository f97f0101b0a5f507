#!/usr/bin/env bash
# make test: a throwaway database with every SCRM addon (and the cross-addon scenarios),
# every test of every addon run by Odoo's own runner, a closing summary line, and a
# non-zero exit on any failure or any WARNING/ERROR line in the Odoo log, or when a
# .pot no longer matches the code or a zh_CN.po misses a translation.
#   TEST_TAGS=...   narrow the run (Odoo --test-tags syntax), e.g. TEST_TAGS=/scrm_base
#   SCRM_SKIP_I18N=1  leave out the translation check (make test-clock does)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scrm_setup

# Chromium drives the browser tests (HttpCase tours).
if ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null; then
    scrm_apt_install chromium
fi

modules="$SCRM_ADDONS,scrm_scenarios"
db="scrm_test_$(date +%Y%m%d%H%M%S)_$$"
port=$(scrm_free_port 0)
log="$SCRM_WORK/logs/$db.log"
data_dir="$SCRM_WORK/filestore-test"
mkdir -p "$SCRM_WORK/logs" "$data_dir"
tags=${TEST_TAGS:-$(echo "$modules" | sed 's/\(^\|,\)/\1\//g')}

cleanup() {
    dropdb --if-exists "$db" 2>/dev/null || true
    rm -rf "$data_dir/filestore/$db"
}
trap cleanup EXIT

scrm_say "database $db, http port $port, log $log"
set +e
scrm_odoo \
    --addons-path "$(scrm_addons_path "$SCRM_ROOT/tests")" \
    --data-dir "$data_dir" \
    -d "$db" -i "$modules" \
    --test-enable --test-tags "$tags" \
    --http-port "$port" --gevent-port "$(scrm_free_port 0)" \
    --db-filter "^$db\$" --max-cron-threads 0 \
    --log-level info --stop-after-init 2>&1 | tee "$log" | "$SCRM_PY" "$SCRM_ROOT/scripts/odoo_log_filter.py"
rc=${PIPESTATUS[0]}
set -e
summary_rc=0
"$SCRM_PY" "$SCRM_ROOT/scripts/test_summary.py" "$log" "$rc" || summary_rc=$?
[ -n "${SCRM_SKIP_I18N:-}" ] && exit "$summary_rc"

# The .pot files match the code (regenerated from the database just tested), and
# every zh_CN.po translates them: run `make pot` and translate what this names.
pot_dir=$(mktemp -d)
i18n_rc=0
addon_dirs=()
for addon in ${SCRM_ADDONS//,/ }; do addon_dirs+=("$SCRM_ROOT/addons/$addon"); done
"$SCRM_PY" "$SCRM_ROOT/scripts/i18n_export.py" "$(scrm_addons_path "$SCRM_ROOT/tests")" \
    "$db" "$pot_dir" ${SCRM_ADDONS//,/ } >>"$log" 2>&1 \
    && "$SCRM_PY" "$SCRM_ROOT/scripts/i18n_check.py" --pot-dir "$pot_dir" "${addon_dirs[@]}" \
    || { scrm_say "translations: see above (or $log if the export failed)"; i18n_rc=1; }
rm -rf "$pot_dir"
[ "$summary_rc" = 0 ] || exit "$summary_rc"
exit "$i18n_rc"
