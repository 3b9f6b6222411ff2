"""The interleaving harness at scale (issue 11, item 6): 200 seeded rounds of field syncs,
stores and edits writing into one project at once, some processes killed with SIGKILL
(the engine and its checks: tests/interleave.py).

``run(rows, folder)`` appends two dicts {"bench": "interleaved writers (kill -9)", "input",
"tool", "seconds", "peak_mb", "note"}: the stores and edits (lost, duplicated, silently
overwritten, uncommitted work visible, half transactions: all must be 0), and the field
sync's own races (two syncs, a sync and an edit, a sync and a lock): all must be 0 too.

Standalone: ``.venv/bin/python bench/bench_interleave.py [--rounds N] [--seed S]``.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCH = "interleaved writers (kill -9)"
ROUNDS = 200
SEED = 11


def _paths():
    for path in (HERE, os.path.join(ROOT, "tests"), os.path.join(ROOT, "scripts")):
        if path not in sys.path:
            sys.path.insert(0, path)


def run(rows: list, folder: str, rounds: int = ROUNDS, seed: int = SEED) -> None:
    """Append the harness's figures (see the module docstring)."""
    _paths()
    import interleave

    template = os.path.join(folder, "interleave", "template")
    os.makedirs(template)
    interleave.build_template(template)
    summary = interleave.run(template, os.path.join(folder, "interleave", "rounds"), rounds, seed)
    for line in summary.failures(interleave.CATEGORIES):
        print(line[:600], flush=True)
    killed = sum(len(r.killed) for r in summary.rounds)
    label = "{} rounds (seed {}), {} processes, {} killed, {:,} cells written".format(
        len(summary.rounds),
        seed,
        sum(len(r.roles) for r in summary.rounds),
        killed,
        sum(r.writes for r in summary.rounds),
    )
    rounds_with = len(summary.failures(("other",)))
    rows.append(
        {
            "bench": BENCH,
            "input": label,
            "tool": "stores, office and dock edits, syncs",
            "seconds": summary.seconds,
            "peak_mb": None,
            "note": "lost {}, duplicated {}, overwritten {}, uncommitted visible {}, half "
            "transactions {}; {} rounds with a finding or a failed check".format(
                summary.total("lost"),
                summary.total("duplicated"),
                summary.total("overwritten", "other"),
                summary.total("phantom"),
                summary.total("torn"),
                rounds_with,
            ),
        }
    )
    locked = sum(1 for r in summary.rounds for c, _t in r.problems if c == "sync-locked")
    rows.append(
        {
            "bench": BENCH,
            "input": label,
            "tool": "the field sync's own races",
            "seconds": None,
            "peak_mb": None,
            "note": "sync over sync overwritten {}, sync over an edit overwritten {}, syncs "
            "failed on a lock {}: all must be 0 (the sync decides inside its write "
            "transaction)".format(
                summary.total("overwritten", "sync-sync"),
                summary.total("overwritten", "sync-other"),
                locked,
            ),
        }
    )
    print(summary.figures(), flush=True)


if __name__ == "__main__":
    import tempfile

    _paths()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis_session import load_plugin, start_qgis

    app = start_qgis()
    plugin = load_plugin()
    n = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else ROUNDS
    s = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else SEED
    with tempfile.TemporaryDirectory(dir=os.environ.get("SG_BENCH_TMP")) as tmp:
        run([], tmp, rounds=n, seed=s)
    plugin.unload()
    app.exitQgis()
