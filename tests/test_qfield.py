"""QField-ready field packages (docs/manual/qfield.md): the ``.qgz`` beside the package holds
only widgets QField draws and paths relative to its folder, opens in QGIS from a copied folder
with every layer valid, and a photo taken the way QField takes it (its attachment naming, the
project folder as root) is stored relative to the package and reaches the office through the
sync. QField itself cannot run here: this checks the project file QField reads."""

import io
import json
import os
import shutil
import zipfile

import pytest
from datasets import grid_points, sql
from qgis.core import (
    QgsEditorWidgetSetup,
    QgsExpression,
    QgsExpressionContextUtils,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayerUtils,
)

from service_grid.algorithms.core import fieldsync, schema
from service_grid.algorithms.core.qfield_check import (
    ATTACHMENT_NAMING,
    QFIELD_WIDGETS,
    check_qfield_project,
    form_widgets,
    layer_sources,
)
from service_grid.algorithms.qfield_project import MAX_PHOTO_SIDE

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 2000 + b"\xff\xd9"


def qgs_of(qgz_bytes: bytes) -> str:
    """The ``.qgs`` XML inside a ``.qgz``."""
    with zipfile.ZipFile(io.BytesIO(qgz_bytes)) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".qgs"))
        return archive.read(name).decode("utf-8")


@pytest.fixture
def made(two_staff_project, run_alg, tmp_path):
    """S01's package (with a small basemap) in its own folder."""
    folder = tmp_path / "S01_外业"
    folder.mkdir()
    project = str(tmp_path / "city.gpkg")
    shutil.copy(two_staff_project, project)
    result = run_alg(
        "servicegrid:createfieldpackage",
        {
            "PROJECT": project,
            "STAFF_ID": "S01",
            "OUTPUT": str(folder / "s01.gpkg"),
            "BASEMAP_MAX_ZOOM": 13,
        },
    )
    return project, result


def test_qfield_project_beside_the_package_passes_the_check(made):
    _project, result = made
    package = result["OUTPUT"]
    qgz = result["QFIELD_PROJECT"]
    assert qgz == os.path.splitext(package)[0] + ".qgz" and os.path.isfile(qgz)
    assert os.path.isdir(os.path.join(os.path.dirname(package), "DCIM"))
    with zipfile.ZipFile(qgz) as archive:  # the project file inside is named after the package
        stem = os.path.splitext(os.path.basename(package))[0]
        assert stem + ".qgs" in archive.namelist()
    assert not [n for n in os.listdir(os.path.dirname(package)) if "service-grid-" in n]
    with open(qgz, "rb") as handle:
        xml = qgs_of(handle.read())
    assert check_qfield_project(xml) == []
    sources = dict(layer_sources(xml))
    assert len(sources) == 8  # seven tables and layers (visits too), and the basemap
    assert all(
        s.startswith(("./s01.gpkg|layername=", "GPKG:./s01.gpkg:")) for s in sources.values()
    )
    widgets = form_widgets(xml)
    assert {kind for _l, _f, kind, _c in widgets} <= QFIELD_WIDGETS
    photo = [c for _l, f, kind, c in widgets if f == "photo"]
    assert photo == [photo[0]] and photo[0]["RelativeStorage"] == "1"
    # the project stored inside the package (QGIS desktop) has the same forms
    content = sql(package, "SELECT content FROM qgis_projects")[0][0]
    embedded = qgs_of(bytes.fromhex(content if isinstance(content, str) else content.decode()))
    assert check_qfield_project(embedded) == []
    assert sorted(form_widgets(embedded)) == sorted(widgets)


def test_qfield_project_opens_from_a_copied_folder(made, tmp_path):
    _project, result = made
    folder = os.path.dirname(result["OUTPUT"])
    copy = str(tmp_path / "phone" / "Imported Projects" / "S01 (1)")
    shutil.copytree(folder, copy)
    shutil.rmtree(folder)  # nothing may point back to where it was made
    project = QgsProject()
    try:
        assert project.read(os.path.join(copy, "s01.qgz"))
        assert os.path.samefile(project.homePath(), copy)
        layers = list(project.mapLayers().values())
        assert len(layers) == 8 and all(layer.isValid() for layer in layers)
        package = os.path.join(copy, "s01.gpkg")
        for layer in layers:
            source = layer.source()
            if isinstance(layer, QgsRasterLayer):
                assert source == "GPKG:{}:basemap".format(package)
            else:
                assert os.path.samefile(source.split("|")[0], package)
        bottom = [node.layer() for node in project.layerTreeRoot().findLayers()][-1]
        assert isinstance(bottom, QgsRasterLayer)
        editable = {
            layer.source().rsplit("layername=", 1)[-1]
            for layer in layers
            if not isinstance(layer, QgsRasterLayer) and not layer.readOnly()
        }
        assert editable == {"feedback"}
        assert project.readNumEntry("qfieldsync", "maximumImageWidthHeight")[0] == MAX_PHOTO_SIDE
    finally:
        project.removeAllMapLayers()
        project.clear()


def test_a_photo_taken_as_qfield_does_reaches_the_office(made):
    """QField's camera: the file goes to <project folder>/<attachment naming>, the field holds
    the naming's relative path; the sync copies the photo into the project's photo store."""
    project_file, result = made
    package, qgz = result["OUTPUT"], result["QFIELD_PROJECT"]
    project = QgsProject.instance()  # the form's expressions look layers up there
    try:
        assert project.read(qgz)
        feedback = project.mapLayersByName(schema.FEEDBACK.title_zh)[0]
        naming = feedback.customProperty(ATTACHMENT_NAMING)
        context = project.createExpressionContext()
        context.appendScope(QgsExpressionContextUtils.layerScope(feedback))
        relative = QgsExpression(json.loads(naming)["photo"]).evaluate(context)
        assert relative.startswith("DCIM/JPEG_") and relative.endswith(".jpg")
        with open(os.path.join(project.homePath(), relative), "wb") as handle:
            handle.write(JPEG)
        grid = sql(package, "SELECT grid_id FROM grids ORDER BY grid_id LIMIT 1")[0][0]
        x, y = grid_points(package)[grid]
        feature = QgsVectorLayerUtils.createFeature(
            feedback,
            QgsGeometry.fromPointXY(QgsPointXY(x, y)),
            {feedback.fields().indexOf("category"): "praise"},
            context,
        )
        # the form's defaults work in the .qgz as in the stored project (the grid from the
        # point against the grids layer, the package's own variables)
        assert feature["grid_id"] == grid and feature["staff_id"] == "S01"
        assert feature["package_id"] == result["PACKAGE_ID"] and feature["uuid"]
        feature["rating"] = 5
        feature["photo"] = relative
        assert feedback.startEditing() and feedback.addFeature(feature)
        assert feedback.commitChanges(), feedback.commitErrors()
    finally:
        project.removeAllMapLayers()
        project.clear()
    assert sql(package, "SELECT photo FROM feedback") == [(relative,)]
    run = fieldsync.sync_packages(project_file, [package])
    assert run.reports[0].inserted == 1
    assert run.reports[0].warnings == []  # the basemap's tiles are no "extra table"
    assert run.reports[0].photos == 1
    stored = sql(project_file, "SELECT photo FROM feedback WHERE category='praise'")[0][0]
    assert stored.endswith(".jpg") and not stored.startswith("DCIM")
    with open(os.path.join(os.path.dirname(project_file), stored), "rb") as handle:
        assert handle.read() == JPEG


def test_check_names_what_qfield_would_not_do(made, tmp_path):
    """The check is not a rubber stamp: an unsupported widget, absolute paths, a layer from
    another folder and a photo field stored with absolute paths are each reported."""
    _project, result = made
    project = QgsProject()
    try:
        assert project.read(result["QFIELD_PROJECT"])
        feedback = project.mapLayersByName(schema.FEEDBACK.title_zh)[0]
        notes = feedback.fields().indexOf("notes")
        feedback.setEditorWidgetSetup(notes, QgsEditorWidgetSetup("KeyValue", {}))
        photo = feedback.fields().indexOf("photo")
        feedback.setEditorWidgetSetup(
            photo, QgsEditorWidgetSetup("ExternalResource", {"RelativeStorage": 0})
        )
        project.writeEntry("Paths", "/Absolute", True)
        other = str(tmp_path / "elsewhere" / "bad.qgz")
        os.makedirs(os.path.dirname(other))
        assert project.write(other)
    finally:
        project.removeAllMapLayers()
        project.clear()
    with open(other, "rb") as handle:
        problems = check_qfield_project(qgs_of(handle.read()))
    text = "\n".join(problems)
    assert "absolute paths" in text
    assert "field notes uses the widget KeyValue" in text
    assert "photo field photo does not store paths relative" in text
    assert "is not beside the project" in text
