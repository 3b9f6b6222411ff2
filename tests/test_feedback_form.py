"""The feedback form (QGIS's own attribute dialog, driven as a user does): the rating starts
empty and OK stays disabled until it is chosen (an untouched form never stores 1★), in the
package's embedded project and in the Feedback dock; the dock's form follows QGIS's language."""

import pytest
from conftest import build_small_project, close_dock, open_dock
from datasets import grid_points, sql, write_assignments
from qgis.core import (
    QgsEditorWidgetSetup,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsSettings,
    QgsVectorLayerUtils,
)
from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext
from qgis.PyQt.QtWidgets import QDialogButtonBox, QLabel

from service_grid.algorithms.project_template import read_project
from service_grid.plugin.feedback_dock import FeedbackDock


@pytest.fixture(scope="module")
def package(plugin, qgis_processing, tmp_path_factory):
    """A field package of S01 (made by createfieldpackages) of a small Chinese project."""
    import processing

    folder = tmp_path_factory.mktemp("form")
    path = build_small_project(
        folder,
        [("S01", "张三", 20000)],
        [{"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"}],
    )
    grids = [g for (g,) in sql(path, "SELECT grid_id FROM grids ORDER BY grid_id")]
    write_assignments(path, [("S01", g) for g in grids[:3]])
    result = processing.run(
        "servicegrid:createfieldpackages",
        {"PROJECT": path, "STAFF_SELECTION": 0, "OUTPUT_FOLDER": str(folder / "out")},
    )
    return result["PACKAGES"]


@pytest.fixture
def locale():
    """Set QGIS's interface language for one test (restored after)."""
    settings = QgsSettings()
    before = (
        settings.value("locale/overrideFlag", None),
        settings.value("locale/userLocale", None),
    )

    def set_locale(name):
        settings.setValue("locale/overrideFlag", True)
        settings.setValue("locale/userLocale", name)

    yield set_locale
    for key, value in zip(("locale/overrideFlag", "locale/userLocale"), before):
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def _ok(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def _labels(dialog):
    return {label.text() for label in dialog.findChildren(QLabel)}


def _feedback_layer(project):
    return next(lyr for lyr in project.mapLayers().values() if "rating" in lyr.fields().names())


def test_the_packages_own_form_starts_without_a_rating(package, qtbot):
    project = QgsProject.instance()
    assert read_project(project, package)
    try:
        layer = _feedback_layer(project)
        setup = layer.editorWidgetSetup(layer.fields().indexOf("rating"))
        assert setup.type() == "Range" and setup.config()["AllowNull"] is True
        grid_id, (x, y) = next(iter(grid_points(package).items()))
        feature = QgsVectorLayerUtils.createFeature(
            layer, QgsGeometry.fromPointXY(QgsPointXY(x, y))
        )
        assert layer.startEditing()
        dialog = QgsAttributeDialog(layer, feature, False, None, True)
        dialog.setMode(QgsAttributeEditorContext.Mode.AddFeatureMode)
        qtbot.addWidget(dialog)
        dialog.show()
        form = dialog.attributeForm()
        form.changeAttribute("category", "praise")
        # only the category set: the rating is empty, OK is disabled
        assert form.currentFormFeature()["rating"] is None or str(
            form.currentFormFeature()["rating"]
        ) in ("NULL", "")
        assert not _ok(dialog).isEnabled()
        form.changeAttribute("rating", 5)
        assert _ok(dialog).isEnabled()
        _ok(dialog).click()
        assert layer.commitChanges()
        assert sql(package, "SELECT rating FROM feedback WHERE category = 'praise'") == [(5,)]
        assert grid_id
    finally:
        project.clear()


def test_the_docks_form_follows_qgis_language_and_fixes_an_old_rating(
    package, qtbot, qgis_iface, locale
):
    project = QgsProject.instance()
    assert read_project(project, package)
    dock = open_dock(FeedbackDock, qgis_iface)
    try:
        layer = dock.feedback_layer()
        index = layer.fields().indexOf("rating")
        # as an older plugin wrote it: the spin box shows 1 for an empty rating
        layer.setEditorWidgetSetup(
            index,
            QgsEditorWidgetSetup(
                "Range", {"Min": 1, "Max": 5, "Step": 1, "Style": "SpinBox", "AllowNull": False}
            ),
        )
        locale("en_US")
        _grid, (x, y) = list(grid_points(package).items())[1]
        with qtbot.waitSignal(dock.formOpened) as opened:
            dock.capture.add_feedback_at(QgsPointXY(x, y), layer.crs())
        dialog = opened.args[0]
        assert "Rating (1–5)" in _labels(dialog) and "Category" in _labels(dialog)
        form = dialog.attributeForm()
        form.changeAttribute("category", "complaint")
        assert not _ok(dialog).isEnabled()  # nothing stored as 1★ by an untouched form
        form.changeAttribute("rating", 2)
        assert _ok(dialog).isEnabled()
        with qtbot.waitSignal(dock.feedbackAdded):
            _ok(dialog).click()
        assert sql(package, "SELECT rating FROM feedback WHERE category = 'complaint'") == [(2,)]
        # Chinese QGIS: the next form is in Chinese
        locale("zh-Hans")
        with qtbot.waitSignal(dock.formOpened) as opened:
            dock.capture.add_feedback_at(QgsPointXY(x + 10, y + 10), layer.crs())
        assert "评分(1-5)" in _labels(opened.args[0])
        dock.capture.close_form()
    finally:
        close_dock(dock)
        project.clear()
