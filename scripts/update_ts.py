"""Refresh resources/i18n/service_grid_zh_CN.ts from the sources with pylupdate5.

pylupdate5 keeps existing translations and marks strings that disappeared as obsolete.
Strings are found in ``self.tr("…")`` (context: the class) and
``QCoreApplication.translate("context", "…")`` / core ``translate("context", "…")`` calls, and
in the ``.ui`` forms.
"""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TS = os.path.join("resources", "i18n", "service_grid_zh_CN.ts")


def sources():
    found = []
    for folder in ("", "plugin", "algorithms", "algorithms/core", "forms"):
        base = os.path.join(ROOT, folder)
        for name in sorted(os.listdir(base)):
            if name.endswith((".py", ".ui")):
                found.append(os.path.relpath(os.path.join(base, name), ROOT))
    return found


def main() -> int:
    os.makedirs(os.path.join(ROOT, "resources", "i18n"), exist_ok=True)
    cmd = ["pylupdate5", "-noobsolete", *sources(), "-ts", TS]
    return subprocess.call(cmd, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
