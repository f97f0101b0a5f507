#!/usr/bin/env bash
# make bench: every script of bench/ (or BENCH=<name>), each against a throwaway
# database of its own. Scripts print figures as `<figure-name>: <value> <unit>`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scrm_setup

if [ -n "${BENCH:-}" ]; then
    scripts=("$SCRM_ROOT/bench/${BENCH%.py}.py")
    [ -f "${scripts[0]}" ] || scrm_die "no bench script bench/${BENCH%.py}.py"
else
    scripts=("$SCRM_ROOT"/bench/bench_*.py)
fi
export SCRM_ADDONS_PATH
SCRM_ADDONS_PATH=$(scrm_addons_path)
export SCRM_DATA_DIR=$SCRM_WORK/filestore-bench
mkdir -p "$SCRM_DATA_DIR" "$SCRM_WORK/logs"
for script in "${scripts[@]}"; do
    db="scrm_bench_$(basename "$script" .py)_$$"
    scrm_say "$(basename "$script") on database $db"
    # The modules a script needs are named in its docstring: "modules: a,b".
    modules=$(sed -n 's/^modules: *//p' "$script" | head -1)
    status=0
    # "modules: none": a script that needs no database (the pure-Python engine).
    if [ "$modules" != none ]; then
        scrm_odoo --addons-path "$SCRM_ADDONS_PATH" --data-dir "$SCRM_DATA_DIR" -d "$db" \
            -i "${modules:-scrm_base}" --without-demo=all --max-cron-threads 0 \
            --http-port "$(scrm_free_port 0)" --gevent-port "$(scrm_free_port 0)" \
            --stop-after-init --logfile "$SCRM_WORK/logs/$db.log" || status=$?
    fi
    [ $status = 0 ] && { SCRM_BENCH_DB=$db "$SCRM_PY" "$script" || status=$?; }
    dropdb --if-exists "$db" 2>/dev/null || true
    rm -rf "$SCRM_DATA_DIR/filestore/$db"
    [ $status = 0 ] || scrm_die "$(basename "$script") failed"
done
