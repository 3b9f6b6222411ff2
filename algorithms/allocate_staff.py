"""``servicegrid:allocatestaff``: recommended staff per grid, and named staff assigned to grids.

A thin Processing layer over :mod:`core.allocation`: it reads the grids, the roster and the
outlets, checks them, calls the core and writes the grids with their staff counts and the
assignments table (and, with PROJECT, stores both in the project GeoPackage).
"""

import numpy as np
from qgis.core import QgsProcessingMultiStepFeedback, QgsProcessingOutputString
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QDateTime

from .allocate_staff_input import read_outlets, read_staff, read_staff_grids
from .allocate_staff_output import (
    assignment_rows,
    assignment_uuid,  # noqa: F401 (public: the uuid of an assignment, used by the tests)
    check_project_grids,
    number_results,
    overloaded_staff,
    store_in_project,
    write_assignments,
    write_grids,
)
from .base import POINTS, POLYGONS, TABLE, ServiceGridAlgorithm
from .core import allocation as core


class AllocateStaffAlgorithm(ServiceGridAlgorithm):
    """Recommend staff numbers per grid and assign named staff to grids."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP(
        "AllocateStaffAlgorithm",
        "Allocate staff to grids",
    )
    TAGS = QT_TRANSLATE_NOOP(
        "AllocateStaffAlgorithm",
        "staff,allocation,assignment,apportionment,workload,capacity,人员,配置,分配,网格",
    )
    HELP = QT_TRANSLATE_NOOP(
        "AllocateStaffAlgorithm",
        "Recommends how many people each service grid needs and assigns named staff from "
        "the roster to grids.\n\n"
        "Workload per grid (population equivalents) = population × (1 + 0.5 × (demand "
        "index ÷ its population-weighted mean − 1)) + quality × staff capacity. Without a "
        "demand_index field it is the population. The optional quality field (e.g. "
        "staff_change from a service-quality run) adds that many people's worth of "
        "workload to a grid (negative values remove it).\n\n"
        "Recommended staff: with a total headcount, the total is apportioned exactly by "
        "the Webster (Sainte-Laguë) method, at least the minimum per grid; without it, "
        "workload ÷ staff capacity rounded up, at least the minimum.\n\n"
        "Assignment: only active staff; each works from their outlet (distance from the "
        "outlet to the grid), carries an equal share of each grid they cover and never "
        "more than their capacity (staff capacity where the roster has none). Every grid "
        "gets somebody, then its recommended number of people where the roster allows; "
        "loads are balanced against capacities and travel kept short. An exact "
        "optimisation (MILP) is used when the problem is small enough, a heuristic "
        "beyond. When the roster is too small, the missing capacity, the grids without "
        "enough people and anybody overloaded (only to cover a grid nobody else can) are "
        "reported.\n\n"
        "Results: TOTAL_RECOMMENDED, TOTAL_ASSIGNED, UNCOVERED_GRIDS, UNDERSTAFFED_GRIDS, "
        "OVERLOADED_STAFF, SHORTFALL_CAPACITY (population equivalents), SHORTFALL_STAFF, "
        "OBJECTIVE (workload-weighted travel, population equivalents × km), "
        "MEAN_TRAVEL_KM, MAX_UTILISATION, GAP (to the proven lower bound: the plan has at "
        "most that much more travel than the best possible plan), UNSERVED_WORKLOAD, "
        "FORCED_SHORTFALL (workload no plan can serve within the roster's capacity), "
        "PLAN_QUALITY (the gap in words) and METHOD.",
    )

    ALGORITHM_ID = "allocatestaff"
    GROUP_ID = "staff"

    GRIDS = "GRIDS"
    STAFF = "STAFF"
    OUTLETS = "OUTLETS"
    TOTAL_STAFF = "TOTAL_STAFF"
    MIN_STAFF_PER_GRID = "MIN_STAFF_PER_GRID"
    STAFF_CAPACITY = "STAFF_CAPACITY"
    QUALITY_FIELD = "QUALITY_FIELD"
    OUTPUT_GRIDS = "OUTPUT_GRIDS"
    OUTPUT_ASSIGNMENTS = "OUTPUT_ASSIGNMENTS"
    PROJECT = "PROJECT"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        grids = self.tr("Service grids (polygons with population)")
        self.add_source(self.GRIDS, grids, POLYGONS)
        self.add_source(self.STAFF, self.tr("Staff roster (table)"), TABLE)
        outlets = self.tr("Outlets (points; travel is measured from them)")
        self.add_source(self.OUTLETS, outlets, POINTS, optional=True)
        total = self.tr("Total staff to apportion (0 = as many as recommended)")
        self.add_number(self.TOTAL_STAFF, total, 0, 0, integer=True)
        least = self.tr("Minimum staff per grid")
        self.add_number(self.MIN_STAFF_PER_GRID, least, 1, 0, integer=True)
        capacity = self.tr("Population one person can serve")
        self.add_number(self.STAFF_CAPACITY, capacity, 10000.0, 1.0)
        quality = self.tr("Extra staff suggested per grid (e.g. staff_change from service quality)")
        self.add_field(self.QUALITY_FIELD, quality, self.GRIDS, optional=True, numeric=True)
        self.add_sink(self.OUTPUT_GRIDS, self.tr("Grids with staff"), POLYGONS)
        self.add_sink(self.OUTPUT_ASSIGNMENTS, self.tr("Assignments"), TABLE)
        store = self.tr("Also store the result in this project GeoPackage (input: its grids layer)")
        self.add_gpkg(self.PROJECT, store, optional=True)
        descriptions = {
            "TOTAL_RECOMMENDED": self.tr("Recommended staff"),
            "TOTAL_ASSIGNED": self.tr("Assignments made"),
            "UNCOVERED_GRIDS": self.tr("Grids without anybody"),
            "UNDERSTAFFED_GRIDS": self.tr("Grids with fewer people than recommended"),
            "OVERLOADED_STAFF": self.tr("Staff above capacity"),
            "SHORTFALL_CAPACITY": self.tr("Workload not served within capacity"),
            "SHORTFALL_STAFF": self.tr("People missing"),
            "OBJECTIVE": self.tr("Workload-weighted travel"),
            "MEAN_TRAVEL_KM": self.tr("Mean travel (km)"),
            "MAX_UTILISATION": self.tr("Highest utilisation"),
            "GAP": self.tr("Gap to the lower bound"),
            "UNSERVED_WORKLOAD": self.tr("Workload left unserved"),
            "FORCED_SHORTFALL": self.tr("Workload the roster's capacity cannot serve"),
        }
        self.add_outputs(descriptions)
        self.addOutput(QgsProcessingOutputString("METHOD", self.tr("Method")))
        self.addOutput(QgsProcessingOutputString("PLAN_QUALITY", self.tr("Plan quality")))

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        options = core.AllocationOptions(
            min_staff=self.parameterAsInt(parameters, self.MIN_STAFF_PER_GRID, context),
            total_staff=self.parameterAsInt(parameters, self.TOTAL_STAFF, context),
            staff_capacity=self.parameterAsDouble(parameters, self.STAFF_CAPACITY, context),
        )
        options.validate()
        steps = QgsProcessingMultiStepFeedback(4, feedback)

        # 1. read and check the grids, the outlets and the roster
        grids = read_staff_grids(self, parameters, context, steps)
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        if project:
            check_project_grids(grids)
        steps.setCurrentStep(1)
        outlets = read_outlets(self, parameters, context, grids["crs"], steps)
        staff = read_staff(self, parameters, context, outlets, options, steps)
        if feedback.isCanceled():
            return {}
        steps.setCurrentStep(2)

        # 2. workload, recommendation, assignment
        load = core.workload(
            grids["population"],
            grids["demand_index"],
            grids["quality"],
            options.demand_weight,
            options.staff_capacity,
        )
        recommended = core.recommend(load, options)
        result = core.assign(
            grids["xy"],
            load,
            recommended,
            staff["capacity"],
            staff["xy"],
            options,
            progress=steps.setProgress,
            is_canceled=feedback.isCanceled,
        )
        for message in result.messages:
            feedback.pushWarning(message)
        steps.setCurrentStep(3)

        # 3. write
        ids = grids["ids"]
        staff_ids = staff["ids"]
        stamp = QDateTime.currentDateTimeUtc()
        stamp.setTime(stamp.time().addMSecs(-stamp.time().msec()))
        rows = assignment_rows(result, ids, staff)
        out = {}
        out[self.OUTPUT_GRIDS] = write_grids(
            self, parameters, context, grids, load, recommended, result.assigned
        )
        out[self.OUTPUT_ASSIGNMENTS] = write_assignments(self, parameters, context, rows, stamp)
        if project:
            store_in_project(
                project, grids, recommended, rows, stamp, feedback, options.staff_capacity
            )

        # 4. report
        total_workload = float(load.sum())
        total_capacity = float(np.sum(staff["capacity"]))
        message = core.shortfall_message(
            result, ids, staff_ids, options.staff_capacity, total_workload, total_capacity
        )
        if message:
            feedback.reportError(message, fatalError=False)
        shortfall_staff = int(np.ceil(result.shortfall_capacity / options.staff_capacity - 1e-9))
        feedback.pushInfo(
            self.tr(
                "{grids} grids, workload {workload:,.0f}; {recommended} staff recommended; "
                "{people} active staff with capacity {capacity:,.0f}; {assigned} assignments. "
                "Mean travel {km:.2f} km, highest utilisation {util:.0%}. Method: {method}; "
                "{pairs:,} candidate pairs."
            ).format(
                grids=len(ids),
                workload=total_workload,
                recommended=int(recommended.sum()),
                people=len(staff_ids),
                capacity=total_capacity,
                assigned=len(rows),
                km=result.mean_travel_km,
                util=result.max_utilisation,
                method=result.method,
                pairs=result.candidate_pairs,
            )
        )
        if result.gap is not None:
            feedback.pushInfo(
                self.tr(
                    "Objective {value:,.1f}, proven lower bound {bound:,.1f} (gap {gap:.2%})."
                ).format(value=result.objective, bound=result.lower_bound, gap=result.gap)
            )
        feedback.pushInfo(core.quality_sentence(result))
        steps.setProgress(100)
        over = overloaded_staff(grids, recommended, rows, staff)
        out.update(number_results(result, recommended, len(rows), shortfall_staff, len(over)))
        return out
