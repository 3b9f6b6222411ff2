"""Writing the workbook end to end: check the output, read the project, compute the figures,
lay out the sheets and save to a temporary file that replaces the output only when complete
(never over the project, never over a workbook open in a spreadsheet program)."""

import datetime as _dt
import os
import shutil
import uuid
from typing import Callable, List, Optional

from .. import quality
from ..errors import CancelledError, InputError
from ..fieldsync.quarantine import sweep_stale
from ..i18n import translate
from .customers_sheet import write_customers
from .feedback import write_feedback
from .figures import compute
from .map_sheet import picture_available, write_map
from .model import LANGUAGES, WorkbookResult
from .notes import properties, write_notes
from .people import write_people
from .reading import read_project
from .sheets import write_grids, write_outlets, write_staff
from .summary import write_summary
from .xlsx import SHEET_KEYS, Writer, WriterCancelledError

#: Prefix of the workbook's temporary file beside the output: ``<prefix><pid>-<random>.xlsx``.
TEMP_PREFIX = ".~sg-"


def write_workbook(
    project_path: str,
    output_path: str,
    language: str = "zh",
    response_standard: float = quality.DEFAULT_RESPONSE_STANDARD,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
    now: Optional[_dt.datetime] = None,
    map_image: Optional[str] = None,
) -> WorkbookResult:
    """Write the staffing workbook of ``project_path`` to ``output_path`` (see the package
    documentation). ``language`` is ``"zh"`` or ``"en"``; ``progress`` gets 0–100;
    ``map_image`` (a PNG of the grids) becomes the Map sheet (left out without it, or when
    Pillow, which openpyxl needs for pictures, is missing: ``result.map`` says which).

    Raises :class:`InputError` (not a project, no grids, bad output) or
    :class:`CancelledError`; nothing is written then.
    """
    if language not in LANGUAGES:
        raise ValueError("language must be one of {}".format(LANGUAGES))
    progress = progress or (lambda value: None)
    is_canceled = is_canceled or (lambda: False)
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise InputError(
            translate(
                "core",
                "Writing Excel workbooks needs the Python package openpyxl. Install it "
                "(Debian/Ubuntu: apt install python3-openpyxl; elsewhere: python3 -m pip "
                "install openpyxl) and restart QGIS.",
            )
        ) from None
    final = _check_output(output_path, project_path)
    data = read_project(project_path)
    progress(5)
    figures = compute(data, language, response_standard)
    progress(15)
    if is_canceled():
        raise CancelledError(translate("core", "Cancelled: nothing was written."))
    with_map = bool(map_image) and os.path.isfile(str(map_image)) and picture_available()
    keys = tuple(k for k in SHEET_KEYS if k != "map" or with_map)
    writer = Writer(language, progress, is_canceled, keys)
    result = WorkbookResult(path=final, language=language)
    folder = os.path.dirname(final)
    # a new file gets the usual permissions (the umask), unlike mkstemp's private 0600
    sweep_stale(folder, prefix=TEMP_PREFIX)  # temporary files of killed runs
    tmp = os.path.join(
        folder, "{}{}-{}.xlsx".format(TEMP_PREFIX, os.getpid(), uuid.uuid4().hex[:12])
    )
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        write_grids(writer, data, figures, result)
        write_summary(writer, data, figures, result)
        write_staff(writer, data, figures, result)
        result.training_needs = write_people(writer, data, response_standard)
        write_outlets(writer, data, figures, result)
        write_feedback(writer, data, figures, response_standard, result)
        write_customers(writer, data, figures, result)
        if with_map:
            write_map(writer, str(map_image), result)
        write_notes(writer, data, figures, response_standard, result, now)
        properties(writer.wb, language, data, now)
        writer.check()
        progress(20)
        writer.save(tmp, progress=(20.0, 78.0))
        with open(tmp, "rb") as stream:
            os.fsync(stream.fileno())
        _check_unlocked(final)
        if os.path.exists(final):
            shutil.copymode(final, tmp)
        os.replace(tmp, final)
    except WriterCancelledError:
        writer.discard()
        raise CancelledError(translate("core", "Cancelled: nothing was written.")) from None
    except PermissionError as err:
        writer.discard()
        raise InputError(
            translate(
                "core",
                "The workbook {path} cannot be written ({error}). If it is open in Excel, "
                "WPS or LibreOffice, close it and run again; else choose another "
                "file.",
            ).format(path=final, error=err.strerror or err)
        ) from err
    except BaseException:
        writer.discard()
        raise
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    result.sheets = [writer.titles[k] for k in writer.sheets]
    progress(100)
    return result


def _lock_files(path: str) -> List[str]:
    folder, name = os.path.split(path)
    candidates = [
        os.path.join(folder, ".~lock.{}#".format(name)),  # LibreOffice
        os.path.join(folder, "~$" + name),  # Excel
        os.path.join(folder, "~$" + name[2:]),  # Excel, long names
        os.path.join(folder, ".~" + name),
    ]  # WPS
    return [c for c in dict.fromkeys(candidates) if os.path.exists(c)]


def _check_unlocked(final: str) -> None:
    locks = _lock_files(final)
    if locks:
        raise InputError(
            translate(
                "core",
                "The workbook {path} is open in a spreadsheet program (lock file {lock}). "
                "Close it there and run again; if it is not open anywhere, delete the lock "
                "file.",
            ).format(path=final, lock=locks[0])
        )


def _check_output(output_path: str, project_path: str) -> str:
    if not output_path:
        raise InputError(translate("core", "Choose the file to write the workbook to."))
    final = os.path.abspath(output_path)
    if not final.lower().endswith(".xlsx"):
        final += ".xlsx"
    folder = os.path.dirname(final)
    if not os.path.isdir(folder):
        raise InputError(
            translate(
                "core", "The folder {folder} does not exist. Choose a file in an existing folder."
            ).format(folder=folder)
        )
    if os.path.isdir(final):
        raise InputError(
            translate("core", "{path} is a folder. Choose a file name ending in .xlsx.").format(
                path=final
            )
        )
    if os.path.exists(project_path) and os.path.abspath(project_path) == final:
        raise InputError(
            translate(
                "core",
                "The workbook cannot be written over the project itself: choose another "
                "output file.",
            )
        )
    _check_unlocked(final)
    return final
