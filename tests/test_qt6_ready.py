"""The plugin's source is ready for Qt 6 / QGIS 4: no PyQt5-only idioms.

Qt 6 (PyQt6) drops what PyQt5 still accepts: direct ``PyQt5`` imports (QGIS 4 offers
``qgis.PyQt``), unscoped enum members (``Qt.AlignLeft``: only ``Qt.AlignmentFlag.AlignLeft``
remains), ``exec_()``, ``QVariant`` type constants (QGIS 3.38+ takes ``QMetaType.Type``),
``QRegExp`` and ``QDesktopWidget``. QGIS 4 scopes QGIS's own enums the same way
(``QgsWkbTypes.Point`` → ``QgsWkbTypes.Type.Point``, ``Qgis.Warning`` →
``Qgis.MessageLevel.Warning``); the scoped spellings work on QGIS 3.22 and 3.40 alike. A line
that must keep such an idiom for QGIS 3.22 says so with ``# qt6-scan: ok`` (only
:func:`service_grid.algorithms.qgis_io.new_field`'s fallback).

Enum members are found by what they are, not by a list of names: the scan imports each class
that a module takes from ``qgis.PyQt.*``, ``qgis.core``, ``qgis.gui`` or ``qgis.analysis`` and
flags ``Class.Member`` when ``Member`` is an enum member (``Class.EnumType.Member`` names a
type first and passes). So there is no allow-list to keep up to date.
"""

import ast
import importlib
import os
import re
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: The code that QGIS loads: the plugin package without its tests, benchmarks and scripts.
SOURCE_DIRS = ("algorithms", "plugin")
ALLOWED = "# qt6-scan: ok"
QGIS_MODULES = ("qgis.core", "qgis.gui", "qgis.analysis")

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


def _imported_classes(tree: ast.Module) -> dict:
    """``{local name: class}`` of what the module imports from Qt and QGIS."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (
            (node.module or "").startswith("qgis.PyQt.") or node.module in QGIS_MODULES
        ):
            module = importlib.import_module(node.module)
            for alias in node.names:
                value = getattr(module, alias.name, None)
                if isinstance(value, type):
                    found[alias.asname or alias.name] = value
    return found


def _qgis_class(name: str):
    """QGIS's class ``name`` (``Qgis``, ``Qgs…``), or None."""
    if name != "Qgis" and not name.startswith("Qgs"):
        return None
    for module_name in QGIS_MODULES:
        value = getattr(importlib.import_module(module_name), name, None)
        if isinstance(value, type):
            return value
    return None


def _owner(node: ast.expr, classes: dict):
    """The class that ``node`` names: an imported name (``Qt``, ``QgsWkbTypes``) or QGIS's
    class reached through a module (``log.Qgis``)."""
    if isinstance(node, ast.Name):
        return classes.get(node.id)
    if isinstance(node, ast.Attribute):
        return _qgis_class(node.attr)
    return None


def _describe(node) -> str:
    """``Qt`` for ``Qt``, ``Qgis`` for ``log.Qgis``."""
    return node.id if isinstance(node, ast.Name) else node.attr


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
        if not isinstance(node, ast.Attribute):
            continue
        owner = _owner(node.value, classes)
        if owner is None:
            continue
        with warnings.catch_warnings():  # QGIS 3.40 warns on the unscoped spelling itself
            warnings.simplefilter("ignore")
            value = getattr(owner, node.attr, None)
        if value is not None and _is_enum_member(value):
            yield node.lineno, "{}.{}".format(_describe(node.value), node.attr)


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
    for number, name in _unscoped_enums(tree, _imported_classes(tree)):
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


def test_the_scan_finds_unscoped_qgis_enums(tmp_path):
    """QGIS's own enums: ``QgsX.Member`` is caught (also through a module, ``log.Qgis``);
    ``QgsX.EnumType.Member``, nested classes, methods and constants pass."""
    source = tmp_path / "qgis_enums.py"
    source.write_text(
        "from qgis.core import Qgis, QgsProcessing, QgsProcessingParameterField, QgsWkbTypes\n"
        "from qgis.gui import QgsFileWidget\n"
        "a = QgsWkbTypes.Point\n"
        "b = QgsProcessingParameterField.Numeric\n"
        "c = log.Qgis.Warning\n"
        "d = QgsFileWidget.GetFile\n"
        "e = QgsWkbTypes.Type.Point\n"
        "f = QgsProcessingParameterField.DataType.Numeric\n"
        "g = log.Qgis.MessageLevel.Warning\n"
        "h = QgsFileWidget.StorageMode.GetFile\n"
        "i = QgsProcessing.TEMPORARY_OUTPUT\n"
        "j = Qgis.QGIS_VERSION_INT\n"
        "k = QgsWkbTypes.displayString(e)\n"
        "m = QgsWkbTypes.Point  # qt6-scan: ok\n",
        encoding="utf-8",
    )
    found = sorted((number, what) for number, _reason, what in _problems(str(source)))
    assert found == [
        (3, "QgsWkbTypes.Point"),
        (4, "QgsProcessingParameterField.Numeric"),
        (5, "Qgis.Warning"),
        (6, "QgsFileWidget.GetFile"),
    ]


def test_metadata_says_qt6_ready():
    with open(os.path.join(ROOT, "metadata.txt"), encoding="utf-8") as f:
        assert "\nsupportsQt6=True\n" in f.read()
