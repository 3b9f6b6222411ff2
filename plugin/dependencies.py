"""Installing the missing Python packages into a folder of the plugin's own (plain Python,
no Qt: the install dialog's task and the tests run it).

The folder is ``<QGIS profile>/python/service_grid_deps/py<X.Y>-numpy<N>``: one per Python
and numpy major version, so an upgraded QGIS never loads wheels built for another one. The
plugin puts it first on ``sys.path`` at start (:func:`activate`). pip runs as a subprocess of
QGIS's own Python (:func:`find_python`) with ``--target`` and ``--no-deps``, the versions chosen
to work with the numpy QGIS has (:func:`core.deps.pip_specs`) and a constraint
``numpy==<installed>``, so numpy is never upgraded. Offline: from a folder of wheel files
(``--no-index --find-links``).
"""

import importlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Sequence

from ..algorithms.core import deps
from ..algorithms.core.i18n import translate
from ..algorithms.core.interpreter import (  # noqa: F401 (re-exported: tests, callers)
    find_python,
    no_window,
    python_candidates,
    python_version,
)

#: The folder of private packages, inside the profile's ``python`` folder.
FOLDER = "service_grid_deps"


def private_folder(settings_dir: str, numpy: Optional[str] = None) -> str:
    """The private package folder of the QGIS profile ``settings_dir`` for this Python and
    the installed numpy's major version."""
    np_major = deps._version_tuple(numpy if numpy is not None else deps.numpy_version())[0]
    name = "py{}.{}-numpy{}".format(sys.version_info[0], sys.version_info[1], np_major)
    return os.path.join(settings_dir, "python", FOLDER, name)


def activate(folder: str) -> bool:
    """Put ``folder`` first on ``sys.path`` if it exists; ``True`` if it is there now."""
    if not os.path.isdir(folder):
        return False
    if folder not in sys.path:
        sys.path.insert(0, folder)
        importlib.invalidate_caches()
    return True


def forget_outdated(folder: str) -> List[str]:
    """Forget the packages that were imported before ``folder`` was put first on
    ``sys.path`` in a version the plugin cannot use, when ``folder`` holds them: the next
    ``import`` then takes the folder's. QGIS 3.40's ``qgis.core`` imports shapely when QGIS
    starts, before any plugin, so an old system shapely (1.8) would otherwise hide the
    shapely 2 installed here. A usable package already imported is left as it is. Returns the
    packages forgotten."""
    forgotten = []
    for req, _found in deps.unmet():
        module = sys.modules.get(req.package)
        if module is None or not os.path.isdir(os.path.join(folder, req.package)):
            continue
        where = os.path.abspath(getattr(module, "__file__", None) or "")
        if where.startswith(os.path.abspath(folder) + os.sep):
            continue  # (the folder's own)
        prefix = req.package + "."
        for name in [n for n in sys.modules if n == req.package or n.startswith(prefix)]:
            del sys.modules[name]
        forgotten.append(req.package)
    if forgotten:
        importlib.invalidate_caches()
    return forgotten


def deactivate(folder: str) -> None:
    """Take ``folder`` off ``sys.path`` again (the plugin's unload)."""
    while folder in sys.path:
        sys.path.remove(folder)


# ---------------------------------------------------------------------- QGIS's Python


# ---------------------------------------------------------------------- the install


@dataclass
class InstallPlan:
    """What to install where, with which Python."""

    python: str
    target: str
    #: The packages (pip names) and their requirement specifiers.
    packages: List[str]
    specs: List[str]
    numpy: str
    #: Offline: the folder of wheel files (``None``: the package index).
    wheel_dir: Optional[str] = None

    def constraints(self) -> str:
        """The constraints file's text: numpy stays the installed version."""
        return "numpy=={}\n".format(self.numpy)

    def command(self, constraints_path: str) -> List[str]:
        """The pip command line."""
        cmd = [self.python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
        cmd += ["--no-deps", "--upgrade", "--target", self.target, "-c", constraints_path]
        if self.wheel_dir:
            cmd += ["--no-index", "--find-links", self.wheel_dir]
        return cmd + list(self.specs)

    def check_command(self) -> List[str]:
        """A command that imports the installed packages from the target folder, as QGIS will
        (fails if one does not work with this numpy)."""
        imports = "; ".join("import {}".format(p) for p in self.packages) or "pass"
        code = "import sys; sys.path.insert(0, {!r}); {}".format(self.target, imports)
        return [self.python, "-c", code]


def make_plan(
    settings_dir: str,
    packages: Optional[Sequence[str]] = None,
    wheel_dir: Optional[str] = None,
    python: Optional[str] = None,
) -> InstallPlan:
    """The plan to install ``packages`` (default: all missing ones) into the profile's private
    folder. Raises :class:`core.deps.MissingDependencyError` if no Python interpreter is found."""
    numpy = deps.numpy_version()
    if packages is None:
        packages = deps.missing_packages()
    python = python or find_python()
    if python is None:
        raise deps.MissingDependencyError(
            translate(
                "dependencies",
                "QGIS's Python interpreter was not found, so the packages cannot be installed "
                "from QGIS. Install them in a terminal instead: {command}",
            ).format(command=deps.terminal_command(packages, numpy))
        )
    return InstallPlan(
        python=python,
        target=private_folder(settings_dir, numpy),
        packages=list(packages),
        specs=deps.pip_specs(packages, numpy),
        numpy=numpy,
        wheel_dir=wheel_dir or None,
    )


@dataclass
class InstallResult:
    ok: bool
    cancelled: bool
    output: List[str] = field(default_factory=list)
    #: A sentence for the message bar.
    message: str = ""


def _progress(line: str, specs: int, seen: List[int]) -> Optional[float]:
    """Progress in percent after pip printed ``line`` (``None``: no change)."""
    text = line.strip()
    if text.startswith(("Collecting", "Processing", "Looking in")):
        seen[0] += 1
        return min(70.0, 10.0 + 60.0 * seen[0] / max(specs, 1))
    if text.startswith("Installing collected packages"):
        return 80.0
    if text.startswith("Successfully installed"):
        return 90.0
    return None


def run_install(
    plan: InstallPlan,
    on_progress: Callable[[float], None] = lambda _p: None,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> InstallResult:
    """Run pip for ``plan``, then check the packages import from the target folder."""
    os.makedirs(plan.target, exist_ok=True)
    output: List[str] = []
    with tempfile.TemporaryDirectory(prefix="service_grid_pip_") as tmp:
        constraints = os.path.join(tmp, "constraints.txt")
        with open(constraints, "w", encoding="utf-8") as handle:
            handle.write(plan.constraints())
        env = dict(os.environ, PYTHONIOENCODING="utf-8", PIP_NO_INPUT="1")
        on_progress(5.0)
        try:
            proc = subprocess.Popen(
                plan.command(constraints),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                text=True,
                encoding="utf-8",
                errors="replace",
                creationflags=no_window(),
            )
        except OSError as err:
            return InstallResult(False, False, [str(err)], _failed(plan, [str(err)]))
        seen = [0]

        def read():
            assert proc.stdout is not None
            for line in proc.stdout:
                output.append(line.rstrip("\n"))
                value = _progress(line, len(plan.specs), seen)
                if value is not None:
                    on_progress(value)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        while proc.poll() is None:
            if is_cancelled():
                proc.terminate()
                proc.wait(timeout=30)
                reader.join(timeout=5)
                return InstallResult(
                    False, True, output, translate("dependencies", "Installation cancelled.")
                )
            time.sleep(0.1)
        reader.join(timeout=30)
    if proc.returncode != 0:
        return InstallResult(False, False, output, _failed(plan, output))
    check = subprocess.run(
        plan.check_command(),
        capture_output=True,
        text=True,
        timeout=300,
        creationflags=no_window(),
    )
    if check.returncode != 0:
        output += check.stderr.splitlines()
        return InstallResult(False, False, output, _failed(plan, output))
    on_progress(100.0)
    activate(plan.target)
    return InstallResult(True, False, output, "")


def _failed(plan: InstallPlan, output: Sequence[str]) -> str:
    """The message of a failed install: pip's last error line and what to try."""
    errors = [line for line in output if "ERROR" in line or "Error" in line] or list(output)
    last = errors[-1].strip() if errors else ""
    if "No module named pip" in "\n".join(output):
        return translate(
            "dependencies",
            "pip is not installed for {python}. On Debian or Ubuntu install it with "
            "'sudo apt install python3-pip', then try again.",
        ).format(python=plan.python)
    return translate(
        "dependencies",
        "Installing {packages} failed: {error}. Without internet, download the wheel files "
        "on another computer (pip download --only-binary=:all: --no-deps {specs}) and install "
        "from their folder; or install in a terminal: {command}",
    ).format(
        packages=", ".join(plan.packages),
        error=last,
        specs=" ".join('"{}"'.format(s) for s in plan.specs),
        command=deps.terminal_command(plan.packages, plan.numpy),
    )


def needs_restart(packages: Sequence[str]) -> bool:
    """Whether QGIS has already loaded (an old version of) one of ``packages``: then the
    new one is used only after a restart."""
    return any(p in sys.modules for p in packages)
