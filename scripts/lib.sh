# Shared set-up for `make run`, `make test` and `make bench`: sourced, never run.
#
# Everything the project needs lives in the ignored work folder ($SCRM_WORK, default
# .work/): the virtualenv, an Odoo checkout when none was found, the private PostgreSQL
# cluster, filestores and logs. Each step is idempotent and safe to run concurrently.

SCRM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRM_WORK=${SCRM_WORK:-$SCRM_ROOT/.work}
SCRM_ADDONS="scrm_base,scrm_mrp_ext,scrm_supplier_portal,scrm_sales_marketing,scrm_service,scrm_sales_mrp,scrm_analytics"
SCRM_ODOO_BRANCH=18.0
SCRM_ODOO_GIT=${SCRM_ODOO_GIT:-https://github.com/odoo/odoo}
mkdir -p "$SCRM_WORK"

scrm_say() { printf '\033[1m[scrm]\033[0m %s\n' "$*" >&2; }
scrm_die() { scrm_say "$1"; exit "${2:-1}"; }

# Run a command under an exclusive lock in the work folder, so that two `make`
# invocations at once do not both create the venv, the cluster or the demo database.
scrm_locked() {
    local name=$1; shift
    (
        flock 9
        "$@"
    ) 9>"$SCRM_WORK/$name.lock"
}

# --- System packages -----------------------------------------------------------------
scrm_apt_install() {
    # Install Debian packages when we are root; otherwise say the one command to run.
    local missing=("$@")
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        scrm_say "installing system packages: ${missing[*]}"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            "${missing[@]}") >"$SCRM_WORK/apt.log" 2>&1 \
            || scrm_die "apt-get failed, see $SCRM_WORK/apt.log"
    else
        scrm_die "missing system packages; run: sudo apt-get install -y ${missing[*]}"
    fi
}

scrm_system_packages() {
    local missing=()
    command -v pg_config >/dev/null || [ -e /usr/include/postgresql/libpq-fe.h ] \
        || missing+=(libpq-dev)
    scrm_pg_bindir >/dev/null || missing+=(postgresql)
    command -v python3 >/dev/null || missing+=(python3 python3-venv)
    python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
    # PDF reports (purchase orders, quotations, the suite's own) are printed by
    # wkhtmltopdf; Chinese text in them needs a CJK font, else it prints as boxes.
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    command -v fc-list >/dev/null || missing+=(fontconfig)
    fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
    scrm_apt_install "${missing[@]}"
}

# --- Python virtualenv ----------------------------------------------------------------
SCRM_VENV=$SCRM_WORK/venv
SCRM_PY=$SCRM_VENV/bin/python

_scrm_venv_build() {
    local stamp=$SCRM_VENV/.requirements.sha
    local want
    want=$(cat "$SCRM_ROOT/requirements.txt" "$SCRM_ROOT/requirements-dev.txt" | sha1sum)
    if [ -x "$SCRM_PY" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    scrm_say "installing Python packages into $SCRM_VENV (first run: a minute or two)"
    [ -x "$SCRM_PY" ] || python3 -m venv "$SCRM_VENV" || scrm_die "python3 -m venv failed"
    "$SCRM_PY" -m pip install -q --upgrade pip wheel setuptools >"$SCRM_WORK/pip.log" 2>&1 \
        && "$SCRM_PY" -m pip install -q -r "$SCRM_ROOT/requirements.txt" \
            -r "$SCRM_ROOT/requirements-dev.txt" >>"$SCRM_WORK/pip.log" 2>&1 \
        || scrm_die "pip install failed, see $SCRM_WORK/pip.log"
    echo "$want" >"$stamp"
}
scrm_venv() { scrm_locked venv _scrm_venv_build; }

# --- Odoo 18 source -------------------------------------------------------------------
_scrm_odoo_ok() { [ -f "$1/odoo-bin" ] && grep -q "18, 0" "$1/odoo/release.py" 2>/dev/null; }

_scrm_odoo_clone() {
    _scrm_odoo_ok "$SCRM_WORK/odoo" && return 0
    command -v git >/dev/null || scrm_apt_install git
    scrm_say "no Odoo 18 found: cloning $SCRM_ODOO_GIT (branch $SCRM_ODOO_BRANCH) into $SCRM_WORK/odoo"
    rm -rf "$SCRM_WORK/odoo.partial"
    git clone -q --depth 1 -b "$SCRM_ODOO_BRANCH" "$SCRM_ODOO_GIT" "$SCRM_WORK/odoo.partial" \
        && mv "$SCRM_WORK/odoo.partial" "$SCRM_WORK/odoo"
}

scrm_find_odoo() {
    # ODOO_SRC, else /opt/odoo, else our own shallow clone; exit 2 when none can be had.
    local candidate
    for candidate in "${ODOO_SRC:-}" /opt/odoo "$SCRM_WORK/odoo"; do
        if [ -n "$candidate" ] && _scrm_odoo_ok "$candidate"; then
            ODOO_SRC=$(cd "$candidate" && pwd)
            export ODOO_SRC
            return 0
        fi
    done
    [ -n "${ODOO_SRC:-}" ] && scrm_say "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree"
    if scrm_locked odoo-clone _scrm_odoo_clone; then
        ODOO_SRC=$SCRM_WORK/odoo
        export ODOO_SRC
        return 0
    fi
    scrm_say "Odoo 18.0 could not be found or cloned."
    scrm_say "Set ODOO_SRC to an Odoo 18.0 Community source tree (git clone --depth 1 -b 18.0 $SCRM_ODOO_GIT),"
    scrm_say "or put one at /opt/odoo, then run the command again."
    exit 2
}

scrm_addons_path() {
    # Odoo's own modules first (odoo/addons, then the top-level addons/ of a source
    # checkout), then ours; extra folders (the cross-addon scenarios) come last.
    local path="$ODOO_SRC/odoo/addons"
    [ -d "$ODOO_SRC/addons" ] && path="$path,$ODOO_SRC/addons"
    path="$path,$SCRM_ROOT/addons"
    local extra
    for extra in "$@"; do path="$path,$extra"; done
    echo "$path"
}

# --- PostgreSQL -----------------------------------------------------------------------
scrm_pg_bindir() {
    local dir
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    return 1
}

_scrm_pg_answers() { "$SCRM_PY" - <<'PY' 2>/dev/null
import psycopg2
conn = psycopg2.connect(dbname="postgres", connect_timeout=3)
cur = conn.cursor()
cur.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
raise SystemExit(0 if cur.fetchone()[0] else 1)
PY
}

_scrm_pg_private_start() {
    local bindir data=$SCRM_WORK/pgdata sock
    bindir=$(scrm_pg_bindir) || scrm_die "PostgreSQL server binaries not found"
    # Unix socket only: no TCP port to clash with. Socket paths are limited to ~100
    # bytes, so the socket lives in a short folder of /tmp whose random name is
    # kept in the work folder: a new checkout (or a new .work/) never meets the
    # socket of another cluster, even one left running.
    [ -s "$SCRM_WORK/pg.socket" ] || mktemp -d /tmp/scrm-pg-XXXXXXXX >"$SCRM_WORK/pg.socket"
    sock=$(cat "$SCRM_WORK/pg.socket")
    mkdir -p "$sock"
    local as=()
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL refuses to run as root: the cluster belongs to `postgres`.
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        as=(runuser -u postgres --)
        chown postgres "$sock"
        # A checkout under a folder `postgres` cannot enter keeps its cluster in
        # /var/tmp instead (still one per checkout).
        if ! runuser -u postgres -- test -x "$SCRM_WORK"; then
            data=/var/tmp/scrm-pgdata-$(echo "$SCRM_WORK" | sha1sum | cut -c1-10)
        fi
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        scrm_say "creating a private PostgreSQL cluster in $data"
        rm -rf "$data" && mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown postgres "$data"
        "${as[@]}" "$bindir/initdb" -D "$data" -A trust -U postgres -E UTF8 \
            --locale=C.UTF-8 >"$SCRM_WORK/initdb.log" 2>&1 \
            || scrm_die "initdb failed, see $SCRM_WORK/initdb.log"
    fi
    if "${as[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        # Already running: its socket folder is on line 5 of postmaster.pid.
        sock=$(sed -n 5p "$data/postmaster.pid")
    else
        [ "$(id -u)" = 0 ] && chown postgres "$sock"
        "${as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
            -o "-k $sock -c listen_addresses='' -c fsync=off -c max_connections=200" start \
            >/dev/null 9>&- || scrm_die "PostgreSQL did not start, see $data/server.log"
    fi
    # Odoo refuses the `postgres` role: create ours.
    "${as[@]}" "$bindir/psql" -h "$sock" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_roles WHERE rolname = 'scrm'" | grep -q 1 \
        || "${as[@]}" "$bindir/psql" -h "$sock" -U postgres -d postgres -qc \
            "CREATE ROLE scrm LOGIN CREATEDB" >/dev/null
    echo "$sock"
}

scrm_postgres() {
    # The PostgreSQL of the usual PG* variables if it answers (and lets us create
    # databases); else the private cluster in the work folder, started on demand.
    if _scrm_pg_answers; then
        scrm_say "using the PostgreSQL given by the environment (PGHOST=${PGHOST:-default socket})"
        return 0
    fi
    local sock
    sock=$(scrm_locked pg _scrm_pg_private_start) || exit 1
    export PGHOST=$sock PGPORT=5432 PGUSER=scrm PGDATABASE=postgres
    unset PGPASSWORD
}

scrm_free_port() {
    # First free TCP port on 127.0.0.1 from $1 upwards (0: any free port).
    "$SCRM_PY" - "$1" <<'PY'
import socket, sys
start = int(sys.argv[1])
for port in ([0] if start == 0 else range(start, start + 200)):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(s.getsockname()[1])
        break
else:
    raise SystemExit("no free port")
PY
}

scrm_setup() {
    scrm_system_packages
    scrm_venv
    scrm_find_odoo
    scrm_postgres
    export PYTHONPATH=$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}
}

scrm_odoo() { "$SCRM_PY" "$ODOO_SRC/odoo-bin" "$@"; }
