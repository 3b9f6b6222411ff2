"""The names of the nest codes (schema 4, table ``nests``): the area a grid nests in (a street,
a district) and the area above it, so that head office reads 鼓楼区 / 东风路街道 beside
``379902001``.

``createproject`` takes them from the units' name fields (:func:`prepare_nests`); the
workbook reads them back (:func:`read_nest_names`). No QGIS.
"""

import contextlib
from collections import Counter, defaultdict
from typing import Dict, List, Optional, Sequence, Tuple

from . import gpkg, schema
from .i18n import translate
from .tables import Table, _text


def _most_common(values: List[str]) -> Tuple[Optional[str], int]:
    """The most common name (ties: the first in sort order) and how many others there were."""
    if not values:
        return None, 0
    counts = Counter(values)
    best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
    return best, len(counts) - 1


def prepare_nests(
    nests: Sequence[Optional[str]],
    names: Optional[Sequence] = None,
    parents: Optional[Sequence] = None,
    layer: str = "",
) -> Optional[Table]:
    """The ``nests`` table from each unit's nest code, nest name and parent name (one row per
    code; a code whose units disagree on a name takes the most common one, and a note says
    so). ``None`` without names."""
    if names is None and parents is None:
        return None
    by_code: Dict[str, Tuple[List[str], List[str]]] = defaultdict(lambda: ([], []))
    for k, code in enumerate(nests):
        code = _text(code)
        if code is None:
            continue
        name = _text(names[k]) if names is not None else None
        parent = _text(parents[k]) if parents is not None else None
        entry = by_code[code]
        if name is not None:
            entry[0].append(name)
        if parent is not None:
            entry[1].append(parent)
    notes: List[str] = []
    columns: Dict[str, list] = {"nest": [], "name": [], "parent_name": []}
    mixed = []
    for code in sorted(by_code):
        name, other_names = _most_common(by_code[code][0])
        parent, other_parents = _most_common(by_code[code][1])
        if other_names or other_parents:
            mixed.append(code)
        columns["nest"].append(code)
        columns["name"].append(name)
        columns["parent_name"].append(parent)
    if mixed:
        notes.append(
            translate(
                "core",
                "The units of {n} nest code(s) in layer '{layer}' have different names: {codes}. "
                "Each code takes its most common name.",
            ).format(n=len(mixed), layer=layer, codes=", ".join(mixed[:20]))
        )
    return Table(schema.NESTS, columns, None, notes)


def store_nest_names(path: str, table: Table) -> Dict[str, int]:
    """Set the names of the nest codes of ``table`` (rows of :func:`prepare_nests`) in the
    project ``path``, in one transaction: a code's row is replaced, other codes stay. Returns
    ``{"written", "unknown"}`` (codes that no unit of the project has)."""
    from . import migrate

    gpkg.require_project(path)
    migrate.upgrade(path)
    codes = table.columns["nest"]
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        known = {str(c) for (c,) in con.execute("SELECT DISTINCT nest FROM units") if c}
    with gpkg.write_transaction(path) as ds:
        gpkg.create_customer_tables(ds)
        for code in codes:
            ds.ExecuteSQL("DELETE FROM nests WHERE nest = '{}'".format(code.replace("'", "''")))
        written = gpkg.write_table(ds.GetLayerByName(schema.NESTS.name), table)
    return {"written": written, "unknown": sum(1 for c in codes if c not in known)}


def read_nest_names(path: str) -> Dict[str, Tuple[Optional[str], Optional[str]]]:
    """``{nest code: (name, parent name)}`` of a project (empty when it has none)."""
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        found = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (schema.NESTS.name,)
        ).fetchone()
        if not found:
            return {}
        return {
            str(code): (name, parent)
            for code, name, parent in con.execute("SELECT nest, name, parent_name FROM nests")
            if code is not None
        }
