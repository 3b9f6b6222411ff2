"""The Staff & outlets dock's access to one project GeoPackage.

Reads the grids, staff, outlets and assignments tables with a read-only ``sqlite3``
connection (fast; plain reads are safe on a GeoPackage). Writes never use plain SQL: they go
through the core's one write path, :func:`gpkg.write_transaction` (OGR, so the GeoPackage's
triggers run; one transaction on the file in place, the write lock taken at once, a busy
timeout and a message naming what holds the lock), so the dock's edits and the algorithms'
writes are serialised. OGR also keeps the milliseconds and the UTC marker of ``assigned_at``
that QGIS 3.22's provider would drop. The file's open layers of the table are reloaded after
each write, so the map shows the change at once.

The layers are the project's own (``QgsProject.instance()``) when the file's layers are loaded
there, otherwise private layers opened on the file (kept out of the project).
"""

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence

from osgeo import ogr
from qgis.core import (
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
)

from ..algorithms.core import fieldsync, gpkg, migrate, paths, schema, timestamps
from ..algorithms.core import workload as core_workload
from ..algorithms.core.errors import ServiceGridError
from ..algorithms.core.i18n import translate
from ..algorithms.project_refresh import reload_layer
from ..algorithms.project_template import layer_uri

#: The tables the dock reads and writes.
TABLES = ("grids", "staff", "outlets", "assignments")


class StoreError(Exception):
    """A write to the project GeoPackage failed; the message says what to do."""


def normalise(path: str) -> str:
    """A comparable form of a file path (see :func:`.paths.path_key`: drive letters, separators
    and letter case on Windows, symbolic links)."""
    return paths.path_key(path)


def layer_file(layer) -> tuple:
    """``(path, layer name)`` of an OGR vector layer's source; ``("", "")`` otherwise."""
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
        return "", ""
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    return parts.get("path") or "", parts.get("layerName") or ""


def project_files(project: QgsProject) -> List[str]:
    """Project GeoPackages whose grids layer is loaded in ``project`` (map order)."""
    found = []
    for layer in project.mapLayers().values():
        path, name = layer_file(layer)
        if name == "grids" and path not in found and gpkg.is_project(path):
            found.append(path)
    return found


@dataclass
class Assignment:
    """One row of the assignments table."""

    uuid: str
    staff_id: str
    grid_id: str
    role: Optional[str]
    assigned_at: str  # ISO-8601 UTC, as stored
    fid: Optional[int] = None


@dataclass
class Snapshot:
    """Everything the dock shows, read from the file in one go."""

    grids: Dict[str, list] = field(default_factory=dict)  # column → values (one per grid)
    staff: List[dict] = field(default_factory=list)
    outlets: List[dict] = field(default_factory=list)
    assignments: List[Assignment] = field(default_factory=list)
    #: the staff capacity allocatestaff gave staff with an empty one (sg_meta), or None
    default_capacity: Optional[float] = None


GRID_COLUMNS = (
    "fid",
    "grid_id",
    "nest",
    "population",
    "demand_index",
    "density_class",
    "income_tier",
    "recommended_staff",
    "outlet_id",
)


class ProjectStore:
    """Reads and writes one project GeoPackage for the dock."""

    def __init__(self, path: str, project: Optional[QgsProject] = None):
        # not a project, locked past the busy timeout, or written by a newer plugin
        gpkg.require_project(path, StoreError)
        self.path = os.path.abspath(path)
        self.project = project or QgsProject.instance()
        self._private: Dict[str, QgsVectorLayer] = {}
        self._con: Optional[sqlite3.Connection] = None
        self._inode = None
        #: True while the store writes (signals of the layers are then its own doing).
        self.writing = False

    # ------------------------------------------------------------------ layers

    def same_file(self, path: str) -> bool:
        """True when ``path`` names this GeoPackage."""
        return bool(path) and normalise(path) == normalise(self.path)

    def owns(self, layer) -> bool:
        """True when ``layer`` is a layer of this GeoPackage."""
        return self.same_file(layer_file(layer)[0])

    def project_layer(self, table: str) -> Optional[QgsVectorLayer]:
        """The project's layer of ``table`` of this file, if it is loaded."""
        for layer in self.project.mapLayers().values():
            path, name = layer_file(layer)
            if name == table and normalise(path) == normalise(self.path) and layer.isValid():
                return layer
        return None

    def layer(self, table: str) -> QgsVectorLayer:
        """The layer to write ``table`` through: the project's, else a private one."""
        layer = self.project_layer(table)
        if layer is not None:
            return layer
        layer = self._private.get(table)
        if layer is None:
            layer = QgsVectorLayer(layer_uri(self.path, table), table, "ogr")
            if not layer.isValid():
                raise StoreError(
                    translate("ProjectStore", "Cannot open the table {table} of {path}.").format(
                        table=table, path=self.path
                    )
                )
            self._private[table] = layer
        return layer

    def file_layers(self) -> List[QgsVectorLayer]:
        """Every loaded layer of this file (the project's and the private ones)."""
        layers = [lyr for lyr in self.project.mapLayers().values() if self.owns(lyr)]
        return layers + [lyr for lyr in self._private.values() if lyr not in layers]

    def unsaved_layers(self) -> List[str]:
        """Names of the file's layers with edits not yet saved."""
        return [lyr.name() for lyr in self.file_layers() if lyr.isEditable() and lyr.isModified()]

    def reload_layers(self) -> None:
        """Make every layer of the file read it again (after another program wrote it)."""
        for layer in self.file_layers():
            reload_layer(layer)

    def release(self) -> None:
        """Close the private layers and the read connection."""
        self._private.clear()
        self._close_connection()

    # ------------------------------------------------------------------ reading

    def read(self) -> Snapshot:
        """Read grids, staff, outlets and assignments (read-only; committed data)."""
        snap = Snapshot()
        con = self._connection()
        columns = self._columns(con, "grids")
        select = ", ".join('"{}"'.format(c) if c in columns else "NULL" for c in GRID_COLUMNS)
        rows = con.execute("SELECT {} FROM grids ORDER BY grid_id".format(select)).fetchall()
        snap.grids = {name: [r[k] for r in rows] for k, name in enumerate(GRID_COLUMNS)}
        snap.staff = self._dicts(con, "staff", schema.STAFF.field_names(), "staff_id")
        snap.outlets = self._dicts(con, "outlets", schema.OUTLETS.field_names(), "outlet_id")
        if self._columns(con, schema.META_TABLE):
            found = con.execute(
                "SELECT value FROM {} WHERE key = ?".format(schema.META_TABLE),
                (core_workload.DEFAULT_CAPACITY_KEY,),
            ).fetchone()
            snap.default_capacity = core_workload.capacity_of(found[0] if found else None)
        if self._columns(con, "assignments"):
            snap.assignments = [
                Assignment(u or "", str(s), str(g), r, a or "", f)
                for f, u, s, g, r, a in con.execute(
                    "SELECT fid, uuid, staff_id, grid_id, role, assigned_at FROM "
                    "assignments WHERE staff_id IS NOT NULL AND grid_id IS NOT NULL "
                    "ORDER BY fid"
                )
            ]
        return snap

    def _connection(self) -> sqlite3.Connection:
        """A read-only connection, kept open (its cache makes re-reading fast) and opened
        again when the file was replaced by another program."""
        inode = os.stat(self.path).st_ino
        if self._con is None or inode != self._inode:
            self._close_connection()
            self._con = gpkg.connect_ro(self.path, check_same_thread=False)
            self._inode = inode
        return self._con

    def _close_connection(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    @staticmethod
    def _columns(con, table: str) -> set:
        return {r[1] for r in con.execute('PRAGMA table_info("{}")'.format(table))}

    def _dicts(self, con, table: str, names: Sequence[str], order: str) -> List[dict]:
        columns = self._columns(con, table)
        if not columns:
            return []
        select = ", ".join('"{}"'.format(c) if c in columns else "NULL" for c in names)
        rows = con.execute(
            'SELECT {} FROM "{}" ORDER BY "{}"'.format(
                select, table, order if order in columns else "rowid"
            )
        ).fetchall()
        return [dict(zip(names, r)) for r in rows]

    # ------------------------------------------------------------------ writing

    @staticmethod
    def now_utc() -> str:
        """The current time as stored (ISO-8601, UTC, milliseconds, ``Z``): the same as the
        sync writes."""
        return fieldsync.now_utc()

    @contextlib.contextmanager
    def _ogr_table(self, table: str):
        """``(dataset, layer)`` of ``table`` in one write transaction on the file (the core's
        write path), committed when the block succeeds; the file's open QGIS layers of the
        table are reloaded afterwards."""
        self.writing = True
        try:
            try:
                times = [c for t, c in migrate.time_columns(self.path) if t == table]
                with gpkg.write_transaction(self.path) as ds:
                    lyr = ds.GetLayerByName(table)
                    if lyr is None:
                        raise StoreError(
                            translate("ProjectStore", "{path} has no table {table}.").format(
                                path=self.path, table=table
                            )
                        )
                    yield ds, lyr
                    # GDAL 3.7+ (QGIS 3.40) drops ".000" of the stored times it writes: one
                    # stored form (algorithms/core/timestamps.py), in the same transaction.
                    for column in times:
                        ds.ExecuteSQL(timestamps.short_form_fix_sql(table, column))
            except ServiceGridError as err:  # locked by another program: the core says what to do
                raise StoreError(str(err)) from err
            except RuntimeError as err:
                raise StoreError(
                    translate(
                        "ProjectStore", "Could not save the change to {path}: {error}"
                    ).format(path=self.path, error=err)
                ) from err
            for layer in self.file_layers():
                if layer_file(layer)[1] == table:
                    reload_layer(layer)
        finally:
            self.writing = False

    def add_assignments(self, rows: Iterable[Assignment]) -> None:
        """Insert assignment rows (their ``fid`` is set from the file).

        Written with OGR rather than through a QGIS 3.22 layer, which would drop the
        milliseconds and the UTC marker of ``assigned_at``.
        """
        rows = list(rows)
        if not rows:
            return
        with self._ogr_table("assignments") as (_ds, lyr):
            defn = lyr.GetLayerDefn()
            uuid_i, staff_i, grid_i, role_i, when_i = (
                defn.GetFieldIndex(name)
                for name in ("uuid", "staff_id", "grid_id", "role", "assigned_at")
            )
            for row in rows:
                feature = ogr.Feature(defn)
                feature.SetFieldString(uuid_i, row.uuid)
                feature.SetFieldString(staff_i, row.staff_id)
                feature.SetFieldString(grid_i, row.grid_id)
                if row.role is None:
                    feature.SetFieldNull(role_i)
                else:
                    feature.SetFieldString(role_i, row.role)
                feature.SetFieldString(when_i, row.assigned_at)
                lyr.CreateFeature(feature)
                row.fid = feature.GetFID()

    def delete_assignments(self, rows: Iterable[Assignment]) -> None:
        """Delete assignment rows, found by their uuid."""
        rows = list(rows)
        uuids = [row.uuid for row in rows]
        if not uuids:
            return
        with self._ogr_table("assignments") as (dataset, _lyr):
            for start in range(0, len(uuids), 500):
                chunk = uuids[start : start + 500]
                dataset.ExecuteSQL(
                    "DELETE FROM assignments WHERE uuid IN ({})".format(
                        ",".join("'{}'".format(u.replace("'", "''")) for u in chunk)
                    )
                )
        for row in rows:
            row.fid = None

    def set_outlets(self, fids: Sequence[int], outlet_ids: Sequence[Optional[str]]) -> None:
        """Set ``grids.outlet_id`` of the grids with the given feature ids."""
        if not fids:
            return
        for layer in self.file_layers():
            if layer_file(layer)[1] == "grids" and layer.isEditable() and layer.isModified():
                raise StoreError(
                    translate(
                        "ProjectStore",
                        "The layer '{layer}' has edits that are not saved. Save or "
                        "discard them first (Layer ▸ Toggle Editing).",
                    ).format(layer=layer.name())
                )
        groups: Dict[Optional[str], List[int]] = {}
        for fid, value in zip(fids, outlet_ids):
            groups.setdefault(value, []).append(int(fid))
        with self._ogr_table("grids") as (dataset, lyr):
            if lyr.GetLayerDefn().GetFieldIndex("outlet_id") < 0:
                raise StoreError(
                    translate(
                        "ProjectStore", "The grids of {path} have no outlet_id column."
                    ).format(path=self.path)
                )
            for value, group in groups.items():
                literal = "NULL" if value is None else "'{}'".format(str(value).replace("'", "''"))
                for start in range(0, len(group), 500):
                    dataset.ExecuteSQL(
                        "UPDATE grids SET outlet_id = {} WHERE fid IN ({})".format(
                            literal, ",".join(str(f) for f in group[start : start + 500])
                        )
                    )
