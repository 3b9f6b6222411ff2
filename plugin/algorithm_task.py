"""Running a Processing algorithm from a dock as a background :class:`QgsTask`.

:class:`AlgorithmRun` wraps :class:`QgsProcessingAlgRunnerTask`: the algorithm runs in a
worker thread (no GUI calls there); progress arrives through ``progress``; the results reach
the GUI thread through ``done`` (emitted from the task's ``executed`` signal, in the GUI
thread). The task object is never touched after it finished: QGIS deletes it.

Inputs are passed as data sources (file paths), never as layers of the QGIS project, and the
context has no project: the worker thread opens its own layers. (Resolving a source to a
project layer would build its feature source in the worker thread while the GUI thread draws
the same layer — a crash seen under load.)
"""

from typing import Dict, Optional, Set

from qgis.core import (
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsTask,
)
from qgis.PyQt.QtCore import QObject, pyqtSignal

#: Runs whose task has not finished: the task refers to their context and feedback, so they
#: must outlive whoever started them (a dock may be closed or the plugin unloaded meanwhile).
_RUNNING: Set["AlgorithmRun"] = set()


class _Feedback(QgsProcessingFeedback):
    """Keeps the errors the algorithm reports (from the worker thread) for the GUI."""

    def __init__(self):
        super().__init__()
        self.errors = []

    def reportError(self, error, fatalError=False):  # noqa: N802, N803 (QGIS API)
        self.errors.append(error)
        super().reportError(error, fatalError)


def algorithm(alg_id: str):
    """The registered algorithm ``alg_id``, or ``None``."""
    return QgsApplication.processingRegistry().algorithmById(alg_id)


def parameter_names(alg_id: str) -> Dict[str, object]:
    """The algorithm's parameters by name (empty when it is not registered)."""
    alg = algorithm(alg_id)
    return {} if alg is None else {p.name(): p for p in alg.parameterDefinitions()}


class AlgorithmRun(QObject):
    """One run of a Processing algorithm in the background."""

    #: Progress in percent (GUI thread).
    progress = pyqtSignal(float)
    #: ``(ok, results, errors)`` when the task has finished, failed or was cancelled
    #: (``errors``: what the algorithm reported, empty when cancelled).
    done = pyqtSignal(bool, dict, str)

    def __init__(self, alg_id: str, parameters: dict, description: str):
        super().__init__()  # no Qt parent: kept alive by _RUNNING until the task finished
        alg = algorithm(alg_id)
        if alg is None:
            raise LookupError(alg_id)
        self.alg_id = alg_id
        self.description = description
        self.parameters = dict(parameters)
        self.context = QgsProcessingContext()  # no project: see the module's docstring
        self.feedback = _Feedback()
        self.task: Optional[QgsTask] = QgsProcessingAlgRunnerTask(
            alg, self.parameters, self.context, self.feedback
        )
        self.task.setDescription(description)
        self.task.progressChanged.connect(self.progress)
        self.task.executed.connect(self._executed)
        self.finished = False
        self.cancelled = False

    def start(self) -> QgsTask:
        """Hand the task to QGIS's task manager; return it (to wait on its signals)."""
        task = self.task
        _RUNNING.add(self)
        QgsApplication.taskManager().addTask(task)
        return task

    def cancel(self) -> None:
        if self.task is not None and not self.finished:
            self.feedback.cancel()
            self.task.cancel()

    def _executed(self, ok: bool, results: dict) -> None:
        self.finished = True
        self.task = None  # QGIS deletes the task object after this signal
        _RUNNING.discard(self)
        self.cancelled = self.feedback.isCanceled()
        ok = bool(ok) and not self.cancelled
        self.done.emit(ok, dict(results or {}), "\n".join(self.feedback.errors))
