"""A small project for the customer register and the head-office workbook tests: a 3 × 3
lattice of 1 km units in two named streets of one district, grids, classes, and a customer
list to import (no pytest here)."""

import csv
import os

from datasets import run_buildgrids, run_classifygrids, run_createproject, square, write_layer
from osgeo import ogr

ogr.UseExceptions()

X0, Y0 = 400000.0, 3500000.0
FIELDS = {
    "code": ogr.OFTString,
    "name": ogr.OFTString,
    "street": ogr.OFTString,
    "street_name": ogr.OFTString,
    "district": ogr.OFTString,
    "pop": ogr.OFTInteger,
    "income": ogr.OFTReal,
    "old": ogr.OFTReal,
    "firms": ogr.OFTInteger,
}


def units(folder):
    """A 3 × 3 lattice of 1 km units in two streets of one district."""
    rows = []
    for i in range(3):
        for j in range(3):
            k = i * 3 + j
            street = "379902001" if j < 2 else "379902002"
            rows.append(
                {
                    "code": "U{:03d}".format(k),
                    "name": "社区{}".format(k),
                    "street": street,
                    "street_name": "东风路街道" if j < 2 else "何营镇",
                    "district": "鼓楼区",
                    "pop": 2000 + 100 * k,
                    "income": 30000.0 + 1000 * k,
                    "old": 0.3 if k == 0 else 0.1,
                    "firms": 40 if k == 8 else 2,
                    "wkt": square(X0 + j * 1000, Y0 + i * 1000),
                }
            )
    return write_layer(os.path.join(folder, "units.gpkg"), "units", ogr.wkbPolygon, FIELDS, rows)


def make_project(folder) -> str:
    """createproject (with the nest names), buildgrids (~5,000 people a grid), classifygrids."""
    path = os.path.join(str(folder), "project.gpkg")
    roster = os.path.join(str(folder), "staff.csv")
    with open(roster, "w", encoding="utf-8", newline="") as handle:
        handle.write("staff_id,name\nS1,王芳\n")
    run_createproject(
        path,
        {
            "INPUT": units(str(folder)),
            "UNIT_ID_FIELD": "code",
            "NAME_FIELD": "name",
            "POPULATION_FIELD": "pop",
            "NEST_FIELD": "street",
            "NEST_NAME_FIELD": "street_name",
            "NEST_PARENT_NAME_FIELD": "district",
            "ENTERPRISES_FIELD": "firms",
            "ELDERLY_SHARE_FIELD": "old",
            "STAFF": roster,
        },
    )
    run_buildgrids(path, TARGET_POPULATION=5000)
    run_classifygrids(path)
    return path


def centre(k):
    """The centre of unit ``k`` of the lattice."""
    return X0 + (k % 3) * 1000 + 500, Y0 + (k // 3) * 1000 + 500


HEADER = ["customer_id", "name", "phone", "customer_type", "products", "consent", "consent_date"]
HEADER += ["x", "y", "unit_id"]


def rows():
    """Customers: 4 individuals in U000 (2 with pension), 1 in U004 by unit id, 2 enterprises
    in U008 (one with group benefits)."""
    x0, y0 = centre(0)
    x8, y8 = centre(8)
    return [
        [
            "C1",
            "张三",
            "13800000001",
            "individual",
            "pension;health",
            "yes",
            "2026-01-02",
            x0,
            y0,
            "",
        ],
        ["C2", "李四", "13800000002", "个人", "养老保险", "是", "2026/02/03", x0 + 10, y0, ""],
        ["C3", "王五", "", "individual", "", "no", "", x0 + 20, y0, ""],
        ["C4", "赵六", "", "individual", "accident", "", "", x0 + 30, y0, ""],
        ["C5", "钱七", "", "individual", "health", "yes", "2025-12-31", "", "", "U004"],
        ["E1", "东风商贸有限公司", "", "enterprise", "group_benefits", "yes", "", x8, y8, ""],
        ["E2", "何营物流有限公司", "", "企业", "企业财产险", "no", "", x8 + 5, y8, ""],
    ]


def write_csv(folder, rows, header=HEADER, name="customers.csv"):
    path = os.path.join(str(folder), name)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
