"""The barriers of 'Build service grids' on the QGIS side: their parameters, reading the
barrier and crossing layers into :class:`core.barriers.Barriers` in the units' working CRS.
(What they cut is logged by the core: :func:`core.gridding.barrier_messages`.)

The labels and messages are in the context of the algorithm that shows them
(``BuildGridsAlgorithm``), written literally so that pylupdate5 files them there.
"""

from typing import Optional

import numpy as np
from qgis.core import (
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingParameterFeatureSource,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from .core.barriers import Barriers
from .core.deps import shapely
from .core.errors import CancelledError
from .qgis_io import geometry_kind, require_crs

#: Parameter keys (public: saved models and scripts use them).
BARRIERS = "BARRIERS"
CROSSINGS = "CROSSINGS"
BARRIER_TOLERANCE = "BARRIER_TOLERANCE"
#: The default barrier tolerance (metres).
DEFAULT_TOLERANCE = 50.0


def add_barrier_parameters(alg) -> None:
    """Add the advanced, optional BARRIERS, CROSSINGS and BARRIER_TOLERANCE parameters to the
    ServiceGridAlgorithm ``alg``."""
    lines = [QgsProcessing.SourceType.TypeVectorLine, QgsProcessing.SourceType.TypeVectorPolygon]
    barriers = QCoreApplication.translate(
        "BuildGridsAlgorithm",
        "Barriers (rivers, motorways, railways): units are not joined across them",
    )
    alg.add(QgsProcessingParameterFeatureSource(BARRIERS, barriers, lines, optional=True), True)
    crossings = QCoreApplication.translate(
        "BuildGridsAlgorithm",
        "Crossings (bridges, underpasses): units joined across a barrier where one lies on "
        "their shared boundary",
    )
    anything = [QgsProcessing.SourceType.TypeVectorAnyGeometry]
    alg.add(
        QgsProcessingParameterFeatureSource(CROSSINGS, crossings, anything, optional=True), True
    )
    tolerance = QCoreApplication.translate(
        "BuildGridsAlgorithm",
        "Barrier tolerance (m): how near a shared boundary must be to a barrier",
    )
    alg.add_number(BARRIER_TOLERANCE, tolerance, DEFAULT_TOLERANCE, 0.0, advanced=True)


def read_barriers(alg, parameters, context, crs, feedback) -> Optional[Barriers]:
    """The barriers and crossings chosen for ``alg``, in ``crs`` (the units' working projected
    CRS; the tolerance, given in metres, is converted to its units), or ``None`` without a
    BARRIERS layer (crossings alone are ignored, with a warning). Raises
    QgsProcessingException for a layer that cannot be barriers or crossings, and
    CancelledError when the user cancelled while reading."""
    barriers = _optional_source(alg, parameters, BARRIERS, context)
    crossings = _optional_source(alg, parameters, CROSSINGS, context)
    if barriers is None:
        if crossings is not None:
            feedback.pushWarning(
                QCoreApplication.translate(
                    "BuildGridsAlgorithm",
                    "Crossings are ignored without barriers: choose a barrier layer in {param} "
                    "too, or leave {crossings} empty.",
                ).format(param=alg.param(BARRIERS), crossings=alg.param(CROSSINGS))
            )
        return None
    label = _label(barriers)
    if geometry_kind(barriers) not in ("line", "polygon"):
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "Layer '{layer}' chosen for {param} does not hold lines or polygons. Barriers "
                "must be lines (rivers, motorways, railways) or polygons (e.g. water areas, "
                "whose outline counts): choose such a layer, or leave {param} empty.",
            ).format(layer=label, param=alg.param(BARRIERS))
        )
    require_crs(barriers, label)
    lines = _geometries(barriers, crs, context, feedback)
    if len(lines) == 0:
        feedback.pushWarning(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "Layer '{layer}' chosen for {param} has no features: no adjacency is cut.",
            ).format(layer=label, param=alg.param(BARRIERS))
        )
    found = np.empty(0, dtype=object)
    if crossings is not None:
        crossing_label = _label(crossings)
        if geometry_kind(crossings) not in ("point", "line", "polygon"):
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "BuildGridsAlgorithm",
                    "Layer '{layer}' chosen for {param} has no geometries. Crossings must be "
                    "points or lines (bridges, underpasses): choose such a layer, or leave "
                    "{param} empty.",
                ).format(layer=crossing_label, param=alg.param(CROSSINGS))
            )
        require_crs(crossings, crossing_label)
        found = _geometries(crossings, crs, context, feedback)
    metres = alg.parameterAsDouble(parameters, BARRIER_TOLERANCE, context)
    to_crs = QgsUnitTypes.fromUnitToUnitFactor(
        QgsUnitTypes.DistanceUnit.DistanceMeters, crs.mapUnits()
    )
    return Barriers(lines, found, metres * to_crs)


def _optional_source(alg, parameters, key, context):
    """The feature source of the optional parameter ``key``; ``None`` if it is not given,
    QgsProcessingException if it is given but cannot be read."""
    value = parameters.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    source = alg.parameterAsSource(parameters, key, context)
    if source is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, key))
    return source


def _label(source) -> str:
    return source.sourceName() or QCoreApplication.translate("BuildGridsAlgorithm", "barriers")


def _geometries(source, crs, context, feedback) -> np.ndarray:
    """The geometries of ``source`` in ``crs`` as shapely objects (``None`` for a missing or
    unreadable one: the core counts it as skipped); curves become straight segments, M values
    are dropped."""
    request = QgsFeatureRequest()
    request.setNoAttributes()
    request.setDestinationCrs(crs, context.transformContext())
    skip_checks = QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks
    wkbs = []
    for feature in source.getFeatures(request, skip_checks):
        if feedback.isCanceled():
            raise CancelledError()
        wkbs.append(_wkb(feature.geometry()))
    out = np.empty(len(wkbs), dtype=object)
    present = [i for i, wkb in enumerate(wkbs) if wkb is not None]
    if present:
        out[present] = shapely.from_wkb([wkbs[i] for i in present], on_invalid="ignore")
    return out


def _wkb(geometry: QgsGeometry) -> Optional[bytes]:
    if geometry is None or geometry.isNull():
        return None
    if QgsWkbTypes.isCurvedType(geometry.wkbType()):
        geometry = QgsGeometry(geometry.constGet().segmentize())
    if QgsWkbTypes.hasM(geometry.wkbType()):
        geometry = QgsGeometry(geometry)
        geometry.get().dropMValue()
    return bytes(geometry.asWkb())
