"""Run by test_plugin.py in a separate interpreter (pytest --noconftest), so that the plugin is
imported from the installed zip and not from the repository.

Environment: SG_PLUGINS_DIR is the fresh profile's ``python/plugins`` folder into which the
packaged zip was extracted with QGIS's own installer code.
"""

import os
import sys

PLUGINS_DIR = os.environ["SG_PLUGINS_DIR"]


def test_installed_plugin_loads_runs_and_unloads(qgis_app, qgis_iface, qgis_processing, tmp_path):
    import qgis.utils
    from qgis.core import QgsApplication

    assert "service_grid" not in sys.modules
    sys.path.insert(0, PLUGINS_DIR)
    qgis.utils.plugin_paths = [PLUGINS_DIR]
    qgis.utils.iface = qgis_iface
    qgis.utils.updateAvailablePlugins()
    assert "service_grid" in qgis.utils.available_plugins
    assert qgis.utils.pluginMetadata("service_grid", "hasProcessingProvider") == "yes"

    assert qgis.utils.loadPlugin("service_grid")
    assert qgis.utils.startPlugin("service_grid")
    module = sys.modules["service_grid"]
    assert os.path.dirname(module.__file__) == os.path.join(PLUGINS_DIR, "service_grid")

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("servicegrid")
    assert provider is not None
    ids = {alg.id() for alg in provider.algorithms()}
    assert "servicegrid:createproject" in ids

    # the installed plugin runs its algorithm on the installed sample city
    import processing

    sample = os.path.join(PLUGINS_DIR, "service_grid", "resources", "sample", "sample_city.gpkg")
    out = str(tmp_path / "p.gpkg")
    result = processing.run(
        "servicegrid:createproject",
        {
            "INPUT": sample + "|layername=communities",
            "POPULATION_FIELD": "population",
            "UNIT_ID_FIELD": "unit_id",
            "NEST_FIELD": "street_code",
            "OUTPUT": out,
        },
    )
    assert result["UNIT_COUNT"] > 1000

    menubar = qgis_iface.mainWindow().menuBar()
    assert any(
        a.menu() is not None and a.menu().objectName() == "serviceGridMenu"
        for a in menubar.actions()
    )

    assert qgis.utils.unloadPlugin("service_grid")
    assert registry.providerById("servicegrid") is None
    assert not [m for m in sys.modules if m == "service_grid" or m.startswith("service_grid.")]
    assert not any(
        a.menu() is not None and a.menu().objectName() == "serviceGridMenu" and a.isVisible()
        for a in menubar.actions()
    )
    import logging

    assert not logging.getLogger("service_grid").handlers
