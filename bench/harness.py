"""Timing and memory measurement for ``make bench`` (same process, side by side)."""

import os
import sys
import threading
import time
from dataclasses import dataclass

import psutil


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    result: object = None


class _Sampler(threading.Thread):
    def __init__(self, interval=0.02):
        super().__init__(daemon=True)
        self.process = psutil.Process(os.getpid())
        self.interval = interval
        self.peak = self.process.memory_info().rss
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.interval)

    def stop(self):
        self._stop_event.set()
        self.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def measure(func, *args, **kwargs) -> Measure:
    """Run ``func``; return wall time and the peak resident memory above the start (MB)."""
    process = psutil.Process(os.getpid())
    start_rss = process.memory_info().rss
    sampler = _Sampler()
    sampler.start()
    started = time.perf_counter()
    try:
        result = func(*args, **kwargs)
    finally:
        elapsed = time.perf_counter() - started
        sampler.stop()
    return Measure(elapsed, (sampler.peak - start_rss) / 1e6, result)


def add_row(rows: list, widths: tuple, bench: str, label: str, tool: str, m: Measure, note: str):
    """Append the row ``{bench, input, tool, seconds, peak_mb, note}`` of the measure ``m`` to
    ``rows`` and print it as it comes (the input and tool columns ``widths`` wide)."""
    row = {
        "bench": bench,
        "input": label,
        "tool": tool,
        "seconds": m.seconds,
        "peak_mb": m.peak_mb,
        "note": note,
    }
    rows.append(row)
    print(
        "{:<{w[0]}} {:<{w[1]}} {:>8.2f}s {:>6.0f}MB {}".format(
            label, tool, m.seconds, m.peak_mb, note, w=widths
        ),
        flush=True,
    )


def fmt(value, spec: str) -> str:
    """``value`` formatted by ``spec``, or "–" where it is missing (None)."""
    return "–" if value is None else format(value, spec)


def cells(row: dict, columns) -> list:
    """The cells of ``row`` for ``columns``, ``(key, format spec)`` pairs (see :func:`fmt`)."""
    return [fmt(row.get(key), spec) for key, spec in columns]


def new_units_layer(path: str):
    """A new GeoPackage ``path`` with an empty ``units`` polygon layer in EPSG:32650 with the
    fields code, pop, street. Returns ``(dataset, srs, layer)``."""
    from osgeo import ogr, osr

    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    lyr = ds.CreateLayer("units", srs, ogr.wkbPolygon)
    for name, kind in (("code", ogr.OFTString), ("pop", ogr.OFTInteger), ("street", ogr.OFTString)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    return ds, srs, lyr


def machine() -> str:
    """One line describing this machine."""
    import platform

    from qgis.core import Qgis

    return "{} cores, {:.0f} GB RAM, {} , Python {}, QGIS {}".format(
        os.cpu_count(),
        psutil.virtual_memory().total / 1e9,
        platform.platform(),
        platform.python_version(),
        Qgis.QGIS_VERSION,
    )


def import_package():
    """Import the repository as the package ``service_grid`` (the scripts' own helper)."""
    scripts = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    from qgis_session import import_package as _import

    return _import()


def staff_project(folder: str, stem: str, staff: int) -> str:
    """``<folder>/<stem>_project.gpkg``: a project made by ``servicegrid:createproject`` on a
    jittered lattice of 2,500 units (10 × 10 km), ``servicegrid:buildgrids`` (about 100 grids)
    and ``staff`` agents B00, B01… sharing the grids in runs (the assignments written with
    OGR). The plugin must be loaded."""
    import sqlite3

    test_helpers()
    from datasets import UNIT_PARAMS, make_project, write_assignments
    from run import lattice_units

    os.makedirs(folder, exist_ok=True)
    units = lattice_units(os.path.join(folder, stem + "_units.gpkg"), 50)
    staff_csv = os.path.join(folder, stem + "_staff.csv")
    with open(staff_csv, "w", encoding="utf-8") as handle:
        handle.write("staff_id,name,role,capacity,active\n")
        for k in range(staff):
            handle.write("B{:02d},员工{},agent,30000,1\n".format(k, k))
    project = os.path.join(folder, stem + "_project.gpkg")
    make_project(project, dict(UNIT_PARAMS, INPUT=units, STAFF=staff_csv), {"GRID_COUNT": 100})
    con = sqlite3.connect(project)
    grids = [r[0] for r in con.execute("SELECT grid_id FROM grids ORDER BY grid_id")]
    con.close()
    per = max(1, len(grids) // staff)
    staff_of = ["B{:02d}".format(min(k // per, staff - 1)) for k in range(len(grids))]
    write_assignments(project, zip(staff_of, grids), "2026-11-01T08:00:00Z")
    return project


def test_helpers() -> None:
    """Put tests/ on ``sys.path`` for its helpers that need no pytest (``datasets``,
    ``device``): the bench builds its projects the way the tests do."""
    tests = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
