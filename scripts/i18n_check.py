"""Check the translations of every addon: `make lint` runs it on the files, `make test`
runs it again with --pot-dir on the .pot files it exported from the test database.

For each addon (a folder with an i18n/<addon>.pot, or a zh_CN.po):
- i18n/zh_CN.po exists, translates every entry of i18n/<addon>.pot, has no fuzzy entry
  and no entry the .pot no longer has;
- every translation keeps its placeholders (%s, %(name)s, {{ expr }}, {name}) and its
  HTML / QWeb tags exactly;
- with --pot-dir DIR: DIR/<addon>.pot (exported from the code) has the same entries as
  the committed .pot, i.e. `make pot` was run after the last change of strings.

Every problem is printed as `<file>: <entry>: <problem>`; the exit status is 1 if any.
"""

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import polib

LANGS = ("zh_CN",)
# printf-style placeholders (%s, %d, %(name)s, %(x).2f), QWeb {{ expr }} and #{expr},
# str.format fields ({name}, {0}); "%" followed by a space or a word is plain text.
PLACEHOLDER = re.compile(
    r"%(?:\([A-Za-z_]\w*\))?[-+#0]*\d*(?:\.\d+)?[sdifgr]"
    r"|\{\{.*?\}\}|#\{.*?\}|\{[A-Za-z_0-9]\w*\}"
)
TAG = re.compile(r"<[^>]+>")


def placeholders(text):
    return Counter(PLACEHOLDER.findall(text))


def tags(text):
    return Counter(TAG.findall(text))


def short(msgid):
    one_line = " ".join(msgid.split())
    return repr(one_line if len(one_line) <= 70 else one_line[:67] + "...")


def check_po(addon_dir, lang, pot_entries):
    problems = []
    po_path = addon_dir / "i18n" / f"{lang}.po"
    if not po_path.exists():
        return [f"{po_path}: missing (copy i18n/{addon_dir.name}.pot and translate it)"]
    try:
        po = polib.pofile(str(po_path))
    except (OSError, ValueError) as exc:
        return [f"{po_path}: unreadable: {exc}"]
    if po.metadata.get("Language") != lang:
        problems.append(f"{po_path}: header Language is not {lang}")
    entries = {e.msgid: e for e in po if not e.obsolete}
    for msgid in pot_entries:
        entry = entries.get(msgid)
        if entry is None:
            problems.append(f"{po_path}: {short(msgid)}: not translated (missing)")
            continue
        if entry.fuzzy:
            problems.append(f"{po_path}: {short(msgid)}: fuzzy")
        if not entry.msgstr.strip():
            problems.append(f"{po_path}: {short(msgid)}: not translated")
            continue
        if placeholders(msgid) != placeholders(entry.msgstr):
            problems.append(
                f"{po_path}: {short(msgid)}: placeholders differ: "
                f"{sorted(placeholders(msgid).elements())} in English, "
                f"{sorted(placeholders(entry.msgstr).elements())} in {lang}"
            )
        if tags(msgid) != tags(entry.msgstr):
            missing = tags(msgid) - tags(entry.msgstr)
            extra = tags(entry.msgstr) - tags(msgid)
            problems.append(
                f"{po_path}: {short(msgid)}: HTML/QWeb tags differ: "
                f"lost {sorted(missing)}, added {sorted(extra)}"
            )
    for msgid in entries.keys() - set(pot_entries):
        if msgid:
            problems.append(f"{po_path}: {short(msgid)}: not in the .pot any more")
    return problems


def pot_msgids(path):
    return [e.msgid for e in polib.pofile(str(path)) if not e.obsolete and e.msgid]


def check_pot_current(addon_dir, exported):
    pot_path = addon_dir / "i18n" / f"{addon_dir.name}.pot"
    if not exported.exists():
        return [f"{exported}: not exported"]
    committed = set(pot_msgids(pot_path)) if pot_path.exists() else set()
    current = set(pot_msgids(exported))
    problems = [
        f"{pot_path}: {short(m)}: in the code but not in the .pot (run make pot)"
        for m in sorted(current - committed)
    ]
    problems += [
        f"{pot_path}: {short(m)}: in the .pot but no longer in the code (run make pot)"
        for m in sorted(committed - current)
    ]
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("addons", nargs="+", type=Path, help="addon folders")
    parser.add_argument("--pot-dir", type=Path, help="freshly exported <addon>.pot")
    args = parser.parse_args()
    problems = []
    checked = 0
    for addon_dir in args.addons:
        pot_path = addon_dir / "i18n" / f"{addon_dir.name}.pot"
        if not pot_path.exists() and not (addon_dir / "i18n").is_dir():
            if args.pot_dir and (args.pot_dir / pot_path.name).exists():
                problems.append(f"{pot_path}: missing (run make pot)")
            continue
        checked += 1
        if args.pot_dir:
            problems += check_pot_current(addon_dir, args.pot_dir / pot_path.name)
        pot_entries = pot_msgids(pot_path) if pot_path.exists() else []
        for lang in LANGS:
            problems += check_po(addon_dir, lang, pot_entries)
    for problem in problems:
        print(problem)
    if problems:
        print(f"i18n: {len(problems)} problem(s) in {checked} addon(s)")
        return 1
    print(f"i18n: {checked} addon(s) translated into {', '.join(LANGS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
