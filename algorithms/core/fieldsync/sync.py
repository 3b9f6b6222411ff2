"""A sync run: packages read from quarantine, merged, then written in one OGR transaction
after a backup, with ``PRAGMA quick_check`` after (see docs/design/sync.md)."""

import contextlib
import glob
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import uuid as _uuid
from typing import Callable, Iterable, List, Optional

import numpy as np
from osgeo import gdal

from .. import gpkg, schema
from ..deps import shapely
from ..errors import CancelledError, InputError
from ..i18n import translate
from ..ogr_errors import ogr_exceptions
from ..timestamps import now_utc
from .apply import _apply
from .backup import _backup, _restore
from .base import _read_base
from .merge import _differs, _has_changes, _merge
from .model import SYNC_TABLES, Limits, PackageReport, SyncError, SyncRun, _State
from .package import _read_package
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
from .rows import read_master_rows

LOG = logging.getLogger(__name__)


def expand_paths(paths: Iterable[str], project: str = "") -> List[str]:
    """Package files from files and folders (every ``*.gpkg`` directly in a folder, except
    the project itself)."""
    out: List[str] = []
    for path in paths:
        path = os.path.abspath(str(path))
        if os.path.isdir(path):
            found = [
                f
                for f in sorted(glob.glob(os.path.join(glob.escape(path), "*.gpkg")))
                if os.path.abspath(f) != project
            ]
        else:
            found = [path]
        for item in found:
            if item not in out:
                out.append(item)
    return out


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
        if os.path.abspath(path) == project:
            raise SyncError(
                translate(
                    "core",
                    "The project itself was given as a package: choose the field "
                    "packages, not {path}.",
                ).format(path=path)
            )
    _ensure_tables(project, SYNC_TABLES)
    project_id = ensure_project_id(project)
    run = SyncRun(run_id=str(_uuid.uuid4()))
    started = now_utc()
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
        done = {
            (pid, sha): rid
            for pid, sha, rid in con.execute(
                "SELECT package_id, file_sha256, run_id FROM sync_log WHERE status IN "
                "('synced', 'unchanged') AND file_sha256 IS NOT NULL"
            )
        }
        master_srs = _srs_definition(con, _feature_srs_id(con, "feedback"))
    grid_ids, grid_geoms = _grid_geometries(project)
    keep = [i for i, g in enumerate(grid_geoms) if g is not None]
    tree = shapely.STRtree(np.array([grid_geoms[i] for i in keep], dtype=object)) if keep else None
    grid_index = ([grid_ids[i] for i in keep], tree)
    progress(5.0)
    state: Optional[_State] = None  # the project's rows, read when a package needs a merge
    now = now_utc()
    quarantine = tempfile.mkdtemp(prefix="service-grid-sync-")
    try:
        for n, path in enumerate(files):
            if is_canceled():
                raise CancelledError(translate("core", "Cancelled: the project is unchanged."))
            folder = tempfile.mkdtemp(dir=quarantine)
            try:
                pkg = _read_package(
                    path,
                    project,
                    folder,
                    limits,
                    project_id,
                    packages,
                    master_srs,
                    grid_index,
                    done,
                )
            except (InputError, sqlite3.DatabaseError, OSError, ValueError) as err:
                report = PackageReport(
                    path=path,
                    status="rejected",
                    message=translate("core", "package refused: {}").format(err),
                )
                _identify(path, report)
                run.reports.append(report)
                LOG.warning("%s: %s", path, report.message)
            else:
                report = pkg.report
                run.reports.append(report)
                if report.status != "unchanged":
                    with contextlib.closing(_ro(project)) as con:
                        base, base_meta = _read_base(con, report.package_id)
                    if _differs(pkg, base):
                        if state is None:
                            original = read_master_rows(project)
                            state = _State(rows=dict(original), original=original)
                        _merge(
                            pkg,
                            base,
                            state,
                            run.run_id,
                            now,
                            _Photos(project, path, limits),
                            base_meta,
                        )
                    else:  # every row as last exchanged: nothing to merge
                        report.unchanged = len(pkg.rows)
                    changed = report.inserted + report.updated + report.deleted
                    report.status = "synced" if changed or report.conflicts else "unchanged"
                    summary = translate(
                        "core", "{} inserted, {} updated, {} deleted, {} conflicts, {} rejected"
                    )
                    report.message = report.message or summary.format(
                        report.inserted,
                        report.updated,
                        report.deleted,
                        report.conflicts,
                        len(report.rejected),
                    )
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            progress(5.0 + 45.0 * (n + 1) / len(files))
        logs = []
        for report in run.reports:
            logs.append(
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
                        report.message
                        + ("; " + "; ".join(report.warnings) if report.warnings else "")
                    )[:2000],
                }
            )
        if is_canceled():
            raise CancelledError(translate("core", "Cancelled: the project is unchanged."))
        if state is None or not _has_changes(state):  # only the ledger is written
            state = _State(rows={}, original={})
        else:
            run.backup = _backup(project, run.run_id)
        state.logs = logs
        progress(60.0)
        ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
        try:
            ds.StartTransaction()
            try:
                _apply(ds, state, now, is_canceled)
                if on_transaction is not None:
                    on_transaction("written")
                ds.CommitTransaction()
            except BaseException:
                ds.RollbackTransaction()
                raise
        finally:
            ds = None  # noqa: F841
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
    finally:
        shutil.rmtree(quarantine, ignore_errors=True)
    progress(100.0)
    for report in run.reports:
        LOG.info("%s: %s %s", os.path.basename(report.path), report.status, report.message)
    return run


def _identify(path: str, report: PackageReport) -> None:
    """Best effort: the package id of a refused package, for the report."""
    with contextlib.suppress(Exception):
        report.package_id = gpkg.read_meta(path, schema.MANIFEST_TABLE).get("package_id", "")
