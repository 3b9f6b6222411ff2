"""A headless QGIS session with the plugin loaded from this repository (for scripts)."""

import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start_qgis():
    """Start QgsApplication and Processing; return the application."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if "/usr/share/qgis/python/plugins" not in sys.path:
        sys.path.append("/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    return app


def import_package():
    """Import the repository as the package ``service_grid``."""
    if "service_grid" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "service_grid", os.path.join(ROOT, "__init__.py"), submodule_search_locations=[ROOT]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["service_grid"] = module
        spec.loader.exec_module(module)
    return sys.modules["service_grid"]


def load_plugin():
    """The plugin's Processing side (what qgis_process loads): returns the plugin object."""
    package = import_package()
    plugin = package.classFactory(None)
    plugin.initProcessing()
    return plugin
