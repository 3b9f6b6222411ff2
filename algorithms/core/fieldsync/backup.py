"""Backups of the project taken before a sync writes (SQLite backup API, the newest
:data:`KEEP_BACKUPS` kept) and the restore from one."""

import contextlib
import datetime as _dt
import glob
import os
import sqlite3

from .model import KEEP_BACKUPS


def _backup(project: str, run_id: str) -> str:
    folder = os.path.join(
        os.path.dirname(os.path.abspath(project)),
        os.path.splitext(os.path.basename(project))[0] + "_backups",
    )
    os.makedirs(folder, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = os.path.splitext(os.path.basename(project))[0]
    target = os.path.join(folder, "{}.sync-{}-{}.gpkg".format(stem, stamp, run_id[:8]))
    with (
        contextlib.closing(sqlite3.connect(project)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
    old = sorted(glob.glob(os.path.join(folder, "{}.sync-*.gpkg".format(glob.escape(stem)))))
    for stale in old[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            os.remove(stale)
    return target


def _restore(backup: str, project: str) -> None:
    with (
        contextlib.closing(sqlite3.connect(backup)) as src,
        contextlib.closing(sqlite3.connect(project)) as dst,
    ):
        src.backup(dst)
