"""Read the log of an Odoo test run and print `N passed, N failed[, N skipped]`.

Exit status is non-zero when a test failed or errored, when Odoo itself failed, when
no test ran, or when any WARNING, ERROR or CRITICAL line was logged during install
and tests: a run that logs a problem is a failed run.
"""

import re
import sys

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>\w+) \S+ (?P<logger>\S+): "
)
RESULT = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests"
)
SKIPPED = re.compile(r": skipped ")
PROBLEM_LEVELS = {"WARNING", "ERROR", "CRITICAL"}


def summarize(lines):
    failed = errors = run = skipped = 0
    result_seen = False
    problems = []
    for line in lines:
        match = LINE.match(line)
        if not match:
            continue
        if match["level"] in PROBLEM_LEVELS:
            problems.append(line.rstrip())
        if match["logger"] == "odoo.tests.result" and (result := RESULT.search(line)):
            result_seen = True
            failed, errors, run = (
                int(result["failed"]),
                int(result["errors"]),
                int(result["run"]),
            )
        elif match["level"] == "INFO" and SKIPPED.search(line):
            skipped += 1
    return {
        "failed": failed + errors,
        "run": run,
        "skipped": skipped,
        "problems": problems,
        "result_seen": result_seen,
    }


def main():
    log_path, odoo_rc = sys.argv[1], int(sys.argv[2])
    with open(log_path, encoding="utf-8", errors="replace") as log:
        summary = summarize(log)
    passed = summary["run"] - summary["failed"] - summary["skipped"]
    ok = True
    if summary["problems"]:
        ok = False
        count = len(summary["problems"])
        print(f"\n{count} WARNING/ERROR line(s) in the Odoo log ({log_path}):")
        for line in summary["problems"][:30]:
            print("  " + line[:300])
    if not summary["result_seen"] or summary["run"] == 0:
        ok = False
        print("no test ran: see " + log_path)
    if odoo_rc != 0:
        ok = False
        print(f"Odoo exited with status {odoo_rc}")
    failed = summary["failed"]
    if not ok and not failed:
        # A clean test count with a dirty log (or no tests) is still a failed run.
        print("(counted as one failure: the run itself failed)")
        failed = 1
    line = f"{passed} passed, {failed} failed"
    if summary["skipped"]:
        line += f", {summary['skipped']} skipped"
    print(line)
    sys.exit(0 if ok and not summary["failed"] else 1)


if __name__ == "__main__":
    main()
