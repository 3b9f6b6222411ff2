"""Grid codes (algorithms/core/division/codes.py) and buildgrids with a project: the code
scheme, the register of codes (a retired code is never given again), codes kept across
rebuilds, and locked grids kept as they are."""

import re
from collections import Counter, defaultdict

import numpy as np
import pytest
import shapely
from datasets import (
    UNIT_PARAMS,
    FeedbackRecorder,
    fresh_copy,
    make_project,
    run_buildgrids,
    sql,
    unit_rows,
    units_layer,
)
from qgis.core import QgsProcessingException

from service_grid.algorithms.core import gpkg, timestamps
from service_grid.algorithms.core.division.codes import (
    CodeScheme,
    format_code,
    inherit_codes,
    next_codes,
    read_registry,
    register_codes,
    retire_codes,
    scheme_from_meta,
    sequence_of,
)
from service_grid.algorithms.core.errors import InputError
from service_grid.algorithms.core.gridding import GridOptions, build_grids

# ---------------------------------------------------------------------- the scheme


def test_format_code():
    street = "320102001"
    assert format_code(CodeScheme(), street, 1) == "320102001001"
    assert format_code(CodeScheme(), street, 27) == "320102001027"
    assert format_code(CodeScheme(width=4), street, 27) == "3201020010027"
    assert format_code(CodeScheme(width=1), street, 7) == "3201020017"
    assert format_code(CodeScheme(prefix="JN"), street, 3) == "JN320102001003"
    assert format_code(CodeScheme(prefix="JN-"), "S1", 3) == "JN-S1003"  # as given
    # without a nest: the prefix, or G
    assert format_code(CodeScheme(), None, 5) == "G005"
    assert format_code(CodeScheme(), "", 5) == "G005"
    assert format_code(CodeScheme(prefix="JN"), None, 5) == "JN005"
    # a sequence that does not fit takes more digits
    assert format_code(CodeScheme(), "S1", 1000) == "S11000"


def test_sequence_of_parses_back():
    scheme = CodeScheme()
    for nest, seq in (("320102001", 1), ("S1", 999), (None, 12), ("S1", 1000)):
        assert sequence_of(format_code(scheme, nest, seq), scheme, nest) == seq
    assert sequence_of("JN320102001004", CodeScheme("JN"), "320102001") == 4
    assert sequence_of("3201020010027", CodeScheme(width=4), "320102001") == 27
    # codes that do not follow the scheme
    assert sequence_of("S1-G001", scheme, "S1") is None  # the old form
    assert sequence_of("S2001", scheme, "S1") is None  # another nest
    assert sequence_of("S101", scheme, "S1") is None  # too few digits
    assert sequence_of("S10001", scheme, "S1") is None  # nest S10, not S1's 0001
    assert sequence_of("S1000", scheme, "S1") is None  # no sequence 0
    assert sequence_of("S1001a", scheme, "S1") is None
    assert sequence_of("", scheme, "S1") is None


def test_width_out_of_range_is_refused():
    for width in (0, 7):
        with pytest.raises(InputError, match="1 to 6 digits"):
            CodeScheme(width=width).check()
    assert CodeScheme(width=6).check().width == 6


def test_scheme_from_meta():
    assert scheme_from_meta({}) == CodeScheme("", 3)
    assert scheme_from_meta({"grid_code_prefix": "JN", "grid_code_width": "4"}) == CodeScheme(
        "JN", 4
    )
    assert scheme_from_meta({"grid_code_width": "x"}) == CodeScheme("", 3)
    assert scheme_from_meta({"grid_code_width": "12"}) == CodeScheme("", 3)


def test_next_codes_above_every_code_ever_given():
    scheme = CodeScheme()
    # S1005 was retired: it is never given again, nor anything below it
    taken = ["S1001", "S1002", "S1005", "S2009", "S1-G007", "hand made"]
    assert next_codes(taken, scheme, "S1", 2) == ["S1006", "S1007"]
    assert next_codes(taken, scheme, "S2", 1) == ["S2010"]
    assert next_codes(taken, scheme, "S3", 2) == ["S3001", "S3002"]
    assert next_codes(taken, scheme, None, 1) == ["G001"]
    assert next_codes(taken, scheme, "S1", 0) == []
    # another width is another code: never one already given
    assert next_codes(["S1001"], CodeScheme(width=4), "S1", 1) == ["S10001"]
    assert next_codes(["S10001"], CodeScheme(width=4), "S1", 1) == ["S10002"]


def test_inherit_codes_split():
    # old A: units 0-3 (400 people); the new grid 0 holds 300 of them, grid 1 holds 100
    new = [0, 0, 0, 1, 1]
    old = ["A", "A", "A", "A", None]
    pop = [100, 100, 100, 100, 50]
    assert inherit_codes(new, old, pop) == {0: "A"}
    # exactly half is not more than half: no grid keeps the code
    assert inherit_codes([0, 0, 1, 1], ["A"] * 4, [100] * 4) == {}


def test_inherit_codes_merge_keeps_the_largest_share():
    # the new grid 0 holds all of A and 3/4 of B: it keeps A; B is kept by no grid
    new = [0, 0, 0, 0, 0, 1]
    old = ["A", "A", "B", "B", "B", "B"]
    pop = [100, 100, 100, 100, 100, 100]
    assert inherit_codes(new, old, pop) == {0: "A"}
    # the same by share even when B's overlap has more people
    new = [0, 0, 0, 0, 1]
    old = ["A", "B", "B", "B", "B"]
    pop = [50, 100, 100, 100, 100]
    assert inherit_codes(new, old, pop) == {0: "A"}


def test_inherit_codes_is_deterministic():
    # grid 0 holds all of A and all of B (equal people): the smaller code wins, in any order
    rows = [(0, "B", 10.0), (0, "A", 10.0), (1, "C", 5.0), (1, "C", 5.0), (2, "C", 1.0)]
    for seed in range(5):
        order = np.random.default_rng(seed).permutation(len(rows))
        picked = [rows[i] for i in order]
        found = inherit_codes(
            [r[0] for r in picked], [r[1] for r in picked], [r[2] for r in picked]
        )
        assert found == {0: "A", 1: "C"}
    # a grid without people: by unit count
    assert inherit_codes([0, 0, 1], ["Z", "Z", "Z"], [0, 0, 0]) == {0: "Z"}


# ---------------------------------------------------------------------- the core


def _lattice(n=8, m=8):
    geoms = [
        shapely.box(j * 100.0, i * 100.0, (j + 1) * 100.0, (i + 1) * 100.0)
        for i in range(n)
        for j in range(m)
    ]
    nest = ["320102001" if j < m // 2 else "320102002" for i in range(n) for j in range(m)]
    return np.array(geoms, dtype=object), np.full(n * m, 100.0), nest


def test_core_codes_follow_the_scheme():
    geoms, pop, nest = _lattice()
    result = build_grids(geoms, pop, nest, options=GridOptions(target_population=800))
    assert sorted(result.grid_ids) == ["320102001{:03d}".format(k) for k in range(1, 5)] + [
        "320102002{:03d}".format(k) for k in range(1, 5)
    ]
    # reserved codes (a project's register) are never given, new ones come above them
    reserved = {"320102001001", "320102001006", "320102002002"}
    options = GridOptions(target_population=800, id_width=4, reserved_codes=reserved)
    again = build_grids(geoms, pop, nest, options=options)
    assert sorted(again.grid_ids) == ["3201020010{:03d}".format(k) for k in range(1, 5)] + [
        "3201020020{:03d}".format(k) for k in range(1, 5)
    ]  # another width: other codes, all free
    options = GridOptions(target_population=800, reserved_codes=reserved)
    third = build_grids(geoms, pop, nest, options=options)
    assert sorted(third.grid_ids) == ["320102001{:03d}".format(k) for k in range(7, 11)] + [
        "320102002{:03d}".format(k) for k in range(3, 7)
    ]
    with pytest.raises(InputError, match="ID_WIDTH"):
        build_grids(geoms, pop, nest, options=GridOptions(target_population=800, id_width=9))


def test_core_locked_grids_and_current_codes():
    geoms, pop, nest = _lattice()
    first = build_grids(geoms, pop, nest, options=GridOptions(target_population=800))
    codes = [first.grid_ids[g] for g in first.unit_grid]
    lock = sorted(set(codes))[:2]
    locked = [c if c in lock else None for c in codes]
    pop2 = pop * np.linspace(0.8, 1.3, len(pop))
    options = GridOptions(grid_count=10)
    result = build_grids(geoms, pop2, nest, options=options, current=codes, locked=locked)
    now = [result.grid_ids[g] for g in result.unit_grid]
    assert result.stats["GRID_COUNT"] == 10 and len(set(result.grid_ids)) == 10
    for i, code in enumerate(locked):
        if code:
            assert now[i] == code
        else:
            assert now[i] not in lock
    assert sum(result.grid_locked) == 2
    assert {result.grid_ids[g] for g, k in enumerate(result.grid_locked) if k} == set(lock)


# ---------------------------------------------------------------------- with a project


@pytest.fixture(scope="module")
def lattice_project(tmp_path_factory, plugin):
    """A project of 8 × 8 units of 1 km in two streets (320102001 west, 320102002 east) and
    grids of about 20,000 people (built once; tests change a fresh copy)."""
    folder = str(tmp_path_factory.mktemp("codes"))
    rows = unit_rows(8, 8)
    for row in rows:
        row["street"] = "320102001" if row["street"] == "S1" else "320102002"
    units = units_layer(folder, rows)
    params = dict(UNIT_PARAMS, INPUT=units)
    return make_project(folder + "/city.gpkg", params, {"TARGET_POPULATION": 20000})


@pytest.fixture
def project(lattice_project, tmp_path):
    return fresh_copy(lattice_project, tmp_path)


def _units(path):
    return dict(sql(path, "SELECT unit_id, grid_id FROM units"))


def _grid_ids(path):
    return [r[0] for r in sql(path, "SELECT grid_id FROM grids")]


def _registry(path):
    return {r.code: r for r in read_registry(path)}


def _write(path, query, args=()):
    """Run ``query`` (``?`` placeholders filled with ``args``) in the project's one write
    path (through OGR: the GeoPackage's triggers need its SQL functions)."""
    literals = [
        "'{}'".format(str(a).replace("'", "''")) if isinstance(a, str) else str(a) for a in args
    ]
    text = query.replace("?", "{}").format(*literals)
    with gpkg.write_transaction(path) as ds:
        ds.ExecuteSQL(text)


def _check_consistent(path):
    """Every unit in a grid of the project, no code twice, the register's active codes are the
    grids' codes."""
    ids = _grid_ids(path)
    assert len(ids) == len(set(ids))
    assert set(_units(path).values()) == set(ids)
    active = {c for c, row in _registry(path).items() if not row.retired_at}
    assert active == set(ids)


def _scale_population(path, factor_of):
    """Multiply each unit's population by ``factor_of(unit_id)``."""
    for unit_id, population in sql(path, "SELECT unit_id, population FROM units"):
        value = int(round(population * factor_of(unit_id)))
        _write(path, "UPDATE units SET population = ? WHERE unit_id = ?", (value, unit_id))


def test_default_codes_registered_with_meta(project):
    ids = _grid_ids(project)
    assert ids and all(re.fullmatch(r"32010200[12]\d{3}", g) for g in ids), ids
    registry = _registry(project)
    assert set(registry) == set(ids)
    for code in ids:
        row = registry[code]
        assert row.nest == code[:9] and row.seq == int(code[9:]) and row.retired_at is None
        assert timestamps.CANONICAL.fullmatch(row.created_at)
    meta = gpkg.read_meta(project)
    assert meta["grid_code_prefix"] == "" and meta["grid_code_width"] == "3"
    assert float(meta["grid_target_population"]) == 20000.0
    assert float(meta["grid_tolerance"]) == pytest.approx(0.10)
    # per street numbered from 001 without gaps at a first build
    for street in ("320102001", "320102002"):
        seqs = sorted(int(g[9:]) for g in ids if g.startswith(street))
        assert seqs == list(range(1, len(seqs) + 1))


def test_id_width_and_prefix_with_project(project, run_alg):
    old = set(_grid_ids(project))
    result = run_buildgrids(project, run_alg, TARGET_POPULATION=20000, ID_PREFIX="JN", ID_WIDTH=4)
    ids = _grid_ids(project)
    assert len(ids) == result["GRID_COUNT"]
    assert all(re.fullmatch(r"JN32010200[12]\d{4}", g) for g in ids), ids
    meta = gpkg.read_meta(project)
    assert meta["grid_code_prefix"] == "JN" and meta["grid_code_width"] == "4"
    registry = _registry(project)
    assert all(registry[c].retired_at for c in old)  # the old codes are retired
    _check_consistent(project)


def test_bad_id_width_is_refused(project, run_alg):
    before = _units(project)
    for width in (0, 9):
        with pytest.raises(QgsProcessingException, match="ID_WIDTH"):
            run_buildgrids(project, run_alg, TARGET_POPULATION=20000, ID_WIDTH=width)
    assert _units(project) == before


def _holders(old_units, new_units, population):
    """``{old code: new code}`` where a new grid holds more than half of an old grid."""
    overlap = defaultdict(float)
    total = defaultdict(float)
    for unit, old in old_units.items():
        overlap[old, new_units[unit]] += population[unit]
        total[old] += population[unit]
    return {old: new for (old, new), p in overlap.items() if p > total[old] / 2}


def test_rebuild_keeps_codes_retires_and_never_reuses(project, run_alg):
    old_units = _units(project)
    old_ids = set(_grid_ids(project))
    _write(project, "INSERT INTO grid_edits (kind, label, state) VALUES ('move', 'x', 'done')")
    rng = np.random.default_rng(4)
    factors = {u: rng.uniform(0.95, 1.05) for u in old_units}
    _scale_population(project, factors.get)
    run_buildgrids(project, run_alg, TARGET_POPULATION=20000)
    population = dict(sql(project, "SELECT unit_id, population FROM units"))
    new_units = _units(project)
    holders = _holders(old_units, new_units, population)
    assert len(holders) >= len(old_ids) - 1
    # a grid holding most of an old grid's people carries its code
    assert all(new == old for old, new in holders.items())
    assert sql(project, "SELECT count(*) FROM grid_edits")[0][0] == 0  # undo starts again
    _check_consistent(project)

    # fewer, larger grids: the codes that vanish are retired
    run_buildgrids(project, run_alg, TARGET_POPULATION=45000)
    fewer = set(_grid_ids(project))
    registry = _registry(project)
    vanished = set(registry) - fewer
    assert vanished and all(registry[c].retired_at for c in vanished)
    assert all(timestamps.CANONICAL.fullmatch(registry[c].retired_at) for c in vanished)
    _check_consistent(project)

    # more grids again: new codes come above every code ever given, none is reused
    highest = {
        s: max(int(c[9:]) for c in registry if c.startswith(s)) for s in ("320102001", "320102002")
    }
    run_buildgrids(project, run_alg, TARGET_POPULATION=12000)
    more = set(_grid_ids(project))
    new = more - fewer
    assert new and not new & vanished
    assert all(int(c[9:]) > highest[c[:9]] for c in new)
    _check_consistent(project)


def _grid_rows(path, ids):
    names = [r[1] for r in sql(path, "PRAGMA table_info(grids)")]
    rows = sql(
        path, "SELECT * FROM grids WHERE grid_id IN ({})".format(",".join("?" * len(ids))), ids
    )
    return {row[names.index("grid_id")]: row for row in rows}


def test_locked_grids_are_kept_as_they_are(project, run_alg):
    old_units = _units(project)
    ids = sorted(_grid_ids(project))
    lock = [ids[0], ids[-1]]  # one grid in each street
    _write(
        project,
        "UPDATE grids SET locked = 1, outlet_id = 'O9', strategy = 'kept', recommended_staff = 7 "
        "WHERE grid_id IN (?, ?)",
        lock,
    )
    rows_before = _grid_rows(project, lock)
    members = {g: sorted(u for u, k in old_units.items() if k == g) for g in lock}
    # the west street grows by 30 %: its free grids are rebalanced around the locked one
    _scale_population(project, lambda u: 1.3 if int(u[1:]) % 8 < 5 else 1.0)
    feedback = FeedbackRecorder()
    run = lambda alg_id, params: run_alg(alg_id, params, feedback)  # noqa: E731
    result = run_buildgrids(project, run, TARGET_POPULATION=20000)
    new_units = _units(project)
    for g in lock:
        assert sorted(u for u, k in new_units.items() if k == g) == members[g]
    assert _grid_rows(project, lock) == rows_before  # the whole row, geometry included
    kept = sum(len(m) for m in members.values())
    assert "Kept 2 locked grids ({} units) as they are.".format(kept) in feedback.infos
    # the other grids were rebalanced: within the tolerance of the target
    population = dict(sql(project, "SELECT unit_id, population FROM units"))
    sums = Counter()
    for unit, grid in new_units.items():
        sums[grid] += population[unit]
    free = [p for g, p in sums.items() if g not in lock]
    assert all(abs(p / 20000 - 1) <= 0.25 for p in free), free
    # the results cover every grid, locked ones included
    assert result["GRID_COUNT"] == len(sums) == len(_grid_ids(project))
    assert result["NON_CONTIGUOUS"] == 0 and result["NEST_VIOLATIONS"] == 0
    moved = [u for u, g in old_units.items() if g not in lock and new_units[u] != g]
    assert moved  # rebalanced around the locked grids
    # the output layer shows the locked grids as the project keeps them
    stored = dict(sql(project, "SELECT grid_id, population FROM grids"))
    output = {f["grid_id"]: f["population"] for f in result["OUTPUT"].getFeatures()}
    assert output == stored
    _check_consistent(project)


def test_grid_count_counts_the_locked_grids(project, run_alg):
    ids = sorted(_grid_ids(project))
    _write(project, "UPDATE grids SET locked = 1 WHERE grid_id IN (?, ?)", ids[:2])
    result = run_buildgrids(project, run_alg, GRID_COUNT=9, TARGET_POPULATION=0)
    assert result["GRID_COUNT"] == 9 and len(_grid_ids(project)) == 9
    assert set(ids[:2]) <= set(_grid_ids(project))
    _check_consistent(project)


def test_locked_grid_without_units_is_refused(project, run_alg):
    ids = sorted(_grid_ids(project))
    _write(project, "UPDATE grids SET locked = 1 WHERE grid_id = ?", (ids[0],))
    _write(project, "UPDATE units SET grid_id = ? WHERE grid_id = ?", (ids[1], ids[0]))
    before = _units(project)
    with pytest.raises(QgsProcessingException, match=ids[0]) as info:
        run_buildgrids(project, run_alg, TARGET_POPULATION=20000)
    assert "Unlock" in str(info.value)
    assert _units(project) == before


def test_register_and_retire_inside_a_transaction(project):
    when = timestamps.now_utc()
    with gpkg.write_transaction(project) as ds:
        register_codes(ds, [("X001", "X", 1, when), ("X002", None, None, when)])
        register_codes(ds, [("X001", "Y", 9, when)])  # already registered: left as it is
        retire_codes(ds, ["X002", "NEVER001"], when)
    registry = _registry(project)
    assert registry["X001"] == ("X001", "X", 1, when, None)
    assert registry["X002"].retired_at == when and registry["X002"].nest is None
    assert registry["NEVER001"].retired_at == when  # registered as retired
