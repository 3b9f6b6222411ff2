"""The sync's write transaction on the project, in place: opened through OGR with a busy
timeout, the write lock taken first (BEGIN IMMEDIATE semantics), so that everything read
inside it is what the commit writes over; and write failures (disk full, read-only, locked)
turned into translated messages with the project unchanged."""

import contextlib
import errno
import logging
import random
import sqlite3
import time
from typing import Iterator, Optional

from osgeo import gdal

from ..errors import ServiceGridError
from ..i18n import translate
from ..ogr_errors import ogr_exceptions
from .model import LOCK_TIMEOUT, SyncError

LOG = logging.getLogger(__name__)

#: A write that changes nothing: it makes SQLite take the RESERVED lock at once (OGR's
#: StartTransaction is a deferred BEGIN, which locks only at the first write).
_LOCK_SQL = "UPDATE sg_meta SET value = value WHERE 0"


class Writer:
    """The open OGR dataset of a write transaction (``ds`` is ``None`` once closed)."""

    def __init__(self, ds):
        self.ds = ds


def _busy(err: BaseException) -> bool:
    text = str(err).lower()
    return "locked" in text or "busy" in text


def _take_lock(ds, path: str, timeout: float) -> None:
    """Start the transaction and take the write lock, waiting up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        left = max(deadline - time.monotonic(), 0.0)
        result = ds.ExecuteSQL("PRAGMA busy_timeout = {}".format(int(left * 1000)))
        if result is not None:  # the pragma answers with the new value
            ds.ReleaseResultSet(result)
        ds.StartTransaction()
        try:
            ds.ExecuteSQL(_LOCK_SQL)
            return
        except RuntimeError as err:
            with contextlib.suppress(Exception):
                ds.RollbackTransaction()
            if not _busy(err) or time.monotonic() >= deadline:
                raise
        # SQLite does not wait for a lock when waiting could deadlock: try again shortly
        time.sleep(random.uniform(0.02, 0.1))


@contextlib.contextmanager
def write_transaction(path: str, timeout: float = LOCK_TIMEOUT) -> Iterator[Writer]:
    """The project open for writing with its write lock held; committed when the block ends
    normally, rolled back otherwise. Reads made inside the block (on any connection) see the
    last committed state, and nothing else can commit until the block ends."""
    with ogr_exceptions():
        writer = Writer(gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE))
        try:
            _take_lock(writer.ds, path, timeout)
            try:
                yield writer
                writer.ds.CommitTransaction()
            except BaseException:
                # after "disk full" SQLite may have rolled back already: a failing rollback
                # ("no transaction is active") must not hide the reason
                with contextlib.suppress(Exception):
                    writer.ds.RollbackTransaction()
                raise
        finally:
            writer.ds = None


def _reason(err: BaseException) -> Optional[str]:
    """What kind of write failure ``err`` is: "full", "readonly", "locked" or ``None``."""
    code = getattr(err, "errno", None)
    text = str(err).lower()
    if code in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1)) or any(
        word in text for word in ("disk is full", "disk full", "no space left", "too large")
    ):
        return "full"
    if (
        isinstance(err, PermissionError)
        or code in (errno.EACCES, errno.EPERM, errno.EROFS)
        or any(
            word in text
            for word in ("readonly", "read-only", "permission denied", "unable to open database")
        )
    ):
        return "readonly"
    if _busy(err):
        return "locked"
    return None


def write_failure(err: BaseException, path: str, timeout: float = LOCK_TIMEOUT) -> SyncError:
    """A translated message for a failed write of the project (which is unchanged)."""
    kind = _reason(err)
    if kind == "full":
        text = translate(
            "core",
            "The disk holding the project {path} is full: the sync was not written and the "
            "project is unchanged. Free some space and run the sync again.",
        )
    elif kind == "readonly":
        text = translate(
            "core",
            "The project {path} or its folder is read-only: the sync was not written and the "
            "project is unchanged. Copy the project to a folder you can write to (or get write "
            "access) and run the sync again.",
        )
    elif kind == "locked":
        text = translate(
            "core",
            "The project {path} stayed locked by another program for {seconds:.0f} s (another "
            "sync, a tool writing to the project, or unsaved edits in QGIS): the project is "
            "unchanged. Save or discard those edits, or wait for the other run, and sync again.",
        )
    else:
        text = translate(
            "core",
            "The project {path} could not be written ({detail}): the sync was rolled back and "
            "the project is unchanged.",
        )
    detail = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
    return SyncError(text.format(path=path, seconds=timeout, detail=detail))


@contextlib.contextmanager
def write_errors(path: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Turn I/O, SQLite and GDAL failures inside the block into a :class:`SyncError`."""
    try:
        yield
    except ServiceGridError:
        raise
    except (OSError, sqlite3.Error, RuntimeError) as err:
        LOG.warning("Writing %s failed: %s", path, err)
        raise write_failure(err, path, timeout) from err
