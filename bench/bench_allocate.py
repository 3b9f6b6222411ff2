"""Benchmarks of staff allocation: ``servicegrid:allocatestaff`` at scale, and its heuristic
against its exact MILP where the MILP can run. Targets: docs/design/targets.md.

``run(rows, folder)`` appends one dict per case and method:
{"bench": "allocatestaff", "input", "tool", "seconds", "peak_mb", "objective", "gap", "note"}.

Cases (seeded synthetic region, grids on a 1 km lattice with several centres, outlets drawn
near people, staff spread over the outlets with capacities of 8,000–30,000 people, the
population 85 % of their total capacity):

* 10,000 grids × 5,000 staff (500 outlets): the core alone (heuristic: LP-guided rounding,
  regret greedy, local search, exact neighbourhoods) and end to end through Processing
  (GeoPackage grids, outlets and roster → grids and assignments written).
* 1,000 grids × 600 staff (60 outlets): ours (auto), the previous method (the LP over the
  candidate pairs only, ``pricing_rounds=0``), then the MILP (HiGHS) on the priced pairs with
  a 300 s limit, for the heuristic's distance to the optimum.
* The sample city's project (about 100 grids × 145 staff; the roster is short).

"objective" is the model objective (see algorithms/core/allocation/: coverage, unfilled
places, balance and workload-weighted travel, in the solver's units); "gap" is relative to the
best proven lower bound (the LP relaxation, or the MILP's dual bound).

Standalone: ``.venv/bin/python bench/bench_allocate.py [--quick]`` (starts QGIS headless).
"""

import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
STAFF_CAPACITY = 10000.0


def _core():
    from harness import import_package

    import_package()
    from service_grid.algorithms.core import allocation

    return allocation


def instance(grids: int, staff: int, outlets: int, seed: int = 0, load_factor: float = 0.85):
    """Grid centres on a jittered 1 km lattice (population from a several-centre density),
    outlets drawn near people, people spread over outlets. Returns
    (grid_xy, population, outlet_xy, staff_outlet, staff_capacity)."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(grids)))
    ii, jj = np.divmod(np.arange(grids), side)
    gxy = np.column_stack([jj * 1000.0 + 500, ii * 1000.0 + 500]) + 400000.0
    gxy += rng.uniform(-200, 200, gxy.shape)
    centres = rng.uniform(0, side * 1000.0, (4, 2)) + 400000.0
    dens = sum(np.exp(-np.hypot(*(gxy - c).T) / (side * 120.0)) for c in centres)
    pop = dens / dens.mean() * rng.uniform(0.5, 1.5, grids)
    cap = rng.integers(8, 31, staff) * 1000.0  # 8,000–30,000 people per person
    pop = np.round(pop * cap.sum() * load_factor / pop.sum())
    oxy = gxy[rng.choice(grids, outlets, replace=False, p=pop / pop.sum())]
    where = rng.integers(0, outlets, staff)
    return gxy, pop, oxy, where, cap


def _measure(func, *args, **kwargs):
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    from harness import measure

    return measure(func, *args, **kwargs)


def _row(case, tool, seconds, peak, result=None, note=""):
    row = {
        "bench": "allocatestaff",
        "input": case,
        "tool": tool,
        "seconds": seconds,
        "peak_mb": peak,
        "note": note,
    }
    if result is not None:
        row["objective"] = result.objective
        row["gap"] = result.gap
        row["note"] = (
            "{}; {:,} pairs; unserved {:,.0f} (forced {:,.0f}), overloaded {}, mean travel "
            "{:.2f} km, max utilisation {:.0%}{}"
        ).format(
            result.method,
            result.candidate_pairs,
            result.unserved,
            result.forced_unserved,
            len(result.overloaded),
            result.mean_travel_km,
            result.max_utilisation,
            ("; " + note) if note else "",
        )
    return row


def _add(rows, row):
    rows.append(row)
    print(
        "{:<40} {:<28} {:>8.2f}s {:>6.0f}MB objective {} gap {} {}".format(
            row["input"],
            row["tool"],
            row["seconds"],
            row["peak_mb"],
            "{:,.1f}".format(row["objective"]) if row.get("objective") is not None else "–",
            "{:.2%}".format(row["gap"]) if row.get("gap") is not None else "–",
            row.get("note", ""),
        ),
        flush=True,
    )


def _core_case(rows, grids, staff, outlets, seed, methods, exact_limit=None):
    core = _core()
    gxy, pop, oxy, where, cap = instance(grids, staff, outlets, seed)
    case = "{:,} grids × {:,} staff ({} outlets)".format(grids, staff, outlets)
    options = core.AllocationOptions(staff_capacity=STAFF_CAPACITY)
    load = core.workload(pop)
    rec = core.recommend(load, options)
    bound = None
    for method in methods:
        options = core.AllocationOptions(staff_capacity=STAFF_CAPACITY, method=method)
        if method == "previous":  # the method before column generation: candidate pairs only
            options = core.AllocationOptions(
                staff_capacity=STAFF_CAPACITY, pricing_rounds=0, lns_limit=10
            )
        if method == "exact":
            options.exact_pair_limit = 10**9
            options.node_limit = 10**6
            options.time_limit = exact_limit or 300.0
        m = _measure(core.assign, gxy, load, rec, cap, oxy[where], options)
        note = "{:,} places recommended".format(int(rec.sum()))
        if method == "auto":
            bound = m.result.lower_bound
        elif method == "previous" and bound is not None and m.result.objective > 0:
            # its own bound covers the candidate pairs only, which its plan leaves; the
            # bound over all pairs of the run above is the one that holds for it
            note += "; gap against the bound over all pairs of the auto run (its own, over "
            note += "the candidate pairs only: {:.1%})".format(m.result.gap or 0.0)
            m.result.gap = max(0.0, (m.result.objective - bound) / m.result.objective)
        _add(rows, _row(case, "core, " + method, m.seconds, m.peak_mb, m.result, note))


def write_inputs(folder, grids, staff, outlets, seed=0):
    """The instance as GeoPackage layers (grids, outlets, staff), written with OGR."""
    from osgeo import ogr, osr

    gxy, pop, oxy, where, cap = instance(grids, staff, outlets, seed)
    path = os.path.join(folder, "allocate_{}_{}.gpkg".format(grids, staff))
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    lyr = ds.CreateLayer("grids", srs, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("grid_id", ogr.OFTString))
    lyr.CreateField(ogr.FieldDefn("population", ogr.OFTInteger64))
    ds.StartTransaction()
    for k, (x, y) in enumerate(gxy):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(0, "G{:05d}".format(k))
        f.SetField(1, int(pop[k]))
        f.SetGeometry(
            ogr.CreateGeometryFromWkt(
                "POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))".format(
                    x - 450, y - 450, x + 450, y + 450
                )
            )
        )
        lyr.CreateFeature(f)
    ds.CommitTransaction()
    lyr = ds.CreateLayer("outlets", srs, ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("outlet_id", ogr.OFTString))
    lyr.CreateField(ogr.FieldDefn("kind", ogr.OFTString))
    for k, (x, y) in enumerate(oxy):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(0, "O{:04d}".format(k))
        f.SetField(1, "service_point")
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT({} {})".format(x, y)))
        lyr.CreateFeature(f)
    lyr = ds.CreateLayer("staff", None, ogr.wkbNone)
    for name, kind in (
        ("staff_id", ogr.OFTString),
        ("name", ogr.OFTString),
        ("role", ogr.OFTString),
        ("outlet_id", ogr.OFTString),
        ("capacity", ogr.OFTInteger),
        ("active", ogr.OFTInteger),
    ):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    ds.StartTransaction()
    for k in range(staff):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(0, "S{:05d}".format(k))
        f.SetField(1, "员工{}".format(k))
        f.SetField(2, "agent")
        f.SetField(3, "O{:04d}".format(where[k]))
        f.SetField(4, int(cap[k]))
        f.SetField(5, 1)
        lyr.CreateFeature(f)
    ds.CommitTransaction()
    ds = None
    return path


def _processing_case(rows, folder, grids, staff, outlets):
    import processing

    from service_grid.algorithms.allocate_staff import AllocateStaffAlgorithm

    path = write_inputs(folder, grids, staff, outlets)
    params = {
        "GRIDS": path + "|layername=grids",
        "STAFF": path + "|layername=staff",
        "OUTLETS": path + "|layername=outlets",
        "STAFF_CAPACITY": STAFF_CAPACITY,
        "OUTPUT_GRIDS": os.path.join(folder, "allocated_grids.gpkg"),
        "OUTPUT_ASSIGNMENTS": os.path.join(folder, "allocated_assignments.gpkg"),
    }
    m = _measure(processing.run, AllocateStaffAlgorithm(), params)
    r = m.result
    _add(
        rows,
        {
            "bench": "allocatestaff",
            "input": "{:,} grids × {:,} staff ({} outlets)".format(grids, staff, outlets),
            "tool": "Processing, end to end (GeoPackage in and out)",
            "seconds": m.seconds,
            "peak_mb": m.peak_mb,
            "gap": r["GAP"],
            "note": "{}; {:,} assignments, {} under-staffed grids, {} overloaded; "
            "mean travel {:.2f} km; unserved {:,.0f} (forced {:,.0f}); {}".format(
                r["METHOD"],
                r["TOTAL_ASSIGNED"],
                r["UNDERSTAFFED_GRIDS"],
                r["OVERLOADED_STAFF"],
                r["MEAN_TRAVEL_KM"],
                r["UNSERVED_WORKLOAD"],
                r["FORCED_SHORTFALL"],
                r["PLAN_QUALITY"],
            ),
        },
    )


def _sample_case(rows, folder):
    import processing
    from harness import test_helpers

    from service_grid.algorithms.allocate_staff import AllocateStaffAlgorithm

    test_helpers()
    from datasets import sample_city_project

    project = os.path.join(folder, "allocate_city.gpkg")
    if os.path.exists(project):
        os.remove(project)
    sample_city_project(project)
    params = {
        "GRIDS": project + "|layername=grids",
        "STAFF": project + "|layername=staff",
        "OUTLETS": project + "|layername=outlets",
        "PROJECT": project,
        "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
        "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
    }
    m = _measure(processing.run, AllocateStaffAlgorithm(), params)
    r = m.result
    _add(
        rows,
        {
            "bench": "allocatestaff",
            "input": "sample city, grids of ~30,000 people",
            "tool": "Processing, into the project",
            "seconds": m.seconds,
            "peak_mb": m.peak_mb,
            "gap": r["GAP"],
            "note": "{}; {} recommended, {} assigned, shortfall {:,.0f} ({} people)".format(
                r["METHOD"],
                r["TOTAL_RECOMMENDED"],
                r["TOTAL_ASSIGNED"],
                r["SHORTFALL_CAPACITY"],
                r["SHORTFALL_STAFF"],
            ),
        },
    )


def run(rows: list, folder: str, quick: bool = False) -> None:
    """Append the allocation benchmark rows (see the module docstring)."""
    _sample_case(rows, folder)
    _core_case(
        rows, 1000, 600, 60, 2, ("auto", "previous", "exact"), exact_limit=60 if quick else 300
    )
    _core_case(rows, 10_000, 5_000, 500, 1, ("auto", "previous"))
    _processing_case(rows, folder, 10_000, 5_000, 500)


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis_session import load_plugin, start_qgis

    app = start_qgis()
    plugin = load_plugin()
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        run(found, tmp, quick="--quick" in sys.argv)
    plugin.unload()
    app.exitQgis()
