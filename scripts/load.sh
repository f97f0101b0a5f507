#!/usr/bin/env bash
# make load: the demo database (make run's, created when missing) served with
# --workers on 127.0.0.1 only, and a bounded headless Locust run against it:
# portal suppliers on their VMI pages and proposing, portal customers on their tickets,
# visitors on the public service form, agents on the ticket list, with one MRP
# run in the middle (scenario: scripts/locustfile.py). Prints requests/s,
# p50/p95/p99 per route, the error count and the records saved against those
# found, in the bench format; fails on any error or lost or doubled record.
# Not in CI: it measures this machine.
#   LOAD_USERS=80      simulated users (30 suppliers, 30 customers, 10 visitors, 10 agents)
#   LOAD_TIME=60s      how long the load runs
#   LOAD_WORKERS=4     Odoo's worker processes
#   LOAD_SPAWN_RATE=10 users started per second (Odoo's prefork server listens with a
#                      backlog of 8 per worker: more connections at once are reset,
#                      which a reverse proxy in front of it queues in production)
#   SCRM_DB=scrm_demo  database (created like make run's when missing)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scrm_setup

db=${SCRM_DB:-scrm_demo}
users=${LOAD_USERS:-80}
duration=${LOAD_TIME:-60s}
workers=${LOAD_WORKERS:-4}

# Locust in its own virtualenv (see scripts/requirements-load.txt).
load_venv=$SCRM_WORK/venv-load
_scrm_load_venv() {
    local want
    want=$(sha1sum <"$SCRM_ROOT/scripts/requirements-load.txt")
    [ -x "$load_venv/bin/locust" ] && [ "$(cat "$load_venv/.sha" 2>/dev/null)" = "$want" ] \
        && return 0
    scrm_say "installing Locust into $load_venv"
    python3 -m venv "$load_venv" \
        && "$load_venv/bin/pip" install -q -r "$SCRM_ROOT/scripts/requirements-load.txt" \
            >"$SCRM_WORK/pip-load.log" 2>&1 \
        || scrm_die "pip install failed, see $SCRM_WORK/pip-load.log"
    echo "$want" >"$load_venv/.sha"
}
scrm_locked venv-load _scrm_load_venv

port=$(scrm_free_port 8269)
log="$SCRM_WORK/logs/load-$(date +%Y%m%d%H%M%S).log"
mkdir -p "$SCRM_WORK/logs"
scrm_say "serving $db with $workers workers on 127.0.0.1:$port (log $log)"
SCRM_DB=$db SCRM_PORT=$port SCRM_ODOO_ARGS="--workers $workers --max-cron-threads 0 \
--http-interface 127.0.0.1 --logfile $log" "$SCRM_ROOT/scripts/run.sh" >/dev/null &
server=$!
stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap stop_server EXIT

# The server answers once the demo database exists (first time: minutes, more on a
# busy machine).
url=http://127.0.0.1:$port
answers() { "$SCRM_PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=60)' "$1" 2>/dev/null; }
for _ in $(seq 1 3600); do
    kill -0 "$server" 2>/dev/null || scrm_die "the server stopped, see $log"
    answers "$url/web/health" && break
    sleep 1
done
answers "$url/web/health" || scrm_die "the server did not answer, see $log"
# Warm-up: the portal's asset bundles are built once, not by the first users.
answers "$url/web/login" || true

scrm_say "Locust: $users users for $duration against $url"
set +e
SCRM_DB=$db "$load_venv/bin/locust" -f "$SCRM_ROOT/scripts/locustfile.py" --headless \
    --host "$url" --users "$users" --spawn-rate "${LOAD_SPAWN_RATE:-10}" \
    --run-time "$duration" --stop-timeout 60 --only-summary --loglevel WARNING 2>&1 \
    | grep -v '^\s*$'
rc=${PIPESTATUS[0]}
set -e
# (a connection Locust dropped at the stop, before sending its request, is no error)
errors=$(grep -E ' (ERROR|CRITICAL) ' "$log" | grep -cv 'Request timed out' || true)
echo "load_server_log_errors: $errors lines"
[ "$errors" = 0 ] || rc=1
exit "$rc"
