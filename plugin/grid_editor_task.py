"""The Grid editor's writes as background tasks: :class:`CoreTask` runs one call of the core
(apply an edit, undo, redo, decide, save or restore a version) and reads the project again in
a worker thread; the result reaches the GUI thread in ``finished()``. No GUI call in
``run()``; the task is not touched after it finished (QGIS deletes it)."""

import logging
from typing import Any, Callable, Optional, Set

from qgis.core import QgsApplication, QgsTask

LOG = logging.getLogger(__name__)

#: Tasks not finished yet (kept alive until QGIS has called their ``finished``).
_RUNNING: Set["CoreTask"] = set()


class CoreTask(QgsTask):
    """``work()`` in a worker thread; then ``done(ok, value, error)`` on the GUI thread
    (``error``: the exception's message when ``work`` raised, ``""`` otherwise)."""

    def __init__(
        self,
        description: str,
        work: Callable[[], Any],
        done: Callable[[bool, Any, str], None],
    ):
        super().__init__(description)
        self._work: Optional[Callable[[], Any]] = work
        self._done: Optional[Callable[[bool, Any, str], None]] = done
        self.value: Any = None
        self.error = ""

    def start(self) -> "CoreTask":
        _RUNNING.add(self)
        QgsApplication.taskManager().addTask(self)
        return self

    def run(self) -> bool:
        try:
            self.value = self._work() if self._work is not None else None
        except Exception as err:  # noqa: BLE001 (every failure is shown to the planner)
            LOG.debug("Grid editor task failed", exc_info=True)
            self.error = str(err) or type(err).__name__
            return False
        return True

    def finished(self, result: bool) -> None:
        _RUNNING.discard(self)
        done, value, error = self._done, self.value, self.error
        self._work = self._done = None
        self.value = None
        if done is not None:
            done(bool(result), value, error)

    def forget(self) -> None:
        """The dock is going away: nothing of it is called when the task finishes."""
        self._done = None
