#!/usr/bin/env python3
"""Generate the synthetic sample city shipped with the Service Grid plugin.

The city is invented: a Chinese prefecture-level city of about three million people with a
dense urban core, suburbs, rural townships and a meandering river. Communities are an irregular
tessellation (a density-weighted, blue-noise Voronoi diagram with wiggled edges) cut by an
irregular city boundary and the river; streets are contiguous groups of communities and
districts are contiguous groups of streets. Every random draw comes from one numpy generator
seeded with SEED, so the attributes are identical on every run.

Run from the repository root (the outputs beside this script are overwritten)::

    .venv/bin/python resources/sample/make_sample.py

Outputs: sample_city.gpkg (layers communities, outlets, candidates; EPSG:32650), staff.csv
(UTF-8 with BOM) and staff.xlsx. Only numpy, scipy, shapely, GDAL/OGR and openpyxl are used;
QGIS is not needed.
"""

from __future__ import annotations

import csv
import datetime
import math
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import shapely
from openpyxl import Workbook
from openpyxl.styles import Font
from osgeo import gdal, ogr, osr
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree
from shapely import affinity
from shapely.geometry import LineString, MultiPoint, MultiPolygon, Point, Polygon

# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------

SEED = 20240521
OUT_DIR = Path(__file__).resolve().parent
GPKG_NAME = "sample_city.gpkg"
CSV_NAME = "staff.csv"
XLSX_NAME = "staff.xlsx"
SHORT_CSV_NAME = "staff_short.csv"  # the roster before the hires: short of the city (on purpose)

EPSG = 32650  # WGS 84 / UTM zone 50N
ORIGIN = (450_000, 4_000_000)  # city centre in EPSG:32650; integers keep the 1 m grid exact
GRID_SIZE = 1.0  # coordinate precision of the shipped geometries, metres

CITY_AREA_KM2 = 4_600.0  # area inside the (irregular) city boundary
CITY_STRETCH = (1.18, 0.85)  # x and y stretch of the boundary: a city wider than tall
BOUNDARY_VERTICES = 2_880
BOUNDARY_HARMONICS = range(2, 200)
BOUNDARY_ROUGHNESS = 0.16  # amplitude of the 2nd harmonic; higher ones decay as k ** -DECAY
BOUNDARY_DECAY = 1.1

# Population density model (people per km2): an urban core, a suburban ring, county seats, small
# town centres and a rural background, modulated by smooth multiplicative noise.
TOTAL_POPULATION = 3_000_000
CORE_PEAK = 30_000.0
CORE_RADIUS_M = 4_000.0
SUBURB_PEAK = 5_000.0
SUBURB_RADIUS_M = 10_000.0
RURAL_DENSITY = 200.0
COUNTY_SEAT_PEAK = 6_000.0
COUNTY_SEAT_RADIUS_M = 1_600.0
TOWN_COUNT = 14
TOWN_PEAK = 1_500.0
TOWN_RADIUS_M = 900.0
TOWN_MIN_DISTANCE_M = 14_000.0  # small towns lie this far from the centre at least
DENSITY_NOISE = 0.30  # standard deviation of the log density noise
URBAN_DENSITY = 1_500.0  # people per km2 from which a community is a 社区 rather than a 村
COMMUNITY_POPULATION = (800, 25_000)  # plausible population of a 社区 ...
VILLAGE_POPULATION = (400, 3_500)  # ... and of a 村
OLD_CORE_RADIUS_M = 3_000.0  # the old town, where residents are older

# Communities: seed points are spread with density proportional to population density ** ALPHA,
# so core communities are small and dense and rural villages large and sparse.
SEED_COUNT = 1_500
SEED_ALPHA = 0.5
SEED_OVERSAMPLING = 6  # candidate points per seed for the dart throwing
SEED_BISECTIONS = 14
SEED_VARIATION = 0.22  # log-scale variation of community size between neighbourhoods ...
SEED_VARIATION_WAVELENGTHS = (2_500.0, 10_000.0)
SEED_JITTER = 0.15  # ... and between single communities
WIGGLE_URBAN = 0.45  # edge wiggle (relative amplitude) in the core ...
WIGGLE_RURAL = 1.00  # ... and in the countryside
WIGGLE_STEP_M = 50.0  # minimum spacing of the vertices inserted into a wiggled edge
WIGGLE_MAX_STEPS = 12
WIGGLE_HARMONICS = np.array([0.08, 0.045, 0.025])  # relative amplitudes of the sine bends
WIGGLE_JITTER = 0.08  # random vertex displacement, relative to the vertex spacing
SMALL_PIECE_FRACTION = 0.22  # a piece smaller than this share of the usual size is merged
MIN_COMPACTNESS = 0.18  # 4 pi A / P^2 below which a small piece counts as a sliver

# River: a band crossing the whole city from west to east, a little north of the centre.
RIVER_WIDTH_M = 320.0
RIVER_OFFSET_M = 2_200.0  # northing of the river at the centre's easting
RIVER_MEANDERS = ((26_000.0, 2_600.0), (9_000.0, 900.0), (3_400.0, 260.0))  # wavelength, amp
RIVER_ANGLE_DEG = 12.0
ISLAND_EASTING_M = -2_600.0  # where the river island (a community of its own) lies
ISLAND_AXES_M = (500.0, 140.0)
ISLAND_CHANNEL_M = 150.0  # width of the channels around the island
BRIDGE_MIN_RATIO = 0.2  # two-part community: its smaller part is at least this share of the other
ISLAND_NAME = "中洲社区"
BRIDGE_NAME = "滨河社区"

STREET_COUNT = 76
STREET_ITERATIONS = 8
STREET_POPULATION_EXPONENT = 0.25  # > 0: streets hold fewer of the populous communities


class DistrictPlan(NamedTuple):
    """Where a district grows from (metres from the centre) and its share of the population."""

    code: str
    name: str
    kind: str  # "urban" district (区) or "county" (县)
    x: float
    y: float
    share: float


# Urban districts cluster around the core (the river separates 河北区 from the old town); the
# outer districts and the two counties share the countryside. The city code 3799 is fictitious.
DISTRICTS = (
    DistrictPlan("379902", "鼓楼区", "urban", 0.0, -1_000.0, 0.14),
    DistrictPlan("379903", "城东区", "urban", 8_000.0, -2_000.0, 0.16),
    DistrictPlan("379904", "城西区", "urban", -8_000.0, -1_500.0, 0.16),
    DistrictPlan("379905", "河北区", "urban", 1_500.0, 6_000.0, 0.16),
    DistrictPlan("379906", "南山区", "urban", 6_000.0, -20_000.0, 0.11),
    DistrictPlan("379907", "新城区", "urban", -18_000.0, 14_000.0, 0.11),
    DistrictPlan("379921", "清河县", "county", 26_000.0, 16_000.0, 0.08),
    DistrictPlan("379922", "安平县", "county", -26_000.0, -14_000.0, 0.08),
)
DISTRICT_DENSITY_EXPONENT = 0.5  # crossing dense streets costs more: core districts stay small
DISTRICT_COST_NOISE = 0.5  # log-normal noise on street-to-street costs: irregular borders

OUTLET_PLAN = (  # kind, count, capacity range (staff), preferred spacing in metres
    ("branch", 4, (18, 30), 3_000.0),
    ("service_center", 8, (8, 14), 6_000.0),
    ("service_point", 16, (3, 6), 5_000.0),
    ("mobile", 12, (1, 2), 7_000.0),
)
PLANNED_OUTLETS = 2
CANDIDATE_COUNT = 120
CANDIDATE_SPACING_M = 400.0

STAFF_COUNT = 150
STAFF_CAPACITY = {  # population one person can serve, by role
    "agent": (15_000, 30_000),
    "claims": (8_000, 15_000),
    "service": (10_000, 20_000),
    "manager": (8_000, 12_000),
}
INACTIVE_SHARE = 0.05
# Agents hired on top of the STAFF_COUNT roster, so that the roster covers the city with a
# margin: 145 active staff can serve 2.9 M people, short of the 3.0 M (kept as
# staff_short.csv); with the hires 195 active staff serve about 4.0 M, a third more than the
# population, which the assignment needs because a person takes whole shares of grids.
HIRES = 50
HIRE_SEED = SEED + 1  # the hires have a generator of their own: the rest stays byte for byte
FIXED_TIMESTAMP = datetime.datetime(2024, 1, 1)  # file metadata, so reruns give the same bytes

# --------------------------------------------------------------------------------------------
# Name pools
# --------------------------------------------------------------------------------------------


def words(text: str) -> tuple[str, ...]:
    """Split a whitespace-separated word list."""
    return tuple(text.split())


# The most common surnames and their approximate share of the population (per cent).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫"
)
SURNAME_SHARES = np.array(
    [
        float(share)
        for share in words(
            "7.1 7.0 6.7 5.4 4.5 3.1 2.2 2.2 2.0 1.9 1.6 1.5 1.4 1.3 1.3 1.2 1.2 1.1 1.1 1.0 "
            "0.9 0.9 0.8 0.7 0.7 0.6 0.6 0.6 0.6 0.6 0.5 0.5 0.5 0.5 0.5 0.4 0.4 0.4 0.4 0.4 "
            "0.4 0.4 0.4 0.4 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.2 0.2 0.2 0.2 "
            "0.2 0.2 0.2 0.2 0.2 0.2 0.2 0.2 0.2 0.2 0.2 0.2 0.2 0.2 0.2 0.2 0.2"
        )
    ]
)
GIVEN_SINGLE = words(
    "伟 强 磊 军 勇 杰 涛 明 超 刚 平 辉 鹏 华 飞 鑫 波 斌 宇 浩 凯 健 俊 帆 旭 宁 龙 林 洋 "
    "阳 峰 东 亮 成 晨 博 芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 雪 慧 颖 琳 倩 洁 萍 红 梅 莉 璐 "
    "晶 欣 悦 佳 琪 蕾 丹 雯 薇"
)
GIVEN_DOUBLE = words(
    "建国 志强 晓燕 秀英 丽娟 海燕 俊杰 子涵 浩然 雨欣 思琪 欣怡 宇航 晨曦 佳怡 梓萱 文博 "
    "建华 志刚 国强 红梅 玉兰 春梅 桂芳 明辉 海涛 晓东 晓明 丽华 秀兰 凤英 淑华 家豪 博文 "
    "雅婷 诗涵 明轩 一鸣 天佑 嘉怡 建军 永强 立新 卫东 志伟 海峰 振华 秀梅 美玲 丽萍 晓丽 "
    "婷婷 丹丹 晓峰 文静 雪梅 春燕 金凤 国华 德明 少华 子轩 思远 若曦 梦瑶 欣然 浩宇 "
    "嘉豪 泽宇 雨桐 语嫣 昊天 俊熙 晓雯 亚楠 利民 新民 长江 学军 玉梅 翠兰 海霞 文华"
)
DOUBLE_GIVEN_SHARE = 0.7  # share of people with a two-character given name

# Roots of urban place names (communities and streets) and their endings.
URBAN_ROOTS = words(
    "和平 幸福 阳光 花园 建设 解放 人民 胜利 文化 新华 东风 朝阳 光明 团结 友谊 前进 红旗 "
    "中山 长江 黄河 青年 工人 北关 南关 东关 西关 鼓楼 府前 站前 滨河 湖滨 振兴 兴华 育才 "
    "长安 中华 民主 建国 永安 康宁 丽景 金桥 锦绣 翠苑 桂园 枫林 明珠 春晖 东湖 西苑 南苑 "
    "北苑 龙泉 泉城 银河 星光 紫荆 玉泉 翡翠 海棠 牡丹 芙蓉 梧桐 松柏 杏林 桃源 柳园 荷花 "
    "兰亭 华苑 华庭 盛世 福寿 安居 祥和 瑞丰 德胜 通达 丰收 五一 七里 八里 三里 新城 东方 "
    "西城 南城 北城 车站 电厂 钢城 纺织 机床 铁路 矿务 师范 学府 书香 文苑 文昌 状元 凤凰 "
    "龙湖 锦园 碧水 青山 绿地 金色 银座 丰泽 广场 火炬 科技 华山 泰山 燕山 玉龙 金鼎 永兴 "
    "太平 万福 长春 延安 北海 南湖 东兴 西营 白云 红星 天桥 洪楼 山水 御园 书院 贡院 会馆"
)
URBAN_PLACE_SUFFIXES = ("", "", "", "里", "街", "路", "苑", "园", "新村", "花园", "家园")
DIRECTION_SUFFIXES = ("", "", "", "", "东", "西", "南", "北", "一", "二", "三")
STREET_SUFFIXES = ("", "", "路", "路", "街")

# Parts of rural place names (villages and townships).
VILLAGE_PREFIXES = ("", "", "", "", "前", "后", "东", "西", "南", "北", "大", "小", "上", "下")
VILLAGE_SUFFIXES = words(
    "家 家 家 庄 庄 家庄 屯 营 集 寨 洼 岭 沟 楼 店 官庄 家洼 庙 桥 坡 堡 铺 湾 口 园"
)
NATURE_ROOTS = words(
    "柳林 石桥 白马 双河 龙泉 青山 桃园 杨柳 黄土 红石 马山 龙山 凤凰 梨园 枣林 杏林 "
    "清水 白沙 黑石 金沙 银杏 松林 荷塘 稻香 麦香 槐树 榆树 柏树 古城 高台 平原 长岭 "
    "三河 五里 八里 十里 大沟 小河 芦苇 莲花 鹿鸣 龙湾 凤山 燕子 卧牛 望湖 临河 沙河"
)
NATURE_VILLAGE_SHARE = 0.2  # villages named after nature rather than a family
NATURE_TOWN_SHARE = 0.5
TOWN_SUFFIXES = words("集 庄 店 桥 营 寨 屯 楼 河 口 铺 坊 寺")

CANDIDATE_KINDS_URBAN = ("临街商铺", "沿街门面", "写字楼底商", "商业综合体", "配套商业用房")
CANDIDATE_KINDS_RURAL = ("临街商铺", "集市门面", "村委会旁门面", "镇区商铺")
PHONE_PREFIXES = words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "166 176 177 180 181 186 187 188 189 199"
)


# --------------------------------------------------------------------------------------------
# Geography
# --------------------------------------------------------------------------------------------


class NoiseField:
    """Smooth random field with unit variance: a sum of random plane waves."""

    def __init__(self, rng: np.random.Generator, waves: int, wavelengths: tuple[float, float]):
        """Draw `waves` plane waves with wavelengths log-uniform in the given range (metres)."""
        angle = rng.uniform(0.0, 2.0 * math.pi, waves)
        wavelength = np.exp(rng.uniform(*np.log(wavelengths), waves))
        self.kx = 2.0 * math.pi * np.cos(angle) / wavelength
        self.ky = 2.0 * math.pi * np.sin(angle) / wavelength
        self.phase = rng.uniform(0.0, 2.0 * math.pi, waves)
        self.scale = math.sqrt(2.0 / waves)

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Evaluate the field at the points (x, y)."""
        x = np.asarray(x, dtype=float)[..., None]
        y = np.asarray(y, dtype=float)[..., None]
        return self.scale * np.cos(x * self.kx + y * self.ky + self.phase).sum(axis=-1)


@dataclass
class DensityModel:
    """Population density (people per km2) in local metres around the city centre."""

    towns: np.ndarray  # rows of (x, y, peak, radius)
    noise: NoiseField

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Evaluate the density at the points (x, y)."""
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        r2 = x**2 + y**2
        density = (
            CORE_PEAK * np.exp(-r2 / CORE_RADIUS_M**2)
            + SUBURB_PEAK * np.exp(-r2 / SUBURB_RADIUS_M**2)
            + RURAL_DENSITY
        )
        for tx, ty, peak, radius in self.towns:
            density = density + peak * np.exp(-((x - tx) ** 2 + (y - ty) ** 2) / radius**2)
        return density * np.exp(DENSITY_NOISE * self.noise(x, y))

    def urbanity(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Return 0 in the open countryside to 1 in the core, on a log density scale."""
        scale = math.log(CORE_PEAK / RURAL_DENSITY)
        return np.clip(np.log(self(x, y) / RURAL_DENSITY) / scale, 0.0, 1.0)


def make_boundary(rng: np.random.Generator) -> Polygon:
    """Draw an irregular, star-shaped city boundary of CITY_AREA_KM2."""
    theta = np.linspace(0.0, 2.0 * math.pi, BOUNDARY_VERTICES, endpoint=False)
    radius = np.ones_like(theta)
    for k in BOUNDARY_HARMONICS:
        amplitude = BOUNDARY_ROUGHNESS * (k / 2.0) ** -BOUNDARY_DECAY * rng.uniform(0.4, 1.0)
        radius += amplitude * np.cos(k * theta + rng.uniform(0.0, 2.0 * math.pi))
    radius = np.maximum(radius, 0.45)
    outline = np.column_stack([radius * np.cos(theta), radius * np.sin(theta)]) * CITY_STRETCH
    scale = math.sqrt(CITY_AREA_KM2 * 1e6 / Polygon(outline).area)
    return Polygon(outline * scale)


def make_density(rng: np.random.Generator, boundary: Polygon) -> DensityModel:
    """Build the density model: county seats at the county plans, small towns elsewhere."""
    towns = [
        (plan.x, plan.y, COUNTY_SEAT_PEAK, COUNTY_SEAT_RADIUS_M)
        for plan in DISTRICTS
        if plan.kind == "county"
    ]
    inland = boundary.buffer(-3_000.0)
    minx, miny, maxx, maxy = boundary.bounds
    wanted = len(towns) + TOWN_COUNT
    while len(towns) < wanted:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if math.hypot(x, y) > TOWN_MIN_DISTANCE_M and inland.contains(Point(x, y)):
            towns.append((x, y, TOWN_PEAK * rng.uniform(0.5, 1.5), TOWN_RADIUS_M))
    return DensityModel(np.array(towns), NoiseField(rng, 32, (5_000.0, 30_000.0)))


def make_river(rng: np.random.Generator, boundary: Polygon) -> tuple[Polygon, Polygon]:
    """Draw a meandering river across the city with a small island in it.

    Returns the water (the band and the channels around the island, island included) and the
    island, on the 1 m grid.
    """
    minx, _, maxx, _ = boundary.bounds
    xs = np.arange(1.3 * minx, 1.3 * maxx, 50.0)
    phases = rng.uniform(0.0, 2.0 * math.pi, len(RIVER_MEANDERS))

    def northing(x: np.ndarray) -> np.ndarray:
        waves = sum(
            amplitude * np.sin(2.0 * math.pi * x / wavelength + phase)
            for (wavelength, amplitude), phase in zip(RIVER_MEANDERS, phases)
        )
        return waves + math.tan(math.radians(RIVER_ANGLE_DEG)) * x

    ys = northing(xs) - northing(np.zeros(1))[0] + RIVER_OFFSET_M
    band = LineString(np.column_stack([xs, ys])).buffer(
        RIVER_WIDTH_M / 2.0, cap_style="flat", quad_segs=4
    )

    ix = ISLAND_EASTING_M
    iy = float(np.interp(ix, xs, ys))
    slope = (np.interp(ix + 50.0, xs, ys) - np.interp(ix - 50.0, xs, ys)) / 100.0
    island = affinity.scale(Point(0, 0).buffer(1.0, quad_segs=12), *ISLAND_AXES_M)
    island = affinity.rotate(island, math.degrees(math.atan(slope)), origin=(0, 0))
    island = affinity.translate(island, ix, iy)
    water = shapely.union(band, island.buffer(ISLAND_CHANNEL_M, quad_segs=8))
    return water, shapely.set_precision(island, GRID_SIZE)


# --------------------------------------------------------------------------------------------
# Communities
# --------------------------------------------------------------------------------------------


def sample_seeds(rng: np.random.Generator, density: DensityModel, land: Polygon) -> np.ndarray:
    """Spread about SEED_COUNT points over land, closer together where more people live.

    Candidates are drawn with density proportional to population density ** ALPHA, then thinned
    by dart throwing: a candidate is kept when no kept point lies within beta times its local
    spacing, with beta found by bisection. Unlike plain random points this gives cells of an
    even size locally; the spacing itself varies smoothly and a little randomly.
    """
    minx, miny, maxx, maxy = land.bounds
    shapely.prepare(land)
    top = (CORE_PEAK * 2.0) ** SEED_ALPHA
    batches: list[np.ndarray] = []
    count = 0
    while count < SEED_OVERSAMPLING * SEED_COUNT:
        x = rng.uniform(minx, maxx, 20_000)
        y = rng.uniform(miny, maxy, 20_000)
        keep = rng.random(x.size) * top < density(x, y) ** SEED_ALPHA
        keep &= shapely.contains_xy(land, x, y)
        batches.append(np.column_stack([x[keep], y[keep]]))
        count += int(keep.sum())
    candidates = np.concatenate(batches)
    variation = NoiseField(rng, 16, SEED_VARIATION_WAVELENGTHS)(*candidates.T)
    spacing = density(*candidates.T) ** (-SEED_ALPHA / 2.0) * np.exp(
        SEED_VARIATION * variation + SEED_JITTER * rng.standard_normal(len(candidates))
    )
    tree = cKDTree(candidates)

    def thin(beta: float) -> np.ndarray:
        kept = np.zeros(len(candidates), dtype=bool)
        for i, near in enumerate(tree.query_ball_point(candidates, beta * spacing)):
            kept[i] = not kept[near].any()
        return kept

    low, high = 0.0, 4.0 * math.sqrt(land.area / SEED_COUNT) / spacing.min()
    for _ in range(SEED_BISECTIONS):
        beta = 0.5 * (low + high)
        if thin(beta).sum() > SEED_COUNT:
            low = beta
        else:
            high = beta
    return candidates[thin(low)]


def wiggle_edge(edge: LineString, amplitude: float, rng: np.random.Generator) -> LineString:
    """Bend a straight edge into a curving, slightly ragged one with the same end points."""
    start, end = np.asarray(edge.coords)[[0, -1]]
    length = float(np.hypot(*(end - start)))
    steps = int(min(WIGGLE_MAX_STEPS, length // WIGGLE_STEP_M))
    if steps < 3:
        return edge
    t = np.linspace(0.0, 1.0, steps + 1)
    coefficients = rng.uniform(-1.0, 1.0, len(WIGGLE_HARMONICS)) * WIGGLE_HARMONICS * amplitude
    offset = length * sum(c * np.sin((k + 1) * math.pi * t) for k, c in enumerate(coefficients))
    offset[1:-1] += rng.normal(0.0, WIGGLE_JITTER * amplitude * length / steps, steps - 1)
    normal = np.array([start[1] - end[1], end[0] - start[0]]) / length
    points = start + np.outer(t, end - start) + np.outer(offset, normal)
    return LineString(points).simplify(GRID_SIZE)


@dataclass
class Tessellation:
    """Community polygons in local metres, and which of them are special."""

    polygons: list
    island: int  # index of the river island community (touches no other community)
    bridge: int  # index of the two-part community on both banks of the river, or -1


def build_tessellation(
    rng: np.random.Generator,
    density: DensityModel,
    boundary: Polygon,
    water: Polygon,
    island: Polygon,
) -> Tessellation:
    """Cut Voronoi cells with wiggled edges by the boundary and the river, on a 1 m grid.

    All edges, the boundary and the river banks are noded and snap-rounded together once, and
    the faces they enclose are grouped back into cells, so neighbours share identical edges.
    """
    land = shapely.difference(boundary, water)
    frame = boundary.buffer(5_000.0).envelope
    seeds = sample_seeds(rng, density, land.buffer(-60.0))
    cells = shapely.get_parts(shapely.voronoi_polygons(MultiPoint(seeds), extend_to=frame))
    clipped = shapely.intersection(cells, land)
    centres = shapely.get_coordinates(shapely.point_on_surface(clipped))
    seed_mass = float(np.sum(density(*centres.T) ** SEED_ALPHA * shapely.area(clipped)))

    def expected_area(points: np.ndarray) -> np.ndarray:
        """Usual area of a community around each point (m2), from the seed density."""
        return seed_mass / (len(seeds) * density(*points.T) ** SEED_ALPHA)

    edges = shapely.get_parts(shapely.unary_union(shapely.boundary(cells)))
    middles = shapely.get_coordinates(shapely.line_interpolate_point(edges, 0.5, normalized=True))
    urbanity = density.urbanity(*middles.T)
    amplitude = WIGGLE_RURAL + (WIGGLE_URBAN - WIGGLE_RURAL) * urbanity
    wiggled = [wiggle_edge(e, a, rng) for e, a in zip(edges, amplitude)]
    wiggled_cells = shapely.get_parts(
        shapely.polygonize(shapely.get_parts(shapely.unary_union(wiggled)))
    )

    rings = [boundary.exterior, *shapely.get_parts(shapely.boundary(water))]
    lines = shapely.unary_union(np.array([*wiggled, *rings]), grid_size=GRID_SIZE)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    probes = shapely.point_on_surface(faces)
    on_land = shapely.contains(boundary, probes) & ~shapely.intersects(water, probes)
    faces, probes = faces[on_land], probes[on_land]

    tree = shapely.STRtree(wiggled_cells)
    owner = np.full(len(faces), -1)
    hits = tree.query(probes, predicate="within")
    owner[hits[0]] = hits[1]
    missing = owner < 0
    if missing.any():
        owner[missing] = tree.query_nearest(probes[missing], all_matches=False)[1]

    pieces: list = []
    cell_of_piece: list[int] = []
    for cell in np.unique(owner):
        for part in shapely.get_parts(shapely.unary_union(faces[owner == cell])):
            pieces.append(part)
            cell_of_piece.append(int(cell))
    bridge = pick_bridge(np.array(pieces, dtype=object), np.array(cell_of_piece), water)

    polygons: list = [p for i, p in enumerate(pieces) if i not in bridge]
    protected = [False] * len(polygons)
    if bridge:
        polygons.append(MultiPolygon([pieces[i] for i in bridge]))
        protected.append(True)
    polygons, protected = merge_small_pieces(polygons, protected, expected_area)
    bridge_index = protected.index(True) if any(protected) else -1
    return Tessellation([*polygons, island], island=len(polygons), bridge=bridge_index)


def pick_bridge(pieces: np.ndarray, cell_of_piece: np.ndarray, water: Polygon) -> list[int]:
    """Find the cell nearest the centre that the river cut into two sizeable parts.

    It stays one two-part community, as if joined by a bridge. Returns its piece indices.
    """
    best: list[int] = []
    best_distance = math.inf
    areas = shapely.area(pieces)
    for cell in np.unique(cell_of_piece):
        index = np.flatnonzero(cell_of_piece == cell)
        if len(index) != 2:
            continue
        small, large = sorted(areas[index])
        if small < BRIDGE_MIN_RATIO * large:
            continue
        if not (shapely.distance(pieces[index], water) < 2.0 * GRID_SIZE).all():
            continue
        distance = shapely.distance(Point(0, 0), shapely.union_all(pieces[index]))
        if distance < best_distance:
            best, best_distance = [int(i) for i in index], distance
    return best


def shared_boundaries(polygons: Sequence) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Find pairs (i < j) of polygons sharing a boundary of positive length, and its length."""
    geoms = np.array(polygons, dtype=object)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    borders = shapely.boundary(geoms)
    length = shapely.length(shapely.intersection(borders[left], borders[right]))
    keep = length > 0.0
    return left[keep], right[keep], length[keep]


def merge_small_pieces(
    polygons: list, protected: list[bool], expected_area: Callable[[np.ndarray], np.ndarray]
) -> tuple[list, list[bool]]:
    """Merge slivers and much-smaller-than-usual pieces into their longest neighbour.

    Small pieces without any neighbour (cut off by the river and the boundary) are dropped.
    Protected polygons are neither merged nor merged into.
    """
    while True:
        geoms = np.array(polygons, dtype=object)
        area = shapely.area(geoms)
        compactness = 4.0 * math.pi * area / shapely.length(geoms) ** 2
        usual = expected_area(shapely.get_coordinates(shapely.point_on_surface(geoms)))
        small = (area < SMALL_PIECE_FRACTION * usual) | (
            (compactness < MIN_COMPACTNESS) & (area < usual)
        )
        small &= ~np.array(protected)
        left, right, length = shared_boundaries(polygons)
        lonely = small & (np.bincount(np.append(left, right), minlength=len(polygons)) == 0)
        if lonely.any():
            polygons = [p for p, drop in zip(polygons, lonely) if not drop]
            protected = [p for p, drop in zip(protected, lonely) if not drop]
            continue

        best: dict[int, tuple[float, int]] = {}
        for i, j, shared in zip(left, right, length):
            for a, b in ((i, j), (j, i)):
                if small[a] and not protected[b] and shared > best.get(a, (0.0, -1))[0]:
                    best[a] = (shared, b)
        busy: set[int] = set()
        removed: set[int] = set()
        for a in sorted(best, key=lambda k: area[k]):
            b = best[a][1]
            if a in busy or b in busy:
                continue
            polygons[b] = shapely.union(polygons[a], polygons[b])
            busy.update((a, b))
            removed.add(a)
        if not removed:
            return polygons, protected
        polygons = [p for i, p in enumerate(polygons) if i not in removed]
        protected = [p for i, p in enumerate(protected) if i not in removed]


# --------------------------------------------------------------------------------------------
# Streets and districts
# --------------------------------------------------------------------------------------------


def graph_from_pairs(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray):
    """Build a symmetric sparse graph from an edge list."""
    rows = np.concatenate([left, right])
    cols = np.concatenate([right, left])
    return csr_matrix((np.concatenate([weight, weight]), (rows, cols)), shape=(n, n))


def nearest_labelled(points: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Give unlabelled (-1) nodes the label of the nearest labelled node."""
    labels = labels.copy()
    known = np.flatnonzero(labels >= 0)
    for i in np.flatnonzero(labels < 0):
        nearest = known[np.argmin(np.hypot(*(points[known] - points[i]).T))]
        labels[i] = labels[nearest]
    return labels


def grow_streets(
    points: np.ndarray, areas: np.ndarray, population: np.ndarray, pairs
) -> np.ndarray:
    """Group communities into STREET_COUNT contiguous streets; return each one's street.

    A k-means on the adjacency graph: farthest-point seeds, then graph Voronoi regions (an edge
    costs about one community hop, more between populous communities) and re-centring, a few
    times. Regions grown by Dijkstra from single seeds are connected by construction; the river
    island, which has no neighbour, joins the street of the nearest community.
    """
    left, right, _ = pairs
    n = len(points)
    step = np.hypot(*(points[left] - points[right]).T)
    crowd = (0.5 * (population[left] + population[right]) / np.median(population)) ** (
        STREET_POPULATION_EXPONENT
    )
    graph = graph_from_pairs(n, left, right, crowd * step / np.sqrt(areas[left] + areas[right]))

    seeds = [int(np.argmin(np.hypot(*points.T)))]
    nearest = dijkstra(graph, indices=seeds[0])
    nearest[~np.isfinite(nearest)] = -1.0
    while len(seeds) < STREET_COUNT:
        seeds.append(int(np.argmax(nearest)))
        distance = dijkstra(graph, indices=seeds[-1])
        nearest = np.where(nearest < 0, nearest, np.minimum(nearest, distance))

    for iteration in range(STREET_ITERATIONS + 1):
        _, _, sources = dijkstra(graph, indices=seeds, min_only=True, return_predecessors=True)
        label_of_seed = {seed: label for label, seed in enumerate(seeds)}
        labels = np.array([label_of_seed.get(int(s), -1) for s in sources])
        if iteration == STREET_ITERATIONS:
            break
        for label in range(len(seeds)):
            members = np.flatnonzero(labels == label)
            centre = np.average(points[members], axis=0, weights=areas[members])
            seeds[label] = int(members[np.argmin(np.hypot(*(points[members] - centre).T))])
    return nearest_labelled(points, labels)


def assign_districts(
    rng: np.random.Generator,
    points: np.ndarray,
    density: np.ndarray,
    population: np.ndarray,
    streets: np.ndarray,
    pairs,
) -> np.ndarray:
    """Group streets into the DISTRICTS; return the district index of each street.

    Balanced region growing on the street adjacency graph: the district furthest below its
    planned population share takes the neighbouring street nearest to its seed, until every
    street is taken, so districts are contiguous. Distances cost more across dense streets,
    which keeps urban districts compact around the core, and random costs make the borders
    irregular.
    """
    left, right, _ = pairs
    count = streets.max() + 1
    people = np.bincount(streets, weights=population, minlength=count)
    centre = np.column_stack(
        [np.bincount(streets, weights=points[:, axis] * population) / people for axis in (0, 1)]
    )
    street_density = np.bincount(streets, weights=density * population) / people

    a, b = streets[left], streets[right]
    keep = a != b
    links = np.unique(np.column_stack([np.minimum(a, b), np.maximum(a, b)])[keep], axis=0)
    a, b = links[:, 0], links[:, 1]
    crowd = (np.sqrt(street_density[a] * street_density[b]) / RURAL_DENSITY) ** (
        DISTRICT_DENSITY_EXPONENT
    )
    noise = rng.lognormal(0.0, DISTRICT_COST_NOISE, len(a))
    graph = graph_from_pairs(count, a, b, crowd * noise * np.hypot(*(centre[a] - centre[b]).T))
    neighbours: list[set[int]] = [set() for _ in range(count)]
    for i, j in links:
        neighbours[i].add(int(j))
        neighbours[j].add(int(i))

    seeds: list[int] = []
    for plan in DISTRICTS:
        order = np.argsort(np.hypot(centre[:, 0] - plan.x, centre[:, 1] - plan.y))
        seeds.append(int(next(s for s in order if s not in seeds)))
    distance = dijkstra(graph, indices=seeds)
    target = np.array([plan.share for plan in DISTRICTS]) * people.sum()
    labels = np.full(count, -1)
    labels[seeds] = np.arange(len(seeds))
    filled = people[seeds] / target
    while (labels < 0).any():
        for district in np.argsort(filled, kind="stable"):
            members = np.flatnonzero(labels == district)
            frontier = sorted({n for m in members for n in neighbours[m] if labels[n] < 0})
            if frontier:
                street = min(frontier, key=lambda n: distance[district, n])
                labels[street] = district
                filled[district] += people[street] / target[district]
                break
        else:
            break  # the rest is unreachable: no street is left without neighbours
    return nearest_labelled(centre, labels)


# --------------------------------------------------------------------------------------------
# Attributes and names
# --------------------------------------------------------------------------------------------


@dataclass
class NameBook:
    """Draws Chinese names that are unique within the book."""

    rng: np.random.Generator
    used: set = field(default_factory=set)

    def pick(self, options: Sequence[str]) -> str:
        """Pick one of the options."""
        return options[int(self.rng.integers(len(options)))]

    def unique(self, make: Callable[[], str]) -> str:
        """Call make() until it returns a name not used yet, and reserve it."""
        for _ in range(1_000):
            name = make()
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("name pool exhausted: add more names")

    def surname(self) -> str:
        """Draw a surname with its real-world frequency."""
        return SURNAMES[int(self.rng.choice(len(SURNAMES), p=SURNAME_WEIGHTS))]

    def people(self, count: int) -> list[str]:
        """Draw full names: a surname and a one- or two-character given name.

        Surnames are drawn by systematic sampling, so that even a small group shows their
        real-world frequencies.
        """
        positions = (self.rng.random() + np.arange(count)) / count
        surnames = np.searchsorted(np.cumsum(SURNAME_WEIGHTS), positions, side="right")
        surnames = np.minimum(surnames, len(SURNAMES) - 1)
        self.rng.shuffle(surnames)
        names = []
        for surname in surnames:
            given = GIVEN_DOUBLE if self.rng.random() < DOUBLE_GIVEN_SHARE else GIVEN_SINGLE
            names.append(self.unique(lambda s=SURNAMES[surname], g=given: s + self.pick(g)))
        return names

    def community(self) -> str:
        """Draw an urban community name (…社区)."""

        def make() -> str:
            root = self.pick(URBAN_ROOTS)
            return root + self.pick(URBAN_PLACE_SUFFIXES) + self.pick(DIRECTION_SUFFIXES)

        return self.unique(make) + "社区"

    def village(self) -> str:
        """Draw a village name (…村)."""

        def make() -> str:
            if self.rng.random() < NATURE_VILLAGE_SHARE:
                return self.pick(VILLAGE_PREFIXES) + self.pick(NATURE_ROOTS)
            return self.pick(VILLAGE_PREFIXES) + self.surname() + self.pick(VILLAGE_SUFFIXES)

        return self.unique(make) + "村"

    def street(self) -> str:
        """Draw a street name (…街道)."""
        return self.unique(lambda: self.pick(URBAN_ROOTS) + self.pick(STREET_SUFFIXES)) + "街道"

    def town(self, suffix: str) -> str:
        """Draw a township name ending with suffix (镇 or 乡)."""

        def make() -> str:
            if self.rng.random() < NATURE_TOWN_SHARE:
                return self.pick(NATURE_ROOTS)
            return self.surname() + self.pick(TOWN_SUFFIXES)

        return self.unique(make) + suffix


SURNAME_WEIGHTS = SURNAME_SHARES / SURNAME_SHARES.sum()


@dataclass(eq=False)
class Community:
    """One row of the communities layer (local coordinates until written)."""

    geometry: Polygon | MultiPolygon
    x: float
    y: float
    street: int
    urban: bool
    population: int
    households: int
    income: float
    elderly_share: float
    youth_share: float
    enterprises: int
    customers: int
    special_name: str = ""
    district: int = -1
    name: str = ""
    unit_id: str = ""
    street_name: str = ""


@dataclass(eq=False)
class Street:
    """A street (街道) or township (镇/乡) and its communities."""

    index: int
    district: int
    members: list[Community] = field(default_factory=list)
    kind: str = ""  # 街道, 镇 or 乡
    name: str = ""
    code: str = ""
    population: int = 0
    x: float = 0.0
    y: float = 0.0


def community_attributes(
    rng: np.random.Generator, density: DensityModel, points: np.ndarray, area_km2: np.ndarray
) -> dict[str, np.ndarray]:
    """Draw the socio-economic attributes of communities at points with the given areas."""
    count = len(points)
    x, y = points.T
    local = density(x, y)
    raw = local * area_km2 * rng.lognormal(0.0, 0.25, count)
    raw *= TOTAL_POPULATION / raw.sum()
    urban = raw / area_km2 >= URBAN_DENSITY
    low = np.where(urban, COMMUNITY_POPULATION[0], VILLAGE_POPULATION[0])
    high = np.where(urban, COMMUNITY_POPULATION[1], VILLAGE_POPULATION[1])
    scale = 1.0
    for _ in range(4):  # a soft lower bound and a hard upper one, then back to the total
        population = np.minimum(np.hypot(raw * scale, low), high)
        scale *= TOTAL_POPULATION / population.sum()
    population = np.round(population).astype(int)

    u = density.urbanity(x, y)
    old_core = np.exp(-((np.hypot(x, y) / OLD_CORE_RADIUS_M) ** 2))
    income = (25_000 + 85_000 * u**1.6) * rng.lognormal(0.0, 0.08, count)
    elderly = 0.12 + 0.09 * old_core + 0.12 * (1 - u) ** 2 + rng.normal(0, 0.015, count)
    youth = 0.16 + 0.10 * np.sin(math.pi * u) ** 2 - 0.03 * old_core + rng.normal(0, 0.015, count)
    enterprise_rate = (0.001 + 0.018 * u**2) * rng.lognormal(0.0, 0.4, count)
    customer_rate = np.clip((0.015 + 0.04 * u) * rng.normal(1.0, 0.15, count), 0.005, 0.08)
    return {
        "population": population,
        "households": np.round(population / (2.6 * rng.normal(1.0, 0.06, count))).astype(int),
        "income": np.round(income, -1),
        "elderly_share": np.round(np.clip(elderly, 0.06, 0.40), 3),
        "youth_share": np.round(np.clip(youth, 0.05, 0.40), 3),
        "enterprises": rng.poisson(population * enterprise_rate),
        "customers": rng.binomial(population, customer_rate),
        "urban": urban,
        "density": local,
    }


def build_communities(
    rng: np.random.Generator, density: DensityModel, tess: Tessellation
) -> tuple[list[Community], list[Street]]:
    """Attach attributes, streets, districts, names and codes to every community."""
    geoms = np.array(tess.polygons, dtype=object)
    points = shapely.get_coordinates(shapely.point_on_surface(geoms))
    area_km2 = shapely.area(geoms) / 1e6
    attrs = community_attributes(rng, density, points, area_km2)
    pairs = shared_boundaries(tess.polygons)
    street_of = grow_streets(points, area_km2, attrs["population"], pairs)
    district_of = assign_districts(
        rng, points, attrs["density"], attrs["population"], street_of, pairs
    )

    communities = [
        Community(
            geometry=geometry,
            x=float(points[i, 0]),
            y=float(points[i, 1]),
            street=int(street_of[i]),
            urban=bool(attrs["urban"][i]),
            population=int(attrs["population"][i]),
            households=int(attrs["households"][i]),
            income=float(attrs["income"][i]),
            elderly_share=float(attrs["elderly_share"][i]),
            youth_share=float(attrs["youth_share"][i]),
            enterprises=int(attrs["enterprises"][i]),
            customers=int(attrs["customers"][i]),
            district=int(district_of[street_of[i]]),
        )
        for i, geometry in enumerate(tess.polygons)
    ]
    communities[tess.island].special_name = ISLAND_NAME
    if tess.bridge >= 0:
        communities[tess.bridge].special_name = BRIDGE_NAME
    streets = name_streets(rng, communities)
    name_communities(rng, streets)
    communities.sort(key=lambda c: c.unit_id)
    return communities, streets


def name_streets(rng: np.random.Generator, communities: list[Community]) -> list[Street]:
    """Decide street kinds and draw their names and 9-digit codes.

    Codes follow the national scheme: 街道 are numbered from 001, 镇 from 101, 乡 from 201.
    """
    by_index: dict[int, Street] = {}
    for c in communities:
        by_index.setdefault(c.street, Street(c.street, c.district)).members.append(c)
    streets = sorted(by_index.values(), key=lambda s: s.index)
    for street in streets:
        people = np.array([c.population for c in street.members])
        urban_people = sum(c.population for c in street.members if c.urban)
        street.population = int(people.sum())
        street.x = float(np.average([c.x for c in street.members], weights=people))
        street.y = float(np.average([c.y for c in street.members], weights=people))
        street.kind = "街道" if urban_people >= 0.5 * street.population else "镇"
    rural = sorted((s for s in streets if s.kind == "镇"), key=lambda s: s.population)
    for street in rural[: len(rural) // 4]:
        street.kind = "乡"  # the smallest townships

    book = NameBook(rng)
    first_number = {"街道": 1, "镇": 101, "乡": 201}
    for district, plan in enumerate(DISTRICTS):
        members = [s for s in streets if s.district == district]
        members.sort(key=lambda s: (first_number[s.kind], math.hypot(s.x, s.y)))
        next_number = dict(first_number)
        for street in members:
            street.code = f"{plan.code}{next_number[street.kind]:03d}"
            next_number[street.kind] += 1
            street.name = book.street() if street.kind == "街道" else book.town(street.kind)
    return sorted(streets, key=lambda s: s.code)


def name_communities(rng: np.random.Generator, streets: list[Street]) -> None:
    """Draw community names and 12-digit codes: 社区 from 001, villages (村) from 201.

    Within a street communities are numbered from north to south. The most populous village of
    a township is its seat and shares its name.
    """
    book = NameBook(rng)
    book.used.update({ISLAND_NAME.removesuffix("社区"), BRIDGE_NAME.removesuffix("社区")})
    for street in streets:
        street.members.sort(key=lambda c: (not c.urban, -round(c.y, -2), c.x))
        seat = max(street.members, key=lambda c: c.population)
        seat_name = street.name.removesuffix(street.kind)
        next_number = {True: 1, False: 201}
        for c in street.members:
            c.unit_id = f"{street.code}{next_number[c.urban]:03d}"
            next_number[c.urban] += 1
            c.street_name = street.name
            if c.special_name:
                c.name = c.special_name
            elif c is seat and street.kind != "街道" and not c.urban and seat_name not in book.used:
                book.used.add(seat_name)
                c.name = seat_name + "村"
            else:
                c.name = book.community() if c.urban else book.village()


# --------------------------------------------------------------------------------------------
# Outlets, candidate sites and staff
# --------------------------------------------------------------------------------------------


@dataclass
class Site:
    """A point feature: an outlet or a candidate site."""

    ident: str
    name: str
    x: float
    y: float
    kind: str = ""
    capacity: int = 0
    status: str = "open"
    cost: int = 0


def point_in(rng: np.random.Generator, geometry: Polygon | MultiPolygon) -> tuple[float, float]:
    """Draw a random point on the 1 m grid inside a (multi)polygon, away from its edges."""
    inner = geometry.buffer(-min(60.0, 0.15 * math.sqrt(geometry.area)))
    if inner.is_empty:
        inner = geometry
    minx, miny, maxx, maxy = inner.bounds
    for _ in range(1_000):
        x, y = round(rng.uniform(minx, maxx)), round(rng.uniform(miny, maxy))
        if inner.contains(Point(x, y)):
            return float(x), float(y)
    point = inner.point_on_surface()
    return float(round(point.x)), float(round(point.y))


def greedy_pick(
    order: list[Community], taken: list[tuple[float, float]], spacing: float, count: int
) -> list[Community]:
    """Pick the first `count` communities in `order` at least `spacing` from all taken places.

    The spacing is relaxed step by step while too few communities qualify.
    """
    chosen: list[Community] = []
    while len(chosen) < count and spacing > 100.0:
        for c in order:
            if len(chosen) == count:
                break
            if c not in chosen and all(math.hypot(c.x - x, c.y - y) >= spacing for x, y in taken):
                chosen.append(c)
                taken.append((c.x, c.y))
        spacing *= 0.8
    return chosen


def make_outlets(
    rng: np.random.Generator, communities: list[Community], streets: list[Street]
) -> list[Site]:
    """Place branches in the core, service centres and points in towns, mobile units far out."""
    street_of = {s.index: s for s in streets}
    plan = {kind: (count, caps, spacing) for kind, count, caps, spacing in OUTLET_PLAN}
    taken: list[tuple[float, float]] = []
    outlets: list[Site] = []

    def add(c: Community, kind: str, place: str) -> None:
        _, (low, high), _ = plan[kind]
        x, y = point_in(rng, c.geometry)
        capacity = int(rng.integers(low, high + 1))
        outlets.append(Site(f"O{len(outlets) + 1:03d}", place, x, y, kind, capacity))

    def short(c: Community) -> str:
        street = street_of[c.street]
        return street.name.removesuffix(street.kind)

    by_density = sorted(communities, key=lambda c: -c.population / c.geometry.area)
    count, _, spacing = plan["branch"]
    urban = [i for i, d in enumerate(DISTRICTS) if d.kind == "urban"][:count]
    for district in urban:
        order = [c for c in by_density if c.district == district]
        for c in greedy_pick(order, taken, spacing, 1):
            add(c, "branch", DISTRICTS[district].name[:-1] + "支公司")

    seats = sorted(
        (max(s.members, key=lambda c: c.population) for s in streets), key=lambda c: -c.population
    )
    count, _, spacing = plan["service_center"]
    for c in greedy_pick(seats, taken, spacing, count):
        add(c, "service_center", short(c) + "营业部")
    count, _, spacing = plan["service_point"]
    for c in greedy_pick(seats, taken, spacing, count):
        add(c, "service_point", short(c) + "服务点")
    count, _, spacing = plan["mobile"]
    remote = [c for c in seats if street_of[c.street].kind != "街道"]
    remote.sort(key=lambda c: -math.hypot(c.x, c.y))
    for c in greedy_pick(remote, taken, spacing, count):
        add(c, "mobile", short(c) + "流动服务站")

    plannable = [o for o in outlets if o.kind in ("service_center", "service_point")]
    for index in rng.choice(len(plannable), PLANNED_OUTLETS, replace=False):
        plannable[int(index)].status = "planned"
    return outlets


def make_candidates(rng: np.random.Generator, communities: list[Community]) -> list[Site]:
    """Place candidate outlet sites, mostly where people live, with an annual cost in CNY."""
    weights = np.array([c.population for c in communities], dtype=float) ** 0.8
    order = rng.choice(len(communities), len(communities), replace=False, p=weights / weights.sum())
    sites: list[Site] = []
    for index in order:
        if len(sites) == CANDIDATE_COUNT:
            break
        c = communities[int(index)]
        x, y = point_in(rng, c.geometry)
        if any(math.hypot(x - s.x, y - s.y) < CANDIDATE_SPACING_M for s in sites):
            continue
        kinds = CANDIDATE_KINDS_URBAN if c.urban else CANDIDATE_KINDS_RURAL
        base = 40_000 + 6.0 * (c.income - 20_000) if c.urban else 25_000 + c.income
        cost = int(round(base * rng.lognormal(0.0, 0.25), -3))
        name = c.name + kinds[int(rng.integers(len(kinds)))]
        sites.append(Site(f"C{len(sites) + 1:03d}", name, x, y, cost=cost))
    return sites


@dataclass
class Staff:
    """One row of the staff roster."""

    staff_id: str
    name: str
    role: str
    outlet_id: str
    capacity: int
    phone: str
    active: int


def allocate_staff(outlets: list[Site]) -> list[int]:
    """Share STAFF_COUNT among open outlets: by capacity, at least one, never above capacity."""
    capacity = np.array([o.capacity for o in outlets], dtype=float)
    share = STAFF_COUNT * capacity / capacity.sum()
    heads = np.clip(np.floor(share), 1, capacity).astype(int)
    for index in np.argsort(-(share - np.floor(share)), kind="stable"):
        if heads.sum() >= STAFF_COUNT:
            break
        if heads[index] < capacity[index]:
            heads[index] += 1
    while heads.sum() > STAFF_COUNT:
        heads[int(np.argmax(heads))] -= 1
    return heads.tolist()


def outlet_roles(kind: str, heads: int) -> list[str]:
    """Roles at an outlet: a manager and back office at larger ones, agents for the rest."""
    roles = {
        "branch": ["manager", "claims", "claims", "service", "service"],
        "service_center": ["manager", "claims", "service"],
    }.get(kind, [])
    roles = roles[: max(heads - 1, 1)]
    return roles + ["agent"] * (heads - len(roles))


def make_staff(rng: np.random.Generator, outlets: list[Site]) -> list[Staff]:
    """Draw the staff roster of the open outlets."""
    open_outlets = [o for o in outlets if o.status == "open"]
    names = NameBook(rng).people(STAFF_COUNT)
    phones: set[str] = set()
    staff: list[Staff] = []
    for outlet, heads in zip(open_outlets, allocate_staff(open_outlets)):
        for role in outlet_roles(outlet.kind, heads):
            phone = ""
            while not phone or phone in phones:
                digits = "".join(str(d) for d in rng.integers(0, 10, 8))
                phone = PHONE_PREFIXES[int(rng.integers(len(PHONE_PREFIXES)))] + digits
            phones.add(phone)
            low, high = STAFF_CAPACITY[role]
            capacity = int(round(rng.uniform(low, high), -2))
            active = int(rng.random() >= INACTIVE_SHARE)
            ident = f"S{len(staff) + 1:04d}"
            name = names[len(staff)]
            staff.append(Staff(ident, name, role, outlet.ident, capacity, phone, active))
    return staff


def hire_staff(rng: np.random.Generator, outlets: list[Site], staff: list[Staff]) -> list[Staff]:
    """The roster with HIRES agents added at the open outlets that have room (in proportion to
    their room, largest remainders first), all active."""
    open_outlets = [o for o in outlets if o.status == "open"]
    heads = {o.ident: 0 for o in open_outlets}
    for person in staff:
        heads[person.outlet_id] += 1
    room = np.array([o.capacity - heads[o.ident] for o in open_outlets], dtype=float)
    share = HIRES * room / room.sum()
    counts = np.floor(share).astype(int)
    for index in np.argsort(-(share - counts), kind="stable")[: HIRES - int(counts.sum())]:
        counts[index] += 1
    book = NameBook(rng, used={p.name for p in staff})
    names = book.people(HIRES)
    phones = {p.phone for p in staff}
    hired = list(staff)
    for outlet, count in zip(open_outlets, counts.tolist()):
        for _ in range(count):
            phone = ""
            while not phone or phone in phones:
                digits = "".join(str(d) for d in rng.integers(0, 10, 8))
                phone = PHONE_PREFIXES[int(rng.integers(len(PHONE_PREFIXES)))] + digits
            phones.add(phone)
            low, high = STAFF_CAPACITY["agent"]
            capacity = int(round(rng.uniform(low, high), -2))
            name = names[len(hired) - len(staff)]
            ident = f"S{len(hired) + 1:04d}"
            hired.append(Staff(ident, name, "agent", outlet.ident, capacity, phone, 1))
    return hired


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------

COMMUNITY_FIELDS = (
    ("unit_id", ogr.OFTString, 12),
    ("name", ogr.OFTString, 32),
    ("district_code", ogr.OFTString, 6),
    ("district", ogr.OFTString, 16),
    ("street_code", ogr.OFTString, 9),
    ("street", ogr.OFTString, 16),
    ("population", ogr.OFTInteger, 0),
    ("households", ogr.OFTInteger, 0),
    ("income", ogr.OFTReal, 0),
    ("elderly_share", ogr.OFTReal, 0),
    ("youth_share", ogr.OFTReal, 0),
    ("enterprises", ogr.OFTInteger, 0),
    ("customers", ogr.OFTInteger, 0),
)
OUTLET_FIELDS = (
    ("outlet_id", ogr.OFTString, 8),
    ("name", ogr.OFTString, 32),
    ("kind", ogr.OFTString, 16),
    ("capacity", ogr.OFTInteger, 0),
    ("status", ogr.OFTString, 8),
)
CANDIDATE_FIELDS = (
    ("candidate_id", ogr.OFTString, 8),
    ("name", ogr.OFTString, 48),
    ("cost", ogr.OFTInteger, 0),
)
STAFF_HEADER = ("staff_id", "name", "role", "outlet_id", "capacity", "phone", "active")


def to_world(geometry):
    """Shift local metres to EPSG:32650 (an integer shift keeps the 1 m grid exact)."""
    return shapely.transform(geometry, lambda xy: xy + np.array(ORIGIN, dtype=float))


def write_layer(dataset, name: str, geom_type: int, fields, rows, description: str) -> None:
    """Write rows of (geometry, values) into a new GeoPackage layer."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    options = ["GEOMETRY_NAME=geom", f"DESCRIPTION={description}"]
    layer = dataset.CreateLayer(name, srs, geom_type, options=options)
    for field_name, field_type, width in fields:
        definition = ogr.FieldDefn(field_name, field_type)
        definition.SetWidth(width)
        layer.CreateField(definition)
    layer.StartTransaction()
    for geometry, values in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for (field_name, _, _), value in zip(fields, values):
            feature.SetField(field_name, value)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(to_world(geometry))))
        layer.CreateFeature(feature)
    layer.CommitTransaction()


def write_gpkg(
    path: Path, communities: list[Community], outlets: list[Site], candidates: list[Site]
) -> None:
    """Write the GeoPackage with the communities, outlets and candidates layers."""
    path.unlink(missing_ok=True)
    previous = gdal.GetConfigOption("OGR_CURRENT_DATE")
    gdal.SetConfigOption("OGR_CURRENT_DATE", FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    try:
        dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        write_gpkg_layers(dataset, communities, outlets, candidates)
        dataset = None  # closes the file
    finally:
        gdal.SetConfigOption("OGR_CURRENT_DATE", previous)


def write_gpkg_layers(
    dataset, communities: list[Community], outlets: list[Site], candidates: list[Site]
) -> None:
    """Write the three layers into an open GeoPackage."""
    rows = []
    for c in communities:
        district = DISTRICTS[c.district]
        geometry = (
            c.geometry if isinstance(c.geometry, MultiPolygon) else MultiPolygon([c.geometry])
        )
        values = (
            c.unit_id, c.name, district.code, district.name, c.unit_id[:9], c.street_name,
            c.population, c.households, c.income, c.elderly_share, c.youth_share,
            c.enterprises, c.customers,
        )  # fmt: skip
        rows.append((geometry, values))
    description = "Synthetic communities of the Service Grid sample city"
    write_layer(dataset, "communities", ogr.wkbMultiPolygon, COMMUNITY_FIELDS, rows, description)
    rows = [(Point(o.x, o.y), (o.ident, o.name, o.kind, o.capacity, o.status)) for o in outlets]
    write_layer(dataset, "outlets", ogr.wkbPoint, OUTLET_FIELDS, rows, "Synthetic outlets")
    rows = [(Point(s.x, s.y), (s.ident, s.name, s.cost)) for s in candidates]
    description = "Synthetic candidate outlet sites; cost in CNY per year"
    write_layer(dataset, "candidates", ogr.wkbPoint, CANDIDATE_FIELDS, rows, description)


def write_csv(csv_path: Path, staff: list[Staff]) -> list[tuple]:
    """Write a staff roster as UTF-8 CSV with a BOM (for Excel and WPS); return its rows."""
    rows = [(s.staff_id, s.name, s.role, s.outlet_id, s.capacity, s.phone, s.active) for s in staff]
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(STAFF_HEADER)
        writer.writerows(rows)
    return rows


def write_staff(csv_path: Path, xlsx_path: Path, staff: list[Staff]) -> None:
    """Write the staff roster as UTF-8 CSV with a BOM (for Excel and WPS) and as a workbook."""
    rows = write_csv(csv_path, staff)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "staff"
    sheet.append(STAFF_HEADER)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFG", (10, 10, 10, 10, 10, 14, 8)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.creator = "Service Grid make_sample.py"
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    workbook.save(xlsx_path)
    pin_zip_dates(xlsx_path)


def pin_zip_dates(path: Path) -> None:
    """Set every member of a zip file (such as a workbook) to FIXED_TIMESTAMP."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            info.date_time = FIXED_TIMESTAMP.timetuple()[:6]
            archive.writestr(info, data)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def main() -> None:
    """Generate the sample city and write it beside this script."""
    started = time.perf_counter()
    rng = np.random.default_rng(SEED)
    boundary = make_boundary(rng)
    density = make_density(rng, boundary)
    water, island = make_river(rng, boundary)
    tess = build_tessellation(rng, density, boundary, water, island)
    communities, streets = build_communities(rng, density, tess)
    outlets = make_outlets(rng, communities, streets)
    candidates = make_candidates(rng, communities)
    short = make_staff(rng, outlets)
    staff = hire_staff(np.random.default_rng(HIRE_SEED), outlets, short)

    write_gpkg(OUT_DIR / GPKG_NAME, communities, outlets, candidates)
    write_staff(OUT_DIR / CSV_NAME, OUT_DIR / XLSX_NAME, staff)
    write_csv(OUT_DIR / SHORT_CSV_NAME, short)
    population = sum(c.population for c in communities)
    print(
        f"{len(communities)} communities, {len(streets)} streets, {len(DISTRICTS)} districts, "
        f"population {population:,}; {len(outlets)} outlets, {len(candidates)} candidates, "
        f"{len(staff)} staff; {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
