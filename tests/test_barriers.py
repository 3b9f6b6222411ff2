"""Barriers (issue 14 item 4): the core cut of unit adjacencies on real shapely polygons, and
the Processing-side reader on real GeoPackage layers (reprojection, crossings, bad input)."""

import numpy as np
import pytest
import shapely
from datasets import FeedbackRecorder, write_layer
from osgeo import ogr, osr
from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterDefinition,
)
from shapely import affinity

from service_grid.algorithms.base import POLYGONS, ServiceGridAlgorithm
from service_grid.algorithms.build_grids_barriers import (
    BARRIER_TOLERANCE,
    BARRIERS,
    CROSSINGS,
    add_barrier_parameters,
    read_barriers,
)
from service_grid.algorithms.core.adjacency import shared_boundaries
from service_grid.algorithms.core.barriers import BarrierCut, Barriers, cut_by_barriers
from service_grid.algorithms.core.errors import InputError
from service_grid.algorithms.core.gridding import barrier_messages
from service_grid.algorithms.qgis_io import polygon_units_source, read_table

#: The lattice: N × N square units of CELL metres from (X0, Y0), unit i * N + j in row i,
#: column j.
N, CELL, X0, Y0 = 6, 500.0, 400000.0, 3500000.0


def lattice(n=N, cell=CELL, x0=0.0, y0=0.0):
    return np.array(
        [
            shapely.box(x0 + j * cell, y0 + i * cell, x0 + (j + 1) * cell, y0 + (i + 1) * cell)
            for i in range(n)
            for j in range(n)
        ]
    )


def column_pairs(j, n=N):
    """The pairs across the boundary between columns j and j + 1, as (i*n+j, i*n+j+1)."""
    return {(i * n + j, i * n + j + 1) for i in range(n)}


def cut_pairs(pairs, cut: BarrierCut):
    return {tuple(int(v) for v in p) for p in pairs[~cut.keep]}


def river_along(x, wobble=20.0, n=N, cell=CELL, x0=0.0, y0=0.0):
    """A river digitised near the vertical line ``x`` (within ``wobble`` metres), beyond the
    lattice at both ends."""
    ys = np.linspace(y0 - 100.0, y0 + n * cell + 100.0, 25)
    xs = x0 + x + wobble * np.sin(np.arange(len(ys)))
    return shapely.linestrings(np.column_stack([xs, ys]))


# ---------------------------------------------------------------------- core


def test_river_along_a_column_boundary_cuts_exactly_those_pairs():
    geoms = lattice()
    pairs, _ = shared_boundaries(geoms)
    cut = cut_by_barriers(geoms, pairs, Barriers(np.array([river_along(3 * CELL)])))
    assert cut_pairs(pairs, cut) == column_pairs(2)
    assert cut.cut == N and cut.kept_by_crossing == 0 and cut.skipped == 0
    assert cut.keep.shape == (len(pairs),) and cut.keep.sum() == len(pairs) - N


def test_a_crossing_on_one_shared_edge_keeps_that_pair():
    geoms = lattice()
    pairs, _ = shared_boundaries(geoms)
    bridge = shapely.Point(3 * CELL + 30.0, 2.5 * CELL)  # on the edge of units 14 and 15
    far = shapely.Point(3 * CELL + 2000.0, 2.5 * CELL)  # near no shared boundary cut
    barriers = Barriers(np.array([river_along(3 * CELL)]), np.array([bridge, far]))
    cut = cut_by_barriers(geoms, pairs, barriers)
    assert cut_pairs(pairs, cut) == column_pairs(2) - {(14, 15)}
    assert cut.cut == N - 1 and cut.kept_by_crossing == 1
    # a bridge drawn as a line across the river works the same
    line = shapely.LineString([(3 * CELL - 40, 0.5 * CELL), (3 * CELL + 40, 0.5 * CELL)])
    cut = cut_by_barriers(geoms, pairs, Barriers(barriers.lines, np.array([line])))
    assert cut_pairs(pairs, cut) == column_pairs(2) - {(2, 3)}


def test_a_river_across_the_boundaries_cuts_nothing():
    geoms = lattice()
    pairs, _ = shared_boundaries(geoms)
    across = shapely.LineString([(-100, 2.5 * CELL), (N * CELL + 100, 2.5 * CELL + 40)])
    diagonal = shapely.LineString([(-100, -90), (N * CELL + 100, N * CELL + 110)])
    for river in (across, diagonal):
        cut = cut_by_barriers(geoms, pairs, Barriers(np.array([river])))
        assert cut.cut == 0 and cut.keep.all()


def test_tolerance_decides_how_near_a_boundary_must_be():
    geoms = lattice()
    pairs, _ = shared_boundaries(geoms)
    river = np.array([river_along(3 * CELL + 80.0, wobble=0.0)])  # 80 m beside the boundary
    assert cut_by_barriers(geoms, pairs, Barriers(river, tolerance=50.0)).cut == 0
    cut = cut_by_barriers(geoms, pairs, Barriers(river, tolerance=100.0))
    assert cut_pairs(pairs, cut) == column_pairs(2)
    # tolerance 0: only a barrier drawn on the boundary itself
    on = np.array([shapely.LineString([(3 * CELL, -100), (3 * CELL, N * CELL + 100)])])
    assert cut_pairs(pairs, cut_by_barriers(geoms, pairs, Barriers(on, tolerance=0))) == (
        column_pairs(2)
    )
    assert cut_by_barriers(geoms, pairs, Barriers(river, tolerance=0)).cut == 0


def test_empty_and_unusable_input_cuts_nothing():
    geoms = lattice()
    pairs, _ = shared_boundaries(geoms)
    cut = cut_by_barriers(geoms, pairs, Barriers(np.empty(0, dtype=object)))
    assert cut.cut == 0 and cut.keep.all() and cut.skipped == 0
    bowtie = shapely.from_wkt("POLYGON((1400 0, 1600 3000, 1600 0, 1400 3000, 1400 0))")
    junk = np.array([None, shapely.LineString(), bowtie, shapely.Point(1500, 100)])
    cut = cut_by_barriers(geoms, pairs, Barriers(junk, np.array([None, shapely.Point()])))
    assert cut.cut == 0 and cut.keep.all() and cut.skipped == 6
    # the usable ones still work beside the skipped ones
    lines = np.concatenate([junk, [river_along(3 * CELL)]])
    cut = cut_by_barriers(geoms, pairs, Barriers(lines))
    assert cut_pairs(pairs, cut) == column_pairs(2) and cut.skipped == 4
    none = cut_by_barriers(geoms, np.zeros((0, 2), dtype=np.int64), Barriers(lines))
    assert none.keep.shape == (0,) and none.cut == 0


def test_polygon_barrier_cuts_along_its_outline():
    geoms = lattice()
    pairs, _ = shared_boundaries(geoms)
    water = shapely.box(3 * CELL - 10, -10, 3 * CELL + 20, N * CELL + 10)
    lake = shapely.MultiPolygon([water])
    for barrier in (water, lake):
        cut = cut_by_barriers(geoms, pairs, Barriers(np.array([barrier])))
        assert cut_pairs(pairs, cut) == column_pairs(2)


def test_bad_tolerance_is_refused():
    geoms = lattice()
    pairs, _ = shared_boundaries(geoms)
    for bad in (-1.0, float("nan"), "far"):
        with pytest.raises(InputError, match="barrier tolerance must be a distance of 0"):
            cut_by_barriers(geoms, pairs, Barriers(np.array([river_along(1500)]), tolerance=bad))


def test_deterministic_and_independent_of_pair_order():
    geoms = lattice()
    pairs, _ = shared_boundaries(geoms)
    barriers = Barriers(
        np.array([river_along(3 * CELL), river_along(CELL, wobble=5.0)]),
        np.array([shapely.Point(CELL, 4.5 * CELL)]),
    )
    first = cut_by_barriers(geoms, pairs, barriers)
    order = np.random.default_rng(1).permutation(len(pairs))
    shuffled = cut_by_barriers(geoms, pairs[order][:, ::-1], barriers)
    assert np.array_equal(shuffled.keep, first.keep[order])
    assert (first.cut, first.kept_by_crossing) == (shuffled.cut, shuffled.kept_by_crossing)
    assert cut_pairs(pairs, first) == column_pairs(2) | column_pairs(0) - {(24, 25)}


def test_neighbours_whose_vertices_do_not_match():
    """A slanted edge met by two neighbours at a vertex that is not exactly on it (a
    T-junction): their shared boundaries are still measured."""
    third = (500.0 + 100.0 / 3.0, 500.0 / 3.0)
    left = shapely.Polygon([(0, 0), (500, 0), (600, 500), (0, 500)])
    low = shapely.Polygon([(500, 0), (1000, 0), (1000, third[1]), third])
    high = shapely.Polygon([third, (1000, third[1]), (1000, 500), (600, 500)])
    geoms = np.array([left, low, high])
    pairs, _ = shared_boundaries(geoms)
    assert {tuple(p) for p in pairs} == {(0, 1), (0, 2), (1, 2)}
    river = shapely.LineString([(490, -50), (610, 550)])
    cut = cut_by_barriers(geoms, pairs, Barriers(np.array([river])))
    assert cut_pairs(pairs, cut) == {(0, 1), (0, 2)}


# ---------------------------------------------------------------------- QGIS reader


class BarrierProbe(ServiceGridAlgorithm):
    """A throwaway algorithm: units and the barrier parameters; it reads them as
    'Build service grids' does and cuts the units' adjacencies."""

    ALGORITHM_ID = "barrierprobe"
    GROUP_ID = "grids"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_source("INPUT", "Units", POLYGONS)
        add_barrier_parameters(self)
        self.add_outputs({"CUT": "CUT", "KEPT": "KEPT", "SKIPPED": "SKIPPED"})
        self.add_outputs({"CUT_PAIRS": "CUT_PAIRS"}, QgsProcessingOutputString)

    def process(self, parameters, context, feedback):
        source, label, crs = polygon_units_source(self, parameters, "INPUT", context, feedback)
        raw = read_table(source, label, {"code": "code"}, feedback, crs, context=context)
        geoms = shapely.from_wkb(raw.geometries)
        pairs, _ = shared_boundaries(geoms)
        barriers = read_barriers(self, parameters, context, crs, feedback)
        if barriers is None:
            return {"CUT": -1, "KEPT": -1, "SKIPPED": -1, "CUT_PAIRS": ""}
        cut = cut_by_barriers(geoms, pairs, barriers)
        for line in barrier_messages(cut):  # as buildgrids logs them (its core messages)
            feedback.pushWarning(line)
        codes = raw.columns["code"]
        names = sorted("{}-{}".format(codes[i], codes[j]) for i, j in pairs[~cut.keep])
        return {
            "CUT": cut.cut,
            "KEPT": cut.kept_by_crossing,
            "SKIPPED": cut.skipped,
            "CUT_PAIRS": ",".join(names),
        }


def _units(tmp_path, x0=X0, y0=Y0, cell=CELL, epsg=32650):
    rows = [
        {
            "code": "U{}{}".format(i, j),
            "wkt": shapely.box(
                x0 + j * cell, y0 + i * cell, x0 + (j + 1) * cell, y0 + (i + 1) * cell
            ).wkt,
        }
        for i in range(N)
        for j in range(N)
    ]
    path = str(tmp_path / "units{}.gpkg".format(epsg))
    return write_layer(path, "units", ogr.wkbPolygon, {"code": ogr.OFTString}, rows, epsg)


def _to_lonlat(geometry, epsg=32650):
    """``geometry`` (in ``epsg``) in EPSG:4326, longitude first."""
    utm, wgs = osr.SpatialReference(), osr.SpatialReference()
    utm.ImportFromEPSG(epsg)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ogr_geometry = ogr.CreateGeometryFromWkt(geometry.wkt)
    ogr_geometry.Transform(osr.CoordinateTransformation(utm, wgs))
    return ogr_geometry.ExportToWkt()


def _layer(tmp_path, name, kind, wkts, epsg=32650):
    rows = [{"wkt": wkt} for wkt in wkts]
    return write_layer(str(tmp_path / (name + ".gpkg")), name, kind, {}, rows, epsg)


#: The pairs across the boundary between columns 2 and 3, by unit code.
COLUMN_2_3 = ",".join(sorted("U{}2-U{}3".format(i, i) for i in range(N)))


def _probe(plugin, params, feedback=None):
    import processing

    alg = BarrierProbe()
    alg.initAlgorithm()
    return processing.run(alg, params, feedback=feedback or FeedbackRecorder())


def test_parameters_are_advanced_and_optional(plugin):
    alg = BarrierProbe()
    alg.initAlgorithm()
    advanced = QgsProcessingParameterDefinition.Flag.FlagAdvanced
    optional = QgsProcessingParameterDefinition.Flag.FlagOptional
    for key in (BARRIERS, CROSSINGS, BARRIER_TOLERANCE):
        definition = alg.parameterDefinition(key)
        assert definition.flags() & advanced, key
    assert alg.parameterDefinition(BARRIERS).flags() & optional
    assert alg.parameterDefinition(CROSSINGS).flags() & optional
    tolerance = alg.parameterDefinition(BARRIER_TOLERANCE)
    assert tolerance.defaultValue() == 50.0 and tolerance.minimum() == 0.0
    assert "Barriers (rivers" in alg.parameterDefinition(BARRIERS).description()
    assert isinstance(alg.outputDefinition("CUT"), QgsProcessingOutputNumber)


def test_reads_barriers_in_another_crs_and_crossings(plugin, tmp_path):
    units = _units(tmp_path)
    river = affinity.translate(river_along(3 * CELL), X0, Y0)
    barriers = _layer(tmp_path, "rivers", ogr.wkbLineString, [_to_lonlat(river)], epsg=4326)
    feedback = FeedbackRecorder()
    out = _probe(plugin, {"INPUT": units, BARRIERS: barriers}, feedback)
    assert out["CUT_PAIRS"] == COLUMN_2_3 and out["CUT"] == N and out["KEPT"] == 0
    assert "Barriers cut 6 adjacencies between units; 0 near a barrier were kept" in " ".join(
        feedback.warnings
    )

    bridge = "POINT({} {})".format(X0 + 3 * CELL + 10, Y0 + 2.5 * CELL)
    crossings = _layer(tmp_path, "bridges", ogr.wkbPoint, [bridge])
    feedback = FeedbackRecorder()
    out = _probe(plugin, {"INPUT": units, BARRIERS: barriers, CROSSINGS: crossings}, feedback)
    assert out["CUT"] == N - 1 and out["KEPT"] == 1 and "U22-U23" not in out["CUT_PAIRS"]
    assert "5 adjacencies between units; 1 near a barrier were kept" in " ".join(feedback.warnings)

    # the tolerance is in metres of the units' CRS, whatever the barriers' CRS
    out = _probe(plugin, {"INPUT": units, BARRIERS: barriers, BARRIER_TOLERANCE: 0})
    assert out["CUT"] == 0


def test_tolerance_in_metres_with_units_in_feet(plugin, tmp_path):
    """Units in a CRS in US feet (EPSG:2263): the tolerance is still metres."""
    x0, y0, cell = 1000000.0, 200000.0, 1640.0  # cells of about 500 m
    units = _units(tmp_path, x0, y0, cell, epsg=2263)
    beside = river_along(3 * cell + 80.0, wobble=0.0, cell=cell, x0=x0, y0=y0)  # 24 m away
    wkt = _to_lonlat(beside, epsg=2263)
    barriers = _layer(tmp_path, "river_ft", ogr.wkbLineString, [wkt], epsg=4326)
    out = _probe(plugin, {"INPUT": units, BARRIERS: barriers, BARRIER_TOLERANCE: 30})
    assert out["CUT_PAIRS"] == COLUMN_2_3
    out = _probe(plugin, {"INPUT": units, BARRIERS: barriers, BARRIER_TOLERANCE: 20})
    assert out["CUT"] == 0


def test_polygon_barriers_and_skipped_geometries(plugin, tmp_path):
    units = _units(tmp_path)
    water = shapely.box(X0 + 3 * CELL - 10, Y0 - 10, X0 + 3 * CELL + 20, Y0 + N * CELL + 10)
    bowtie = "POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))"
    barriers = _layer(tmp_path, "water", ogr.wkbPolygon, [water.wkt, bowtie, None])
    feedback = FeedbackRecorder()
    out = _probe(plugin, {"INPUT": units, BARRIERS: barriers}, feedback)
    assert out["CUT_PAIRS"] == COLUMN_2_3 and out["SKIPPED"] == 2
    assert any("2 barrier or crossing geometries" in w for w in feedback.warnings)


def test_without_barriers_nothing_is_read(plugin, tmp_path):
    units = _units(tmp_path)
    out = _probe(plugin, {"INPUT": units})
    assert out["CUT"] == -1
    bridge = "POINT({} {})".format(X0 + 3 * CELL, Y0 + 2.5 * CELL)
    crossings = _layer(tmp_path, "bridges", ogr.wkbPoint, [bridge])
    feedback = FeedbackRecorder()
    out = _probe(plugin, {"INPUT": units, CROSSINGS: crossings}, feedback)
    assert out["CUT"] == -1
    assert any("Crossings are ignored without barriers" in w for w in feedback.warnings)


def test_bad_barrier_layers_are_refused(plugin, tmp_path):
    units = _units(tmp_path)
    points = _layer(tmp_path, "wells", ogr.wkbPoint, ["POINT({} {})".format(X0, Y0)])
    with pytest.raises(QgsProcessingException, match="does not hold lines or polygons"):
        _probe(plugin, {"INPUT": units, BARRIERS: points})
    line = "LINESTRING({} {}, {} {})".format(X0 + 1500, Y0, X0 + 1500, Y0 + 3000)
    no_crs = _layer(tmp_path, "nocrs", ogr.wkbLineString, [line], epsg=None)
    with pytest.raises(QgsProcessingException, match="no coordinate reference system"):
        _probe(plugin, {"INPUT": units, BARRIERS: no_crs})
    missing = str(tmp_path / "missing.gpkg")
    with pytest.raises(QgsProcessingException):
        _probe(plugin, {"INPUT": units, BARRIERS: missing})
