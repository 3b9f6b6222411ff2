"""servicegrid:allocatestaff: the allocation core (workload, Webster apportionment, named
assignment) and the algorithm on real files (the sample city's project GeoPackage, small
hand-checked layers, bad input)."""

import os
import shutil
import sqlite3

import numpy as np
import pytest
from datasets import SHORT_STAFF_CSV, FeedbackRecorder, sample_city_project, square, write_layer
from osgeo import ogr
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback

from service_grid.algorithms.allocate_staff import AllocateStaffAlgorithm, assignment_uuid
from service_grid.algorithms.core import allocation as core
from service_grid.algorithms.core.errors import InputError

# ---------------------------------------------------------------- core: workload


def test_workload_is_population_without_demand_index():
    assert core.workload([1000, 0, 2500]).tolist() == [1000.0, 0.0, 2500.0]


def test_workload_with_demand_index_hand_checked_and_total_kept():
    # D̄ = (1000·20 + 3000·60) / 4000 = 50; factors 1 + ½(0.4 − 1) = 0.7, 1 + ½(1.2 − 1) = 1.1
    w = core.workload([1000, 3000], [20, 60], demand_weight=0.5)
    assert w.tolist() == pytest.approx([700.0, 3300.0])
    assert w.sum() == pytest.approx(4000.0)
    rng = np.random.default_rng(1)
    pop = rng.integers(0, 50000, 200)
    index = rng.uniform(0, 100, 200)
    for beta in (0.0, 0.3, 1.0):
        w = core.workload(pop, index, demand_weight=beta)
        assert w.sum() == pytest.approx(pop.sum())
        assert (w >= 0).all()


def test_workload_missing_demand_and_quality_adjustment():
    # a grid without a demand index counts its population; quality adds staff × capacity
    w = core.workload(
        [1000, 3000, 500], [20, 60, None], [0, 1.5, None], demand_weight=0.5, staff_capacity=10000
    )
    assert w.tolist() == pytest.approx([700.0, 3300.0 + 15000.0, 500.0])
    assert core.workload([1000], None, [-1], staff_capacity=10000).tolist() == [0.0]


# ---------------------------------------------------------------- core: apportionment


def _webster_reference(weights, total, minimum):
    """The definition, seat by seat: the next seat to the highest w / (n + ½), ties to the
    lower index."""
    n = [minimum] * len(weights)
    for _ in range(total - minimum * len(weights)):
        best = max(range(len(weights)), key=lambda i: (weights[i] / (n[i] + 0.5), -i))
        n[best] += 1
    return n


def test_webster_hand_checked():
    # the Sainte-Laguë textbook case: 100k, 80k, 30k, 20k votes, 8 seats → 3, 3, 1, 1
    # (quotients 100, 80, 33.3, 30, 26.7, 20, 20, 16: the tie at 20 takes both A and D)
    votes = [100000, 80000, 30000, 20000]
    assert core.webster(votes, 8).tolist() == [3, 3, 1, 1]
    # D'Hondt would give 4, 3, 1, 0: Webster does not favour the largest
    # with a minimum of 1: 4 seats are the minimum, then 66.7k (A), 53.3k (B) → 2, 2, 1, 1
    assert core.webster(votes, 6, minimum=1).tolist() == [2, 2, 1, 1]
    assert core.webster(votes, 4, minimum=1).tolist() == [1, 1, 1, 1]
    assert core.webster([5, 3, 2], 10).tolist() == [5, 3, 2]


def test_webster_totals_exact_and_no_alabama_paradox():
    rng = np.random.default_rng(7)
    for trial in range(12):
        count = int(rng.integers(1, 40))
        weights = rng.pareto(1.5, count) * 1000 + rng.integers(0, 2, count)
        if trial % 3 == 0:
            weights[: count // 2] = 5000.0  # many exact ties
        minimum = int(rng.integers(0, 3))
        previous = None
        for total in range(minimum * count, minimum * count + 60):
            seats = core.webster(weights, total, minimum)
            assert seats.sum() == total
            assert (seats >= minimum).all()
            assert seats.tolist() == _webster_reference(weights.tolist(), total, minimum)
            if previous is not None:  # house monotone: one more seat never takes any away
                assert (seats >= previous).all()
            previous = seats


def test_webster_large_totals_quickly():
    rng = np.random.default_rng(3)
    weights = rng.integers(100, 60000, 10000).astype(float)
    seats = core.webster(weights, 123457, minimum=2)
    assert seats.sum() == 123457 and seats.min() >= 2
    # Webster is within one seat of the (minimum-respecting) quota's rounding
    divisor = weights.sum() / 123457
    assert np.abs(seats - np.maximum(2, weights / divisor)).max() < 2


def test_webster_zero_weights_and_too_small_total():
    assert core.webster([0, 0, 0], 5).tolist() == [2, 2, 1]
    assert core.webster([0, 10, 0], 3, minimum=1).tolist() == [1, 1, 1]
    assert core.webster([0, 10, 0], 5, minimum=1).tolist() == [1, 3, 1]
    with pytest.raises(InputError) as info:
        core.webster([1, 2, 3], 5, minimum=2)
    message = str(info.value)
    assert "5" in message and "6" in message and "MIN_STAFF_PER_GRID" in message


def test_recommend_without_total_rounds_up_with_minimum():
    options = core.AllocationOptions(staff_capacity=10000, min_staff=1)
    w = [0, 5000, 10000, 10001, 25000]
    assert core.recommend(w, options).tolist() == [1, 1, 1, 2, 3]
    options.min_staff = 0
    assert core.recommend(w, options).tolist() == [0, 1, 1, 2, 3]
    options.total_staff = 12
    options.min_staff = 1
    seats = core.recommend(w, options)
    assert seats.sum() == 12 and seats.min() >= 1


# ---------------------------------------------------------------- core: assignment


def _instance(seed, grids=12, people=10, outlets=3, capacity=(8000, 40000), side=20000):
    rng = np.random.default_rng(seed)
    gxy = rng.uniform(0, side, (grids, 2))
    pop = rng.integers(1000, 25000, grids).astype(float)
    oxy = rng.uniform(0, side, (outlets, 2))
    sxy = oxy[rng.integers(0, outlets, people)]
    cap = rng.integers(*capacity, people).astype(float)
    return gxy, pop, sxy, cap


def _check_assignment(result, recommended, capacity, people):
    pairs = list(zip(result.grid_index.tolist(), result.staff_index.tolist()))
    assert len(pairs) == len(set(pairs))  # nobody twice in one grid
    counts = np.bincount(result.grid_index, minlength=len(recommended))
    assert (counts == result.assigned).all()
    assert (counts <= np.minimum(recommended, people)).all()
    assert result.assigned.sum() + sum(result.understaffed.values()) == np.minimum(
        recommended, people
    ).sum() + sum(max(0, r - people) for r in recommended)


def test_capacity_respected_and_every_grid_covered():
    gxy, pop, sxy, cap = _instance(1, capacity=(30000, 60000))
    options = core.AllocationOptions()
    load = core.workload(pop)
    rec = core.recommend(load, options)
    result = core.assign(gxy, load, rec, cap, sxy, options)
    _check_assignment(result, rec, cap, len(cap))
    assert result.uncovered == [] and result.overloaded == {} and result.understaffed == {}
    assert (result.load <= cap + 1e-6).all()
    assert result.max_utilisation <= 1.0 + 1e-9
    assert result.shortfall_capacity == 0
    # every grid gets its recommended number, and each share is workload / r
    assert (result.assigned == rec).all()
    share = load / rec
    expected = np.bincount(result.staff_index, weights=share[result.grid_index], minlength=len(cap))
    assert result.load == pytest.approx(expected)
    assert result.exact and result.method.startswith("exact")


def test_nearest_outlet_wins_when_capacity_allows():
    # two grids, one outlet next to each, one person per outlet with room for both
    gxy = np.array([[0.0, 0.0], [10000.0, 0.0]])
    sxy = np.array([[10000.0, 100.0], [0.0, 100.0]])
    result = core.assign(gxy, [5000, 5000], [1, 1], [20000, 20000], sxy)
    assert dict(zip(result.grid_index.tolist(), result.staff_index.tolist())) == {0: 1, 1: 0}
    assert result.mean_travel_km == pytest.approx(0.1)
    assert result.travel == pytest.approx(2 * 5000 * 0.1)


def test_balance_spreads_load_between_equal_people():
    # four grids of 5,000 at the same place; two people of 20,000 at the same outlet
    gxy = np.zeros((4, 2))
    sxy = np.zeros((2, 2))
    result = core.assign(gxy, [5000] * 4, [1] * 4, [20000, 20000], sxy)
    assert sorted(result.load.tolist()) == [10000.0, 10000.0]


def test_roster_too_small_is_reported_with_shortfall():
    # five grids of 10,000 (one person each); two people of 10,000: three grids cannot be
    # covered within capacity, so two people cover them above capacity and it is reported
    gxy = np.array([[i * 1000.0, 0.0] for i in range(5)])
    sxy = np.zeros((2, 2))
    load = np.full(5, 10000.0)
    result = core.assign(gxy, load, [1] * 5, [10000.0, 10000.0], sxy)
    assert result.uncovered == []
    assert (result.assigned == 1).all()
    assert sum(result.overloaded.values()) == pytest.approx(30000.0)
    assert result.shortfall_capacity == pytest.approx(30000.0)
    message = core.shortfall_message(
        result, ["G{}".format(i) for i in range(5)], ["S1", "S2"], 10000, 50000, 20000
    )
    assert "30,000" in message and "3 more people" in message
    assert "S1" in message and "S2" in message


def test_head_count_short_reports_understaffed_grids():
    # one grid needs 3 people, the roster has 2: the third slot stays open
    result = core.assign(np.zeros((2, 2)), [30000, 1000], [3, 1], [50000, 50000], np.zeros((2, 2)))
    assert result.assigned.tolist() == [2, 1]
    assert result.understaffed == {0: 1}
    assert result.unserved == pytest.approx(10000.0)
    message = core.shortfall_message(result, ["A", "B"], ["S1", "S2"], 10000, 31000, 100000)
    assert "A (−1)" in message


def test_tight_roster_leaves_slots_open_rather_than_overloading():
    # capacities fit one share each: the second share of each grid stays open, nobody over
    gxy = np.array([[0.0, 0.0], [5000.0, 0.0]])
    sxy = np.zeros((2, 2))
    result = core.assign(gxy, [20000, 20000], [2, 2], [10000, 10000], sxy)
    assert result.overloaded == {}
    assert result.uncovered == []
    assert result.assigned.tolist() == [1, 1]
    assert result.unserved == pytest.approx(20000.0)


def test_without_outlets_travel_is_zero():
    gxy, pop, _sxy, cap = _instance(4, capacity=(30000, 60000))
    result = core.assign(gxy, pop, core.recommend(pop, core.AllocationOptions()), cap, None)
    assert result.travel == 0 and result.uncovered == [] and result.overloaded == {}


@pytest.mark.parametrize("seed", range(10))
def test_exact_and_heuristic_agree_on_small_cases(seed):
    gxy, pop, sxy, cap = _instance(seed)
    results = {}
    for method in ("exact", "heuristic"):
        options = core.AllocationOptions(method=method)
        load = core.workload(pop)
        rec = core.recommend(load, options)
        results[method] = core.assign(gxy, load, rec, cap, sxy, options)
        _check_assignment(results[method], rec, cap, len(cap))
    exact, heuristic = results["exact"], results["heuristic"]
    # same coverage and the same recommended places filled; the heuristic's objective is
    # never below the exact one and within 3 % of it
    assert exact.uncovered == heuristic.uncovered == []
    assert sum(exact.understaffed.values()) == sum(heuristic.understaffed.values())
    assert heuristic.objective >= exact.objective * (1 - 1e-9)
    assert heuristic.objective <= exact.objective * 1.03
    assert exact.method.startswith(("exact", "MILP")) and heuristic.method.startswith("heur")


def test_exact_and_heuristic_close_when_easy():
    # ample capacity everywhere: only travel and balance matter; the heuristic is within
    # 1 % of the optimum, and sometimes finds it
    ratios = []
    for seed in range(8):
        gxy, pop, sxy, cap = _instance(seed, capacity=(60000, 90000))
        values = []
        for method in ("exact", "heuristic"):
            options = core.AllocationOptions(method=method)
            result = core.assign(gxy, pop, core.recommend(pop, options), cap, sxy, options)
            assert result.uncovered == [] and result.understaffed == {}
            values.append(result.objective)
        ratios.append(values[1] / values[0])
    assert min(ratios) == pytest.approx(1.0)
    assert 1 - 1e-9 <= min(ratios) and max(ratios) < 1.01


def test_heuristic_at_scale_covers_everything_and_reports_a_gap():
    gxy, pop, sxy, cap = _instance(
        5, grids=600, people=400, outlets=60, capacity=(20000, 60000), side=120000
    )
    options = core.AllocationOptions()
    rec = core.recommend(pop, options)
    result = core.assign(gxy, pop, rec, cap, sxy, options)
    assert result.candidate_pairs > options.exact_pair_limit
    assert result.method.startswith("heuristic")
    assert result.uncovered == [] and result.overloaded == {}
    assert (result.load <= cap + 1e-6).all()
    assert result.gap is not None and 0 <= result.gap < 0.25


def test_capacity_out_of_candidate_reach_is_priced_in():
    # each grid considers only its 2 nearest people; the two people near the western grids
    # are full, the eastern person has room: column generation prices that pair in, so
    # nothing is left unserved, and the bound holds for plans over all pairs
    gxy = np.array([[0.0, 0.0], [1000.0, 0.0], [2000.0, 0.0], [30000.0, 0.0]])
    sxy = np.array([[0.0, 0.0], [0.0, 0.0], [30000.0, 0.0]])
    load = [10000.0, 10000.0, 10000.0, 5000.0]
    options = core.AllocationOptions(candidates_per_grid=2, grids_per_person=1)
    result = core.assign(gxy, load, [1, 1, 1, 1], [10000, 10000, 20000], sxy, options)
    assert result.unserved == 0 and result.forced_unserved == 0
    assert result.overloaded == {} and result.uncovered == []
    assert result.bound_all_pairs and result.lower_bound <= result.objective + 1e-9
    assert 2 in result.staff_index[result.grid_index <= 2].tolist()
    assert "more travel than the best possible plan" in core.quality_sentence(result) or (
        "best possible plan (proven)" in core.quality_sentence(result)
    )


def test_quality_sentence_when_equal_shares_do_not_pack():
    # three grids of 10,000 (one place each), two people of 15,000: the capacity is enough
    # in total (nothing forced) but whole places do not fit, so a grid is covered above
    # capacity, and the sentence says how much and what that costs
    gxy = np.array([[0.0, 0.0], [1000.0, 0.0], [2000.0, 0.0]])
    result = core.assign(gxy, [10000.0] * 3, [1, 1, 1], [15000, 15000], np.zeros((2, 2)))
    # (the person covering the third grid is 5,000 above capacity)
    assert result.forced_unserved == 0 and result.shortfall_capacity == pytest.approx(5000)
    assert "5,000" in core.quality_sentence(result)
    assert "costs at most" in core.quality_sentence(result)


@pytest.mark.parametrize("seed", range(6))
def test_lower_bound_holds_for_every_plan(seed):
    # the bound of a run that considers few candidates is below the optimum over all pairs
    # (the same penalties: from the region's diameter)
    gxy, pop, sxy, cap = _instance(seed, grids=14, people=9, outlets=4, capacity=(15000, 40000))
    rec = core.recommend(pop, core.AllocationOptions())
    narrow = core.AllocationOptions(
        method="heuristic", candidates_per_grid=2, grids_per_person=1, global_reach=True
    )
    result = core.assign(gxy, pop, rec, cap, sxy, narrow)
    assert result.bound_all_pairs
    full = core.AllocationOptions(
        method="exact",
        candidates_per_grid=100,
        global_reach=True,
        mip_gap=1e-9,
        node_limit=100000,
    )
    best = core.assign(gxy, pop, rec, cap, sxy, full)
    assert best.exact
    assert result.lower_bound <= best.objective * (1 + 1e-7)
    assert result.objective >= best.objective * (1 - 1e-7)
    assert result.forced_unserved == best.forced_unserved


def test_forced_shortfall_is_the_workload_above_capacity():
    # 50,000 of workload, 20,000 of capacity: 30,000 is forced; a place beyond the head count
    gxy = np.array([[i * 1000.0, 0.0] for i in range(5)])
    result = core.assign(gxy, np.full(5, 10000.0), [1] * 5, [10000.0, 10000.0], np.zeros((2, 2)))
    assert result.forced_unserved == pytest.approx(30000.0)
    short = core.assign(np.zeros((2, 2)), [30000, 1000], [3, 1], [50000, 50000], np.zeros((2, 2)))
    assert short.forced_unserved == pytest.approx(10000.0) == short.unserved


def test_deterministic():
    gxy, pop, sxy, cap = _instance(11, grids=80, people=60, outlets=8, side=60000)
    runs = []
    for method in ("auto", "heuristic", "heuristic"):
        options = core.AllocationOptions(method=method)
        result = core.assign(gxy, pop, core.recommend(pop, options), cap, sxy, options)
        runs.append(
            (method, result.grid_index.tolist(), result.staff_index.tolist(), result.objective)
        )
    assert runs[1] == runs[2]
    again = core.assign(gxy, pop, core.recommend(pop, core.AllocationOptions()), cap, sxy)
    assert runs[0][1:3] == (again.grid_index.tolist(), again.staff_index.tolist())


def test_cancel_raises():
    from service_grid.algorithms.core.errors import CancelledError

    gxy, pop, sxy, cap = _instance(2)
    with pytest.raises(CancelledError):
        core.assign(
            gxy,
            pop,
            core.recommend(pop, core.AllocationOptions()),
            cap,
            sxy,
            is_canceled=lambda: True,
        )


# ---------------------------------------------------------------- Processing: real files

GRID_FIELDS = {
    "grid_id": ogr.OFTString,
    "population": ogr.OFTInteger64,
    "demand_index": ogr.OFTReal,
    "staff_change": ogr.OFTReal,
}
OUTLET_FIELDS = {"outlet_id": ogr.OFTString, "name": ogr.OFTString, "kind": ogr.OFTString}
STAFF_FIELDS = {
    "staff_id": ogr.OFTString,
    "name": ogr.OFTString,
    "role": ogr.OFTString,
    "outlet_id": ogr.OFTString,
    "capacity": ogr.OFTInteger,
    "active": ogr.OFTInteger,
}


def _small_files(folder, grids=None, staff=None, outlets=None):
    """Four 1 km grids in a row (west to east), two outlets at the ends, three people."""
    path = os.path.join(folder, "small.gpkg")
    if os.path.exists(path):
        os.remove(path)
    grids = (
        grids
        if grids is not None
        else [
            {"grid_id": "G1", "population": 8000, "demand_index": 50.0, "staff_change": None},
            {"grid_id": "G2", "population": 9000, "demand_index": 50.0, "staff_change": None},
            {"grid_id": "G3", "population": 7000, "demand_index": 50.0, "staff_change": None},
            {"grid_id": "G4", "population": 6000, "demand_index": 50.0, "staff_change": None},
        ]
    )
    for k, row in enumerate(grids):
        row.setdefault("wkt", square(400000 + 1000 * k, 3500000))
    outlets = (
        outlets
        if outlets is not None
        else [
            {"outlet_id": "O1", "name": "西", "kind": "branch", "wkt": "POINT(400100 3500500)"},
            {
                "outlet_id": "O2",
                "name": "东",
                "kind": "service_point",
                "wkt": "POINT(403900 3500500)",
            },
        ]
    )
    staff = (
        staff
        if staff is not None
        else [
            {
                "staff_id": "S1",
                "name": "张三",
                "role": "agent",
                "outlet_id": "O1",
                "capacity": 20000,
                "active": 1,
            },
            {
                "staff_id": "S2",
                "name": "李四",
                "role": "claims",
                "outlet_id": "O2",
                "capacity": 20000,
                "active": 1,
            },
            {
                "staff_id": "S3",
                "name": "王五",
                "role": "agent",
                "outlet_id": "O2",
                "capacity": 20000,
                "active": 0,
            },
        ]
    )
    layers = {
        "grids": write_layer(path, "grids", ogr.wkbPolygon, GRID_FIELDS, grids),
        "outlets": write_layer(path, "outlets", ogr.wkbPoint, OUTLET_FIELDS, outlets),
        "staff": write_layer(path, "staff", ogr.wkbNone, STAFF_FIELDS, staff, epsg=None),
    }
    return layers


def _allocate(params, feedback=None):
    import processing

    return processing.run(
        AllocateStaffAlgorithm(),
        params,
        context=QgsProcessingContext(),
        feedback=feedback or QgsProcessingFeedback(),
    )


def _read_rows(path, layer):
    dataset = ogr.Open(path)
    rows = []
    for feature in dataset.GetLayerByName(layer):
        rows.append({name: feature.GetField(name) for name in feature.keys()})
    dataset = None
    return rows


def _small_params(layers, tmp_path, **extra):
    params = {
        "GRIDS": layers["grids"],
        "STAFF": layers["staff"],
        "OUTLETS": layers["outlets"],
        "OUTPUT_GRIDS": str(tmp_path / "out_grids.gpkg"),
        "OUTPUT_ASSIGNMENTS": str(tmp_path / "out_assignments.gpkg"),
    }
    params.update(extra)
    return params


def test_small_layers_hand_checked(plugin, tmp_path):
    layers = _small_files(str(tmp_path))
    feedback = FeedbackRecorder()
    result = _allocate(_small_params(layers, tmp_path), feedback)
    # 30,000 people at 10,000 per person: one each; two active people with 20,000 each
    grids = {row["grid_id"]: row for row in _read_rows(result["OUTPUT_GRIDS"], "out_grids")}
    assert [grids[g]["recommended_staff"] for g in ("G1", "G2", "G3", "G4")] == [1, 1, 1, 1]
    assert sum(g["assigned_staff"] for g in grids.values()) == 4
    assert grids["G1"]["workload"] == pytest.approx(8000.0)
    rows = _read_rows(result["OUTPUT_ASSIGNMENTS"], "out_assignments")
    assert len(rows) == result["TOTAL_ASSIGNED"] == 4
    who = {row["grid_id"]: row["staff_id"] for row in rows}
    # the western person takes the two western grids, the eastern person the eastern ones
    assert who == {"G1": "S1", "G2": "S1", "G3": "S2", "G4": "S2"}
    roles = {row["staff_id"]: row["role"] for row in rows}
    assert roles == {"S1": "agent", "S2": "claims"}
    assert all(row["uuid"] == assignment_uuid(row["grid_id"], row["staff_id"]) for row in rows)
    assert all(row["assigned_at"] for row in rows)
    assert result["TOTAL_RECOMMENDED"] == 4
    assert result["UNCOVERED_GRIDS"] == 0 and result["OVERLOADED_STAFF"] == 0
    assert result["SHORTFALL_CAPACITY"] == 0 and result["SHORTFALL_STAFF"] == 0
    assert result["UNSERVED_WORKLOAD"] == 0 and result["FORCED_SHORTFALL"] == 0
    assert "best possible plan" in result["PLAN_QUALITY"]
    assert any(result["PLAN_QUALITY"] in info for info in feedback.infos)
    assert result["MAX_UTILISATION"] == pytest.approx(17000 / 20000)
    # outlets at 100 m from the ends: G1 0.4 km... the mean travel is workload-weighted
    assert 0 < result["MEAN_TRAVEL_KM"] < 1.5
    assert result["METHOD"].startswith("exact")
    assert any("inactive" in info for info in feedback.infos)
    assert not feedback.errors


def test_total_staff_is_apportioned_exactly_and_quality_adds_staff(plugin, tmp_path):
    layers = _small_files(str(tmp_path))
    result = _allocate(_small_params(layers, tmp_path, TOTAL_STAFF=7))
    grids = {row["grid_id"]: row for row in _read_rows(result["OUTPUT_GRIDS"], "out_grids")}
    # Webster on 8000, 9000, 7000, 6000 with 7 seats (minimum 1): 2, 2, 2, 1
    assert [grids[g]["recommended_staff"] for g in ("G1", "G2", "G3", "G4")] == [2, 2, 2, 1]
    assert result["TOTAL_RECOMMENDED"] == 7
    # the two active people share the three grids that need two each, and one takes G4
    assert result["TOTAL_ASSIGNED"] == 7 and result["UNDERSTAFFED_GRIDS"] == 0
    assert result["OVERLOADED_STAFF"] == 0
    rows = _read_rows(result["OUTPUT_ASSIGNMENTS"], "out_assignments")
    for grid in ("G1", "G2", "G3"):
        assert sorted(r["staff_id"] for r in rows if r["grid_id"] == grid) == ["S1", "S2"]
    assert [r["staff_id"] for r in rows if r["grid_id"] == "G4"] == ["S2"]
    # with one more grid needing two people than the roster has people: under-staffed
    staff = [
        {
            "staff_id": "S1",
            "name": "张三",
            "role": "agent",
            "outlet_id": "O1",
            "capacity": 40000,
            "active": 1,
        }
    ]
    layers = _small_files(str(tmp_path), staff=staff)
    result = _allocate(_small_params(layers, tmp_path, TOTAL_STAFF=7))
    assert result["UNDERSTAFFED_GRIDS"] == 3 and result["TOTAL_ASSIGNED"] == 4
    assert result["OVERLOADED_STAFF"] == 0 and result["SHORTFALL_CAPACITY"] > 0

    rows = [
        {"grid_id": "G1", "population": 8000, "demand_index": 50.0, "staff_change": 2.0},
        {"grid_id": "G2", "population": 9000, "demand_index": 50.0, "staff_change": None},
    ]
    layers = _small_files(str(tmp_path), grids=rows)
    result = _allocate(_small_params(layers, tmp_path, QUALITY_FIELD="staff_change"))
    grids = {row["grid_id"]: row for row in _read_rows(result["OUTPUT_GRIDS"], "out_grids")}
    assert grids["G1"]["recommended_staff"] == 3  # ceil((8000 + 2 × 10000) / 10000)
    assert grids["G2"]["recommended_staff"] == 1


def test_demand_index_shifts_staff(plugin, tmp_path):
    rows = [
        {"grid_id": "G1", "population": 10000, "demand_index": 90.0, "staff_change": None},
        {"grid_id": "G2", "population": 10000, "demand_index": 10.0, "staff_change": None},
    ]
    layers = _small_files(str(tmp_path), grids=rows)
    result = _allocate(_small_params(layers, tmp_path, TOTAL_STAFF=4))
    grids = {row["grid_id"]: row for row in _read_rows(result["OUTPUT_GRIDS"], "out_grids")}
    # workloads 10000 × (1 ± 0.5 × 0.8) = 14,000 and 6,000 → Webster 3 and 1
    assert grids["G1"]["workload"] == pytest.approx(14000.0)
    assert grids["G2"]["workload"] == pytest.approx(6000.0)
    assert (grids["G1"]["recommended_staff"], grids["G2"]["recommended_staff"]) == (3, 1)


def test_without_outlets(plugin, tmp_path):
    layers = _small_files(str(tmp_path))
    params = _small_params(layers, tmp_path)
    del params["OUTLETS"]
    feedback = FeedbackRecorder()
    result = _allocate(params, feedback)
    assert result["TOTAL_ASSIGNED"] == 4 and result["OBJECTIVE"] == 0
    assert any("travel is not taken into account" in info for info in feedback.infos)


@pytest.mark.parametrize(
    "change, needle",
    [
        ("no_population", "no population field"),
        ("null_population", "empty (NULL)"),
        ("text_population", "must hold numbers"),
        ("no_staff_id", "staff id column"),
        ("empty_staff_id", "is empty for 1 feature"),
        ("unknown_outlet", "O9"),
        ("no_outlet", "have no outlet"),
        ("nobody_active", "Nobody in the staff roster"),
        ("total_too_small", "at least 4"),
        ("duplicate_grid", "must be unique"),
    ],
)
def test_bad_input_is_refused(plugin, tmp_path, change, needle):
    grids = [
        {"grid_id": "G{}".format(k), "population": 5000, "demand_index": None, "staff_change": None}
        for k in range(1, 5)
    ]
    staff = [
        {
            "staff_id": "S1",
            "name": "张三",
            "role": "agent",
            "outlet_id": "O1",
            "capacity": 20000,
            "active": 1,
        },
        {
            "staff_id": "S2",
            "name": "李四",
            "role": "agent",
            "outlet_id": "O2",
            "capacity": None,
            "active": 1,
        },
    ]
    extra = {}
    grid_fields = dict(GRID_FIELDS)
    staff_fields = dict(STAFF_FIELDS)
    if change == "no_population":
        grid_fields.pop("population")
        for row in grids:
            row.pop("population")
    elif change == "null_population":
        grids[2]["population"] = None
    elif change == "text_population":
        grid_fields["population"] = ogr.OFTString
        grids[1]["population"] = "many"
    elif change == "no_staff_id":
        staff_fields.pop("staff_id")
        for row in staff:
            row.pop("staff_id")
    elif change == "empty_staff_id":
        staff[1]["staff_id"] = None
    elif change == "unknown_outlet":
        staff[1]["outlet_id"] = "O9"
    elif change == "no_outlet":
        staff[1]["outlet_id"] = None
    elif change == "nobody_active":
        for row in staff:
            row["active"] = 0
    elif change == "total_too_small":
        extra["TOTAL_STAFF"] = 3
    elif change == "duplicate_grid":
        grids[3]["grid_id"] = "G1"
    path = str(tmp_path / "bad.gpkg")
    for k, row in enumerate(grids):
        row["wkt"] = square(400000 + 1000 * k, 3500000)
    layers = {
        "grids": write_layer(path, "grids", ogr.wkbPolygon, grid_fields, grids),
        "outlets": write_layer(
            path,
            "outlets",
            ogr.wkbPoint,
            OUTLET_FIELDS,
            [
                {"outlet_id": "O1", "name": "a", "kind": "branch", "wkt": "POINT(400100 3500100)"},
                {"outlet_id": "O2", "name": "b", "kind": "branch", "wkt": "POINT(403100 3500100)"},
            ],
        ),
        "staff": write_layer(path, "staff", ogr.wkbNone, staff_fields, staff, epsg=None),
    }
    with pytest.raises(QgsProcessingException) as info:
        _allocate(_small_params(layers, tmp_path, **extra))
    assert needle in str(info.value)


def test_staff_without_capacity_use_the_staff_capacity(plugin, tmp_path):
    staff = [
        {
            "staff_id": "S1",
            "name": "张三",
            "role": "agent",
            "outlet_id": "O1",
            "capacity": None,
            "active": 1,
        }
    ]
    layers = _small_files(str(tmp_path), staff=staff)
    feedback = FeedbackRecorder()
    result = _allocate(_small_params(layers, tmp_path, STAFF_CAPACITY=40000), feedback)
    # one person of 40,000 for 30,000 people in four grids of one place each
    assert result["TOTAL_RECOMMENDED"] == 4 and result["TOTAL_ASSIGNED"] == 4
    assert result["OVERLOADED_STAFF"] == 0
    assert result["MAX_UTILISATION"] == pytest.approx(30000 / 40000)
    assert any("without a capacity" in info for info in feedback.infos)


def test_roster_too_small_is_reported(plugin, tmp_path):
    staff = [
        {
            "staff_id": "S1",
            "name": "张三",
            "role": "agent",
            "outlet_id": "O1",
            "capacity": 10000,
            "active": 1,
        }
    ]
    layers = _small_files(str(tmp_path), staff=staff)
    feedback = FeedbackRecorder()
    result = _allocate(_small_params(layers, tmp_path), feedback)
    # four grids need somebody; one person of 10,000 covers all four, above capacity
    assert result["UNCOVERED_GRIDS"] == 0 and result["TOTAL_ASSIGNED"] == 4
    assert result["OVERLOADED_STAFF"] == 1
    assert result["SHORTFALL_CAPACITY"] == pytest.approx(20000.0)
    assert result["SHORTFALL_STAFF"] == 2
    assert feedback.errors and "S1" in feedback.errors[0] and "too small" in feedback.errors[0]


# ---------------------------------------------------------------- the sample city's project


@pytest.fixture(scope="module")
def city_project(tmp_path_factory, plugin):
    """A project GeoPackage of the sample city with outlets, staff and grids (built once)."""
    folder = tmp_path_factory.mktemp("city")
    return sample_city_project(str(folder / "city.gpkg"), classify=True)


def _city_params(project, out, **extra):
    params = {
        "GRIDS": project + "|layername=grids",
        "STAFF": project + "|layername=staff",
        "OUTLETS": project + "|layername=outlets",
        "PROJECT": project,
        "OUTPUT_GRIDS": str(out / "grids.gpkg"),
        "OUTPUT_ASSIGNMENTS": str(out / "assignments.gpkg"),
    }
    params.update(extra)
    return params


def test_sample_city_in_the_project(city_project, tmp_path):
    project = str(tmp_path / "city.gpkg")
    shutil.copy(city_project, project)
    feedback = FeedbackRecorder()
    result = _allocate(_city_params(project, tmp_path), feedback)
    con = sqlite3.connect(project)
    grids = dict(con.execute("SELECT grid_id, recommended_staff FROM grids").fetchall())
    rows = con.execute(
        "SELECT uuid, staff_id, grid_id, role, assigned_at FROM assignments"
    ).fetchall()
    staff = {
        r[0]: r
        for r in con.execute("SELECT staff_id, role, capacity, active FROM staff").fetchall()
    }
    population = dict(con.execute("SELECT grid_id, population FROM grids").fetchall())
    con.close()
    assert all(v is not None and v >= 1 for v in grids.values())
    assert sum(grids.values()) == result["TOTAL_RECOMMENDED"]
    assert len(rows) == result["TOTAL_ASSIGNED"] > len(grids)
    assert len({r[0] for r in rows}) == len(rows)  # uuids unique
    assert len({(r[1], r[2]) for r in rows}) == len(rows)  # nobody twice per grid
    assert {r[2] for r in rows} == set(grids)  # every grid covered
    assert all(staff[r[1]][3] == 1 for r in rows)  # active staff only
    assert all(r[3] == staff[r[1]][1] for r in rows)  # the person's role
    assert all(r[4] for r in rows)
    per_grid = {g: 0 for g in grids}
    for r in rows:
        per_grid[r[2]] += 1
    assert all(per_grid[g] <= grids[g] for g in grids)
    # loads: equal shares of each grid's workload, never above capacity (nobody overloaded)
    out = {row["grid_id"]: row for row in _read_rows(result["OUTPUT_GRIDS"], "grids")}
    assert {g: out[g]["assigned_staff"] for g in grids} == per_grid
    assert sum(out[g]["workload"] for g in grids) == pytest.approx(
        sum(population.values()), rel=1e-6
    )
    load = {}
    for r in rows:
        share = out[r[2]]["workload"] / out[r[2]]["recommended_staff"]
        load[r[1]] = load.get(r[1], 0.0) + share
    assert result["OVERLOADED_STAFF"] == 0
    assert all(load[s] <= staff[s][2] * (1 + 1e-6) for s in load)
    # the sample roster (195 active, 4.0 M capacity) covers the 3.0 M people: no error
    assert result["SHORTFALL_CAPACITY"] == 0 and result["UNDERSTAFFED_GRIDS"] == 0
    assert not feedback.errors
    assert result["UNCOVERED_GRIDS"] == 0
    assert result["METHOD"] and result["OBJECTIVE"] > 0
    assert 0 < result["MEAN_TRAVEL_KM"] < 30


def test_sample_city_short_roster_is_reported(plugin, tmp_path):
    """The roster before the hires (145 active, 2.9 M capacity) is short of 3.0 M: reported."""
    project = sample_city_project(str(tmp_path / "short.gpkg"), True, SHORT_STAFF_CSV)
    feedback = FeedbackRecorder()
    (tmp_path / "out").mkdir()
    result = _allocate(_city_params(project, tmp_path / "out"), feedback)
    assert result["SHORTFALL_CAPACITY"] > 0 and result["UNDERSTAFFED_GRIDS"] > 0
    assert feedback.errors and "too small" in feedback.errors[0]
    assert result["UNCOVERED_GRIDS"] == 0


def test_sample_city_total_staff_and_rerun(city_project, tmp_path):
    project = str(tmp_path / "city.gpkg")
    shutil.copy(city_project, project)
    first = _allocate(_city_params(project, tmp_path, TOTAL_STAFF=250, MIN_STAFF_PER_GRID=2))
    con = sqlite3.connect(project)
    recommended = [r[0] for r in con.execute("SELECT recommended_staff FROM grids")]
    pairs1 = set(con.execute("SELECT uuid, staff_id, grid_id FROM assignments").fetchall())
    con.close()
    assert sum(recommended) == first["TOTAL_RECOMMENDED"] == 250 and min(recommended) >= 2
    # a second run replaces the table (no duplicates) and gives the same assignments
    (tmp_path / "again").mkdir()
    second = _allocate(
        _city_params(project, tmp_path / "again", TOTAL_STAFF=250, MIN_STAFF_PER_GRID=2)
    )
    con = sqlite3.connect(project)
    pairs2 = set(con.execute("SELECT uuid, staff_id, grid_id FROM assignments").fetchall())
    con.close()
    assert pairs1 == pairs2 and second["TOTAL_ASSIGNED"] == len(pairs2)
    assert second["OBJECTIVE"] == first["OBJECTIVE"]


def test_sample_city_too_few_total_staff(city_project, tmp_path):
    con = sqlite3.connect(city_project)
    count = con.execute("SELECT count(*) FROM grids").fetchone()[0]
    con.close()
    with pytest.raises(QgsProcessingException) as info:
        _allocate(_city_params(city_project, tmp_path, TOTAL_STAFF=count - 1, PROJECT=None))
    assert "at least {}".format(count) in str(info.value)


def test_project_needs_grid_ids(plugin, tmp_path, city_project):
    rows = [{"population": 5000, "wkt": square(400000, 3500000)}]
    layer = write_layer(
        str(tmp_path / "noid.gpkg"), "grids", ogr.wkbPolygon, {"population": ogr.OFTInteger}, rows
    )
    project = str(tmp_path / "city.gpkg")
    shutil.copy(city_project, project)
    with pytest.raises(QgsProcessingException, match="grid_id"):
        _allocate(_city_params(project, tmp_path, GRIDS=layer))


def test_geographic_layers_are_measured_in_metres(plugin, tmp_path):
    """Grids and outlets in degrees: distances in the UTM zone, the same answer as metres."""
    from osgeo import osr

    utm, wgs = osr.SpatialReference(), osr.SpatialReference()
    utm.ImportFromEPSG(32650)
    wgs.ImportFromEPSG(4326)
    for srs in (utm, wgs):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_wgs = osr.CoordinateTransformation(utm, wgs)

    def lonlat(wkt):
        geometry = ogr.CreateGeometryFromWkt(wkt)
        geometry.Transform(to_wgs)
        return geometry.ExportToWkt()

    metres = _small_files(str(tmp_path))
    expected = _allocate(_small_params(metres, tmp_path))
    path = str(tmp_path / "degrees.gpkg")
    grids = [
        {
            "grid_id": "G{}".format(k + 1),
            "population": pop,
            "demand_index": 50.0,
            "staff_change": None,
            "wkt": lonlat(square(400000 + 1000 * k, 3500000)),
        }
        for k, pop in enumerate((8000, 9000, 7000, 6000))
    ]
    outlets = [
        {"outlet_id": "O1", "name": "西", "kind": "branch", "wkt": lonlat("POINT(400100 3500500)")},
        {"outlet_id": "O2", "name": "东", "kind": "branch", "wkt": lonlat("POINT(403900 3500500)")},
    ]
    layers = {
        "grids": write_layer(path, "grids", ogr.wkbPolygon, GRID_FIELDS, grids, 4326),
        "outlets": write_layer(path, "outlets", ogr.wkbPoint, OUTLET_FIELDS, outlets, 4326),
        "staff": metres["staff"],
    }
    (tmp_path / "deg").mkdir()
    feedback = FeedbackRecorder()
    result = _allocate(_small_params(layers, tmp_path / "deg"), feedback)
    assert any("geographic" in w for w in feedback.warnings)
    assert result["MEAN_TRAVEL_KM"] == pytest.approx(expected["MEAN_TRAVEL_KM"], rel=1e-3)
    rows = _read_rows(result["OUTPUT_ASSIGNMENTS"], "out_assignments")
    assert {r["grid_id"]: r["staff_id"] for r in rows} == {
        "G1": "S1",
        "G2": "S1",
        "G3": "S2",
        "G4": "S2",
    }


def test_cancel_writes_nothing_to_the_project(city_project, tmp_path):
    project = str(tmp_path / "city.gpkg")
    shutil.copy(city_project, project)
    con = sqlite3.connect(project)
    before = con.execute("SELECT count(*) FROM assignments").fetchone()[0]
    con.close()
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    _allocate(_city_params(project, tmp_path), feedback)
    con = sqlite3.connect(project)
    after = con.execute("SELECT count(*) FROM assignments").fetchone()[0]
    recommended = con.execute("SELECT count(recommended_staff) FROM grids").fetchone()[0]
    con.close()
    assert before == after == 0 and recommended == 0


def test_knapsack_bound_is_valid():
    # the Lagrangian bound with a knapsack per person, at the LP's duals, is below the
    # optimum over all pairs, and about the LP's value or above it (its weights are rounded
    # down to 1/400 of the largest capacity, which can only lower it)
    from service_grid.algorithms.core.allocation.bound import solve_relaxation
    from service_grid.algorithms.core.allocation.candidates import build_problem
    from service_grid.algorithms.core.allocation.knapsack import knapsack_bound

    for seed in range(4):
        gxy, pop, sxy, cap = _instance(seed, grids=10, people=6, outlets=3, capacity=(9000, 21000))
        rec = core.recommend(pop, core.AllocationOptions())
        options = core.AllocationOptions(method="exact", candidates_per_grid=100, mip_gap=1e-9)
        best = core.assign(gxy, pop, rec, cap, sxy, options)
        slots = np.minimum(rec, len(cap))
        size = pop / np.maximum(rec, 1)
        unit = size[slots > 0].mean()
        pg = np.repeat(np.arange(len(pop)), len(cap))
        ps = np.tile(np.arange(len(cap)), len(pop))
        km = np.hypot(*(gxy[pg] - sxy[ps]).T) / 1000.0
        p = build_problem(slots, size / unit, cap / unit, pg, ps, km, options)
        lp = solve_relaxation(p)
        bound = knapsack_bound(p, lp, gxy, sxy)
        assert bound <= best.objective * (1 + 1e-7)
        assert bound >= lp.value - 0.005 * abs(lp.value)


def test_knapsack_bound_counts_the_largest_capacity_whole():
    # the largest capacity ÷ its 1/400 step is 399.99999999999994 in floating point for this
    # capacity: read as 399 steps, the one person could not hold both places (160 + 240
    # steps) and the "bound" (4.4) was above the optimum (0: both places, no travel)
    from service_grid.algorithms.core.allocation.bound import solve_relaxation
    from service_grid.algorithms.core.allocation.candidates import build_problem
    from service_grid.algorithms.core.allocation.knapsack import knapsack_bound

    capacity = 1.0045022511255628
    p = build_problem(
        np.array([1, 1]),
        np.array([0.4, 0.6]) * capacity,
        np.array([capacity]),
        np.array([0, 1]),
        np.array([0, 0]),
        np.array([0.0, 0.0]),
        core.AllocationOptions(),
    )
    lp = solve_relaxation(p)
    assert lp.value == pytest.approx(0.0, abs=1e-9)
    assert knapsack_bound(p, lp, np.zeros((2, 2)), np.zeros((1, 2))) <= 1e-9
