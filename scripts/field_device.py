"""A field device, for ``make demo``: logs customer feedback into a field package offline.

Run as its own process (``python scripts/field_device.py PACKAGE N SEED [slow]``), it writes the way
QGIS and QField do on a phone: through OGR, in WAL mode, new rows with a fresh uuid, the
staff member's id, UTC times, a point inside one of the package's grids, sometimes a photo
(saved under ``DCIM/`` beside the package, referenced by a relative path), and it edits one
row that came from the office (rev + 1). It never touches the office project. With ``slow``
the customers of the package's first grid wait long and rate low (the demo's grid that service
quality flags, so the loop back to staffing shows).
"""

import datetime
import json
import os
import random
import sqlite3
import sys
import uuid

from osgeo import gdal, ogr

gdal.UseExceptions()

CATEGORIES = [
    "claims",
    "sales_inquiry",
    "service_speed",
    "attitude",
    "product_need",
    "complaint",
    "praise",
    "other",
]
NOTES = [
    "客户询问车险续保",
    "理赔进度慢",
    "希望增加养老产品",
    "服务态度好",
    "网点排队时间长",
    "企业团险咨询",
    "要求上门服务",
    "对理赔结果满意",
]
# The smallest valid JPEG (1 × 1 pixel), standing in for a camera photo.
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c"
    "0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e"
    "333432ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405"
    "060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107"
    "227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a4344"
    "45464748494a535455565758595a636465666768696a737475767778797a838485868788898a9293949596"
    "9798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3"
    "e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9"
)


def log_feedback(package: str, count: int, seed: int, slow: bool = False) -> int:
    rng = random.Random(seed)
    with sqlite3.connect(package) as con:
        manifest = dict(con.execute("SELECT key, value FROM sg_manifest"))
    gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "WAL")
    ds = gdal.OpenEx(package, gdal.OF_VECTOR | gdal.OF_UPDATE)
    grids = [
        (f.GetField("grid_id"), f.GetGeometryRef().Clone()) for f in ds.GetLayerByName("grids")
    ]
    if not grids:
        return 0
    photo_dir = os.path.join(os.path.dirname(os.path.abspath(package)), "DCIM")
    os.makedirs(photo_dir, exist_ok=True)
    photo = os.path.join(photo_dir, "feedback_{}.jpg".format(seed))
    with open(photo, "wb") as handle:
        handle.write(TINY_JPEG)
    lyr = ds.GetLayerByName("feedback")
    ds.StartTransaction()
    for k in range(count):
        grid_id, geom = grids[k % len(grids)]
        env = geom.GetEnvelope()
        while True:  # a random point inside the grid
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(rng.uniform(env[0], env[1]), rng.uniform(env[2], env[3]))
            if geom.Contains(point):
                break
        category = rng.choice(CATEGORIES)
        when = "2026-11-{:02d}T{:02d}:{:02d}:00Z".format(
            rng.randint(1, 24), rng.randint(0, 23), rng.randint(0, 59)
        )
        rating = rng.choice([1, 2, 3, 4, 4, 5, 5]) if category != "complaint" else 1
        minutes = round(rng.lognormvariate(3.2, 0.7), 1)
        if slow and grid_id == grids[0][0]:  # long waits, low ratings
            rating, minutes = rng.choice([1, 2, 2, 3]), round(rng.lognormvariate(4.4, 0.5), 1)
        feature = ogr.Feature(lyr.GetLayerDefn())
        values = {
            "uuid": "{" + str(uuid.UUID(int=rng.getrandbits(128), version=4)) + "}",
            "grid_id": grid_id,
            "staff_id": manifest["staff_id"],
            "collected_at": when,
            "category": category,
            "channel": rng.choice(["visit", "phone", "outlet"]),
            "rating": rating,
            "response_minutes": minutes,
            "customer_type": rng.choice(["individual", "individual", "enterprise"]),
            "notes": rng.choice(NOTES),
            "status": "open",
            "device_id": "phone-{}".format(manifest["staff_id"]),
            "package_id": manifest["package_id"],
            "rev": 1,
            "updated_at": when,
        }
        if k == 0:
            values["photo"] = "DCIM/" + os.path.basename(photo)
        for key, value in values.items():
            feature.SetField(key, value)
        feature.SetGeometry(point)
        lyr.CreateFeature(feature)
    ds.CommitTransaction()
    ds = None
    return count


def do_visits(package: str, seed: int) -> dict:
    """Work through the package's open follow-up visits as the field worker does in the form,
    today: most done (those already overdue are done late), some customers not reached, the
    rest left open."""
    rng = random.Random(seed + 1000)
    with sqlite3.connect(package) as con:
        manifest = dict(con.execute("SELECT key, value FROM sg_manifest"))
    gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "WAL")
    ds = gdal.OpenEx(package, gdal.OF_VECTOR | gdal.OF_UPDATE)
    lyr = ds.GetLayerByName("visits")
    counts = {"done": 0, "late": 0, "not_reached": 0, "open": 0}
    if lyr is None:
        return counts
    now = datetime.datetime.now(datetime.timezone.utc)
    lyr.SetAttributeFilter("status = 'open'")
    features = list(lyr)
    ds.StartTransaction()
    for feature in features:
        due = datetime.date.fromisoformat(feature.GetField("due_date"))
        roll = rng.random()
        if roll < 0.15:
            counts["open"] += 1
            continue
        status = "not_reached" if roll < 0.25 else "done"
        result = rng.choice(["satisfied", "renewed", "new_need"]) if status == "done" else None
        counts[status] += 1
        counts["late"] += status == "done" and due < now.date()
        when = now.strftime("%Y-%m-%dT%H:%M:%S.000Z")  # marked in the form just now
        feature.SetField("status", status)
        feature.SetField("done_at", when)
        if result:
            feature.SetField("result", result)
        feature.SetField("rev", (feature.GetField("rev") or 0) + 1)
        feature.SetField("updated_at", when)
        feature.SetField("device_id", "phone-{}".format(manifest["staff_id"]))
        lyr.SetFeature(feature)
    ds.CommitTransaction()
    ds = None
    return counts


if __name__ == "__main__":
    written = log_feedback(
        sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), slow="slow" in sys.argv[4:]
    )
    visits = do_visits(sys.argv[1], int(sys.argv[3]))
    print(json.dumps({"package": sys.argv[1], "written": written, "visits": visits}))
