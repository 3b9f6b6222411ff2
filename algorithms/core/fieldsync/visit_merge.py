"""The three-way merge of a package's visits into the project's, against the base snapshot of
the package's visits (``sync_base_visits``), and its writing (inside the sync's transaction).

Rules (by uuid; the field owns :data:`.visits.FIELD_COLUMNS`, the office the rest):

- a visit the package was not sent (unknown to its base) is rejected: only the office assigns
  visits;
- a row equal to its base, or older than it (an older copy of the package), changes nothing;
- the field's columns changed in the package while the project's still equal the base are
  taken (``rev`` + 1, ``updated_at`` now, the device that made the change);
- the same column changed on both sides is a conflict: the office value stays and both values
  go to ``sync_conflicts`` (``table_name = 'visits'``). A visit's outcome is one whole: when
  the status conflicts, or the office cancelled the visit meanwhile, none of the field's
  changes to that visit is taken and each is stored as a conflict;
- a visit the office deleted and the field changed is a ``delete_update`` conflict (the
  field's values kept in the conflict);
- office columns changed in a package are ignored (a warning counts them); a visit missing
  from a package is kept (the field cannot delete a visit).
"""

import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

from osgeo import ogr

from .. import migrate, schema
from ..i18n import translate
from .base import _older, _replace_base
from .model import _Package, _Row
from .visits import BASE_TABLE, COL, COLUMNS, FIELD_COLUMNS, FIELD_STATUSES, TABLE, VisitPackage

_OFFICE_COLUMNS = tuple(c for c in COLUMNS if c not in FIELD_COLUMNS and c != "device_id")
_STATUS = COL["status"]


@dataclass
class VisitState:
    """The project's visits as the run goes and what changed."""

    rows: Dict[str, _Row]
    original: Dict[str, _Row]
    changed: Set[str] = field(default_factory=set)
    conflicts: List[dict] = field(default_factory=list)
    #: package id → {uuid key: its new base row}
    base_changes: Dict[str, Dict[str, _Row]] = field(default_factory=dict)
    base_keys: Dict[str, Set[str]] = field(default_factory=dict)

    def has_changes(self) -> bool:
        return bool(self.changed or self.conflicts or any(self.base_changes.values()))


def _conflict(state, report, run_id, key, column, base, office, field_value, kind) -> None:
    state.conflicts.append(
        {
            "run_id": run_id,
            "package_id": report.package_id,
            "table_name": TABLE,
            "uuid": key,
            "column_name": column,
            "base_value": None if base is None else str(base),
            "office_value": None if office is None else str(office),
            "field_value": None if field_value is None else str(field_value),
            "kind": kind,
        }
    )


def merge_visits(
    pkg: _Package,
    base: Tuple[Dict[str, tuple], Dict[str, Tuple[int, str]]],
    state: VisitState,
    run_id: str,
    now: str,
) -> None:
    """Merge the visits of ``pkg`` into ``state`` (counts go into the package's report)."""
    visits = pkg.visits
    if not isinstance(visits, VisitPackage):
        return
    report = pkg.report
    base_values, base_meta = base
    changes = state.base_changes.setdefault(report.package_id, {})
    state.base_keys.setdefault(report.package_id, set()).update(base_values)
    ignored = 0
    for key, prow in visits.rows.items():
        b = base_values.get(key)
        p = prow.values
        if b is None:
            report.rejected.append(
                (
                    translate("core", "visit {}").format(key),
                    translate(
                        "core",
                        "this visit was not sent out in the package (only the office assigns "
                        "visits)",
                    ),
                )
            )
            continue
        if b == p or _older(prow, base_meta.get(key)):
            report.unchanged += 1
            continue
        if p[_STATUS] != b[_STATUS] and p[_STATUS] not in FIELD_STATUSES:
            report.rejected.append(
                (
                    translate("core", "visit {}").format(key),
                    translate(
                        "core",
                        "status {status!r} cannot be set in the field (only the office cancels "
                        "a visit): set it back to open, done or not reached",
                    ).format(status=p[_STATUS]),
                )
            )
            continue
        changes[key] = prow
        if any(p[COL[c]] != b[COL[c]] for c in _OFFICE_COLUMNS):
            ignored += 1
        changed = [c for c in FIELD_COLUMNS if p[COL[c]] != b[COL[c]]]
        if not changed:
            report.unchanged += 1
            continue
        mrow = state.rows.get(key)
        if mrow is None:  # deleted in the office, changed in the field
            values = {c: p[COL[c]] for c in COLUMNS if c != "geom"}
            _conflict(
                state,
                report,
                run_id,
                key,
                "*",
                None,
                None,
                json.dumps(values, ensure_ascii=False),
                "delete_update",
            )
            report.conflicts += 1
            continue
        m = list(mrow.values)
        clash = [c for c in changed if m[COL[c]] != b[COL[c]] and m[COL[c]] != p[COL[c]]]
        cancelled = m[_STATUS] == "cancelled" and b[_STATUS] != "cancelled"
        if "status" in clash or (cancelled and any(m[COL[c]] != p[COL[c]] for c in changed)):
            clash = [c for c in changed if m[COL[c]] != p[COL[c]]]
            taken: List[str] = []
        else:
            taken = [c for c in changed if c not in clash and m[COL[c]] != p[COL[c]]]
        for c in clash:
            _conflict(
                state, report, run_id, key, c, b[COL[c]], m[COL[c]], p[COL[c]], "both_changed"
            )
        if clash:
            report.conflicts += 1
        if taken:
            for c in taken:
                m[COL[c]] = p[COL[c]]
            m[COL["device_id"]] = p[COL["device_id"]]
            state.rows[key] = _Row(
                uuid=mrow.uuid,
                values=tuple(m),
                rev=max(mrow.rev + 1, prow.rev),
                updated_at=now,
                fid=mrow.fid,
                package_id=mrow.package_id,
            )
            state.changed.add(key)
            report.updated += 1
        elif not clash:
            report.unchanged += 1
    if ignored:
        report.warnings.append(
            translate(
                "core",
                "{} visits had office columns (grid, staff, customer, purpose, due date, "
                "location) changed in the package: those changes were ignored",
            ).format(ignored)
        )
    missing = [k for k in base_values if k not in visits.seen]
    if missing:
        report.warnings.append(
            translate(
                "core",
                "{} visits missing from the package were kept (a visit is cancelled by the "
                "office, not deleted in the field)",
            ).format(len(missing))
        )


def _set(feature, idx: int, value) -> None:
    if value is None:
        feature.SetFieldNull(idx)
    else:
        feature.SetField(idx, str(value))


def apply_visits(ds, state: Optional[VisitState], now: str) -> int:
    """Write the merged visits, their conflicts and base snapshots (inside the caller's
    transaction). Returns how many visits were updated."""
    if state is None or not state.has_changes():
        return 0
    lyr = ds.GetLayerByName(TABLE)
    defn = lyr.GetLayerDefn()
    index = {defn.GetFieldDefn(i).GetName(): i for i in range(defn.GetFieldCount())}
    since = migrate.mark(ds, [TABLE])
    fids: List[Optional[int]] = []
    for key in sorted(state.changed):
        row, old = state.rows[key], state.original[key]
        feature = lyr.GetFeature(old.fid)
        for name in FIELD_COLUMNS + ("device_id",):
            if row.values[COL[name]] != old.values[COL[name]]:
                _set(feature, index[name], row.values[COL[name]])
        feature.SetField(index["rev"], int(row.rev))
        feature.SetField(index["updated_at"], row.updated_at or now)
        lyr.SetFeature(feature)
        fids.append(old.fid)
    conflicts = ds.GetLayerByName(schema.SYNC_CONFLICTS.name)
    cdefn = conflicts.GetLayerDefn()
    for item in state.conflicts:
        feature = ogr.Feature(cdefn)
        for name, value in item.items():
            if value is not None:
                feature.SetField(name, value)
        conflicts.CreateFeature(feature)
    _replace_base(ds, state.base_changes, state.base_keys, BASE_TABLE)
    times = [(TABLE, "done_at"), (TABLE, "updated_at")]
    migrate.fix_short_times(ds, times, since, {TABLE: fids})
    return len(state.changed)
