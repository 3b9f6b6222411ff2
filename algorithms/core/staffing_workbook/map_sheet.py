"""The Map sheet: a picture of the grids (drawn by QGIS in the algorithm layer, see
``algorithms/workbook_map.py``) under a title, printed landscape on one page."""

import io

from .labels import WORDS, pick
from .model import WorkbookResult
from .values import column_letter
from .xlsx import PAPER_A4, Writer

#: Widest the picture is shown (pixels at 96 dpi): about the width of an A4 landscape page.
MAX_SHOWN_WIDTH = 1000


def picture_available() -> bool:
    """Whether openpyxl can insert pictures here (it needs Pillow)."""
    try:
        import PIL.Image  # noqa: F401
    except ImportError:
        return False
    return True


def write_map(writer: Writer, image_path: str, result: WorkbookResult) -> None:
    """The title in A1 and the picture ``image_path`` (PNG) below it."""
    from openpyxl.drawing.image import Image

    ws = writer.sheets["map"]
    styles = writer.styles
    with open(image_path, "rb") as stream:  # from memory: no file is left open
        picture = Image(io.BytesIO(stream.read()))
    if picture.width > MAX_SHOWN_WIDTH:
        scale = MAX_SHOWN_WIDTH / float(picture.width)
        picture.width = int(picture.width * scale)
        picture.height = int(picture.height * scale)
    # the sheet's properties are written with its first row (write-only): set them first
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    # the picture spans about width / 64 default columns and height / 20 default rows
    columns = int(picture.width / 64) + 1
    ws.print_area = "A1:{}{}".format(column_letter(columns - 1), 3 + int(picture.height / 20) + 1)
    title = pick(WORDS["map_title"], writer.language)
    ws.append([styles.cell(ws, title, styles.label, text=True)])
    ws.add_image(picture, "A3")
    result.map = True
