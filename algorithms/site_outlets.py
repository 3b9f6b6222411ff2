"""``servicegrid:siteoutlets``: choose new outlet sites among candidates, keep the existing
outlets, and assign every grid to an outlet.

A thin Processing layer over :mod:`core.siting`: it reads the grids (their representative
points and population), the existing outlets and the candidate sites in one projected CRS,
calls the core and writes the outlets and the grids; with PROJECT it also stores the new
outlets and ``grids.outlet_id`` in the project GeoPackage (:mod:`core.siting_store`).
"""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputString,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import POINTS, POLYGONS, ServiceGridAlgorithm
from .core import siting
from .qgis_io import grids_source
from .site_outlets_input import outlet_capacities, read_candidates, read_grid_points, read_outlets
from .site_outlets_output import (
    check_project_grids,
    outlet_rows,
    report,
    store,
    write_grids,
    write_outlets,
)

#: METHOD enum values, in order, and the core's names for them.
METHODS = ("coverage", "p-median")
CORE_METHODS = {"coverage": "coverage", "p-median": "pmedian"}


class SiteOutletsAlgorithm(ServiceGridAlgorithm):
    """Site new outlets (maximal coverage or p-median) and assign grids to outlets."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP(
        "SiteOutletsAlgorithm",
        "Site outlets",
    )
    TAGS = QT_TRANSLATE_NOOP(
        "SiteOutletsAlgorithm",
        "outlet,site,location,coverage,MCLP,p-median,allocation,capacity,网点,选址,覆盖",
    )
    HELP = QT_TRANSLATE_NOOP(
        "SiteOutletsAlgorithm",
        "Chooses the given number of new outlet sites among the candidate points, keeping "
        "every existing outlet (open or planned; closed ones are ignored), then assigns "
        "every grid to an outlet.\n\n"
        "Coverage: as many people as possible within the service radius of an outlet "
        "(maximal covering; among equal coverage, shorter distances). p-median: the "
        "shortest population-weighted distance from the grids to their nearest outlet.\n\n"
        "A grid counts at its centroid (or a point inside it when the centroid falls "
        "outside) with its population; distances are straight lines in metres (a layer in "
        "degrees is reprojected to its UTM zone).\n\n"
        "Grids go to their nearest outlet, or, with the capacity-aware assignment, each "
        "whole grid to one outlet without exceeding its capacity: capacity (staff) × the "
        "population one person serves (the mean capacity of the project's active staff "
        "with a project, else 10,000). A candidate without a capacity gets the median of "
        "the others. If the outlets cannot hold everybody, all are loaded by the same "
        "factor and the log says so.\n\n"
        "Outputs: the outlets (existing and new, is_new = 1) with the population of their "
        "grids within the radius and the number of grids they serve; the grids with "
        "outlet_id and distance_m. With a project GeoPackage, the new outlets are added to "
        "its outlets layer as planned and the grids get their outlet_id, in one step.\n\n"
        "Results: COVERED_POPULATION (within the radius of any outlet), COVERAGE_SHARE, "
        "MEAN_DISTANCE (m, population-weighted), OBJECTIVE (coverage: covered population; "
        "p-median: population × metres), GAP (how far from optimal the result can at most "
        "be, from a bound; 0 = proven optimal) and METHOD.",
    )

    ALGORITHM_ID = "siteoutlets"
    GROUP_ID = "staff"

    GRIDS = "GRIDS"
    OUTLETS = "OUTLETS"
    CANDIDATES = "CANDIDATES"
    NEW_OUTLETS = "NEW_OUTLETS"
    METHOD = "METHOD"
    SERVICE_RADIUS = "SERVICE_RADIUS"
    CAPACITY_AWARE = "CAPACITY_AWARE"
    OUTPUT_OUTLETS = "OUTPUT_OUTLETS"
    OUTPUT_GRIDS = "OUTPUT_GRIDS"
    PROJECT = "PROJECT"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        methods = [
            self.tr("Coverage: most people within the service radius"),
            self.tr("p-median: shortest population-weighted distance"),
        ]
        grids = self.tr("Service grids (polygons with population)")
        self.add_source(self.GRIDS, grids, POLYGONS)
        outlets = self.tr("Existing outlets (points; kept)")
        self.add_source(self.OUTLETS, outlets, POINTS, optional=True)
        self.add_source(
            self.CANDIDATES, self.tr("Candidate sites for new outlets (points)"), POINTS
        )
        self.add_number(self.NEW_OUTLETS, self.tr("Number of new outlets"), 5, 0, integer=True)
        self.add_enum(self.METHOD, self.tr("Method"), methods)
        radius = self.tr("Service radius (m)")
        self.add_distance(self.SERVICE_RADIUS, radius, siting.DEFAULT_RADIUS, None, 1.0)
        capacity = self.tr("Capacity-aware assignment (outlet capacity in staff)")
        self.add_boolean(self.CAPACITY_AWARE, capacity, optional=True)
        self.add_sink(self.OUTPUT_OUTLETS, self.tr("Outlets (existing and new)"), POINTS)
        self.add_sink(self.OUTPUT_GRIDS, self.tr("Grids with their outlet"), POLYGONS)
        store = self.tr(
            "Also store the result in this project GeoPackage (grids: its "
            "grids layer; outlets: its outlets layer)"
        )
        self.add_gpkg(self.PROJECT, store, optional=True)
        self.add_outputs(
            {
                "COVERED_POPULATION": self.tr("Population within the service radius"),
                "COVERAGE_SHARE": self.tr("Share of the population within the radius"),
                "MEAN_DISTANCE": self.tr("Population-weighted mean distance (m)"),
                "OBJECTIVE": self.tr("Objective"),
                "GAP": self.tr("Gap to the bound (0 = proven optimal)"),
            }
        )
        self.add_outputs({"METHOD": self.tr("Method")}, QgsProcessingOutputString)

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        source, label, crs = grids_source(self, parameters, self.GRIDS, context, feedback)
        method = METHODS[self.parameterAsEnum(parameters, self.METHOD, context)]
        new_outlets = self.parameterAsInt(parameters, self.NEW_OUTLETS, context)
        radius = self.parameterAsDouble(parameters, self.SERVICE_RADIUS, context)
        capacity_aware = self.parameterAsBoolean(parameters, self.CAPACITY_AWARE, context)
        project = self.parameterAsFile(parameters, self.PROJECT, context) or None
        if radius <= 0:
            raise QgsProcessingException(self.tr("The service radius must be above 0 m."))
        steps = QgsProcessingMultiStepFeedback(4, feedback)

        # 1. read the three layers in the working CRS
        grids = read_grid_points(source, label, crs, steps, context)
        if project:
            check_project_grids(grids)
        existing = read_outlets(self, parameters, context, crs, feedback)
        candidates = read_candidates(self, parameters, context, crs)
        if candidates["count"] == 0 and new_outlets > 0:
            raise QgsProcessingException(
                self.tr(
                    "The candidate layer has no sites: add candidate points for new outlets, or "
                    "set the number of new outlets to 0."
                )
            )
        if new_outlets > candidates["count"]:
            raise QgsProcessingException(
                self.tr(
                    "{param} asks for {p} new outlets but the candidate layer has only {m} sites: "
                    "lower the number or add candidates."
                ).format(param=self.param(self.NEW_OUTLETS), p=new_outlets, m=candidates["count"])
            )
        capacities = outlet_capacities(existing, candidates, project, capacity_aware, feedback)
        steps.setCurrentStep(1)

        # 2. solve
        result = siting.site_outlets(
            grids["xy"],
            grids["population"],
            candidates["xy"],
            new_outlets,
            method=CORE_METHODS[method],
            radius=radius,
            existing_xy=existing["xy"] if existing["count"] else None,
            existing_capacity=capacities["existing"],
            candidate_capacity=capacities["candidates"],
            capacity_aware=capacity_aware,
            progress=steps.setProgress,
            is_canceled=feedback.isCanceled,
        )
        for note in result.notes:
            feedback.pushWarning(note)
        steps.setCurrentStep(2)

        # 3. outputs
        outlets = outlet_rows(result, existing, candidates, capacities, feedback)
        outlets_dest = write_outlets(self, parameters, context, crs, outlets, result)
        grid_outlet = [outlets[row]["outlet_id"] for row in result.assignment]
        grids_dest = write_grids(
            self, parameters, context, crs, source, grids, grid_outlet, result.distance, steps
        )
        if grids_dest is None:
            return {}
        steps.setCurrentStep(3)

        # 4. the project
        if project:
            store(project, grids, grid_outlet, outlets, crs, feedback)
        steps.setProgress(100)
        report(feedback, method, result, outlets, radius)
        out = {
            self.OUTPUT_OUTLETS: outlets_dest,
            self.OUTPUT_GRIDS: grids_dest,
            "COVERED_POPULATION": result.covered_population,
            "COVERAGE_SHARE": result.coverage_share,
            "MEAN_DISTANCE": result.mean_distance,
            "OBJECTIVE": result.objective,
            "GAP": result.gap,
            "METHOD": method,
        }
        return out
