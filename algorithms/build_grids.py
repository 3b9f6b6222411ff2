"""``servicegrid:buildgrids``: balanced, contiguous, nested, compact grids from polygon units."""

import shapely
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from .base import ServiceGridAlgorithm
from .core import schema
from .core.gpkg import store_grids
from .core.gridding import GridOptions, build_grids
from .core.tables import Table, guess_fields, prepare_division_units
from .qgis_io import new_field, polygon_units_source, read_table, schema_fields

#: Profile fields carried into the grids when the units have them (found by name).
PROFILE_FIELDS = ("households", "elderly_share", "youth_share", "enterprises", "customers")

#: Fields of the grids output, in order (a subset of the project's grids layer).
GRID_FIELDS = (
    "grid_id",
    "nest",
    "unit_count",
    "population",
    "households",
    "area_km2",
    "density",
    "income",
    "elderly_share",
    "youth_share",
    "enterprises",
    "customers",
    "polsby_popper",
)


def grid_fields() -> QgsFields:
    """The QgsFields of the grids output."""
    return schema_fields(schema.GRIDS, GRID_FIELDS)


class BuildGridsAlgorithm(ServiceGridAlgorithm):
    """Divide polygon units into service grids."""

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

    def displayName(self):  # noqa: N802 (QGIS API)
        return self.tr("Build service grids")

    def tags(self):
        return self.tr("grid,territory,districting,balanced,contiguous,partition,网格,划分").split(
            ","
        )

    def shortHelpString(self):  # noqa: N802 (QGIS API)
        return self.tr(
            "Divides administrative units (communities, villages) into service grids: each grid "
            "is one contiguous piece of units sharing boundaries, never crosses the nest "
            "boundary (street or district), holds about the target population (within the "
            "tolerance wherever the units allow) and is as compact as possible.\n\n"
            "Give a target population per grid, or a number of grids (split between nests by "
            "population). Islands and pieces of a nest cut off by a river join the nearest "
            "grid of their nest. A unit alone above the maximum becomes a grid of its own. "
            "Everything that cannot be balanced is explained in the log.\n\n"
            "Grid ids are [prefix-][nest-]G001…, numbered west to east in rows from north to "
            "south; the same input gives the same grids and ids. With a previous grid field, "
            "a re-run keeps units in their grids and grids their ids as far as the new "
            "populations allow.\n\n"
            "Results: GRID_COUNT, POPULATION_CV (standard deviation / mean of grid population), "
            "MIN_RATIO and MAX_RATIO (smallest and largest grid / mean), NON_CONTIGUOUS, "
            "NEST_VIOLATIONS, MEAN_POLSBY_POPPER (compactness, 1 = disc), WITHIN_TOLERANCE "
            "(share of grids within the tolerance of the target) and, with a previous grid "
            "field, UNITS_KEPT."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_source(
            self.INPUT, self.tr("Units (polygons)"), [QgsProcessing.SourceType.TypeVectorPolygon]
        )
        self.add_field(
            self.POPULATION_FIELD,
            self.tr("Population field"),
            "population",
            self.INPUT,
            QgsProcessingParameterField.Any,
        )
        self.add_field(
            self.INCOME_FIELD,
            self.tr("Income per capita field"),
            None,
            self.INPUT,
            QgsProcessingParameterField.Any,
            optional=True,
        )
        self.add_field(
            self.NEST_FIELD,
            self.tr("Nest field (grids never cross it, e.g. street code)"),
            None,
            self.INPUT,
            QgsProcessingParameterField.Any,
            optional=True,
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TARGET_POPULATION,
                self.tr("Target population per grid"),
                QgsProcessingParameterNumber.Double,
                10000.0,
                True,
                0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.GRID_COUNT,
                self.tr("Number of grids (instead of a target; 0 = use the target)"),
                QgsProcessingParameterNumber.Integer,
                0,
                True,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TOLERANCE,
                self.tr("Tolerance (± % of the target)"),
                QgsProcessingParameterNumber.Double,
                10.0,
                False,
                0.0,
                90.0,
            )
        )
        self.add_field(
            self.PREVIOUS_GRID_FIELD,
            self.tr("Previous grid id field (keeps grids stable)"),
            None,
            self.INPUT,
            QgsProcessingParameterField.Any,
            optional=True,
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.ID_PREFIX, self.tr("Grid id prefix"), "", optional=True
            )
        )
        self.add_sink(
            self.OUTPUT, self.tr("Service grids"), QgsProcessing.SourceType.TypeVectorPolygon
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_UNITS,
                self.tr("Units with grid id"),
                QgsProcessing.SourceType.TypeVectorPolygon,
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.PROJECT,
                self.tr("Also store the grids in this project GeoPackage (input: its units layer)"),
                QgsProcessingParameterFile.File,
                "gpkg",
                optional=True,
            )
        )
        for key in self.STAT_OUTPUTS:
            self.addOutput(QgsProcessingOutputNumber(key, key))

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(3, feedback)
        source, label, crs = polygon_units_source(self, parameters, self.INPUT, context, feedback)
        names = source.fields().names()
        mapping = {"population": self._field(parameters, self.POPULATION_FIELD, context, names)}
        for key, ours in (
            (self.INCOME_FIELD, "income"),
            (self.NEST_FIELD, "nest"),
            (self.PREVIOUS_GRID_FIELD, "grid_id"),
        ):
            user = self._field(parameters, key, context, names, required=False)
            if user:
                mapping[ours] = user
        used = set(mapping.values())
        wanted = (
            ("unit_id", "income") + PROFILE_FIELDS
            if "income" not in mapping
            else ("unit_id",) + PROFILE_FIELDS
        )
        for ours, user in guess_fields(names, wanted).items():
            if user not in used:
                mapping[ours] = user
                used.add(user)
        target = self.parameterAsDouble(parameters, self.TARGET_POPULATION, context)
        count = self.parameterAsInt(parameters, self.GRID_COUNT, context)
        if count <= 0 and target <= 0:
            raise QgsProcessingException(
                self.tr(
                    "Give a target population per grid (TARGET_POPULATION) or a number of grids "
                    "(GRID_COUNT)."
                )
            )
        options = GridOptions(
            target_population=target if count <= 0 else None,
            grid_count=count if count > 0 else None,
            tolerance=self.parameterAsDouble(parameters, self.TOLERANCE, context) / 100.0,
            id_prefix=(self.parameterAsString(parameters, self.ID_PREFIX, context) or "").strip(),
        )

        raw = read_table(source, label, mapping, steps, crs, context=context)
        if feedback.isCanceled():
            return {}
        units = prepare_division_units(raw)
        for note in units.notes:
            feedback.pushWarning(note)
        steps.setCurrentStep(1)
        cols = units.columns
        result = build_grids(
            units.geometries,
            cols["population"],
            cols["nest"],
            cols["grid_id"],
            profile={k: cols[k] for k in ("income",) + PROFILE_FIELDS},
            options=options,
            unit_ids=cols["unit_id"],
            progress=steps.setProgress,
            is_canceled=feedback.isCanceled,
        )
        for message in result.messages:
            feedback.pushWarning(message)
        steps.setCurrentStep(2)

        grids_sink, grids_dest = self.parameterAsSink(
            parameters, self.OUTPUT, context, grid_fields(), QgsWkbTypes.MultiPolygon, crs
        )
        if grids_sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        self._write_grids(grids_sink, result)
        out = {self.OUTPUT: grids_dest}
        units_out = self._write_units(
            parameters, context, source, crs, raw.fids, units, result, steps
        )
        if units_out is not None:
            out[self.OUTPUT_UNITS] = units_out
        for key, value in result.stats.items():
            if key in self.STAT_OUTPUTS:
                out[key] = value
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        if project:
            self._store_in_project(project, units, result, mapping, feedback)
        feedback.pushInfo(
            self.tr(
                "{grids} grids; population CV {cv:.3f}, smallest/largest grid {lo:.2f}/{hi:.2f} of "
                "the mean, {within:.0%} within ±{tol:g} % of {target:,.0f}; mean Polsby–Popper "
                "{pp:.2f}; non-contiguous {nc}, nest violations {nv}."
            ).format(
                grids=result.stats["GRID_COUNT"],
                cv=result.stats["POPULATION_CV"],
                lo=result.stats["MIN_RATIO"],
                hi=result.stats["MAX_RATIO"],
                within=result.stats["WITHIN_TOLERANCE"],
                tol=options.tolerance * 100,
                target=result.stats["TARGET_POPULATION"],
                pp=result.stats["MEAN_POLSBY_POPPER"],
                nc=result.stats["NON_CONTIGUOUS"],
                nv=result.stats["NEST_VIOLATIONS"],
            )
        )
        if "UNITS_KEPT" in result.stats:
            feedback.pushInfo(
                self.tr("{kept:.1%} of the units stayed in their previous grid.").format(
                    kept=result.stats["UNITS_KEPT"]
                )
            )
        steps.setProgress(100)
        return out

    def _store_in_project(self, project, units, result, mapping, feedback):
        """Replace the project's grids and set units.grid_id (atomically)."""
        if mapping.get("unit_id") != "unit_id":
            raise QgsProcessingException(
                self.tr(
                    "To store the grids in a project GeoPackage, divide the project's own units "
                    "layer (it has the field unit_id)."
                )
            )
        columns = {"grid_id": result.grid_ids, "nest": result.grid_nest}
        for name in GRID_FIELDS[2:]:
            columns[name] = result.attributes[name]
        table = Table(schema.GRIDS, columns, result.geometries)
        unit_grid = {
            unit_id: result.grid_ids[g]
            for unit_id, g in zip(units.columns["unit_id"], result.unit_grid)
        }
        counts = store_grids(project, table, unit_grid)
        feedback.pushInfo(
            self.tr("Stored {grids} grids in {path}; {units} units carry their grid id.").format(
                path=project, **counts
            )
        )

    def _field(self, parameters, key, context, names, required=True):
        value = self.parameterAsString(parameters, key, context)
        if not value:
            if required:
                raise QgsProcessingException(
                    self.tr("Choose a field for {param}.").format(param=key)
                )
            return None
        if value not in names:
            raise QgsProcessingException(
                self.tr(
                    "Field '{field}' ({param}) not found in the units layer. Its fields are: "
                    "{fields}."
                ).format(field=value, param=key, fields=", ".join(names))
            )
        return value

    @staticmethod
    def _write_grids(sink, result) -> None:
        wkbs = shapely.to_wkb(result.geometries)
        attrs = result.attributes
        columns = [result.grid_ids, result.grid_nest] + [attrs[name] for name in GRID_FIELDS[2:]]
        features = []
        for row, wkb in enumerate(wkbs):
            feature = QgsFeature()
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
            feature.setGeometry(geometry)
            feature.setAttributes([column[row] for column in columns])
            features.append(feature)
        sink.addFeatures(features, QgsFeatureSink.Flag.FastInsert)

    def _write_units(self, parameters, context, source, crs, fids, units, result, feedback):
        """The input units (all their fields) with grid_id, in the working CRS."""
        fields = QgsFields(source.fields())
        grid_index = fields.indexOf("grid_id")
        if grid_index < 0:
            fields.append(new_field("grid_id", schema.TEXT))
            grid_index = fields.count() - 1
        sink, dest = self.parameterAsSink(
            parameters, self.OUTPUT_UNITS, context, fields, QgsWkbTypes.MultiPolygon, crs
        )
        if sink is None:
            return None
        row_of = {fid: row for row, fid in enumerate(fids)}
        wkbs = shapely.to_wkb(units.geometries)
        total = max(len(fids), 1)
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        batch = []
        for n, feature in enumerate(source.getFeatures(request)):
            row = row_of.get(feature.id())
            if row is None:
                continue
            attributes = feature.attributes()
            if len(attributes) < fields.count():
                attributes.append(None)
            attributes[grid_index] = result.grid_ids[result.unit_grid[row]]
            out = QgsFeature(fields)
            geometry = QgsGeometry()
            geometry.fromWkb(wkbs[row])
            out.setGeometry(geometry)
            out.setAttributes(attributes)
            batch.append(out)
            if len(batch) >= 5000:
                sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)
                batch = []
                feedback.setProgress(100.0 * n / total)
        if batch:
            sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)
        return dest
