"""The Summary sheet: one row per district, every figure a formula over the Grids sheet (with
its value cached), the totals row a formula over the district rows, and the bar chart of the
staff recommended and assigned per district."""

from collections import defaultdict
from typing import Dict, List, Optional

from .figures import district_sums
from .labels import WORDS, pick
from .model import (
    GRID_POS,
    OUTLET_POS,
    SUMMARY_COLUMNS,
    SUMMARY_KEYS,
    Column,
    Figures,
    Formula,
    ProjectData,
    WorkbookResult,
)
from .rules import summary_rules
from .values import as_number, column_letter, quote_title, safe_div
from .xlsx import Writer


def _criteria(ref: str, key: str) -> str:
    """The COUNTIF/SUMIFS criteria that matches exactly the text in cell ``ref`` (``key``)."""
    if key.startswith(("<", ">", "=")) or any(ch in key for ch in "*?~"):
        return '"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({},"~","~~"),"*","~*"),"?","~?")'.format(ref)
    return ref


def district_names(data: ProjectData, figures: Figures) -> Dict[str, tuple]:
    """``{district key: (name, parent name)}`` from the project's nest names."""
    out: Dict[str, tuple] = {}
    if not data.nest_names:
        return out
    for code, district in zip(data.grids["nest"], figures.grid_district):
        if district not in out and code is not None:
            names = data.nest_names.get(str(code))
            if names is not None:
                out[district] = names
    return out


def write_summary(
    writer: Writer, data: ProjectData, figures: Figures, result: WorkbookResult
) -> None:
    """One row per district: formulas over the Grids sheet; totals over the rows; chart."""
    grids_title = quote_title(writer.titles["grids"])
    n = len(data.grids["grid_id"])
    last = n + 1

    def rng(key: str) -> str:
        letter = column_letter(GRID_POS[key])
        return "{0}!${1}$2:${1}${2}".format(grids_title, letter, max(last, 2))

    nest = rng("nest")
    districts = figures.districts
    rows = len(districts)
    pop = [as_number(v) or 0.0 for v in data.grids["population"]]
    rec = [as_number(v) or 0.0 for v in data.grids["recommended_staff"]]
    has_rec = [as_number(v) is not None for v in data.grids["recommended_staff"]]
    assigned = [len(p) for p in figures.assigned]
    q = figures.quality
    count = {d: 0 for d in districts}
    for d in figures.grid_district:
        count[d] += 1
    s_pop = district_sums(figures, pop)
    s_rec = district_sums(figures, rec)
    s_ass = district_sums(figures, assigned)
    s_covered = district_sums(figures, pop, [a > 0 for a in assigned])
    s_under = district_sums(
        figures, [1] * n, [h and a < r for h, a, r in zip(has_rec, assigned, rec)]
    )
    s_outlet = district_sums(figures, [1] * n, [bool(o) for o in data.grids["outlet_id"]])
    s_fb = district_sums(figures, q["feedback_count"])
    s_rating = district_sums(
        figures, [(c or 0) * (r or 0) for c, r in zip(q["feedback_count"], q["avg_rating"])]
    )
    s_rated = district_sums(figures, q["feedback_count"], [r is not None for r in q["avg_rating"]])
    outlets_of: Dict[str, set] = defaultdict(set)
    for district, outlet in zip(figures.grid_district, data.grids["outlet_id"]):
        if outlet:
            outlets_of[district].add(outlet)
    #: Summary columns that are SUMIFS of a Grids column by district: (that column, sums).
    summed = {
        "population": ("population", s_pop),
        "recommended_staff": ("recommended_staff", s_rec),
        "assigned_staff": ("assigned_staff", s_ass),
        "feedback": ("feedback_count", s_fb),
        "below_grids": ("below_standard", district_sums(figures, q["below_standard"])),
        "flagged_grids": ("flagged", district_sums(figures, q["flagged"])),
    }

    cols: Dict[str, list] = {key: [] for key in SUMMARY_KEYS}
    names = district_names(data, figures)
    for r, district in enumerate(districts):
        row = r + 2
        key = _criteria("$A{}".format(row), district)
        ref = {k: "{}{}".format(column_letter(i), row) for i, k in enumerate(SUMMARY_KEYS)}
        cols["district"].append(district)
        cols["district_name"].append(names.get(district, (None, None))[0])
        cols["parent_name"].append(names.get(district, (None, None))[1])
        cols["grids"].append(Formula("COUNTIF({},{})".format(nest, key), count[district]))
        for column, (source, sums) in summed.items():
            cols[column].append(
                Formula("SUMIFS({},{},{})".format(rng(source), nest, key), sums[district])
            )
        cols["staff_gap"].append(
            Formula(
                "{}-{}".format(ref["assigned_staff"], ref["recommended_staff"]),
                s_ass[district] - s_rec[district],
            )
        )
        cols["understaffed"].append(
            Formula(
                "SUMPRODUCT(({0}={1})*ISNUMBER({2})*({3}<{2}))".format(
                    nest, "$A{}".format(row), rng("recommended_staff"), rng("assigned_staff")
                ),
                s_under[district],
            )
        )
        cols["staff_coverage"].append(
            Formula(
                'IF({0}>0,SUMIFS({1},{2},{3},{4},">0")/{0},"")'.format(
                    ref["population"], rng("population"), nest, key, rng("assigned_staff")
                ),
                safe_div(s_covered[district], s_pop[district]),
            )
        )
        cols["outlets_serving"].append(len(outlets_of[district]))
        cols["outlet_coverage"].append(
            Formula(
                'IF({0}>0,COUNTIFS({1},{2},{3},"<>")/{0},"")'.format(
                    ref["grids"], nest, key, rng("outlet_id")
                ),
                safe_div(s_outlet[district], count[district]),
            )
        )
        cols["avg_rating"].append(
            Formula(
                'IF(SUMIFS({0},{1},{2},{3},"<>")>0,SUMPRODUCT(({1}=$A{4})*{0}*{3})/'
                'SUMIFS({0},{1},{2},{3},"<>"),"")'.format(
                    rng("feedback_count"), nest, key, rng("avg_rating"), row
                ),
                safe_div(s_rating[district], s_rated[district]),
            )
        )

    first, end = 2, rows + 1
    letter = {k: column_letter(i) for i, k in enumerate(SUMMARY_KEYS)}

    def col_sum(key: str) -> str:
        return "SUM({0}{1}:{0}{2})".format(letter[key], first, end)

    def share_of(total: str, key: str) -> str:
        """The districts' shares ``key`` weighted by ``total``, over the total of ``total``."""
        return 'IF({0}{2}>0,SUMPRODUCT({0}{1}:{0}{3},{4}{1}:{4}{3})/{0}{2},"")'.format(
            letter[total], first, end + 1, end, letter[key]
        )

    total_pop = sum(s_pop.values())
    served = "{0}!${1}$2:${1}${2}".format(
        quote_title(writer.titles["outlets"]),
        column_letter(OUTLET_POS["grids_served"]),
        max(len(data.outlets["outlet_id"]) + 1, 2),
    )
    totals: Dict[str, Optional[Formula]] = {
        column: Formula(col_sum(column), sum(sums.values())) for column, (_, sums) in summed.items()
    }
    totals.update(
        district_name=None,
        parent_name=None,
        grids=Formula(col_sum("grids"), n),
        staff_gap=Formula(
            "{0}{2}-{1}{2}".format(letter["assigned_staff"], letter["recommended_staff"], end + 1),
            sum(s_ass.values()) - sum(s_rec.values()),
        ),
        understaffed=Formula(col_sum("understaffed"), sum(s_under.values())),
        staff_coverage=Formula(
            share_of("population", "staff_coverage"), safe_div(sum(s_covered.values()), total_pop)
        ),
        outlets_serving=Formula(
            'COUNTIF({},">0")'.format(served),
            len({o for o in data.grids["outlet_id"] if o} & set(data.outlets["outlet_id"])),
        ),
        outlet_coverage=Formula(
            share_of("grids", "outlet_coverage"), safe_div(sum(s_outlet.values()), n)
        ),
        avg_rating=Formula(
            'IF(SUMIFS({0}{1}:{0}{2},{3}{1}:{3}{2},"<>")>0,SUMPRODUCT({0}{1}:{0}{2},'
            '{3}{1}:{3}{2})/SUMIFS({0}{1}:{0}{2},{3}{1}:{3}{2},"<>"),"")'.format(
                letter["feedback"], first, end, letter["avg_rating"]
            ),
            safe_div(sum(s_rating.values()), sum(s_rated.values())),
        ),
    )
    columns = [Column(key, kind, cols[key]) for key, kind in SUMMARY_COLUMNS]
    total_row: List[object] = [pick(WORDS["total"], writer.language)]
    total_row += [totals[key] for key in SUMMARY_KEYS[1:]]
    writer.table("summary", columns, rows, totals=total_row)
    if rows:
        summary_rules(writer.sheets["summary"], rows, letter)
        _chart(writer, rows, named=any(cols["district_name"]))
    result.districts = rows


def _chart(writer: Writer, rows: int, named: bool = False) -> None:
    """The bar chart of the staff recommended and assigned per district (by name when the
    districts have names)."""
    from openpyxl.chart import BarChart, Reference

    ws = writer.sheets["summary"]
    end = rows + 1
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = pick(WORDS["chart_title"], writer.language)
    chart.y_axis.title = pick(WORDS["chart_y"], writer.language)
    chart.y_axis.majorGridlines = None
    chart.x_axis.title = writer.header("district")
    # openpyxl ≥ 3.1 hides axes unless told (delete = False); 3.0 shows them either way
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    recommended = SUMMARY_KEYS.index("recommended_staff") + 1
    data = Reference(ws, min_col=recommended, max_col=recommended + 1, min_row=1, max_row=end)
    chart.add_data(data, titles_from_data=True)
    category = SUMMARY_KEYS.index("district_name") + 1 if named else 1
    chart.set_categories(Reference(ws, min_col=category, min_row=2, max_row=end))
    chart.width = max(16.0, min(40.0, 1.2 * rows + 6))
    chart.height = 9.0
    chart.legend.position = "b"
    ws.add_chart(chart, "B{}".format(end + 4))
