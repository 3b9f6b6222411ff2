"""Checking the Python packages the compute core needs, with install instructions."""

from typing import List

from .i18n import translate

#: Oldest shapely with the vectorised API (shapely.from_wkb, make_valid on arrays…).
SHAPELY_MIN = (2, 0)


def _version_tuple(text: str):
    parts = []
    for piece in text.split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def missing_dependencies() -> List[str]:
    """One message per missing or too old package; empty when all is well."""
    problems = []
    try:
        import shapely

        found = shapely.__version__
    except ImportError:
        found = None
    if found is None or _version_tuple(found) < SHAPELY_MIN:
        problems.append(
            translate(
                "core",
                "Service Grid needs the Python package shapely 2.0 or newer (found: {found}). "
                "Install it from the OSGeo4W Shell (Windows) or a terminal (Linux, macOS) with: "
                'python3 -m pip install --user "shapely>=2,<3", then restart QGIS.',
            ).format(found=found or translate("core", "none"))
        )
    return problems
