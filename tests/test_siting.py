"""servicegrid:siteoutlets: the siting core against exact solves (no QGIS), and the Processing
algorithm on real GeoPackages (the sample city, a geographic layer, bad input)."""

import os
import sqlite3

import numpy as np
import pytest
from datasets import (
    SAMPLE_CITY,
    FeedbackRecorder,
    make_project,
    one_outlet,
    square,
    write_layer,
)
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from service_grid.algorithms.core import siting
from service_grid.algorithms.core.errors import InputError

# ---------------------------------------------------------------------------- instances


def instance(n, m, seed, e=0, size=20_000.0):
    """Clustered demand (a few centres), candidates near people, optional existing outlets."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0.2, 0.8, (4, 2)) * size
    xy = centres[rng.integers(0, 4, n)] + rng.normal(0, size * 0.12, (n, 2))
    w = rng.gamma(2.0, 1500.0, n).round()
    sites = centres[rng.integers(0, 4, m + e)] + rng.normal(0, size * 0.15, (m + e, 2))
    return xy, w, sites[:m], sites[m:]


def _pmedian_costs(xy, w, cand, existing):
    dist = siting.distances(xy, cand)
    costs = w[None, :] * dist
    base = w * siting.distances(xy, existing).min(axis=0) if len(existing) else None
    return dist, costs, base


# ---------------------------------------------------------------------------- core: p-median


@pytest.mark.parametrize("seed,existing", [(0, 0), (1, 0), (2, 5), (3, 5), (4, 0)])
def test_pmedian_heuristic_within_one_percent_of_the_optimum(seed, existing):
    xy, w, cand, ex = instance(250, 40, seed, existing)
    result = siting.site_outlets(xy, w, cand, 6, method="pmedian", existing_xy=ex, exact=False)
    _dist, costs, base = _pmedian_costs(xy, w, cand, ex)
    best = siting.exact_pmedian(costs, base, 6)
    assert best.optimal
    assert result.objective == pytest.approx(
        siting.Interchange(costs, base if base is not None else siting._big_base(costs)).cost(
            result.chosen
        )
    )
    assert result.objective <= best.objective * 1.01
    # the bound is a real lower bound, and the gap it gives is honest
    assert result.bound <= best.objective * (1 + 1e-9)
    assert result.gap == pytest.approx((result.objective - result.bound) / result.objective)
    assert result.gap < 0.02


def test_exact_option_finds_the_optimum_and_proves_it():
    xy, w, cand, ex = instance(200, 30, 7, 3)
    result = siting.site_outlets(xy, w, cand, 5, method="pmedian", existing_xy=ex, exact=True)
    _dist, costs, base = _pmedian_costs(xy, w, cand, ex)
    assert result.proven_optimal and result.gap == 0.0
    assert result.objective == pytest.approx(siting.exact_pmedian(costs, base, 5).objective)


def test_lagrangian_bound_is_below_the_optimum():
    xy, w, cand, _ex = instance(300, 50, 11)
    _dist, costs, _base = _pmedian_costs(xy, w, cand, np.zeros((0, 2)))
    best = siting.exact_pmedian(costs, None, 8)
    bound = siting.lagrangian_bound(costs, None, 8, best.objective * 1.01, weights=w)
    assert bound <= best.objective * (1 + 1e-9)
    assert bound >= best.objective * 0.97


def test_fast_interchange_bookkeeping_matches_a_fresh_computation():
    """The incremental gain/loss/extra after many swaps equal the values computed afresh,
    and every swap's predicted profit is the real change of cost."""
    xy, w, cand, ex = instance(400, 60, 5, 4)
    _dist, costs, base = _pmedian_costs(xy, w, cand, ex)
    search = siting.Interchange(costs, base)
    search._start(search.greedy(7))
    for _ in range(15):
        profit = search.gain[None, :] - search.loss[:, None] + search.extra_t
        profit[:, search.open] = -np.inf
        slot, j = divmod(int(np.argmax(profit)), search.m)
        before = float(search.c1.sum())
        predicted = profit[slot, j]
        search._swap(j, slot)
        assert before - float(search.c1.sum()) == pytest.approx(predicted, rel=1e-9, abs=1e-3)
    gain, loss, extra = search.gain.copy(), search.loss.copy(), search.extra_t.copy()
    search._rebuild()
    assert np.allclose(gain, search.gain, rtol=1e-9, atol=1e-3)
    assert np.allclose(loss, search.loss, rtol=1e-9, atol=1e-3)
    assert np.allclose(extra, search.extra_t, rtol=1e-9, atol=1e-3)


# ---------------------------------------------------------------------------- core: coverage


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_coverage_heuristic_against_the_exact_mclp(seed):
    xy, w, cand, ex = instance(400, 60, seed, 3)
    radius = 2500.0
    result = siting.site_outlets(
        xy, w, cand, 6, method="coverage", radius=radius, existing_xy=ex, exact=False
    )
    dist = siting.distances(xy, cand)
    base = (siting.distances(xy, ex) <= radius).any(axis=0)
    best = siting.exact_coverage(dist, w, 6, radius, base)
    assert best.optimal
    assert result.objective >= best.objective * 0.99
    assert result.objective <= best.objective + 1e-6
    assert result.bound >= best.objective - 1e-6  # the LP bound is an upper bound
    covered = base | (dist[result.chosen] <= radius).any(axis=0)
    assert result.covered_population == pytest.approx(w[covered].sum())
    assert result.coverage_share == pytest.approx(w[covered].sum() / w.sum())


def test_coverage_ties_are_broken_by_distance():
    """Two sites cover the same single point; the nearer one is chosen."""
    xy = np.array([[0.0, 0.0]])
    w = np.array([100.0])
    cand = np.array([[2000.0, 0.0], [500.0, 0.0]])
    result = siting.site_outlets(xy, w, cand, 1, method="coverage", radius=3000, exact=False)
    assert result.chosen == [1] and result.coverage_share == 1.0


# ---------------------------------------------------------------------------- core: capacity


def test_capacitated_pmedian_respects_capacity_and_is_near_the_optimum():
    xy, w, cand, _ex = instance(120, 30, 3)
    capacity = np.full(30, w.sum() / 5 * 1.15)
    result = siting.site_outlets(
        xy,
        w,
        cand,
        6,
        method="pmedian",
        capacity_aware=True,
        candidate_capacity=capacity,
        exact=False,
    )
    load = np.bincount(result.assignment, weights=w, minlength=6)
    assert np.all(load <= capacity[result.chosen] + 1e-6)
    assert result.overload == 0 and result.capacity_scale == 1.0
    best = siting.exact_capacitated(siting.distances(xy, cand), w, capacity, 6, time_limit=120)
    assert best is not None and best.optimal
    assert result.objective <= best.objective * 1.01
    assert result.bound <= best.objective * (1 + 1e-9)
    # without capacities the same sites would overload some outlets
    free = siting.site_outlets(xy, w, cand, 6, method="pmedian", exact=False)
    assert free.objective <= result.objective


def test_capacity_aware_assignment_keeps_grids_whole_and_within_capacity():
    rng = np.random.default_rng(2)
    xy = rng.uniform(0, 10_000, (300, 2))
    w = rng.integers(100, 3000, 300).astype(float)
    outlets = rng.uniform(0, 10_000, (6, 2))
    capacity = np.full(6, w.sum() / 6 * 1.1)
    result = siting.site_outlets(
        xy,
        w,
        outlets[:0],
        0,
        existing_xy=outlets,
        existing_capacity=capacity,
        candidate_capacity=[],
        capacity_aware=True,
    )
    load = np.bincount(result.assignment, weights=w, minlength=6)
    assert np.all(load <= capacity + 1e-6)
    nearest = siting.site_outlets(xy, w, outlets[:0], 0, existing_xy=outlets)
    assert np.any(np.bincount(nearest.assignment, weights=w, minlength=6) > capacity)
    assert result.mean_distance >= nearest.mean_distance


def test_short_capacity_loads_every_outlet_alike_and_says_so():
    xy, w, cand, ex = instance(200, 20, 4, 3)
    capacity_e = np.full(3, w.sum() / 10)
    capacity_c = np.full(20, w.sum() / 10)
    result = siting.site_outlets(
        xy,
        w,
        cand,
        3,
        method="coverage",
        radius=3000,
        existing_xy=ex,
        existing_capacity=capacity_e,
        candidate_capacity=capacity_c,
        capacity_aware=True,
    )
    assert result.capacity_scale > 1.6
    assert result.overload >= w.sum() * 0.4 - 1
    assert any("short by" in note for note in result.notes)
    load = np.bincount(result.assignment, weights=w, minlength=6)
    assert np.all(
        load <= np.r_[capacity_e, capacity_c[result.chosen]] * result.capacity_scale + 1e-6
    )


# ---------------------------------------------------------------------------- core: contract


@pytest.mark.parametrize("method", ["pmedian", "coverage"])
def test_existing_outlets_are_kept_and_results_are_deterministic(method):
    xy, w, cand, ex = instance(500, 50, 9, 6)
    first = siting.site_outlets(xy, w, cand, 5, method=method, existing_xy=ex, exact=False)
    second = siting.site_outlets(xy, w, cand, 5, method=method, existing_xy=ex, exact=False)
    assert first.chosen == second.chosen
    assert np.array_equal(first.assignment, second.assignment)
    assert first.objective == second.objective
    # rows: the 6 existing outlets first, then the 5 new ones
    assert list(first.outlet_source[:6]) == list(range(6)) and not first.outlet_is_new[:6].any()
    assert first.outlet_is_new[6:].all() and len(first.chosen) == 5
    # every point goes to its nearest open outlet (no capacities)
    open_xy = np.vstack([ex, cand[first.chosen]])
    dist = siting.distances(xy, open_xy)
    assert np.allclose(first.distance, dist.min(axis=0))
    assert first.outlet_points.sum() == len(xy)
    assert first.outlet_population.sum() == pytest.approx(w.sum())


def test_zero_population_points_are_assigned_but_change_nothing():
    xy, w, cand, _ex = instance(100, 15, 2)
    w[::3] = 0
    result = siting.site_outlets(xy, w, cand, 3, method="pmedian", exact=False)
    dist = siting.distances(xy, cand[result.chosen])
    assert np.allclose(result.distance, dist.min(axis=0))


def test_bad_core_input_is_refused():
    xy, w, cand, ex = instance(50, 5, 1, 2)
    with pytest.raises(InputError, match="only 5 candidate sites"):
        siting.site_outlets(xy, w, cand, 6)
    with pytest.raises(InputError, match="no sites"):
        siting.site_outlets(xy, w, cand[:0], 2)
    with pytest.raises(InputError, match="at least one new outlet"):
        siting.site_outlets(xy, w, cand, 0)
    bad = w.copy()
    bad[3] = -1
    with pytest.raises(InputError, match="Population"):
        siting.site_outlets(xy, bad, cand, 2)
    with pytest.raises(InputError, match="capacity"):
        siting.site_outlets(
            xy, w, cand, 2, existing_xy=ex, capacity_aware=True, candidate_capacity=np.ones(5)
        )
    # zero new outlets with existing ones: assignment only
    only = siting.site_outlets(xy, w, cand, 0, existing_xy=ex)
    assert only.chosen == [] and set(only.assignment) <= {0, 1}


# ---------------------------------------------------------------------------- Processing


def _run(params, feedback=None):
    """Run the algorithm (an instance, the provider is not needed); temporary outputs come
    back as layers."""
    import processing
    from qgis.core import QgsProcessingContext

    from service_grid.algorithms.site_outlets import SiteOutletsAlgorithm

    context = QgsProcessingContext()
    result = processing.run(
        SiteOutletsAlgorithm(),
        params,
        context=context,
        feedback=feedback or QgsProcessingFeedback(),
    )
    for key in ("OUTPUT_OUTLETS", "OUTPUT_GRIDS"):
        if params.get(key) == "TEMPORARY_OUTPUT" and key in result:
            result[key] = context.takeResultLayer(result[key])
    return result


def _features(path):
    layer = QgsVectorLayer(path, "x", "ogr")
    assert layer.isValid(), path
    features = list(layer.getFeatures())
    del layer
    return features


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory, plugin):
    """The sample city as a project with grids (createproject → buildgrids)."""
    project = str(tmp_path_factory.mktemp("siting") / "city.gpkg")
    params = dict(SAMPLE_CITY, UNIT_ID_FIELD="unit_id", NAME_FIELD="name")
    return make_project(project, params, {"TARGET_POPULATION": 30000, "TOLERANCE": 10})


def _copy(project, tmp_path, name="p.gpkg"):
    import shutil

    target = str(tmp_path / name)
    shutil.copy(project, target)
    return target


def test_sample_city_pmedian_stored_in_the_project(sample_project, tmp_path):
    from conftest import SAMPLE

    project = _copy(sample_project, tmp_path)
    con = sqlite3.connect(project)
    outlets_before = con.execute("SELECT count(*), sum(status = 'planned') FROM outlets").fetchone()
    grid_count, population = con.execute("SELECT count(*), sum(population) FROM grids").fetchone()
    con.close()
    feedback = FeedbackRecorder()
    result = _run(
        {
            "GRIDS": project + "|layername=grids",
            "OUTLETS": project + "|layername=outlets",
            "CANDIDATES": SAMPLE + "|layername=candidates",
            "NEW_OUTLETS": 6,
            "METHOD": 1,
            "SERVICE_RADIUS": 3000,
            "OUTPUT_OUTLETS": str(tmp_path / "outlets.gpkg"),
            "OUTPUT_GRIDS": str(tmp_path / "grids.gpkg"),
            "PROJECT": project,
        },
        feedback,
    )
    assert result["METHOD"] == "p-median"
    outlets = _features(result["OUTPUT_OUTLETS"])
    grids = _features(result["OUTPUT_GRIDS"])
    assert len(outlets) == outlets_before[0] + 6  # the sample has no closed outlet
    new = [o for o in outlets if o["is_new"] == 1]
    assert len(new) == 6 and all(o["status"] == "planned" for o in new)
    assert all(o["outlet_id"].startswith("C") for o in new)  # candidate ids C001…
    assert len(grids) == grid_count
    assert sum(o["grids_assigned"] for o in outlets) == grid_count
    # distances are the real distances from the grid's point to its outlet, and the mean
    # distance is population-weighted
    where = {o["outlet_id"]: o.geometry().asPoint() for o in outlets}
    for grid in grids[:50]:
        point = grid.geometry().centroid().asPoint()
        if grid.geometry().contains(grid.geometry().centroid()):
            target = where[grid["outlet_id"]]
            assert grid["distance_m"] == pytest.approx(point.distance(target), abs=0.2)
    mean = sum(g["population"] * g["distance_m"] for g in grids) / population
    assert result["MEAN_DISTANCE"] == pytest.approx(mean, rel=1e-3)
    assert result["OBJECTIVE"] == pytest.approx(mean * population, rel=1e-3)
    assert 0 <= result["GAP"] < 0.01
    covered = sum(o["population_covered"] for o in outlets)
    assert covered <= result["COVERED_POPULATION"] + len(outlets)
    assert 0 < result["COVERAGE_SHARE"] <= 1
    # the project: new planned outlets, every grid with an existing outlet id
    con = sqlite3.connect(project)
    after = con.execute("SELECT count(*), sum(status = 'planned') FROM outlets").fetchone()
    orphans = con.execute(
        "SELECT count(*) FROM grids WHERE outlet_id IS NULL OR outlet_id NOT "
        "IN (SELECT outlet_id FROM outlets)"
    ).fetchone()[0]
    stored = dict(con.execute("SELECT grid_id, outlet_id FROM grids").fetchall())
    tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    con.close()
    assert after == (outlets_before[0] + 6, outlets_before[1] + 6)
    assert orphans == 0
    assert stored == {g["grid_id"]: g["outlet_id"] for g in grids}
    assert not any(t.startswith("sg_tmp") for t in tables)
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".service-grid-")]
    # a second run keeps the planned outlets as existing ones and duplicates nothing
    again = _run(
        {
            "GRIDS": project + "|layername=grids",
            "OUTLETS": project + "|layername=outlets",
            "CANDIDATES": SAMPLE + "|layername=candidates",
            "NEW_OUTLETS": 0,
            "METHOD": 1,
            "OUTPUT_OUTLETS": "TEMPORARY_OUTPUT",
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
            "PROJECT": project,
        }
    )
    assert again["MEAN_DISTANCE"] == pytest.approx(result["MEAN_DISTANCE"], rel=1e-6)
    con = sqlite3.connect(project)
    assert con.execute("SELECT count(*), count(DISTINCT outlet_id) FROM outlets").fetchone() == (
        after[0],
        after[0],
    )
    con.close()


def test_sample_city_coverage_with_capacity(sample_project, tmp_path):
    from conftest import SAMPLE

    project = _copy(sample_project, tmp_path)
    feedback = FeedbackRecorder()
    params = {
        "GRIDS": project + "|layername=grids",
        "OUTLETS": SAMPLE + "|layername=outlets",
        "CANDIDATES": SAMPLE + "|layername=candidates",
        "NEW_OUTLETS": 8,
        "METHOD": 0,
        "SERVICE_RADIUS": 3000,
        "CAPACITY_AWARE": True,
        "OUTPUT_OUTLETS": str(tmp_path / "o.gpkg"),
        "OUTPUT_GRIDS": str(tmp_path / "g.gpkg"),
        "PROJECT": project,
    }
    result = _run(params, feedback)
    assert result["METHOD"] == "coverage"
    outlets = _features(result["OUTPUT_OUTLETS"])
    grids = _features(result["OUTPUT_GRIDS"])
    con = sqlite3.connect(project)
    per_staff = con.execute(
        "SELECT avg(capacity) FROM staff WHERE active = 1 AND capacity > 0"
    ).fetchone()[0]
    con.close()
    assert any("mean capacity of the project's active staff" in m for m in feedback.infos)
    load = {}
    for grid in grids:
        load[grid["outlet_id"]] = load.get(grid["outlet_id"], 0) + grid["population"]
    shortfall = [m for m in feedback.warnings if "short by" in m]
    for outlet in outlets:
        limit = outlet["capacity"] * per_staff
        if not shortfall:
            assert load.get(outlet["outlet_id"], 0) <= limit + 1e-6
    # the coverage objective is the covered population
    assert result["OBJECTIVE"] == result["COVERED_POPULATION"]
    # deterministic on real files (the project again: the same population per staff; the
    # planned outlets it now holds are updated, not duplicated)
    again = _run(dict(params, OUTPUT_OUTLETS="TEMPORARY_OUTPUT", OUTPUT_GRIDS="TEMPORARY_OUTPUT"))
    assert again["OBJECTIVE"] == result["OBJECTIVE"]
    assert again["MEAN_DISTANCE"] == pytest.approx(result["MEAN_DISTANCE"])


def _small_layers(tmp_path, epsg=32650, lon_lat=False):
    """A 6 × 6 lattice of 1 km grids, 2 outlets, 6 candidate sites."""
    grid_rows, outlet_rows, cand_rows = [], [], []
    for i in range(6):
        for j in range(6):
            if lon_lat:
                x, y, size = 117.0 + j * 0.01, 36.0 + i * 0.01, 0.01
                wkt = "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(
                    a=x, b=y, c=x + size, d=y + size
                )
            else:
                wkt = square(400000 + j * 1000, 3500000 + i * 1000)
            grid_rows.append(
                {
                    "grid_id": "G{:02d}".format(i * 6 + j),
                    "population": 1000 + 100 * ((i * 7 + j * 3) % 11),
                    "wkt": wkt,
                }
            )

    def point(fx, fy):
        if lon_lat:
            return "POINT({} {})".format(117.0 + fx * 0.01, 36.0 + fy * 0.01)
        return "POINT({} {})".format(400000 + fx * 1000, 3500000 + fy * 1000)

    for k, (fx, fy) in enumerate(((0.5, 0.5), (5.5, 5.5))):
        outlet_rows.append(
            {
                "outlet_id": "O{}".format(k + 1),
                "name": "网点{}".format(k + 1),
                "kind": "branch",
                "capacity": 3,
                "status": "open",
                "wkt": point(fx, fy),
            }
        )
    for k, (fx, fy) in enumerate(((3, 3), (1, 5), (5, 1), (2.5, 0.5), (0.5, 3), (4, 4.5))):
        cand_rows.append(
            {
                "candidate_id": "C{}".format(k + 1),
                "name": "候选{}".format(k + 1),
                "wkt": point(fx, fy),
            }
        )
    folder = str(tmp_path)
    grids = write_layer(
        os.path.join(folder, "grids.gpkg"),
        "grids",
        ogr.wkbPolygon,
        {"grid_id": ogr.OFTString, "population": ogr.OFTInteger},
        grid_rows,
        epsg,
    )
    outlets = write_layer(
        os.path.join(folder, "outlets.gpkg"),
        "outlets",
        ogr.wkbPoint,
        {
            "outlet_id": ogr.OFTString,
            "name": ogr.OFTString,
            "kind": ogr.OFTString,
            "capacity": ogr.OFTInteger,
            "status": ogr.OFTString,
        },
        outlet_rows,
        epsg,
    )
    candidates = write_layer(
        os.path.join(folder, "candidates.gpkg"),
        "candidates",
        ogr.wkbPoint,
        {"candidate_id": ogr.OFTString, "name": ogr.OFTString},
        cand_rows,
        epsg,
    )
    return grids, outlets, candidates


def test_small_layers_nearest_assignment_and_existing_kept(plugin, tmp_path):
    grids, outlets, candidates = _small_layers(tmp_path)
    result = _run(
        {
            "GRIDS": grids,
            "OUTLETS": outlets,
            "CANDIDATES": candidates,
            "NEW_OUTLETS": 2,
            "METHOD": 1,
            "SERVICE_RADIUS": 1500,
            "OUTPUT_OUTLETS": "TEMPORARY_OUTPUT",
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
        }
    )
    out = list(result["OUTPUT_OUTLETS"].getFeatures())
    assert [o["outlet_id"] for o in out][:2] == ["O1", "O2"]
    assert [o["is_new"] for o in out] == [0, 0, 1, 1]
    assert {o["outlet_id"] for o in out[2:]} <= {"C1", "C2", "C3", "C4", "C5", "C6"}
    assert out[2]["kind"] == "service_point" and out[2]["status"] == "planned"
    where = {o["outlet_id"]: o.geometry() for o in out}
    for grid in result["OUTPUT_GRIDS"].getFeatures():
        centre = grid.geometry().centroid()
        best = min(where.values(), key=lambda g: g.distance(centre))
        assert grid["distance_m"] == pytest.approx(best.distance(centre), abs=0.1)
        assert where[grid["outlet_id"]].distance(centre) == pytest.approx(
            best.distance(centre), abs=0.1
        )
    assert result["OUTPUT_GRIDS"].crs().authid() == "EPSG:32650"


def test_geographic_layers_are_reprojected(plugin, tmp_path):
    grids, outlets, candidates = _small_layers(tmp_path, epsg=4326, lon_lat=True)
    feedback = FeedbackRecorder()
    result = _run(
        {
            "GRIDS": grids,
            "OUTLETS": outlets,
            "CANDIDATES": candidates,
            "NEW_OUTLETS": 1,
            "METHOD": 0,
            "SERVICE_RADIUS": 1000,
            "OUTPUT_OUTLETS": "TEMPORARY_OUTPUT",
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
        },
        feedback,
    )
    assert result["OUTPUT_GRIDS"].crs().authid() == "EPSG:32650"
    assert result["OUTPUT_OUTLETS"].crs().authid() == "EPSG:32650"
    assert any("EPSG:32650" in w for w in feedback.warnings)
    distances = [g["distance_m"] for g in result["OUTPUT_GRIDS"].getFeatures()]
    assert 0 < max(distances) < 10_000  # metres, not degrees


def test_bad_input(plugin, tmp_path):
    grids, outlets, candidates = _small_layers(tmp_path)
    base = {
        "GRIDS": grids,
        "OUTLETS": outlets,
        "CANDIDATES": candidates,
        "NEW_OUTLETS": 2,
        "METHOD": 0,
        "OUTPUT_OUTLETS": "TEMPORARY_OUTPUT",
        "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
    }
    with pytest.raises(QgsProcessingException, match="only 6 sites"):
        _run(dict(base, NEW_OUTLETS=7))
    with pytest.raises(QgsProcessingException, match="must be points"):
        _run(dict(base, CANDIDATES=grids))
    with pytest.raises(QgsProcessingException, match="must be points"):
        _run(dict(base, OUTLETS=grids))
    with pytest.raises(QgsProcessingException, match="polygons"):
        _run(dict(base, GRIDS=candidates))
    nopop = write_layer(
        str(tmp_path / "nopop.gpkg"),
        "grids",
        ogr.wkbPolygon,
        {"grid_id": ogr.OFTString, "people": ogr.OFTInteger},
        [{"grid_id": "A", "people": 5, "wkt": square(400000, 3500000)}],
    )
    with pytest.raises(QgsProcessingException, match="no population field"):
        _run(dict(base, GRIDS=nopop))
    empty = write_layer(
        str(tmp_path / "empty.gpkg"),
        "candidates",
        ogr.wkbPoint,
        {"candidate_id": ogr.OFTString},
        [],
    )
    with pytest.raises(QgsProcessingException, match="no sites"):
        _run(dict(base, CANDIDATES=empty))
    negative = write_layer(
        str(tmp_path / "neg.gpkg"),
        "grids",
        ogr.wkbPolygon,
        {"grid_id": ogr.OFTString, "population": ogr.OFTInteger},
        [
            {"grid_id": "A", "population": 5, "wkt": square(400000, 3500000)},
            {"grid_id": "B", "population": -5, "wkt": square(401000, 3500000)},
        ],
    )
    with pytest.raises(QgsProcessingException, match="B"):
        _run(dict(base, GRIDS=negative))
    nocap = one_outlet(str(tmp_path / "nocap.gpkg"), "outlets")
    with pytest.raises(QgsProcessingException, match="capacity"):
        _run(dict(base, OUTLETS=nocap, CAPACITY_AWARE=True))
    # a PROJECT that is not a project: refused, and the file is not touched
    before = open(grids.split("|")[0], "rb").read()
    with pytest.raises(QgsProcessingException, match="not a Service Grid project"):
        _run(dict(base, PROJECT=grids.split("|")[0]))
    assert open(grids.split("|")[0], "rb").read() == before


def test_outlets_not_in_the_project_are_refused_and_nothing_is_written(sample_project, tmp_path):
    """Existing outlets from another layer cannot be referenced by the project's grids."""
    grids, outlets, candidates = _small_layers(tmp_path)
    project = _copy(sample_project, tmp_path)
    before = open(project, "rb").read()
    with pytest.raises(QgsProcessingException, match="not in the project's outlets"):
        _run(
            {
                "GRIDS": project + "|layername=grids",
                "OUTLETS": outlets,
                "CANDIDATES": candidates,
                "NEW_OUTLETS": 1,
                "METHOD": 0,
                "OUTPUT_OUTLETS": "TEMPORARY_OUTPUT",
                "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
                "PROJECT": project,
            }
        )
    assert open(project, "rb").read() == before


def test_cancel_writes_nothing_to_the_project(sample_project, tmp_path):
    from conftest import SAMPLE

    project = _copy(sample_project, tmp_path)
    before = open(project, "rb").read()
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    result = _run(
        {
            "GRIDS": project + "|layername=grids",
            "OUTLETS": project + "|layername=outlets",
            "CANDIDATES": SAMPLE + "|layername=candidates",
            "NEW_OUTLETS": 3,
            "METHOD": 1,
            "OUTPUT_OUTLETS": "TEMPORARY_OUTPUT",
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
            "PROJECT": project,
        },
        feedback,
    )
    assert result == {} or result.get("METHOD") is None
    assert open(project, "rb").read() == before
