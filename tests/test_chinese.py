"""QGIS in Chinese: no English code or parameter id inside Chinese text, and projects in the
language chosen (issue 12, item 3)."""

import os
import re
import shutil

import pytest
from conftest import build_small_project
from datasets import (
    add_feedback,
    grid_points,
    run_classifygrids,
    sql,
    units_layer,
    write_assignments,
)
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsProject

from service_grid.algorithms.core import classify, labels, schema
from service_grid.algorithms.project_template import project_uri, read_project
from service_grid.plugin import i18n

STAFF = [("S{:02d}".format(i), "员工{}".format(i)) for i in range(1, 7)]

#: What must not appear in a Chinese log line or message: catalogue codes, method names and
#: the ids of parameters.
CODES = re.compile(
    r"\b(urban_core|urban|suburban|rural|high|middle|basic|branch_premium|center_team|"
    r"point_agents|mobile_basic|heuristic|exact|coverage|p-median|pmedian|STAFF_CAPACITY|"
    r"TOTAL_STAFF|MIN_STAFF_PER_GRID|RESPONSE_STANDARD|LANGUAGE|TARGET_POPULATION|GRID_COUNT|"
    r"STAFF_ID|NEW_OUTLETS|PROJECT|QUALITY_FIELD|POPULATION_FIELD|PACKAGES)\b"
)


class Recorder(QgsProcessingFeedback):
    """Every line an algorithm logs."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802 (QGIS API)
        self.lines.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning):  # noqa: N802 (QGIS API)
        self.lines.append(warning)
        super().pushWarning(warning)

    def reportError(self, error, fatalError=False):  # noqa: N802, N803 (QGIS API)
        self.lines.append(error)
        super().reportError(error, fatalError)


@pytest.fixture
def chinese(plugin):
    """The plugin's zh_CN translation installed for one test."""
    assert i18n.install_translator("zh_CN") is not None
    yield
    i18n.install_translator("en_US")


@pytest.fixture(scope="module")
def city(plugin, qgis_processing, tmp_path_factory):
    """A 6 × 6 km Chinese project with grids, two outlets and six staff."""
    folder = tmp_path_factory.mktemp("chinese")
    return build_small_project(
        folder,
        [(s, n, 20000) for s, n in STAFF],
        [
            {"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"},
            {"outlet_id": "O2", "name": "二号", "kind": "mobile", "wkt": "POINT(404500 3504500)"},
        ],
    )


def _clean(lines):
    """The lines that show an English code or parameter id (QGIS's own "Results: {…}" line,
    the results dictionary for scripts, is not ours)."""
    return [line for line in lines if CODES.search(line) and not line.startswith("Results: {")]


def test_labels_follow_the_interface_language(chinese):
    assert labels.ui_language() == "zh"
    assert classify.ui_label(classify.DENSITY_CLASSES, "urban_core") == "城市核心"
    assert labels.core_parameter("STAFF_CAPACITY") == "“单人服务人口容量”"
    i18n.install_translator("en_US")
    assert labels.ui_language() == "en"
    assert (
        classify.ui_label(classify.STRATEGIES, "mobile_basic") == "Mobile service + basic products"
    )
    assert labels.core_parameter("STAFF_CAPACITY") == (
        "'Population one person can serve' (STAFF_CAPACITY)"
    )


def test_the_loop_logs_labels_not_codes(chinese, city, run_alg, tmp_path):
    project = str(tmp_path / "city.gpkg")
    shutil.copy(city, project)
    lines = []

    feedback = Recorder()
    classified = run_alg(
        "servicegrid:classifygrids",
        {"INPUT": project + "|layername=grids", "OUTPUT": "TEMPORARY_OUTPUT", "PROJECT": project},
        feedback,
    )
    lines += feedback.lines
    assert any(line.startswith("密度等级：") or "城" in line for line in feedback.lines)
    # a temporary output under Chinese has a readable name (its description)
    assert classified["OUTPUT"].name() == "分类后的网格"

    feedback = Recorder()
    run_alg(
        "servicegrid:allocatestaff",
        {
            "GRIDS": project + "|layername=grids",
            "STAFF": project + "|layername=staff",
            "OUTLETS": project + "|layername=outlets",
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
            "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
            "PROJECT": project,
        },
        feedback,
    )
    lines += feedback.lines
    assert any("方法：" in line for line in feedback.lines)

    feedback = Recorder()
    run_alg(
        "servicegrid:siteoutlets",
        {
            "GRIDS": project + "|layername=grids",
            "CANDIDATES": project + "|layername=outlets",
            "NEW_OUTLETS": 1,
            "METHOD": 1,
            "SERVICE_RADIUS": 2000,
            "OUTPUT_OUTLETS": "TEMPORARY_OUTPUT",
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
        },
        feedback,
    )
    lines += feedback.lines
    assert any("中位数选址" in line for line in feedback.lines)

    grid, (x, y) = next(iter(grid_points(project).items()))
    add_feedback(
        project,
        [
            {"grid_id": grid, "x": x, "y": y, "response_minutes": 90.0, "rating": 2},
            {"grid_id": grid, "x": x, "y": y, "response_minutes": 10.0, "rating": 5},
        ],
        defaults={"collected_at": "2026-11-02T08:00:00Z"},
    )
    feedback = Recorder()
    run_alg(
        "servicegrid:servicequality",
        {"PROJECT": project, "OUTPUT": "TEMPORARY_OUTPUT"},
        feedback,
    )
    lines += feedback.lines

    feedback = Recorder()
    out = str(tmp_path / "staffing.xlsx")
    run_alg("servicegrid:exportstaffing", {"PROJECT": project, "OUTPUT": out}, feedback)
    lines += feedback.lines
    assert os.path.exists(out)

    assert lines and not _clean(lines), _clean(lines)


def test_messages_name_parameters_by_their_labels(chinese, city, run_alg, tmp_path):
    messages = []
    not_a_project = units_layer(str(tmp_path)).split("|")[0]
    cases = [
        (
            "servicegrid:allocatestaff",
            {
                "GRIDS": city + "|layername=grids",
                "STAFF": city + "|layername=staff",
                "TOTAL_STAFF": 3,
                "MIN_STAFF_PER_GRID": 2,
                "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
                "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
            },
            "每个网格最少人数",
        ),
        (
            "servicegrid:servicequality",
            {"PROJECT": not_a_project, "OUTPUT": "TEMPORARY_OUTPUT"},
            "项目",
        ),
        (
            "servicegrid:createfieldpackage",
            {"PROJECT": city, "STAFF_ID": "NOBODY", "OUTPUT": str(tmp_path / "p.gpkg")},
            "工号",
        ),
    ]
    for alg_id, params, label in cases:
        with pytest.raises(QgsProcessingException) as err:
            run_alg(alg_id, params)
        messages.append(str(err.value))
        assert label in str(err.value), str(err.value)
    assert not _clean(messages), messages


@pytest.mark.parametrize("choice, language", [(1, "zh"), (2, "en")], ids=["chinese", "english"])
def test_project_in_the_language_chosen(run_alg, tmp_path, choice, language):
    out = str(tmp_path / "project.gpkg")
    params = {
        "INPUT": units_layer(str(tmp_path)),
        "UNIT_ID_FIELD": "code",
        "POPULATION_FIELD": "pop",
        "NEST_FIELD": "street",
        "LANGUAGE": choice,
        "OUTPUT": out,
    }
    run_alg("servicegrid:createproject", params)
    assert sql(out, "SELECT value FROM sg_meta WHERE key='language'") == [(language,)]
    project = QgsProject()
    assert project.read(project_uri(out))
    layers = {lyr.source().split("layername=")[-1]: lyr for lyr in project.mapLayers().values()}
    zh = language == "zh"
    for name in ("units", "grids", "outlets", "feedback"):
        definition = schema.LAYERS_BY_NAME[name]
        assert layers[name].name() == (definition.title_zh if zh else definition.title_en)
    units = layers["units"]
    assert units.attributeAlias(units.fields().indexOf("population")) == (
        "人口" if zh else "Population"
    )
    feedback = layers["feedback"]
    category = feedback.editorWidgetSetup(feedback.fields().indexOf("category"))
    assert ({"投诉": "complaint"} if zh else {"Complaint": "complaint"}) in category.config()["map"]
    rating = feedback.fields().indexOf("rating")
    message = feedback.constraintDescription(rating)
    assert ("评分" in message) if zh else message.startswith("Rating")
    legend = [c.label() for c in layers["outlets"].renderer().categories()]
    assert ("分支机构" in legend) if zh else ("Branch" in legend and "分支机构" not in legend)
    # field names are the data model: the same in every language
    assert "population" in units.fields().names()


def test_field_package_inherits_the_project_language(run_alg, city, tmp_path):
    english = str(tmp_path / "english.gpkg")
    shutil.copy(city, english)
    sql_path = english
    import sqlite3

    con = sqlite3.connect(sql_path)
    with con:
        con.execute("DELETE FROM sg_meta WHERE key='language'")
        con.execute("INSERT INTO sg_meta (key, value) VALUES ('language', 'en')")
    con.close()
    grid = sql(english, "SELECT grid_id FROM grids LIMIT 1")[0][0]
    write_assignments(english, [("S01", grid)])
    out = str(tmp_path / "s01.gpkg")
    run_alg(
        "servicegrid:createfieldpackage", {"PROJECT": english, "STAFF_ID": "S01", "OUTPUT": out}
    )
    assert sql(out, "SELECT value FROM sg_meta WHERE key='language'") == [("en",)]
    project = QgsProject()
    assert read_project(project, out)
    names = {lyr.name() for lyr in project.mapLayers().values()}
    assert schema.FEEDBACK.title_en in names and schema.FEEDBACK.title_zh not in names


def test_message_bar_title_is_translated(chinese):
    from service_grid.plugin import log

    assert log.bar_title() == "服务网格"


def test_classify_count_outputs_are_described_by_labels(chinese):
    from service_grid.algorithms.classify_grids import ClassifyGridsAlgorithm

    alg = ClassifyGridsAlgorithm()
    alg.initAlgorithm()
    description = alg.outputDefinition("DENSITY_URBAN_CORE_COUNT").description()
    assert "城市核心" in description and not CODES.search(description)


def test_run_classify_helper_still_works(city, tmp_path):
    """The shared helper keeps making Chinese projects (LANGUAGE 1) for the other tests."""
    project = str(tmp_path / "c.gpkg")
    shutil.copy(city, project)
    run_classifygrids(project)
    assert sql(project, "SELECT value FROM sg_meta WHERE key='language'") == [("zh",)]


def test_grids_by_density_and_income_in_chinese(chinese, run_alg, tmp_path):
    """buildgrids' new parameters have Chinese labels, logs Chinese lines without codes, takes
    Chinese class names and the 工作量 keyword, and names its parameters in Chinese errors."""
    from qgis.core import QgsApplication
    from test_grids_demand import _layer, _river, demand_rows

    alg = QgsApplication.processingRegistry().createAlgorithmById("servicegrid:buildgrids")
    for key, words in (
        ("BALANCE", "均衡依据"),
        ("HOMOGENEITY", "收入同质性"),
        ("TARGET_FIELD", "目标人口字段"),
        ("DENSITY_TARGETS", "按密度等级的目标人口"),
        ("BARRIERS", "障碍"),
        ("CROSSINGS", "通道"),
    ):
        assert words in alg.parameterDefinition(key).description(), key
    layer = _layer(tmp_path, demand_rows())
    feedback = Recorder()
    result = run_alg(
        "servicegrid:buildgrids",
        {
            "INPUT": layer,
            "POPULATION_FIELD": "pop",
            "INCOME_FIELD": "income",
            "TARGET_POPULATION": 8000,
            "BALANCE": ["pop", 1, 10, "工作量", 1, 15],
            "HOMOGENEITY": 0.5,
            "DENSITY_TARGETS": ["城郊", 7000],
            "BARRIERS": _river(tmp_path, 400000.0 + 7 * 500),
            "OUTPUT": str(tmp_path / "zh.gpkg"),
        },
        feedback,
    )
    assert result["BALANCE_REPORT"].splitlines()[1].startswith("工作量：变异系数")
    logged = "\n".join(feedback.lines)
    for words in ("各均衡变量的均衡情况", "收入：", "障碍线切断了", "分区目标"):
        assert words in logged, words
    assert not _clean(feedback.lines), _clean(feedback.lines)
    with pytest.raises(QgsProcessingException) as err:
        run_alg(
            "servicegrid:buildgrids",
            {
                "INPUT": layer,
                "POPULATION_FIELD": "pop",
                "DENSITY_TARGETS": ["市中心", 7000],
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
        )
    message = str(err.value)
    assert "按密度等级的目标人口" in message and "城市核心、城区、城郊、农村" in message
    assert not _clean([message]), message
