"""Backups of the project taken before a sync writes and the restore from one.

The backup is the core's (:func:`gpkg.backup_project`): the SQLite backup API, into the
project's ``<name>_backups`` folder, one policy for every backup of the project (the newest
:func:`gpkg.backups_to_keep` kept, whichever tool took them). The restore writes the backup
back into the project file in place, under its write lock, through the same API."""

import contextlib
import sqlite3
from typing import Optional

from .. import gpkg


def _backup(project: str, run_id: str, keep: Optional[int] = None) -> str:
    return gpkg.backup_project(project, "sync", keep, token=run_id[:8])


def _restore(backup: str, project: str) -> None:
    with (
        contextlib.closing(sqlite3.connect(backup)) as src,
        contextlib.closing(sqlite3.connect(project, timeout=gpkg.BUSY_TIMEOUT_MS / 1000.0)) as dst,
    ):
        src.backup(dst)
