"""Planning edits of the division (move, new grid, merge, split, lock, reassign) and
previewing them: the editor's rules, nothing written. See docs/design/grid-editor.md."""

from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence

import numpy as np

from ..adjacency import components, shared_boundaries
from ..errors import format_ids
from ..i18n import QT_TRANSLATE_NOOP, translate
from .model import LOCK, MERGE, MOVE, NEW, SPLIT, Edit, EditError, GridTotals, Preview
from .state import Division


class Label(NamedTuple):
    """An edit's label: the text in the current language, its English template and values."""

    text: str
    source: str
    args: Dict[str, object]


def _label(source: str, **args) -> Label:
    return Label(translate("core", source).format(**args), source, args)


def _edit(kind: str, label: Label, units: Optional[dict] = None, **more) -> Edit:
    return Edit(
        kind, label.text, units or {}, label_source=label.source, label_args=label.args, **more
    )


def label_text(source: str, args: Dict[str, object], stored: str) -> str:
    """A journaled label in the current language (``stored`` when it cannot be rebuilt)."""
    if not source:
        return stored
    try:
        return translate("core", source).format(**args)
    except (KeyError, IndexError, ValueError):
        return stored


def _stamp(division: Division, edit: Edit) -> Edit:
    """Record what the plan saw of the grids it touches (see :attr:`Edit.grids_seen`)."""
    for grid in edit.affected():
        row = division.grids.get(grid)
        edit.grids_seen[grid] = (
            None if row is None else (str(row.get("nest") or ""), int(division.locked(grid)))
        )
    return edit


def _new_codes(division: Division, nest: str, count: int) -> List[str]:
    """The next ``count`` codes of ``nest`` (above every code the project ever gave)."""
    from .codes import next_codes, scheme_from_meta

    return list(next_codes(division.codes, scheme_from_meta(division.meta), nest or None, count))


def _require_grid(division: Division, grid_id: str) -> None:
    if grid_id not in division.grids:
        raise EditError(
            translate(
                "core", "Grid {grid} is not a grid of the project. Choose one of its grids."
            ).format(grid=grid_id)
        )


def _refuse_locked(division: Division, grid_ids: Iterable[str]) -> None:
    locked = sorted({g for g in grid_ids if g and division.locked(g)})
    if locked:
        raise EditError(
            translate(
                "core",
                "Grid {grids} is locked: its units and code stay as they are. Unlock it first "
                "(Unlock in the Grid editor, or servicegrid:lockgrids with LOCK off).",
            ).format(grids=", ".join(locked))
        )


def _selection(division: Division, unit_ids: Iterable) -> np.ndarray:
    idx = np.asarray(division.unit_indices(unit_ids), dtype=np.int64)
    if len(idx) == 0:
        raise EditError(
            translate(
                "core",
                "No units given: select units of the project's units layer (or give unit ids).",
            )
        )
    return idx


def _refuse_other_nests(division: Division, idx: np.ndarray, nest: str, grid_id: str) -> None:
    if not division.uses_nests:
        return
    other = [int(i) for i in idx if division.nest[i] != nest]
    if other:
        nests = sorted({str(division.nest[i]) or "—" for i in other})
        raise EditError(
            translate(
                "core",
                "{n} units are in nest {nests}, grid {grid} is in nest {nest}: a grid never "
                "crosses the nest boundary. Units: {ids}. Move them to a grid of their own nest.",
            ).format(
                n=len(other),
                nests=", ".join(nests),
                grid=grid_id,
                nest=nest or "—",
                ids=format_ids(division.unit_ids[i] for i in other),
            )
        )


def plan_move(division: Division, unit_ids: Iterable, grid_id: str) -> Edit:
    """Move units into the grid ``grid_id`` (of their nest; neither grid locked)."""
    _require_grid(division, grid_id)
    idx = _selection(division, unit_ids)
    idx = idx[division.grid_of[idx] != grid_id]
    if len(idx) == 0:
        raise EditError(
            translate("core", "The selected units are in grid {grid} already.").format(grid=grid_id)
        )
    _refuse_other_nests(division, idx, division.grid_nest(grid_id), grid_id)
    _refuse_locked(division, set(division.grid_of[idx]) | {grid_id})
    units = {str(division.unit_ids[i]): (str(division.grid_of[i]), grid_id) for i in idx}
    if len(units) == 1:
        label = _label(
            QT_TRANSLATE_NOOP("core", "move unit {unit} to {grid}"),
            unit=next(iter(units)),
            grid=grid_id,
        )
    else:
        label = _label(
            QT_TRANSLATE_NOOP("core", "move {n} units to {grid}"), n=len(units), grid=grid_id
        )
    return _stamp(division, _edit(MOVE, label, units))


def _one_nest(division: Division, idx: np.ndarray) -> str:
    if not division.uses_nests:
        return ""
    nests = sorted({str(n) for n in division.nest[idx]})
    if len(nests) > 1:
        raise EditError(
            translate(
                "core",
                "The selected units lie in {n} nests ({nests}): a grid never crosses the nest "
                "boundary. Select units of one nest.",
            ).format(n=len(nests), nests=", ".join(n or "—" for n in nests))
        )
    return nests[0]


def plan_new_grid(division: Division, unit_ids: Iterable) -> Edit:
    """A new grid from units of one nest (their grids not locked)."""
    idx = _selection(division, unit_ids)
    nest = _one_nest(division, idx)
    _refuse_locked(division, set(division.grid_of[idx]))
    grids = set(division.grid_of[idx])
    if len(grids) == 1:
        whole = next(iter(grids))
        if whole and len(division.members(whole)) == len(idx):
            raise EditError(
                translate(
                    "core", "The selected units are the whole of grid {grid}: it is a grid already."
                ).format(grid=whole)
            )
    code = _new_codes(division, nest, 1)[0]
    units = {str(division.unit_ids[i]): (str(division.grid_of[i]), code) for i in idx}
    if len(units) == 1:
        label = _label(
            QT_TRANSLATE_NOOP("core", "new grid {grid} from unit {unit}"),
            grid=code,
            unit=next(iter(units)),
        )
    else:
        label = _label(
            QT_TRANSLATE_NOOP("core", "new grid {grid} from {n} units"), grid=code, n=len(units)
        )
    return _stamp(division, _edit(NEW, label, units, new_grids={code: nest or None}))


def plan_merge(division: Division, grid_ids: Sequence[str], into: Optional[str] = None) -> Edit:
    """Merge grids of one nest into ``into`` (default: the most populated of them)."""
    grids = sorted({str(g) for g in grid_ids})
    for grid in grids:
        _require_grid(division, grid)
    if into:
        _require_grid(division, into)
        grids = sorted(set(grids) | {into})
    if len(grids) < 2:
        raise EditError(translate("core", "Choose at least two grids to merge."))
    nests = sorted({division.grid_nest(g) for g in grids})
    if len(nests) > 1:
        raise EditError(
            translate(
                "core",
                "Grids {grids} lie in different nests ({nests}): a grid never crosses the nest "
                "boundary. Merge grids of one nest.",
            ).format(grids=", ".join(grids), nests=", ".join(n or "—" for n in nests))
        )
    _refuse_locked(division, grids)
    pop = division.values["population"]
    if not into:
        into = min(grids, key=lambda g: (-float(np.nansum(pop[division.members(g)])), g))
    units = {
        str(division.unit_ids[i]): (g, into)
        for g in grids
        if g != into
        for i in division.members(g)
    }
    others = [g for g in grids if g != into]
    label = _label(
        QT_TRANSLATE_NOOP("core", "merge {grids} into {grid}"), grids=", ".join(others), grid=into
    )
    return _stamp(division, _edit(MERGE, label, units))


def plan_split(division: Division, grid_id: str, parts: int) -> Edit:
    """Split a grid into ``parts`` balanced, contiguous grids (the grid engine on its units);
    the part with the most people keeps the code."""
    from ..gridding import GridOptions, build_grids

    _require_grid(division, grid_id)
    _refuse_locked(division, [grid_id])
    members = division.members(grid_id)
    if len(members) < 2:
        raise EditError(
            translate("core", "Grid {grid} has one unit: it cannot be split.").format(grid=grid_id)
        )
    if parts < 2 or parts > len(members):
        raise EditError(
            translate(
                "core",
                "Grid {grid} has {units} units: it can be split into 2 to {units} grids, not "
                "{parts}.",
            ).format(grid=grid_id, units=len(members), parts=parts)
        )
    geoms = division.geometries(members)
    pop = np.nan_to_num(division.values["population"][members])
    result = build_grids(
        np.array([geoms[int(i)] for i in members], dtype=object),
        pop,
        options=GridOptions(grid_count=int(parts), tolerance=division.tolerance),
        unit_ids=[str(division.unit_ids[i]) for i in members],
    )
    count = len(result.grid_ids)
    part_pop = np.bincount(result.unit_grid, weights=pop, minlength=count)
    keeper = int(np.argmax(part_pop))
    others = sorted((p for p in range(count) if p != keeper), key=lambda p: result.grid_ids[p])
    nest = division.grid_nest(grid_id)
    codes = dict(zip(others, _new_codes(division, nest, len(others))))
    codes[keeper] = grid_id
    units = {
        str(division.unit_ids[i]): (grid_id, codes[int(p)])
        for i, p in zip(members, result.unit_grid)
        if int(p) != keeper
    }
    label = _label(QT_TRANSLATE_NOOP("core", "split {grid} into {n} grids"), grid=grid_id, n=count)
    edit = _edit(SPLIT, label, units, new_grids={codes[p]: nest or None for p in others})
    return _stamp(division, edit)


def plan_lock(division: Division, grid_ids: Iterable[str], locked: bool = True) -> Edit:
    """Lock (or unlock) grids: buildgrids keeps a locked grid's units and code, and the
    editor refuses edits that touch it."""
    grids = sorted({str(g) for g in grid_ids})
    if not grids:
        raise EditError(translate("core", "Choose at least one grid."))
    for grid in grids:
        _require_grid(division, grid)
    source = (
        QT_TRANSLATE_NOOP("core", "lock {grids}")
        if locked
        else QT_TRANSLATE_NOOP("core", "unlock {grids}")
    )
    changing = [g for g in grids if division.locked(g) != bool(locked)]
    if not changing:
        already = (
            translate("core", "Grid {grids} is locked already.")
            if locked
            else translate("core", "Grid {grids} is not locked.")
        )
        raise EditError(already.format(grids=", ".join(grids)))
    edit = _edit(LOCK, _label(source, grids=", ".join(changing)), lock_change=True)
    edit.grid_values = {g: {"locked": 1 if locked else 0} for g in changing}
    return _stamp(division, edit)


def plan_reassign(
    division: Division,
    unit_grid: Dict[str, str],
    grid_rows: Optional[Dict[str, dict]] = None,
    kind: str = "restore",
    label: str = "",
) -> Edit:
    """A whole division (unit id → grid id, and grid rows to set) as one edit: units not
    named keep their grid; grids named in ``grid_rows`` get those columns."""
    grid_rows = grid_rows or {}
    units = {}
    for unit, grid in unit_grid.items():
        i = division.index.get(str(unit))
        if i is None or not grid:
            continue
        if division.grid_of[i] != grid:
            units[str(unit)] = (str(division.grid_of[i]), str(grid))
    new = {}
    for _old, grid in units.values():
        if grid not in division.grids:
            row = grid_rows.get(grid) or {}
            new[grid] = row.get("nest")
    values = {g: dict(row) for g, row in grid_rows.items()}
    edit = Edit(kind, label, units, grid_values=values, new_grids=new, lock_change=True)
    touched = {g for pair in units.values() for g in pair if g}
    _refuse_locked(division, touched)
    return _stamp(division, edit)


# ---------------------------------------------------------------------------- preview


def _pieces(division: Division, groups: Dict[str, np.ndarray]) -> Dict[str, int]:
    """Connected pieces of each group of unit indices (rook adjacency of their polygons)."""
    every = np.unique(np.concatenate([g for g in groups.values() if len(g)] or [np.zeros(0)]))
    every = every.astype(np.int64)
    if len(every) == 0:
        return {g: 0 for g in groups}
    geoms = division.geometries(every)
    local = {int(u): k for k, u in enumerate(every)}
    pairs, _lengths = shared_boundaries(np.array([geoms[int(u)] for u in every], dtype=object))
    out = {}
    for grid, idx in groups.items():
        if len(idx) == 0:
            out[grid] = 0
            continue
        mask = np.zeros(len(every), dtype=bool)
        mask[[local[int(u)] for u in idx]] = True
        labels = components(len(every), pairs, mask)
        out[grid] = len(np.unique(labels[mask]))
    return out


def _inherited_factor(division: Division, factor: Dict[str, float], members, pop) -> float:
    """A new grid's workload factor: that of the grid most of its people come from."""
    if len(members) == 0:
        return 1.0
    weights: Dict[str, float] = {}
    for i in members:
        source = str(division.grid_of[i])
        weights[source] = weights.get(source, 0.0) + float(pop[i]) + 1e-9
    return factor.get(max(sorted(weights), key=lambda g: weights[g]), 1.0)


def preview(division: Division, edit: Edit, contiguity: bool = True) -> Preview:
    """Every affected grid before → after the edit against the target band, and warnings
    (a grid falling into more pieces, a grid out of the band). Reads unit polygons only for
    the contiguity check (``contiguity=False`` skips it)."""
    pop = np.nan_to_num(division.values["population"])
    households = np.nan_to_num(division.values["households"])
    factor = division.workload_factor()
    moved = {division.index[u]: new for u, (_old, new) in edit.units.items()}
    before: Dict[str, np.ndarray] = {}
    after: Dict[str, np.ndarray] = {}
    for grid in edit.affected():
        members = division.members(grid)
        before[grid] = members
        stay = np.array([i for i in members if int(i) not in moved], dtype=np.int64)
        come = np.array([i for i, g in moved.items() if g == grid], dtype=np.int64)
        after[grid] = np.concatenate([stay, come]).astype(np.int64)
    pieces_before = _pieces(division, before) if contiguity else {}
    pieces_after = _pieces(division, after) if contiguity else {}
    totals, warnings = [], []
    for grid in edit.affected():
        b, a = before[grid], after[grid]
        p_before, p_after = float(pop[b].sum()), float(pop[a].sum())
        f = factor.get(grid) or _inherited_factor(division, factor, a, pop)
        target = division.target_of(a if len(a) else b)
        low, high = target * (1 - division.tolerance), target * (1 + division.tolerance)
        band = "ok" if low <= p_after <= high else ("low" if p_after < low else "high")
        if len(a) == 0:
            status, band = "retired", "ok"
        elif grid not in division.grids:
            status = "new"
        else:
            status = band
        locked = division.locked(grid)
        value = (edit.grid_values.get(grid) or {}).get("locked")
        if value is not None:
            locked = bool(value)
        row = GridTotals(
            grid,
            division.grid_nest(grid) or (edit.new_grids.get(grid) or None),
            p_before,
            p_after,
            float(households[b].sum()),
            float(households[a].sum()),
            p_before * f,
            p_after * f,
            len(b),
            len(a),
            target,
            low,
            high,
            status,
            band,
            pieces_before.get(grid, 0),
            pieces_after.get(grid, 0),
            locked,
        )
        totals.append(row)
        if contiguity and len(a) and row.pieces_after > max(row.pieces_before, 1):
            warnings.append(
                translate(
                    "core", "Grid {grid} would fall into {n} pieces that do not touch."
                ).format(grid=grid, n=row.pieces_after)
            )
        if len(a) and band != "ok" and edit.units:
            warnings.append(
                translate(
                    "core",
                    "Grid {grid} would hold {pop:,.0f} people, outside the band {low:,.0f}–"
                    "{high:,.0f} (target {target:,.0f} ± {tol:.0f} %).",
                ).format(
                    grid=grid,
                    pop=p_after,
                    low=low,
                    high=high,
                    target=target,
                    tol=division.tolerance * 100,
                )
            )
    return Preview(totals, warnings)
