"""``servicegrid:buildcellgrid``: square or hexagon cells, split where dense, from points or
polygons with population."""

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsUnitTypes,
    QgsWkbTypes,
)

from .base import ServiceGridAlgorithm
from .core import schema
from .core.cellgrid import (
    OUTPUT_FIELDS,
    SHAPES,
    build_cell_grid,
    check_sizes,
    default_boundary,
    prepare_boundary,
    prepare_cell_input,
)
from .core.deps import shapely
from .core.tables import guess_fields
from .qgis_io import geometry_kind, project_crs_for, read_table, require_crs, schema_fields

#: Features written to the output per call.
_BATCH = 5000


def cell_fields() -> QgsFields:
    """The output fields: named, typed and aliased as in the project's grids layer."""
    return schema_fields(schema.GRIDS, OUTPUT_FIELDS)


class BuildCellGridAlgorithm(ServiceGridAlgorithm):
    """Regular cells over a boundary, split where their population is too high."""

    ALGORITHM_ID = "buildcellgrid"
    GROUP_ID = "grids"
    REQUIRES = ("shapely",)

    INPUT = "INPUT"
    POPULATION_FIELD = "POPULATION_FIELD"
    INCOME_FIELD = "INCOME_FIELD"
    CELL_SHAPE = "CELL_SHAPE"
    CELL_SIZE = "CELL_SIZE"
    MIN_CELL_SIZE = "MIN_CELL_SIZE"
    MAX_POPULATION = "MAX_POPULATION"
    BOUNDARY = "BOUNDARY"
    OUTPUT = "OUTPUT"

    def displayName(self):  # noqa: N802 (QGIS API)
        return self.tr("Build cell grid (squares or hexagons)")

    def tags(self):
        return self.tr(
            "grid,cells,square,hexagon,quadtree,population,density,网格,格网,蜂窝"
        ).split(",")

    def shortHelpString(self):  # noqa: N802 (QGIS API)
        return self.tr(
            "Covers the boundary with square or hexagonal cells and adds up the population in "
            "each: points are summed, polygons (communities) are shared out by area. A cell "
            "with more people than the maximum population is split into cells of half the size "
            "(a square into four; a hexagon into half-size hexagons), again and again while "
            "the cells stay at least the minimum size, so cells are small in dense cores and "
            "large in the countryside.\n\n"
            "Sizes are in the layer's units (metres for a layer in degrees, which is "
            "reprojected to its UTM zone). A hexagon's size is the width across its flat "
            "sides. Without a boundary the cells cover the polygons, or the extent of the "
            "points. With several boundary polygons (e.g. streets) no cell crosses from one "
            "into another, and their id is written to 'nest'.\n\n"
            "Cell ids are C<level>-<row>-<column>, e.g. C0-004-017 (level 0 = full size; rows "
            "north to south, columns west to east). The cells' populations are whole numbers "
            "that add up exactly to the population inside the boundary. Income is the "
            "population-weighted mean.\n\n"
            "Results: CELL_COUNT, POPULATION and MAX_CELL_POPULATION."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_source(
            self.INPUT,
            self.tr("Population (points or polygons)"),
            [
                QgsProcessing.SourceType.TypeVectorPoint,
                QgsProcessing.SourceType.TypeVectorPolygon,
            ],
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
        self.addParameter(
            QgsProcessingParameterEnum(
                self.CELL_SHAPE,
                self.tr("Cell shape"),
                [self.tr("Square"), self.tr("Hexagon")],
                defaultValue=0,
            )
        )
        for key, label, default in (
            (self.CELL_SIZE, self.tr("Cell size"), 1000.0),
            (
                self.MIN_CELL_SIZE,
                self.tr("Minimum cell size (dense cells are split down to it)"),
                250.0,
            ),
        ):
            size = QgsProcessingParameterDistance(key, label, default, self.INPUT, False, 0.000001)
            size.setDefaultUnit(QgsUnitTypes.DistanceMeters)
            self.addParameter(size)
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MAX_POPULATION,
                self.tr("Maximum population per cell (0 = never split)"),
                QgsProcessingParameterNumber.Double,
                10000.0,
                False,
                0.0,
            )
        )
        self.add_source(
            self.BOUNDARY,
            self.tr("Boundary (polygons; optional)"),
            [QgsProcessing.SourceType.TypeVectorPolygon],
            optional=True,
        )
        self.add_sink(self.OUTPUT, self.tr("Cell grid"), QgsProcessing.SourceType.TypeVectorPolygon)
        self.addOutput(QgsProcessingOutputNumber("CELL_COUNT", self.tr("Cells")))
        self.addOutput(QgsProcessingOutputNumber("POPULATION", self.tr("Total population")))
        self.addOutput(
            QgsProcessingOutputNumber("MAX_CELL_POPULATION", self.tr("Largest cell population"))
        )

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        label = source.sourceName() or self.tr("population")
        kind = geometry_kind(source)
        if kind not in ("point", "polygon"):
            raise QgsProcessingException(
                self.tr(
                    "Layer '{layer}' holds neither points nor polygons. Choose a layer of points "
                    "(e.g. buildings or addresses with residents) or polygons (communities) with "
                    "their population."
                ).format(layer=label)
            )
        if source.featureCount() == 0:
            raise QgsProcessingException(
                self.tr(
                    "Layer '{layer}' has no features. Choose a layer of points or polygons with "
                    "their population."
                ).format(layer=label)
            )
        crs, reprojected = project_crs_for(source, label)
        if reprojected:
            feedback.pushWarning(reprojected)
            feedback.pushWarning(
                self.tr("The cell sizes are read in metres of {crs}.").format(crs=crs.authid())
            )
        shape = SHAPES[self.parameterAsEnum(parameters, self.CELL_SHAPE, context)]
        cell_size = self.parameterAsDouble(parameters, self.CELL_SIZE, context)
        min_size = self.parameterAsDouble(parameters, self.MIN_CELL_SIZE, context)
        max_population = self.parameterAsDouble(parameters, self.MAX_POPULATION, context)
        check_sizes(cell_size, min_size, max_population)  # before reading a large layer
        metres = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), QgsUnitTypes.DistanceMeters)
        if not metres > 0:
            metres = 1.0

        mapping = self._mapping(parameters, context, source, feedback)
        raw = read_table(source, label, mapping, steps, crs, context=context)
        if feedback.isCanceled():
            return {}
        steps.setCurrentStep(1)
        data = prepare_cell_input(raw, kind)
        for note in data.notes:
            feedback.pushWarning(note)
        regions = self._boundary(parameters, context, crs, steps)
        if regions is None:
            regions = default_boundary(data, cell_size)
        steps.setCurrentStep(2)
        grid = build_cell_grid(
            data,
            regions,
            shape,
            cell_size,
            min_size,
            max_population,
            metres_per_unit=metres,
            progress=steps.setProgress,
            is_canceled=feedback.isCanceled,
        )
        steps.setCurrentStep(3)

        sink, dest = self.parameterAsSink(
            parameters, self.OUTPUT, context, cell_fields(), QgsWkbTypes.MultiPolygon, crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        self._write(sink, grid, steps)
        self._report(feedback, grid, label, max_population)
        steps.setProgress(100)
        return {
            self.OUTPUT: dest,
            "CELL_COUNT": len(grid),
            "POPULATION": grid.population,
            "MAX_CELL_POPULATION": max(grid.columns["population"], default=0),
        }

    def _mapping(self, parameters, context, source, feedback):
        """``{our field: user field}``: population, income, and households if found."""
        names = source.fields().names()
        mapping = {}
        for key, ours in ((self.POPULATION_FIELD, "population"), (self.INCOME_FIELD, "income")):
            user = self.parameterAsString(parameters, key, context)
            if not user:
                continue
            if user not in names:
                raise QgsProcessingException(
                    self.tr(
                        "Field '{field}' ({param}) not found in layer '{layer}'. Its fields are: "
                        "{fields}."
                    ).format(
                        field=user, param=key, layer=source.sourceName(), fields=", ".join(names)
                    )
                )
            mapping[ours] = user
        if "population" not in mapping:
            raise QgsProcessingException(self.tr("Choose the population field (POPULATION_FIELD)."))
        wanted = ["households"] + ([] if "income" in mapping else ["income"])
        for ours, user in guess_fields(names, wanted).items():
            if user not in mapping.values():
                mapping[ours] = user
                feedback.pushInfo(
                    self.tr("Using field '{user}' for {ours}.").format(user=user, ours=ours)
                )
        return mapping

    def _boundary(self, parameters, context, crs, feedback):
        """The boundary polygons in ``crs``, or ``None`` when no boundary is given."""
        source = self.parameterAsSource(parameters, self.BOUNDARY, context)
        if source is None:
            return None
        label = source.sourceName() or self.tr("boundary")
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
            feedback.pushInfo(
                self.tr(
                    "{n} boundary polygons; cells never cross from one into another, and 'nest' "
                    "holds the boundary's {field}."
                ).format(n=len(regions), field=mapping.get("nest", self.tr("feature id")))
            )
        return regions

    @staticmethod
    def _write(sink, grid, feedback) -> None:
        wkbs = shapely.to_wkb(grid.geometries)
        columns = [grid.columns[name] for name in OUTPUT_FIELDS]
        total = max(len(wkbs), 1)
        batch = []
        for row, wkb in enumerate(wkbs):
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
            feature = QgsFeature()
            feature.setGeometry(geometry)
            feature.setAttributes([column[row] for column in columns])
            batch.append(feature)
            if len(batch) >= _BATCH:
                sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)
                batch = []
                feedback.setProgress(100.0 * row / total)
        if batch:
            sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)

    def _report(self, feedback, grid, label, max_population) -> None:
        levels = ", ".join("{}: {:,}".format(k, n) for k, n in enumerate(grid.cells_per_level))
        feedback.pushInfo(
            self.tr(
                "{cells:,} cells holding {pop:,} people; largest cell {largest:,}. Cells made per "
                "level (0 = full size): {levels}."
            ).format(
                cells=len(grid),
                pop=grid.population,
                largest=max(grid.columns["population"], default=0),
                levels=levels,
            )
        )
        if grid.still_over:
            feedback.pushWarning(
                self.tr(
                    "{n} cell(s) still have more than {max:,.0f} people at the minimum cell size: "
                    "lower the minimum cell size to split them further."
                ).format(n=grid.still_over, max=max_population)
            )
        if grid.outside > 0:
            feedback.pushWarning(
                self.tr(
                    "{people:,.0f} people of '{layer}' are outside the boundary and were not "
                    "counted."
                ).format(people=grid.outside, layer=label)
            )
