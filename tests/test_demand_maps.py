"""scripts/demand_maps.py (``make maps``) still draws its two pictures of the sample city:
the right size, small files, both panels really drawn, and the figures in the titles are
buildgrids' own."""

import os
import sys

import numpy as np
import pytest
from conftest import ROOT

WIDTH, HEIGHT = 640, 360


def _pixels(path):
    from qgis.PyQt.QtGui import QImage

    image = QImage(path)
    assert not image.isNull(), path
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pointer = image.constBits()
    pointer.setsize(image.sizeInBytes())
    rgb = np.frombuffer(pointer, dtype=np.uint8).reshape(image.height(), -1, 4)[:, :WIDTH, :3]
    return image.width(), image.height(), rgb.astype(float)


@pytest.fixture(scope="module")
def maps(plugin, tmp_path_factory):
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import demand_maps

    folder = tmp_path_factory.mktemp("maps")
    return folder, demand_maps.make_maps(str(folder), str(folder), WIDTH, HEIGHT)


def test_both_pictures_are_drawn_small_and_not_blank(maps):
    folder, runs = maps
    assert sorted(os.path.basename(p) for p in runs) == [
        "grids-by-density.png",
        "grids-by-income.png",
    ]
    for path in runs:
        assert os.path.dirname(path) == str(folder)
        assert 0 < os.path.getsize(path) < 300 * 1024
        width, height, rgb = _pixels(path)
        assert (width, height) == (WIDTH, HEIGHT)
        body = rgb[int(HEIGHT * 0.15) : int(HEIGHT * 0.8)]
        for panel in (body[:, : WIDTH // 2], body[:, WIDTH // 2 :]):  # each map has colours
            assert panel.std() > 20, path
            assert len(np.unique(panel.reshape(-1, 3), axis=0)) > 8, path


def test_the_titles_figures_come_from_the_runs(maps):
    _folder, runs = maps
    density, income = (runs[p] for p in sorted(runs))
    assert density["one_target"]["GRID_COUNT"] > 50
    assert density["by_density"]["NEST_VIOLATIONS"] == 0
    assert (
        income["homogeneity"]["INCOME_DISPERSION"] < income["population_only"]["INCOME_DISPERSION"]
    )
    for results in income.values():
        assert 0 <= results["ONE_TIER_SHARE"] <= 1
