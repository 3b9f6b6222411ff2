"""Benchmarks of grid division: scale, peers, and a real public dataset.

Targets: docs/design/targets.md (grid division).

``scale(rows, folder)``: generated unit sets of 10k, 100k and 1M units (jittered lattice and
Voronoi, several city centres, square "districts" of ~25 grids as nests), end to end through
Processing: read → grids → written GeoPackage.
``peers(rows, folder)``: the same generated inputs at 2,500 and 10,000 units, grids of ~50
units, ours against GerryChain's recursive_tree_part, PySAL spopt (MaxPHeuristic, Skater,
RegionKMeansHeuristic) and QGIS's native:kmeansclustering.
``real(rows, folder)``: US Census 1990 population of Georgia's 159 counties, as shipped inside
the libpysal package.
"""

import math
import os
import signal

import generate
import numpy as np
import shapely
from harness import cells, measure

SIZES_SCALE = (10_000, 100_000, 1_000_000)
SIZES_PEERS = (2_500, 10_000)
UNITS_PER_GRID = 50
PEER_TIMEOUT = 180


def districts(geoms, blocks: int = None) -> np.ndarray:
    """Nest codes: the blocks×blocks square cells of the bounding box holding each centroid
    (by default about 25 grids per nest, like streets of a city)."""
    if blocks is None:
        blocks = max(1, int(round(math.sqrt(len(geoms) / (UNITS_PER_GRID * 25)))))
    c = shapely.centroid(geoms)
    x, y = shapely.get_x(c), shapely.get_y(c)
    bx = np.minimum(((x - x.min()) / (np.ptp(x) + 1e-9) * blocks).astype(int), blocks - 1)
    by = np.minimum(((y - y.min()) / (np.ptp(y) + 1e-9) * blocks).astype(int), blocks - 1)
    return np.array(["D{}{}".format(a, b) for a, b in zip(by, bx)], dtype=object)


def write_units(path: str, geoms, pop, nests=None) -> str:
    """Write units to a GeoPackage with OGR (not timed)."""
    from osgeo import ogr, osr

    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    lyr = ds.CreateLayer("units", srs, ogr.wkbPolygon, options=["SPATIAL_INDEX=NO"])
    lyr.CreateField(ogr.FieldDefn("pop", ogr.OFTInteger))
    lyr.CreateField(ogr.FieldDefn("nest", ogr.OFTString))
    defn = lyr.GetLayerDefn()
    wkbs = shapely.to_wkb(shapely.transform(geoms, lambda xy: xy + [300000, 3000000]))
    ds.StartTransaction()
    for i, wkb in enumerate(wkbs):
        feature = ogr.Feature(defn)
        feature.SetField(0, int(pop[i]))
        if nests is not None:
            feature.SetField(1, str(nests[i]))
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        lyr.CreateFeature(feature)
    ds.CommitTransaction()
    ds = None
    return path + "|layername=units"


def quality(geoms, pop, labels, target, tolerance=0.05, pairs=None):
    """CV, min/max ratio, within tolerance, non-contiguous parts, mean Polsby–Popper."""
    from service_grid.algorithms.core.adjacency import shared_boundaries
    from service_grid.algorithms.core.partition import count_non_contiguous

    labels = np.asarray(labels)
    _uniq, labels = np.unique(labels, return_inverse=True)
    k = labels.max() + 1
    sums = np.bincount(labels, weights=pop, minlength=k)
    mean = sums.mean()
    if pairs is None:
        pairs, _len = shared_boundaries(geoms)
    non_contig = count_non_contiguous(len(geoms), pairs, labels)
    pp = []
    for g in range(k):
        shape = shapely.union_all(geoms[labels == g])
        per = shape.length
        pp.append(4 * math.pi * shape.area / per**2 if per else 0)
    return {
        "grids": int(k),
        "cv": float(sums.std() / mean),
        "min": float(sums.min() / mean),
        "max": float(sums.max() / mean),
        "within": float(np.mean(np.abs(sums / target - 1) <= tolerance + 1e-9)),
        "non_contiguous": int(non_contig),
        "pp": float(np.mean(pp)),
    }


# ---------------------------------------------------------------------------- scale


def scale(rows, folder, sizes=SIZES_SCALE, kinds=("lattice", "voronoi")):
    import processing

    for kind in kinds:
        for size in sizes:
            geoms, pop = getattr(generate, kind)(size)
            nests = districts(geoms)
            layer = write_units(
                os.path.join(folder, "{}{}.gpkg".format(kind, size)), geoms, pop, nests
            )
            target = float(pop.sum()) / (len(geoms) / UNITS_PER_GRID)
            params = {
                "INPUT": layer,
                "POPULATION_FIELD": "pop",
                "NEST_FIELD": "nest",
                "TARGET_POPULATION": target,
                "TOLERANCE": 5,
                "OUTPUT": os.path.join(folder, "grids_{}{}.gpkg".format(kind, size)),
                "OUTPUT_UNITS": os.path.join(folder, "units_{}{}.gpkg".format(kind, size)),
            }
            run = measure(processing.run, "servicegrid:buildgrids", params)
            row = {
                "bench": "buildgrids scale",
                "input": "{} {:,} units".format(kind, len(geoms)),
                "tool": "Service Grid (end to end)",
                **_measured(run),
                "target_x_median": target / float(np.median(pop)),
            }
            rows.append(row)
            print(_line(row))
            for suffix in ("", "grids_", "units_"):
                path = os.path.join(folder, "{}{}{}.gpkg".format(suffix, kind, size))
                if os.path.exists(path):
                    os.remove(path)


# ---------------------------------------------------------------------------- peers


class _TimeoutError(Exception):
    pass


def _alarm(_signum, _frame):
    raise _TimeoutError()


def _with_timeout(func, seconds=PEER_TIMEOUT):
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        return measure(func)
    except _TimeoutError:
        return None
    finally:
        signal.alarm(0)


def peers(rows, folder, sizes=SIZES_PEERS, tolerance=0.05):
    for size in sizes:
        _peers_at(rows, folder, size, tolerance)


def _peers_at(rows, folder, size, tolerance):
    from service_grid.algorithms.core.adjacency import shared_boundaries
    from service_grid.algorithms.core.gridding import GridOptions, build_grids

    geoms, pop = generate.voronoi(size)
    k = max(2, int(round(len(geoms) / UNITS_PER_GRID)))
    target = float(pop.sum()) / k
    pairs, _lengths = shared_boundaries(geoms)
    label = "Voronoi {:,} units, {} grids".format(len(geoms), k)

    def add(tool, run, labels_of=None, note=""):
        row = {"bench": "buildgrids peers", "input": label, "tool": tool}
        if run is None:
            row.update(
                {"seconds": None, "note": note or "did not finish in {} s".format(PEER_TIMEOUT)}
            )
        else:
            labels = labels_of(run.result) if labels_of else run.result
            row.update({"seconds": run.seconds, "peak_mb": run.peak_mb, "note": note})
            row.update(quality(geoms, pop, labels, target, tolerance, pairs))
        rows.append(row)
        print(_line(row))

    ours = measure(
        build_grids, geoms, pop, options=GridOptions(target_population=target, tolerance=tolerance)
    )
    add("Service Grid ±5 %", ours, lambda r: r.unit_grid)
    ours1 = measure(
        build_grids, geoms, pop, options=GridOptions(target_population=target, tolerance=0.01)
    )
    row = {
        "bench": "buildgrids peers",
        "input": label,
        "tool": "Service Grid ±1 %",
        "seconds": ours1.seconds,
        "peak_mb": ours1.peak_mb,
        "note": "",
    }
    row.update(quality(geoms, pop, ours1.result.unit_grid, target, 0.01, pairs))
    rows.append(row)
    print(_line(row))

    graph = _networkx(pairs, pop)
    try:
        from gerrychain.tree import recursive_tree_part
    except ImportError:
        add("GerryChain recursive_tree_part", None, note="not installed")
    else:
        import random

        random.seed(0)
        run = _with_timeout(
            lambda: recursive_tree_part(graph, range(k), target, "pop", tolerance, node_repeats=1)
        )
        add("GerryChain recursive_tree_part ±5 %", run, lambda r: [r[i] for i in range(len(geoms))])

    add("QGIS native:kmeansclustering", _kmeans(geoms, pop, k, folder))
    if size <= 2_500:
        for name, run in _spopt(geoms, pop, k, target, pairs):
            add(name, run)


def _networkx(pairs, pop):
    import networkx as nx

    graph = nx.Graph()
    for i, p in enumerate(pop):
        graph.add_node(i, pop=int(p))
    graph.add_edges_from(pairs.tolist())
    try:
        from gerrychain import Graph
    except ImportError:
        return graph
    return Graph.from_networkx(graph)


def _kmeans(geoms, pop, k, folder):
    import processing

    path = write_units(os.path.join(folder, "km{}.gpkg".format(len(geoms))), geoms, pop)

    def run():
        out = processing.run(
            "native:kmeansclustering",
            {
                "INPUT": path,
                "CLUSTERS": k,
                "FIELD_NAME": "CLUSTER_ID",
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
        )["OUTPUT"]
        return [f["CLUSTER_ID"] for f in out.getFeatures()]

    return measure(run)


def _spopt(geoms, pop, k, target, pairs):
    try:
        import geopandas as gpd
        import libpysal
        from spopt.region import MaxPHeuristic, RegionKMeansHeuristic, Skater
    except ImportError:
        return [("PySAL spopt", None)]
    gdf = gpd.GeoDataFrame(
        {
            "pop": pop.astype(float),
            "x": shapely.get_x(shapely.centroid(geoms)),
            "y": shapely.get_y(shapely.centroid(geoms)),
        },
        geometry=list(geoms),
    )
    neighbours = {i: [] for i in range(len(geoms))}
    for a, b in pairs.tolist():
        neighbours[a].append(b)
        neighbours[b].append(a)
    w = libpysal.weights.W(neighbours, silence_warnings=True)
    out = []

    def maxp():
        model = MaxPHeuristic(
            gdf, w, ["x", "y"], "pop", target * 0.95, top_n=2, max_iterations_construction=10
        )
        model.solve()
        return model.labels_

    def skater():
        model = Skater(gdf, w, ["pop"], n_clusters=k, floor=0)
        model.solve()
        return model.labels_

    def rkm():
        model = RegionKMeansHeuristic(gdf[["x", "y"]].values, k, w)
        model.solve()
        return model.labels_

    for name, func in (
        ("spopt MaxPHeuristic", maxp),
        ("spopt Skater", skater),
        ("spopt RegionKMeansHeuristic", rkm),
    ):
        out.append((name, _with_timeout(func)))
    return out


# ---------------------------------------------------------------------------- real data


def real(rows, folder):
    """Georgia's 159 counties (US Census 1990, TotPop90) as shipped inside libpysal."""
    import processing

    try:
        import libpysal
    except ImportError:
        print("libpysal not installed: real-data case skipped")
        return
    shp = os.path.join(os.path.dirname(libpysal.__file__), "examples", "georgia", "G_utm.shp")
    from osgeo import gdal, ogr

    # The shapefile ships without a .prj (our tool rightly refuses a layer without a CRS). Its
    # coordinates (x 627–1,082 km, y 3,368–3,880 km) are UTM zone 16N: assign NAD83 / UTM 16N.
    path = os.path.join(folder, "georgia.gpkg")
    gdal.VectorTranslate(
        path,
        shp,
        options=gdal.VectorTranslateOptions(
            format="GPKG", dstSRS="EPSG:26916", reproject=False, layerName="counties"
        ),
    )
    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    geoms = []
    pop = []
    for feature in layer:
        geoms.append(shapely.from_wkb(bytes(feature.GetGeometryRef().ExportToWkb())))
        pop.append(feature.GetField("TotPop90"))
    ds = None
    geoms = np.array(geoms, dtype=object)
    pop = np.array(pop, dtype=float)
    for k in (8, 16):
        target = float(pop.sum() / k)
        run = measure(
            processing.run,
            "servicegrid:buildgrids",
            {
                "INPUT": path,
                "POPULATION_FIELD": "TotPop90",
                "TARGET_POPULATION": target,
                "TOLERANCE": 10,
                "OUTPUT": os.path.join(folder, "georgia_grids{}.gpkg".format(k)),
                "OUTPUT_UNITS": os.path.join(folder, "georgia_units{}.gpkg".format(k)),
            },
        )
        row = {
            "bench": "buildgrids real data",
            "input": "Georgia counties 1990 (libpysal), {} units, target {:,.0f}".format(
                len(geoms), target
            ),
            "tool": "Service Grid ±10 %",
            **_measured(run),
            "note": "largest county (Fulton) {:.1f}× the target{}".format(
                pop.max() / target,
                "; counties above the maximum are grids of their own"
                if pop.max() > target * 1.1
                else "",
            ),
        }
        rows.append(row)
        print(_line(row))


#: The measured columns of a buildgrids row, ``(key, format spec)``, in the table's order.
COLUMNS = (
    ("seconds", ".2f"),
    ("peak_mb", ".0f"),
    ("grids", "d"),
    ("cv", ".3f"),
    ("min", ".2f"),
    ("max", ".2f"),
    ("within", ".0%"),
    ("non_contiguous", "d"),
    ("nest_violations", "d"),
    ("pp", ".2f"),
)


def _measured(run) -> dict:
    """The measured columns of a buildgrids run through Processing (time, memory, quality)."""
    res = run.result
    return {
        "seconds": run.seconds,
        "peak_mb": run.peak_mb,
        "grids": res["GRID_COUNT"],
        "cv": res["POPULATION_CV"],
        "min": res["MIN_RATIO"],
        "max": res["MAX_RATIO"],
        "within": res["WITHIN_TOLERANCE"],
        "non_contiguous": res["NON_CONTIGUOUS"],
        "nest_violations": res["NEST_VIOLATIONS"],
        "pp": res["MEAN_POLSBY_POPPER"],
    }


def _line(row):
    shown = [column for column in COLUMNS if column[0] != "nest_violations"]
    return (
        "{:<22} {:<34} {:<36} {:>8}s {:>7}MB grids {:>6} cv {:>6} min {:>5} max {:>5} "
        "within {:>5} nc {:>4} pp {:>5} {}".format(
            row["bench"], row["input"], row["tool"], *cells(row, shown), row.get("note", "")
        )
    )
