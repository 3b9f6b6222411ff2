"""``servicegrid:buildgrids``: balanced, contiguous, nested, compact grids from polygon units."""

from dataclasses import replace

from qgis.core import (
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputString,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import POLYGONS, ServiceGridAlgorithm
from .build_grids_barriers import add_barrier_parameters, read_barriers
from .build_grids_demand import (
    BALANCE_REPORT,
    DEMAND_OUTPUTS,
    add_demand_parameters,
    balance_fields,
    balance_rows,
    balance_variables,
    class_targets,
    read_homogeneity,
)
from .build_grids_input import (
    PROFILE_FIELDS,
    check_project_units,
    field_mapping,
    grid_options,
    read_units,
)
from .build_grids_output import (
    balance_report,
    keep_locked_rows,
    report,
    report_demand,
    store_in_project,
    write_grids,
    write_units,
)
from .build_grids_project import read_project_grids
from .core.division.codes import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH
from .core.gridding import build_grids
from .qgis_io import polygon_units_source


class BuildGridsAlgorithm(ServiceGridAlgorithm):
    """Divide polygon units into service grids."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP(
        "BuildGridsAlgorithm",
        "Build service grids",
    )
    TAGS = QT_TRANSLATE_NOOP(
        "BuildGridsAlgorithm",
        "grid,territory,districting,balanced,contiguous,partition,网格,划分",
    )
    HELP = QT_TRANSLATE_NOOP(
        "BuildGridsAlgorithm",
        "Divides administrative units (communities, villages) into service grids: each grid "
        "is one contiguous piece of units sharing boundaries, never crosses the nest "
        "boundary (street or district), holds about the target population (within the "
        "tolerance wherever the units allow) and is as compact as possible.\n\n"
        "Give a target population per grid, or a number of grids (split between nests by "
        "population). Islands and pieces of a nest cut off by a river join the nearest "
        "grid of their nest. A unit alone above the maximum becomes a grid of its own. "
        "Everything that cannot be balanced is explained in the log.\n\n"
        "Grid ids follow the coding of unit grids in China (GB/T 30428.2): the nest's "
        "administrative code (the street code) and a sequence number of 3 digits, numbered "
        "west to east in rows from north to south (320102001 → 320102001001, 320102001002…). "
        "The id prefix is put in front as given; the digits of the sequence are set by the "
        "sequence width. Without a nest: the prefix (or G) and the sequence. The same input "
        "gives the same grids and ids. With a previous grid field, a re-run keeps units in "
        "their grids and grids their ids as far as the new populations allow.\n\n"
        "With a project: locked grids keep their units, id and attributes, and the other "
        "units are divided around them (a number of grids counts the locked grids). A grid "
        "keeps the code of a project grid when it holds more than half of that grid's "
        "population; other grids get new codes, above every code the project ever gave: a "
        "retired code is never given again. The Grid editor's undo history starts again.\n\n"
        "By density and income (advanced parameters): BALANCE lists what grids are "
        'balanced on, one row per field or expression (e.g. households, or "pop" * 1.2) '
        "with a weight and a tolerance in %; 'workload' is the population times the demand "
        "adjustment that allocatestaff uses. A target population per unit (TARGET_FIELD) or "
        "per density class (DENSITY_TARGETS, by the density of each unit with its "
        "neighbours) makes grids finer where the target is smaller. Income homogeneity "
        "(0–1) keeps richer and poorer units in separate grids as far as the balance "
        "allows. BARRIERS (rivers, motorways, railways): units are not joined across them "
        "except where CROSSINGS (bridges, underpasses) lie on their shared boundary; the "
        "pieces of a nest on each side get grids of their own.\n\n"
        "Results: GRID_COUNT, POPULATION_CV (standard deviation / mean of grid population), "
        "MIN_RATIO and MAX_RATIO (smallest and largest grid / mean), NON_CONTIGUOUS, "
        "NEST_VIOLATIONS, MEAN_POLSBY_POPPER (compactness, 1 = disc), WITHIN_TOLERANCE "
        "(share of grids within the tolerance of their target), BALANCE_REPORT (CV, "
        "min/max ratio and share within tolerance per balance variable), INCOME_DISPERSION "
        "(share of the income variance within grids), ONE_TIER_SHARE (share of grids with "
        "80 % of their people in one income tier), BARRIER_CUTS and, with a previous grid "
        "field, UNITS_KEPT.",
    )

    ALGORITHM_ID = "buildgrids"
    GROUP_ID = "grids"

    INPUT = "INPUT"
    POPULATION_FIELD = "POPULATION_FIELD"
    INCOME_FIELD = "INCOME_FIELD"
    NEST_FIELD = "NEST_FIELD"
    TARGET_POPULATION = "TARGET_POPULATION"
    GRID_COUNT = "GRID_COUNT"
    TOLERANCE = "TOLERANCE"
    PREVIOUS_GRID_FIELD = "PREVIOUS_GRID_FIELD"
    ID_PREFIX = "ID_PREFIX"
    ID_WIDTH = "ID_WIDTH"
    OUTPUT = "OUTPUT"
    OUTPUT_UNITS = "OUTPUT_UNITS"
    PROJECT = "PROJECT"

    STAT_OUTPUTS = (
        "GRID_COUNT",
        "POPULATION_CV",
        "MIN_RATIO",
        "MAX_RATIO",
        "NON_CONTIGUOUS",
        "NEST_VIOLATIONS",
        "MEAN_POLSBY_POPPER",
        "WITHIN_TOLERANCE",
        "ISLAND_LINKS",
        "UNITS_KEPT",
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_source(self.INPUT, self.tr("Units (polygons)"), POLYGONS)
        self.add_field(self.POPULATION_FIELD, self.tr("Population field"), self.INPUT, "population")
        for key, label in (
            (self.INCOME_FIELD, self.tr("Income per capita field")),
            (self.NEST_FIELD, self.tr("Nest field (grids never cross it, e.g. street code)")),
        ):
            self.add_field(key, label, self.INPUT, optional=True)
        target = self.tr("Target population per grid")
        self.add_number(self.TARGET_POPULATION, target, 10000.0, 0.0, optional=True)
        count = self.tr("Number of grids (instead of a target; 0 = use the target)")
        self.add_number(self.GRID_COUNT, count, 0, 0, integer=True, optional=True)
        self.add_number(self.TOLERANCE, self.tr("Tolerance (± % of the target)"), 10.0, 0.0, 90.0)
        previous = self.tr("Previous grid id field (keeps grids stable)")
        self.add_field(self.PREVIOUS_GRID_FIELD, previous, self.INPUT, optional=True)
        prefix = self.tr("Grid id prefix")
        self.add(QgsProcessingParameterString(self.ID_PREFIX, prefix, "", optional=True))
        width = self.tr("Digits of the grid sequence number")
        self.add_number(self.ID_WIDTH, width, DEFAULT_WIDTH, MIN_WIDTH, MAX_WIDTH, integer=True)
        add_demand_parameters(self)
        add_barrier_parameters(self)
        self.add_sink(self.OUTPUT, self.tr("Service grids"), POLYGONS)
        self.add_sink(self.OUTPUT_UNITS, self.tr("Units with grid id"), POLYGONS, optional=True)
        store = self.tr("Also store the grids in this project GeoPackage (input: its units layer)")
        self.add_gpkg(self.PROJECT, store, optional=True)
        self.add_outputs({key: key for key in self.STAT_OUTPUTS + DEMAND_OUTPUTS})
        self.add_outputs({BALANCE_REPORT: BALANCE_REPORT}, QgsProcessingOutputString)

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(3, feedback)
        source, label, crs = polygon_units_source(self, parameters, self.INPUT, context, feedback)
        mapping = field_mapping(self, parameters, context, source.fields().names())
        rows = balance_rows(self, parameters, context)
        mapping.update(balance_fields(rows, source.fields().names()))
        options = grid_options(self, parameters, context)
        options = replace(
            options,
            homogeneity=read_homogeneity(self, parameters, context),
            class_targets=class_targets(self, parameters, context),
        )

        project = self.parameterAsFile(parameters, self.PROJECT, context)
        raw, units = read_units(source, label, mapping, crs, context, steps)
        cols = units.columns
        before = None
        if project:
            check_project_units(project, label, mapping, units)
            before = read_project_grids(project, cols["unit_id"])
            options = replace(options, reserved_codes=frozenset(before.reserved))
        barriers = read_barriers(self, parameters, context, crs, steps)
        profile = {k: cols[k] for k in ("income",) + PROFILE_FIELDS}
        balance = balance_variables(
            self, parameters, context, rows, source, raw, cols["population"], profile, steps
        )
        steps.setCurrentStep(1)
        result = build_grids(
            units.geometries,
            cols["population"],
            cols["nest"],
            cols["grid_id"],
            profile=profile,
            options=options,
            unit_ids=cols["unit_id"],
            progress=steps.setProgress,
            is_canceled=feedback.isCanceled,
            current=before.current if before else None,
            locked=before.locked if before else None,
            balance=balance,
            targets=raw.columns.get("target") if "target" in mapping else None,
            barriers=barriers,
        )
        for message in result.messages:
            feedback.pushWarning(message)
        if before is not None:
            keep_locked_rows(result, before, feedback)
        steps.setCurrentStep(2)

        out = {self.OUTPUT: write_grids(self, parameters, context, crs, result)}
        units_out = write_units(
            self, parameters, context, source, crs, raw.fids, units, result, steps
        )
        if units_out is not None:
            out[self.OUTPUT_UNITS] = units_out
        out.update(
            (k, v) for k, v in result.stats.items() if k in self.STAT_OUTPUTS + DEMAND_OUTPUTS
        )
        out[BALANCE_REPORT] = balance_report(result)
        if project:
            store_in_project(project, units, result, feedback, options, before)
        report(feedback, result.stats, options)
        report_demand(feedback, result, options)
        steps.setProgress(100)
        return out
