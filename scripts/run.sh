#!/usr/bin/env bash
# make run: the demo database with every SCRM addon and its demo data, served on
# http://localhost:8069 (or the next free port when that one is taken).
#   SCRM_DB=...     database name (default scrm_demo)
#   SCRM_PORT=...   first port to try (default 8069)
#   SCRM_LANG=...   a language to load and give every demo user, e.g. zh_CN
#                   (default database scrm_demo_zh_CN); LANG is the shell's own locale
#   SCRM_ODOO_ARGS=...  more options for the server (make load: --workers 4 ...)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scrm_setup

lang=${SCRM_LANG:-}
db=${SCRM_DB:-scrm_demo${lang:+_$lang}}
data_dir="$SCRM_WORK/filestore"
addons_path=$(scrm_addons_path)

_scrm_demo_db() {
    if psql -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
        return 0
    fi
    scrm_say "creating the demo database $db with all SCRM addons (first start: a few minutes)"
    scrm_odoo --addons-path "$addons_path" --data-dir "$data_dir" -d "$db" \
        -i "$SCRM_ADDONS" --max-cron-threads 0 --http-port "$(scrm_free_port 0)" \
        --gevent-port "$(scrm_free_port 0)" --stop-after-init \
        --logfile "$SCRM_WORK/logs/$db-install.log" \
        ${lang:+--load-language "$lang"} \
        || { dropdb --if-exists "$db"; scrm_die "installation failed, see $SCRM_WORK/logs/$db-install.log"; }
    [ -z "$lang" ] && return 0
    # The demo users and contacts read (and are written to in) that language.
    scrm_odoo shell --addons-path "$addons_path" --data-dir "$data_dir" -d "$db" \
        --no-http --log-level warn >>"$SCRM_WORK/logs/$db-install.log" 2>&1 <<PY \
        || { dropdb --if-exists "$db"; scrm_die "could not switch the demo users to $lang"; }
env["res.partner"].with_context(active_test=False).search([]).write({"lang": "$lang"})
env["res.users"].with_context(active_test=False).search([]).write({"lang": "$lang"})
env.cr.commit()
PY
}
mkdir -p "$SCRM_WORK/logs"
scrm_locked "db-$db" _scrm_demo_db

port=$(scrm_free_port "${SCRM_PORT:-8069}")
cat <<MSG

  SCRM demo on http://localhost:$port   (database $db; Ctrl-C stops it)

  back office           admin / admin
  supplier portal       supplier.portal / supplier.portal
  customer portal       customer.portal / customer.portal

MSG
exec "$SCRM_PY" "$ODOO_SRC/odoo-bin" --addons-path "$addons_path" --data-dir "$data_dir" \
    -d "$db" --db-filter "^$db\$" --http-port "$port" \
    --gevent-port "$(scrm_free_port $((port + 3)))" --log-level info ${SCRM_ODOO_ARGS:-}
