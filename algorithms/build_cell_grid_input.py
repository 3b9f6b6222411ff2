"""Reading the layers of 'Build cell grid': the population layer, its fields and the
boundary."""

from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from .core.cellgrid import prepare_boundary
from .core.tables import guess_fields
from .qgis_io import geometry_kind, project_crs_for, read_table, require_crs


def population_source(alg, parameters, context, feedback):
    """The INPUT source, checked: points or polygons, not empty. Returns ``(source, label,
    kind, working CRS)``; a layer in degrees is read in its UTM zone and the log says so."""
    source = alg.parameterAsSource(parameters, alg.INPUT, context)
    if source is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, alg.INPUT))
    label = source.sourceName() or QCoreApplication.translate(
        "BuildCellGridAlgorithm", "population"
    )
    kind = geometry_kind(source)
    if kind not in ("point", "polygon"):
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildCellGridAlgorithm",
                "Layer '{layer}' holds neither points nor polygons. Choose a layer of points "
                "(e.g. buildings or addresses with residents) or polygons (communities) with "
                "their population.",
            ).format(layer=label)
        )
    if source.featureCount() == 0:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildCellGridAlgorithm",
                "Layer '{layer}' has no features. Choose a layer of points or polygons with "
                "their population.",
            ).format(layer=label)
        )
    crs, reprojected = project_crs_for(source, label)
    if reprojected:
        feedback.pushWarning(reprojected)
        feedback.pushWarning(
            QCoreApplication.translate(
                "BuildCellGridAlgorithm", "The cell sizes are read in metres of {crs}."
            ).format(crs=crs.authid())
        )
    return source, label, kind, crs


def field_mapping(alg, parameters, context, source, feedback):
    """``{our field: user field}``: population, income, and households if found."""
    names = source.fields().names()
    mapping = {}
    for key, ours in ((alg.POPULATION_FIELD, "population"), (alg.INCOME_FIELD, "income")):
        user = alg.parameterAsString(parameters, key, context)
        if not user:
            continue
        if user not in names:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "BuildCellGridAlgorithm",
                    "Field '{field}' chosen for {param} not found in layer '{layer}'. Its fields "
                    "are: {fields}.",
                ).format(
                    field=user,
                    param=alg.param(key),
                    layer=source.sourceName(),
                    fields=", ".join(names),
                )
            )
        mapping[ours] = user
    if "population" not in mapping:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildCellGridAlgorithm", "Choose a field for {param}."
            ).format(param=alg.param(alg.POPULATION_FIELD))
        )
    wanted = ["households"] + ([] if "income" in mapping else ["income"])
    for ours, user in guess_fields(names, wanted).items():
        if user not in mapping.values():
            mapping[ours] = user
            feedback.pushInfo(
                QCoreApplication.translate(
                    "BuildCellGridAlgorithm", "Using field '{user}' for {ours}."
                ).format(user=user, ours=ours)
            )
    return mapping


def read_boundary(alg, parameters, context, crs, feedback):
    """The BOUNDARY polygons in ``crs``, or ``None`` when no boundary is given."""
    source = alg.parameterAsSource(parameters, alg.BOUNDARY, context)
    if source is None:
        return None
    label = source.sourceName() or QCoreApplication.translate("BuildCellGridAlgorithm", "boundary")
    require_crs(source, label)
    names = source.fields().names()
    found = guess_fields(names, ["nest", "unit_id", "name"])
    mapping = {}
    for ours in ("nest", "unit_id", "name"):
        if ours in found:
            mapping = {"nest": found[ours]}
            break
    raw = read_table(source, label, mapping, feedback, crs, context=context)
    regions, notes = prepare_boundary(raw)
    for note in notes:
        feedback.pushWarning(note)
    if len(regions) > 1:
        field = mapping.get("nest") or QCoreApplication.translate(
            "BuildCellGridAlgorithm", "feature id"
        )
        feedback.pushInfo(
            QCoreApplication.translate(
                "BuildCellGridAlgorithm",
                "{n} boundary polygons; cells never cross from one into another, and 'nest' "
                "holds the boundary's {field}.",
            ).format(n=len(regions), field=field)
        )
    return regions
