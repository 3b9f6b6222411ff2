"""The three-way merge by uuid of a package's rows into the project's, against the base
snapshot: inserts, updates, deletions and conflicts (the office value stays)."""

import json
from typing import Dict, Optional, Tuple

from ..deps import shapely
from ..i18n import translate
from .base import _older
from .model import _COL, MERGE_COLUMNS, _Package, _Row, _State


def _text(column: str, value) -> Optional[str]:
    if value is None:
        return None
    if column == "geom":
        return shapely.to_wkt(shapely.from_wkb(value), rounding_precision=3)
    return str(value)


def _merge(
    pkg: _Package,
    base: Dict[str, tuple],
    state: _State,
    run_id: str,
    now: str,
    photo,
    base_meta: Optional[Dict[str, Tuple[int, str]]] = None,
) -> None:
    report = pkg.report
    conflicts = state.conflicts
    changes: Dict[str, Optional[_Row]] = state.base_changes.setdefault(report.package_id, {})
    state.base_keys.setdefault(report.package_id, set()).update(base)
    photo_col = _COL["photo"]

    def conflict(key, column, base_value, office, field_value, kind):
        conflicts.append(
            {
                "package_id": report.package_id,
                "uuid": key,
                "column_name": column,
                "base_value": base_value,
                "office_value": office,
                "field_value": field_value,
                "kind": kind,
                "run_id": run_id,
            }
        )

    base_meta = base_meta or {}
    stale = 0
    for key, prow in pkg.rows.items():
        bvals = base.get(key)
        pvals = prow.values
        if bvals is not None and bvals == pvals:
            report.unchanged += 1
            continue
        if bvals is not None and _older(prow, base_meta.get(key)):
            stale += 1  # an older copy of the package: never reverts newer field edits
            report.unchanged += 1
            continue
        mrow = state.rows.get(key)
        changes[key] = prow
        if bvals is None:
            if mrow is None:  # new in the package → insert
                values = list(pvals)
                values[photo_col] = photo(report, key, pvals[photo_col])
                state.rows[key] = _Row(
                    uuid=key,
                    values=tuple(values),  # canonical form
                    rev=max(prow.rev, 1),
                    updated_at=prow.updated_at or now,
                    package_id=report.package_id,
                )
                report.inserted += 1
                continue
            base_like = (None,) * len(MERGE_COLUMNS)  # an unknown uuid the office has too
            kind = "insert_insert"
        else:
            base_like = bvals
            kind = "both_changed"
            if mrow is None:  # deleted in the office, changed in the field
                conflict(
                    key,
                    "*",
                    None,
                    None,
                    json.dumps(dict(zip(MERGE_COLUMNS, pvals)), ensure_ascii=False),
                    "delete_update",
                )
                report.conflicts += 1
                continue
        mvals = list(mrow.values)
        changed = False
        had_conflict = False
        for c, name in enumerate(MERGE_COLUMNS):
            p, b, m = pvals[c], base_like[c], mvals[c]
            if p == b or p == m:
                continue
            if m == b:
                mvals[c] = photo(report, key, p) if c == photo_col else p
                changed = True
            else:
                conflict(
                    key,
                    name,
                    _text(name, b) if bvals is not None else None,
                    _text(name, m),
                    _text(name, p),
                    kind,
                )
                had_conflict = True
        if had_conflict:
            report.conflicts += 1
        if changed:
            state.rows[key] = _Row(
                uuid=mrow.uuid,
                values=tuple(mvals),
                rev=max(mrow.rev + 1, prow.rev),
                updated_at=now,
                fid=mrow.fid,
                package_id=mrow.package_id,
            )
            report.updated += 1
        elif not had_conflict:
            report.unchanged += 1
    # rows of the base the package no longer has: deleted on the device — unless this is an
    # older copy of the package (its newest row is older than what was last exchanged)
    newest = max((row.updated_at or "" for row in pkg.rows.values()), default="")
    exchanged = max((updated for _rev, updated in base_meta.values()), default="")
    older_copy = stale > 0 or (newest and exchanged and newest < exchanged)
    if older_copy:
        report.warnings.append(
            translate(
                "core",
                "an older copy of this package: {} rows older than the last sync were "
                "skipped and rows it lacks were not deleted",
            ).format(stale)
        )
    for key, bvals in base.items():
        if key in pkg.seen or older_copy:
            continue
        changes[key] = None
        mrow = state.rows.get(key)
        if mrow is None:
            continue
        if mrow.values == bvals:
            del state.rows[key]
            report.deleted += 1
        else:
            conflict(
                key,
                "*",
                None,
                json.dumps(dict(zip(MERGE_COLUMNS, mrow.values)), ensure_ascii=False),
                None,
                "update_delete",
            )
            report.conflicts += 1


def _differs(pkg: _Package, base: Dict[str, tuple]) -> bool:
    """True when the package has a row that is not exactly its base (or lost one)."""
    if any(base.get(key) != row.values for key, row in pkg.rows.items()):
        return True
    return any(key not in pkg.seen for key in base)


def _has_changes(state: _State) -> bool:
    if state.conflicts or any(state.base_changes.values()):
        return True
    if state.rows.keys() != state.original.keys():
        return True
    return any(state.original[key] is not row for key, row in state.rows.items())
