"""Service Grid (服务网格): QGIS plugin entry point."""


def classFactory(iface):  # noqa: N802 (name fixed by QGIS)
    """Load the plugin class for QGIS."""
    # Import the sub-packages by name so that QGIS's module tracker records them and
    # unloading the plugin removes every module of ours from sys.modules.
    from . import algorithms, plugin  # noqa: F401
    from .algorithms import core  # noqa: F401
    from .plugin.plugin import ServiceGridPlugin

    return ServiceGridPlugin(iface)
