"""Finding QGIS's own Python interpreter (plain Python, no QGIS): in QGIS ``sys.executable`` is
the QGIS program on Windows (and may be on macOS), so the interpreter that runs pip for the
plugin's packages, or the solver's helper process, is looked for beside it."""

import os
import shutil
import subprocess
import sys
from typing import List, Optional


def python_candidates(
    executable: str, prefix: str, exec_prefix: str, windows: bool, which=shutil.which
) -> List[str]:
    """Where QGIS's Python interpreter may be, best first. In QGIS ``sys.executable`` is the
    QGIS program on Windows (and may be on macOS), so it counts only when it is a python."""
    version = "{}.{}".format(*sys.version_info[:2])
    found: List[str] = []
    if os.path.basename(executable).lower().startswith("python"):
        found.append(executable)
    if windows:
        for folder in (exec_prefix, prefix):
            found += [os.path.join(folder, "python.exe"), os.path.join(folder, "python3.exe")]
        names = ["python.exe", "python3.exe", "python"]
    else:
        for folder in (exec_prefix, prefix):
            found += [
                os.path.join(folder, "bin", "python" + version),
                os.path.join(folder, "bin", "python3"),
            ]
        found.append("/usr/bin/python" + version)
        found.append("/usr/bin/python3")
        names = ["python" + version, "python3"]
    for name in names:
        path = which(name)
        if path:
            found.append(path)
    unique: List[str] = []
    for path in found:
        if path and path not in unique:
            unique.append(path)
    return unique


def no_window() -> int:
    """Popen's ``creationflags``: no console window flashing up on Windows."""
    return 0x08000000 if os.name == "nt" else 0  # CREATE_NO_WINDOW


def python_version(path: str) -> Optional[str]:
    """``X.Y`` of the interpreter ``path`` (``None`` if it does not run)."""
    try:
        out = subprocess.run(
            [path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=60,
            creationflags=no_window(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def find_python() -> Optional[str]:
    """QGIS's Python interpreter: the first candidate that runs and is this Python version."""
    version = "{}.{}".format(*sys.version_info[:2])
    for path in python_candidates(sys.executable, sys.prefix, sys.exec_prefix, os.name == "nt"):
        if os.path.isfile(path) and python_version(path) == version:
            return path
    return None
