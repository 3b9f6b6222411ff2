"""QGIS input and output of the algorithms: sources read into the core's plain tables (and the
grids checked by the core), the project CRS, and result features written to sinks."""

from typing import Dict, Optional, Tuple

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProject,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QMetaType

from .core import schema
from .core.errors import CancelledError
from .core.grid_input import GridInput, prepare_grids
from .core.labels import ui_language
from .core.tables import RawTable, guess_fields

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


def utm_crs_for(lon: float, lat: float) -> QgsCoordinateReferenceSystem:
    """The WGS 84 / UTM zone CRS that contains ``lon, lat``."""
    zone = int((lon + 180.0) // 6.0) % 60 + 1
    code = (32600 if lat >= 0 else 32700) + zone
    return QgsCoordinateReferenceSystem("EPSG:{}".format(code))


def utm_crs_of(crs, extent, transform_context) -> QgsCoordinateReferenceSystem:
    """The WGS 84 / UTM zone CRS of the centre of ``extent`` (in ``crs``); ``transform_context``
    is a QgsCoordinateTransformContext or a QgsProject."""
    to_wgs = QgsCoordinateTransform(crs, WGS84, transform_context)
    centre = to_wgs.transformBoundingBox(QgsRectangle(extent)).center()
    return utm_crs_for(centre.x(), centre.y())


def require_crs(source, layer_label: str) -> QgsCoordinateReferenceSystem:
    """The source's CRS; refuse a source without one, saying how to set it."""
    crs = source.sourceCrs()
    if not crs_is_defined(crs):
        raise QgsProcessingException(
            QCoreApplication.translate(
                "qgis_io",
                "Layer '{layer}' has no coordinate reference system (CRS). Set it first: Layer "
                "Properties ▸ Source ▸ Assigned Coordinate Reference System (or the Processing "
                "tool 'Assign projection'), choosing the CRS the coordinates were captured in, "
                "e.g. EPSG:4490 (CGCS2000) or EPSG:4326 (WGS 84).",
            ).format(layer=layer_label)
        )
    return crs


def crs_is_defined(crs: QgsCoordinateReferenceSystem) -> bool:
    """False for a missing CRS and for GeoPackage's "Undefined geographic/Cartesian SRS"."""
    if not crs.isValid():
        return False
    return bool(crs.authid()) or "undefined" not in crs.description().lower()


def project_crs_for(source, layer_label: str) -> Tuple[QgsCoordinateReferenceSystem, Optional[str]]:
    """The projected CRS to store a project in, and a message if the input was reprojected."""
    crs = require_crs(source, layer_label)
    if not crs.isGeographic():
        return crs, None
    extent = source.sourceExtent()
    if extent.isEmpty() and extent.width() == 0 and extent.height() == 0 and extent.xMinimum() == 0:
        raise QgsProcessingException(
            QCoreApplication.translate("qgis_io", "Layer '{layer}' has no features.").format(
                layer=layer_label
            )
        )
    target = utm_crs_of(crs, extent, QgsProject.instance())
    message = QCoreApplication.translate(
        "qgis_io",
        "Layer '{layer}' is in a geographic CRS ({src}); areas and distances need metres, so "
        "the project is stored in {dst} ({name}).",
    ).format(layer=layer_label, src=crs.authid(), dst=target.authid(), name=target.description())
    return target, message


def read_table(
    source,
    layer_label: str,
    mapping: Dict[str, str],
    feedback=None,
    target_crs: Optional[QgsCoordinateReferenceSystem] = None,
    with_geometry: bool = True,
    context=None,
) -> RawTable:
    """Read ``source`` into a :class:`RawTable`, mapping the user's fields to ours.

    ``mapping`` is ``{our name: user field}``. Geometries are transformed to ``target_crs``
    and kept as WKB. Invalid geometries are read as they are: the core repairs and reports them.
    """
    names = source.fields().names()
    missing = [user for user in mapping.values() if user not in names]
    if missing:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "qgis_io",
                "Field(s) {missing} not found in layer '{layer}'. Its fields are: {fields}.",
            ).format(missing=", ".join(missing), layer=layer_label, fields=", ".join(names))
        )
    indexes = {ours: names.index(user) for ours, user in mapping.items()}
    columns = {ours: [] for ours in mapping}
    fids = []
    geometries = [] if with_geometry else None
    transform = None
    if with_geometry and target_crs is not None and source.sourceCrs() != target_crs:
        transform = QgsCoordinateTransform(
            source.sourceCrs(),
            target_crs,
            context.transformContext() if context else QgsProject.instance().transformContext(),
        )
    request = QgsFeatureRequest()
    if not with_geometry:
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes(list(indexes.values()))
    if isinstance(source, QgsProcessingFeatureSource):
        iterator = source.getFeatures(
            request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks
        )
    else:
        request.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
        iterator = source.getFeatures(request)
    total = max(source.featureCount(), 1)
    for n, feature in enumerate(iterator):
        if feedback is not None:
            if feedback.isCanceled():
                break
            if n % 1000 == 0:
                feedback.setProgress(100.0 * n / total)
        fids.append(feature.id())
        attrs = feature.attributes()
        for ours, idx in indexes.items():
            value = attrs[idx]
            columns[ours].append(None if value is None or is_null(value) else value)
        if with_geometry:
            geom = feature.geometry()
            if geom is None or geom.isNull():
                geometries.append(None)
                continue
            if transform is not None:
                geom.transform(transform)
            geometries.append(bytes(geom.asWkb()))
    return RawTable(layer_label, fids, columns, dict(mapping), geometries)


def is_null(value) -> bool:
    """QGIS NULL (a null QVariant) in PyQt5 and PyQt6."""
    try:
        return value.isNull()
    except AttributeError:
        return False


def geometry_kind(source) -> str:
    """``polygon``, ``point``, ``line``, ``none`` or ``unknown`` for a feature source."""
    kind = QgsWkbTypes.geometryType(source.wkbType())
    return {
        QgsWkbTypes.GeometryType.PolygonGeometry: "polygon",
        QgsWkbTypes.GeometryType.PointGeometry: "point",
        QgsWkbTypes.GeometryType.LineGeometry: "line",
        QgsWkbTypes.GeometryType.NullGeometry: "none",
    }.get(kind, "unknown")


def polygon_units_source(alg, parameters, key, context, feedback):
    """The units source of ``alg`` (parameter ``key``), checked: polygons, not empty, a CRS.

    Returns ``(source, label, working CRS)``; a geographic CRS is replaced by its UTM zone and
    the log says so. Raises QgsProcessingException with what to do otherwise.
    """
    source = _source(alg, parameters, key, context)
    label = source.sourceName() or QCoreApplication.translate("qgis_io", "units")
    if geometry_kind(source) != "polygon":
        raise QgsProcessingException(
            QCoreApplication.translate(
                "qgis_io",
                "Layer '{layer}' does not hold polygons, but units must be polygons (the "
                "communities or villages to group into grids). Choose a polygon layer.",
            ).format(layer=label)
        )
    if source.featureCount() == 0:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "qgis_io",
                "Layer '{layer}' has no features. Choose the layer of your administrative units "
                "with their population.",
            ).format(layer=label)
        )
    return source, label, _working_crs(source, label, feedback)


def grids_source(alg, parameters, key, context, feedback, working_crs=True):
    """The service grids source of ``alg`` (parameter ``key``), checked: polygons, not empty.

    Returns ``(source, label, working CRS)`` as :func:`polygon_units_source` does; with
    ``working_crs=False`` the CRS is not checked and ``None`` is returned for it.
    """
    source = _source(alg, parameters, key, context)
    label = source.sourceName() or QCoreApplication.translate("qgis_io", "grids")
    if geometry_kind(source) != "polygon":
        raise QgsProcessingException(
            QCoreApplication.translate(
                "qgis_io",
                "Layer '{layer}' does not hold polygons, but service grids must be polygons. "
                "Choose the grids layer (e.g. the project's grids or the output of 'Build "
                "service grids').",
            ).format(layer=label)
        )
    if source.featureCount() == 0:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "qgis_io",
                "Layer '{layer}' has no features. Choose a layer of service grids with their "
                "population (e.g. the output of 'Build service grids').",
            ).format(layer=label)
        )
    return source, label, _working_crs(source, label, feedback) if working_crs else None


def _source(alg, parameters, key, context):
    source = alg.parameterAsSource(parameters, key, context)
    if source is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, key))
    return source


def _working_crs(source, label, feedback):
    crs, reprojected = project_crs_for(source, label)
    if reprojected:
        feedback.pushWarning(reprojected)
    return crs


def grid_fields(source, label: str) -> Dict[str, str]:
    """``{our name: user field}`` for the population (required) and grid_id (if present)."""
    names = source.fields().names()
    mapping = guess_fields(names, ["population"])
    if "population" not in mapping:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "qgis_io",
                "The grids layer '{layer}' has no population field (population or 人口). Its "
                "fields are: {fields}. Build the grids with 'Build service grids' or add the "
                "population of each grid.",
            ).format(layer=label, fields=", ".join(names))
        )
    grid_id = lower_names(source).get("grid_id")
    if grid_id:
        mapping["grid_id"] = grid_id
    return mapping


def lower_names(source) -> Dict[str, str]:
    """``{lowercase name: field name}`` of a source's fields (the first of each name)."""
    out: Dict[str, str] = {}
    for name in source.fields().names():
        out.setdefault(name.lower(), name)
    return out


def read_grids(
    source, label, mapping, feedback, crs=None, context=None, points=True, **rules
) -> Tuple[RawTable, GridInput]:
    """Read the grids layer and check it with :func:`core.grid_input.prepare_grids`.

    ``mapping`` is ``{our name: user field}`` as for :func:`read_table`; ``points`` asks for
    the point each grid counts at (then every grid needs a geometry); ``rules`` go to
    ``prepare_grids`` (``unique_ids``, ``non_negative``). Raises CancelledError when the user
    cancelled while reading.
    """
    raw = read_table(source, label, mapping, feedback, crs, context=context)
    if feedback is not None and feedback.isCanceled():
        raise CancelledError()
    wkbs = raw.geometries if points else None
    return raw, prepare_grids(raw.fids, raw.columns, mapping, label, wkbs=wkbs, **rules)


def _field_types() -> Dict[str, object]:
    """The field type of each schema type: a ``QMetaType.Type`` where QGIS takes one (3.38 and
    later deprecate the constructor that takes a QVariant type, and Qt 6 has none), else the
    QVariant type that QGIS 3.22 needs."""
    if Qgis.QGIS_VERSION_INT >= 33800:
        meta = QMetaType.Type
        return {
            schema.TEXT: meta.QString,
            schema.INT: meta.Int,
            schema.INT64: meta.LongLong,
            schema.REAL: meta.Double,
            schema.DATETIME: meta.QDateTime,
        }
    from qgis.PyQt.QtCore import QVariant  # qt6-scan: ok (QGIS < 3.38 only)

    return {
        schema.TEXT: QVariant.String,  # qt6-scan: ok
        schema.INT: QVariant.Int,  # qt6-scan: ok
        schema.INT64: QVariant.LongLong,  # qt6-scan: ok
        schema.REAL: QVariant.Double,  # qt6-scan: ok
        schema.DATETIME: QVariant.DateTime,  # qt6-scan: ok
    }


_FIELD_TYPES = _field_types()


def new_field(name: str, kind: str, alias: Optional[str] = None) -> QgsField:
    """A QgsField of schema type ``kind`` (``schema.TEXT``, ``INT``, ``INT64``, ``REAL`` or
    ``DATETIME``), with ``alias`` if given: the one place where our code makes a QgsField, with
    the constructor that the running QGIS does not deprecate."""
    field = QgsField(name, _FIELD_TYPES[kind])
    if alias:
        field.setAlias(alias)
    return field


def schema_fields(layer: "schema.Layer", names=None) -> QgsFields:
    """QgsFields for ``names`` (default: all) of a schema layer, typed and with Chinese
    aliases as in the project GeoPackage."""
    fields = QgsFields()
    for name in names if names is not None else layer.field_names():
        definition = layer.get(name)
        fields.append(new_field(name, definition.type, definition.alias(ui_language())))
    return fields


def fields_with_columns(source_fields: QgsFields, columns, in_place: bool = False):
    """The input fields with the result ``columns`` (QgsField) added.

    An input field named like a result column (any case) is dropped; with ``in_place`` the
    first such field is replaced by the result column where it stands, else all result
    columns come last. Returns ``(fields, targets, positions)``: the output fields, the
    output index of each input field (``None`` if dropped) and ``{column: output index}``.
    """
    by_name = {column.name(): column for column in columns}
    fields = QgsFields()
    targets = []
    positions: Dict[str, int] = {}
    for j in range(source_fields.count()):
        ours = source_fields.at(j).name().lower()
        if ours in by_name:
            if in_place and ours not in positions:
                positions[ours] = fields.count()
                fields.append(by_name[ours])
            targets.append(None)
        else:
            targets.append(fields.count())
            fields.append(source_fields.at(j))
    for column in columns:
        if column.name() not in positions:
            positions[column.name()] = fields.count()
            fields.append(column)
    return fields, targets, positions


def mapped_attributes(feature, targets, count: int) -> list:
    """``count`` attributes: the feature's values at their ``targets`` (see
    :func:`fields_with_columns`), ``None`` elsewhere."""
    attrs = [None] * count
    for value, target in zip(feature.attributes(), targets):
        if target is not None:
            attrs[target] = value
    return attrs


def geometry_from_wkb(wkb: bytes) -> QgsGeometry:
    """A QgsGeometry from well-known binary (e.g. ``shapely.to_wkb``)."""
    geometry = QgsGeometry()
    geometry.fromWkb(wkb)
    return geometry


def write_features(
    alg, parameters, key, context, fields, wkb_type, crs, rows, feedback=None, progress=None
):
    """Write ``rows`` (``(QgsGeometry or None, attributes)`` pairs) to the sink ``key``.

    With ``feedback``, a cancel stops the writing and ``None`` is returned; ``progress``
    ``(start, span, total)`` then reports ``start + span × written / total``. Returns the
    destination id. Raises QgsProcessingException when the sink cannot be made or written.
    """
    sink, dest = alg.parameterAsSink(parameters, key, context, fields, wkb_type, crs)
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, key))
    batch = []
    for n, (geometry, attributes) in enumerate(rows):
        if feedback is not None:
            if feedback.isCanceled():
                return None
            if progress is not None:
                start, span, total = progress
                feedback.setProgress(start + span * (n + 1) / max(total, 1))
        feature = QgsFeature(fields)
        if geometry is not None:
            feature.setGeometry(geometry)
        feature.setAttributes(attributes)
        batch.append(feature)
        if len(batch) >= _BATCH:
            _add(alg, sink, batch, parameters, key)
            batch = []
    if batch:
        _add(alg, sink, batch, parameters, key)
    return dest


#: Features added to a sink per call.
_BATCH = 1000


def _add(alg, sink, features, parameters, key):
    if not sink.addFeatures(features, QgsFeatureSink.Flag.FastInsert):
        raise QgsProcessingException(alg.writeFeatureError(sink, parameters, key))
