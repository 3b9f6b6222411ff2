"""The Service Grid page in QGIS Options (Settings ▸ Options ▸ Service Grid)."""

import logging
import os

from qgis.gui import QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QVBoxLayout

from ..algorithms.base import ICON_PATH
from . import log
from .settings import Settings

FORM, _BASE = uic.loadUiType(
    os.path.join(os.path.dirname(os.path.dirname(__file__)), "forms", "options_page.ui")
)
PAGE_NAME = "serviceGridOptions"


class ServiceGridOptionsPage(QgsOptionsPageWidget, FORM):
    """Edits :class:`Settings`; changes are saved when the Options dialog is accepted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(PAGE_NAME)
        for code, label in (
            ("auto", self.tr("Same as QGIS")),
            ("zh_CN", "中文"),
            ("en", "English"),
        ):
            self.languageCombo.addItem(label, code)
        self.load(Settings.load())

    def load(self, settings: Settings) -> None:
        self.targetSpin.setValue(settings.target_population)
        self.toleranceSpin.setValue(settings.tolerance * 100.0)
        index = self.languageCombo.findData(settings.report_language)
        self.languageCombo.setCurrentIndex(max(index, 0))
        self.debugCheck.setChecked(settings.debug)
        self.backupsSpin.setValue(settings.backups_to_keep)

    def current(self) -> Settings:
        settings = Settings.load()
        settings.target_population = self.targetSpin.value()
        settings.tolerance = self.toleranceSpin.value() / 100.0
        settings.report_language = self.languageCombo.currentData()
        settings.debug = self.debugCheck.isChecked()
        settings.backups_to_keep = self.backupsSpin.value()
        return settings

    def apply(self):
        settings = self.current()
        settings.save()
        log.setup(level=logging.DEBUG if settings.debug else logging.INFO)


class ServiceGridOptionsFactory(QgsOptionsWidgetFactory):
    """Creates the options page for the QGIS Options dialog."""

    def __init__(self):
        super().__init__()
        Settings.load()  # created when the plugin starts: the core gets the stored settings
        self.setTitle(QCoreApplication.translate("ServiceGridOptionsFactory", "Service Grid"))

    def icon(self):
        return QIcon(ICON_PATH)

    def createWidget(self, parent):  # noqa: N802 (QGIS API)
        page = ServiceGridOptionsPage(parent)
        if parent is not None and parent.layout() is None:
            parent.setLayout(QVBoxLayout())
        return page
