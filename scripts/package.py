"""Build dist/service_grid-<version>.zip for QGIS's "Install from ZIP".

The zip holds one folder ``service_grid/`` with the plugin: code, forms, resources (with the
compiled ``.qm`` translations), metadata, README and LICENSE; no tests, benchmarks, scripts or
development files.
"""

import configparser
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "service_grid"
INCLUDE = [
    "__init__.py",
    "version.py",
    "metadata.txt",
    "README.md",
    "LICENSE",
    "requirements.txt",
    "plugin",
    "algorithms",
    "forms",
    "resources",
]
EXCLUDED_SUFFIXES = (".pyc", ".ts", ".pro", "-wal", "-shm")
EXCLUDED_DIRS = {"__pycache__", ".pytest_cache"}


def version() -> str:
    parser = configparser.ConfigParser()
    parser.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    return parser.get("general", "version")


def files():
    """Every (absolute path, path inside the zip) to package."""
    for entry in INCLUDE:
        path = os.path.join(ROOT, entry)
        if os.path.isfile(path):
            yield path, "{}/{}".format(PACKAGE, entry)
            continue
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in EXCLUDED_DIRS)
            for name in sorted(names):
                if name.endswith(EXCLUDED_SUFFIXES):
                    continue
                full = os.path.join(folder, name)
                yield full, "{}/{}".format(PACKAGE, os.path.relpath(full, ROOT))


def build(dest_dir: str = os.path.join(ROOT, "dist")) -> str:
    qm = os.path.join(ROOT, "resources", "i18n", "service_grid_zh_CN.qm")
    if not os.path.exists(qm):
        raise SystemExit("missing {}: run 'make translations' first".format(qm))
    os.makedirs(dest_dir, exist_ok=True)
    target = os.path.join(dest_dir, "{}-{}.zip".format(PACKAGE, version()))
    tmp = target + ".part"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for full, arcname in files():
            archive.write(full, arcname)
    os.replace(tmp, target)
    return target


if __name__ == "__main__":
    path = build(*sys.argv[1:])
    print("{} ({:.1f} MB)".format(path, os.path.getsize(path) / 1e6))
