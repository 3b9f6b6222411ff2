"""Photos of a package copied to content-hashed files beside the project (checked paths,
types and sizes; the field file's folder is never left)."""

import hashlib
import os
import re

from ..i18n import translate
from .model import _PHOTO_TYPES, Limits, PackageReport


class _Photos:
    """Copies a package's photos to content-hashed files beside the project."""

    def __init__(self, project: str, package_path: str, limits: Limits):
        self.project_dir = os.path.dirname(os.path.abspath(project))
        stem = os.path.splitext(os.path.basename(project))[0]
        self.folder = os.path.join(self.project_dir, stem + "_photos")
        self.package_dir = os.path.realpath(os.path.dirname(os.path.abspath(package_path)))
        self.limits = limits

    def __call__(self, report: PackageReport, key: str, value):
        if value is None:
            return None
        problem, target = self._copy(str(value), report)
        if problem:
            report.warnings.append(
                translate("core", "photo of {}: {} (the row is kept without it)").format(
                    key, problem
                )
            )
            return None
        return target

    def _copy(self, value: str, report: PackageReport):
        if os.path.isabs(value) or re.match(r"^[A-Za-z]:", value) or value.startswith("\\\\"):
            return translate(
                "core", "absolute path {!r} (must be inside the package folder)"
            ).format(value), None
        source = os.path.realpath(os.path.join(self.package_dir, value))
        if not source.startswith(self.package_dir + os.sep):
            return translate("core", "path {!r} leaves the package folder").format(value), None
        ext = os.path.splitext(source)[1].lower()
        if ext not in _PHOTO_TYPES:
            return translate("core", "{!r} is not a photo (jpg, png, webp, heic, gif)").format(
                value
            ), None
        if not os.path.isfile(source):
            return translate("core", "file {!r} is missing").format(value), None
        size = os.path.getsize(source)
        if size > self.limits.max_photo_bytes:
            return translate("core", "file {!r} is {:.1f} MB (limit {:.0f} MB)").format(
                value, size / 1e6, self.limits.max_photo_bytes / 1e6
            ), None
        with open(source, "rb") as handle:
            data = handle.read(self.limits.max_photo_bytes + 1)  # bounded if the file grows
        if len(data) > self.limits.max_photo_bytes:
            return translate("core", "file {!r} is {:.1f} MB (limit {:.0f} MB)").format(
                value, len(data) / 1e6, self.limits.max_photo_bytes / 1e6
            ), None
        if not data.startswith(_PHOTO_TYPES[ext]):
            return translate("core", "file {!r} is not a {} image").format(value, ext[1:]), None
        digest = hashlib.sha256(data).hexdigest()
        folder = os.path.join(self.folder, digest[:2])
        target = os.path.join(folder, digest + (".jpg" if ext == ".jpeg" else ext))
        if not os.path.exists(target):
            os.makedirs(folder, exist_ok=True)
            tmp = target + ".part"
            with open(tmp, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
            report.photos += 1
        return None, os.path.relpath(target, self.project_dir).replace(os.sep, "/")
