#!/usr/bin/env bash
# make mutants: mutation testing (mutmut) of each pure-Python engine
# (addons/*/engine) against its own tests, and its mutation score. Not part of CI:
# it takes minutes. Each engine is copied to .work/mutants/<addon>/ and mutated
# there (the work tree is never touched). Results are kept while the engine and its
# tests stay the same, so a run stopped by MUTANTS_TIMEOUT goes on where it stopped.
#   MUTANTS=scrm_service    one addon only
#   MUTANTS_JOBS=2          mutants tested at once
#   MUTANTS_TIMEOUT=1200    seconds at most per engine (what is left stays untested)
#   MUTANTS_DESELECT="engine/tests/x.py::Class::test"   tests left out (space-separated
#                           pytest node ids): a first, faster pass; run the survivors
#                           again without it (changing it starts the engine afresh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scrm_venv
cd "$SCRM_ROOT"
status=0
for engine in addons/*/engine; do
    addon=$(basename "$(dirname "$engine")")
    [ -n "${MUTANTS:-}" ] && [ "$MUTANTS" != "$addon" ] && continue
    work=$SCRM_WORK/mutants/$addon
    # the engine alone, as a top-level package named "engine" (its tests import it
    # relatively, so they run unchanged)
    # a change of the engine or of its tests starts the engine's run afresh
    digest=$(find "$engine" -name '*.py' -not -path '*/__pycache__/*' -print0 | sort -z \
        | xargs -0 sha1sum | sha1sum | cut -c1-40)
    if [ "$(cat "$work/engine.sha" 2>/dev/null)" != "$digest" ]; then
        rm -rf "$work/mutants"
    fi
    rm -rf "$work/engine"
    mkdir -p "$work"
    cp -r "$engine" "$work/engine"
    find "$work/engine" -name __pycache__ -prune -exec rm -rf {} +
    deselect=""
    # shellcheck disable=SC2086  # MUTANTS_DESELECT is a list of node ids
    for node in ${MUTANTS_DESELECT:-}; do deselect+=", \"--deselect\", \"$node\""; done
    cat >"$work/pyproject.toml" <<TOML
[tool.mutmut]
source_paths = ["engine/"]
do_not_mutate = ["engine/tests/*"]
pytest_add_cli_args_test_selection = ["engine/tests/"]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "no:odoo", "-q"$deselect]
use_git_change_detection = false
TOML
    scrm_say "$addon: mutating $engine (log: $work/mutmut.log)"
    set +e
    (cd "$work" && timeout "${MUTANTS_TIMEOUT:-1200}" "$SCRM_VENV/bin/mutmut" run \
        --max-children "${MUTANTS_JOBS:-2}") >"$work/mutmut.log" 2>&1
    rc=$?
    set -e
    echo "$digest" >"$work/engine.sha"
    if [ "$rc" = 124 ]; then
        scrm_say "$addon: stopped after ${MUTANTS_TIMEOUT:-1200} s; run again to go on"
    elif [ "$rc" != 0 ]; then
        tail -20 "$work/mutmut.log"
        scrm_say "$addon: mutmut failed ($rc)"
        status=1
        continue
    fi
    (cd "$work" && "$SCRM_VENV/bin/mutmut" export-cicd-stats >/dev/null \
        && "$SCRM_VENV/bin/mutmut" results >"$work/survivors.txt" 2>&1) || true
    "$SCRM_PY" "$SCRM_ROOT/scripts/mutants_score.py" "$addon" \
        "$work/mutants/mutmut-cicd-stats.json" "$work/survivors.txt" \
        "$SCRM_ROOT/addons/$addon/readme" || status=1
done
exit "$status"
