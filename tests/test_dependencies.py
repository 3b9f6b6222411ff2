"""Missing or too old Python packages: the plugin still loads, only what needs them refuses
(with the instructions), and "Install missing Python packages…" installs them into a private
folder, pinned to the installed numpy. The end-to-end test runs Debian's QGIS (qgis_process,
/usr/bin/python3, which has no shapely 2) from a fresh profile, without the venv."""

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, SAMPLE

from service_grid.algorithms.core import deps
from service_grid.algorithms.provider import ALGORITHMS
from service_grid.plugin import dependencies

SYSTEM_PYTHON = "/usr/bin/python3"


def _versions(monkeypatch, **found):
    """Pretend the installed versions are ``found`` (package → version or None)."""
    real = deps.installed_version
    monkeypatch.setattr(deps, "installed_version", lambda p: found[p] if p in found else real(p))


# ---------------------------------------------------------------------- what is missing


def test_unmet_requirements_per_key(monkeypatch):
    _versions(monkeypatch, shapely="1.8.5", scipy="1.8.0", openpyxl=None)
    assert [(r.package, f) for r, f in deps.unmet(("shapely",))] == [("shapely", "1.8.5")]
    assert deps.unmet(("scipy",)) == []  # scipy.sparse is in 1.8
    assert [r.key for r, _f in deps.unmet(("scipy", "scipy.milp"))] == ["scipy.milp"]
    assert deps.missing_packages() == ["shapely", "scipy", "openpyxl"]
    (message,) = deps.missing_dependencies(("openpyxl",))
    assert "openpyxl 3.0 or newer (found: none)" in message
    assert "Install missing Python packages" in message and '"numpy==' in message


def test_present_packages_pass():
    assert deps.missing_dependencies() == []
    assert deps.installed_version("numpy") == __import__("numpy").__version__
    assert deps.installed_version("no_such_package_sg") is None


def test_pip_specs_follow_numpy():
    assert deps.pip_specs(["shapely"], "1.24.2") == ["shapely==2.0.7"]
    assert deps.pip_specs(["shapely"], "2.2.4") == ["shapely>=2.0.7,<2.2"]
    assert deps.pip_specs(["scipy"], "1.24.2") == ["scipy>=1.9,<1.16"]
    assert deps.pip_specs(["scipy"], "1.21.5") == ["scipy>=1.9,<1.11"]
    assert deps.pip_specs(["scipy"], "2.2.4") == ["scipy>=1.13,<1.17"]
    assert deps.pip_specs(["openpyxl"], "1.24.2") == ["openpyxl>=3.0,<3.2", "et-xmlfile"]
    command = deps.terminal_command(["shapely"], "1.24.2")
    assert command.endswith('--user "shapely==2.0.7" "numpy==1.24.2"')
    assert command.startswith("PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install")


def test_lazy_module_refuses_an_old_package(monkeypatch):
    lazy = deps.LazyModule("shapely", "shapely")
    _versions(monkeypatch, shapely="1.8.5")
    with pytest.raises(deps.MissingDependencyError, match="found: 1.8.5"):
        getattr(lazy, "from_wkt")  # noqa: B009 (the attribute access is the test)
    monkeypatch.undo()
    assert lazy.from_wkt("POINT (1 2)").x == 1.0
    assert "from_wkb" in vars(lazy)  # later look-ups skip __getattr__


# ---------------------------------------------------------------------- the install plan


def test_plan_pins_numpy_and_targets_the_private_folder(tmp_path):
    plan = dependencies.make_plan(
        str(tmp_path), ["shapely", "openpyxl"], wheel_dir="/wheels", python="/py"
    )
    np_major = deps.numpy_version().split(".")[0]
    assert plan.target == os.path.join(
        str(tmp_path),
        "python",
        "service_grid_deps",
        "py{}.{}-numpy{}".format(sys.version_info[0], sys.version_info[1], np_major),
    )
    assert plan.constraints() == "numpy=={}\n".format(deps.numpy_version())
    cmd = plan.command("/tmp/c.txt")
    assert cmd[:4] == ["/py", "-m", "pip", "install"]
    assert cmd[cmd.index("--target") + 1] == plan.target
    assert cmd[cmd.index("-c") + 1] == "/tmp/c.txt"
    assert "--no-deps" in cmd and cmd[cmd.index("--find-links") + 1] == "/wheels"
    assert "--no-index" in cmd
    assert cmd[-3:] == deps.pip_specs(["shapely", "openpyxl"])
    online = dependencies.make_plan(str(tmp_path), ["shapely"], python="/py").command("c")
    assert "--no-index" not in online and "--find-links" not in online


def test_an_old_package_imported_before_the_plugin_gives_way_to_the_private_one(
    tmp_path, monkeypatch
):
    """QGIS 3.40 imports shapely when it starts: a too-old one imported before the private
    folder came first is forgotten, so the next import takes the folder's; a usable one, or
    one the folder does not hold, stays."""
    import types

    folder = tmp_path / "deps"
    (folder / "sgold").mkdir(parents=True)
    (folder / "sgold" / "__init__.py").write_text('__version__ = "2.0.7"\n')
    old = types.ModuleType("sgold")
    old.__file__ = str(tmp_path / "system" / "sgold" / "__init__.py")
    old.__version__ = "1.8.5"
    other = types.ModuleType("sgother")
    for name, module in (("sgold", old), ("sgold.speedups", old), ("sgother", other)):
        monkeypatch.setitem(sys.modules, name, module)
    needs = [deps.Requirement(p, p, (2, 0)) for p in ("sgold", "sgother")]
    monkeypatch.setattr(deps, "unmet", lambda: [(r, "1.8.5") for r in needs])
    monkeypatch.syspath_prepend(str(folder))

    assert dependencies.forget_outdated(str(folder)) == ["sgold"]
    assert "sgold" not in sys.modules and "sgold.speedups" not in sys.modules
    assert sys.modules["sgother"] is other  # (not in the folder)
    import sgold

    assert sgold.__version__ == "2.0.7"


def test_python_candidates_skip_the_qgis_program():
    found = dependencies.python_candidates(
        r"C:\OSGeo4W\bin\qgis-ltr-bin.exe",
        r"C:\OSGeo4W\apps\Python312",
        r"C:\OSGeo4W\apps\Python312",
        True,
        which=lambda name: None,
    )
    assert found[0] == os.path.join(r"C:\OSGeo4W\apps\Python312", "python.exe")
    assert not [p for p in found if "qgis" in p.lower()]
    linux = dependencies.python_candidates(
        "/usr/bin/python3", "/usr", "/usr", False, lambda _: None
    )
    assert linux[0] == "/usr/bin/python3"
    assert dependencies.python_version(sys.executable) == "{}.{}".format(*sys.version_info[:2])


def test_failed_install_says_what_to_do(tmp_path):
    empty = tmp_path / "wheels"
    empty.mkdir()
    plan = dependencies.make_plan(str(tmp_path), ["shapely"], str(empty), SYSTEM_PYTHON)
    progress = []
    result = dependencies.run_install(plan, progress.append)
    assert not result.ok and not result.cancelled
    assert "Installing shapely failed" in result.message and "pip download" in result.message
    cancelled = dependencies.run_install(plan, is_cancelled=lambda: True)
    assert cancelled.cancelled and not cancelled.ok


# ---------------------------------------------------------------------- in QGIS


def test_algorithms_refuse_only_what_they_need(plugin, monkeypatch):
    from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback

    from service_grid.algorithms.create_project import CreateProjectAlgorithm
    from service_grid.algorithms.export_staffing import ExportStaffingAlgorithm

    _versions(monkeypatch, openpyxl=None)
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    export = ExportStaffingAlgorithm()
    export.initAlgorithm()
    with pytest.raises(QgsProcessingException, match="openpyxl 3.0 or newer"):
        export.prepareAlgorithm({}, context, feedback)
    create = CreateProjectAlgorithm()
    create.initAlgorithm()
    assert create.prepareAlgorithm({}, context, feedback)  # it needs no openpyxl


def test_docks_need_their_packages(plugin, qgis_iface, monkeypatch):
    from qgis.PyQt.QtWidgets import QPushButton

    _versions(monkeypatch, shapely="1.8.5")
    bar = qgis_iface.messageBar()
    bar.clearWidgets()
    assert plugin.toggle_feedback_dock() is None and plugin.feedback_dock is None
    assert not plugin.feedback_action.isChecked()
    item = bar.currentItem()
    assert item is not None and "found: 1.8.5" in item.text()
    button = item.findChild(QPushButton, "serviceGrid_installDepsButton")
    assert button is not None and button.text() == "Install missing Python packages…"
    bar.clearWidgets()
    action = [a for a in plugin.actions if a.objectName() == "serviceGrid_installDeps"]
    assert len(action) == 1 and action[0] in plugin.menu.actions()


# ---------------------------------------------------------------------- end to end


def _wheel_from_venv(dest: str) -> str:
    """A shapely wheel rebuilt from the venv's installed copy (no network needed)."""
    import shapely

    site = os.path.dirname(os.path.dirname(shapely.__file__))
    info = os.path.join(site, "shapely-{}.dist-info".format(shapely.__version__))
    with open(os.path.join(info, "WHEEL"), encoding="utf-8") as handle:
        tag = [line.split(":", 1)[1].strip() for line in handle if line.startswith("Tag:")][0]
    path = os.path.join(dest, "shapely-{}-{}.whl".format(shapely.__version__, tag))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as whl:
        records = []
        for top in ("shapely", "shapely.libs", os.path.basename(info)):
            for folder, dirs, files in os.walk(os.path.join(site, top)):
                dirs[:] = [d for d in dirs if d != "__pycache__"]
                for name in files:
                    full = os.path.join(folder, name)
                    arc = os.path.relpath(full, site).replace(os.sep, "/")
                    if arc.endswith((".pyc", "/RECORD", "/INSTALLER", "/REQUESTED")):
                        continue
                    whl.write(full, arc)
                    records.append(arc + ",,")
        records.append(os.path.basename(info) + "/RECORD,,")
        whl.writestr(os.path.basename(info) + "/RECORD", "\n".join(records) + "\n")
    return path


def _system_version(package):
    """The version of ``package`` that /usr/bin/python3 (QGIS's Python) imports, or None."""
    out = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import {0}; print({0}.__version__)".format(package)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    return out.stdout.strip() if out.returncode == 0 else None


def _system_shapely():
    return _system_version("shapely")


def test_fresh_profile_without_shapely_2(tmp_path):
    """QGIS (qgis_process, /usr/bin/python3 without the venv) with shapely missing, then 1.8:
    the plugin enables and lists its algorithms; shapely-2 ones refuse with the instructions;
    after the install core put shapely 2 (from a wheel folder) in the profile, they run."""
    assert shutil.which("qgis_process.bin"), "qgis_process.bin (Debian's qgis): run make setup"
    found = _system_shapely()
    assert found is None or deps._version_tuple(found) < deps.SHAPELY_MIN, (
        "this test needs a /usr/bin/python3 without shapely 2 (found {})".format(found)
    )
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    os.symlink(ROOT, str(plugins / "service_grid"))
    old = tmp_path / "old"  # shapely 1.8 on PYTHONPATH
    (old / "shapely").mkdir(parents=True)
    (old / "shapely" / "__init__.py").write_text('__version__ = "1.8.5"\n')
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "QGIS_PLUGINPATH": str(plugins),
        "LANG": "C.UTF-8",
    }
    exe = shutil.which("qgis_process.bin")

    def qgis(*args, old_shapely=False):
        run_env = dict(env, PYTHONPATH=str(old)) if old_shapely else env
        return subprocess.run(
            [exe, *args], env=run_env, capture_output=True, text=True, timeout=120
        )

    enable = qgis("plugins", "enable", "service_grid")
    assert enable.returncode == 0, enable.stdout[-2000:] + enable.stderr[-2000:]
    listing = qgis("list")
    from service_grid.algorithms.provider import ALGORITHMS

    listed = [line for line in listing.stdout.splitlines() if "servicegrid:" in line]
    assert len(listed) == len(ALGORITHMS), listing.stdout[-3000:] + listing.stderr[-3000:]

    out = tmp_path / "p.gpkg"
    args = [
        "--json",
        "run",
        "servicegrid:createproject",
        "--",
        "INPUT={}|layername=communities".format(SAMPLE),
        "POPULATION_FIELD=population",
        "NEST_FIELD=street_code",
        "OUTPUT={}".format(out),
    ]
    # the command pins shapely for QGIS's numpy ("shapely==2.0.7" with numpy 1, QGIS 3.22 on
    # Debian 12; "shapely>=2.0.7,<2.2" with numpy 2, QGIS 3.40 on Debian 13)
    expected = deps.terminal_command(["shapely"], _system_version("numpy"))
    for old_shapely, shown in ((False, "found: none"), (True, "found: 1.8.5")):
        refused = qgis(*args, old_shapely=old_shapely)
        text = refused.stdout + refused.stderr
        assert refused.returncode != 0 and "Traceback" not in text, text[-3000:]
        assert "shapely 2.0 or newer ({})".format(shown) in text, text[-3000:]
        assert "Install missing Python packages" in text and expected in text, text[-3000:]

    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _wheel_from_venv(str(wheels))
    profile = tmp_path / ".local" / "share" / "QGIS" / "QGIS3" / "profiles" / "default"
    plan = dependencies.make_plan(str(profile), ["shapely"], str(wheels), SYSTEM_PYTHON)
    result = dependencies.run_install(plan)
    assert result.ok, "\n".join(result.output)
    assert os.path.isdir(os.path.join(plan.target, "shapely"))
    assert not [n for n in os.listdir(plan.target) if n.lower().startswith("numpy")]

    for old_shapely in (False, True):  # the private folder comes before shapely 1.8
        out.unlink(missing_ok=True)
        ran = qgis(*args, old_shapely=old_shapely)
        assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
        assert json.loads(ran.stdout)["results"]["UNIT_COUNT"] > 1000


_GUI_CHECK = r"""
import sys
from qgis.core import QgsApplication
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtWidgets import QMainWindow, QPushButton

app = QgsApplication([], True)
app.initQgis()
sys.path.insert(0, sys.argv[1])


class Iface:  # what the plugin uses of QgisInterface
    def __init__(self):
        self.window = QMainWindow()
        self.bar = QgsMessageBar()

    def mainWindow(self):
        return self.window

    def messageBar(self):
        return self.bar

    def addToolBar(self, title):
        return self.window.addToolBar(title)

    def registerOptionsWidgetFactory(self, factory):
        pass

    def unregisterOptionsWidgetFactory(self, factory):
        pass


import service_grid

iface = Iface()
plugin = service_grid.classFactory(iface)
plugin.initGui()
item = iface.bar.currentItem()
button = item.findChild(QPushButton, "serviceGrid_installDepsButton")
print("BAR:", item.text().splitlines()[0])
print("BUTTON:", button is not None)
print("ALGS:", len(plugin.provider.algorithms()))
print("DOCK:", plugin.toggle_staff_dock())
plugin.unload()
print("DONE")
"""


def test_qgis_gui_loads_the_plugin_without_shapely(tmp_path):
    """Debian's Python (no shapely 2, no venv) loads the plugin's GUI through classFactory:
    a message bar with the install button instead of a traceback; the docks refuse."""
    found = _system_shapely()
    assert found is None or deps._version_tuple(found) < deps.SHAPELY_MIN, (
        "this test needs a /usr/bin/python3 without shapely 2 (found {})".format(found)
    )
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    os.symlink(ROOT, str(plugins / "service_grid"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [SYSTEM_PYTHON, "-c", _GUI_CHECK, str(plugins)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and "DONE" in run.stdout, run.stdout[-3000:] + run.stderr[-3000:]
    assert "BAR: Service Grid needs the Python package shapely 2.0" in run.stdout
    assert "BUTTON: True" in run.stdout and "DOCK: None" in run.stdout
    assert "ALGS: {}".format(len(ALGORITHMS)) in run.stdout
