"""The Feedback dock's access to one GeoPackage: a project, or a field package.

Both hold the same ``feedback`` layer (and ``grids``, ``staff``) and an ``sg_meta`` table; a
field package also has ``sg_manifest`` (package id, staff id, grids). Reads use the read-only
``sqlite3`` connection of :class:`ProjectStore` (100,000 rows in a fraction of a second).
Status changes (resolve / reopen) are written through the core's one write path
(:func:`gpkg.write_transaction`: OGR, one transaction on the file in place, a busy timeout and
a message naming what holds the lock), so they are serialised with the algorithms' writes and
the stored timestamps keep their milliseconds and UTC marker (QGIS 3.22's provider drops
both); new
feedback is written through the QGIS layer by the dock's form (the GeoPackage's triggers run).
"""

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from qgis.core import QgsProject

from ..algorithms.core import gpkg, schema
from ..algorithms.core.i18n import translate
from .project_store import ProjectStore, StoreError, layer_file

PROJECT, PACKAGE = "project", "field_package"
MANIFEST = getattr(schema, "MANIFEST_TABLE", "sg_manifest")

#: Columns of the feedback layer the dock reads (missing ones read as NULL).
COLUMNS = tuple(
    "fid uuid grid_id staff_id collected_at category channel rating notes status resolved_at "
    "rev".split()
)

#: One row's status as stored: ``(fid, status, resolved_at)``.
StatusRow = Tuple[int, Optional[str], Optional[str]]


_read_only = gpkg.connect_ro


def _tables(con: sqlite3.Connection) -> set:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def file_kind(path: str) -> Optional[str]:
    """PROJECT or PACKAGE for a GeoPackage with a feedback layer and ``sg_meta``; else None."""
    if not path or not os.path.isfile(path):
        return None
    try:
        with contextlib.closing(_read_only(path)) as con:
            tables = _tables(con)
            if schema.META_TABLE not in tables or "feedback" not in tables:
                return None
            meta = dict(con.execute("SELECT key, value FROM {}".format(schema.META_TABLE)))
    except sqlite3.Error:
        return None
    if MANIFEST in tables or meta.get("kind") == PACKAGE:
        return PACKAGE
    return PROJECT


def feedback_files(project: QgsProject) -> List[str]:
    """GeoPackages (projects first, then field packages) whose feedback layer is loaded."""
    found: Dict[str, str] = {}
    for layer in project.mapLayers().values():
        path, name = layer_file(layer)
        if name == "feedback" and path not in found:
            kind = file_kind(path)
            if kind is not None:
                found[path] = kind
    return sorted(found, key=lambda p: found[p] != PROJECT)


@dataclass
class FeedbackSnapshot:
    """The feedback rows (column → values) and what the filters offer."""

    kind: str = PROJECT
    columns: Dict[str, list] = field(default_factory=dict)
    grid_ids: List[str] = field(default_factory=list)
    staff: List[Tuple[str, str]] = field(default_factory=list)  # (staff_id, name)
    manifest: Dict[str, str] = field(default_factory=dict)


class FeedbackStore(ProjectStore):
    """Reads the feedback of one project or field package and writes status changes."""

    def __init__(self, path: str, project: Optional[QgsProject] = None):
        # ProjectStore's own constructor accepts project GeoPackages only: a field package
        # is opened too, so the same attributes are set here.
        kind = file_kind(path)
        if kind is None:
            raise StoreError(
                translate(
                    "FeedbackStore",
                    "{path} is neither a Service Grid project nor a field "
                    "package (it needs a feedback layer and sg_meta).",
                ).format(path=path)
            )
        self.kind = kind
        self.path = os.path.abspath(path)
        self.project = project or QgsProject.instance()
        self._private = {}
        self._con = None
        self._inode = None
        self.writing = False

    @property
    def is_package(self) -> bool:
        return self.kind == PACKAGE

    # ------------------------------------------------------------------ reading

    def read(self) -> FeedbackSnapshot:  # noqa: D102 (ProjectStore.read reads other tables)
        snap = FeedbackSnapshot(kind=self.kind)
        con = self._connection()
        con.execute("BEGIN")  # one consistent read
        try:
            present = self._columns(con, "feedback")
            select = ", ".join('"{}"'.format(c) if c in present else "NULL" for c in COLUMNS)
            rows = con.execute("SELECT {} FROM feedback ORDER BY fid".format(select)).fetchall()
            values = list(zip(*rows)) if rows else [()] * len(COLUMNS)
            snap.columns = {name: list(v) for name, v in zip(COLUMNS, values)}
            if "grid_id" in self._columns(con, "grids"):
                snap.grid_ids = [
                    str(g)
                    for (g,) in con.execute(
                        "SELECT DISTINCT grid_id FROM grids WHERE grid_id IS NOT NULL "
                        "ORDER BY grid_id"
                    )
                ]
            staff_columns = self._columns(con, "staff")
            if "staff_id" in staff_columns:
                name = "name" if "name" in staff_columns else "NULL"
                snap.staff = [
                    (str(s), n or "")
                    for s, n in con.execute(
                        "SELECT staff_id, {} FROM staff WHERE staff_id IS NOT NULL "
                        "ORDER BY staff_id".format(name)
                    )
                ]
            if self._columns(con, MANIFEST) >= {"key", "value"}:
                snap.manifest = {
                    str(k): "" if v is None else str(v)
                    for k, v in con.execute("SELECT key, value FROM {}".format(MANIFEST))
                }
        finally:
            con.rollback()
        return snap

    def statuses(self, fids: Sequence[int]) -> List[StatusRow]:
        """``(fid, status, resolved_at)`` of these rows as stored."""
        con = self._connection()
        found = []
        fids = [int(f) for f in fids]
        for start in range(0, len(fids), 900):
            chunk = fids[start : start + 900]
            found.extend(
                con.execute(
                    "SELECT fid, status, resolved_at FROM feedback WHERE fid IN ({})".format(
                        ",".join("?" * len(chunk))
                    ),
                    chunk,
                ).fetchall()
            )
        return found

    # ------------------------------------------------------------------ writing

    @staticmethod
    def _literal(value: Optional[str]) -> str:
        return "NULL" if value is None else "'{}'".format(str(value).replace("'", "''"))

    def write_statuses(self, rows: Sequence[StatusRow], now: str) -> int:
        """Set ``status`` and ``resolved_at`` of rows (by fid) in one transaction; each row
        written gets ``rev + 1`` and ``updated_at = now`` (a new revision for the sync).
        Returns the number of rows written."""
        groups: Dict[Tuple[Optional[str], Optional[str]], List[int]] = {}
        for fid, status, resolved_at in rows:
            groups.setdefault((status, resolved_at), []).append(int(fid))
        if not groups:
            return 0
        count = 0
        self.writing = True
        try:
            with self._ogr_table("feedback") as (dataset, _lyr):
                for (status, resolved_at), fids in groups.items():
                    for start in range(0, len(fids), 500):
                        chunk = fids[start : start + 500]
                        dataset.ExecuteSQL(
                            "UPDATE feedback SET status = {status}, resolved_at = {resolved}, "
                            "rev = COALESCE(rev, 0) + 1, updated_at = {now} "
                            "WHERE fid IN ({fids})".format(
                                status=self._literal(status),
                                resolved=self._literal(resolved_at),
                                now=self._literal(now),
                                fids=",".join(str(f) for f in chunk),
                            )
                        )
                        count += len(chunk)
        finally:
            self.writing = False
        for layer in self.file_layers():
            if layer_file(layer)[1] == "feedback":
                layer.triggerRepaint()
        return count
