"""Benchmarks of outlet siting: ours against PySAL spopt on the same instances.

Targets: docs/design/targets.md (outlet siting).

``run(rows, folder)`` appends one dict per tool and case:
{"bench": "siteoutlets", "input", "tool", "seconds", "peak_mb", "objective", "gap", "note"}.

Cases (seeded synthetic city: demand points with the population field of ``generate``,
candidates near people):

* p-median, 10,000 points × 200 candidates, p = 50: ours (heuristic; the gap is certified by
  our Lagrangian lower bound, timed separately) and spopt ``PMedian`` (CBC, 180 s limit).
* p-median, 2,500 × 50, p = 10: ours, our exact HiGHS MILP (the optimum), spopt ``PMedian``.
* capacitated p-median (single sourcing), 400 × 200, p = 20: ours (LP relax-and-fix), our
  exact HiGHS MILP, spopt ``PMedian`` with ``facility_capacities``.
* maximal covering (MCLP), 2,500 × 200, p = 20, radius 3 km: ours, our exact HiGHS MILP,
  spopt ``MCLP``.

"gap" is relative to the optimum when an exact solve finished, else to our lower bound (an
upper bound on the true gap). The peers run in a child process (its own session, killed with
its CBC solver at the time limit, address space capped at ``PEER_MEMORY_GB``); their peak
memory is that of the Python process (the CBC child is not counted).

Standalone, without QGIS: ``.venv-bench/bin/python bench/bench_siting.py [--quick]``.
"""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEER_TIMEOUT = 180
PEER_MEMORY_GB = 8
SIDE = 40_000.0


def _siting():
    """The core module (the repository root is the package ``service_grid``)."""
    from harness import import_package

    import_package()
    from service_grid.algorithms.core import siting

    return siting


def instance(n: int, m: int, seed: int = 0):
    """``n`` demand points with population (a city of several centres, 40 km across) and
    ``m`` candidate sites drawn near people. Returns (xy, population, candidates)."""
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    import generate

    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, SIDE, (4 * n, 2))
    dens = generate.density(pts[:, 0], pts[:, 1], SIDE)
    keep = rng.choice(len(pts), n, replace=False, p=dens / dens.sum())
    xy = pts[keep]
    pop = np.maximum(1.0, np.round(dens[keep] / dens[keep].mean() * 800 * rng.uniform(0.6, 1.4, n)))
    anchor = rng.choice(n, m, replace=False, p=pop / pop.sum())
    cand = xy[anchor] + rng.normal(0, 400.0, (m, 2))
    return xy, pop, cand


def capacities(pop, m, p, seed=5, slack=1.15):
    """Site capacities (people): 0.6, 1 or 1.6 × the mean load of p sites, × slack."""
    rng = np.random.default_rng(seed)
    return rng.choice([0.6, 1.0, 1.6], m) * pop.sum() / p * slack


# ---------------------------------------------------------------------------- ours


def _measure(func, *args, **kwargs):
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    from harness import measure

    return measure(func, *args, **kwargs)


def _row(case, tool, seconds, peak, objective=None, gap=None, note=""):
    if gap is not None and abs(gap) < 1e-9:
        gap = 0.0  # equal objectives, up to rounding
    return {
        "bench": "siteoutlets",
        "input": case,
        "tool": tool,
        "seconds": seconds,
        "peak_mb": peak,
        "objective": objective,
        "gap": gap,
        "note": note,
    }


def _pmedian_cases(rows, quick):
    siting = _siting()
    # 10,000 × 200, p = 50
    n, m, p = (10_000, 200, 50)
    xy, w, cand = instance(n, m, seed=1)
    case = "p-median {:,} × {}, p = {}".format(n, m, p)
    ours = _measure(siting.site_outlets, xy, w, cand, p, method="pmedian", exact=False, bound=False)
    res = ours.result
    dist = siting.distances(xy, cand)
    costs = (w[:, None] * dist.T).T
    search = siting.Interchange(costs, siting._big_base(costs))
    search._start(res.chosen)
    started = time.perf_counter()
    bound = siting.lagrangian_bound(
        costs, None, p, res.objective, start=search.c1, weights=w, near=search, iterations=600
    )
    bound_seconds = time.perf_counter() - started
    gap = (res.objective - bound) / res.objective
    _add_measured(
        rows,
        case,
        "Service Grid (greedy + fast interchange + VNS)",
        ours,
        res.objective,
        gap,
        "gap ≤ {:.2%} by our Lagrangian lower bound ({:.1f} s, not included)".format(
            gap, bound_seconds
        ),
    )
    _add(
        rows,
        _peer(
            case, "spopt PMedian (CBC)", "pmedian", xy, w, cand, p, best=bound, best_is_bound=True
        ),
    )

    # 2,500 × 50, p = 10 — small enough for exact solves
    n, m, p = (2_500, 50, 10)
    xy, w, cand = instance(n, m, seed=2)
    case = "p-median {:,} × {}, p = {}".format(n, m, p)
    ours = _measure(siting.site_outlets, xy, w, cand, p, method="pmedian", exact=False, bound=False)
    dist = siting.distances(xy, cand)
    exact = _measure(siting.exact_pmedian, w[None, :] * dist, None, p)
    best = exact.result.objective
    _add_measured(
        rows,
        case,
        "Service Grid (greedy + fast interchange + VNS)",
        ours,
        ours.result.objective,
        ours.result.objective / best - 1,
    )
    _add_exact(rows, case, exact, best)
    _add(rows, _peer(case, "spopt PMedian (CBC)", "pmedian", xy, w, cand, p, best=best))


def _capacitated_case(rows, quick):
    siting = _siting()
    n, m, p = (400, 200, 20)
    xy, w, cand = instance(n, m, seed=3)
    cap = capacities(w, m, p)
    case = "capacitated p-median {} × {}, p = {} (single sourcing)".format(n, m, p)
    ours = _measure(
        siting.site_outlets,
        xy,
        w,
        cand,
        p,
        method="pmedian",
        exact=False,
        capacity_aware=True,
        candidate_capacity=cap,
        bound=True,
    )
    res = ours.result
    load = np.bincount(res.assignment, weights=w, minlength=len(res.chosen))
    within = bool(np.all(load <= cap[res.chosen] + 1e-6))
    best, note = res.bound, "gap by our Lagrangian lower bound"
    exact = None
    if not quick:
        exact = _measure(
            siting.exact_capacitated, siting.distances(xy, cand), w, cap, p, time_limit=600
        )
        if exact.result is not None and exact.result.optimal:
            best, note = exact.result.objective, "gap to the optimum"
    _add_measured(
        rows,
        case,
        "Service Grid (LP relax-and-fix, HiGHS)",
        ours,
        res.objective,
        res.objective / best - 1,
        "{}; Lagrangian bound gap {:.2%} (bound included in the time); capacity {}".format(
            note, res.gap, "respected" if within else "EXCEEDED"
        ),
    )
    if exact is not None:
        _add_measured(
            rows,
            case,
            "Service Grid exact (HiGHS MILP)",
            exact,
            exact.result.objective if exact.result else None,
            0.0 if exact.result and exact.result.optimal else None,
            "the optimum" if exact.result and exact.result.optimal else "not finished in 600 s",
        )
    _add(
        rows,
        _peer(
            case,
            "spopt PMedian capacitated (CBC)",
            "capacitated",
            xy,
            w,
            cand,
            p,
            best=best,
            best_is_bound=exact is None,
            capacity=cap,
        ),
    )


def _coverage_case(rows, quick):
    siting = _siting()
    n, m, p, radius = (2_500, 200, 20, 3000.0)
    xy, w, cand = instance(n, m, seed=4)
    case = "MCLP {:,} × {}, p = {}, radius {:,.0f} m".format(n, m, p, radius)
    ours = _measure(
        siting.site_outlets, xy, w, cand, p, method="coverage", radius=radius, exact=False
    )
    dist = siting.distances(xy, cand)
    exact = _measure(siting.exact_coverage, dist, w, p, radius, np.zeros(n, bool), 600)
    best = exact.result.objective
    _add_measured(
        rows,
        case,
        "Service Grid (LP + greedy starts, interchange + VNS)",
        ours,
        ours.result.objective,
        1 - ours.result.objective / best,
        "objective: people covered ({:.1%}); LP bound gap {:.2%} (included)".format(
            ours.result.coverage_share, ours.result.gap
        ),
    )
    _add_exact(rows, case, exact, best)
    _add(
        rows,
        _peer(
            case,
            "spopt MCLP (CBC)",
            "mclp",
            xy,
            w,
            cand,
            p,
            best=best,
            radius=radius,
            maximise=True,
        ),
    )


def _add_exact(rows, case, exact, best):
    """Add the row of the exact MILP's run ``exact`` (its objective ``best``)."""
    note = "the optimum" if exact.result.optimal else "not proven"
    _add_measured(rows, case, "Service Grid exact (HiGHS MILP)", exact, best, 0.0, note)


def _add_exact(rows, case, exact, best):
    """Add the row of the exact MILP's run ``exact`` (its objective ``best``)."""
    note = "the optimum" if exact.result.optimal else "not proven"
    _add_measured(rows, case, "Service Grid exact (HiGHS MILP)", exact, best, 0.0, note)


def _add_measured(rows, case, tool, m, objective=None, gap=None, note=""):
    """Add the row of one of our runs, measured as ``m``."""
    _add(rows, _row(case, tool, m.seconds, m.peak_mb, objective, gap, note))


def _add(rows, row):
    rows.append(row)
    print(_line(row), flush=True)


# ---------------------------------------------------------------------------- peers


def _peer(
    case,
    tool,
    kind,
    xy,
    w,
    cand,
    p,
    best=None,
    best_is_bound=False,
    capacity=None,
    radius=None,
    maximise=False,
):
    """Run spopt in a child process with a time and memory limit; one result row."""
    folder = os.environ.get("SG_BENCH_TMP") or None
    import tempfile

    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = os.path.join(tmp, "case.npz")
        out = os.path.join(tmp, "result.json")
        np.savez(
            path,
            xy=xy,
            w=w,
            cand=cand,
            p=p,
            capacity=capacity if capacity is not None else np.zeros(0),
            radius=radius if radius is not None else 0.0,
        )
        command = [sys.executable, os.path.abspath(__file__), "--peer", kind, path, out]

        def limit():
            import resource

            cap = PEER_MEMORY_GB * 1024**3
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

        started = time.perf_counter()
        child = subprocess.Popen(
            command,
            start_new_session=True,
            preexec_fn=limit,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            _out, err = child.communicate(timeout=PEER_TIMEOUT + 30)
        except subprocess.TimeoutExpired:
            _kill(child.pid)
            child.communicate()
            return _row(case, tool, None, None, note="did not finish in {} s".format(PEER_TIMEOUT))
        _kill(child.pid)  # a CBC solver left behind by a timed-out child
        elapsed = time.perf_counter() - started
        if not os.path.exists(out):
            text = err.decode("utf-8", "replace").strip().splitlines()
            reason = text[-1] if text else "exit code {}".format(child.returncode)
            return _row(case, tool, None, None, note="failed: {}".format(reason[:120]))
        with open(out, encoding="utf-8") as handle:
            result = json.load(handle)
    if result.get("timeout"):
        built = result.get("build")
        return _row(
            case,
            tool,
            None,
            None,
            note="did not finish in {} s ({})".format(
                PEER_TIMEOUT,
                "model built in {:.0f} s, CBC still solving".format(built)
                if built is not None
                else "the PuLP model was still being built",
            ),
        )
    if result.get("error"):
        return _row(case, tool, None, None, note="failed: {}".format(result["error"][:120]))
    objective = result["objective"]
    gap = None
    if best:
        gap = (1 - objective / best) if maximise else (objective / best - 1)
    note = "status {}; build {:.1f} s + solve {:.1f} s (child wall {:.1f} s)".format(
        result["status"], result["build"], result["solve"], elapsed
    )
    if best_is_bound:
        note += "; gap vs our lower bound"
    return _row(case, tool, result["seconds"], result["peak_mb"], objective, gap, note)


def _kill(group):
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _peer_child(kind, path, out):
    """In the child: build and solve the spopt model, write the result as JSON."""
    import pulp
    from spopt.locate import MCLP, PMedian

    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    from harness import measure

    data = np.load(path)
    xy, w, cand, p = data["xy"], data["w"], data["cand"], int(data["p"])
    cost = np.sqrt(((xy[:, None, :] - cand[None, :, :]) ** 2).sum(axis=2))
    times = {}

    def solve():
        started = time.perf_counter()
        if kind == "mclp":
            model = MCLP.from_cost_matrix(cost, w, float(data["radius"]), p_facilities=p)
        elif kind == "capacitated":
            model = PMedian.from_cost_matrix(
                cost, w, p_facilities=p, facility_capacities=data["capacity"]
            )
        else:
            model = PMedian.from_cost_matrix(cost, w, p_facilities=p)
        times["build"] = time.perf_counter() - started
        model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=PEER_TIMEOUT))
        times["solve"] = time.perf_counter() - started - times["build"]
        return model

    def on_alarm(_signum, _frame):
        raise TimeoutError()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(PEER_TIMEOUT)
    try:
        run = measure(solve)
    except TimeoutError:
        result = {"timeout": True, **times}
    except MemoryError:
        result = {"error": "out of memory (limit {} GB)".format(PEER_MEMORY_GB)}
    except Exception as err:  # noqa: BLE001 (any solver failure is reported in the table)
        result = {"error": "{}: {}".format(type(err).__name__, err)}
    else:
        model = run.result
        status = pulp.LpStatus[model.problem.status]
        elapsed = times["build"] + times["solve"]
        if elapsed >= PEER_TIMEOUT:
            result = {"timeout": True, **times}
        else:
            result = {
                "objective": float(model.problem.objective.value()),
                "status": status,
                "seconds": run.seconds,
                "peak_mb": run.peak_mb,
                **times,
            }
    finally:
        signal.alarm(0)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


# ---------------------------------------------------------------------------- entry points


def run(rows, folder=None, quick=False):
    """Append the siting benchmark rows (see the module docstring)."""
    if folder:
        os.environ.setdefault("SG_BENCH_TMP", folder)
    _pmedian_cases(rows, quick)
    _capacitated_case(rows, quick)
    _coverage_case(rows, quick)


def _cells(row, gap_spec):
    """Input, tool, time, memory, objective, gap (as ``gap_spec``) and note of a row."""
    from harness import cells

    columns = (("seconds", ".2f"), ("peak_mb", ".0f"), ("objective", ",.0f"), ("gap", gap_spec))
    return [row["input"], row["tool"], *cells(row, columns), row.get("note", "")]


def _line(row):
    return "{:<52} {:<48} {:>8}s {:>7}MB objective {:>18} gap {:>8} {}".format(*_cells(row, ".3%"))


def markdown(rows):
    """The rows as a Markdown table (for bench/results.md)."""
    lines = [
        "| input | tool | time (s) | peak (MB) | objective | gap | note |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row.get("bench") != "siteoutlets":
            continue
        lines.append("| {} | {} | {} | {} | {} | {} | {} |".format(*_cells(row, ".2%")))
    return lines


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--peer":
        _peer_child(*sys.argv[2:5])
        sys.exit(0)
    collected = []
    run(collected, quick="--quick" in sys.argv)
    print("\n".join(markdown(collected)))
