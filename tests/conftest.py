"""Test set-up: the repository root is imported once under its real package name
``service_grid`` (whatever the clone's folder is called), QGIS Processing is initialised and
the plugin's provider registered."""

import importlib.util
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(ROOT, "resources", "sample", "sample_city.gpkg")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "/usr/share/qgis/python/plugins" not in sys.path:
    sys.path.append("/usr/share/qgis/python/plugins")
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)


def _register_package():
    if "service_grid" in sys.modules:
        return sys.modules["service_grid"]
    spec = importlib.util.spec_from_file_location(
        "service_grid", os.path.join(ROOT, "__init__.py"), submodule_search_locations=[ROOT])
    module = importlib.util.module_from_spec(spec)
    sys.modules["service_grid"] = module
    spec.loader.exec_module(module)
    return module


_register_package()


@pytest.fixture(scope="session")
def plugin(qgis_app, qgis_iface, qgis_processing):
    """The plugin loaded through ``classFactory`` with its GUI and provider."""
    import service_grid

    instance = service_grid.classFactory(qgis_iface)
    instance.initGui()
    yield instance
    instance.unload()


@pytest.fixture
def run_alg(plugin, qgis_processing):
    """Run a Processing algorithm and return its results."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    def _run(alg_id, params, feedback=None):
        context = QgsProcessingContext()
        return processing.run(alg_id, params, context=context,
                              feedback=feedback or QgsProcessingFeedback())

    return _run


@pytest.fixture(autouse=True)
def _collect_qgis_objects():
    """Free each test's QGIS objects while QGIS still runs (not at interpreter exit)."""
    yield
    import gc

    gc.collect()
