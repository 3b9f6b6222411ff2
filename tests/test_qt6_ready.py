"""The plugin's source is ready for Qt 6 / QGIS 4: no PyQt5-only idioms.

Qt 6 (PyQt6) drops what PyQt5 still accepts: direct ``PyQt5`` imports (QGIS 4 offers
``qgis.PyQt``), unscoped enum members (``Qt.AlignLeft``: only ``Qt.AlignmentFlag.AlignLeft``
remains), ``exec_()``, ``QVariant`` type constants (QGIS 3.38+ takes ``QMetaType.Type``),
``QRegExp`` and ``QDesktopWidget``. A line that must keep such an idiom for QGIS 3.22 says so
with ``# qt6-scan: ok`` (only :func:`service_grid.algorithms.qgis_io.new_field`'s fallback).
"""

import ast
import importlib
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: The code that QGIS loads: the plugin package without its tests, benchmarks and scripts.
SOURCE_DIRS = ("algorithms", "plugin")
ALLOWED = "# qt6-scan: ok"

_LINE_RULES = (
    (re.compile(r"^\s*(from|import)\s+(PyQt5|PyQt6|sip)\b"), "import through qgis.PyQt"),
    (re.compile(r"\.exec_\("), "exec_() is exec() in Qt 6"),
    (re.compile(r"\bQVariant\.[A-Z]\w*"), "QVariant type constants: use QMetaType.Type"),
    (re.compile(r"\bQRegExp\b"), "QRegExp is gone in Qt 6: use QRegularExpression"),
    (re.compile(r"\bQDesktopWidget\b|\.desktop\(\)"), "QDesktopWidget is gone in Qt 6"),
)


def _sources():
    paths = [os.path.join(ROOT, "__init__.py")]
    for top in SOURCE_DIRS:
        for folder, _dirs, files in os.walk(os.path.join(ROOT, top)):
            paths += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".py")]
    return paths


def _qt_classes(tree: ast.Module) -> dict:
    """``{local name: class}`` of what the module imports from ``qgis.PyQt.*``."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("qgis.PyQt."):
            module = importlib.import_module(node.module)
            for alias in node.names:
                value = getattr(module, alias.name, None)
                if isinstance(value, type):
                    found[alias.asname or alias.name] = value
    return found


def _is_enum_member(value) -> bool:
    """A member of a Qt enum (an ``int`` subclass in PyQt5, an ``enum.Enum`` in PyQt6)."""
    kind = type(value)
    return (isinstance(value, int) and kind not in (int, bool)) or (
        hasattr(kind, "__members__") and not isinstance(value, type)
    )


def _unscoped_enums(tree: ast.Module, classes: dict):
    """``(line, 'Qt.AlignLeft')`` for every enum member named through its class, not its
    enum (``Qt.AlignmentFlag.AlignLeft``)."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in classes
        ):
            value = getattr(classes[node.value.id], node.attr, None)
            if value is not None and _is_enum_member(value):
                yield node.lineno, "{}.{}".format(node.value.id, node.attr)


def _problems(path: str):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if ALLOWED in line:
            continue
        for pattern, reason in _LINE_RULES:
            if pattern.search(line):
                yield number, reason, line.strip()
                break
    tree = ast.parse(text, path)
    for number, name in _unscoped_enums(tree, _qt_classes(tree)):
        if ALLOWED not in lines[number - 1]:
            yield number, "unscoped enum: name its enum type", name


def test_no_pyqt5_only_idioms():
    found = [
        "{}:{}: {} ({})".format(os.path.relpath(path, ROOT), number, reason, what)
        for path in _sources()
        for number, reason, what in _problems(path)
    ]
    assert found == [], "\n".join(found)


def test_the_scan_finds_each_idiom(tmp_path):
    """Each rule catches its idiom, and the scoped forms pass."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from PyQt5.QtCore import QTimer\n"
        "from qgis.PyQt.QtCore import Qt, QVariant\n"
        "a = Qt.AlignLeft\n"
        "b = QVariant.String\n"
        "dialog.exec_()\n"
        "c = Qt.AlignmentFlag.AlignLeft\n"
        "dialog.exec()\n",
        encoding="utf-8",
    )
    lines = sorted({number for number, _reason, _what in _problems(str(bad))})
    assert lines == [1, 3, 4, 5]


def test_metadata_says_qt6_ready():
    with open(os.path.join(ROOT, "metadata.txt"), encoding="utf-8") as f:
        assert "\nsupportsQt6=True\n" in f.read()
