"""What the grid-editing algorithms share: reading lists of ids, running an edit on the
project (plan → warnings in the log → apply) and the outputs every one of them reports."""

import re

from qgis.core import QgsProcessingOutputNumber, QgsProcessingOutputString
from qgis.PyQt.QtCore import QCoreApplication

from .core import division
from .core.errors import InputError


def id_list(text: str):
    """Ids typed as a list: separated by commas, semicolons, spaces or new lines."""
    return [part for part in re.split(r"[,;，；\s]+", text or "") if part]


def add_author(alg) -> None:
    """The optional AUTHOR parameter (recorded in the edit journal)."""
    from qgis.core import QgsProcessingParameterString

    label = QCoreApplication.translate(
        "ServiceGridAlgorithm", "Recorded as made by (default: the user name of this computer)"
    )
    alg.add(QgsProcessingParameterString("AUTHOR", label, "", optional=True), advanced=True)


def add_edit_outputs(alg) -> None:
    alg.addOutput(
        QgsProcessingOutputString(
            "GRID_ID", QCoreApplication.translate("ServiceGridAlgorithm", "Grid")
        )
    )
    alg.addOutput(
        QgsProcessingOutputNumber(
            "UNITS_MOVED", QCoreApplication.translate("ServiceGridAlgorithm", "Units moved")
        )
    )
    alg.addOutput(
        QgsProcessingOutputNumber(
            "EDIT_ID", QCoreApplication.translate("ServiceGridAlgorithm", "Edit (journal id)")
        )
    )


def run_edit(alg, parameters, context, feedback, plan):
    """Load the project's division, plan the edit (``plan(division)`` → Edit), log its
    warnings, apply it; returns ``(edit, journal id)``."""
    project = alg.parameterAsFile(parameters, "PROJECT", context)
    author = alg.parameterAsString(parameters, "AUTHOR", context) or None
    loaded = division.Division.load(project)
    edit = plan(loaded)
    for warning in division.preview(loaded, edit).warnings:
        feedback.pushWarning(warning)
    edit_id = division.apply_edit(project, edit, author=author)
    feedback.pushInfo(
        QCoreApplication.translate(
            "ServiceGridAlgorithm", "Done: {label} (undo in the Grid editor)."
        ).format(label=edit.label)
    )
    return edit, edit_id


def require_ids(alg, ids, key) -> None:
    if not ids:
        raise InputError(
            QCoreApplication.translate(
                "ServiceGridAlgorithm", "Give at least one id in {param}."
            ).format(param=alg.param(key))
        )
