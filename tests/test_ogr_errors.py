"""The core turns GDAL/OGR/OSR exceptions on for its own calls only (no QGIS needed).

Importing the core and calling its GDAL/OGR functions (gpkg, fieldsync, siting_store) leaves
each module's exception mode as the caller had it: never chosen, chosen off, or on. An OGR error
inside a core call still raises. Each mode is checked in a fresh interpreter, as the error mode
is process-wide state.
"""

import json
import subprocess

import device
import pytest
from conftest import ROOT
from osgeo import gdal, ogr, osr

from service_grid.algorithms.core.ogr_errors import ogr_exceptions

_MODULES = (gdal, ogr, osr)

_SCRIPT = r"""
import importlib.util, json, os, sys, tempfile
root, mode = sys.argv[1:3]
from osgeo import gdal, ogr, osr
MODULES = (gdal, ogr, osr)
if mode == "on":
    for module in MODULES:
        module.UseExceptions()
elif mode == "off":
    for module in MODULES:
        module.DontUseExceptions()


def state():
    chosen = [
        getattr(m, "_UserHasSpecifiedIfUsingExceptions", lambda: None)() for m in MODULES
    ]
    return {"use": [int(m.GetUseExceptions()) for m in MODULES], "chosen": chosen}


states = {"start": state()}
spec = importlib.util.spec_from_file_location(
    "service_grid", os.path.join(root, "__init__.py"), submodule_search_locations=[root])
package = importlib.util.module_from_spec(spec)
sys.modules["service_grid"] = package
spec.loader.exec_module(package)
from service_grid.algorithms.core import fieldsync, gpkg, schema, siting_store
states["imported"] = state()
srs = osr.SpatialReference()
srs.ImportFromEPSG(32650)
folder = tempfile.mkdtemp()
path = os.path.join(folder, "p.gpkg")
gpkg.create_project_gpkg(path, srs.ExportToWkt(), {}, {"created_with": "test"})
states["created"] = state()
project_id = fieldsync.ensure_project_id(path)
outlets = siting_store.project_outlet_ids(path)
conflicts = fieldsync.list_conflicts(path)
states["called"] = state()
ds = ogr.Open(path, 1)
raised = ""
try:
    gpkg.create_layer(ds, schema.GRIDS, None)  # the layer exists: an OGR error
except RuntimeError as err:
    raised = str(err)
ds = None
states["failed"] = state()
print(json.dumps({"states": states, "raised": raised, "project_id": project_id,
                  "outlets": outlets, "conflicts": len(conflicts)}))
"""


@pytest.mark.parametrize("mode", ["unset", "off", "on"])
def test_core_calls_leave_the_exception_mode_as_it_was(mode):
    proc = subprocess.run(
        [device.PYTHON, "-c", _SCRIPT, ROOT, mode], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    states = out["states"]
    start = states["start"]
    assert start["use"] == ([1, 1, 1] if mode == "on" else [0, 0, 0])
    for stage in ("imported", "created", "called", "failed"):
        assert states[stage] == start, stage
    assert "already exists" in out["raised"]
    assert out["project_id"] and out["outlets"] == [] and out["conflicts"] == 0


def test_the_context_restores_each_mode_and_errors_raise():
    before = [m.GetUseExceptions() for m in _MODULES]
    with ogr_exceptions():
        assert [m.GetUseExceptions() for m in _MODULES] == [1, 1, 1]
        with ogr_exceptions():  # calls nest
            assert [m.GetUseExceptions() for m in _MODULES] == [1, 1, 1]
        assert [m.GetUseExceptions() for m in _MODULES] == [1, 1, 1]
        with pytest.raises(RuntimeError):
            ogr.CreateGeometryFromWkt("POINT (")
        with pytest.raises(RuntimeError):
            osr.SpatialReference().ImportFromEPSG(999999)
    assert [m.GetUseExceptions() for m in _MODULES] == before
    with pytest.raises(RuntimeError), ogr_exceptions():
        gdal.OpenEx("/nonexistent/service-grid/none.gpkg", gdal.OF_VECTOR)
    assert [m.GetUseExceptions() for m in _MODULES] == before
