#!/usr/bin/env bash
# make pot: regenerate addons/<addon>/i18n/<addon>.pot from a throwaway database with
# every SCRM addon and its demo data installed (Odoo's own exporter: Python _() / _lt(),
# views, data, demo data).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scrm_setup

db="scrm_pot_$$"
addons_path=$(scrm_addons_path)
data_dir="$SCRM_WORK/filestore-pot"
trap 'dropdb --if-exists "$db" 2>/dev/null || true; rm -rf "$data_dir/filestore/$db"' EXIT
mkdir -p "$SCRM_WORK/logs"
scrm_odoo --addons-path "$addons_path" --data-dir "$data_dir" -d "$db" -i "$SCRM_ADDONS" \
    --max-cron-threads 0 --http-port "$(scrm_free_port 0)" \
    --gevent-port "$(scrm_free_port 0)" --stop-after-init --logfile "$SCRM_WORK/logs/$db.log"
for addon in ${SCRM_ADDONS//,/ }; do
    mkdir -p "$SCRM_ROOT/addons/$addon/i18n"
    scrm_odoo --addons-path "$addons_path" --data-dir "$data_dir" -d "$db" \
        --i18n-export="$SCRM_ROOT/addons/$addon/i18n/$addon.pot" --modules="$addon" \
        --log-level warn --stop-after-init 2>/dev/null
    scrm_say "addons/$addon/i18n/$addon.pot"
done
