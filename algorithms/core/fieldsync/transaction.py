"""The sync's write transaction on the project: the project's one write path
(:func:`..project_write.write_transaction`: in place, the write lock taken first, so that
everything read inside it is what the commit writes over), waiting up to
:data:`.model.LOCK_TIMEOUT` for another writer; and write failures (disk full, read-only,
locked) turned into translated messages with the project unchanged."""

import contextlib
import errno
import logging
import sqlite3
from typing import Iterator, Optional

from .. import project_write
from ..errors import ServiceGridError
from ..i18n import translate
from ..project_write import ProjectLockedError
from .model import LOCK_TIMEOUT, SyncError

LOG = logging.getLogger(__name__)


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
    if "locked" in text or "busy" in text:
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


def write_transaction(path: str, timeout: float = LOCK_TIMEOUT):
    """The project open for writing (an OGR dataset) with its write lock held; committed when
    the block ends normally, rolled back otherwise."""
    return project_write.write_transaction(path, timeout_ms=int(timeout * 1000))


@contextlib.contextmanager
def write_errors(path: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Turn I/O, SQLite and GDAL failures inside the block into a :class:`SyncError`."""
    try:
        yield
    except ProjectLockedError as err:  # the sync's own message: how long it waited
        raise write_failure(err, path, timeout) from err
    except ServiceGridError:
        raise
    except (OSError, sqlite3.Error, RuntimeError) as err:
        LOG.warning("Writing %s failed: %s", path, err)
        raise write_failure(err, path, timeout) from err
