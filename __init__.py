"""Service Grid (服务网格): QGIS plugin entry point."""


def classFactory(iface):  # noqa: N802 (name fixed by QGIS)
    """Load the plugin class for QGIS."""
    from .plugin.plugin import ServiceGridPlugin

    return ServiceGridPlugin(iface)
