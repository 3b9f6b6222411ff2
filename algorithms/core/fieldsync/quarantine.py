"""The quarantine of untrusted packages: a private temporary folder per run (named after the
owning process, removed on every exit path, stale ones of killed runs removed at the next
start) and a bounded copy of a package into it (regular files only)."""

import contextlib
import hashlib
import logging
import os
import shutil
import stat
import tempfile
import time
from typing import Iterator, Optional, Tuple

from ..errors import InputError
from ..i18n import translate
from .model import Limits

LOG = logging.getLogger(__name__)

#: Prefix of a run's quarantine folder in the temporary folder: ``<PREFIX><pid>-<random>``.
PREFIX = "service-grid-sync-"
#: A quarantine folder untouched this long is stale even if its process id is in use again.
STALE_SECONDS = 3600.0


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return translate("core", "a folder")
    if stat.S_ISFIFO(mode):
        return translate("core", "a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return translate("core", "a device file")
    if stat.S_ISSOCK(mode):
        return translate("core", "a socket")
    return translate("core", "a special file")


def regular_file_problem(path: str) -> Optional[str]:
    """Why ``path`` cannot be read as a package (``None`` for a regular file or a symbolic
    link to one): named pipes, devices, sockets and folders are never opened."""
    try:
        mode = os.stat(path).st_mode  # follows a symbolic link: its target counts
    except OSError as err:
        return translate("core", "the file cannot be read ({})").format(err.strerror or err)
    if stat.S_ISREG(mode):
        return None
    return translate("core", "{} is not a regular file but {}").format(
        os.path.basename(path), _kind(mode)
    )


def _copy_bounded(source: str, target: str, limit: int, digest) -> int:
    """Copy a regular file, at most ``limit`` bytes (a file that grows past it is refused);
    the bytes go into ``digest`` too. Returns the size copied."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOCTTY", 0)
    fd = os.open(source, flags)  # non-blocking: a pipe swapped in after the check never waits
    with os.fdopen(fd, "rb") as handle, open(target, "wb") as out:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(
                translate("core", "{} is not a regular file but {}").format(
                    os.path.basename(source), _kind(mode)
                )
            )
        size = 0
        for block in iter(lambda: handle.read(1 << 20), b""):
            size += len(block)
            if size > limit:
                raise InputError(
                    translate("core", "the package grew above the limit of {:.0f} MB").format(
                        limit / 1e6
                    )
                )
            digest.update(block)
            out.write(block)
    return size


def copy_package(path: str, folder: str, limits: Limits) -> Tuple[str, str]:
    """Copy the package (with its ``-wal``) into ``folder``; return (copy, sha256)."""
    wal = path + "-wal"
    parts = [path] + ([wal] if os.path.lexists(wal) else [])
    size = 0
    for part in parts:
        problem = regular_file_problem(part)
        if problem:
            raise InputError(problem)
        size += os.path.getsize(part)
    if size > limits.max_file_bytes:
        raise InputError(
            translate("core", "the package is {:.0f} MB, above the limit of {:.0f} MB").format(
                size / 1e6, limits.max_file_bytes / 1e6
            )
        )
    copy = os.path.join(folder, "package.gpkg")
    digest = hashlib.sha256()
    left = limits.max_file_bytes
    # rows not yet checkpointed live in the -wal; the -shm is only an index of it that SQLite
    # rebuilds: a foreign one is not copied
    for part, target in zip(parts, (copy, copy + "-wal")):
        left -= _copy_bounded(part, target, left, digest)
    return copy, digest.hexdigest()


def _alive(pid: int) -> bool:
    """True unless process ``pid`` is known to be gone (on Windows: unknown, so True)."""
    if os.name == "nt":  # os.kill(pid, 0) would terminate it there: the age rule decides
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    with contextlib.suppress(OSError, IndexError):
        with open("/proc/{}/stat".format(pid), "rb") as handle:  # a zombie is gone
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    return True


def sweep_stale(
    root: Optional[str] = None, max_age: float = STALE_SECONDS, prefix: str = PREFIX
) -> int:
    """Remove the quarantine folders of runs that were killed: their process is gone, or they
    have not changed for ``max_age`` seconds. Returns how many were removed.

    Other temporary files and folders named ``<prefix><pid>-…`` in ``root`` (the temporary
    folder by default) are swept the same way (the temporary output folders of
    :func:`..gpkg.atomic_output`, the workbook's temporary file)."""
    root = root or tempfile.gettempdir()
    removed = 0
    try:
        names = [n for n in os.listdir(root) if n.startswith(prefix)]
    except OSError:
        return 0
    now = time.time()
    for name in names:
        path = os.path.join(root, name)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        is_dir = stat.S_ISDIR(info.st_mode)
        if not (is_dir or stat.S_ISREG(info.st_mode)):
            continue
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            continue
        owner = name[len(prefix) :].split("-", 1)[0]
        pid = int(owner) if owner.isdigit() else None
        if pid == os.getpid():
            continue
        gone = pid is not None and not _alive(pid)
        if gone or now - info.st_mtime > max_age:
            if is_dir:
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.remove(path)
            removed += not os.path.lexists(path)
    if removed:
        LOG.info(
            translate(
                "core", "Removed {n} temporary file(s) or folder(s) left by interrupted runs."
            ).format(n=removed)
        )
    return removed


@contextlib.contextmanager
def quarantine_folder() -> Iterator[str]:
    """A private folder for the run's package copies, removed when the block ends (whatever
    the reason); stale folders of killed runs are removed first."""
    sweep_stale()
    folder = tempfile.mkdtemp(prefix="{}{}-".format(PREFIX, os.getpid()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
