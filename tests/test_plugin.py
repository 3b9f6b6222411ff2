"""The plugin in QGIS: packaged zip installed in a fresh profile, menu, toolbar, provider,
unload/reload, options page, Chinese translation, and qgis_process."""

import os
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE, qgis_process, run_qgis_process
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QMenu

import service_grid
from service_grid.algorithms.create_project import CreateProjectAlgorithm
from service_grid.plugin import i18n
from service_grid.plugin.options import ServiceGridOptionsPage
from service_grid.plugin.settings import Settings


def _our_menus(iface):
    return [
        a
        for a in iface.mainWindow().menuBar().actions()
        if isinstance(a.menu(), QMenu)
        and a.menu().objectName() == "serviceGridMenu"
        and a.isVisible()
    ]


def test_zip_installs_into_fresh_profile_and_unloads(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import package

    zip_path = package.build(str(tmp_path / "dist"))
    plugins_dir = tmp_path / "profile" / "default" / "python" / "plugins"
    sys.path.append("/usr/share/qgis/python")
    from pyplugin_installer.unzip import unzip

    with open(zip_path, "rb") as handle:
        unzip(handle, str(plugins_dir))
    installed = plugins_dir / "service_grid"
    names = {str(p.relative_to(installed)) for p in installed.rglob("*") if p.is_file()}
    assert "metadata.txt" in names and "resources/i18n/service_grid_zh_CN.qm" in names
    assert not [n for n in names if n.startswith(("tests/", "bench/", "scripts/", ".ci"))]
    assert not [n for n in names if n.endswith((".pyc", ".ts"))]
    env = dict(os.environ, SG_PLUGINS_DIR=str(plugins_dir), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "--noconftest",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
            os.path.join(ROOT, "tests", "zip_install_check.py"),
        ],
        cwd=str(tmp_path),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "1 passed" in proc.stdout


def test_menu_toolbar_and_provider(plugin, qgis_iface):
    assert plugin.provider is not None
    assert QgsApplication.processingRegistry().providerById("servicegrid") is plugin.provider
    menus = _our_menus(qgis_iface)
    assert len(menus) == 1
    texts = [a.objectName() for a in menus[0].menu().actions() if a.objectName()]
    assert {"serviceGrid_create", "serviceGrid_open", "serviceGrid_options"} <= set(texts)
    assert plugin.toolbar is not None and len(plugin.toolbar.actions()) >= 2


def test_unload_and_reload_leave_nothing_behind(plugin, qgis_iface):
    registry = QgsApplication.processingRegistry()
    for _ in range(2):
        second = service_grid.classFactory(qgis_iface)
        plugin.unload()
        assert registry.providerById("servicegrid") is None
        assert _our_menus(qgis_iface) == []
        second.initGui()
        assert registry.providerById("servicegrid") is not None
        assert len(_our_menus(qgis_iface)) == 1
        second.unload()
        assert registry.providerById("servicegrid") is None
        assert _our_menus(qgis_iface) == []
        plugin.initGui()
    assert len(_our_menus(qgis_iface)) == 1


def test_open_project_from_menu_action(plugin, run_alg, tmp_path, qgis_iface):
    from qgis.core import QgsProject

    out = str(tmp_path / "p.gpkg")
    run_alg(
        "servicegrid:createproject",
        {
            "INPUT": SAMPLE + "|layername=communities",
            "POPULATION_FIELD": "population",
            "NEST_FIELD": "street_code",
            "LANGUAGE": 1,
            "OUTPUT": out,
        },
    )
    assert plugin.open_project(out)
    names = {lyr.name() for lyr in QgsProject.instance().mapLayers().values()}
    assert {"基础单元", "服务网格", "服务网点", "客户反馈"} <= names
    assert Settings.load().last_project == out
    QgsProject.instance().clear()
    # a renamed file still opens with working layers
    renamed = str(tmp_path / "renamed.gpkg")
    os.rename(out, renamed)
    assert plugin.open_project(renamed)
    layers = QgsProject.instance().mapLayers().values()
    assert layers and all(lyr.isValid() for lyr in layers)
    QgsProject.instance().clear()


def test_options_page_saves_settings(qtbot, plugin):
    Settings.reset()
    page = ServiceGridOptionsPage()
    qtbot.addWidget(page)
    assert page.targetSpin.value() == Settings().target_population
    page.targetSpin.setValue(25000)
    page.toleranceSpin.setValue(5.0)
    page.languageCombo.setCurrentIndex(page.languageCombo.findData("zh_CN"))
    page.apply()
    saved = Settings.load()
    assert (saved.target_population, saved.tolerance, saved.report_language) == (
        25000,
        pytest.approx(0.05),
        "zh_CN",
    )
    Settings.reset()


def test_chinese_locale(plugin, qgis_iface):
    assert i18n.install_translator("zh_CN") is not None
    try:
        alg = CreateProjectAlgorithm()
        alg.initAlgorithm()
        assert alg.displayName() == "创建服务网格项目"
        assert alg.parameterDefinition("POPULATION_FIELD").description() == "人口字段"
        assert plugin.provider.name() == "服务网格"
        plugin.unload()
        plugin.__init__(qgis_iface)
        i18n.install_translator("zh_CN")
        plugin.initGui()
        assert _our_menus(qgis_iface)[0].text() == "服务网格"
        texts = {a.text() for a in plugin.menu.actions()}
        assert "创建项目…" in texts
    finally:
        i18n.install_translator("en_US")
        plugin.unload()
        plugin.initGui()
    assert _our_menus(qgis_iface)[0].text() == "Service Grid"


def test_qgis_process_lists_and_runs(tmp_path):
    exe, env = qgis_process(tmp_path)
    listing = subprocess.run([exe, "list"], env=env, capture_output=True, text=True, timeout=300)
    assert "servicegrid:createproject" in listing.stdout, listing.stdout[-2000:]
    out = tmp_path / "project.gpkg"
    result = run_qgis_process(
        tmp_path,
        "servicegrid:createproject",
        {
            "INPUT": "{}|layername=communities".format(SAMPLE),
            "POPULATION_FIELD": "population",
            "NEST_FIELD": "street_code",
            "OUTPUT": out,
        },
    )
    assert result["results"]["UNIT_COUNT"] > 1000
    assert out.exists()


def test_log_facade_and_message_bar_from_a_worker_thread(plugin, qgis_iface, qtbot):
    import logging
    import threading

    from qgis.core import Qgis, QgsApplication

    from service_grid.plugin import log

    received = []

    def on_message(text, tag, level):
        if tag == log.TAG:
            received.append((text, level))

    QgsApplication.messageLog().messageReceived.connect(on_message)
    try:
        logging.getLogger("service_grid.algorithms.core.gpkg").warning("disk nearly full")
        bar = qgis_iface.messageBar()  # pytest-qgis records what reaches the message bar
        bar.clear_messages()
        worker = threading.Thread(
            target=log.push_message, args=("from a worker", Qgis.MessageLevel.Warning)
        )
        worker.start()
        worker.join()
        qtbot.waitUntil(
            lambda: any("from a worker" in m for m in bar.get_messages(Qgis.MessageLevel.Warning)),
            timeout=3000,
        )
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(on_message)
    assert ("disk nearly full", Qgis.MessageLevel.Warning) in received
