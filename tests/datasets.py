"""Small real GeoPackages for tests (and the bench), written with OGR the way users' files
look, and projects made from them with the plugin's own algorithms (no pytest here)."""

import os
import shutil
import sqlite3
import uuid
from typing import Dict, Iterable, List, Optional

from osgeo import ogr, osr
from qgis.core import QgsProcessingFeedback

ogr.UseExceptions()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "resources", "sample", "sample_city.gpkg")
STAFF_CSV = os.path.join(ROOT, "resources", "sample", "staff.csv")
#: The roster before the hires: 145 active staff for 3.0 M people (the shortfall case).
SHORT_STAFF_CSV = os.path.join(ROOT, "resources", "sample", "staff_short.csv")


def sql(path: str, query: str, args=()) -> list:
    """The rows of a read-only query on a GeoPackage (plain sqlite3: fine for reads)."""
    con = sqlite3.connect(path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def fresh_copy(path: str, folder) -> str:
    """A copy of the file ``path`` in ``folder`` (same name), for one test to change."""
    copy = os.path.join(str(folder), os.path.basename(path))
    shutil.copy(path, copy)
    return copy


def write_assignments(path: str, pairs: Iterable[tuple], assigned_at: Optional[str] = None) -> None:
    """Add ``(staff_id, grid_id)`` rows (role agent) to a project's assignments with OGR, as
    allocatestaff does; a row's uuid is derived from its pair."""
    ds = ogr.Open(path, 1)
    try:
        layer = ds.GetLayerByName("assignments")
        ds.StartTransaction()
        for staff_id, grid_id in pairs:
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("uuid", str(uuid.uuid5(uuid.NAMESPACE_URL, staff_id + "/" + grid_id)))
            feature.SetField("staff_id", staff_id)
            feature.SetField("grid_id", grid_id)
            feature.SetField("role", "agent")
            if assigned_at is not None:
                feature.SetField("assigned_at", assigned_at)
            layer.CreateFeature(feature)
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841 (closes the file)


FEEDBACK_DEFAULTS = {
    "category": "claims",
    "rating": 4,
    "rev": 1,
    "status": "open",
    "collected_at": "2026-11-20T08:00:00Z",
}


def add_feedback(path: str, rows: Iterable[dict], defaults: Optional[dict] = None) -> list:
    """Write feedback rows into a project or package with OGR: each row a dict of columns plus
    ``x``/``y`` (the point); a new uuid, :data:`FEEDBACK_DEFAULTS` and ``defaults`` fill what a
    row leaves out (``updated_at``: its ``collected_at``). Returns each row's own ``uuid``."""
    rows = list(rows)
    ds = ogr.Open(path, 1)
    try:
        lyr = ds.GetLayerByName("feedback")
        ds.StartTransaction()
        for row in rows:
            feature = ogr.Feature(lyr.GetLayerDefn())
            values = dict(FEEDBACK_DEFAULTS, uuid=str(uuid.uuid4()), **(defaults or {}))
            values.update({k: v for k, v in row.items() if k not in ("x", "y")})
            values.setdefault("updated_at", values["collected_at"])
            for key, value in values.items():
                feature.SetField(key, value)
            feature.SetGeometry(
                ogr.CreateGeometryFromWkt("POINT({} {})".format(row["x"], row["y"]))
            )
            lyr.CreateFeature(feature)
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841 (closes the file)
    return [r.get("uuid") for r in rows]


#: The columns of the ``visits`` table (follow-up visits, schema 4) as OGR field types.
VISIT_FIELDS = (
    ("uuid", ogr.OFTString),
    ("grid_id", ogr.OFTString),
    ("staff_id", ogr.OFTString),
    ("customer_id", ogr.OFTString),
    ("purpose", ogr.OFTString),
    ("due_date", ogr.OFTString),
    ("assigned_at", ogr.OFTDateTime),
    ("status", ogr.OFTString),
    ("done_at", ogr.OFTDateTime),
    ("result", ogr.OFTString),
)


def visits_layer(ds, srs):
    """The ``visits`` point layer of the open OGR dataset ``ds``, created (with
    :data:`VISIT_FIELDS`) when missing."""
    layer = ds.GetLayerByName("visits")
    if layer is None:
        layer = ds.CreateLayer("visits", srs, ogr.wkbPoint)
        for name, kind in VISIT_FIELDS:
            layer.CreateField(ogr.FieldDefn(name, kind))
    return layer


def grid_points(path: str) -> Dict[str, tuple]:
    """One interior point ``(x, y)`` per grid id (the centroid of the grid's first unit)."""
    out = {}
    ds = ogr.Open(path)
    try:
        for feature in ds.GetLayerByName("units"):
            grid = feature.GetField("grid_id")
            if grid and grid not in out:
                c = feature.GetGeometryRef().Centroid()
                out[grid] = (c.GetX(), c.GetY())
    finally:
        ds = None  # noqa: F841 (closes the file)
    return out


def square(x: float, y: float, size: float = 1000.0) -> str:
    return "POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))".format(
        x0=x, y0=y, x1=x + size, y1=y + size
    )


def write_layer(
    path: str,
    name: str,
    geometry_type,
    fields: Dict[str, int],
    rows: Iterable[dict],
    epsg: Optional[int] = 32650,
) -> str:
    """Write a layer (rows: dicts of field values plus ``wkt``) into a GeoPackage."""
    driver = ogr.GetDriverByName("GPKG")
    ds = driver.Open(path, 1) if os.path.exists(path) else driver.CreateDataSource(path)
    srs = None
    if epsg is not None:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lyr = ds.CreateLayer(name, srs, geometry_type)
    for fname, ftype in fields.items():
        lyr.CreateField(ogr.FieldDefn(fname, ftype))
    for row in rows:
        feature = ogr.Feature(lyr.GetLayerDefn())
        for key, value in row.items():
            if key == "wkt":
                if value is not None:
                    feature.SetGeometry(ogr.CreateGeometryFromWkt(value))
            elif value is None:
                feature.SetFieldNull(key)
            else:
                feature.SetField(key, value)
        lyr.CreateFeature(feature)
    ds = None
    return "{}|layername={}".format(path, name)


def one_outlet(path: str, name: str) -> str:
    """Layer ``name`` in ``path``: one outlet, O1 (an outlet_id and nothing more), in the first
    unit of :func:`unit_rows`."""
    rows = [{"outlet_id": "O1", "wkt": "POINT(400500 3500500)"}]
    return write_layer(path, name, ogr.wkbPoint, {"outlet_id": ogr.OFTString}, rows)


UNIT_FIELDS = {
    "code": ogr.OFTString,
    "name": ogr.OFTString,
    "street": ogr.OFTString,
    "pop": ogr.OFTInteger,
    "income": ogr.OFTReal,
    "old": ogr.OFTReal,
}


def unit_rows(n: int = 3, m: int = 3, x0: float = 400000.0, y0: float = 3500000.0) -> List[dict]:
    """An ``n × m`` lattice of 1 km square units in two streets."""
    rows = []
    for i in range(n):
        for j in range(m):
            k = i * m + j
            rows.append(
                {
                    "code": "U{:03d}".format(k),
                    "name": "社区{}".format(k),
                    "street": "S1" if j < m // 2 + 1 else "S2",
                    "pop": 1000 + 100 * k,
                    "income": 30000.0 + 1000 * k,
                    "old": 0.1 + 0.01 * k,
                    "wkt": square(x0 + j * 1000, y0 + i * 1000),
                }
            )
    return rows


def units_layer(
    folder: str,
    rows: Optional[List[dict]] = None,
    name: str = "units",
    epsg: Optional[int] = 32650,
    fields=None,
    geometry_type=ogr.wkbPolygon,
) -> str:
    return write_layer(
        os.path.join(folder, name + ".gpkg"),
        name,
        geometry_type,
        fields or UNIT_FIELDS,
        rows if rows is not None else unit_rows(),
        epsg,
    )


class FeedbackRecorder(QgsProcessingFeedback):
    """A processing feedback that keeps what the algorithm logged."""

    def __init__(self):
        super().__init__()
        self.infos, self.warnings, self.errors, self.log = [], [], [], []

    def pushInfo(self, text):  # noqa: N802 (QGIS API)
        self.infos.append(text)
        self.log.append(text)
        super().pushInfo(text)

    def pushWarning(self, text):  # noqa: N802 (QGIS API)
        self.warnings.append(text)
        self.log.append(text)
        super().pushWarning(text)

    def reportError(self, text, fatalError=False):  # noqa: N802 (QGIS API)
        self.errors.append(text)
        super().reportError(text, fatalError)


# ---------------------------------------------------------------------- projects


#: createproject's parameters for the sample city: communities as units, outlets and staff.
SAMPLE_CITY = {
    "INPUT": SAMPLE + "|layername=communities",
    "POPULATION_FIELD": "population",
    "NEST_FIELD": "district_code",
    "OUTLETS": SAMPLE + "|layername=outlets",
    "STAFF": STAFF_CSV,
}

#: createproject's fields for units of :data:`UNIT_FIELDS` (add INPUT, OUTLETS, STAFF…).
UNIT_PARAMS = {"UNIT_ID_FIELD": "code", "POPULATION_FIELD": "pop", "NEST_FIELD": "street"}


def _processing_run(alg_id: str, params: dict) -> dict:
    import processing

    return processing.run(alg_id, params)


def run_createproject(path: str, params: dict, run=None) -> dict:
    """``servicegrid:createproject`` into ``path`` with ``params`` (a key whose value is None is
    left out); ``run(alg_id, params)`` runs it (``processing.run`` unless given). The project
    is Chinese (LANGUAGE 1) unless ``params`` choose another language."""
    params = {
        key: value for key, value in dict({"LANGUAGE": 1}, **params).items() if value is not None
    }
    return (run or _processing_run)("servicegrid:createproject", dict(params, OUTPUT=path))


def run_buildgrids(project: str, run=None, **params) -> dict:
    """``servicegrid:buildgrids`` on the units of ``project``, the grids stored into it
    (temporary layer outputs); ``params`` add the size (TARGET_POPULATION or GRID_COUNT) or
    replace a default."""
    defaults = {
        "INPUT": project + "|layername=units",
        "POPULATION_FIELD": "population",
        "NEST_FIELD": "nest",
        "OUTPUT": "TEMPORARY_OUTPUT",
        "OUTPUT_UNITS": "TEMPORARY_OUTPUT",
        "PROJECT": project,
    }
    return (run or _processing_run)("servicegrid:buildgrids", dict(defaults, **params))


def run_classifygrids(project: str, run=None) -> dict:
    """``servicegrid:classifygrids`` on the grids of ``project``, stored into it."""
    params = {
        "INPUT": project + "|layername=grids",
        "OUTPUT": "TEMPORARY_OUTPUT",
        "PROJECT": project,
    }
    return (run or _processing_run)("servicegrid:classifygrids", params)


def make_project(path: str, params: dict, grids: dict, classify=False, run=None) -> str:
    """A project GeoPackage at ``path``: createproject with ``params`` (see
    :func:`run_createproject`), buildgrids with ``grids`` (see :func:`run_buildgrids`), then
    classifygrids when ``classify`` (the Processing plugin must be up). Returns ``path``."""
    run_createproject(path, params, run)
    run_buildgrids(path, run, **grids)
    if classify:
        run_classifygrids(path, run)
    return path


def sample_city_project(path: str, classify=False, staff: Optional[str] = None) -> str:
    """Make the sample city a project GeoPackage at ``path``: its communities as units, its
    outlets and staff (``staff``: another roster file), and grids of about 30,000 people
    (classified when ``classify``)."""
    params = dict(SAMPLE_CITY, **({"STAFF": staff} if staff else {}))
    return make_project(path, params, {"TARGET_POPULATION": 30000}, classify)
