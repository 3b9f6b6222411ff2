"""Typed settings in one place: a dataclass of defaults backed by the ``service_grid`` group
of ``QgsSettings``. Nothing else in the plugin reads or writes settings directly."""

import dataclasses
from dataclasses import dataclass, fields

from qgis.core import QgsSettings

from ..algorithms.core import gpkg

GROUP = "service_grid"


@dataclass
class Settings:
    """User preferences of Service Grid, with their defaults."""

    #: Project GeoPackage opened last (the docks reopen it).
    last_project: str = ""
    #: Target population of one service grid (people).
    target_population: int = 10000
    #: Allowed deviation from the target, as a fraction.
    tolerance: float = 0.10
    #: Report language for Excel exports: "auto" (QGIS's locale), "zh_CN" or "en".
    report_language: str = "auto"
    #: Log debug messages to the QGIS message log.
    debug: bool = False
    #: Backups of a project kept in ``<project>_backups`` (taken before grids or assignments
    #: are replaced and before a sync writes); older ones are deleted.
    backups_to_keep: int = gpkg.KEEP_BACKUPS

    @classmethod
    def load(cls) -> "Settings":
        """Read every field from QgsSettings, falling back to the defaults."""
        store = QgsSettings()
        values = {}
        for f in fields(cls):
            default = f.default
            values[f.name] = store.value("{}/{}".format(GROUP, f.name), default, type=type(default))
        settings = cls(**values)
        settings.apply()
        return settings

    def apply(self) -> None:
        """Hand the settings the compute core uses to it (it reads no QGIS settings)."""
        gpkg.set_backups_to_keep(self.backups_to_keep)

    def save(self) -> None:
        """Write every field to QgsSettings."""
        store = QgsSettings()
        for name, value in dataclasses.asdict(self).items():
            store.setValue("{}/{}".format(GROUP, name), value)
        self.apply()

    @classmethod
    def reset(cls) -> "Settings":
        """Forget the stored values; return the defaults."""
        QgsSettings().remove(GROUP)
        settings = cls()
        settings.apply()
        return settings
