"""The main job on the bundled sample city: ``make demo`` → out/.

Runs the plugin's Processing algorithms exactly as a planner would (through processing.run,
the same entry point as the toolbox, Model Builder and qgis_process) and renders a map.
"""

import contextlib
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "out")
SAMPLE_DIR = os.path.join(ROOT, "resources", "sample")
SAMPLE = os.path.join(SAMPLE_DIR, "sample_city.gpkg")

#: ``--short-roster``: the roster before the hires (resources/sample/staff_short.csv, 145
#: active staff for 3.0 M people), to see how allocatestaff reports a roster that is too small.
SHORT_ROSTER = "--short-roster" in sys.argv[1:]
ROSTER = os.path.join(SAMPLE_DIR, "staff_short.csv" if SHORT_ROSTER else "staff.csv")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.append("/usr/share/qgis/python/plugins")


def write_training_needs(table: str, csv_path: str) -> None:
    """Print the people measured and write them to a CSV (UTF-8 with BOM, for Excel/WPS)."""
    import csv

    with contextlib.closing(sqlite3.connect(table)) as con:
        rows = con.execute(
            "SELECT staff_id, name, feedback_count, avg_rating, complaint_share, response_p90, "
            "followups_due, on_time_share, training_need, training_reasons FROM staff_quality "
            "WHERE feedback_count > 0 OR followups_due > 0 ORDER BY staff_id"
        ).fetchall()
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            (
                "staff_id",
                "name",
                "feedback",
                "avg_rating",
                "complaint_share",
                "response_p90",
                "followups_due",
                "on_time_share",
                "training_need",
                "training_reasons",
            )
        )
        writer.writerows(rows)
    for staff_id, name, count, rating, complaints, p90, due, on_time, need, why in rows:
        if not count:  # the people who took a package (the others: in the CSV)
            continue
        followups = (
            "no visits"
            if due is None
            else "{} due, {} on time".format(
                due, "–" if on_time is None else "{:.0%}".format(on_time)
            )
        )
        print(
            "   {} {}: {} feedback, rating {}, complaints {}, p90 {} min, follow-ups {}{}".format(
                staff_id,
                name,
                count,
                rating,
                "–" if complaints is None else "{:.0%}".format(complaints),
                p90,
                followups,
                " → training: {}".format(why) if need else "",
            )
        )


def main() -> int:
    from qgis_session import load_plugin, start_qgis

    app = start_qgis()
    plugin = load_plugin()
    import processing
    from qgis.core import QgsProcessingFeedback
    from render_map import render_project, render_quality

    class Printer(QgsProcessingFeedback):
        def pushInfo(self, text):  # noqa: N802
            print("  " + text)

        def pushWarning(self, text):  # noqa: N802
            print("  ! " + text)

        def reportError(self, text, fatalError=False):  # noqa: N802
            print("  ERROR " + text)

    os.makedirs(OUT, exist_ok=True)
    project = os.path.join(OUT, "sample_project.gpkg")
    for stale in (project + "-wal", project + "-shm"):
        if os.path.exists(stale):
            os.remove(stale)
    started = time.perf_counter()
    print("1. Create the project GeoPackage from the sample city")
    result = processing.run(
        "servicegrid:createproject",
        {
            "INPUT": SAMPLE + "|layername=communities",
            "UNIT_ID_FIELD": "unit_id",
            "NAME_FIELD": "name",
            "POPULATION_FIELD": "population",
            "NEST_FIELD": "district_code",
            "NEST_NAME_FIELD": "district",
            "OUTLETS": SAMPLE + "|layername=outlets",
            "STAFF": ROSTER,
            "OVERWRITE": True,
            "OUTPUT": project,
        },
        feedback=Printer(),
    )
    print(
        "   {} units, {} outlets, {} staff, {:,} people → {}".format(
            result["UNIT_COUNT"],
            result["OUTLET_COUNT"],
            result["STAFF_COUNT"],
            result["POPULATION"],
            project,
        )
    )
    print("2. Divide the city into service grids (never crossing a district)")
    grids = processing.run(
        "servicegrid:buildgrids",
        {
            "INPUT": project + "|layername=units",
            "POPULATION_FIELD": "population",
            "NEST_FIELD": "nest",
            "TARGET_POPULATION": 20000,
            "TOLERANCE": 10,
            "ID_PREFIX": "",
            "OUTPUT": "TEMPORARY_OUTPUT",
            "OUTPUT_UNITS": "TEMPORARY_OUTPUT",
            "PROJECT": project,
        },
        feedback=Printer(),
    )
    print(
        "   {} grids, population CV {:.3f}, {:.0%} within ±10 %, mean Polsby–Popper {:.2f}".format(
            grids["GRID_COUNT"],
            grids["POPULATION_CV"],
            grids["WITHIN_TOLERANCE"],
            grids["MEAN_POLSBY_POPPER"],
        )
    )
    print("   Finish by hand, as the Grid editor does, and keep named versions")
    processing.run(
        "servicegrid:savegridversion",
        {"PROJECT": project, "NAME": "Built", "NOTE": "buildgrids, target 20,000"},
        feedback=Printer(),
    )
    with contextlib.closing(sqlite3.connect(project)) as con:
        largest = con.execute(
            "SELECT grid_id FROM grids WHERE unit_count >= 6 "
            "ORDER BY population DESC, grid_id LIMIT 1"
        ).fetchone()[0]
    split = processing.run(  # the most populated grid of 6 units or more
        "servicegrid:splitgrid",
        {"PROJECT": project, "GRID_ID": largest, "PARTS": 2},
        feedback=Printer(),
    )
    processing.run(
        "servicegrid:lockgrids",
        {"PROJECT": project, "GRIDS": split["GRID_IDS"], "LOCK": True},
        feedback=Printer(),
    )
    processing.run(
        "servicegrid:savegridversion",
        {"PROJECT": project, "NAME": "Edited", "NOTE": "largest grid split in two, locked"},
        feedback=Printer(),
    )
    compared = processing.run(
        "servicegrid:comparegridversions",
        {
            "PROJECT": project,
            "VERSION_A": "Built",
            "VERSION_B": "Edited",
            "OUTPUT": os.path.join(OUT, "versions_compared.gpkg"),
            "OUTPUT_REPORT": os.path.join(OUT, "versions_compared.html"),
        },
    )
    print(
        "   {} split into {}; Built → Edited: {} units changed grid, {:,.0f} people moved "
        "→ out/versions_compared.html".format(
            largest,
            split["GRID_IDS"],
            compared["UNITS_CHANGED"],
            compared["POPULATION_MOVED"],
        )
    )
    print("3. Classify the grids: density, income, demand, products, strategy")
    classes = processing.run(
        "servicegrid:classifygrids",
        {"INPUT": project + "|layername=grids", "OUTPUT": "TEMPORARY_OUTPUT", "PROJECT": project},
        feedback=Printer(),
    )
    print("   {} grids classified".format(classes["GRID_COUNT"]))
    print("   Import the customer register: customers by type, penetration, product gaps")
    imported = processing.run(
        "servicegrid:importcustomers",
        {"PROJECT": project, "INPUT": os.path.join(SAMPLE_DIR, "customers.csv"), "REPLACE": True},
        feedback=Printer(),
    )
    with contextlib.closing(sqlite3.connect(project)) as con:
        individuals, population, gaps = con.execute(
            "SELECT sum(customers_individual), sum(population), "
            "sum(product_gaps IS NOT NULL) FROM grids"
        ).fetchone()
    print(
        "   {:,} customers in {} grids; penetration {:.2%} (the sample is 2.5 % of the customers); "
        "{} grids with product gaps".format(
            imported["TOTAL"], imported["GRID_COUNT"], individuals / population, gaps
        )
    )
    print("4. Site 8 new outlets (p-median, capacity-aware) and assign grids to outlets")
    sites = processing.run(
        "servicegrid:siteoutlets",
        {
            "GRIDS": project + "|layername=grids",
            "OUTLETS": project + "|layername=outlets",
            "CANDIDATES": SAMPLE + "|layername=candidates",
            "NEW_OUTLETS": 8,
            "METHOD": 1,
            "SERVICE_RADIUS": 3000,
            "CAPACITY_AWARE": True,
            "OUTPUT_OUTLETS": "TEMPORARY_OUTPUT",
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
            "PROJECT": project,
        },
        feedback=Printer(),
    )
    print(
        "   {:.1%} of the people within 3 km of an outlet; mean distance {:,.0f} m".format(
            sites["COVERAGE_SHARE"], sites["MEAN_DISTANCE"]
        )
    )
    print("5. Recommend staff per grid and assign the named staff")
    staff = processing.run(
        "servicegrid:allocatestaff",
        {
            "GRIDS": project + "|layername=grids",
            "STAFF": project + "|layername=staff",
            "OUTLETS": project + "|layername=outlets",
            "TOTAL_STAFF": 0,
            "MIN_STAFF_PER_GRID": 1,
            "STAFF_CAPACITY": 20000,
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
            "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
            "PROJECT": project,
        },
        feedback=Printer(),
    )
    print(
        "   {} staff recommended, {} assignments ({}); {} staff over capacity, {} grids with "
        "fewer people than recommended".format(
            staff["TOTAL_RECOMMENDED"],
            staff["TOTAL_ASSIGNED"],
            staff["METHOD"],
            staff["OVERLOADED_STAFF"],
            staff["UNDERSTAFFED_GRIDS"],
        )
    )
    if SHORT_ROSTER:
        print(
            "   (the short roster: {:,.0f} population equivalents not served, about {} more "
            "people needed)".format(staff["SHORTFALL_CAPACITY"], staff["SHORTFALL_STAFF"])
        )
    print(
        "6. Field work: a package for each of three staff members, feedback logged offline "
        "on their devices, synced back"
    )
    field_dir = os.path.join(OUT, "field")
    shutil.rmtree(field_dir, ignore_errors=True)
    os.makedirs(field_dir)

    with sqlite3.connect(project) as con:
        people = [
            s
            for (s,) in con.execute(
                "SELECT staff_id FROM assignments GROUP BY staff_id ORDER BY count(*) DESC, "
                "staff_id LIMIT 3"
            )
        ]
    with sqlite3.connect(project) as con:
        field_grids = [
            g
            for (g,) in con.execute(
                "SELECT DISTINCT grid_id FROM assignments WHERE staff_id IN ({})".format(
                    ", ".join("'{}'".format(p) for p in people)
                )
            )
        ]
    overdue = processing.run(  # enterprise renewals that fell due last week
        "servicegrid:assignvisits",
        {
            "PROJECT": project,
            "EXPRESSION": '"customer_type" = \'enterprise\' AND "grid_id" IN ({})'.format(
                ", ".join("'{}'".format(g) for g in field_grids)
            ),
            "PURPOSE": 0,
            "DUE_DATE": (datetime.date.today() - datetime.timedelta(days=5)).isoformat(),
            "ASSIGNED_BY": "demo",
        },
    )
    visits = processing.run(
        "servicegrid:assignvisits",
        {"PROJECT": project, "PURPOSE": 0, "DUE_DAYS": 14, "ASSIGNED_BY": "demo"},
    )
    print(
        "   follow-up visits (回访) assigned to the staff of the customers' grids: {} enterprise "
        "renewals already overdue (in the field staff's grids), {} more due in 14 days".format(
            overdue["CREATED"], visits["CREATED"]
        )
    )
    for k, staff_id in enumerate(people):
        package = os.path.join(field_dir, "{}.gpkg".format(staff_id))
        made = processing.run(
            "servicegrid:createfieldpackage",
            {"PROJECT": project, "STAFF_ID": staff_id, "OUTPUT": package},
        )
        device = subprocess.run(
            [
                sys.executable,
                os.path.join(ROOT, "scripts", "field_device.py"),
                package,
                "40",
                str(k + 1),
                *(["slow"] if k == 0 else []),  # one grid where customers wait long
            ],
            check=True,
            stdout=subprocess.PIPE,
        )
        done = json.loads(device.stdout.decode("utf-8").strip().splitlines()[-1])["visits"]
        print(
            "   {}: package {} ({} grids), 40 feedback rows logged on the device; visits: {} "
            "done ({} late), {} not reached, {} still open".format(
                staff_id,
                made["PACKAGE_ID"],
                made["GRID_COUNT"],
                done["done"],
                done["late"],
                done["not_reached"],
                done["open"],
            )
        )
    synced = processing.run(
        "servicegrid:syncfieldpackages",
        {"PROJECT": project, "PACKAGES": [field_dir], "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    print(
        "   sync: {} inserted, {} updated, {} conflicts, {} rejected (backup {})".format(
            synced["INSERTED"],
            synced["UPDATED"],
            synced["CONFLICTS"],
            synced["REJECTED"],
            os.path.relpath(synced["BACKUP"], ROOT),
        )
    )
    again = processing.run(
        "servicegrid:syncfieldpackages",
        {"PROJECT": project, "PACKAGES": [field_dir], "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    print(
        "   the same packages again: {} inserted, {} updated (nothing duplicated)".format(
            again["INSERTED"], again["UPDATED"]
        )
    )
    with sqlite3.connect(project) as con:
        states = dict(con.execute("SELECT status, count(*) FROM visits GROUP BY status"))
    print(
        "   follow-up visits in the office now: {} done, {} not reached, {} open".format(
            states.get("done", 0), states.get("not_reached", 0), states.get("open", 0)
        )
    )
    print("7. Service quality per grid and per person from the synced feedback")
    quality_out = os.path.join(OUT, "service_quality.gpkg")
    people_out = os.path.join(OUT, "staff_quality.gpkg")
    for stale in (quality_out, people_out):
        for path in (stale, stale + "-wal", stale + "-shm"):
            if os.path.exists(path):
                os.remove(path)

    class WarningsOnly(Printer):  # the flagged grids are printed below
        def pushInfo(self, text):  # noqa: N802
            pass

    quality = processing.run(
        "servicegrid:servicequality",
        {
            "PROJECT": project,
            "RESPONSE_STANDARD": 60,
            "OUTPUT": quality_out,
            "OUTPUT_STAFF": people_out,
        },
        feedback=WarningsOnly(),
    )
    print(
        "   {} grids, {} feedback rows, {} flagged, {} extra staff suggested → {}".format(
            quality["GRID_COUNT"],
            quality["FEEDBACK_COUNT"],
            quality["FLAGGED_GRIDS"],
            quality["STAFF_CHANGE"],
            os.path.relpath(quality_out, ROOT),
        )
    )
    with sqlite3.connect(quality_out) as con:
        for grid, rating, p90, change, reasons in con.execute(
            "SELECT grid_id, avg_rating, response_p90, staff_change, reasons FROM "
            "service_quality WHERE flagged = 1 ORDER BY grid_id"
        ):
            print(
                "   flagged {}: rating {}, p90 {} min, +{} staff: {}".format(
                    grid, rating, p90, change, reasons
                )
            )
    png = render_quality(quality_out, project, os.path.join(OUT, "service_quality.png"))
    print("   " + os.path.relpath(png, ROOT))
    print(
        "   per person: {} staff, {} need training → {}, out/training_needs.csv".format(
            quality["STAFF_COUNT"], quality["TRAINING_NEEDS"], os.path.relpath(people_out, ROOT)
        )
    )
    write_training_needs(people_out, os.path.join(OUT, "training_needs.csv"))
    print("   Back to staffing: the flagged grids' extra staff (staff_change) into allocatestaff")
    again = processing.run(
        "servicegrid:allocatestaff",
        {
            "GRIDS": quality_out,
            "STAFF": project + "|layername=staff",
            "OUTLETS": project + "|layername=outlets",
            "TOTAL_STAFF": 0,
            "MIN_STAFF_PER_GRID": 1,
            "STAFF_CAPACITY": 20000,
            "QUALITY_FIELD": "staff_change",
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
            "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
            "PROJECT": project,
        },
        feedback=WarningsOnly(),
    )
    print(
        "   {} staff recommended (was {}), {} assignments; {} staff over capacity".format(
            again["TOTAL_RECOMMENDED"],
            staff["TOTAL_RECOMMENDED"],
            again["TOTAL_ASSIGNED"],
            again["OVERLOADED_STAFF"],
        )
    )
    print(
        "8. Head office workbook (Excel): summary per district, grids, staff, people (quality "
        "and training), outlets, feedback"
    )
    workbook = processing.run(
        "servicegrid:exportstaffing",
        {
            "PROJECT": project,
            "LANGUAGE": 1,
            "RESPONSE_STANDARD": 60,
            "OUTPUT": os.path.join(OUT, "staffing.xlsx"),
        },
        feedback=Printer(),
    )
    print(
        "   {} districts, {} grids, {} staff ({} over capacity), {} flagged grids → {}".format(
            workbook["DISTRICT_COUNT"],
            workbook["GRID_COUNT"],
            workbook["STAFF_COUNT"],
            workbook["OVERLOADED_STAFF"],
            workbook["FLAGGED_GRIDS"],
            os.path.relpath(workbook["OUTPUT"], ROOT),
        )
    )
    print("9. Render the map")
    png = render_project(
        project, os.path.join(OUT, "sample_project.png"), hidden=("feedback", "units", "visits")
    )
    print("   " + png)
    print(
        "Done in {:.1f} s. Open {} in QGIS (drag it onto the map) to see the project.".format(
            time.perf_counter() - started, project
        )
    )
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
