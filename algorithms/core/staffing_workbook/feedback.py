"""The Feedback sheet: the customer feedback per district and category, ratings and response
times against the response standard; the totals row is formulas over the district rows where
a sum can be (the medians and 90th percentiles are of all the feedback)."""

from collections import defaultdict
from typing import Callable, Dict, List

import numpy as np

from .. import quality, schema
from .labels import WORDS, catalogue, pick
from .model import DEC1, DEC2, INT, PCT, TEXT, Column, Figures, Formula, ProjectData, WorkbookResult
from .values import as_number, column_letter, safe_div
from .xlsx import Writer


def _stat(values: List[float], how: Callable[[List[float]], float], digits: int):
    """``how`` of ``values`` rounded to ``digits``, or ``None`` when there are none."""
    return round(float(how(values)), digits) if values else None


def _p90(values: List[float]) -> float:
    return float(np.percentile(values, 90))


def _over_share(letter: Dict[str, str], row: int, over: float, timed: float) -> Formula:
    """The share of the response times over the standard in ``row``."""
    return Formula(
        'IF({0}{2}>0,{1}{2}/{0}{2},"")'.format(letter["timed"], letter["over_standard"], row),
        safe_div(over, timed),
    )


def write_feedback(
    writer: Writer, data: ProjectData, figures: Figures, standard: float, result: WorkbookResult
) -> None:
    """Feedback per district and category (rows: districts; totals: formulas)."""
    lang = writer.language
    fb = data.feedback
    none = pick(WORDS["none"], lang)
    district_of = dict(zip(data.grids["grid_id"], figures.grid_district))
    categories = [code for code, _zh, _en in schema.FEEDBACK_CATEGORIES]
    cat_label = catalogue(schema.FEEDBACK_CATEGORIES, lang)
    per: Dict[str, Dict[str, int]] = {}
    ratings: Dict[str, List[float]] = defaultdict(list)
    minutes: Dict[str, List[float]] = defaultdict(list)
    for k in range(len(fb["grid_id"])):
        district = district_of.get(str(fb["grid_id"][k]) if fb["grid_id"][k] else None, none)
        counts = per.setdefault(district, defaultdict(int))
        counts["feedback"] += 1
        category = (fb["category"][k] or "").strip().lower()
        counts[category if category in categories else "other"] += 1
        if (fb["status"][k] or "open") == "open":
            counts["open"] += 1
        rating = as_number(fb["rating"][k])
        if rating is not None and 1 <= rating <= 5:
            ratings[district].append(rating)
        if category == quality.COMPLAINT_CATEGORY or (
            rating is not None and rating <= quality.COMPLAINT_RATING
        ):
            counts["complaints"] += 1
        time = as_number(fb["response_minutes"][k])
        if time is not None and time >= 0:
            minutes[district].append(time)
            if time > standard:
                counts["over_standard"] += 1
    districts = sorted(per)
    count_keys = ["feedback", "open"] + categories + ["complaints"]
    columns = [Column("district", TEXT, districts)]
    for key in count_keys:
        header = cat_label[key] if key in cat_label else None
        columns.append(Column(key, INT, [per[d].get(key, 0) for d in districts], header=header))
    rated = [len(ratings[d]) for d in districts]
    timed = [len(minutes[d]) for d in districts]
    over = [per[d].get("over_standard", 0) for d in districts]
    average = [_stat(ratings[d], np.mean, 2) for d in districts]
    columns += [
        Column("rated", INT, rated),
        Column("avg_rating", DEC2, average),
        Column("timed", INT, timed),
        Column("response_median", DEC1, [_stat(minutes[d], np.median, 1) for d in districts]),
        Column("response_p90", DEC1, [_stat(minutes[d], _p90, 1) for d in districts]),
        Column("over_standard", INT, over),
    ]
    rows = len(districts)
    first, end = 2, rows + 1
    letter = {c.key: column_letter(k) for k, c in enumerate(columns)}
    share = [_over_share(letter, r + 2, over[r], timed[r]) for r in range(rows)]
    columns.append(Column("over_share", PCT, share))
    letter["over_share"] = column_letter(len(columns) - 1)
    everything_m = [v for d in districts for v in minutes[d]]
    totals: List = [pick(WORDS["total"], lang)]
    for column in columns[1:]:
        key = column.key
        if column.kind == INT:
            totals.append(
                Formula("SUM({0}{1}:{0}{2})".format(letter[key], first, end), sum(column.values))
            )
        elif key == "avg_rating":
            totals.append(
                Formula(
                    "IF(SUM({0}{1}:{0}{2})>0,SUMPRODUCT({0}{1}:{0}{2},{3}{1}:{3}{2})/"
                    'SUM({0}{1}:{0}{2}),"")'.format(letter["rated"], first, end, letter[key]),
                    safe_div(
                        sum(n * (a or 0.0) for n, a in zip(rated, average)),
                        sum(rated),
                    ),
                )
            )
        elif key == "response_median":
            totals.append(_stat(everything_m, np.median, 1))
        elif key == "response_p90":
            totals.append(_stat(everything_m, _p90, 1))
        elif key == "over_share":
            totals.append(_over_share(letter, end + 1, sum(over), sum(timed)))
        else:
            totals.append(None)
    writer.table("feedback", columns, rows, totals=totals)
    result.feedback = len(fb["grid_id"])
