"""Write docs/performance.md from bench/results.md, the one source of measured figures.

    .venv/bin/python scripts/performance_page.py [bench/results.md] [docs/performance.md]

``make bench`` (bench/run.py) calls it after writing results.md; ``make performance-page`` runs
it on its own. The page is results.md's tables under a short introduction, followed by the few
figures measured by hand that no benchmark of ``make bench`` re-measures yet. The manual links
here instead of quoting figures, so that they live in one place.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results.md")
PAGE = os.path.join(ROOT, "docs", "performance.md")

HEADER = """\
<!-- generated from bench/results.md by scripts/performance_page.py — do not edit -->

# Performance

*Generated from [bench/results.md](../bench/results.md) by `scripts/performance_page.py` —
do not edit: run `make bench` (which regenerates this page) or `make performance-page`.*

Every measured figure of Service Grid is here: time, peak memory and quality of each algorithm
on generated and real inputs, side by side with QGIS's own tools and the peers (GerryChain,
PySAL spopt, HiGHS). The targets these runs check are in
[design/targets.md](design/targets.md); how each case is built is in the docstring of its
module in `bench/` and in the manual page of the algorithm ([manual](manual/README.md)).
Times depend on the load of the machine: `make bench` runs everything in one process on the
2-core benchmark machine, which may be shared with other jobs.
"""

# Figures measured by hand when the algorithms were written, not re-measured by `make bench`.
# They belong in a benchmark module; until then they are kept here, so that no figure lives in
# the manual.
BY_HAND = """\
## Measured by hand (not re-run by `make bench`)

These were measured once, by hand, on the same 2-core machine; `make bench` does not re-measure
them yet.

- **buildgrids**: on a quiet machine the 1,000,000-unit runs took 89 s (lattice) and 103 s
  (Voronoi) end to end.
- **buildcellgrid**: in the 1,000,000-point case, reading the GeoPackage through QGIS takes
  about half of the time. The sample city (1,507 communities) into 2 km squares or hexagons
  takes under a second.
- **siteoutlets**, p-median 10,000 × 200, p = 50: 0.35–0.6 s over three runs; computing our
  lower bound takes another 1–3 s (not counted); spopt spends about a minute building its PuLP
  model. On another seeded instance of this size, HiGHS given 40 minutes found a solution
  0.38 % better than ours and proved it within 0.06 % of the optimum: ours was within 0.44 %.
  Over several runs: 2,500 × 50, HiGHS 18–27 s and spopt 45–110 s; capacitated 400 × 200,
  ours 1.4–3 s, HiGHS 40–80 s, spopt (CBC) 75–140 s (in the measurement behind the targets,
  design/targets.md, spopt did not finish in 3 minutes: on tighter capacities every solver
  slows down); MCLP 2,500 × 200, the
  exact MILP 10–18 s with HiGHS, 15–30 s with spopt.
- **allocatestaff**: on the 1,000-grid case where HiGHS ran for 5 minutes, the heuristic's
  objective was within 4.4 % of the optimum while its `GAP` said 20 %.
- **Staff and outlets dock**, 10,000 grids, over several runs while other jobs shared the two
  cores (median of 5 each): opening the project 0.17–0.29 s (a one-off); selecting 500 grids
  on the map 0.02–0.06 s; selecting 500 rows in the table 0.03–0.07 s; assigning 3 staff to
  100 grids 0.04–0.15 s; undoing it 0.04–0.10 s; sorting by population 0.03–0.09 s. Every
  update stays under 0.2 s.
- **syncfieldpackages**: the sync alone on the idle machine, 9.2 s. The sync costs about 6× a
  bare OGR copy of the same rows.
- **Customer feedback dock**, 100,000 feedback items: the dock opens the file in 0.5–0.7 s; a
  filter takes 0.02–0.12 s, sorting by a column 0.15–0.2 s, selecting 10,000 scattered items
  0.6 s, resolving 5,000 selected items 0.2–0.35 s (one transaction) and undoing it 0.2 s.
  Selecting all 100,000 rows at once (Ctrl+A in the list) takes about 2 s.
- **servicequality**, 100,000 feedback rows and 10,000 grids: `grid_quality` 0.3 s; the whole
  algorithm, writing the 10,000 grid polygons with the quality columns and the style to a
  GeoPackage, 0.9 s (0.6 s to a temporary layer).
- **exportstaffing**, the 50,000-grid workbook: a streamed row costs about 1 µs per cell
  instead of the ~8 µs of a styled openpyxl cell (the same 50,000 grids took 17 s with openpyxl
  writing every cell). Standalone (`.venv/bin/python bench/bench_workbook.py`): 5.5 s and
  166 MB peak, against pandas' 12.1 s and 447 MB; in the full `make bench` run the peak is
  counted above a process already grown by the earlier benchmarks. LibreOffice (headless)
  opens that workbook in about 3 s, and in about 4 s when it recalculates every formula (the
  Summary's 50 districts × 13 formulas over 50,000 rows).
"""


def render(results: str) -> str:
    """The page: the header, results.md without its own title, then the figures by hand."""
    lines = results.strip("\n").split("\n")
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    body = "\n".join(lines).strip("\n")
    return HEADER + "\n" + body + "\n\n" + BY_HAND


def main(argv: list) -> int:
    source = argv[1] if len(argv) > 1 else RESULTS
    target = argv[2] if len(argv) > 2 else PAGE
    with open(source, encoding="utf-8") as handle:
        page = render(handle.read())
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(page)
    print("→", target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
