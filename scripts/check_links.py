"""`make lint` runs it: the documentation stands on its own in a fresh clone.

- Every relative link and image of every Markdown file of the repository (README.md,
  docs/, each addon's readme/) names a file or folder that exists inside the
  repository, and an anchor (`file.md#section`, `#section`) names one of that file's
  headings (GitHub's slugs).
- No addon manifest names a `website` other than the project's own repository
  (REPOSITORY_URL; while the project has no public address, no `website` at all).

Links with a scheme (https:, mailto:) are not fetched. Every problem is printed as
`<file>:<line>: <problem>`; the exit status is 1 if any.
"""

import ast
import re
import sys
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
# The project's public repository, once it has one; manifests may then point to it.
REPOSITORY_URL = None
SKIP_DIRS = {".git", ".work", "node_modules", "__pycache__"}
# [text](target "title") and ![alt](target); <a href="..."> and <img src="...">.
MD_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]"  # [text], one level of nested brackets
    r"\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"  # (target "title")
)
HTML_LINK = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)=["']([^"']+)["']""", re.I)
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def markdown_files():
    for path in sorted(ROOT.rglob("*.md")):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def prose_lines(path):
    """(line number, text) of the lines outside fenced code blocks, inline code
    blanked out."""
    fenced = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, re.sub(r"`[^`]*`", "", line)


def slug(heading):
    """GitHub's anchor of a heading: lower case, markup and punctuation dropped,
    spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links keep their text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path, cache={}):  # noqa: B006 - a per-run cache
    if path not in cache:
        seen = {}
        for _number, line in prose_lines(path):
            match = HEADING.match(line)
            if match:
                base = slug(match.group(1))
                count = seen.get(base, 0)
                seen[base] = count + 1
                seen.setdefault(f"{base}-{count}" if count else base, 1)
        cache[path] = set(seen)
    return cache[path]


def check_target(source, number, target):
    if SCHEME.match(target) or target.startswith("//"):
        return None
    where = f"{source.relative_to(ROOT)}:{number}"
    file_part, _, anchor = unquote(target).partition("#")
    file_part = file_part.split("?", 1)[0]
    if file_part.startswith("/"):
        resolved = (ROOT / file_part.lstrip("/")).resolve()
    elif file_part:
        resolved = (source.parent / file_part).resolve()
    else:
        resolved = source
    if not resolved.is_relative_to(ROOT):
        return f"{where}: {target}: points outside the repository"
    if not resolved.exists():
        return f"{where}: {target}: no such file in the repository"
    if anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
        inside = resolved.relative_to(ROOT)
        return f"{where}: {target}: no heading #{anchor} in {inside}"
    return None


def check_markdown(path):
    problems = []
    for number, line in prose_lines(path):
        targets = MD_LINK.findall(line) + HTML_LINK.findall(line)
        ref = REF_DEF.match(line)
        if ref:
            targets.append(ref.group(1))
        for target in targets:
            problem = check_target(path, number, target)
            if problem:
                problems.append(problem)
    return problems


def check_manifests():
    problems = []
    for manifest in sorted(ROOT.glob("*/*/__manifest__.py")):
        if SKIP_DIRS.intersection(manifest.relative_to(ROOT).parts):
            continue
        website = ast.literal_eval(manifest.read_text(encoding="utf-8")).get("website")
        if website and website != REPOSITORY_URL:
            problems.append(
                f"{manifest.relative_to(ROOT)}: website {website!r} is not the "
                f"project's repository ({REPOSITORY_URL or 'none yet: leave it out'})"
            )
    return problems


def main():
    problems = check_manifests()
    files = list(markdown_files())
    for path in files:
        problems += check_markdown(path)
    for problem in problems:
        print(problem)
    if problems:
        print(f"links: {len(problems)} dead link(s) or foreign website(s)")
        return 1
    print(f"links: every relative link of {len(files)} Markdown file(s) resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
