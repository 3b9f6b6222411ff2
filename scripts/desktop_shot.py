"""Run inside the real QGIS desktop (``qgis.bin --code``) by scripts/screenshots.sh.

Sets the scene for the screenshot named by $SG_SHOT, grabs the screen into docs/, and quits.
"""

import os
import tempfile

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface, plugins

ROOT = os.environ["SG_ROOT"]
SHOT = os.environ.get("SG_SHOT", "menu")
DOCS = os.path.join(ROOT, "docs")


def grab(name: str) -> None:
    screen = QgsApplication.primaryScreen()
    screen.grabWindow(0).save(os.path.join(DOCS, name + ".png"), "PNG")


def quit_later(delay=500):
    QTimer.singleShot(delay, _quit)


def _quit():
    """Close QGIS's project, then quit: QGIS 3.40 (and 3.22) crash at exit (signal 11) when the
    application quits with a project still loaded, without our plugin too; with the project
    cleared first it exits with 0."""
    QgsProject.instance().clear()
    QgsApplication.instance().quit()


#: createproject's LANGUAGE choices.
CHINESE, ENGLISH = 1, 2


def sample_project(grids=False, language=CHINESE) -> str:
    """A project GeoPackage made from the sample city with the plugin's algorithms (a
    Chinese project unless ``language`` is :data:`ENGLISH`)."""
    import processing

    folder = tempfile.mkdtemp()
    out = os.path.join(folder, "sample_project.gpkg")
    sample = os.path.join(ROOT, "resources", "sample")
    processing.run(
        "servicegrid:createproject",
        {
            "INPUT": os.path.join(sample, "sample_city.gpkg") + "|layername=communities",
            "POPULATION_FIELD": "population",
            "NEST_FIELD": "district_code",
            "OUTLETS": os.path.join(sample, "sample_city.gpkg") + "|layername=outlets",
            "STAFF": os.path.join(sample, "staff.csv"),
            "LANGUAGE": language,
            "OUTPUT": out,
        },
    )
    if grids:
        processing.run(
            "servicegrid:buildgrids",
            {
                "INPUT": out + "|layername=units",
                "POPULATION_FIELD": "population",
                "NEST_FIELD": "nest",
                "TARGET_POPULATION": 20000,
                "TOLERANCE": 10,
                "OUTPUT": "TEMPORARY_OUTPUT",
                "OUTPUT_UNITS": "TEMPORARY_OUTPUT",
                "PROJECT": out,
            },
        )
        processing.run(
            "servicegrid:classifygrids",
            {"INPUT": out + "|layername=grids", "OUTPUT": "TEMPORARY_OUTPUT", "PROJECT": out},
        )
    return out


def table(layer) -> str:
    """The GeoPackage table a project layer reads (``grids``, ``feedback``…): names the layer
    whatever the project's language."""
    return layer.source().rpartition("layername=")[2].split("|")[0]


def zoom_and_grab(layer, scale: float, name: str) -> None:
    """Zoom the map to ``layer``'s extent scaled by ``scale``; grab ``name`` 5 s later, quit."""
    canvas = iface.mapCanvas()
    extent = layer.extent()
    extent.scale(scale)
    canvas.setExtent(extent)
    canvas.refresh()
    QTimer.singleShot(5000, lambda: (grab(name), quit_later()))


def fit_window():
    """Fill the virtual screen (Xvfb has no window manager to maximise windows)."""
    window = iface.mainWindow()
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
    for node in QgsProject.instance().layerTreeRoot().findLayers():
        node.setExpanded(table(node.layer()) in ("outlets", "units"))


def shot_menu():
    plugin = plugins["service_grid"]
    plugin.open_project(sample_project())
    fit_window()

    def open_menu():
        menubar = iface.mainWindow().menuBar()
        menubar.setActiveAction(plugin.menu.menuAction())
        name = "desktop_menu_zh" if SHOT.endswith("_zh") else "desktop_menu"
        QTimer.singleShot(1500, lambda: (grab(name), quit_later()))

    QTimer.singleShot(4000, open_menu)


def shot_grids():
    """The sample city's classified grids over the units, zoomed to the city centre."""
    plugin = plugins["service_grid"]
    plugin.open_project(sample_project(grids=True))
    fit_window()
    project = QgsProject.instance()
    for node in project.layerTreeRoot().findLayers():
        name = table(node.layer())
        node.setItemVisibilityChecked(name != "feedback")
        node.setExpanded(name == "grids")
    grids = [lyr for lyr in project.mapLayers().values() if table(lyr) == "grids"][0]
    zoom_and_grab(grids, 0.55, "desktop_grids")


def shot_dock():
    """The Staff and outlets dock on the sample city: staff allocated (by allocatestaff when
    it is there, else by hand through the dock), a few grids selected on the map. The
    Workload tab is shown; SG_DOCK_TAB=assign or run shows another (to check the layout)."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import Qt

    plugin = plugins["service_grid"]
    path = sample_project(grids=True)
    registry = QgsApplication.processingRegistry()
    if registry.algorithmById("servicegrid:allocatestaff") is not None:
        import processing

        processing.run(
            "servicegrid:allocatestaff",
            {
                "GRIDS": path + "|layername=grids",
                "STAFF": path + "|layername=staff",
                "OUTLETS": path + "|layername=outlets",
                "PROJECT": path,
                "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
                "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
            },
        )
    plugin.open_project(path)
    fit_window()
    project = QgsProject.instance()
    for node in project.layerTreeRoot().findLayers():
        name = table(node.layer())
        node.setItemVisibilityChecked(name in ("grids", "outlets"))
        node.setExpanded(False)
    dock = plugin.toggle_staff_dock(True)
    window = iface.mainWindow()
    window.resizeDocks([dock], [620], Qt.Orientation.Horizontal)
    data = dock.data
    if not data.assignments:  # no allocation algorithm yet: assign by hand, two per grid
        staff = [str(s["staff_id"]) for s in data.staff]
        for k in range(len(data) - 6):
            dock.editor.assign(staff[(2 * k) % len(staff) : (2 * k) % len(staff) + 2], [k])
        dock.undo_stack.clear()
    grids = dock.grids_layer()
    central = sorted(range(len(data)), key=lambda r: -data.population[r])[:6]
    grids.selectByIds([data.fids[r] for r in central])
    tab = {"assign": dock.assignTab, "run": dock.runTab}.get(
        os.environ.get("SG_DOCK_TAB"), dock.workloadTab
    )
    dock.tabs.setCurrentWidget(tab)
    dock.select_staff(["S0001", "S0002"])
    dock.splitter.setSizes([430, 470])
    zoom_and_grab(grids, 0.6, "desktop_dock")


NOTES = (
    "排队时间太长",
    "希望增加上门服务",
    "理赔进度很快",
    "咨询养老保险",
    "网点人员态度好",
    "电话无人接听",
    "想了解企业团险",
    "",
    "",
    "",
)


def add_sample_feedback(path: str, count: int = 400, seed: int = 5) -> int:
    """Seeded random feedback in the project's central grids (written with OGR, as a device
    does): categories, ratings, statuses and collection days of the last six weeks."""
    import datetime
    import random
    import uuid

    from osgeo import ogr

    from service_grid.algorithms.core.schema import FEEDBACK_CATEGORIES

    rng = random.Random(seed)
    ds = ogr.Open(path, 1)
    grids = sorted(
        (
            (f.GetField("density") or 0, f.GetField("grid_id"), f.GetGeometryRef().Clone())
            for f in ds.GetLayerByName("grids")
        ),
        key=lambda g: -g[0],
    )[:60]
    layer = ds.GetLayerByName("feedback")
    categories = tuple(code for code, _zh, _en in FEEDBACK_CATEGORIES)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    ds.StartTransaction()
    for _k in range(count):
        _density, grid_id, geometry = grids[min(int(rng.expovariate(1 / 15)), len(grids) - 1)]
        minx, maxx, miny, maxy = geometry.GetEnvelope()
        while True:
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
            if geometry.Contains(point):
                break
        when = now - datetime.timedelta(minutes=rng.randint(60, 42 * 24 * 60))
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        status = "resolved" if rng.random() < 0.35 else "open"
        feature = ogr.Feature(layer.GetLayerDefn())
        for key, value in {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "grid_id": grid_id,
            "staff_id": "S{:04d}".format(rng.randint(1, 150)),
            "collected_at": stamp,
            "category": rng.choice(categories),
            "channel": rng.choice(("visit", "phone", "outlet", "online")),
            "rating": rng.choices((1, 2, 3, 4, 5), (1, 2, 3, 5, 4))[0],
            "response_minutes": round(rng.expovariate(1 / 40), 1),
            "customer_type": rng.choice(("individual", "individual", "enterprise")),
            "notes": rng.choice(NOTES) or None,
            "status": status,
            "resolved_at": (when + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            if status == "resolved"
            else None,
            "device_id": "device-{}".format(rng.randint(1, 9)),
            "rev": 1,
            "updated_at": stamp,
        }.items():
            if value is not None:
                feature.SetField(key, value)
        feature.SetGeometry(point)
        layer.CreateFeature(feature)
    ds.CommitTransaction()
    ds = None  # noqa: F841 (closes the file)
    return count


def _feedback_scene(language=CHINESE):
    """The sample city with grids and feedback, the feedback dock open on it."""
    from qgis.PyQt.QtCore import Qt

    plugin = plugins["service_grid"]
    path = sample_project(grids=True, language=language)
    add_sample_feedback(path)
    plugin.open_project(path)
    fit_window()
    project = QgsProject.instance()
    for node in project.layerTreeRoot().findLayers():
        name = table(node.layer())
        node.setItemVisibilityChecked(name in ("grids", "feedback", "outlets"))
        node.setExpanded(name == "feedback")
    dock = plugin.toggle_feedback_dock(True)
    iface.mainWindow().resizeDocks([dock], [600], Qt.Orientation.Horizontal)
    dock.listSplitter.setSizes([520, 260])
    return plugin, dock


def _central_extent(dock, scale):
    layer = dock.store.layer("feedback")
    extent = layer.extent()
    extent.scale(scale)
    return extent


def _package_with_edits(dock) -> str:
    """A field package of S0001 (the three busiest grids) made by createfieldpackage, then
    edited as a device does (new rows, an edit, a row out of range) while the office edits
    some of the same rows: what a sync with conflicts and rejected rows looks like."""
    import uuid

    import processing
    from osgeo import ogr

    path = dock.store.path
    busiest = [s.grid_id for s in sorted(dock.summary_model.summary(), key=lambda s: -s.count)[:3]]
    ds = ogr.Open(path, 1)
    layer = ds.GetLayerByName("assignments")
    for grid_id in busiest:
        feature = ogr.Feature(layer.GetLayerDefn())
        for key, value in (
            ("uuid", str(uuid.uuid4())),
            ("staff_id", "S0001"),
            ("grid_id", grid_id),
            ("role", "agent"),
        ):
            feature.SetField(key, value)
        layer.CreateFeature(feature)
    ds = None
    package = os.path.join(os.path.dirname(path), "field", "S0001.gpkg")
    os.makedirs(os.path.dirname(package), exist_ok=True)
    processing.run(
        "servicegrid:createfieldpackage", {"PROJECT": path, "STAFF_ID": "S0001", "OUTPUT": package}
    )
    ds = ogr.Open(package, 1)
    layer = ds.GetLayerByName("feedback")
    rows = [(f.GetFID(), f.GetField("uuid")) for f in layer][:6]
    grids = {
        f.GetField("grid_id"): f.GetGeometryRef().PointOnSurface()
        for f in ds.GetLayerByName("grids")
    }
    ds.StartTransaction()
    for k, (grid_id, point) in enumerate(sorted(grids.items()) * 2):
        feature = ogr.Feature(layer.GetLayerDefn())
        for key, value in (
            ("uuid", str(uuid.uuid4())),
            ("grid_id", grid_id),
            ("staff_id", "S0001"),
            ("collected_at", "2026-11-20T09:0{}:00Z".format(k)),
            ("category", "service_speed"),
            ("rating", 9 if k == 5 else 3),
            ("status", "open"),
            ("rev", 1),
            ("updated_at", "2026-11-20T09:00:00Z"),
        ):
            feature.SetField(key, value)
        moved = ogr.Geometry(ogr.wkbPoint)
        moved.AddPoint_2D(point.GetX() + 30 * k, point.GetY())
        feature.SetGeometry(moved)
        layer.CreateFeature(feature)
    for fid, _uuid in rows[:3]:
        feature = layer.GetFeature(fid)
        feature.SetField("notes", "外业：已回访客户")
        feature.SetField("rev", (feature.GetField("rev") or 1) + 1)
        feature.SetField("updated_at", "2026-11-21T10:00:00Z")
        layer.SetFeature(feature)
    ds.CommitTransaction()
    ds = None
    ds = ogr.Open(path, 1)
    for _fid, uid in rows[:2]:
        ds.ExecuteSQL(
            "UPDATE feedback SET notes = '办公室：已电话联系', rev = rev + 1, "
            "updated_at = '2026-11-22T08:00:00Z' WHERE uuid = '{}'".format(uid)
        )
    ds = None
    dock.reload()
    return package


def shot_feedback():
    """The Feedback dock on the sample city with a few hundred feedback points: the list
    (open items, newest first), the per-grid counts and ratings, a grid's items selected on
    the map. SG_FEEDBACK_TAB=sync shows the Sync tab after a sync with conflicts."""
    _plugin, dock = _feedback_scene()
    if os.environ.get("SG_FEEDBACK_TAB") == "sync":
        package = _package_with_edits(dock)
        dock.tabs.setCurrentWidget(dock.syncTab)
        dock.add_packages([os.path.dirname(package)])
        dock.syncFinished.connect(
            lambda _ok: QTimer.singleShot(
                3000, lambda: (grab("desktop_feedback_sync"), quit_later())
            )
        )
        dock.run_sync()
        return
    dock.set_filter(status="open")
    busiest = max(dock.summary_model.summary(), key=lambda s: s.count).grid_id
    rows = [
        r for r in range(dock.model.rowCount()) if dock.data.grid[dock.model.record(r)] == busiest
    ]
    dock.select_records(dock.model.record(r) for r in rows)
    canvas = iface.mapCanvas()
    canvas.setExtent(_central_extent(dock, 0.7))
    canvas.refresh()
    QTimer.singleShot(5000, lambda: (grab("desktop_feedback"), quit_later()))


def shot_form():
    """The feedback form opened over the map by a click with "Add feedback" (values typed)."""
    _plugin, dock = _feedback_scene()
    dialog = _feedback_form(dock, "客户反映网点排队时间太长，希望增加周末服务。", "养老保险")
    window = iface.mainWindow().geometry()
    dialog.resize(520, 720)
    dialog.move(window.x() + 10, window.y() + 130)  # over the layers: the point stays in view
    QTimer.singleShot(5000, lambda: (grab("desktop_form"), dialog.reject(), quit_later()))


def allocate_staff(path: str) -> None:
    """Staff assigned to the grids of the project ``path`` (at least one per grid, 20,000
    people each), stored into it: the scene of the field-work shots."""
    import processing

    processing.run(
        "servicegrid:allocatestaff",
        {
            "GRIDS": path + "|layername=grids",
            "STAFF": path + "|layername=staff",
            "OUTLETS": path + "|layername=outlets",
            "TOTAL_STAFF": 0,
            "MIN_STAFF_PER_GRID": 1,
            "STAFF_CAPACITY": 20000,
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
            "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
            "PROJECT": path,
        },
    )


def shot_team_packages():
    """The Sync tab's "Packages for the team…" chooser on the sample city (staff allocated to
    the grids), filtered to one district, over the Feedback dock."""
    _plugin, dock = _feedback_scene(language=ENGLISH)
    path = dock.store.path
    allocate_staff(path)
    dock.tabs.setCurrentWidget(dock.syncTab)
    dialog = dock.sync.show_team_dialog()
    dialog.modeCombo.setCurrentIndex(2)  # by district
    dialog.filterCombo.setCurrentIndex(min(1, dialog.filterCombo.count() - 1))
    window = iface.mainWindow().geometry()
    dialog.setGeometry(window.x() + 300, window.y() + 140, 560, 620)
    QTimer.singleShot(4000, lambda: (grab("desktop_team_packages"), dialog.reject(), quit_later()))


def shot_visits():
    """The Feedback dock's Visits tab on a field package, as the field worker sees it: the
    sample city's customers imported, staff allocated, follow-up visits assigned by
    assignvisits (enterprise renewals that fell due last week, claim follow-ups due in two
    weeks), the package of the busiest staff member made by createfieldpackage and opened in
    the dock, two visits marked done and one not reached there; all visits listed."""
    import datetime

    import processing
    from osgeo import ogr
    from qgis.PyQt.QtCore import Qt

    chinese = SHOT.endswith("_zh")
    _plugin, dock = _feedback_scene(language=CHINESE if chinese else ENGLISH)
    path = dock.store.path
    processing.run(
        "servicegrid:importcustomers",
        {
            "PROJECT": path,
            "INPUT": os.path.join(ROOT, "resources", "sample", "customers.csv"),
            "REPLACE": True,
        },
    )
    allocate_staff(path)
    today = datetime.date.today()
    processing.run(  # renewals of enterprise customers that fell due last week: overdue
        "servicegrid:assignvisits",
        {
            "PROJECT": path,
            "EXPRESSION": "\"customer_type\" = 'enterprise'",
            "PURPOSE": 0,
            "DUE_DATE": (today - datetime.timedelta(days=5)).isoformat(),
        },
    )
    processing.run(  # claim follow-ups of some individual customers, due in two weeks
        "servicegrid:assignvisits",
        {
            "PROJECT": path,
            "EXPRESSION": "\"customer_type\" = 'individual' AND \"customer_id\" LIKE '%3'",
            "PURPOSE": 1,
            "DUE_DAYS": 14,
        },
    )
    ds = ogr.Open(path)
    sql = ds.ExecuteSQL(
        "SELECT staff_id, count(*) AS n FROM visits GROUP BY staff_id ORDER BY n DESC LIMIT 1"
    )
    staff_id = next(iter(sql)).GetField("staff_id")
    ds.ReleaseResultSet(sql)
    ds = None
    package = os.path.join(os.path.dirname(path), "field", staff_id + ".gpkg")
    os.makedirs(os.path.dirname(package), exist_ok=True)
    processing.run(
        "servicegrid:createfieldpackage", {"PROJECT": path, "STAFF_ID": staff_id, "OUTPUT": package}
    )
    dock.open_project(package)
    visits = dock.visits
    panel = visits.panel
    panel.visitsOpenOnly.setChecked(False)
    fids = visits.shown_fids()
    visits.select_fids(fids[1:3])
    panel.visitResult.setCurrentIndex(max(0, panel.visitResult.findData("renewed")))
    panel.visitNotes.setText("已续保一年" if chinese else "Renewed, 1 year")
    visits.mark_done()
    visits.select_fids(fids[3:4])
    panel.visitResult.setCurrentIndex(0)
    panel.visitNotes.setText("电话无人接听" if chinese else "No answer")
    visits.mark_not_reached()
    visits.select_fids(fids[:1])
    panel.visitNotes.clear()
    dock.tabs.setCurrentWidget(visits.widget)
    iface.mainWindow().resizeDocks([dock], [780], Qt.Orientation.Horizontal)
    name = "desktop_visits" + ("_zh" if chinese else "")
    QTimer.singleShot(5000, lambda: (grab(name), quit_later()))


def _feedback_form(dock, notes, product):
    """The feedback form opened by a click with "Add feedback" near the centre, values typed."""
    from qgis.core import QgsPointXY

    canvas = iface.mapCanvas()
    extent = _central_extent(dock, 0.35)
    canvas.setExtent(extent)
    canvas.refresh()
    dock.start_adding()
    centre = extent.center()
    crs = canvas.mapSettings().destinationCrs()
    dialog = None
    for dx, dy in ((250, -250), (0, 0)):  # (off the grid's label if possible)
        dialog = dialog or dock.add_feedback_at(QgsPointXY(centre.x() + dx, centre.y() + dy), crs)
    if dialog is None:  # the centre is in no grid: take a grid's point
        grids = dock.store.layer("grids")
        point = next(grids.getFeatures()).geometry().pointOnSurface().asPoint()
        dialog = dock.add_feedback_at(point, grids.crs())
    form = dialog.attributeForm()
    for field, value in (
        ("category", "service_speed"),
        ("channel", "visit"),
        ("rating", 2),
        ("response_minutes", 45),
        ("customer_type", "individual"),
        ("product_interest", product),
        ("staff_id", "S0012"),
        ("notes", notes),
    ):
        form.changeAttribute(field, value)
    return dialog


def shot_project_en():
    """A project created with LANGUAGE = English (QGIS in English): layer names, legend, field
    aliases and the feedback form's value lists in English."""
    from qgis.PyQt.QtCore import Qt

    _plugin, dock = _feedback_scene(language=ENGLISH)
    dock.setUserVisible(False)
    for node in QgsProject.instance().layerTreeRoot().findLayers():
        node.setExpanded(table(node.layer()) in ("feedback", "grids"))
    iface.mainWindow().resizeDocks([dock], [400], Qt.Orientation.Horizontal)
    dialog = _feedback_form(
        dock, "Long queues at the outlet; asks for weekend opening hours.", "Pension"
    )
    window = iface.mainWindow().geometry()
    dialog.resize(520, 720)
    dialog.move(window.x() + window.width() - 540, window.y() + 130)
    QTimer.singleShot(5000, lambda: (grab("desktop_project_en"), dialog.reject(), quit_later()))


def shot_options():
    """Settings ▸ Options ▸ Service Grid: targets, report language, backups to keep, logging."""
    from qgis.PyQt.QtWidgets import QAbstractItemView, QApplication, QSplitter

    plugins["service_grid"].open_project(sample_project(grids=True))
    fit_window()

    def grab_dialog():
        dialog = QApplication.activeModalWidget()
        window = iface.mainWindow().geometry()
        dialog.setGeometry(window.x() + 250, window.y() + 120, 1000, 600)
        for splitter in dialog.findChildren(QSplitter):
            splitter.setSizes([260, 740])
        for view in dialog.findChildren(QAbstractItemView):  # the page list: ours in view
            try:
                view.scrollTo(view.currentIndex(), QAbstractItemView.ScrollHint.EnsureVisible)
            except (RuntimeError, TypeError):  # (views made in C++ that refuse it)
                pass
        QTimer.singleShot(1500, lambda: (grab("desktop_options"), dialog.reject(), quit_later()))

    QTimer.singleShot(5000, grab_dialog)
    QTimer.singleShot(500, plugins["service_grid"].show_options)  # modal: the timer closes it


def shot_install():
    """A QGIS without shapely 2 (simulated: the dependency check is told shapely is 1.8.5, as
    on Debian 12): the message bar with its "Install missing Python packages…" button, and
    the dialog the button opens (closed without installing anything)."""
    from qgis.PyQt.QtWidgets import QApplication, QPushButton

    from service_grid.algorithms.core import deps

    installed = deps.installed_version
    deps.installed_version = lambda package: (
        "1.8.5" if package == "shapely" else installed(package)
    )
    plugin = plugins["service_grid"]
    fit_window()
    plugin.open_sample()
    bar = iface.messageBar()
    bar.clearWidgets()
    plugin._report_missing(deps.missing_dependencies())

    def grab_box():
        box = QApplication.activeModalWidget()
        window = iface.mainWindow().geometry()
        box.adjustSize()
        box.move(window.x() + 420, window.y() + 330)
        QTimer.singleShot(1500, lambda: (grab("desktop_install"), box.reject(), quit_later()))

    def ask():
        QTimer.singleShot(2000, grab_box)
        bar.findChild(QPushButton, "serviceGrid_installDepsButton").click()  # modal

    QTimer.singleShot(3000, ask)


def shot_quality():
    """servicequality run from Processing on the sample city with seeded feedback: the
    output loaded on the map (styled by its post-processor: colour by average rating, flagged
    grids hatched in red) and its attribute table docked below, showing the flagged grids."""
    import processing
    from qgis.core import QgsFeatureRequest, QgsRectangle, QgsSettings

    plugin = plugins["service_grid"]
    path = sample_project(grids=True)
    add_sample_feedback(path, count=1500, seed=11)
    plugin.open_project(path)
    fit_window()
    project = QgsProject.instance()
    for node in project.layerTreeRoot().findLayers():
        node.setItemVisibilityChecked(table(node.layer()) == "outlets")
        node.setExpanded(False)
    before = set(project.mapLayers())
    # the seeded answers take 40 min on average (p90 about 90 min): a 90-minute standard
    processing.runAndLoadResults(
        "servicegrid:servicequality",
        {"PROJECT": path, "RESPONSE_STANDARD": 90, "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    layer = [project.mapLayer(i) for i in set(project.mapLayers()) - before][0]
    extent = QgsRectangle()
    for feature in layer.getFeatures(
        QgsFeatureRequest().setFilterExpression('"feedback_count" > 0')
    ):
        extent.combineExtentWith(feature.geometry().boundingBox())
    extent.scale(0.75)
    canvas = iface.mapCanvas()
    canvas.setExtent(extent)
    canvas.refresh()
    shown = {"grid_id", "population"} | {
        name
        for name in layer.fields().names()
        if layer.fields().indexOf(name) >= layer.fields().indexOf("feedback_count")
    }
    config = layer.attributeTableConfig()
    columns = config.columns()
    for column in columns:
        column.hidden = bool(column.name) and column.name not in shown
    config.setColumns(columns)
    layer.setAttributeTableConfig(config)
    QgsSettings().setValue("qgis/dockAttributeTable", True)
    attributes = iface.showAttributeTable(layer, '"flagged" = 1')
    layer_id = layer.id()

    def done():
        grab("desktop_quality")
        # QGIS 3.22 crashes at exit when it removes the layers itself here (the styling
        # dock follows the current layer after its widgets are gone): clear the project first
        attributes.close()
        project.removeMapLayer(layer_id)
        project.clear()
        quit_later(1500)

    QTimer.singleShot(6000, done)


def shot_quality_dialog():
    """The servicequality dialog as the toolbox opens it (project, standard, dates)."""
    import processing

    plugin = plugins["service_grid"]
    path = sample_project(grids=True)
    plugin.open_project(path)
    fit_window()
    dialog = processing.createAlgorithmDialog(
        "servicegrid:servicequality",
        {"PROJECT": path, "RESPONSE_STANDARD": 45, "DATE_FROM": "2026-11-01"},
    )
    dialog.show()
    window = iface.mainWindow().geometry()
    dialog.resize(1000, 700)
    dialog.move(window.x() + 300, window.y() + 150)
    QTimer.singleShot(4000, lambda: (grab("desktop_quality_dialog"), dialog.close(), quit_later()))


def shot_grid_editor():
    """The Grid editor on the sample city (scripts/editor_shot.py)."""
    import sys

    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import editor_shot

    chinese = SHOT.endswith("_zh")
    editor_shot.shot(
        "grid-editor-zh" if chinese else "grid-editor",
        sample_project,
        fit_window,
        table,
        grab,
        quit_later,
        CHINESE if chinese else ENGLISH,
    )


def shot_buildgrids_dialog():
    """The buildgrids dialog, advanced parameters open (scripts/buildgrids_shot.py)."""
    import sys

    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import buildgrids_shot

    chinese = SHOT.endswith("_zh")
    name = "desktop_buildgrids_dialog" + ("_zh" if chinese else "")
    language = CHINESE if chinese else ENGLISH
    buildgrids_shot.shot(name, sample_project, fit_window, table, grab, quit_later, language)


def start():
    {
        "menu": shot_menu,
        "menu_zh": shot_menu,
        "grids": shot_grids,
        "dock": shot_dock,
        "feedback": shot_feedback,
        "form": shot_form,
        "team_packages": shot_team_packages,
        "visits": shot_visits,
        "visits_zh": shot_visits,
        "quality": shot_quality,
        "quality_dialog": shot_quality_dialog,
        "project_en": shot_project_en,
        "options": shot_options,
        "install": shot_install,
        "grid_editor": shot_grid_editor,
        "grid_editor_zh": shot_grid_editor,
        "buildgrids_dialog": shot_buildgrids_dialog,
        "buildgrids_dialog_zh": shot_buildgrids_dialog,
    }[SHOT]()


QTimer.singleShot(1000, start)
