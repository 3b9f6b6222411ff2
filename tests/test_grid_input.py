"""The grid input rules without QGIS: population, numbers, ids, geometry, representative point."""

import numpy as np
import pytest
import shapely

from service_grid.algorithms.core.errors import InputError
from service_grid.algorithms.core.grid_input import prepare_grids, representative_points

SQUARE = shapely.box(0, 0, 10, 10).wkb
#: A "U": its centroid (5, ~3.9) lies in the notch, outside the polygon.
U_SHAPE = shapely.Polygon([(0, 0), (10, 0), (10, 10), (8, 10), (8, 2), (2, 2), (2, 10), (0, 10)])


def _prepare(population, **kwargs):
    n = len(population)
    columns = {"grid_id": ["G{}".format(i + 1) for i in range(n)], "population": population}
    columns.update(kwargs.pop("columns", {}))
    return prepare_grids(list(range(1, n + 1)), columns, {"population": "pop"}, "grids", **kwargs)


def test_numbers_are_parsed_and_ids_kept():
    grids = _prepare([10, "1,200", 0.0], columns={"demand_index": [None, "50", 70]})
    assert grids.ids == ["G1", "G2", "G3"] and grids.has_id
    assert grids.population.tolist() == [10.0, 1200.0, 0.0]
    assert grids.columns["demand_index"] == [None, 50.0, 70.0]
    assert grids.xy is None and grids.geometries is None


def test_null_population_is_refused():
    with pytest.raises(InputError, match=r"'pop' is empty \(NULL\) for 1 grid\(s\): G2"):
        _prepare([10, None, 5])


def test_negative_population_is_refused():
    with pytest.raises(InputError, match="negative values for 1 grid.*G3"):
        _prepare([10, 5, -1])


def test_negative_other_column_only_where_asked():
    grids = _prepare([1, 2], columns={"quality": [-1, 0]})
    assert grids.columns["quality"] == [-1.0, 0.0]
    with pytest.raises(InputError, match="negative"):
        _prepare([1, 2], columns={"quality": [-1, 0]}, non_negative=("quality",))


def test_non_numeric_is_refused_with_the_values():
    with pytest.raises(InputError) as info:
        _prepare([1, "many", 3])
    message = str(info.value)
    assert "must hold numbers" in message and "G2" in message and "'many'" in message


def test_ids_without_grid_id_and_unique_ids():
    grids = prepare_grids([7, 8], {"population": [1, 2]}, {}, "grids")
    assert grids.ids == ["fid 7", "fid 8"] and not grids.has_id
    columns = {"grid_id": ["A", "A"], "population": [1, 2]}
    assert prepare_grids([1, 2], columns, {}, "grids").ids == ["A", "A"]
    with pytest.raises(InputError, match="must be unique"):
        prepare_grids([1, 2], columns, {}, "grids", unique_ids=True)
    with pytest.raises(InputError, match="grid_id of layer 'g' is empty"):
        prepare_grids(
            [1, 2], {"grid_id": ["A", None], "population": [1, 2]}, {}, "g", unique_ids=True
        )


def test_empty_geometry_is_refused():
    empty = shapely.Polygon().wkb
    with pytest.raises(InputError, match="2 grid.*have no geometry: G2, G3"):
        _prepare([1, 2, 3], wkbs=[SQUARE, None, empty])


def test_representative_point_inside_a_concave_grid():
    grids = _prepare([1, 2], wkbs=[SQUARE, U_SHAPE.wkb])
    assert grids.xy[0].tolist() == [5.0, 5.0]  # the centroid where it is inside
    assert not U_SHAPE.contains(U_SHAPE.centroid)
    assert U_SHAPE.contains(shapely.Point(grids.xy[1]))


def test_invalid_geometry_is_repaired():
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    grids = _prepare([1], wkbs=[bowtie.wkb])
    assert shapely.is_valid(grids.geometries).all()
    xy = representative_points(grids.geometries)
    assert np.isfinite(xy).all()
    assert grids.geometries[0].intersects(shapely.Point(xy[0]))
