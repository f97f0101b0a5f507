"""Echo the Odoo log of a test run, shortened: test names, problems and summaries.

The whole log is kept in a file by the caller; the terminal gets what a developer
reads while waiting: which test runs, and every WARNING/ERROR line with its traceback.
"""

import re
import sys

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) ")
KEEP = re.compile(
    r"Starting |odoo\.tests\.stats|tests when loading|post-tests in|Modules loaded"
)


def main():
    in_problem = True  # until the first log line: usage errors, crashes
    for raw in sys.stdin:
        match = LINE.match(raw)
        if match:
            level = match.group(1)
            in_problem = level in {"WARNING", "ERROR", "CRITICAL"}
            if in_problem or KEEP.search(raw):
                sys.stdout.write(raw)
        elif in_problem:
            sys.stdout.write(raw)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
