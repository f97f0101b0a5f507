#!/usr/bin/env bash
# make test-odoo: Odoo's own tests of the modules SCRM extends, run in a throwaway
# database where every SCRM addon is installed, so an override that breaks Odoo's own
# behaviour is caught. Same closing line and same log rules as `make test`.
# As in any Odoo run, an at_install test runs when its module is installed, so it sees
# the SCRM addons installed before that module (scrm_base before crm, for instance);
# post_install tests (crm's lead assignment budgets among them) see every SCRM addon.
#   ODOO_TEST_MODULES=crm,mail   narrow the run to some of Odoo's modules
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scrm_setup

if ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null; then
    scrm_apt_install chromium
fi

odoo_modules=${ODOO_TEST_MODULES:-crm,sale_crm,mail,sms,mass_mailing,portal,purchase,purchase_stock,stock,mrp}
db="scrm_test_odoo_$(date +%Y%m%d%H%M%S)_$$"
port=$(scrm_free_port 0)
log="$SCRM_WORK/logs/$db.log"
data_dir="$SCRM_WORK/filestore-test"
mkdir -p "$SCRM_WORK/logs" "$data_dir"
tags=$(echo "$odoo_modules" | sed 's/\(^\|,\)/\1\//g')
# Left out, as it fails on bare Odoo on this machine too (only stock installed, no
# SCRM addon on the path, same "Wrong number of available quants: 3 instead of 2"
# console error, 2026-12-05 with Chromium 156): stock's tour of the detailed
# operations dialog. Not ours to fix; take it out of this list to try it again.
tags="$tags,-/stock:TestStockPickingTour.test_add_new_line_in_detailled_op"

cleanup() {
    dropdb --if-exists "$db" 2>/dev/null || true
    rm -rf "$data_dir/filestore/$db"
}
trap cleanup EXIT

scrm_say "database $db, Odoo tests of $odoo_modules with every SCRM addon, log $log"
set +e
scrm_odoo \
    --addons-path "$(scrm_addons_path)" \
    --data-dir "$data_dir" \
    -d "$db" -i "$odoo_modules,$SCRM_ADDONS" \
    --test-enable --test-tags "$tags" \
    --http-port "$port" --gevent-port "$(scrm_free_port 0)" \
    --db-filter "^$db\$" --max-cron-threads 0 \
    --log-level info --stop-after-init 2>&1 | tee "$log" | "$SCRM_PY" "$SCRM_ROOT/scripts/odoo_log_filter.py"
rc=${PIPESTATUS[0]}
set -e
"$SCRM_PY" "$SCRM_ROOT/scripts/test_summary.py" "$log" "$rc"
