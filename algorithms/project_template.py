"""The QGIS project stored inside every project GeoPackage: layers, styles, aliases, attribute
forms (value maps, ranges, defaults, constraints), in the project's language (Chinese or
English; field names are the data model and stay as they are)."""

import contextlib
import datetime as _dt
import json
import os
import re
import sqlite3
import uuid
from typing import Optional, Sequence

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsDefaultValue,
    QgsEditorWidgetSetup,
    QgsExpressionContextUtils,
    QgsFieldConstraints,
    QgsMapLayer,
    QgsPathResolver,
    QgsProject,
    QgsRectangle,
    QgsReferencedRectangle,
    QgsRuleBasedRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QUrl, QUrlQuery

from .core import schema

STYLE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "styles")

#: Layers shown in the embedded project (the sync tables stay in the file, out of the way).
SHOWN_LAYERS = ("feedback", "visits", "outlets", "grids", "units", "staff", "assignments")

#: Languages a project can be written in (``sg_meta.language``; a project without it is ``zh``).
LANGUAGES = ("zh", "en")

#: The project's own texts, (Chinese, English): they follow the project's language, not the
#: interface's (a project made in English QGIS is read on Chinese phones, and the other way).
TEXTS = {
    "project": ("服务网格项目", "Service grid project"),
    "project_of": ("服务网格项目：{}", "Service grid project: {}"),
    "package_of": ("外业包：{}", "Field package: {}"),
    "tables": ("数据表", "Tables"),
    "basemap": ("底图", "Basemap"),
    "inside": (
        "点位必须位于某个服务网格内：请把它移到网格中。",
        "The point must lie inside one of the service grids: move it into a grid.",
    ),
    "required_range": (
        "{alias}为必填项，取值 {low:g} 到 {high:g}。",
        "{alias} is required, from {low:g} to {high:g}.",
    ),
    "range": (
        "{alias}必须介于 {low:g} 与 {high:g} 之间。",
        "{alias} must be between {low:g} and {high:g}.",
    ),
    "required": ("{alias}为必填项：请选择或填写。", "{alias} is required: choose or enter it."),
    "expires": ("（有效期至 {}）", " (expires {})"),
    "expired": (
        "本外业包已于 {} 过期：反馈仍会保存并可同步，请向办公室领取新的外业包。",
        "This package expired on {}: the feedback is still saved and synced; ask the office "
        "for a new package.",
    ),
}

#: The feedback form's soft check of a package's expiry (``@sg_expires_at``: UTC text).
EXPIRY_CHECK = "@sg_expires_at IS NULL OR now() <= to_datetime(@sg_expires_at)"

#: Legend words of the styles (resources/styles, written in Chinese) that are not value labels.
_LEGEND_WORDS = (("网格", "Grid"), ("人/km²", "people/km²"))


def text(key: str, language: str = "zh") -> str:
    """One of the project's :data:`TEXTS` in ``language``."""
    zh, en = TEXTS[key]
    return en if language == "en" else zh


def layer_title(definition: schema.Layer, language: str = "zh") -> str:
    """A layer's name in the project."""
    return definition.title_en if language == "en" else definition.title_zh


def alias(fld: schema.Field, language: str = "zh") -> str:
    """A field's alias in the project."""
    return fld.alias_en if language == "en" else fld.alias_zh


def project_uri(path: str, name: str = schema.PROJECT_NAME) -> str:
    """The URI of the QGIS project stored in a GeoPackage, encoded as QGIS's own GeoPackage
    project storage encodes it (a path with ``?``, ``#`` or ``%`` in a folder or file name,
    a drive letter or a network share reads back unchanged)."""
    if path.startswith("//"):  # a network share given with slashes: QGIS keeps backslashes
        path = path.replace("/", "\\")
    url = QUrl()
    url.setScheme("geopackage")
    url.setPath(path)
    query = QUrlQuery()
    query.addQueryItem("projectName", name)
    url.setQuery(query)
    return bytes(url.toEncoded()).decode("utf-8")


def layer_uri(path: str, layer_name: str) -> str:
    """The OGR data source of one layer of a GeoPackage."""
    return "{}|layername={}".format(path, layer_name)


def configure_layer(
    layer: QgsVectorLayer,
    definition: schema.Layer,
    grids_layer_id: str = "",
    language: str = "zh",
    expires_at: Optional[str] = None,
) -> None:
    """Apply aliases, editor widgets, defaults, constraints and read-only flags, in
    ``language`` (``zh`` or ``en``: aliases, value-map labels, constraint messages).

    ``grids_layer_id`` (the project's grids layer) is used by the feedback form: the grid id
    is taken from the point's location, and a point outside every grid is refused;
    ``expires_at`` (a field package's expiry, UTC text) adds the form's soft expiry warning.
    """
    en = language == "en"
    fields = layer.fields()
    form = layer.editFormConfig()
    fid = fields.indexOf("fid")
    if fid >= 0:  # the file's own row number: not for people (rows are known by their ids)
        layer.setEditorWidgetSetup(fid, QgsEditorWidgetSetup("Hidden", {}))
    for fld in definition.fields:
        idx = fields.indexOf(fld.name)
        if idx < 0:
            continue
        layer.setFieldAlias(idx, alias(fld, language))
        if fld.values:
            value_map = [{en_label if en else zh: code} for code, zh, en_label in fld.values]
            layer.setEditorWidgetSetup(idx, QgsEditorWidgetSetup("ValueMap", {"map": value_map}))
        elif fld.range is not None and fld.type in (schema.INT, schema.INT64, schema.REAL):
            low, high = fld.range
            layer.setEditorWidgetSetup(
                idx,
                QgsEditorWidgetSetup(
                    "Range",
                    {
                        "Min": low,
                        "Max": high,
                        "Step": 1,
                        "Style": "SpinBox",
                        # a required number starts empty (NULL) and must be chosen: without
                        # AllowNull the spin box shows its minimum and the form saves it
                        "AllowNull": True,
                        "Precision": 0 if fld.type != schema.REAL else 1,
                    },
                ),
            )
        elif fld.type == schema.DATETIME:
            layer.setEditorWidgetSetup(
                idx,
                QgsEditorWidgetSetup(
                    "DateTime",
                    {
                        "display_format": "yyyy-MM-dd HH:mm",
                        "field_format": "yyyy-MM-ddTHH:mm:ss",
                        "calendar_popup": True,
                        "allow_null": not fld.not_null,
                    },
                ),
            )
        elif fld.name == "due_date":  # a date stored as text YYYY-MM-DD
            layer.setEditorWidgetSetup(
                idx,
                QgsEditorWidgetSetup(
                    "DateTime",
                    {
                        "display_format": "yyyy-MM-dd",
                        "field_format": "yyyy-MM-dd",
                        "calendar_popup": True,
                        "allow_null": True,
                    },
                ),
            )
        elif fld.name == "photo":
            layer.setEditorWidgetSetup(
                idx,
                QgsEditorWidgetSetup(
                    "ExternalResource",
                    {
                        "RelativeStorage": 1,
                        "DocumentViewer": 1,
                        "FileWidget": True,
                        "FileWidgetButton": True,
                    },
                ),
            )
            name_photos(layer, fld.name)
        elif fld.name == "notes":
            layer.setEditorWidgetSetup(
                idx, QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False})
            )
        if fld.default and ("{grids}" not in fld.default or grids_layer_id):
            expression = fld.default.replace("{grids}", grids_layer_id)
            layer.setDefaultValueDefinition(idx, QgsDefaultValue(expression, fld.default_on_update))
        if fld.name == "grid_id" and definition.name == "feedback" and grids_layer_id:
            layer.setConstraintExpression(
                idx,
                '"grid_id" IS NOT NULL',
                text("inside", language),
            )
            layer.setFieldConstraint(
                idx,
                QgsFieldConstraints.Constraint.ConstraintExpression,
                QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard,
            )
        if fld.not_null:
            layer.setFieldConstraint(
                idx,
                QgsFieldConstraints.Constraint.ConstraintNotNull,
                QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard,
            )
        if fld.unique:
            layer.setFieldConstraint(
                idx,
                QgsFieldConstraints.Constraint.ConstraintUnique,
                QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard,
            )
        if fld.range is not None:
            low, high = fld.range
            if fld.not_null:
                expression = '"{name}" IS NOT NULL AND "{name}" >= {low:g} AND "{name}" <= {high:g}'
                message = text("required_range", language)
            else:
                expression = '"{name}" IS NULL OR ("{name}" >= {low:g} AND "{name}" <= {high:g})'
                message = text("range", language)
            layer.setConstraintExpression(
                idx,
                expression.format(name=fld.name, low=low, high=high),
                message.format(alias=alias(fld, language), low=low, high=high),
            )
        elif fld.not_null and not fld.read_only:
            layer.setConstraintExpression(
                idx,
                '"{name}" IS NOT NULL'.format(name=fld.name),
                text("required", language).format(alias=alias(fld, language)),
            )
        if layer.constraintExpression(idx):
            layer.setFieldConstraint(
                idx,
                QgsFieldConstraints.Constraint.ConstraintExpression,
                QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard,
            )
        if fld.read_only:
            form.setReadOnly(idx, True)
        if fld.name == "package_id" and definition.name == "feedback" and expires_at:
            # a soft check: the form warns after the package's expiry but still saves
            layer.setConstraintExpression(
                idx, EXPIRY_CHECK, text("expired", language).format(expires_at[:10])
            )
            layer.setFieldConstraint(
                idx,
                QgsFieldConstraints.Constraint.ConstraintExpression,
                QgsFieldConstraints.ConstraintStrength.ConstraintStrengthSoft,
            )
    layer.setEditFormConfig(form)


#: Where QField puts a new photo, relative to the project's folder (the field sync reads it
#: there); QField's camera writes JPEG.
PHOTO_NAMING = "'DCIM/JPEG_' || format_date(now(), 'yyyyMMddhhmmsszzz') || '.jpg'"


def name_photos(layer: QgsVectorLayer, field: str) -> None:
    """Tell QField how to name the photos of ``field`` (the layer properties QFieldSync writes:
    ``QFieldSync/attachment_naming``, and ``QFieldSync/photo_naming`` for QField before 2.7)."""
    for key in ("QFieldSync/attachment_naming", "QFieldSync/photo_naming"):
        naming = json.loads(layer.customProperty(key) or "{}")
        naming[field] = PHOTO_NAMING
        layer.setCustomProperty(key, json.dumps(naming))


def load_style(layer: QgsVectorLayer, name: str, language: str = "zh") -> bool:
    """Load ``resources/styles/<name>.qml`` (symbology and labels) if it exists, its legend
    in ``language``."""
    path = os.path.join(STYLE_DIR, name + ".qml")
    if not os.path.exists(path):
        return False
    categories = (
        QgsMapLayer.StyleCategory.Symbology
        | QgsMapLayer.StyleCategory.Labeling
        | QgsMapLayer.StyleCategory.Rendering
    )
    _msg, ok = layer.loadNamedStyle(path, categories)
    if ok and language == "en":
        english_legend(layer)
    return ok


def _english(label: str, words: dict) -> str:
    """A legend label of the (Chinese) styles in English."""
    if label in words:
        return words[label]
    for zh, en in _LEGEND_WORDS:
        label = label.replace(zh, en)
    return label


def english_legend(layer: QgsVectorLayer) -> None:
    """Give the legend of a style written in Chinese its English labels (the catalogue labels
    of :mod:`core.schema` and a few words)."""
    words = {zh: en for catalogue in _catalogues() for _code, zh, en in catalogue}
    words.update(_LEGEND_WORDS)
    renderer = layer.renderer()
    if isinstance(renderer, QgsCategorizedSymbolRenderer):
        for i, category in enumerate(renderer.categories()):
            renderer.updateCategoryLabel(i, _english(category.label(), words))
    elif isinstance(renderer, QgsRuleBasedRenderer):
        for rule in renderer.rootRule().descendants():
            rule.setLabel(_english(rule.label(), words))
    elif hasattr(renderer, "ranges"):  # graduated
        for i, class_range in enumerate(renderer.ranges()):
            renderer.updateRangeLabel(i, _english(class_range.label(), words))


def _catalogues():
    """Every value list of the project's layers."""
    return [fld.values for layer in schema.PROJECT_LAYERS for fld in layer.fields if fld.values]


def embed_project(
    path: str,
    title: Optional[str] = None,
    variables: Optional[dict] = None,
    shown: Sequence[str] = SHOWN_LAYERS,
    language: str = "zh",
    view_extent: Optional[Sequence[float]] = None,
) -> None:
    """Write the ready-to-use QGIS project into the GeoPackage at ``path``.

    Layers refer to the GeoPackage relative to itself, so the file can be moved (keep its
    name). Each layer's style is also saved as its default style in the GeoPackage, so a layer
    added on its own looks the same. ``variables`` become project variables (a field package
    sets ``sg_package_id`` and ``sg_staff_id``, which the feedback form's defaults use);
    ``shown`` lists the layers of the project; ``language`` (``zh`` or ``en``) is the language
    of its layer names, aliases, value maps, forms and legend; ``view_extent`` (xmin, ymin,
    xmax, ymax in the layers' CRS) the map's default view instead of the units' extent. A
    variable ``sg_expires_at`` gives the feedback form its expiry warning.
    """
    expires_at = (variables or {}).get("sg_expires_at") or None
    project = QgsProject()
    project.setTitle(title or text("project", language))
    root = project.layerTreeRoot()
    tables_group = None
    extent = None
    layers = []
    try:
        for definition in schema.PROJECT_LAYERS:
            if definition.name not in shown:
                continue
            layer = QgsVectorLayer(
                layer_uri(path, definition.name), layer_title(definition, language), "ogr"
            )
            layers.append((definition, layer))
            if not layer.isValid():
                raise RuntimeError("cannot open layer {} of {}".format(definition.name, path))
        grids_id = next((layer.id() for d, layer in layers if d.name == "grids"), "")
        for definition, layer in layers:
            load_style(layer, definition.name, language)
            configure_layer(layer, definition, grids_id, language, expires_at)
            project.addMapLayer(layer, False)
            if definition.geometry is None:
                if tables_group is None:
                    tables_group = root.addGroup(text("tables", language))
                tables_group.addLayer(layer)
            else:
                root.addLayer(layer)
                if definition.name in ("units", "grids") and (
                    extent is None or definition.name == "units"
                ):
                    project.setCrs(layer.crs())
                    extent = layer.extent()
        if variables:
            QgsExpressionContextUtils.setProjectVariables(project, dict(variables))
        if view_extent is not None:
            extent = QgsRectangle(*view_extent)
        elif extent is not None:
            extent.scale(1.05)
        if extent is not None and not extent.isEmpty():
            project.viewSettings().setDefaultViewExtent(
                QgsReferencedRectangle(extent, project.crs())
            )
        store_project(project, path)
        # Only now, when nothing reads the layers any more: saving a style opens the file for
        # writing, after which the read-only connections of the layers cannot read it
        # ("sqlite3_get_table(…) failed: unable to open database file").
        for definition, layer in layers:
            title = layer_title(definition, language)
            layer.saveStyleToDatabase(definition.name, title, True, "")
    finally:
        release_layers([layer for _d, layer in layers])
        project.removeAllMapLayers()
        project.clear()


def store_project(project: QgsProject, path: str, name: str = schema.PROJECT_NAME) -> None:
    """Store ``project`` in the GeoPackage ``path`` as QGIS's GeoPackage project storage does
    (table ``qgis_projects``: the zipped ``.qgz``, hex-encoded; read with
    :func:`read_project`), but written with ``sqlite3`` on the plain path: that storage passes
    the file's path on as a URI, so it cannot write into a file whose folder or name holds
    ``#``, ``?`` or ``%`` (QGIS 3.22 to 3.40). The ``.qgz`` is written beside ``path`` first,
    so its layers refer to the GeoPackage as ``./<name>.gpkg``, as the storage writes them."""
    folder = os.path.dirname(os.path.abspath(path))
    qgz = os.path.join(folder, ".service-grid-{}.qgz".format(uuid.uuid4().hex))
    try:
        if not project.write(qgz):
            raise RuntimeError(
                "cannot store the QGIS project in {}: {}".format(path, project.error())
            )
        with open(qgz, "rb") as handle:
            content = handle.read().hex()
    finally:
        with contextlib.suppress(OSError):
            os.remove(qgz)
    metadata = json.dumps(
        {
            "last_modified_time": _dt.datetime.now().isoformat(timespec="seconds"),
            "last_modified_user": QgsApplication.userLoginName(),
        }
    )
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        con.execute(
            "CREATE TABLE IF NOT EXISTS qgis_projects"
            "(name TEXT PRIMARY KEY, metadata BLOB, content BLOB)"
        )
        con.execute(
            "INSERT OR REPLACE INTO qgis_projects (name, metadata, content) VALUES (?, ?, ?)",
            (name, metadata, content),
        )


def release_layers(layers: Sequence[QgsVectorLayer]) -> None:
    """Close every connection QGIS's OGR provider holds on the files of ``layers`` (the
    provider keeps pooled connections after a layer is deleted), so that the file can be
    moved, replaced or deleted at once (on Windows an open file cannot be). The layers are
    unusable afterwards: delete them (``QgsProject.removeAllMapLayers`` for those of a
    project)."""
    for layer in layers:
        provider = layer.dataProvider() if layer is not None else None
        if provider is not None:
            provider.reloadData()  # drops the provider's pooled connections to the file


#: A layer source that QGIS wrote relative to the project's own GeoPackage: ``./name.gpkg|…``
#: (``.\\name.gpkg|…`` from QGIS on Windows; any file name, Chinese too). QGIS 3.22 resolves a
#: layer's whole source ("./name.gpkg|layername=units"), QGIS 3.40 only its file part
#: ("./name.gpkg"): both forms are pointed at the file actually opened.
_OWN_FILE = re.compile(r"^\.[/\\][^|/\\]+\.gpkg((?:\|layername=.*)?)$", re.IGNORECASE)


def read_project(project: QgsProject, path: str) -> bool:
    """Read the project stored in the GeoPackage ``path`` into ``project``.

    QGIS stores the layers' paths relative to the GeoPackage but with its file name
    (``./name.gpkg|layername=units``), so a renamed file would open with broken layers (and a
    "handle unavailable layers" dialog). While reading, such paths are pointed at ``path``.
    """

    def own_file(source: str) -> str:
        match = _OWN_FILE.match(source)
        return path + match.group(1) if match else source

    handle = QgsPathResolver.setPathPreprocessor(own_file)
    try:
        return project.read(project_uri(path))
    finally:
        QgsPathResolver.removePathPreprocessor(handle)
