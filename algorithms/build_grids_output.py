"""The results of 'Build service grids': the grids and the units with their grid id written to
the output layers, the grids stored in a project, and the log."""

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsFields,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from .core import schema, timestamps
from .core.deps import shapely
from .core.division import codes
from .core.gpkg import store_grids
from .core.gridding import GridOptions
from .core.tables import Table
from .qgis_io import geometry_from_wkb, new_field, schema_fields, write_features

#: Fields of the grids output, in order: the project's grids layer up to polsby_popper.
GRID_FIELDS = tuple(
    schema.GRIDS.field_names()[: schema.GRIDS.field_names().index("polsby_popper") + 1]
)


def grid_fields() -> QgsFields:
    """The QgsFields of the grids output."""
    return schema_fields(schema.GRIDS, GRID_FIELDS)


def grid_columns(result) -> list:
    """The values of :data:`GRID_FIELDS`, one list per field."""
    return [result.grid_ids, result.grid_nest] + [result.attributes[n] for n in GRID_FIELDS[2:]]


def write_grids(alg, parameters, context, crs, result):
    """The grids to the sink OUTPUT; returns its id."""
    columns = grid_columns(result)
    wkbs = shapely.to_wkb(result.geometries)
    rows = ((geometry_from_wkb(wkb), [c[row] for c in columns]) for row, wkb in enumerate(wkbs))
    output = (parameters, alg.OUTPUT, context, grid_fields(), QgsWkbTypes.Type.MultiPolygon, crs)
    return write_features(alg, *output, rows)


def write_units(alg, parameters, context, source, crs, fids, units, result, feedback):
    """The input units (all their fields) with grid_id, in the working CRS, to the optional
    sink OUTPUT_UNITS; its id, or ``None`` when it is not wanted."""
    fields = QgsFields(source.fields())
    grid_index = fields.indexOf("grid_id")
    if grid_index < 0:
        fields.append(new_field("grid_id", schema.TEXT))
        grid_index = fields.count() - 1
    sink, dest = alg.parameterAsSink(
        parameters, alg.OUTPUT_UNITS, context, fields, QgsWkbTypes.Type.MultiPolygon, crs
    )
    if sink is None:
        return None
    row_of = {fid: row for row, fid in enumerate(fids)}
    wkbs = shapely.to_wkb(units.geometries)
    total = max(len(fids), 1)
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
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
        out.setGeometry(geometry_from_wkb(wkbs[row]))
        out.setAttributes(attributes)
        batch.append(out)
        if len(batch) >= 5000:
            sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)
            batch = []
            feedback.setProgress(100.0 * n / total)
    if batch:
        sink.addFeatures(batch, QgsFeatureSink.Flag.FastInsert)
    return dest


def keep_locked_rows(result, before, feedback):
    """The locked grids of the project (:class:`ProjectGrids`) keep their stored attributes in
    the results; the log says how many were kept."""
    for grid, locked in enumerate(result.grid_locked):
        if not locked:
            continue
        row = before.locked_rows[result.grid_ids[grid]]
        result.grid_nest[grid] = row["nest"]
        for name in GRID_FIELDS[2:]:
            result.attributes[name][grid] = row[name]
    if before.locked_rows:
        feedback.pushInfo(
            QCoreApplication.translate(
                "BuildGridsAlgorithm", "Kept {grids} locked grids ({units} units) as they are."
            ).format(grids=len(before.locked_rows), units=before.locked_units)
        )


def store_in_project(project, units, result, feedback, options=None, before=None):
    """Replace the project's grids and set units.grid_id (atomically); the units were
    checked to be the project's (:func:`check_project_units`). The division it replaces is
    saved as a version first. Locked grids stay as they are; in the same transaction the codes
    that disappear are retired and the new ones registered (``grid_codes``), the target,
    tolerance and code scheme are kept in ``sg_meta`` and the edit journal is cleared (the undo
    history starts again)."""
    from .core.division.rebuild import carry_over
    from .core.division.versions import save_before_rebuild  # (issue 13: versions)

    saved = save_before_rebuild(project)
    if saved:
        feedback.pushInfo(
            QCoreApplication.translate(
                "BuildGridsAlgorithm", "Saved the previous division as version {id} “{name}”."
            ).format(id=saved["version_id"], name=saved["name"])
        )
    free = [g for g, locked in enumerate(result.grid_locked) if not locked]
    columns = [[column[g] for g in free] for column in grid_columns(result)]
    table = Table(schema.GRIDS, dict(zip(GRID_FIELDS, columns)), result.geometries[free])
    unit_grid = {
        unit_id: result.grid_ids[g]
        for unit_id, g in zip(units.columns["unit_id"], result.unit_grid)
    }
    options = options or GridOptions()
    scheme = codes.CodeScheme(options.id_prefix, options.id_width)
    meta = dict(codes.scheme_meta(scheme))
    meta["grid_target_population"] = repr(float(result.stats["TARGET_POPULATION"]))
    meta["grid_tolerance"] = repr(float(options.tolerance))

    def registry_and_journal(ds):
        now = timestamps.now_utc()
        ids = set(result.grid_ids)
        old = before.active if before is not None else set()
        registered = before.registered if before is not None else set()
        codes.retire_codes(ds, old - ids, now)
        fresh = [
            (code, nest, codes.sequence_of(code, scheme, nest), now)
            for code, nest in zip(result.grid_ids, result.grid_nest)
            if code not in registered
        ]
        codes.register_codes(ds, fresh)
        ds.ExecuteSQL("DELETE FROM {}".format(schema.GRID_EDITS.name))
        if before is not None:
            carried.update(
                carry_over(
                    ds,
                    before.current,
                    [result.grid_ids[g] for g in result.unit_grid],
                    units.columns["population"],
                    units.geometries,
                    before.outlets,
                )
            )

    carried: dict = {}

    unit_target = None
    if result.unit_target is not None:
        unit_target = {
            unit_id: float(t) for unit_id, t in zip(units.columns["unit_id"], result.unit_target)
        }
    counts = store_grids(
        project,
        table,
        unit_grid,
        keep_locked=True,
        meta=meta,
        also=registry_and_journal,
        unit_target=unit_target,
    )
    feedback.pushInfo(
        QCoreApplication.translate(
            "BuildGridsAlgorithm",
            "Stored {grids} grids in {path}; {units} units carry their grid id.",
        ).format(path=project, **counts)
    )
    if carried:
        feedback.pushInfo(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "Kept the outlet of {outlets_kept} grids that kept their code; {decisions} "
                "staff assignments and outlets of grids that are gone wait in the Grid "
                "editor's 'Needs a decision'; {feedback} feedback points follow their unit to "
                "its new grid.",
            ).format(**carried)
        )


def report(feedback, stats, options):
    """Log the balance, compactness and contiguity of the grids."""
    feedback.pushInfo(
        QCoreApplication.translate(
            "BuildGridsAlgorithm",
            "{grids} grids; population CV {cv:.3f}, smallest/largest grid {lo:.2f}/{hi:.2f} of "
            "the mean, {within:.0%} within ±{tol:g} % of {target:,.0f}; mean Polsby–Popper "
            "{pp:.2f}; non-contiguous {nc}, nest violations {nv}.",
        ).format(
            grids=stats["GRID_COUNT"],
            cv=stats["POPULATION_CV"],
            lo=stats["MIN_RATIO"],
            hi=stats["MAX_RATIO"],
            within=stats["WITHIN_TOLERANCE"],
            tol=options.tolerance * 100,
            target=stats["TARGET_POPULATION"],
            pp=stats["MEAN_POLSBY_POPPER"],
            nc=stats["NON_CONTIGUOUS"],
            nv=stats["NEST_VIOLATIONS"],
        )
    )
    if "UNITS_KEPT" in stats:
        feedback.pushInfo(
            QCoreApplication.translate(
                "BuildGridsAlgorithm", "{kept:.1%} of the units stayed in their previous grid."
            ).format(kept=stats["UNITS_KEPT"])
        )


def balance_report(result) -> str:
    """One line per balance variable: CV, smallest/largest grid of the mean, within its
    tolerance (the output BALANCE_REPORT and the log)."""
    lines = []
    for name, figures in result.balance.items():
        lines.append(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "{name}: CV {cv:.3f}, smallest/largest grid {lo:.2f}/{hi:.2f} of the mean, "
                "{within:.0%} of grids within its tolerance",
            ).format(
                name=name,
                cv=figures["CV"],
                lo=figures["MIN_RATIO"],
                hi=figures["MAX_RATIO"],
                within=figures["WITHIN_TOLERANCE"],
            )
        )
    return "\n".join(lines)


def report_demand(feedback, result, options):
    """Log what the grids were balanced on, their targets by area and their income mix."""
    if len(result.balance) > 1 or "population" not in result.balance:
        feedback.pushInfo(
            QCoreApplication.translate("BuildGridsAlgorithm", "Balance per variable:")
        )
        for line in balance_report(result).splitlines():
            feedback.pushInfo("  " + line)
    targets = result.grid_target
    if targets and max(targets) - min(targets) > 0.5:
        feedback.pushInfo(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "Targets by area: grid targets from {low:,.0f} to {high:,.0f} people "
                "(finer where the target is smaller); the balance figures compare each grid "
                "with its own target.",
            ).format(low=min(targets), high=max(targets))
        )
    stats = result.stats
    if "INCOME_DISPERSION" in stats:
        feedback.pushInfo(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "Income: {dispersion:.0%} of the income variance lies within grids (0 % = "
                "every grid one income); {tiers:.0%} of grids fall clearly into one income "
                "tier (80 % of their people); homogeneity weight {h:g}.",
            ).format(
                dispersion=stats["INCOME_DISPERSION"],
                tiers=stats.get("ONE_TIER_SHARE", 0.0),
                h=options.homogeneity,
            )
        )
