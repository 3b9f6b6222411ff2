"""A picture of a staffing workbook's Summary sheet, as LibreOffice prints it.

    .venv/bin/python scripts/workbook_picture.py [out/staffing.xlsx] [docs/staffing_summary.png]

The workbook is converted to PDF by LibreOffice headless (Debian's libreoffice-calc-nogui; a
private profile, so a running LibreOffice is not disturbed), the first page (the Summary: the
table with its totals row and the chart; LibreOffice computes the formulas) is rendered by
``pdftoppm`` and trimmed by ImageMagick's ``convert``. Run ``make demo`` first for the default
input.
"""

import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def summary_picture(workbook: str, png: str, dpi: int = 130) -> str:
    """Write the first page of ``workbook`` as printed by LibreOffice to ``png``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "LibreOffice is missing: apt install libreoffice-calc-nogui (make setup installs it)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        profile = "file://" + os.path.join(tmp, "profile")
        subprocess.run(
            [
                soffice,
                "-env:UserInstallation=" + profile,
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                workbook,
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdf = os.path.join(tmp, os.path.splitext(os.path.basename(workbook))[0] + ".pdf")
        page = os.path.join(tmp, "page")
        subprocess.run(
            ["pdftoppm", "-f", "1", "-l", "1", "-r", str(dpi), "-png", "-singlefile", pdf, page],
            check=True,
            timeout=300,
        )
        os.makedirs(os.path.dirname(os.path.abspath(png)), exist_ok=True)
        convert = shutil.which("convert")
        if convert:
            subprocess.run(
                [
                    convert,
                    page + ".png",
                    "-trim",
                    "+repage",
                    "-bordercolor",
                    "white",
                    "-border",
                    "24",
                    png,
                ],
                check=True,
                timeout=300,
            )
        else:
            shutil.copyfile(page + ".png", png)
    return png


def main(argv) -> int:
    workbook = argv[1] if len(argv) > 1 else os.path.join(ROOT, "out", "staffing.xlsx")
    png = argv[2] if len(argv) > 2 else os.path.join(ROOT, "docs", "staffing_summary.png")
    print(summary_picture(workbook, png))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
