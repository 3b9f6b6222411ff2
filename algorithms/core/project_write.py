"""The one way to write into a project GeoPackage: a SQLite transaction on the file in place.

:func:`write_transaction` opens the file with OGR for update (so the GeoPackage's own triggers
and functions work), sets a busy timeout, takes the write lock at once (OGR's
``StartTransaction`` is a deferred ``BEGIN``: a first write that changes nothing takes the
RESERVED lock, as ``BEGIN IMMEDIATE`` would) and commits, or rolls back on any error. The file
is never copied and replaced: a concurrent writer's commit is kept, QGIS may keep the file
open, and open layers read the new state after a reload.

When another program holds the lock past the timeout, :class:`ProjectLockedError` says which
file, the likely holder and what to do. Before destructive changes a backup is taken with the
SQLite backup API into ``<project>_backups/`` (the folder the field sync uses; one policy: the
newest :func:`backups_to_keep` are kept). A hot ``-journal`` left by a killed writer is rolled
back by :func:`recover_journal` before any read.
"""

import contextlib
import datetime as _dt
import glob
import logging
import os
import random
import sqlite3
import time
import uuid
from typing import Iterator, List, Optional

from osgeo import gdal

from .errors import InputError
from .i18n import translate
from .ogr_errors import ogr_exceptions

LOG = logging.getLogger(__name__)

#: How long a write or a read waits for another program's lock (milliseconds).
BUSY_TIMEOUT_MS = 10000
#: Default number of backups kept per project (the plugin's setting overrides it).
KEEP_BACKUPS = 10
_keep = [KEEP_BACKUPS]


class ProjectLockedError(InputError):
    """Another program holds the lock of the project file past the busy timeout."""


def set_backups_to_keep(count: int) -> None:
    """Set how many backups of a project are kept (at least one)."""
    _keep[0] = max(1, int(count))


def backups_to_keep() -> int:
    """How many backups of a project are kept."""
    return _keep[0]


def is_busy(err: BaseException) -> bool:
    """True when an SQLite or OGR error says the database is locked or busy."""
    text = str(err).lower()
    return "database is locked" in text or "database is busy" in text or "sqlite_busy" in text


def locked_error(path: str) -> ProjectLockedError:
    """The translated message for a project locked by another program."""
    return ProjectLockedError(
        translate(
            "core",
            "The project {path} is locked by another program. It is most likely a layer of "
            "this file being edited in QGIS with edits not yet saved or being saved (save or "
            "discard them: Layer ▸ Toggle Editing), or another sync or Service Grid tool "
            "writing to it. Try again when it has finished.",
        ).format(path=path)
    )


def recover_journal(path: str, timeout_ms: Optional[int] = None) -> None:
    """Roll back a hot ``-journal`` left beside ``path`` by a killed writer.

    A read-only connection cannot do it (every read then fails), so the file is opened
    read-write once and read: SQLite rolls a hot journal back on the first read. A journal of
    a live writer is not hot and is left alone. Errors are left to the read that follows.
    """
    journal = path + "-journal"
    try:
        if not os.path.isfile(journal) or os.path.getsize(journal) == 0:
            return
    except OSError:
        return
    with contextlib.suppress(sqlite3.Error):
        wait = (BUSY_TIMEOUT_MS if timeout_ms is None else timeout_ms) / 1000.0
        with contextlib.closing(sqlite3.connect(path, timeout=wait)) as con:
            con.execute("PRAGMA trusted_schema=OFF")
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            LOG.info(
                translate("core", "Rolled back the unfinished write left in {path}.").format(
                    path=path
                )
            )


def backup_folder(path: str) -> str:
    """``<folder>/<name>_backups``: where the backups of the project ``path`` are kept."""
    stem = os.path.splitext(os.path.basename(path))[0]
    return os.path.join(os.path.dirname(os.path.abspath(path)), stem + "_backups")


def project_backups(path: str) -> List[str]:
    """The backups of the project ``path``, oldest first."""
    stem = os.path.splitext(os.path.basename(path))[0]
    found = glob.glob(os.path.join(glob.escape(backup_folder(path)), glob.escape(stem) + ".*.gpkg"))
    return sorted(found, key=lambda p: (os.path.getmtime(p), p))


def backup_project(
    path: str, label: str, keep: Optional[int] = None, token: Optional[str] = None
) -> str:
    """Copy the project ``path`` with the SQLite backup API to
    ``<name>_backups/<name>.<label>-<time>-<token>.gpkg``; keep the newest ``keep`` backups of
    the project (any label; :func:`backups_to_keep` by default, never fewer than this one).
    Returns the backup's path."""
    folder = backup_folder(path)
    os.makedirs(folder, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = os.path.splitext(os.path.basename(path))[0]
    target = os.path.join(
        folder, "{}.{}-{}-{}.gpkg".format(stem, label, stamp, token or uuid.uuid4().hex[:8])
    )
    with (
        contextlib.closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000.0)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
    count = max(1, backups_to_keep() if keep is None else int(keep))
    old = [p for p in project_backups(path) if p != target]
    for stale in old[: max(0, len(old) - (count - 1))]:
        with contextlib.suppress(OSError):
            os.remove(stale)
    return target


@contextlib.contextmanager
def _busy_as_locked(path: str) -> Iterator[None]:
    try:
        yield
    except RuntimeError as err:
        if is_busy(err):
            raise locked_error(path) from err
        raise


def _set_busy_timeout(ds, milliseconds: int) -> None:
    result = ds.ExecuteSQL("PRAGMA busy_timeout = {}".format(max(int(milliseconds), 0)))
    if result is not None:  # the pragma answers with the new value
        ds.ReleaseResultSet(result)


def _take_lock(ds, timeout_ms: int) -> None:
    """Start the transaction and take the write lock, waiting up to ``timeout_ms``: a write
    that changes nothing takes the RESERVED lock at once. SQLite answers "locked" without
    waiting when waiting could deadlock: then try again shortly, until the time is up. The
    commit then waits up to ``timeout_ms`` for readers."""
    deadline = time.monotonic() + timeout_ms / 1000.0
    while True:
        _set_busy_timeout(ds, int((deadline - time.monotonic()) * 1000))
        ds.StartTransaction()
        try:
            ds.ExecuteSQL("UPDATE gpkg_contents SET table_name = table_name WHERE 0")
            _set_busy_timeout(ds, timeout_ms)
            return
        except RuntimeError as err:
            with contextlib.suppress(Exception):
                ds.RollbackTransaction()
            if not is_busy(err) or time.monotonic() >= deadline:
                raise
        time.sleep(random.uniform(0.02, 0.1))


@contextlib.contextmanager
def write_transaction(
    path: str,
    *,
    backup: Optional[str] = None,
    keep: Optional[int] = None,
    timeout_ms: Optional[int] = None,
) -> Iterator[gdal.Dataset]:
    """Yield an OGR dataset of the GeoPackage ``path`` opened for update, inside a transaction
    that holds the write lock from the start; commit when the block succeeds, roll back when
    it raises. GDAL/OGR exceptions are on inside the block.

    With ``backup`` (a label such as ``"grids"``), the project is backed up first, under the
    lock (see :func:`backup_project`; ``keep`` backups kept). A lock held by another program
    longer than ``timeout_ms`` (:data:`BUSY_TIMEOUT_MS` by default) raises
    :class:`ProjectLockedError`.
    """
    path = os.path.abspath(path)
    timeout_ms = BUSY_TIMEOUT_MS if timeout_ms is None else timeout_ms
    recover_journal(path, timeout_ms)
    with ogr_exceptions():
        with _busy_as_locked(path):
            ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
        try:
            with _busy_as_locked(path):
                _take_lock(ds, timeout_ms)
            try:
                if backup:
                    copy = backup_project(path, backup, keep)
                    LOG.info(
                        translate("core", "Backed up {path} to {copy}.").format(
                            path=path, copy=copy
                        )
                    )
                yield ds
                with _busy_as_locked(path):
                    ds.CommitTransaction()
            except BaseException:
                # after "disk full" SQLite may have rolled back already: a failing rollback
                # ("no transaction is active") must not hide the reason
                with contextlib.suppress(Exception):
                    ds.RollbackTransaction()
                raise
        finally:
            ds = None  # noqa: F841 (closing the dataset releases the file)
