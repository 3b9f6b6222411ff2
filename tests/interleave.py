"""Randomized interleaving of project writers, with ``kill -9`` (issue 11, item 6).

A small project (tests/test_sync.py's set-up, built once: :func:`build_template`) is copied for
every **round**. In a round several processes write into the copy at once, each started after
a random delay, some killed with SIGKILL at a random moment (:func:`run_round`):

* ``sync`` — ``fieldsync.sync_packages`` of one field package (packages A and B of staff F01
  edit two rows in common, so their syncs race on them; C is F02's);
* ``office`` — feedback notes edited and feedback/assignment rows added through OGR in
  transactions, the way QGIS's OGR provider saves edits;
* ``dock`` — the Feedback dock's ``FeedbackStore.write_statuses`` (QGIS offscreen);
* ``grids``, ``columns``, ``assignments``, ``siting`` — ``gpkg.store_grids``,
  ``gpkg.update_grid_columns``, ``gpkg.replace_assignments``, ``siting_store.store_siting``.

Each process appends every write it makes to its own ledger: ``pending`` just before the commit
(it may or may not have committed if killed after that) and ``done`` after the commit returned.
A write is a list of *cells* ``(table, key, column, old, new)``: a value, or a row's presence
(column ``@row``); ``old`` is the value read inside the transaction (or the package's base for
a sync) or :data:`BLIND` for a blind write. :func:`check` compares the project with the ledgers:

* **lost** — a committed row missing, or a committed write undone;
* **duplicated** — a uuid / id twice, or a row written by the harness inserted twice;
* **overwritten** — two committed writes from the same old value (a lost update, unless the
  sync recorded one of them in ``sync_conflicts``), or a committed value replaced by a write
  that committed before it; split by who was involved (``sync-sync``, ``sync-other``,
  ``other``);
* **phantom** — a value no process wrote (uncommitted work visible); **torn** — a killed
  transaction's rows half there.

After the workers, the project is checked, synced once more with every package (that sync must
complete) and checked again; integrity_check must be ok and OGR must open it. :func:`run`
plays many seeded rounds. The writers are in tests/interleave_workers.py.
"""

import collections
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from interleave_workers import BLIND, ROW, STORES, _key

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORKER = os.path.join(HERE, "interleave_workers.py")
PYTHON = os.path.join(ROOT, ".venv", "bin", "python")
if not os.path.exists(PYTHON):
    PYTHON = sys.executable
CATEGORIES = ("other", "sync-sync", "sync-other", "sync-locked")


# ---------------------------------------------------------------------------- the template


def build_template(folder: str) -> dict:
    """The project and three field packages with device edits (needs QGIS Processing and the
    plugin's provider). Returns the description saved as ``template.json``."""
    sys.path.insert(0, HERE)
    import device
    from datasets import grid_points
    from test_sync import _build

    from service_grid.algorithms.core import fieldsync

    setup = _build(os.path.join(folder, "make"))
    project = os.path.join(folder, "project.gpkg")
    shutil.copyfile(setup.project, project)
    shutil.rmtree(os.path.join(folder, "make"))
    con = sqlite3.connect(project)
    notes = dict(con.execute("SELECT uuid, notes FROM feedback"))
    con.close()
    b1, b2 = setup.base1, setup.base2
    plan = {"A": ("F01", b1[0:3]), "B": ("F01", b1[1:4]), "C": ("F02", b2[0:2])}
    packages = {}
    for name, (staff, edited) in plan.items():
        path = os.path.join(folder, "pkg" + name, name + ".gpkg")
        os.makedirs(os.path.dirname(path))
        fieldsync.register_package(
            project, path, fieldsync.export_field_package(project, staff, path)
        )
        adds = [
            {"op": "add", "n": 1, "seed": k, "values": {"notes": "dev-{}-add{}".format(name, k)}}
            for k in range(3)
        ]
        edits = {u: {"notes": "dev-{}-edit-{}".format(name, u[:8])} for u in edited}
        done = device.run_device(path, adds + [{"op": "edit", "edits": edits}])
        cells = [["feedback", _key(u), ROW, BLIND, True] for u in done["added"]]
        cells += [
            ["feedback", _key(u), "notes", BLIND, "dev-{}-add{}".format(name, k)]
            for k, u in enumerate(done["added"])
        ]
        cells += [["feedback", _key(u), "notes", notes[u], v["notes"]] for u, v in edits.items()]
        packages[name] = {"path": os.path.relpath(path, folder), "cells": cells}
    shared = b1[0:6] + b2[0:2]
    described = {
        "project": "project.gpkg",
        "packages": packages,
        "office_rows": [_key(u) for u in shared],
        "all_rows": [_key(u) for u in notes],
        "points": {g: list(p) for g, p in grid_points(project).items()},
    }
    with open(os.path.join(folder, "template.json"), "w", encoding="utf-8") as handle:
        json.dump(described, handle)
    return described


# ------------------------------------------------------------------------------- a round


@dataclass
class Findings:
    """What :func:`check` found (counts, and a line per finding for the report)."""

    lost: int = 0
    duplicated: int = 0
    overwritten: Dict[str, int] = field(default_factory=collections.Counter)
    phantom: int = 0
    torn: int = 0
    details: List[tuple] = field(default_factory=list)  # (category, text)

    def add(self, kind: str, text: str, category: str = "other") -> None:
        if kind == "overwritten":
            self.overwritten[category] += 1
        else:
            setattr(self, kind, getattr(self, kind) + 1)
        self.details.append((category, "{} ({}): {}".format(kind, category, text)))


@dataclass
class Round:
    seed: int
    roles: List[str]
    killed: List[str]
    writes: int
    findings: Findings
    problems: List[tuple]  # (category, text): integrity, OGR, the next sync, failed writers

    def describe(self) -> str:
        return "seed {} roles {} killed {}".format(self.seed, self.roles, self.killed)


def _spawn(folder: str, spec: dict) -> subprocess.Popen:
    path = os.path.join(folder, "spec-{}.json".format(spec["name"]))
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(spec, handle)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with open(os.path.join(folder, "err-{}.txt".format(spec["name"])), "w") as err:
        return subprocess.Popen(
            [PYTHON, os.path.join(HERE, "interleave_workers.py"), path],
            stderr=err,
            stdout=err,
            env=env,
        )


def run_round(template_folder: str, folder: str, seed: int, timeout: float = 120.0) -> Round:
    """One round on a fresh copy of the template: random writers, random kills, checks."""
    from service_grid.algorithms.core import fieldsync

    rng = random.Random(seed)
    shutil.copytree(template_folder, folder)
    with open(os.path.join(folder, "template.json"), encoding="utf-8") as handle:
        template = json.load(handle)
    project = os.path.join(folder, template["project"])
    packages = {n: os.path.join(folder, p["path"]) for n, p in template["packages"].items()}
    roles = ["sync:A", "sync:B", "office"] + (["sync:C"] if rng.random() < 0.5 else [])
    roles += rng.sample(STORES, 2)
    specs = {}
    for k, role in enumerate(roles):
        kind, _sep, name = role.partition(":")
        specs[role] = {
            "role": kind,
            "name": str(k),
            "index": k,
            "seed": rng.randrange(2**31),
            "project": project,
            "log": os.path.join(folder, "log-{}.jsonl".format(k)),
            "delay": rng.uniform(0, 0.1 if kind in ("sync", "office") else 0.4),
            "ops": 1 if kind == "sync" else rng.randint(2, 4),
            "rows": template["all_rows" if kind == "dock" else "office_rows"],
            "points": template["points"],
        }
        if kind == "sync":
            specs[role].update(package=packages[name], cells=template["packages"][name]["cells"])
    kills = {r: rng.uniform(0.1, 2.0) for r in roles if rng.random() < 0.35}
    ended, problems = _play(folder, specs, kills, timeout)
    intents = _ledger(specs, ended)
    initial = read_state(os.path.join(template_folder, template["project"]))
    findings = check(intents, initial, read_state(project))
    t0 = time.time()
    try:  # the next sync completes, and completes every package
        run = fieldsync.sync_packages(project, list(packages.values()))
    except Exception as err:  # noqa: BLE001 (reported, with the seed)
        problems.append(("other", "the next sync failed: {!r}".format(err)))
    else:
        for report in run.reports:
            if report.status not in ("synced", "unchanged"):
                problems.append(("other", "the next sync: " + report.message))
            name = next(n for n, p in packages.items() if p == report.path)
            cells = template["packages"][name]["cells"]
            for intent in intents:  # unchanged: a killed sync of the package had committed
                if intent["source"] == report.path and report.status == "unchanged":
                    intent["committed"] = True
            if report.status == "synced":
                intents.append(
                    dict(role="sync", source=report.path, committed=True, cells=cells, t0=t0)
                )
                intents[-1]["t1"] = time.time()
    final = check(intents, initial, read_state(project))
    for kind in ("lost", "duplicated", "phantom", "torn"):
        setattr(findings, kind, max(getattr(findings, kind), getattr(final, kind)))
    for category, count in final.overwritten.items():
        findings.overwritten[category] = max(findings.overwritten[category], count)
    findings.details += [d for d in final.details if d not in findings.details]
    problems += [("other", text) for text in _health(project)]
    writes = sum(len(i["cells"]) for i in intents if i["committed"])
    return Round(
        seed, roles, [r for r in roles if specs[r].get("killed")], writes, findings, problems
    )


def _play(folder: str, specs: dict, kills: dict, timeout: float):
    """Start every writer, SIGKILL those in ``kills`` after their delay (seconds), wait for
    the others. Returns when each ended and the problems (a writer that failed or hung)."""
    started = time.time()
    procs = {role: _spawn(folder, spec) for role, spec in specs.items()}
    ended, problems = {}, []
    while len(ended) < len(procs):
        now = time.time()
        for role, proc in procs.items():
            if role in ended:
                continue
            if proc.poll() is None and (now - started > kills.get(role, timeout)):
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                specs[role]["killed"] = role in kills
                if role not in kills:
                    problems.append(
                        ("other", "{} hung: killed after {:.0f} s".format(role, timeout))
                    )
            if proc.poll() is not None:
                ended[role] = time.time()
                if proc.returncode > 0:
                    with open(os.path.join(folder, "err-{}.txt".format(specs[role]["name"]))) as f:
                        text = f.read()[-2000:]
                    # fieldsync's write has no busy timeout yet (issue 11 items 1-2, in progress)
                    lock = specs[role]["role"] == "sync" and "database is locked" in text
                    problems.append(("sync-locked" if lock else "other", role + " failed: " + text))
        time.sleep(0.005)
    return ended, problems


def _ledger(specs: dict, ended: dict) -> List[dict]:
    """Every write of every process: committed (``done`` logged) or pending (may have
    committed; its end is when the process ended)."""
    intents = []
    for role, spec in specs.items():
        entries = {}
        if os.path.exists(spec["log"]):
            with open(spec["log"], encoding="utf-8") as handle:
                for line in handle:
                    if line.endswith("\n"):
                        entry = json.loads(line)
                        entries.setdefault(entry["op"], {})[entry["phase"]] = entry
        for op, phases in sorted(entries.items()):
            entry = phases.get("done") or phases["pending"]
            intents.append(
                {
                    "role": spec["role"],
                    "committed": "done" in phases,
                    "source": entry.get("source") or "{}/{}".format(role, op),
                    "t0": entry["t0"],
                    "t1": entry["t1"] if "done" in phases else ended[role],
                    "cells": entry["cells"],
                    "replace": entry.get("replace"),
                }
            )
    return intents


def _health(project: str) -> List[str]:
    from osgeo import ogr

    problems = []
    con = sqlite3.connect(project)
    try:
        check = con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()
    if check != [("ok",)]:
        problems.append("integrity_check: {}".format(check[:5]))
    try:
        ds = ogr.Open(project)
        ds.GetLayerByName("feedback").GetFeatureCount()
        ds = None
    except Exception as err:  # noqa: BLE001
        problems.append("OGR cannot open the project: {!r}".format(err))
    return problems


# ------------------------------------------------------------------------------- checking


def read_state(project: str) -> dict:
    """Cells of the project: ``(table, key, column) → value``, presence as ``@row`` (a
    read-write connection: a hot journal left by a killed writer is rolled back first), plus
    the duplicates found and the conflicts recorded."""
    con = sqlite3.connect(project)
    try:
        cells, dup = {}, []
        queries = {
            "feedback": ("SELECT uuid, notes, resolved_at FROM feedback", ("notes", "resolved_at")),
            "assignments": ("SELECT uuid FROM assignments", ()),
            "grids": (
                "SELECT grid_id, strategy, products, outlet_id FROM grids",
                ("strategy", "products", "outlet_id"),
            ),
            "outlets": ("SELECT outlet_id FROM outlets", ()),
        }
        for table, (sql, columns) in queries.items():
            for row in con.execute(sql):
                key = _key(row[0]) if table in ("feedback", "assignments") else row[0]
                if (table, key, ROW) in cells:
                    dup.append("{} {} twice".format(table, key))
                cells[(table, key, ROW)] = True
                for column, value in zip(columns, row[1:]):
                    cells[(table, key, column)] = value
        dup += [
            "feedback notes {!r} on {} rows".format(n, c)
            for n, c in con.execute(
                "SELECT notes, count(*) FROM feedback WHERE notes LIKE 'dev-%' OR notes LIKE "
                "'office-%' GROUP BY notes HAVING count(*) > 1"
            )
        ]
        conflicts = {
            (_key(u), c, v)
            for u, c, v in con.execute("SELECT uuid, column_name, field_value FROM sync_conflicts")
        }
    finally:
        con.close()
    return {"cells": cells, "duplicates": dup, "conflicts": conflicts}


def _category(roles) -> str:
    syncs = sum(1 for r in roles if r == "sync")
    return "sync-sync" if syncs >= 2 else "sync-other" if syncs else "other"


def check(intents: List[dict], initial: dict, state: dict) -> Findings:
    """Compare the project ``state`` with the writers' ledgers (see the module doc)."""
    found = Findings()
    for text in state["duplicates"]:
        found.add("duplicated", text)
    writes = collections.defaultdict(list)  # cell → [(intent, old, new)]
    assignments = {
        k[1] for k in list(initial["cells"]) + list(state["cells"]) if k[0] == "assignments"
    }
    for intent in intents:
        for table, key, column, old, new in intent["cells"]:
            writes[(table, key, column)].append((intent, old, new))
            if table == "assignments":
                assignments.add(key)
    for intent in intents:  # a replace removes every other assignment
        if intent.get("replace"):
            own = {c[1] for c in intent["cells"]}
            for key in assignments - own:
                writes[("assignments", key, ROW)].append((intent, BLIND, False))
    for intent in intents:  # a killed transaction is all there or not at all
        rows = [c for c in intent["cells"] if c[0] == "feedback" and c[2] == ROW]
        there = {state["cells"].get(tuple(c[:3]), False) for c in rows}
        if not intent["committed"] and len(there) > 1:
            found.add("torn", "{} rows of {} half there".format(len(rows), intent["source"]))
    for cell, cell_writes in writes.items():
        _check_cell(found, cell, cell_writes, initial, state)
    return found


def _check_cell(found: Findings, cell: tuple, cell_writes: list, initial: dict, state: dict):
    presence = cell[2] == ROW
    value = state["cells"].get(cell, False if presence else None)
    start = initial["cells"].get(cell, False if presence else None)
    live = [  # a sync's edit recorded as a conflict was not written, and that is fine
        (i, old, new)
        for i, old, new in cell_writes
        if not (i["role"] == "sync" and (cell[1], cell[2], new) in state["conflicts"])
    ]
    committed = [w for w in live if w[0]["committed"]]
    by_old = collections.defaultdict(dict)  # lost updates: two writes from the same value
    for intent, old, _new in committed:
        if old != BLIND:
            by_old[json.dumps(old)].setdefault(intent["source"], intent)
    for old, sources in by_old.items():
        if len(sources) > 1:
            found.add(
                "overwritten",
                "{} from {}: {}".format(cell, old, sorted(sources)),
                _category(i["role"] for i in sources.values()),
            )

    def stands(t1: float) -> bool:  # no committed write of another value began after t1
        return not any(i["t0"] > t1 and new != value for i, _old, new in committed)

    makers = [w for w in live if w[2] == value]
    if (start == value and stands(float("-inf"))) or any(stands(i["t1"]) for i, _o, _n in makers):
        return
    if not makers and start != value:
        kind = "lost" if presence and not value else "phantom"
        found.add(kind, "{} = {!r}, written by nobody".format(cell, value))
        return
    after = [i for i, _old, new in committed if new != value]
    if presence and not value:
        found.add("lost", "{} written by {} is gone".format(cell, [i["source"] for i in after]))
    else:
        roles = [i["role"] for i in after] + [i["role"] for i, _o, _n in makers]
        found.add(
            "overwritten",
            "{} = {!r} after {}".format(cell, value, [i["source"] for i in after]),
            _category(roles),
        )


# ------------------------------------------------------------------------------ many rounds


@dataclass
class Summary:
    seed: int
    rounds: List[Round] = field(default_factory=list)
    seconds: float = 0.0

    def total(self, kind: str, category: Optional[str] = None) -> int:
        if kind == "overwritten":
            return sum(
                r.findings.overwritten.get(c, 0)
                for r in self.rounds
                for c in ([category] if category else list(r.findings.overwritten))
            )
        return sum(getattr(r.findings, kind) for r in self.rounds)

    def failures(self, categories=("other",)) -> List[str]:
        """A line per round with a finding or a problem of one of ``categories`` (``other``:
        lost, duplicated, phantom, torn, overwritten by a store or an edit, a failed check;
        ``sync-sync``, ``sync-other``: overwritten by a sync; ``sync-locked``), with the
        round's seed for a replay."""
        out = []
        for r in self.rounds:
            found = [
                text for category, text in r.problems + r.findings.details if category in categories
            ]
            if found:
                out.append("{}: {}".format(r.describe(), "; ".join(found)[:3000]))
        return out

    def figures(self) -> str:
        return (
            "{} rounds (seed {}), {} processes, {} killed, {} cells written; lost {}, "
            "duplicated {}, overwritten {} (+ {} sync-sync, {} sync-other), phantom {}, "
            "torn {}; {:.0f} s".format(
                len(self.rounds),
                self.seed,
                sum(len(r.roles) for r in self.rounds),
                sum(len(r.killed) for r in self.rounds),
                sum(r.writes for r in self.rounds),
                self.total("lost"),
                self.total("duplicated"),
                self.total("overwritten", "other"),
                self.total("overwritten", "sync-sync"),
                self.total("overwritten", "sync-other"),
                self.total("phantom"),
                self.total("torn"),
                self.seconds,
            )
        )


def run(template_folder: str, folder: str, rounds: int, seed: int, budget: float = 0.0) -> Summary:
    """``rounds`` rounds with seeds drawn from ``seed`` (stop early after ``budget`` seconds
    when it is given); each round in ``folder/round-NNN`` (removed when it found nothing)."""
    rng = random.Random(seed)
    summary = Summary(seed)
    started = time.time()
    for n in range(rounds):
        where = os.path.join(folder, "round-{:03d}".format(n))
        result = run_round(template_folder, where, rng.randrange(2**31))
        summary.rounds.append(result)
        if not summary.failures(CATEGORIES):
            shutil.rmtree(where, ignore_errors=True)
        if budget and time.time() - started > budget:
            break
    summary.seconds = time.time() - started
    return summary
