"""What every algorithm checks before it computes or writes anything, and what it does when a
write fails.

Before a run (:func:`validate`): every number parameter is a finite number (QGIS lets NaN
through), no file output is an existing folder (QGIS would write ``<folder>.gpkg`` beside
it), and the ``PROJECT`` is a Service Grid project this plugin can write (with grids where
the algorithm needs them). After a failed run (:func:`remove_new_outputs`): output files
the run created are removed. A write that fails for the disk's sake (full, read-only, no
right to write, I/O error) becomes one translated message that names the file and says what
to do (:func:`write_error_message`); other errors are left as they are (programming errors
stay visible with their traceback).
"""

import errno
import math
import os
import re
import sqlite3
from typing import Dict, Iterable, List, Optional, Set

from qgis.core import (
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProviderRegistry,
)
from qgis.PyQt.QtCore import QCoreApplication

from .core import gpkg
from .core.errors import InputError

#: What each algorithm needs of its PROJECT beyond being a project: ``"grids"`` = grids
#: built (:func:`gpkg.require_grids`). Others need a project (:func:`gpkg.require_project`).
PROJECT_NEEDS: Dict[str, str] = {
    "classifygrids": "grids",
    "siteoutlets": "grids",
    "allocatestaff": "grids",
    "createfieldpackage": "grids",
    "moveunits": "grids",
    "mergegrids": "grids",
    "splitgrid": "grids",
    "lockgrids": "grids",
    "savegridversion": "grids",
    "restoregridversion": "grids",
    "comparegridversions": "grids",
}

#: Files that belong to an output file: SQLite journals and the parts of a shapefile.
_SIDECARS = ("-wal", "-shm", "-journal")
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qpj", ".qix")

_DISK_FULL = ("disk is full", "no space left", "database or disk is full")
_READ_ONLY = (
    "readonly database",
    "read-only file system",
    "permission denied",
    "access is denied",
    "operation not permitted",
)
_IO = ("disk i/o error", "cannot rollback", "unable to open database file", "input/output error")


# ---------------------------------------------------------------------- before the run


def number_problem(alg, parameters, context) -> Optional[str]:
    """The message for the first number parameter that is not a finite number (NaN, ±inf);
    ``None`` when all are numbers."""
    for definition in alg.parameterDefinitions():
        if not isinstance(definition, QgsProcessingParameterNumber):
            continue
        value = parameters.get(definition.name())
        if value is None or value == "":
            continue
        number = alg.parameterAsDouble(parameters, definition.name(), context)
        if not math.isfinite(number):
            return QCoreApplication.translate(
                "ServiceGridAlgorithm",
                "{label} ({key}) is {value}, not a number. Enter a number (for example "
                "{default}), then run again.",
            ).format(
                label=definition.description(),
                key=definition.name(),
                value=str(value)[:40],
                default=definition.defaultValue() if definition.defaultValue() is not None else 0,
            )
    return None


def output_files(alg, parameters, context) -> Dict[str, str]:
    """``{parameter: path}`` of the outputs that are written to a file (not temporary
    layers, not tables of a database given by a URI other than a GeoPackage's)."""
    found = {}
    for definition in alg.destinationParameterDefinitions():
        key = definition.name()
        if not parameters.get(key):
            continue
        path = ""
        if isinstance(definition, QgsProcessingParameterFileDestination):
            path = alg.parameterAsFileOutput(parameters, key, context) or ""
        elif isinstance(definition, QgsProcessingParameterFeatureSink):
            # (parameterAsOutputLayer also registers a temporary output to load on completion
            # as "memory:<name>", a layer that never exists: the Processing dialog then says
            # "The following layers were not correctly generated" and stops short)
            to_load = context.layersToLoadOnCompletion()
            path = alg.parameterAsOutputLayer(parameters, key, context) or ""
            context.setLayersToLoadOnCompletion(to_load)
            if path.startswith("ogr:"):
                path = QgsProviderRegistry.instance().decodeUri("ogr", path[4:]).get("path") or ""
            elif ":" in path.split("/")[0].split("\\")[0] and not _drive(path):
                path = ""  # memory:, postgres:… – not a file
        if path and path != "TEMPORARY_OUTPUT":
            found[key] = path
    return found


def _drive(path: str) -> bool:
    """True for a Windows path that starts with a drive letter (``C:\\…``, ``C:/…``)."""
    return len(path) > 2 and path[0].isalpha() and path[1] == ":" and path[2] in "\\/"


def folder_problem(alg, parameters, context) -> Optional[str]:
    """The message when a file output is an existing folder; ``None`` otherwise."""
    for key, path in output_files(alg, parameters, context).items():
        if os.path.isdir(path):
            definition = alg.parameterDefinition(key)
            return QCoreApplication.translate(
                "ServiceGridAlgorithm",
                "{label} ({key}): {path} is an existing folder, not a file. Choose a file name "
                "inside it (for example {example}), then run again.",
            ).format(
                label=definition.description(),
                key=key,
                path=path,
                example=os.path.join(path, "result" + _extension(definition)),
            )
    return None


def _extension(definition) -> str:
    if isinstance(definition, QgsProcessingParameterFileDestination):
        return "." + (definition.defaultFileExtension() or "gpkg")
    return ".gpkg"


def check_project(alg, parameters, context) -> str:
    """Check the ``PROJECT`` parameter (when the algorithm has one and it is set): a project
    this plugin can write, with grids where :data:`PROJECT_NEEDS` says so. Returns its path
    (``""`` when not set); raises :class:`InputError` with what to do."""
    if alg.parameterDefinition("PROJECT") is None or not parameters.get("PROJECT"):
        return ""
    project = alg.parameterAsFile(parameters, "PROJECT", context) or ""
    if not project:
        return ""
    if PROJECT_NEEDS.get(alg.name()) == "grids":
        gpkg.require_grids(project)
    else:
        gpkg.require_project(project)
    return project


def validate(alg, parameters, context) -> None:
    """Everything checked before a run computes or writes (see the module documentation);
    raises :class:`InputError` with what to do."""
    for problem in (number_problem, folder_problem):
        message = problem(alg, parameters, context)
        if message:
            raise InputError(message)
    check_project(alg, parameters, context)


# ---------------------------------------------------------------------- after a failed run


def _family(path: str) -> List[str]:
    stem = os.path.splitext(path)[0]
    parts = [stem + ext for ext in _SHAPEFILE_PARTS] if path.lower().endswith(".shp") else []
    return [path] + [path + s for s in _SIDECARS] + parts


def existing_files(paths: Iterable[str]) -> Set[str]:
    """The files of the outputs ``paths`` (with their journals, shapefile parts) that exist."""
    return {f for path in paths for f in _family(path) if os.path.lexists(f)}


def remove_new_outputs(paths: Iterable[str], before: Set[str]) -> List[str]:
    """Remove the files of the outputs ``paths`` that did not exist ``before`` the run
    (:func:`existing_files`); returns those removed."""
    removed = []
    for name in sorted(existing_files(paths) - before):
        try:
            os.remove(name)
        except OSError:
            continue
        removed.append(name)
    return removed


def _named_files(err: BaseException, paths: Iterable[str]) -> List[str]:
    """The files to name for ``err``: those of ``paths`` in whose folder the error's file is
    (a temporary file beside an output names the output), else the error's file, else all
    ``paths``."""
    candidates = [p for p in dict.fromkeys(paths) if p]
    named = getattr(err, "filename", None)
    if not named:
        return candidates
    named = os.path.abspath(str(named))
    near = [p for p in candidates if named.startswith(os.path.dirname(os.path.abspath(p)) + os.sep)]
    return near or [named]


def _short(err: BaseException) -> str:
    """The reason of a write error without the SQL statement OGR quotes in it."""
    text = re.sub(r"In ExecuteSQL\(\):\s*", "", str(err))
    text = re.sub(r"sqlite3_\w+\((?:.|\n)*\):\s*", "", text)
    return text.strip()[:200]


def write_error_message(err: BaseException, paths: Iterable[str]) -> Optional[str]:
    """The translated message for a write that failed for the disk's sake (full, read-only
    or without the right to write, an I/O error), naming the file (the error's, else
    ``paths``: the run's project and outputs); ``None`` for any other error."""
    if not isinstance(err, (OSError, sqlite3.Error, RuntimeError)):
        return None
    text = str(err).lower()
    code = getattr(err, "errno", None)
    files = ", ".join(_named_files(err, paths)) or "?"
    if code == errno.ENOSPC or any(s in text for s in _DISK_FULL):
        return QCoreApplication.translate(
            "ServiceGridAlgorithm",
            "Could not write {files}: the disk is full. Free some space on that drive, or "
            "choose a folder on another drive, then run again.",
        ).format(files=files)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or any(s in text for s in _READ_ONLY):
        return QCoreApplication.translate(
            "ServiceGridAlgorithm",
            "Could not write {files}: the folder is read-only or you may not write there. "
            "Choose a folder you can write to (or ask for the right to write there), then run "
            "again.",
        ).format(files=files)
    if isinstance(err, (OSError, sqlite3.Error)) or any(s in text for s in _IO):
        return QCoreApplication.translate(
            "ServiceGridAlgorithm",
            "Could not write {files} ({error}). Check that the drive is connected, has free "
            "space, and that the file and its folder can be written to (SQLite writes a "
            "journal file beside it), then run again.",
        ).format(files=files, error=_short(err))
    return None
