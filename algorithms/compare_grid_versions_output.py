"""The results of 'Compare grid versions': the layer of the units that changed grid, the HTML
report and the log, in the language of QGIS."""

import html

from qgis.core import QgsFeatureRequest, QgsFields, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication

from .core import schema
from .core.errors import format_ids
from .core.labels import ui_language
from .project_template import layer_uri
from .qgis_io import new_field, write_features

#: The output's fields: (name, schema type, unit field for the alias or None).
FIELDS = (
    ("unit_id", schema.TEXT),
    ("name", schema.TEXT),
    ("nest", schema.TEXT),
    ("population", schema.REAL),
    ("grid_a", schema.TEXT),
    ("grid_b", schema.TEXT),
)


#: QGIS's translation (pylupdate5 reads the literal context and text of each call).
translate = QCoreApplication.translate


def output_fields(result) -> QgsFields:
    """unit_id, name, nest, population (aliases of the units layer), grid_a and grid_b
    (aliased with the versions' names)."""
    fields = QgsFields()
    language = ui_language()
    aliases = {
        "grid_a": translate("CompareGridVersionsAlgorithm", "Grid in {name}").format(
            name=result.a_name
        ),
        "grid_b": translate("CompareGridVersionsAlgorithm", "Grid in {name}").format(
            name=result.b_name
        ),
    }
    for name, kind in FIELDS:
        alias = aliases.get(name) or schema.UNITS.get(name).alias(language)
        fields.append(new_field(name, kind, alias))
    return fields


def write_changes(alg, parameters, context, project, result, feedback):
    """The changed units on their polygons (from the project's units layer) to the sink
    OUTPUT; its id, or ``None`` when the user cancelled."""
    units = QgsVectorLayer(layer_uri(project, "units"), "units", "ogr")
    if not units.isValid():
        raise QgsProcessingException(
            translate(
                "CompareGridVersionsAlgorithm", "The units layer of {path} cannot be read."
            ).format(path=project)
        )
    fids = [c.fid for c in result.changes if c.fid is not None]
    geometries = {}
    if fids:
        request = QgsFeatureRequest().setFilterFids(fids).setNoAttributes()
        for feature in units.getFeatures(request):
            geometries[feature.id()] = feature.geometry()
    rows = (
        (
            geometries.get(c.fid),
            [c.unit_id, c.name, c.nest, c.population, c.grid_a or None, c.grid_b or None],
        )
        for c in result.changes
    )
    fields = output_fields(result)
    progress = (30.0, 60.0, len(result.changes))
    output = (parameters, alg.OUTPUT, context, fields, units.wkbType(), units.crs())
    return write_features(alg, *output, rows, feedback, progress)


def _number(value: float) -> str:
    return "{:,.0f}".format(value)


def summary_lines(result) -> list:
    """The totals, as sentences."""
    lines = [
        translate(
            "CompareGridVersionsAlgorithm",
            "Version {a} “{a_name}” → {b}: {n} units changed grid, population moved {pop}.",
        ).format(
            a=result.a_id,
            a_name=result.a_name,
            b=result.b_name
            if result.b_id is None
            else "{} “{}”".format(result.b_id, result.b_name),
            n=result.units_changed,
            pop=_number(result.population_moved),
        ),
        translate(
            "CompareGridVersionsAlgorithm",
            "Grids created: {n} ({ids}); grids retired: {m} ({retired}).",
        ).format(
            n=len(result.grids_created),
            ids=format_ids(result.grids_created) or "–",
            m=len(result.grids_retired),
            retired=format_ids(result.grids_retired) or "–",
        ),
    ]
    if result.units_added or result.units_removed:
        lines.append(
            translate(
                "CompareGridVersionsAlgorithm",
                "{added} units are only in B and {removed} only in A (added to or removed from "
                "the project): not counted as changes.",
            ).format(added=result.units_added, removed=result.units_removed)
        )
    return lines


def log_summary(feedback, result) -> None:
    """The totals and the per-nest rows, in the log."""
    for line in summary_lines(result):
        feedback.pushInfo(line)
    for row in result.per_nest:
        feedback.pushInfo(
            translate(
                "CompareGridVersionsAlgorithm",
                "Nest {nest}: {n} units changed grid, population moved {pop}, {created} grids "
                "created, {retired} retired.",
            ).format(
                nest=row.nest or "–",
                n=row.units_changed,
                pop=_number(row.population_moved),
                created=row.grids_created,
                retired=row.grids_retired,
            )
        )


def _cells(values, tag="td") -> str:
    return "".join("<{0}>{1}</{0}>".format(tag, html.escape(str(v))) for v in values)


def report_html(project, result) -> str:
    """The comparison as a small HTML page."""
    e = html.escape
    title = translate("CompareGridVersionsAlgorithm", "Comparison of grid versions")
    totals = [
        (
            translate("CompareGridVersionsAlgorithm", "Units that changed grid"),
            result.units_changed,
        ),
        (
            translate("CompareGridVersionsAlgorithm", "Population moved"),
            _number(result.population_moved),
        ),
        (translate("CompareGridVersionsAlgorithm", "Grids created"), len(result.grids_created)),
        (translate("CompareGridVersionsAlgorithm", "Grids retired"), len(result.grids_retired)),
        (translate("CompareGridVersionsAlgorithm", "Units only in B (added)"), result.units_added),
        (
            translate("CompareGridVersionsAlgorithm", "Units only in A (removed)"),
            result.units_removed,
        ),
    ]
    nest_head = (
        translate("CompareGridVersionsAlgorithm", "Nest"),
        translate("CompareGridVersionsAlgorithm", "Units that changed grid"),
        translate("CompareGridVersionsAlgorithm", "Population moved"),
        translate("CompareGridVersionsAlgorithm", "Grids created"),
        translate("CompareGridVersionsAlgorithm", "Grids retired"),
    )
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8"><title>{}</title>'.format(e(title)),
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 8px}td+td{text-align:right}</style>",
        "</head><body>",
        "<h1>{}</h1>".format(e(title)),
        "<p>{}</p>".format(e(project)),
        "".join("<p>{}</p>".format(e(line)) for line in summary_lines(result)),
        "<h2>{}</h2>".format(e(translate("CompareGridVersionsAlgorithm", "Totals"))),
        "<table>{}</table>".format("".join("<tr>{}</tr>".format(_cells(r)) for r in totals)),
        "<h2>{}</h2>".format(e(translate("CompareGridVersionsAlgorithm", "Grids created"))),
        "<p>{}</p>".format(e(", ".join(result.grids_created) or "–")),
        "<h2>{}</h2>".format(e(translate("CompareGridVersionsAlgorithm", "Grids retired"))),
        "<p>{}</p>".format(e(", ".join(result.grids_retired) or "–")),
        "<h2>{}</h2>".format(e(translate("CompareGridVersionsAlgorithm", "Per nest"))),
        "<table><tr>{}</tr>".format(_cells(nest_head, "th")),
    ]
    for row in result.per_nest:
        values = (
            row.nest or "–",
            row.units_changed,
            _number(row.population_moved),
            row.grids_created,
            row.grids_retired,
        )
        parts.append("<tr>{}</tr>".format(_cells(values)))
    parts.append("</table></body></html>")
    return "\n".join(parts)


def write_report(path, project, result) -> None:
    """Write the HTML report to ``path``."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(report_html(project, result))
