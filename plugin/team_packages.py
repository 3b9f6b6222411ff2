"""The "Packages for the team…" chooser of the Feedback dock's Sync tab: the project's staff
in a list with check boxes (all active, by outlet, by district, or picked), the expiry, zip
and output folder; the dock runs ``servicegrid:createfieldpackages`` with the ticked staff
ids in a background task (progress and cancel in the Sync tab)."""

import datetime as _dt
import os
from typing import Any, Dict, List

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QListWidgetItem

from .dock_parts import load_form

FORM: Any = load_form("team_packages.ui")  # (a class made at run time)

TEAM = "servicegrid:createfieldpackages"
STAFF_ROLE = Qt.ItemDataRole.UserRole + 1
ALL, OUTLET, DISTRICT, PICKED = range(4)
#: STAFF_SELECTION of createfieldpackages: exactly the listed STAFF_IDS
LIST = 3


class TeamPackagesDialog(QDialog, FORM):
    """Choose the staff who get a field package, and where the packages go."""

    def __init__(self, project: str, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.project = project
        from ..algorithms.core import fieldsync  # (here: the dock works without the sync core)

        self.members = fieldsync.read_team(project)
        self._filling = False
        self.folderEdit.setText(
            os.path.join(
                os.path.dirname(os.path.abspath(project)),
                "field_packages_{}".format(_dt.date.today().strftime("%Y%m%d")),
            )
        )
        for member in self.members:
            item = QListWidgetItem(self._label(member))
            item.setData(STAFF_ROLE, member.staff_id)
            usable = member.active and bool(member.grid_ids)
            flags = Qt.ItemFlag.ItemIsUserCheckable
            if usable:
                flags |= Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Unchecked)
            if not member.active:
                item.setToolTip(self.tr("Not active: no package."))
            elif not member.grid_ids:
                item.setToolTip(self.tr("No grids assigned: no package."))
            self.staffList.addItem(item)
        self.modeCombo.currentIndexChanged.connect(self._mode_changed)
        self.filterCombo.currentIndexChanged.connect(self._apply)
        self.staffList.itemChanged.connect(self._item_changed)
        self.checkAllButton.clicked.connect(lambda: self._tick_shown(True))
        self.checkNoneButton.clicked.connect(lambda: self._tick_shown(False))
        self.folderButton.clicked.connect(self._choose_folder)
        self.buttonBox.accepted.connect(self.accept)
        self.buttonBox.rejected.connect(self.reject)
        self._mode_changed()

    def _label(self, member) -> str:
        text = "{}  {}  ·  {}  ·  {}".format(
            member.staff_id,
            member.name,
            member.outlet_id or "-",
            self.tr("grids: {count}").format(count=len(member.grid_ids)),
        )
        if not member.active:
            text += "  ({})".format(self.tr("inactive"))
        return text

    # ------------------------------------------------------------------ choosing

    def _mode_changed(self, *_args) -> None:
        mode = self.modeCombo.currentIndex()
        self._filling = True
        self.filterCombo.clear()
        if mode == OUTLET:
            values = sorted({o for m in self.members for o in m.outlet_ids})
        elif mode == DISTRICT:
            values = sorted({d for m in self.members for d in m.districts})
        else:
            values = []
        for value in values:
            self.filterCombo.addItem(value, value)
        self.filterCombo.setEnabled(bool(values))
        self.filterCombo.setVisible(mode in (OUTLET, DISTRICT))
        self._filling = False
        self._apply()

    def _shown(self, member) -> bool:
        mode = self.modeCombo.currentIndex()
        value = self.filterCombo.currentData()
        if mode == OUTLET:
            return value is not None and (member.outlet_id == value or value in member.outlet_ids)
        if mode == DISTRICT:
            return value is not None and value in member.districts
        return True

    def _apply(self, *_args) -> None:
        """Show the staff of the filter; tick the usable ones (all, outlet, district)."""
        if self._filling:
            return
        mode = self.modeCombo.currentIndex()
        self._filling = True
        for row, member in enumerate(self.members):
            item = self.staffList.item(row)
            shown = self._shown(member)
            item.setHidden(not shown)
            if mode != PICKED:
                usable = bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)
                tick = shown and usable
                item.setCheckState(Qt.CheckState.Checked if tick else Qt.CheckState.Unchecked)
        self._filling = False
        self._count()

    def _tick_shown(self, checked: bool) -> None:
        self._filling = True
        for row in range(self.staffList.count()):
            item = self.staffList.item(row)
            if checked and (item.isHidden() or not item.flags() & Qt.ItemFlag.ItemIsEnabled):
                continue
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._filling = False
        self._count()

    def _item_changed(self, _item) -> None:
        if not self._filling:
            self._count()

    def _count(self) -> None:
        count = len(self.chosen())
        self.countLabel.setText(self.tr("{count} packages").format(count=count))
        self.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setEnabled(count > 0)

    def chosen(self) -> List[str]:
        """The ticked staff ids (shown or not), in the list's order."""
        return [
            self.staffList.item(row).data(STAFF_ROLE)
            for row in range(self.staffList.count())
            if self.staffList.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, staff_ids) -> None:
        """Tick exactly ``staff_ids`` (as a user picking them)."""
        wanted = set(staff_ids)
        for row in range(self.staffList.count()):
            item = self.staffList.item(row)
            state = item.data(STAFF_ROLE) in wanted and item.flags() & Qt.ItemFlag.ItemIsEnabled
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the field packages"), self.folderEdit.text()
        )
        if path:
            self.folderEdit.setText(path)

    def parameters(self) -> Dict[str, Any]:
        """The parameters of servicegrid:createfieldpackages for the ticked staff."""
        return {
            "PROJECT": self.project,
            "STAFF_SELECTION": LIST,
            "STAFF_IDS": ",".join(self.chosen()),
            "EXPIRES_DAYS": self.expiresSpin.value(),
            "ZIP": self.zipCheck.isChecked(),
            "OUTPUT_FOLDER": self.folderEdit.text().strip(),
        }
