"""Mutation score of one engine, from mutmut's statistics (used by make mutants).

Usage: mutants_score.py ADDON STATS_JSON SURVIVORS_TXT README_DIR

Prints the score (mutants killed, or timed out, over mutants tested) and each
survivor, marked when the addon's readme lists it as equivalent (a mutant that
cannot change what the engine computes). Exits 1 under 90 %.
"""

import json
import re
import sys
from pathlib import Path

THRESHOLD = 90.0


def main(addon, stats_path, survivors_path, readme_dir):
    stats = json.loads(Path(stats_path).read_text())
    tested = stats["total"] - stats["skipped"]
    killed = stats["killed"] + stats["timeout"] + stats["segfault"]
    score = 100.0 * killed / tested if tested else 0.0
    survivors = re.findall(
        r"^\s*(\S+): (?:survived|no tests|suspicious)",
        Path(survivors_path).read_text(),
        re.MULTILINE,
    )
    readme = "".join(path.read_text() for path in Path(readme_dir).glob("*.md"))
    listed = [name for name in survivors if f"`{name}`" in readme]
    print(
        f"{addon}: mutation score {score:.1f} % ({killed} of {tested} mutants "
        f"killed; {len(survivors)} survived, {len(listed)} of them listed as "
        "equivalent in the readme)"
    )
    for name in survivors:
        mark = "equivalent" if name in listed else "SURVIVED"
        print(f"  {mark:10} {name}")
    return 0 if score >= THRESHOLD else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
