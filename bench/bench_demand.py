"""Benchmarks of grids by demand and income (issue 14): income-homogeneous grids against the
peers, and the speed of two balance variables with income homogeneity at scale.

Targets: issue 14, items 3 (measure against the peers) and 6 (100k ≤ 15 s, 1M ≤ 150 s,
peak ≤ 6 GB).

``income_peers(rows, folder)``: one generated city (Voronoi units, ~50 units per grid) with a
spatially clustered income: blobs of a few to a few dozen units of villages (~25,000 CNY per
capita), towns (~50,000) and villa districts (~120,000), about 40/40/20 % of the people, with
small noise, so that the relative income tiers (basic below the 40th people-weighted
percentile, high from the 80th) are these three levels. Ours population-only, with income
homogeneity 0.5 and 1.0, and each with households as a second balance variable, against PySAL
spopt's AZP (log income, k regions) and MaxPHeuristic (log income, population floor 0.9 × the
target), each scored by the same functions (bench_grids.quality, grid_balance's
income_dispersion and one_tier_share).
``scale(rows, folder)``: 100,000 units (lattice and Voronoi) and 1,000,000 units (Voronoi),
with nests, households and the clustered income, END TO END through Processing
(``servicegrid:buildgrids``): BALANCE pop and hh (weight 1, ±10 % each), HOMOGENEITY 1 and
INCOME_FIELD, against the population-only run in the same process on the same file.

``--quick``: the peers at 2,500 units only and the scale at 10,000 units. The environment
variable ``SG_BENCH_DEMAND`` = ``peers`` or ``scale`` runs one of the two parts.
"""

import gc
import os
import re
import sys

import generate
import numpy as np
import shapely
from bench_grids import PEER_TIMEOUT, UNITS_PER_GRID, _with_timeout, districts, quality
from harness import measure

SIZES_PEERS = (2_500, 10_000)
#: (generator, units) of the scale runs; the 1M run is the Voronoi tessellation only.
SCALE_CASES = (("lattice", 100_000), ("voronoi", 100_000), ("voronoi", 1_000_000))
TOLERANCE = 0.10
#: Income level per capita (CNY) and people per household of villages, towns, villa districts.
LEVELS = ((25_000.0, 3.3), (50_000.0, 2.8), (120_000.0, 2.4))
#: Share of the people living in villages, towns and villa districts.
SHARES = (0.40, 0.40, 0.20)

PEERS_KEY = "buildgrids income peers"
SCALE_KEY = "buildgrids demand scale"

#: The sections of results.md, ``(bench key, title, ((row key, header, format spec), …))``,
#: written by bench/run.py.
SECTIONS = (
    (
        PEERS_KEY,
        "## Income-homogeneous grids against the peers (same city, same number of grids)",
        (
            ("seconds", "time (s)", ".2f"),
            ("peak_mb", "peak (MB)", ".0f"),
            ("grids", "grids", "d"),
            ("cv", "population CV", ".3f"),
            ("min", "min/mean", ".2f"),
            ("max", "max/mean", ".2f"),
            ("within", "within ±10 %", ".0%"),
            ("non_contiguous", "non-contiguous", "d"),
            ("pp", "mean Polsby–Popper", ".2f"),
            ("dispersion", "income dispersion", ".3f"),
            ("one_tier", "one-tier share", ".0%"),
            ("hh_cv", "households CV", ".3f"),
        ),
    ),
    (
        SCALE_KEY,
        "## Grids by demand and income at scale (end to end: two balance variables, homogeneity 1)",
        (
            ("seconds", "time (s)", ".1f"),
            ("peak_mb", "peak (MB)", ".0f"),
            ("ratio", "time / population-only", ".2f"),
            ("grids", "grids", "d"),
            ("cv", "population CV", ".3f"),
            ("within", "within ±10 %", ".0%"),
            ("hh_cv", "households CV", ".3f"),
            ("non_contiguous", "non-contiguous", "d"),
            ("nest_violations", "nest violations", "d"),
            ("dispersion", "income dispersion", ".3f"),
            ("one_tier", "one-tier share", ".0%"),
        ),
    ),
)


def clustered_income(geoms, pop, seed: int = 3, units_per_blob: int = 15):
    """(income per capita, households) per unit: blobs of units (the units nearest to random
    unit centroids, a few to a few dozen units each) are villa districts at random until 20 %
    of the people, then villages, the least dense blobs first (with noise), until another 40 %,
    the rest towns; each unit's income and household size is its level's with small noise."""
    from scipy.spatial import cKDTree

    rng = np.random.default_rng(seed)
    n = len(geoms)
    pop = np.asarray(pop, dtype=float)
    centroids = shapely.centroid(geoms)
    xy = np.column_stack([shapely.get_x(centroids), shapely.get_y(centroids)])
    n_blobs = max(3, n // units_per_blob)
    _dist, blob = cKDTree(xy[rng.choice(n, n_blobs, replace=False)]).query(xy)
    blob_pop = np.bincount(blob, weights=pop, minlength=n_blobs)
    blob_area = np.bincount(blob, weights=shapely.area(geoms), minlength=n_blobs)
    total = pop.sum()
    level = np.ones(n_blobs, dtype=int)
    order = rng.permutation(n_blobs)
    villas = order[np.cumsum(blob_pop[order]) <= SHARES[2] * total]
    level[villas] = 2
    rest = np.setdiff1d(np.arange(n_blobs), villas)
    score = np.log(blob_pop[rest] / np.maximum(blob_area[rest], 1.0) + 1e-9)
    rest = rest[np.argsort(score + rng.normal(0, 0.5, len(rest)))]
    level[rest[np.cumsum(blob_pop[rest]) <= SHARES[0] * total]] = 0
    unit_level = level[blob]
    income = np.array([v for v, _size in LEVELS])[unit_level] * rng.lognormal(0, 0.08, n)
    size = np.array([s for _v, s in LEVELS])[unit_level] * rng.lognormal(0, 0.1, n)
    households = np.round(pop / size).astype(int)
    return np.round(income), households


def _scores(geoms, pop, hh, income, labels, target, pairs) -> dict:
    """Quality of a division by the same functions for ours and the peers."""
    from service_grid.algorithms.core.grid_balance import income_dispersion, one_tier_share

    _uniq, part = np.unique(np.asarray(labels), return_inverse=True)
    part = part.reshape(-1)
    count = int(part.max()) + 1
    out = quality(geoms, pop, part, target, TOLERANCE, pairs)
    out["dispersion"] = income_dispersion(part, count, income, pop)
    out["one_tier"] = one_tier_share(part, count, income, pop)
    sums = np.bincount(part, weights=hh, minlength=count)
    out["hh_cv"] = float(sums.std() / sums.mean())
    return out


# ---------------------------------------------------------------------------- peers


def income_peers(rows, folder, sizes=SIZES_PEERS):
    for size in sizes:
        _income_peers_at(rows, size)


def _income_peers_at(rows, size):
    from service_grid.algorithms.core.adjacency import shared_boundaries
    from service_grid.algorithms.core.gridding import BalanceVariable, GridOptions, build_grids

    geoms, pop = generate.voronoi(size)
    income, hh = clustered_income(geoms, pop)
    k = max(2, int(round(len(geoms) / UNITS_PER_GRID)))
    target = float(pop.sum()) / k
    pairs, _lengths = shared_boundaries(geoms)
    label = "Voronoi {:,} units, {} grids".format(len(geoms), k)

    def add(tool, run, note=""):
        row = {"bench": PEERS_KEY, "input": label, "tool": tool, "note": note}
        if run is None:
            row["note"] = note or "did not finish in {} s".format(PEER_TIMEOUT)
        else:
            labels = getattr(run.result, "unit_grid", run.result)
            row.update({"seconds": run.seconds, "peak_mb": run.peak_mb})
            row.update(_scores(geoms, pop, hh, income, labels, target, pairs))
        rows.append(row)
        print(_line(row), flush=True)

    profile = {"income": income, "households": hh}
    both = [BalanceVariable("population", pop), BalanceVariable("households", hh)]
    for homogeneity, balance in ((0.0, None), (0.5, None), (1.0, None), (0.5, both), (1.0, both)):
        options = GridOptions(
            target_population=target, tolerance=TOLERANCE, homogeneity=homogeneity
        )
        run = measure(build_grids, geoms, pop, profile=profile, options=options, balance=balance)
        add(
            "Service Grid, {}homogeneity {:g}{}".format(
                "population only, " if homogeneity == 0 else "",
                homogeneity,
                " + households" if balance else "",
            ),
            run,
        )
    for name, run, note in _spopt(geoms, pop, income, k, target, pairs):
        add(name, run, note)


#: Peers that did not finish in time: their name → the number of units.
_TIMED_OUT: dict = {}


def _spopt(geoms, pop, income, k, target, pairs):
    """``(name, measure or None, note)`` of spopt's AZP and MaxPHeuristic on log income."""
    try:
        import geopandas as gpd
        import libpysal
        from spopt.region import AZP, MaxPHeuristic
    except ImportError:
        return [("PySAL spopt", None, "not installed")]
    gdf = gpd.GeoDataFrame(
        {"pop": pop.astype(float), "log_income": np.log(income)}, geometry=list(geoms)
    )
    neighbours = {i: [] for i in range(len(geoms))}
    for a, b in pairs.tolist():
        neighbours[a].append(b)
        neighbours[b].append(a)
    w = libpysal.weights.W(neighbours, silence_warnings=True)

    def azp():
        model = AZP(gdf, w, ["log_income"], n_clusters=k, random_state=0)
        model.solve()
        return model.labels_

    def maxp():
        model = MaxPHeuristic(
            gdf, w, ["log_income"], "pop", target * 0.9, top_n=2, max_iterations_construction=10
        )
        model.solve()
        return model.labels_

    out = []
    for name, func in (
        ("spopt AZP (log income, k regions)", azp),
        ("spopt MaxPHeuristic (log income, floor 0.9 × target)", maxp),
    ):
        if name in _TIMED_OUT:  # it only gets slower with more units
            note = "not run: did not finish in {} s at {:,} units".format(
                PEER_TIMEOUT, _TIMED_OUT[name]
            )
            out.append((name, None, note))
            continue
        try:
            run = _with_timeout(func)
            if run is None:
                _TIMED_OUT[name] = len(geoms)
            out.append((name, run, ""))
        except Exception as error:  # noqa: BLE001 (a peer failing is a row of the table)
            out.append((name, None, "failed: {}".format(error)))
    return out


# ---------------------------------------------------------------------------- scale


def write_demand_units(path: str, geoms, pop, nests, hh, income) -> str:
    """Write units with pop, nest, hh and income to a GeoPackage with OGR (not timed)."""
    from osgeo import ogr, osr

    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    lyr = ds.CreateLayer("units", srs, ogr.wkbPolygon, options=["SPATIAL_INDEX=NO"])
    for name, kind in (
        ("pop", ogr.OFTInteger),
        ("nest", ogr.OFTString),
        ("hh", ogr.OFTInteger),
        ("income", ogr.OFTReal),
    ):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    defn = lyr.GetLayerDefn()
    wkbs = shapely.to_wkb(shapely.transform(geoms, lambda xy: xy + [300000, 3000000]))
    ds.StartTransaction()
    for i, wkb in enumerate(wkbs):
        feature = ogr.Feature(defn)
        feature.SetField(0, int(pop[i]))
        feature.SetField(1, str(nests[i]))
        feature.SetField(2, int(hh[i]))
        feature.SetField(3, float(income[i]))
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        lyr.CreateFeature(feature)
    ds.CommitTransaction()
    ds = None
    return path + "|layername=units"


def scale(rows, folder, cases=SCALE_CASES):
    import processing

    for kind, size in cases:
        geoms, pop = getattr(generate, kind)(size)
        nests = districts(geoms)
        income, hh = clustered_income(geoms, pop)
        n = len(geoms)
        stem = os.path.join(folder, "demand_{}{}".format(kind, size))
        layer = write_demand_units(stem + ".gpkg", geoms, pop, nests, hh, income)
        target = float(pop.sum()) / (n / UNITS_PER_GRID)
        del geoms, pop, nests, income, hh
        gc.collect()
        common = {
            "INPUT": layer,
            "POPULATION_FIELD": "pop",
            "INCOME_FIELD": "income",
            "NEST_FIELD": "nest",
            "TARGET_POPULATION": target,
            "TOLERANCE": TOLERANCE * 100,
        }
        label = "{} {:,} units".format(kind, n)
        baseline = None
        for tool, extra in (
            ("Service Grid, population only", {}),
            (
                "Service Grid, pop + hh (±10 % each), homogeneity 1",
                {"BALANCE": ["pop", 1, 10, "hh", 1, 10], "HOMOGENEITY": 1.0},
            ),
        ):
            params = dict(
                common,
                OUTPUT=stem + "_grids.gpkg",
                OUTPUT_UNITS=stem + "_units.gpkg",
                **extra,
            )
            run = measure(processing.run, "servicegrid:buildgrids", params)
            row = {"bench": SCALE_KEY, "input": label, "tool": tool, **_measured(run)}
            if baseline is None:
                baseline = run.seconds
                row["note"] = "the baseline (same process, same file)"
            else:
                row["ratio"] = run.seconds / baseline
                row["note"] = _target_note(n, run)
            rows.append(row)
            print(_line(row), flush=True)
            for suffix in ("_grids.gpkg", "_units.gpkg"):
                if os.path.exists(stem + suffix):
                    os.remove(stem + suffix)
            gc.collect()
        os.remove(stem + ".gpkg")


def _target_note(n, run) -> str:
    """Whether a run meets issue 14's targets (100k ≤ 15 s, 1M ≤ 150 s, peak ≤ 6 GB)."""
    limit = 15.0 if n <= 150_000 else 150.0 if n <= 1_500_000 else None
    if limit is None:
        return ""
    met = run.seconds <= limit and run.peak_mb <= 6000
    return "target ≤ {:g} s, ≤ 6 GB: {}".format(limit, "met" if met else "NOT met")


def _measured(run) -> dict:
    res = run.result
    out = {
        "seconds": run.seconds,
        "peak_mb": run.peak_mb,
        "grids": res["GRID_COUNT"],
        "cv": res["POPULATION_CV"],
        "within": res["WITHIN_TOLERANCE"],
        "non_contiguous": res["NON_CONTIGUOUS"],
        "nest_violations": res["NEST_VIOLATIONS"],
        "dispersion": res.get("INCOME_DISPERSION"),
        "one_tier": res.get("ONE_TIER_SHARE"),
    }
    found = re.search(r"^hh: CV ([0-9.]+)", res.get("BALANCE_REPORT") or "", re.M)
    if found:
        out["hh_cv"] = float(found.group(1))
    return out


def _line(row) -> str:
    from harness import cells

    columns = [
        (key, spec) for key, _header, spec in dict((s[0], s[2]) for s in SECTIONS)[row["bench"]]
    ]
    return "{:<34} {:<56} {} {}".format(
        row["input"],
        row["tool"],
        " ".join(
            "{}={}".format(key, value) for (key, _s), value in zip(columns, cells(row, columns))
        ),
        row.get("note", ""),
    )


def run(rows, folder):
    quick = "--quick" in sys.argv
    part = os.environ.get("SG_BENCH_DEMAND", "")
    if part in ("", "peers"):
        income_peers(rows, folder, sizes=SIZES_PEERS[:1] if quick else SIZES_PEERS)
    if part in ("", "scale"):
        scale(rows, folder, cases=(("voronoi", 10_000),) if quick else SCALE_CASES)
