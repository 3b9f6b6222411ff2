"""The documentation holds together: README is a short front door, every relative link and
anchor in README.md and docs/**/*.md resolves, and docs/performance.md is what
scripts/performance_page.py makes of bench/results.md."""

import glob
import os
import re
import sys

from conftest import ROOT

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6}) +(.*?) *$")


def _markdown_files():
    files = [os.path.join(ROOT, "README.md")]
    files += sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True))
    return files


def _prose_lines(path):
    """The lines of a Markdown file outside fenced code blocks."""
    fenced = False
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("```"):
                fenced = not fenced
                continue
            if not fenced:
                yield line.rstrip("\n")


def _anchors(path):
    """GitHub's anchors of the headings: lower case, punctuation dropped, spaces → '-'."""
    anchors = set()
    seen = {}
    for line in _prose_lines(path):
        match = HEADING.match(line)
        if not match:
            continue
        slug = re.sub(r"[^\w\- ]", "", match.group(2).lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else "{}-{}".format(slug, count))
    return anchors


def test_readme_is_a_front_door():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    assert len(lines) <= 250
    text = "\n".join(lines)
    for must in ("make demo", "make test", "docs/manual/README.md", "docs/performance.md"):
        assert must in text, must


def test_every_relative_link_resolves():
    broken = []
    for path in _markdown_files():
        for line in _prose_lines(path):
            for target in LINK.findall(line):
                if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                    continue
                file_part, _, anchor = target.partition("#")
                resolved = (
                    os.path.normpath(os.path.join(os.path.dirname(path), file_part))
                    if file_part
                    else path
                )
                where = "{}: {}".format(os.path.relpath(path, ROOT), target)
                if not os.path.exists(resolved):
                    broken.append(where)
                elif anchor and resolved.endswith(".md") and anchor not in _anchors(resolved):
                    broken.append(where + " (no such heading)")
    assert not broken, broken


def test_performance_page_is_generated_from_the_results():
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import performance_page

    with open(performance_page.RESULTS, encoding="utf-8") as handle:
        expected = performance_page.render(handle.read())
    with open(performance_page.PAGE, encoding="utf-8") as handle:
        page = handle.read()
    assert page == expected, "run 'make performance-page'"
