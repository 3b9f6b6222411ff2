"""The third-party Python packages the compute core needs (shapely 2, scipy, openpyxl): which
are missing or too old, what to tell the planner, and lazy imports so that every module of the
plugin loads without them (only the work that needs a package refuses, with instructions)."""

import importlib
import importlib.util
import os
import sys
import types
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence, Tuple

from .errors import ServiceGridError
from .i18n import translate

try:  # Python ≥ 3.8
    from importlib import metadata as _metadata
except ImportError:  # pragma: no cover
    _metadata = None  # type: ignore[assignment]

#: Oldest shapely with the vectorised API (shapely.from_wkb, make_valid on arrays…).
SHAPELY_MIN = (2, 0)
#: Oldest scipy with :func:`scipy.optimize.milp` (exact siting and allocation).
SCIPY_MILP_MIN = (1, 9)


@dataclass(frozen=True)
class Requirement:
    """One need of an algorithm: the package (import name = pip name) at a minimum version."""

    key: str
    package: str
    minimum: Tuple[int, ...]


#: What algorithms may declare in ``REQUIRES``.
REQUIREMENTS: Dict[str, Requirement] = {
    "shapely": Requirement("shapely", "shapely", SHAPELY_MIN),
    "scipy": Requirement("scipy", "scipy", (1, 0)),
    "scipy.milp": Requirement("scipy.milp", "scipy", SCIPY_MILP_MIN),
    "openpyxl": Requirement("openpyxl", "openpyxl", (3, 0)),
}
#: Every requirement: what the whole plugin needs.
ALL: Tuple[str, ...] = tuple(REQUIREMENTS)


class MissingDependencyError(ServiceGridError):
    """A package the work needs is missing or too old; the message says how to install it."""


def _version_tuple(text: str) -> Tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:2]:
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        parts.append(int(digits or 0))
    return tuple(parts)


def installed_version(package: str) -> Optional[str]:
    """The version of ``package`` that ``import package`` gives (``None``: not installed),
    read without importing it when its metadata says (a package imported already wins)."""
    module = sys.modules.get(package)
    if module is not None:
        return str(getattr(module, "__version__", "0"))
    try:
        if importlib.util.find_spec(package) is None:
            return None
    except (ImportError, ValueError):
        return None
    if _metadata is not None:
        try:
            return _metadata.version(package)
        except Exception:  # noqa: BLE001 (no or broken metadata: import it below)
            pass
    try:
        module = importlib.import_module(package)
    except Exception:  # noqa: BLE001 (a broken package counts as missing)
        return None
    return str(getattr(module, "__version__", "0"))


def unmet(keys: Iterable[str] = ALL) -> List[Tuple[Requirement, Optional[str]]]:
    """The requirements among ``keys`` not met, one per package (its highest minimum), with
    the version found (``None``: not installed)."""
    wanted: Dict[str, Requirement] = {}
    for key in keys:
        req = REQUIREMENTS[key]
        if req.package not in wanted or req.minimum > wanted[req.package].minimum:
            wanted[req.package] = req
    problems = []
    for req in wanted.values():
        found = installed_version(req.package)
        if found is None or _version_tuple(found) < req.minimum:
            problems.append((req, found))
    return problems


def missing_packages(keys: Iterable[str] = ALL) -> List[str]:
    """The pip names of the packages to install for ``keys``."""
    return [req.package for req, _found in unmet(keys)]


def numpy_version() -> str:
    """The numpy that QGIS has (what every installed package must work with)."""
    return installed_version("numpy") or "0"


def pip_specs(packages: Sequence[str], numpy: Optional[str] = None) -> List[str]:
    """pip requirement specifiers for ``packages`` that work with the installed ``numpy``
    (they are installed without their dependencies, so numpy is never touched)."""
    np_version = _version_tuple(numpy if numpy is not None else numpy_version())
    specs = []
    for package in packages:
        if package == "shapely":
            # shapely 2.0.4+ supports numpy 2 (2.0.7's wheels are built against it).
            specs.append("shapely==2.0.7" if np_version < (2,) else "shapely>=2.0.7,<2.2")
        elif package == "scipy":
            specs.append(_scipy_spec(np_version))
        elif package == "openpyxl":
            specs.extend(["openpyxl>=3.0,<3.2", "et-xmlfile"])
        else:
            specs.append(package)
    return specs


#: Oldest numpy of each scipy series from 1.9 (the first with milp) on: scipy below the
#: bound needs no newer numpy than the key.
_SCIPY_BY_NUMPY = (
    ((2, 0), "scipy>=1.13,<1.17"),
    ((1, 25), "scipy>=1.9,<1.17"),
    ((1, 23), "scipy>=1.9,<1.16"),
    ((1, 22), "scipy>=1.9,<1.14"),
    ((1, 21), "scipy>=1.9,<1.11"),
    ((1, 19), "scipy>=1.9,<1.11"),
    ((1, 18), "scipy>=1.9,<1.10"),
)


def _scipy_spec(np_version: Tuple[int, ...]) -> str:
    for oldest, spec in _SCIPY_BY_NUMPY:
        if np_version >= oldest:
            return spec
    return "scipy>=1.9,<1.10"


def terminal_command(packages: Sequence[str], numpy: Optional[str] = None) -> str:
    """A command that installs ``packages`` for QGIS's Python from a terminal (the OSGeo4W
    Shell on Windows) without changing its numpy."""
    np_text = numpy if numpy is not None else numpy_version()
    specs = " ".join('"{}"'.format(s) for s in pip_specs(packages, np_text) + ["numpy==" + np_text])
    if os.name == "nt":
        return "python -m pip install --user " + specs
    # PIP_BREAK_SYSTEM_PACKAGES: Debian 12+ refuse --user installs without it; older pips
    # ignore the variable (they do not know --break-system-packages).
    return "PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --user " + specs


def _message(req: Requirement, found: Optional[str], command: str) -> str:
    return translate(
        "core",
        "Service Grid needs the Python package {package} {minimum} or newer (found: {found}). "
        "Install it from the menu Service Grid ▸ Install missing Python packages…, or in a "
        "terminal (the OSGeo4W Shell on Windows) with: {command} — then restart QGIS.",
    ).format(
        package=req.package,
        minimum=".".join(str(n) for n in req.minimum),
        found=found or translate("core", "none"),
        command=command,
    )


def missing_dependencies(keys: Iterable[str] = ALL) -> List[str]:
    """One message per missing or too old package among ``keys``; empty when all is well."""
    problems = unmet(keys)
    if not problems:
        return []
    command = terminal_command([req.package for req, _found in problems])
    return [_message(req, found, command) for req, found in problems]


def require(keys: Iterable[str]) -> None:
    """Raise :class:`MissingDependencyError` (with the instructions) unless ``keys`` are met."""
    problems = missing_dependencies(keys)
    if problems:
        raise MissingDependencyError("\n".join(problems))


class LazyModule(types.ModuleType):
    """Stands for a third-party module until it is first used: then it checks the requirement
    ``key`` (raising :class:`MissingDependencyError` with the instructions) and imports it."""

    def __init__(self, name: str, key: str):
        super().__init__(name)
        self._sg_key = key
        self._sg_module: Optional[types.ModuleType] = None

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") or attr.startswith("_sg_"):
            raise AttributeError(attr)
        module = self._sg_module
        if module is None:
            require([self._sg_key])
            try:
                module = importlib.import_module(self.__name__)
            except ImportError as err:
                req = REQUIREMENTS[self._sg_key]
                text = _message(
                    req, installed_version(req.package), terminal_command([req.package])
                )
                raise MissingDependencyError("{} ({})".format(text, err)) from err
            self._sg_module = module
            # later look-ups find the module's names directly (no __getattr__ call)
            self.__dict__.update((k, v) for k, v in vars(module).items() if not k.startswith("__"))
        return getattr(module, attr)


if TYPE_CHECKING:
    import scipy.sparse as scipy_sparse
    import shapely
else:
    shapely = LazyModule("shapely", "shapely")
    scipy_sparse = LazyModule("scipy.sparse", "scipy")
