"""The "Install missing Python packages…" action: the message bar that says what is missing
(with the button), the dialog that asks from where, and the :class:`QgsTask` that runs pip
(:mod:`.dependencies` does the work)."""

import logging
from typing import Callable, Optional, Sequence

from qgis.core import Qgis, QgsApplication, QgsTask
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QFileDialog, QMessageBox, QPushButton

from ..algorithms.core import deps
from . import dependencies, log


def settings_dir() -> str:
    """The QGIS profile folder (``…/profiles/default``)."""
    return QgsApplication.qgisSettingsDirPath()


def activate_private_folder() -> str:
    """Put the profile's private package folder first on ``sys.path`` (and forget the
    too-old packages QGIS imported before that the folder has, see
    :func:`.dependencies.forget_outdated`); return it."""
    folder = dependencies.private_folder(settings_dir())
    if dependencies.activate(folder):
        dependencies.forget_outdated(folder)
    return folder


class InstallTask(QgsTask):
    """pip in the background: progress from pip's output, cancel stops pip. The result goes
    to ``done`` (a plain callable) from :meth:`finished`, in the GUI thread."""

    def __init__(self, description: str, plan: dependencies.InstallPlan, done: Callable):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.plan = plan
        self.done = done
        self.result: Optional[dependencies.InstallResult] = None

    def run(self) -> bool:  # worker thread: no GUI calls
        try:
            self.result = dependencies.run_install(self.plan, self.setProgress, self.isCanceled)
        except Exception as err:  # noqa: BLE001 (reported in finished())
            self.result = dependencies.InstallResult(False, False, [str(err)], str(err))
        return self.result.ok

    def finished(self, ok: bool) -> None:  # noqa: D401 (QGIS API, GUI thread)
        result = self.result or dependencies.InstallResult(False, True, [], "")
        self.done(self.plan, result)


class Installer:
    """Asks what to install from where, runs the task and reports in the message bar."""

    def __init__(self, iface):
        self.iface = iface
        #: The running task (QGIS owns it; dropped when it finished).
        self.task: Optional[InstallTask] = None

    @staticmethod
    def tr(text: str) -> str:
        return QCoreApplication.translate("Installer", text)

    def push_missing(self, problems: Sequence[str]) -> None:
        """Show ``problems`` in the message bar with an "Install missing Python packages…"
        button (and log them)."""
        text = "\n".join(problems)
        logging.getLogger(log.ROOT_LOGGER).error(text)
        if self.iface is None:
            return
        bar = self.iface.messageBar()
        item = bar.createMessage(log.bar_title(), text)
        button = QPushButton(self.tr("Install missing Python packages…"), item)
        button.setObjectName("serviceGrid_installDepsButton")
        button.clicked.connect(lambda _checked=False: self.ask())
        item.layout().addWidget(button)
        bar.pushWidget(item, Qgis.MessageLevel.Critical, 0)

    def parent(self):
        return self.iface.mainWindow() if self.iface is not None else None

    def ask(self) -> Optional[InstallTask]:
        """The action: confirm, choose online or a wheel folder, start the task."""
        if self.task is not None:
            log.push_message(self.tr("The Python packages are being installed."))
            return None
        packages = deps.missing_packages()
        if not packages:
            QMessageBox.information(
                self.parent(),
                self.tr("Service Grid"),
                self.tr("All the Python packages Service Grid needs are installed."),
            )
            return None
        folder = dependencies.private_folder(settings_dir())
        box = QMessageBox(self.parent())
        box.setWindowTitle(self.tr("Install missing Python packages"))
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(
            self.tr(
                "Service Grid will install {packages} for QGIS's Python into\n{folder}\n\n"
                "Numpy stays the version QGIS has ({numpy}). Without internet, choose a "
                "folder of wheel files."
            ).format(
                packages=", ".join(deps.pip_specs(packages)),
                folder=folder,
                numpy=deps.numpy_version(),
            )
        )
        online = box.addButton(self.tr("Install"), QMessageBox.ButtonRole.AcceptRole)
        offline = box.addButton(self.tr("From wheel files…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        wheel_dir = None
        if box.clickedButton() is offline:
            wheel_dir = QFileDialog.getExistingDirectory(
                self.parent(), self.tr("Folder of wheel files (.whl)")
            )
            if not wheel_dir:
                return None
        elif box.clickedButton() is not online:
            return None
        return self.start(packages, wheel_dir)

    def start(self, packages: Sequence[str], wheel_dir: Optional[str] = None):
        """Start installing ``packages`` (from ``wheel_dir`` if given); the task or ``None``."""
        try:
            plan = dependencies.make_plan(settings_dir(), packages, wheel_dir)
        except deps.MissingDependencyError as err:
            log.push_message(str(err), Qgis.MessageLevel.Critical, duration=0)
            return None
        self.task = InstallTask(
            self.tr("Installing Python packages for Service Grid"), plan, self._done
        )
        QgsApplication.taskManager().addTask(self.task)
        log.push_message(self.tr("Installing {}…").format(", ".join(plan.specs)))
        return self.task

    def _done(self, plan: dependencies.InstallPlan, result: dependencies.InstallResult):
        self.task = None  # QGIS deletes the task object after finished()
        if result.cancelled:
            log.push_message(result.message or self.tr("Installation cancelled."))
        elif not result.ok:
            log.push_message(result.message, Qgis.MessageLevel.Critical, duration=0)
        elif dependencies.needs_restart(plan.packages):
            log.push_message(
                self.tr("Installed {packages} into {folder}. Restart QGIS to use them.").format(
                    packages=", ".join(plan.specs), folder=plan.target
                ),
                Qgis.MessageLevel.Success,
                duration=0,
            )
        else:
            log.push_message(
                self.tr("Installed {packages}: the Service Grid tools are ready.").format(
                    packages=", ".join(plan.specs)
                ),
                Qgis.MessageLevel.Success,
                duration=0,
            )
