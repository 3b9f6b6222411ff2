"""Reading QGIS feature sources into the core's plain tables, and choosing the project CRS."""

from typing import Dict, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProject,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from .core import schema
from .core.tables import RawTable

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


def utm_crs_for(lon: float, lat: float) -> QgsCoordinateReferenceSystem:
    """The WGS 84 / UTM zone CRS that contains ``lon, lat``."""
    zone = int((lon + 180.0) // 6.0) % 60 + 1
    code = (32600 if lat >= 0 else 32700) + zone
    return QgsCoordinateReferenceSystem("EPSG:{}".format(code))


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
    to_wgs = QgsCoordinateTransform(crs, WGS84, QgsProject.instance())
    centre = to_wgs.transformBoundingBox(QgsRectangle(extent)).center()
    target = utm_crs_for(centre.x(), centre.y())
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
        request.setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes(list(indexes.values()))
    if isinstance(source, QgsProcessingFeatureSource):
        iterator = source.getFeatures(
            request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks
        )
    else:
        request.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
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
            columns[ours].append(None if value is None or _is_null(value) else value)
        if with_geometry:
            geom = feature.geometry()
            if geom is None or geom.isNull():
                geometries.append(None)
                continue
            if transform is not None:
                geom.transform(transform)
            geometries.append(bytes(geom.asWkb()))
    return RawTable(layer_label, fids, columns, dict(mapping), geometries)


def _is_null(value) -> bool:
    """QGIS NULL (a null QVariant) in PyQt5 and PyQt6."""
    try:
        return value.isNull()
    except AttributeError:
        return False


def geometry_kind(source) -> str:
    """``polygon``, ``point``, ``line``, ``none`` or ``unknown`` for a feature source."""
    kind = QgsWkbTypes.geometryType(source.wkbType())
    return {
        QgsWkbTypes.PolygonGeometry: "polygon",
        QgsWkbTypes.PointGeometry: "point",
        QgsWkbTypes.LineGeometry: "line",
        QgsWkbTypes.NullGeometry: "none",
    }.get(kind, "unknown")


def polygon_units_source(alg, parameters, key, context, feedback):
    """The units source of ``alg`` (parameter ``key``), checked: polygons, not empty, a CRS.

    Returns ``(source, label, working CRS)``; a geographic CRS is replaced by its UTM zone and
    the log says so. Raises QgsProcessingException with what to do otherwise.
    """
    source = alg.parameterAsSource(parameters, key, context)
    if source is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, key))
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
    crs, reprojected = project_crs_for(source, label)
    if reprojected:
        feedback.pushWarning(reprojected)
    return source, label, crs


_QVARIANT = {
    schema.TEXT: QVariant.String,
    schema.INT: QVariant.Int,
    schema.INT64: QVariant.LongLong,
    schema.REAL: QVariant.Double,
    schema.DATETIME: QVariant.DateTime,
}


def schema_fields(layer: "schema.Layer", names=None) -> QgsFields:
    """QgsFields for ``names`` (default: all) of a schema layer, typed and with Chinese
    aliases as in the project GeoPackage."""
    fields = QgsFields()
    for name in names if names is not None else layer.field_names():
        definition = layer.get(name)
        field = QgsField(name, _QVARIANT[definition.type])
        field.setAlias(definition.alias_zh)
        fields.append(field)
    return fields
