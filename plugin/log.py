"""The one logging facade: Python ``logging`` → QGIS message log (and message bar).

Modules log with ``logging.getLogger(__name__)`` (all under the ``service_grid`` logger,
whatever package name the plugin was imported as). :func:`setup` routes records to the
"Service Grid" tab of the QGIS message log; :func:`push_message` shows a message in the
message bar and is safe to call from worker threads (it is queued to the GUI thread).
"""

import logging
from typing import Optional

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication, QObject, Qt, pyqtSignal

#: The tab of the QGIS message log (a fixed name, so that filters and scripts find it).
TAG = "Service Grid"
ROOT_LOGGER = __name__.split(".")[0]

_LEVELS = (
    (logging.ERROR, Qgis.MessageLevel.Critical),
    (logging.WARNING, Qgis.MessageLevel.Warning),
    (logging.INFO, Qgis.MessageLevel.Info),
    (logging.DEBUG, Qgis.MessageLevel.Info),
)


def qgis_level(levelno: int):
    """The QGIS message level for a Python logging level."""
    for threshold, level in _LEVELS:
        if levelno >= threshold:
            return level
    return Qgis.MessageLevel.Info


class QgisLogHandler(logging.Handler):
    """Send log records to the QGIS message log panel (thread-safe in QGIS)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            QgsMessageLog.logMessage(
                self.format(record),
                TAG,
                qgis_level(record.levelno),
                notifyUser=record.levelno >= logging.WARNING,
            )
        except Exception:  # noqa: BLE001 (a log handler must never raise)
            self.handleError(record)


class _MessageBarBridge(QObject):
    """Carries message-bar requests to the GUI thread through a queued signal."""

    message = pyqtSignal(str, str, int, int)

    def __init__(self, iface):
        super().__init__()
        self.moveToThread(QgsApplication.instance().thread())
        self._iface = iface
        self.message.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def _show(self, title: str, text: str, level: int, duration: int) -> None:
        if self._iface is not None:
            self._iface.messageBar().pushMessage(title, text, Qgis.MessageLevel(level), duration)


def bar_title() -> str:
    """The title of our message-bar messages, in the language of the interface."""
    return QCoreApplication.translate("ServiceGridPlugin", "Service Grid")


_handler: Optional[QgisLogHandler] = None
_bridge: Optional[_MessageBarBridge] = None


def setup(iface=None, level: int = logging.INFO) -> logging.Logger:
    """Route the plugin's loggers to QGIS; idempotent. Returns the plugin's root logger."""
    global _handler, _bridge
    logger = logging.getLogger(ROOT_LOGGER)
    if _handler is None:
        _handler = QgisLogHandler()
        _handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(_handler)
    logger.setLevel(level)
    if iface is not None and _bridge is None:
        _bridge = _MessageBarBridge(iface)
    return logger


def teardown() -> None:
    """Remove what :func:`setup` installed (called from the plugin's ``unload``)."""
    global _handler, _bridge
    logger = logging.getLogger(ROOT_LOGGER)
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler = None
    if _bridge is not None:
        _bridge.deleteLater()
        _bridge = None


def push_message(
    text: str, level=Qgis.MessageLevel.Info, title: Optional[str] = None, duration: int = 5
) -> None:
    """Show ``text`` in the QGIS message bar (from any thread; titled :func:`bar_title` unless
    ``title`` is given) and log it."""
    logging.getLogger(ROOT_LOGGER).log(
        {Qgis.MessageLevel.Critical: logging.ERROR, Qgis.MessageLevel.Warning: logging.WARNING}.get(
            level, logging.INFO
        ),
        text,
    )
    if _bridge is not None:
        _bridge.message.emit(title or bar_title(), text, int(level), duration)
