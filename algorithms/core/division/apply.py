"""Applying an edit to the project file, and undo / redo from the journal kept in the file
(so they survive closing QGIS): each is one write transaction (docs/design/grid-editor.md,
"The one rule of every edit")."""

import contextlib
import getpass
import json
import uuid as _uuid
from typing import Dict, List, Optional

from .. import gpkg, migrate, timestamps
from ..i18n import translate
from . import journal as jr
from .model import DECIDE, DONE, STAT_COLUMNS, UNDONE, Edit, EditError, HistoryState
from .ops import label_text


def default_author() -> str:
    """The name recorded when none is given: the operating-system user."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 (no user name on this system: record none)
        return ""


def _check_grids(edit: Edit, now: Dict[str, dict]) -> None:
    """The grids the edit touches are as its plan saw them (exist or not, nest, lock)."""
    changed = []
    for grid, seen in sorted(edit.grids_seen.items()):
        row = now.get(grid)
        current = None if row is None else (str(row.get("nest") or ""), int(row.get("locked") or 0))
        if current != seen:
            changed.append(grid)
    if changed:
        raise EditError(
            translate(
                "core",
                "The project changed since this edit was planned: grid {grids} was created, "
                "retired, locked or unlocked meanwhile (by another program or algorithm). "
                "Nothing was changed; reload and plan the edit again.",
            ).format(grids=", ".join(changed))
        )


def apply_edit(path: str, edit: Edit, author: Optional[str] = None) -> int:
    """Write ``edit`` into the project in one transaction and journal it; returns the journal
    id. Raises :class:`EditError` when the project changed since the edit was planned."""
    if not edit.units and not edit.grid_values:
        raise EditError(translate("core", "Nothing to change."))
    migrate.upgrade(path)
    author = default_author() if author is None else author
    units = [[u, old, new] for u, (old, new) in sorted(edit.units.items())]
    affected = edit.affected()
    with gpkg.write_transaction(path) as ds:
        jr.check_current(ds, {u: old for u, old, _new in units})
        before = jr.grid_rows(ds, affected)
        _check_grids(edit, before)
        jr.set_units(ds, [(u, new) for u, _old, new in units])
        shapes, population, unit_shapes = jr.recompute(ds, affected)
        moved = set(edit.units)
        feedback = jr.move_feedback(ds, units, {u: w for u, w in unit_shapes.items() if u in moved})
        after: Dict[str, Optional[dict]] = {}
        for grid in affected:
            if grid not in shapes:
                after[grid] = None
                continue
            row = dict(before.get(grid) or {"grid_id": grid, "locked": 0})
            row.update(edit.grid_values.get(grid) or {})
            row.update(shapes[grid][1])
            row["grid_id"] = grid
            if grid not in before:  # a new grid: the nest its plan gave (None without nests)
                row["nest"] = edit.new_grids.get(
                    grid, (edit.grid_values.get(grid) or {}).get("nest")
                )
            after[grid] = row
        edit_id = jr.start_entry(ds, edit.kind, edit.label, author)
        jr.write_grids(ds, after, shapes)
        retired = {g: before[g] for g, row in after.items() if row is None and g in before}
        outlets = {g: (row or {}).get("outlet_id") for g, row in after.items()}
        decisions, removed = jr.retire_grids(
            ds,
            retired,
            jr.suggested_grids((old, new, population.get(u, 0.0)) for u, old, new in units),
            edit_id,
            outlets,
        )
        new_codes = {g: row.get("nest") for g, row in after.items() if row and g not in before}
        jr.register_codes(ds, new_codes)
        jr.retire_codes(ds, {g: row.get("nest") for g, row in retired.items()})
        jr.finish_entry(
            ds,
            edit_id,
            {
                "units": units,
                "before": {g: before.get(g) for g in affected},
                "after": after,
                "decisions": decisions,
                "removed": removed,
                "codes_new": new_codes,
                "codes_retired": sorted(retired),
                "feedback": feedback,
                "columns": sorted({c for values in edit.grid_values.values() for c in values}),
                "label_source": edit.label_source,
                "label_args": edit.label_args,
            },
        )
    return edit_id


def _replay(ds, payload: dict, forward: bool) -> None:
    """Bring the project to the state after (``forward``) or before an edit."""
    if "decision" in payload:
        _replay_decision(ds, payload, forward)
        return
    units = payload["units"]
    if forward:
        jr.check_current(ds, {u: old for u, old, _new in units})
        jr.set_units(ds, [(u, new) for u, _old, new in units])
        rows = payload["after"]
    else:
        jr.check_current(ds, {u: new for u, _old, new in units})
        jr.set_units(ds, [(u, old) for u, old, _new in units])
        rows = payload["before"]
    shapes, _population, _units = jr.recompute(ds, rows)
    jr.write_grids(ds, _own_columns(ds, rows, payload), shapes)
    feedback = payload.get("feedback") or []
    jr.set_feedback_grids(ds, [(u, new if forward else old) for u, old, new in feedback])
    decisions = payload.get("decisions") or []
    removed = payload.get("removed") or []
    created = payload.get("codes_new") or {}
    retired = payload.get("codes_retired") or []
    if forward:
        jr.delete_by_uuid(ds, "assignments", [r["uuid"] for r in removed])
        jr.insert(ds, "grid_decisions", decisions, jr.DECISION_COLUMNS)
        jr.register_codes(ds, created)
        jr.retire_codes(ds, {g: (payload["before"].get(g) or {}).get("nest") for g in retired})
    else:
        jr.delete_by_uuid(ds, "grid_decisions", [r["uuid"] for r in decisions])
        jr.insert(ds, "assignments", removed, jr.ASSIGNMENT_COLUMNS)
        jr.retire_codes(ds, created)
        jr.register_codes(ds, {g: (payload["before"].get(g) or {}).get("nest") for g in retired})


def _own_columns(ds, rows: Dict[str, Optional[dict]], payload: dict):
    """The rows to write for undo / redo: a grid that exists now keeps what was changed since
    the edit (outlet, classification, staff…) and takes back only the columns the edit itself
    set: the recomputed ones, the nest and those it changed (the lock; a restore: all)."""
    now = jr.grid_rows(ds, [g for g, row in rows.items() if row is not None])
    own = set(STAT_COLUMNS) | {"nest"} | set(payload.get("columns") or ())
    out: Dict[str, Optional[dict]] = {}
    for grid, row in rows.items():
        if row is None or grid not in now:
            out[grid] = row
            continue
        merged = dict(now[grid])
        merged.update({c: v for c, v in row.items() if c in own})
        out[grid] = merged
    return out


def _replay_decision(ds, payload: dict, forward: bool) -> None:
    decision = payload["decision"]
    assignment = payload.get("assignment")
    outlet = payload.get("outlet")
    if forward:
        jr.delete_by_uuid(ds, "grid_decisions", [decision["uuid"]])
        if assignment:
            jr.insert(ds, "assignments", [assignment], jr.ASSIGNMENT_COLUMNS)
    else:
        jr.insert(ds, "grid_decisions", [decision], jr.DECISION_COLUMNS)
        if assignment:
            jr.delete_by_uuid(ds, "assignments", [assignment["uuid"]])
    if outlet:
        grid, old, new = outlet
        ds.ExecuteSQL(
            "UPDATE grids SET outlet_id = {} WHERE grid_id = {}".format(
                jr.quote(new if forward else old), jr.quote(grid)
            )
        )


def _step(path: str, undo: bool) -> Optional[str]:
    migrate.upgrade(path)
    with gpkg.write_transaction(path) as ds:
        sql = (
            "SELECT CAST(fid AS INTEGER) AS edit_fid, label, payload FROM grid_edits "
            "WHERE state = {} ORDER BY fid {} LIMIT 1"
        )
        found = jr.select(ds, sql.format(*(("'done'", "DESC") if undo else ("'undone'", "ASC"))))
        if not found:
            return None
        fid, label, payload = found[0]
        data = json.loads(payload)
        label = label_text(data.get("label_source") or "", data.get("label_args") or {}, label)
        _replay(ds, data, forward=not undo)
        ds.ExecuteSQL(
            "UPDATE grid_edits SET state = {} WHERE fid = {}".format(
                jr.quote(UNDONE if undo else DONE), int(fid)
            )
        )
    return str(label)


def undo(path: str) -> Optional[str]:
    """Undo the last edit still done; returns its label (``None``: nothing to undo)."""
    return _step(path, undo=True)


def redo(path: str) -> Optional[str]:
    """Redo the first undone edit; returns its label (``None``: nothing to redo)."""
    return _step(path, undo=False)


def history(path: str) -> HistoryState:
    """What Undo and Redo would do now."""
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master")}
        if "grid_edits" not in tables:
            return HistoryState(None, None)
        sql = (
            "SELECT label, json_extract(payload, '$.label_source'), "
            "json_extract(payload, '$.label_args') FROM grid_edits WHERE state = '{}' "
            "ORDER BY fid {} LIMIT 1"
        )
        last = con.execute(sql.format(DONE, "DESC")).fetchone()
        first = con.execute(sql.format(UNDONE, "ASC")).fetchone()
    return HistoryState(_shown(last), _shown(first))


def _shown(row) -> Optional[str]:
    """A journal row's label in the current language (see :attr:`Edit.label_source`)."""
    if row is None:
        return None
    stored, source, args = row
    try:
        values = json.loads(args) if args else {}
    except ValueError:
        values = {}
    return label_text(source or "", values if isinstance(values, dict) else {}, str(stored))


def pending_decisions(path: str) -> List[dict]:
    """Staff assignments and outlets of retired grids waiting for a decision."""
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master")}
        if "grid_decisions" not in tables:
            return []
        cursor = con.execute(
            "SELECT {} FROM grid_decisions ORDER BY created_at, kind, staff_id, outlet_id".format(
                ", ".join(jr.DECISION_COLUMNS)
            )
        )
        return [dict(zip(jr.DECISION_COLUMNS, row)) for row in cursor]


def resolve_decision(
    path: str, decision_uuid: str, grid_id: Optional[str], author: Optional[str] = None
) -> int:
    """Decide a pending decision: give the staff member (or outlet) to ``grid_id``, or drop it
    (``None``). Journaled: Undo brings the decision back."""
    migrate.upgrade(path)
    author = default_author() if author is None else author
    with gpkg.write_transaction(path) as ds:
        found = jr.select(
            ds,
            "SELECT {} FROM grid_decisions WHERE uuid = {}".format(
                ", ".join(jr.DECISION_COLUMNS), jr.quote(decision_uuid)
            ),
        )
        if not found:
            raise EditError(
                translate("core", "That decision was taken already; reload the editor.")
            )
        decision = dict(zip(jr.DECISION_COLUMNS, found[0]))
        assignment = outlet = None
        who = decision.get("staff_id") or decision.get("outlet_id")
        if grid_id:
            rows = jr.select(ds, "SELECT outlet_id FROM grids WHERE grid_id = " + jr.quote(grid_id))
            if not rows:
                raise EditError(
                    translate(
                        "core", "Grid {grid} is not a grid of the project. Choose one of its grids."
                    ).format(grid=grid_id)
                )
            if decision["kind"] == "staff":
                assignment = {
                    "uuid": str(_uuid.uuid4()),
                    "staff_id": decision["staff_id"],
                    "grid_id": grid_id,
                    "role": decision.get("role"),
                    "assigned_at": timestamps.now_utc(),
                }
            else:
                outlet = [grid_id, rows[0][0], decision["outlet_id"]]
            label = translate("core", "give {who} to {grid}").format(who=who, grid=grid_id)
        else:
            label = translate("core", "drop {who} of retired grid {grid}").format(
                who=who, grid=decision["grid_id"]
            )
        payload = {"decision": decision, "assignment": assignment, "outlet": outlet}
        edit_id = jr.start_entry(ds, DECIDE, label, author)
        _replay_decision(ds, payload, forward=True)
        jr.finish_entry(ds, edit_id, payload)
    return edit_id
