"""A sync run: the packages read from quarantine first, then, with the project's write lock
held, the project's rows, the base snapshots and the ledger read, merged and written in one
OGR transaction (a backup before, ``PRAGMA quick_check`` after; see docs/design/sync.md)."""

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import uuid as _uuid
from typing import Callable, Dict, Iterable, List, Optional, Set, Tuple

import numpy as np

from ..deps import shapely
from ..errors import CancelledError, InputError
from ..i18n import translate
from ..ogr_errors import ogr_exceptions
from ..paths import path_key, same_file
from ..timestamps import now_utc
from .apply import _apply
from .backup import _backup, _restore
from .base import _read_base
from .merge import _differs, _has_changes, _merge
from .model import SYNC_TABLES, Limits, PackageReport, SyncError, SyncRun, _Package, _State
from .package import Office, _read_package
from .photos import _Photos
from .project import (
    _ensure_tables,
    _feature_srs_id,
    _grid_geometries,
    _require_project,
    _ro,
    _srs_definition,
    ensure_project_id,
)
from .quarantine import quarantine_folder
from .rows import read_master_rows
from .transaction import write_errors, write_transaction
from .visit_merge import VisitState, apply_visits, merge_visits
from .visits import BASE_TABLE as _VISIT_BASE
from .visits import read_master_visits, read_visits_of

LOG = logging.getLogger(__name__)

_DONE_SQL = (
    "SELECT package_id, file_sha256, run_id FROM sync_log WHERE status IN "
    "('synced', 'unchanged') AND file_sha256 IS NOT NULL"
)


def expand_paths(paths: Iterable[str], project: str = "") -> List[str]:
    """Package files from files and folders (every regular ``*.gpkg`` file directly in a
    folder, in any letter case as on Windows, except hidden ones and the project itself; named
    pipes, devices and sub-folders are skipped). A file given twice (in another letter case
    on Windows, or through a symbolic link) is listed once."""
    out: List[str] = []
    seen = set()
    for path in paths:
        path = os.path.abspath(str(path))
        if os.path.isdir(path):
            try:
                names = sorted(os.listdir(path))
            except OSError:
                names = []
            candidates = [
                os.path.join(path, n)
                for n in names
                if n.lower().endswith(".gpkg") and not n.startswith(".")
            ]
            found = [f for f in candidates if not same_file(f, project) and os.path.isfile(f)]
        else:
            found = [path]
        for item in found:
            key = path_key(item)
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def _ledger(con: sqlite3.Connection) -> Dict[Tuple[str, str], str]:
    """``{(package id, file sha256): run id}`` of the packages already synced."""
    return {(pid, sha): rid for pid, sha, rid in con.execute(_DONE_SQL)}


def _project_context(project: str):
    """What reading a package needs of the project: the registered packages, the ledger, the
    feedback layer's CRS and the grid index."""
    with contextlib.closing(_ro(project)) as con:
        packages = {}
        for pid, staff, grid_ids, area in con.execute(
            "SELECT package_id, staff_id, grid_ids, area_wkb FROM sync_packages"
        ):
            packages[pid] = {
                "staff_id": staff,
                "grid_ids": json.loads(grid_ids or "[]"),
                "area": shapely.buffer(shapely.from_wkb(area), 1.0) if area else shapely.Point(),
            }
        done = _ledger(con)
        master_srs = _srs_definition(con, _feature_srs_id(con, "feedback"))
    grid_ids, grid_geoms = _grid_geometries(project)
    keep = [i for i, g in enumerate(grid_geoms) if g is not None]
    tree = shapely.STRtree(np.array([grid_geoms[i] for i in keep], dtype=object)) if keep else None
    return packages, done, master_srs, ([grid_ids[i] for i in keep], tree)


def _read_all(project, files, limits, project_id, progress, is_canceled, run) -> List[_Package]:
    """Every package read from its quarantined copy (outside the lock: the slow part); a
    refused package gets its report and never stops the others."""
    packages, done, master_srs, grid_index = _project_context(project)
    progress(5.0)
    read: List[_Package] = []
    with quarantine_folder() as quarantine:
        for n, path in enumerate(files):
            if is_canceled():
                raise CancelledError(translate("core", "Cancelled: the project is unchanged."))
            folder = tempfile.mkdtemp(dir=quarantine)
            report = PackageReport(path=path)
            try:
                office = Office(limits, project_id, packages, master_srs, grid_index, done)
                pkg = _read_package(report, folder, office, is_canceled)
                read_visits_of(pkg, os.path.join(folder, "package.gpkg"), office, is_canceled)
            except CancelledError:
                raise
            except (InputError, sqlite3.Error, OSError, ValueError) as err:
                _refused(report, err)
            except Exception as err:  # a hostile package must never stop the others
                LOG.exception("%s: unexpected error while reading", path)
                _refused(report, err)
            else:
                read.append(pkg)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            run.reports.append(report)
            progress(5.0 + 40.0 * (n + 1) / len(files))
    return read


def _refused(report: PackageReport, err: Exception) -> None:
    report.status = "rejected"
    report.message = translate("core", "package refused: {}").format(err)
    LOG.warning("%s: %s", report.path, report.message)


def _merge_all(project, read, run, limits, now) -> Tuple[Optional[_State], VisitState]:
    """Merge the packages into the project's rows as they are now (called with the write
    lock held); ``None`` when no package needs a merge of its feedback. The visits are
    merged into the second item (:mod:`.visit_merge`)."""
    with contextlib.closing(_ro(project)) as con:
        done = _ledger(con)  # another run may have synced a package meanwhile
        bases = {
            pkg.report.package_id: _read_base(con, pkg.report.package_id)
            for pkg in read
            if pkg.report.status != "unchanged"
        }
        visit_bases = {
            pkg.report.package_id: _read_base(con, pkg.report.package_id, _VISIT_BASE)
            for pkg in read
            if pkg.report.status != "unchanged" and pkg.visits is not None
        }
    # the project's rows the packages can touch: theirs and their bases'
    keys: Set[str] = set()
    visit_keys: Set[str] = set()
    for pkg in read:
        if pkg.report.package_id in bases:
            keys.update(pkg.seen, bases[pkg.report.package_id][0])
        if pkg.report.package_id in visit_bases and pkg.visits is not None:
            visit_keys.update(
                getattr(pkg.visits, "seen", ()), visit_bases[pkg.report.package_id][0]
            )
    state: Optional[_State] = None
    visits = VisitState(rows={}, original={})
    visits_read = False
    for pkg in read:
        report = pkg.report
        if report.status == "unchanged":
            continue
        if (report.package_id, report.sha256) in done:
            report.status = "unchanged"
            report.message = translate("core", "already synced (run {})").format(
                done[(report.package_id, report.sha256)]
            )
            continue
        base, base_meta = bases[report.package_id]
        if _differs(pkg, base):
            if state is None:
                original = read_master_rows(project, keys)
                state = _State(rows=dict(original), original=original)
            photos = _Photos(project, report.path, limits)
            _merge(pkg, base, state, run.run_id, now, photos, base_meta)
        else:  # every row as last exchanged: nothing to merge
            report.unchanged = len(pkg.rows)
        if pkg.visits is not None:
            if not visits_read:
                visits.original = read_master_visits(project, visit_keys)
                visits.rows = dict(visits.original)
                visits_read = True
            merge_visits(pkg, visit_bases[report.package_id], visits, run.run_id, now)
        changed = report.inserted + report.updated + report.deleted
        report.status = "synced" if changed or report.conflicts else "unchanged"
        summary = translate(
            "core", "{} inserted, {} updated, {} deleted, {} conflicts, {} rejected"
        )
        report.message = report.message or summary.format(
            report.inserted, report.updated, report.deleted, report.conflicts, len(report.rejected)
        )
    return state, visits


def _logs(run: SyncRun, started: str) -> List[dict]:
    return [
        {
            "run_id": run.run_id,
            "package_id": report.package_id or None,
            "file_sha256": report.sha256 or None,
            "status": report.status,
            "inserted": report.inserted,
            "updated": report.updated,
            "conflicts": report.conflicts,
            "rejected": len(report.rejected),
            "started_at": started,
            "finished_at": now_utc(),
            "message": (
                report.message + ("; " + "; ".join(report.warnings) if report.warnings else "")
            )[:2000],
        }
        for report in run.reports
    ]


@ogr_exceptions()
def sync_packages(
    project: str,
    paths: Iterable[str],
    limits: Optional[Limits] = None,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
    on_transaction: Optional[Callable[[str], None]] = None,
) -> SyncRun:
    """Merge field packages into the project (see the package doc and docs/design/sync.md).

    The packages are read first; then the project's write lock is taken and, inside the
    transaction, its rows, base snapshots and ledger are read, merged and written: a sync
    running at the same time is seen, never overwritten (its edit stays, ours is a conflict).

    ``on_transaction(stage)`` is called inside the write transaction, with the stage
    ``"written"`` when every row is written and the commit not yet made (crash tests kill the
    process there).
    """
    limits = limits or Limits()
    progress = progress or (lambda _p: None)
    is_canceled = is_canceled or (lambda: False)
    project = os.path.abspath(project)
    _require_project(project)
    files = expand_paths(paths, project)
    if not files:
        raise SyncError(translate("core", "No field packages (.gpkg files) were given."))
    for path in files:
        if same_file(path, project):
            raise SyncError(
                translate(
                    "core",
                    "The project itself was given as a package: choose the field "
                    "packages, not {path}.",
                ).format(path=path)
            )
    with write_errors(project):
        _ensure_tables(project, SYNC_TABLES)
        project_id = ensure_project_id(project)
    run = SyncRun(run_id=str(_uuid.uuid4()))
    started = now_utc()
    read = _read_all(project, files, limits, project_id, progress, is_canceled, run)
    if is_canceled():
        raise CancelledError(translate("core", "Cancelled: the project is unchanged."))
    progress(50.0)
    now = now_utc()
    with write_errors(project), write_transaction(project) as ds:
        state, visits = _merge_all(project, read, run, limits, now)
        if is_canceled():
            raise CancelledError(translate("core", "Cancelled: the project is unchanged."))
        feedback_changed = state is not None and _has_changes(state)
        if state is None or not feedback_changed:  # only the ledger is written
            state = _State(rows={}, original={})
        if feedback_changed or visits.has_changes():
            run.backup = _backup(project, run.run_id)
        state.logs = _logs(run, started)
        progress(60.0)
        _apply(ds, state, now, is_canceled)
        apply_visits(ds, visits, now)
        if on_transaction is not None:
            on_transaction("written")
    progress(95.0)
    with contextlib.closing(sqlite3.connect(project)) as con:
        check = con.execute("PRAGMA quick_check").fetchall()
    if check != [("ok",)]:
        _restore(run.backup, project)
        raise SyncError(
            translate(
                "core",
                "The project failed its integrity check after the sync and was "
                "restored from the backup {backup}.",
            ).format(backup=run.backup)
        )
    progress(100.0)
    for report in run.reports:
        LOG.info("%s: %s %s", os.path.basename(report.path), report.status, report.message)
    return run
