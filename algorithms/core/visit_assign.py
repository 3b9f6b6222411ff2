"""Assigning follow-up visits (回访): points (customers or places) → visits in the project's
``visits`` layer, each in the grid its point lies in, for a named staff member or for the
staff assigned to that grid (the one with the fewest open visits), written in one
transaction through :func:`.project_write.write_transaction`.

A point outside every grid, a grid nobody is assigned to and a customer who already has an
open visit of the same purpose are skipped and counted (so running the assignment again
adds nothing twice)."""

import contextlib
import datetime as _dt
import uuid as _uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import ogr

from . import gpkg, migrate
from .deps import shapely
from .errors import InputError, format_ids
from .fieldsync.project import _grid_geometries
from .fieldsync.visits import PURPOSES, TABLE, check_date
from .i18n import translate
from .labels import core_parameter
from .project_write import write_transaction
from .timestamps import now_utc


@dataclass
class VisitRequest:
    """One visit to assign: where (in the project's CRS) and, optionally, for which
    customer."""

    x: float
    y: float
    customer_id: Optional[str] = None
    notes: Optional[str] = None


@dataclass
class AssignReport:
    """What :func:`assign_visits` did."""

    created: List[str] = field(default_factory=list)  # uuids
    per_staff: Dict[str, int] = field(default_factory=dict)
    outside: int = 0
    no_staff: List[str] = field(default_factory=list)  # grid ids
    duplicates: int = 0


def due_date_of(due_date: Optional[str], due_days: Optional[int], today=None) -> str:
    """The due date as stored (``YYYY-MM-DD``): ``due_date`` when given, else today plus
    ``due_days``."""
    if due_date:
        checked = check_date(due_date)
        if checked is None:
            raise InputError(
                translate(
                    "core", "The due date {value!r} is not a date: write it as YYYY-MM-DD."
                ).format(value=str(due_date)[:40])
            )
        return checked
    days = 14 if due_days is None else int(due_days)
    if not 0 <= days <= 3650:
        raise InputError(
            translate("core", "{days} days is not a due date: give 0 to 3650 days.").format(
                days=days
            )
        )
    return ((today or _dt.date.today()) + _dt.timedelta(days=days)).isoformat()


def _office(project: str):
    with contextlib.closing(gpkg.connect_ro(project)) as con:
        staff = {s for (s,) in con.execute("SELECT staff_id FROM staff WHERE staff_id IS NOT NULL")}
        assigned: Dict[str, List[str]] = {}
        for staff_id, grid_id in con.execute(
            "SELECT DISTINCT staff_id, grid_id FROM assignments WHERE staff_id IS NOT NULL "
            "AND grid_id IS NOT NULL ORDER BY grid_id, staff_id"
        ):
            assigned.setdefault(grid_id, []).append(staff_id)
        load: Dict[str, int] = {}
        open_keys = set()
        for staff_id, customer_id, purpose in con.execute(
            "SELECT staff_id, customer_id, purpose FROM visits WHERE status = 'open'"
        ):
            load[staff_id] = load.get(staff_id, 0) + 1
            if customer_id:
                open_keys.add((customer_id, purpose))
    return staff, assigned, load, open_keys


def _contacts(project: str) -> Dict[str, Tuple[Optional[str], Optional[str]]]:
    """Customer id → (name, phone) of the customers who consented to the use of their
    personal data (``customers.consent = 1``); the visit carries them to the field worker who
    calls on them, nobody else (see :mod:`.fieldsync.contents`)."""
    with contextlib.closing(gpkg.connect_ro(project)) as con:
        names = {r[1] for r in con.execute("PRAGMA table_info(customers)")}
        if not {"customer_id", "name", "phone", "consent"} <= names:
            return {}
        return {
            str(c): (n, p)
            for c, n, p in con.execute(
                "SELECT customer_id, name, phone FROM customers WHERE consent = 1 "
                "AND customer_id IS NOT NULL"
            )
        }


def assign_visits(
    project: str,
    requests: Sequence[VisitRequest],
    purpose: str,
    due_date: str,
    assigned_by: str = "",
    staff_id: Optional[str] = None,
) -> AssignReport:
    """Write one open visit per request (see the module doc); returns the counts."""
    gpkg.require_project(project)
    migrate.upgrade(project)
    if purpose not in PURPOSES:
        raise InputError(
            translate("core", "The purpose {value!r} is not one of {allowed}.").format(
                value=purpose, allowed=", ".join(sorted(PURPOSES))
            )
        )
    due = due_date_of(due_date, None)
    staff, assigned, load, open_keys = _office(project)
    if staff_id and staff_id not in staff:
        raise InputError(
            translate(
                "core",
                "Staff id {staff} is not in the project's staff table (known ids: {ids}). "
                "Check the {param}.",
            ).format(
                staff=staff_id,
                ids=format_ids(sorted(staff), 10),
                param=core_parameter("STAFF_ID"),
            )
        )
    ids, geoms = _grid_geometries(project)
    keep = [i for i, g in enumerate(geoms) if g is not None]
    if not keep:
        raise InputError(translate("core", "The project has no grids: build the grids first."))
    tree = shapely.STRtree(np.array([geoms[i] for i in keep], dtype=object))
    points = shapely.points(
        np.array([r.x for r in requests], dtype=float),
        np.array([r.y for r in requests], dtype=float),
    )
    where: Dict[int, str] = {}
    if len(requests):
        pairs = tree.query(points, predicate="intersects")
        for point_idx, grid_idx in sorted(zip(pairs[0].tolist(), pairs[1].tolist())):
            where.setdefault(point_idx, ids[keep[grid_idx]])
    report = AssignReport()
    planned: List[Tuple[str, str, VisitRequest, int]] = []
    no_staff = set()
    for i, request in enumerate(requests):
        grid_id = where.get(i)
        if grid_id is None:
            report.outside += 1
            continue
        key = (request.customer_id, purpose)
        if request.customer_id and key in open_keys:
            report.duplicates += 1
            continue
        if staff_id:
            person = staff_id
        else:
            candidates = assigned.get(grid_id, [])
            if not candidates:
                no_staff.add(grid_id)
                continue
            person = min(candidates, key=lambda s: (load.get(s, 0), s))
        load[person] = load.get(person, 0) + 1
        if request.customer_id:
            open_keys.add(key)
        planned.append((grid_id, person, request, i))
    report.no_staff = sorted(no_staff)
    if not planned:
        return report
    now = now_utc()
    contacts = _contacts(project) if any(r.customer_id for _g, _p, r, _i in planned) else {}
    with write_transaction(project) as ds:
        lyr = ds.GetLayerByName(TABLE)
        since = migrate.mark(ds, [TABLE])
        defn = lyr.GetLayerDefn()
        for grid_id, person, request, i in planned:
            feature = ogr.Feature(defn)
            uid = str(_uuid.uuid4())
            values = {
                "uuid": uid,
                "grid_id": grid_id,
                "staff_id": person,
                "customer_id": request.customer_id,
                "customer_name": contacts.get(request.customer_id or "", (None, None))[0],
                "customer_phone": contacts.get(request.customer_id or "", (None, None))[1],
                "purpose": purpose,
                "due_date": due,
                "assigned_at": now,
                "assigned_by": assigned_by or None,
                "status": "open",
                "notes": request.notes,
                "rev": 1,
                "updated_at": now,
            }
            for name, value in values.items():
                if value is not None:
                    feature.SetField(name, value)
            feature.SetGeometryDirectly(
                ogr.CreateGeometryFromWkb(shapely.to_wkb(points[i], output_dimension=2))
            )
            lyr.CreateFeature(feature)
            report.created.append(uid)
            report.per_staff[person] = report.per_staff.get(person, 0) + 1
        times = [(TABLE, "assigned_at"), (TABLE, "updated_at")]
        migrate.fix_short_times(ds, times, since)
    return report


__all__ = ["AssignReport", "VisitRequest", "assign_visits", "due_date_of"]
