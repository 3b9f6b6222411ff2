"""Reading the input of 'Build service grids': the units' field mapping, the grid options
and the units themselves."""

import contextlib
from collections import Counter

from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from .core import gpkg
from .core.errors import CancelledError
from .core.gridding import GridOptions
from .core.tables import guess_fields, prepare_division_units
from .qgis_io import read_table

#: Profile fields carried into the grids when the units have them (found by name).
PROFILE_FIELDS = ("households", "elderly_share", "youth_share", "enterprises", "customers")


def field_mapping(alg, parameters, context, names):
    """``{our field: user field}``: the fields chosen, and unit_id, income and the profile
    fields where the units have them by name."""
    mapping = {"population": chosen_field(alg, parameters, alg.POPULATION_FIELD, context, names)}
    for key, ours in (
        (alg.INCOME_FIELD, "income"),
        (alg.NEST_FIELD, "nest"),
        (alg.PREVIOUS_GRID_FIELD, "grid_id"),
        ("TARGET_FIELD", "target"),
    ):
        user = chosen_field(alg, parameters, key, context, names, required=False)
        if user:
            mapping[ours] = user
    used = set(mapping.values())
    wanted = ("unit_id",) + (() if "income" in mapping else ("income",)) + PROFILE_FIELDS
    for ours, user in guess_fields(names, wanted).items():
        if user not in used:
            mapping[ours] = user
            used.add(user)
    return mapping


def chosen_field(alg, parameters, key, context, names, required=True):
    """The units field chosen for the parameter ``key``, checked; ``None`` if not chosen."""
    value = alg.parameterAsString(parameters, key, context)
    if not value:
        if required:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "BuildGridsAlgorithm", "Choose a field for {param}."
                ).format(param=alg.param(key))
            )
        return None
    if value not in names:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "Field '{field}' chosen for {param} not found in the units layer. Its fields are: "
                "{fields}.",
            ).format(field=value, param=alg.param(key), fields=", ".join(names))
        )
    return value


def grid_options(alg, parameters, context) -> GridOptions:
    """The target (a population per grid or a number of grids), tolerance and code scheme
    (id prefix and width)."""
    target = alg.parameterAsDouble(parameters, alg.TARGET_POPULATION, context)
    count = alg.parameterAsInt(parameters, alg.GRID_COUNT, context)
    if count <= 0 and target <= 0:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "Give a target population per grid in {target} or a number of grids in {count}.",
            ).format(target=alg.param(alg.TARGET_POPULATION), count=alg.param(alg.GRID_COUNT))
        )
    return GridOptions(
        target_population=target if count <= 0 else None,
        grid_count=count if count > 0 else None,
        tolerance=alg.parameterAsDouble(parameters, alg.TOLERANCE, context) / 100.0,
        id_prefix=(alg.parameterAsString(parameters, alg.ID_PREFIX, context) or "").strip(),
        id_width=alg.parameterAsInt(parameters, alg.ID_WIDTH, context),
    )


def read_units(source, label, mapping, crs, context, feedback):
    """The units read in ``crs`` and checked for division: ``(raw table, units)``. Raises
    CancelledError when the user cancelled while reading."""
    raw = read_table(source, label, mapping, feedback, crs, context=context)
    if feedback.isCanceled():
        raise CancelledError()
    units = prepare_division_units(raw)
    for note in units.notes:
        feedback.pushWarning(note)
    return raw, units


def check_project_units(project, label, mapping, units):
    """With PROJECT, the units divided must be the project's own units: the layer has the
    field unit_id and its unit ids are exactly those of the project's units layer (its own
    layer or a copy of it; not a selection, a filter or another layer). Otherwise storing
    would leave units without a grid and assignments pointing at missing grids."""
    if mapping.get("unit_id") != "unit_id":
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "To store the grids in a project GeoPackage, divide the project's own units "
                "layer (it has the field unit_id).",
            )
        )
    with contextlib.closing(gpkg.connect_ro(project)) as con:
        ours = Counter(str(row[0]) for row in con.execute("SELECT unit_id FROM units"))
    given = Counter(str(v) for v in units.columns["unit_id"])
    if given == ours:
        return
    raise QgsProcessingException(
        QCoreApplication.translate(
            "BuildGridsAlgorithm",
            "The units layer {layer} is not the units of the project {path}: {missing} of the "
            "project's {total} units are not in it and it has {extra} units the project does "
            "not have (or has twice). Storing these grids would leave units without a grid. "
            "Divide the project's own units layer ({path}|layername=units, all its units), or "
            "leave PROJECT empty to only write the output layers.",
        ).format(
            layer=label,
            path=project,
            missing=sum((ours - given).values()),
            total=sum(ours.values()),
            extra=sum((given - ours).values()),
        )
    )
