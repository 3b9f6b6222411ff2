"""The writer processes of the interleaving harness (tests/interleave.py), one per role.

``python tests/interleave_workers.py SPEC.json`` runs one writer: after ``spec["delay"]`` it
makes ``spec["ops"]`` writes as ``spec["role"]`` into ``spec["project"]``, and appends each to
its ledger ``spec["log"]`` (JSON lines): ``pending`` just before the commit, ``done`` after the
commit returned. A write is a list of cells ``[table, key, column, old, new]`` (see
tests/interleave.py).
"""

import json
import os
import random
import sys
import time
import uuid as _uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BLIND = "<blind>"  # the ``old`` of a write that did not read the value it replaced
ROW = "@row"  # the column of a row's presence
STORES = ("dock", "grids", "columns", "assignments", "siting")


def _package():
    """Import the repository as ``service_grid`` (in a worker process or a script)."""
    if os.path.join(ROOT, "scripts") not in sys.path:
        sys.path.insert(0, os.path.join(ROOT, "scripts"))
    from qgis_session import import_package

    return import_package()


def _key(value) -> str:
    return str(value).strip().strip("{}").lower()


def _worker(spec: dict) -> None:
    """One writer process: ``spec["role"]`` does ``spec["ops"]`` writes, logging each."""
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    ogr.UseExceptions()
    _package()
    rng = random.Random(spec["seed"])
    with open(spec["log"], "a", encoding="utf-8") as log:

        def record(phase: str, op: int, t0: float, cells: list, **extra) -> None:
            entry = dict(extra, phase=phase, op=op, t0=t0, t1=time.time(), cells=cells)
            log.write(json.dumps(entry) + "\n")
            log.flush()

        time.sleep(spec["delay"])
        for op in range(spec["ops"]):
            ROLES[spec["role"]](spec, rng, op, record)
            time.sleep(rng.uniform(0, 0.15))


def _sync(spec, rng, op, record):
    from service_grid.algorithms.core import fieldsync

    t0 = time.time()
    record("pending", op, t0, spec["cells"], source=spec["package"])
    run = fieldsync.sync_packages(spec["project"], [spec["package"]])
    record("done", op, t0, spec["cells"], source=spec["package"], totals=run.totals())


def _office(spec, rng, op, record):
    """Edits saved the way QGIS's OGR provider saves a layer's edit buffer: one dataset, a
    (deferred) transaction, SetFeature/CreateFeature, commit; a busy error is retried."""
    from osgeo import gdal, ogr

    tag = "office-{}-{}".format(spec["name"], op)
    for _attempt in range(20):
        t0 = time.time()
        ds = gdal.OpenEx(spec["project"], gdal.OF_VECTOR | gdal.OF_UPDATE)
        try:
            ds.ExecuteSQL("PRAGMA busy_timeout = 10000")
            ds.StartTransaction()
            cells = []
            feedback = ds.GetLayerByName("feedback")
            for u in rng.sample(spec["rows"], rng.randint(1, 2)):
                feedback.SetAttributeFilter("lower(uuid) = '{}'".format(u))
                feature = feedback.GetNextFeature()
                feedback.SetAttributeFilter(None)
                new = "{}-{}".format(tag, u[:8])
                cells.append(["feedback", u, "notes", feature.GetField("notes"), new])
                feature.SetField("notes", new)
                feature.SetField("rev", (feature.GetField("rev") or 0) + 1)
                feedback.SetFeature(feature)
            row = ogr.Feature(feedback.GetLayerDefn())
            new_uuid = str(_uuid.uuid4())
            gid, (x, y) = rng.choice(sorted(spec["points"].items()))
            values = {
                "uuid": new_uuid,
                "grid_id": gid,
                "category": "other",
                "rating": 3,
                "notes": tag + "-new",
                "rev": 1,
                "status": "open",
                "collected_at": "2026-12-01T08:00:00Z",
                "updated_at": "2026-12-01T08:00:00Z",
            }
            for name, value in values.items():
                row.SetField(name, value)
            row.SetGeometry(ogr.CreateGeometryFromWkt("POINT({} {})".format(x, y)))
            feedback.CreateFeature(row)
            cells += [
                ["feedback", new_uuid, ROW, BLIND, True],
                ["feedback", new_uuid, "notes", BLIND, tag + "-new"],
            ]
            assignments = ds.GetLayerByName("assignments")
            row = ogr.Feature(assignments.GetLayerDefn())
            assignment = str(_uuid.uuid4())
            for name, value in (("uuid", assignment), ("staff_id", "F03"), ("grid_id", gid)):
                row.SetField(name, value)
            assignments.CreateFeature(row)
            cells.append(["assignments", assignment, ROW, BLIND, True])
            record("pending", op, t0, cells)
            ds.CommitTransaction()
            record("done", op, t0, cells)
            return
        except RuntimeError as err:
            if "locked" not in str(err) and "busy" not in str(err):
                raise
            try:
                ds.RollbackTransaction()
            except RuntimeError:
                pass
        finally:
            ds = None  # noqa: F841
        time.sleep(rng.uniform(0.01, 0.1))
    raise SystemExit("office: the project stayed locked")


def _dock(spec, rng, op, record):
    from service_grid.algorithms.core import gpkg
    from service_grid.plugin.feedback_store import FeedbackStore

    if "app" not in spec:
        from qgis.core import QgsApplication

        spec["app"] = QgsApplication([], False)
        spec["app"].initQgis()
    with gpkg.connect_ro(spec["project"]) as con:
        fids = {_key(u): f for f, u in con.execute("SELECT fid, uuid FROM feedback")}
    chosen = rng.sample(spec["rows"], rng.randint(1, 3))
    stamp = "2026-12-02T{:02d}:{:02d}:00.{:03d}Z".format(spec["index"], op, rng.randrange(1000))
    cells = [["feedback", u, "resolved_at", BLIND, stamp] for u in chosen]
    t0 = time.time()
    record("pending", op, t0, cells)
    FeedbackStore(spec["project"]).write_statuses(
        [(fids[u], "resolved", stamp) for u in chosen], "2026-12-02T00:00:00Z"
    )
    record("done", op, t0, cells)


def _grids(spec):
    from service_grid.algorithms.core.gpkg import open_ro

    ds = open_ro(spec["project"])
    try:
        grids = [
            (f.GetField("grid_id"), f.GetField("nest"), f.GetGeometryRef().ExportToWkb())
            for f in ds.GetLayerByName("grids")
        ]
        units = {f.GetField("unit_id"): f.GetField("grid_id") for f in ds.GetLayerByName("units")}
    finally:
        ds = None  # noqa: F841
    return grids, units


def _store(spec, rng, op, record):
    """One of the core's stores, with cells for what it writes."""
    import shapely

    from service_grid.algorithms.core import gpkg, schema, siting_store, tables

    path, role = spec["project"], spec["role"]
    tag = "{}-{}-{}".format(role, spec["name"], op)
    grids, units = _grids(spec)
    ids = [g for g, _n, _w in grids]
    chosen = sorted(rng.sample(ids, rng.randint(1, 4)))
    t0 = time.time()
    if role == "grids":
        cells = [
            ["grids", g, c, BLIND, v]
            for g in ids
            for c, v in (("strategy", tag), ("products", None), ("outlet_id", None))
        ]
        columns = {"grid_id": ids, "nest": [n for _g, n, _w in grids], "strategy": [tag] * len(ids)}
        geoms = [shapely.from_wkb(bytes(w)) for _g, _n, w in grids]
        record("pending", op, t0, cells)
        gpkg.store_grids(path, tables.Table(schema.GRIDS, columns, geoms), units, keep=2)
    elif role == "columns":
        cells = [["grids", g, "products", BLIND, tag] for g in chosen]
        record("pending", op, t0, cells)
        gpkg.update_grid_columns(path, chosen, {"products": [tag] * len(chosen)})
    elif role == "assignments":
        pairs = [("F01", g) for g in chosen] + [("F02", rng.choice(ids))]
        news = [str(_uuid.uuid4()) for _p in pairs]
        columns = {
            "uuid": news,
            "staff_id": [s for s, _g in pairs],
            "grid_id": [g for _s, g in pairs],
            "role": ["agent"] * len(pairs),
            "assigned_at": ["2026-12-03T00:00:00Z"] * len(pairs),
        }
        cells = [["assignments", u, ROW, BLIND, True] for u in news]
        record("pending", op, t0, cells, replace="assignments")
        gpkg.replace_assignments(path, tables.Table(schema.ASSIGNMENTS, columns), keep=2)
    else:  # siting
        x, y = spec["points"][chosen[0]]
        outlet = {
            "outlet_id": tag,
            "name": tag,
            "kind": "service_point",
            "capacity": 2,
            "x": x,
            "y": y,
        }
        cells = [["outlets", tag, ROW, BLIND, True]]
        cells += [["grids", g, "outlet_id", BLIND, tag] for g in chosen]
        record("pending", op, t0, cells)
        siting_store.store_siting(path, chosen, [tag] * len(chosen), [outlet])
    record("done", op, t0, cells, **({"replace": "assignments"} if role == "assignments" else {}))


ROLES = {"sync": _sync, "office": _office, "dock": _dock}
ROLES.update({role: _store for role in STORES if role != "dock"})


if __name__ == "__main__":
    if len(sys.argv) == 2:
        with open(sys.argv[1], encoding="utf-8") as handle:
            _worker(json.load(handle))
