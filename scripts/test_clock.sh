#!/usr/bin/env bash
# make test-clock: the time-sensitive test classes (tag scrm_clock) with the clock of
# Odoo *and* of its PostgreSQL moved to the last day of the month, late in the UTC
# evening, and the machine in Asia/Shanghai, where it is already the next day of the
# next month. A test (or a query) that only passes in UTC, or on some dates, fails here.
# Odoo's own process always runs in UTC (odoo-bin sets TZ itself, as in production);
# PostgreSQL's default zone is Shanghai, so CURRENT_DATE, now()::date and the like are
# the next day's, as on a database server set up in China.
#   CLOCK_AT="YYYY-MM-DD HH:MM:SS"  UTC time the clocks read when the run starts
#                                   (default: the last day of this month, 22:30:00:
#                                   the tests run at about 22:45 UTC on a quiet
#                                   machine, still before midnight UTC when the
#                                   installation takes an hour; from 16:00 UTC on,
#                                   Shanghai is already on the next day)
#   CLOCK_TZ=...                    the servers' time zone (default Asia/Shanghai)
#   TEST_TAGS=...                   narrow or widen the run (default scrm_clock)
#
# libfaketime shifts the clock of every process started here by one fixed offset, so
# time still runs; PostgreSQL gets its own throwaway cluster under the same offset and
# zone (now(), CURRENT_DATE and create_date agree with Python's clock).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

faketime_lib() { ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1; }
missing=()
[ -n "$(faketime_lib)" ] || missing+=(libfaketime)
[ -e /usr/share/zoneinfo/Asia/Shanghai ] || missing+=(tzdata)
scrm_apt_install "${missing[@]}"
scrm_venv
bindir=$(scrm_pg_bindir) || scrm_apt_install postgresql
bindir=$(scrm_pg_bindir) || scrm_die "PostgreSQL server binaries not found"

month_end=$(date -u -d "$(date -u +%Y-%m-01) +1 month -1 day" +%F)
clock_at=${CLOCK_AT:-"$month_end 22:30:00"}
clock_tz=${CLOCK_TZ:-Asia/Shanghai}
target=$(date -u -d "$clock_at UTC" +%s) || scrm_die "CLOCK_AT: not a date: $clock_at"
offset=$((target - $(date -u +%s)))
[ "$offset" -ge 0 ] && offset="+$offset"
fake_env=(LD_PRELOAD="$(faketime_lib)" FAKETIME="$offset" FAKETIME_DONT_FAKE_MONOTONIC=1
    TZ="$clock_tz")

# A throwaway PostgreSQL cluster whose clock and zone are the fake ones.
pg_dir=$(mktemp -d /tmp/scrm-clock-XXXXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$pg_dir"
    as=(runuser -u postgres --)
fi
stop_pg() {
    "${as[@]}" "$bindir/pg_ctl" -D "$pg_dir/data" stop -m fast >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
}
trap stop_pg EXIT
"${as[@]}" env "${fake_env[@]}" "$bindir/initdb" -D "$pg_dir/data" -A trust -U postgres \
    -E UTF8 --locale=C.UTF-8 >"$SCRM_WORK/initdb-clock.log" 2>&1 \
    || scrm_die "initdb failed, see $SCRM_WORK/initdb-clock.log"
"${as[@]}" env "${fake_env[@]}" "$bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" \
    -w -o "-k $pg_dir -c listen_addresses='' -c fsync=off -c max_connections=100" start \
    >/dev/null || { cat "$pg_dir/server.log" >&2; scrm_die "PostgreSQL did not start"; }
"${as[@]}" "$bindir/psql" -h "$pg_dir" -U postgres -d postgres -qc \
    "CREATE ROLE scrm LOGIN CREATEDB" >/dev/null

export PGHOST=$pg_dir PGPORT=5432 PGUSER=scrm PGDATABASE=postgres
unset PGPASSWORD
scrm_say "clock at $clock_at UTC ($(env "${fake_env[@]}" date '+%F %T %Z') in $clock_tz)" \
    "for Odoo and PostgreSQL; tags ${TEST_TAGS:-scrm_clock}"
set +e
env "${fake_env[@]}" TEST_TAGS="${TEST_TAGS:-scrm_clock}" SCRM_SKIP_I18N=1 \
    "$SCRM_ROOT/scripts/test.sh"
rc=$?
set -e
# The run proves most when the whole of it sat between 16:00 and 24:00 UTC.
if [ "$(env "${fake_env[@]}" date -u +%F)" != "$(date -u -d "$clock_at UTC" +%F)" ]; then
    scrm_say "the fake clock passed midnight UTC during the run: UTC and Shanghai" \
        "dates agreed at the end; start earlier with CLOCK_AT"
fi
exit "$rc"
