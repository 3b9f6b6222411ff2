"""Generate the sample customer register (customers.csv) of the synthetic city.

Everything is synthetic: names, phones and addresses are invented. About 2.5 % of the
existing customers each community reports (its ``customers`` field) are drawn, with one
fixed random seed, so every run writes the same file. Individuals hold retail lines drawn
from their community's profile (pension where many are elderly, travel where many are young,
premium medical and wealth where incomes are high); enterprises hold group benefits,
commercial property and accident cover. Most customers gave consent (with a date); a few
are located by their community's unit id instead of coordinates.

Run from the repository root (reads sample_city.gpkg beside this script, takes a second):

    .venv/bin/python resources/sample/make_customers.py

Columns: customer_id, name, phone, customer_type, products, consent, consent_date, address,
x, y (EPSG:32650, metres), unit_id.
"""

from __future__ import annotations

import csv
import datetime
import sys
from pathlib import Path

import numpy as np
import shapely
from osgeo import ogr

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_sample import NameBook  # noqa: E402 (the generator's name book, beside this script)

SEED = 20261205
SHARE = 0.025  # of each community's existing customers
ENTERPRISE_SHARE = 0.12  # of a community's customers, scaled by its enterprises per resident
CONSENT_SHARE = 0.85
BY_UNIT_SHARE = 0.05  # customers given by unit id, without coordinates
HEADER = (
    "customer_id",
    "name",
    "phone",
    "customer_type",
    "products",
    "consent",
    "consent_date",
    "address",
    "x",
    "y",
    "unit_id",
)
COMPANY_SUFFIXES = (
    "商贸有限公司",
    "科技有限公司",
    "建材有限公司",
    "餐饮管理有限公司",
    "物流有限公司",
    "服装厂",
)
PHONE_PREFIXES = ("138", "139", "150", "158", "186", "187", "135", "177")


def random_points(rng: np.random.Generator, polygon, count: int) -> list:
    """``count`` points inside ``polygon`` (rejection sampling), on a 1 m grid."""
    minx, miny, maxx, maxy = polygon.bounds
    points: list = []
    while len(points) < count:
        xs = rng.uniform(minx, maxx, 4 * count)
        ys = rng.uniform(miny, maxy, 4 * count)
        candidates = shapely.points(np.round(xs), np.round(ys))
        inside = shapely.contains_xy(polygon, np.round(xs), np.round(ys))
        points.extend(candidates[inside][: count - len(points)].tolist())
    return points


def retail_products(rng: np.random.Generator, elderly: float, youth: float, income: float) -> str:
    chances = {
        "pension": 0.15 + 0.8 * elderly,
        "health": 0.35,
        "inclusive_health": 0.3 if income < 40_000 else 0.1,
        "accident": 0.25,
        "travel": 0.05 + 0.6 * youth,
        "premium_medical": 0.2 if income > 90_000 else 0.02,
        "wealth": 0.25 if income > 90_000 else 0.03,
    }
    held = [code for code, p in chances.items() if rng.random() < p]
    return ";".join(held or ["accident"])


def enterprise_products(rng: np.random.Generator) -> str:
    held = [
        code
        for code, p in (("group_benefits", 0.55), ("commercial_property", 0.5), ("accident", 0.3))
        if rng.random() < p
    ]
    return ";".join(held or ["commercial_property"])


def main() -> None:
    rng = np.random.default_rng(SEED)
    book = NameBook(rng)
    source = ogr.Open(str(HERE / "sample_city.gpkg"))
    layer = source.GetLayerByName("communities")
    rows = []
    number = 0
    phones: set = set()
    start = datetime.date(2024, 1, 1)
    for feature in sorted(layer, key=lambda f: f.GetField("unit_id")):
        polygon = shapely.from_wkb(bytes(feature.GetGeometryRef().ExportToWkb()))
        count = int(rng.binomial(int(feature.GetField("customers") or 0), SHARE))
        if count == 0:
            continue
        population = max(int(feature.GetField("population") or 0), 1)
        firms = int(feature.GetField("enterprises") or 0)
        enterprise_p = min(0.6, ENTERPRISE_SHARE * 100.0 * firms / population)
        points = random_points(rng, polygon, count)
        names = NameBook(rng).people(count)  # names repeat across a city, not within a community
        for k in range(count):
            number += 1
            enterprise = rng.random() < enterprise_p
            if enterprise:
                name = feature.GetField("street")[:2] + book.pick(COMPANY_SUFFIXES)
                products = enterprise_products(rng)
            else:
                name = names[k]
                products = retail_products(
                    rng,
                    float(feature.GetField("elderly_share") or 0),
                    float(feature.GetField("youth_share") or 0),
                    float(feature.GetField("income") or 0),
                )
            phone = ""
            while not phone or phone in phones:
                phone = book.pick(PHONE_PREFIXES) + "".join(str(d) for d in rng.integers(0, 10, 8))
            phones.add(phone)
            consent = rng.random() < CONSENT_SHARE
            date = start + datetime.timedelta(days=int(rng.integers(0, 1000)))
            by_unit = rng.random() < BY_UNIT_SHARE
            point = points[k]
            rows.append(
                (
                    "K{:06d}".format(number),
                    name,
                    phone,
                    "enterprise" if enterprise else "individual",
                    products,
                    "yes" if consent else "no",
                    date.isoformat() if consent else "",
                    "{}{}号".format(feature.GetField("name"), int(rng.integers(1, 200))),
                    "" if by_unit else int(point.x),
                    "" if by_unit else int(point.y),
                    feature.GetField("unit_id"),
                )
            )
    with (HERE / "customers.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    enterprises = sum(1 for r in rows if r[3] == "enterprise")
    print("{} customers ({} enterprises) → customers.csv".format(len(rows), enterprises))


if __name__ == "__main__":
    main()
