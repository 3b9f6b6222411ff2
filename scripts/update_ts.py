"""Refresh resources/i18n/service_grid_zh_CN.ts from the sources with pylupdate5.

pylupdate5 keeps existing translations and marks strings that disappeared as obsolete.
Strings are found in ``self.tr("…")`` (context: the class) and
``QCoreApplication.translate("context", "…")`` / core ``translate("context", "…")`` calls, and
in the ``.ui`` forms.

pylupdate5 does not see a two-argument ``translate("ctx", "text",)`` whose last argument ends
with a comma, which is how ``ruff format`` writes a call it splits over lines. The sources are
therefore copied into a scratch tree with that one comma removed (lines keep their numbers, so
the locations in the ``.ts`` file stay right) and pylupdate5 reads the copy.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TS = os.path.join("resources", "i18n", "service_grid_zh_CN.ts")
#: Folders whose sources hold user-visible strings (searched recursively, except the root).
FOLDERS = ("plugin", "algorithms", "forms")

#: A string literal's closing quote, a comma, then (white space and) the closing parenthesis.
_TRAILING_COMMA = re.compile(r"""(["'])\s*,(\s*\))""")


def sources(paths=None):
    """Relative paths of the ``.py`` and ``.ui`` files that may hold translatable strings.

    ``paths`` (default: the whole plugin) are files or folders below the repository; a path
    without an ending names a module, whether it is ``name.py`` or a package folder ``name/``.
    """
    if paths is None:
        found = [n for n in sorted(os.listdir(ROOT)) if n.endswith(".py")]
        paths = FOLDERS
    else:
        found = []
    for path in paths:
        full = os.path.join(ROOT, path)
        if not os.path.exists(full) and os.path.exists(full + ".py"):
            full += ".py"
        if os.path.isfile(full):
            found.append(os.path.relpath(full, ROOT))
            continue
        for base, dirs, names in os.walk(full):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".py", ".ui")):
                    found.append(os.path.relpath(os.path.join(base, name), ROOT))
    return found


def extract(ts_path: str, *extra_args: str, paths=None) -> int:
    """Run pylupdate5 over :func:`sources` (of ``paths``) into ``ts_path``; an existing file
    keeps its translations and gains the new strings."""
    files = sources(paths)
    with tempfile.TemporaryDirectory(prefix="service-grid-ts-") as scratch:
        for rel in files:
            target = os.path.join(scratch, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
                text = f.read()
            if rel.endswith(".py"):
                text = _TRAILING_COMMA.sub(r"\1\2", text)
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
        scratch_ts = os.path.join(scratch, TS)
        os.makedirs(os.path.dirname(scratch_ts), exist_ok=True)
        if os.path.exists(ts_path):
            shutil.copyfile(ts_path, scratch_ts)
        code = subprocess.call(
            ["pylupdate5", *extra_args, *files, "-ts", TS],
            cwd=scratch,
            stdout=subprocess.DEVNULL,
        )
        if code == 0:
            shutil.copyfile(scratch_ts, ts_path)
        return code


_MESSAGE = re.compile(
    r"(<source>(?P<source>.*?)</source>\s*(?:<comment>.*?</comment>\s*)?)"
    r"<translation(?P<attrs>[^>]*)>(?P<text>.*?)</translation>",
    re.S,
)


def carry_translations(old_text: str, new_text: str) -> str:
    """Give each unfinished message of ``new_text`` the finished translation that the same
    English source had in ``old_text``, in any context: a string that moved to another class
    (the context pylupdate5 sees) keeps its translation."""
    known = {}
    for m in _MESSAGE.finditer(old_text):
        if "unfinished" not in m.group("attrs") and m.group("text").strip():
            known.setdefault(m.group("source"), m.group("text"))

    def fill(m):
        text = known.get(m.group("source"))
        if "unfinished" in m.group("attrs") and text:
            return "{}<translation>{}</translation>".format(m.group(1), text)
        return m.group(0)

    return _MESSAGE.sub(fill, new_text)


def main() -> int:
    os.makedirs(os.path.join(ROOT, "resources", "i18n"), exist_ok=True)
    path = os.path.join(ROOT, TS)
    old = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    code = extract(path, "-noobsolete")
    if code == 0 and old:
        with open(path, encoding="utf-8") as f:
            new = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(carry_translations(old, new))
    return code


if __name__ == "__main__":
    sys.exit(main())
