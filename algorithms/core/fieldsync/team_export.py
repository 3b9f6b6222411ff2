"""One run, many field packages: the project is read once, an empty package with the
project embedded (the *template*) is made once, and each member's package is a copy of it
filled with their rows (:mod:`.contents` says which), its own manifest and its project made
from the template's by replacing placeholders (package id, staff id, file name, map extent).

Every package is written in a private folder beside the output and moved into place only
once the project has registered it (base snapshot, one transaction for all): a cancel
between two members registers and keeps the packages finished so far, and nothing else; an
error leaves no package.
"""

import contextlib
import datetime as _dt
import io
import os
import shutil
import sqlite3
import uuid as _uuid
import zipfile
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple
from xml.sax.saxutils import escape

from osgeo import gdal, ogr

from .. import gpkg, schema
from ..errors import InputError, format_ids
from ..i18n import translate
from ..ogr_errors import ogr_exceptions
from ..timestamps import now_utc
from . import contents
from .export import manifest, new_package_id, package_meta, register_packages, safe_name
from .model import PackageInfo, _Row, uuid_key
from .project import _require_project, ensure_project_id
from .rows import _trusted_rows
from .team import Member, readme

#: Placeholders of the template's project (replaced in each package's copy).
TOKEN_PACKAGE = "SGTEAMPACKAGEIDTOKEN"
TOKEN_STAFF = "SGTEAMSTAFFIDTOKEN"
#: The template's map extent, replaced by each package's (numbers QGIS writes as they are).
TOKEN_EXTENT = (1234567.25, 2345678.25, 3456789.25, 4567890.25)
TEMPLATE_NAME = "sgteamtemplate"


@dataclass
class Template:
    """What the embedded project of the template gets (see :func:`export_team`'s ``embed``)."""

    path: str
    staff_id: str = TOKEN_STAFF
    package_id: str = TOKEN_PACKAGE
    expires_at: Optional[str] = None
    extent: Tuple[float, float, float, float] = TOKEN_EXTENT
    language: str = "zh"


@dataclass
class TeamResult:
    """What a team run wrote: ``(member, final path, info)`` per package, in order."""

    folder: str
    written: List[Tuple[Member, str, PackageInfo]] = field(default_factory=list)
    cancelled: bool = False
    expires_at: Optional[str] = None
    notes: List[str] = field(default_factory=list)


def package_names(
    members: Sequence[Member], day: _dt.date, zip_output: bool = False
) -> Dict[str, str]:
    """File names ``<staff_id>_<YYYYMMDD>.gpkg`` (``.zip``) by staff id; ids that make the same
    file-safe name get ``_2``, ``_3``…"""
    ext = ".zip" if zip_output else ".gpkg"
    names: Dict[str, str] = {}
    used = set()
    for member in members:
        stem = "{}_{}".format(safe_name(member.staff_id), day.strftime("%Y%m%d"))
        name, k = stem + ext, 1
        while name.lower() in used:
            k += 1
            name = "{}_{}{}".format(stem, k, ext)
        used.add(name.lower())
        names[member.staff_id] = name
    return names


def _wkb(blob) -> Optional[bytes]:
    """The WKB of a GeoPackage geometry blob (``None`` for none or an empty one)."""
    if blob is None or len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    if flags & 0x10:  # empty
        return None
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0x07, 0)
    return bytes(blob[8 + envelope :])


class _Snapshot:
    """The rows of every package table of the project, read once, grouped by scope key."""

    def __init__(self, project: str, tables: Sequence[contents.PackageTable]):
        self.columns: Dict[str, List[str]] = {}
        self.rows: Dict[str, Dict[str, list]] = {}
        self.extent: Dict[str, Tuple[float, float, float, float]] = {}
        self.master: Dict[str, _Row] = {}
        with contextlib.closing(gpkg.connect_ro(project)) as con:
            con.execute("BEGIN")  # one consistent read: the rows and their base snapshots
            present = {
                n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            for table in tables:
                self._read(con, table, present)
            if "rtree_grids_geom" in present:
                for gid, x0, x1, y0, y1 in con.execute(
                    "SELECT g.grid_id, r.minx, r.maxx, r.miny, r.maxy FROM grids g "
                    "JOIN rtree_grids_geom r ON r.id = g.fid"
                ):
                    self.extent[str(gid)] = (x0, y0, x1, y1)
            if "feedback" in present:
                self.master = _trusted_rows(con)

    def _read(self, con, table: contents.PackageTable, present: set) -> None:
        self.rows[table.name] = {}
        if table.name not in present:
            self.columns[table.name] = []
            return
        have = {r[1] for r in con.execute('PRAGMA table_info("{}")'.format(table.name))}
        names = [n for n in table.definition.field_names() if n in have]
        self.columns[table.name] = names
        if table.key not in have:
            return
        select = ['"{}"'.format(n) for n in names]
        geometry = table.definition.geometry is not None and "geom" in have
        if geometry:
            select.append('"geom"')
        key_at = names.index(table.key) if table.key in names else None
        query = 'SELECT {}, "{}" FROM "{}" ORDER BY fid'.format(
            ", ".join(select), table.key, table.name
        )
        groups = self.rows[table.name]
        for row in con.execute(query):
            key = row[-1]
            if key is None:
                continue
            values = list(row[: len(names)])
            if key_at is not None:
                values[key_at] = key
            groups.setdefault(str(key).strip(), []).append(
                (values, _wkb(row[len(names)]) if geometry else None)
            )

    def member_extent(self, grid_ids: Sequence[str]) -> Optional[Tuple[float, ...]]:
        boxes = [self.extent[g] for g in grid_ids if g in self.extent]
        if not boxes:
            return None
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        dx, dy = (x1 - x0) * 0.05, (y1 - y0) * 0.05
        return (x0 - dx, y0 - dy, x1 + dx, y1 + dy)


def _make_template(
    project: str, meta: Dict[str, str], project_id: str, path: str, srs_wkt: Optional[str]
) -> None:
    """The empty package: every package table, ``sg_meta``, an empty ``sg_manifest``."""
    from osgeo import osr

    srs = None
    if srs_wkt:
        srs = osr.SpatialReference()
        srs.ImportFromWkt(srs_wkt)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    try:
        for table in contents.package_tables():
            gpkg.create_layer(ds, table.definition, srs if table.definition.geometry else None)
        gpkg.write_meta(ds, package_meta(meta, project_id))
        gpkg.write_meta(ds, {}, table=schema.MANIFEST_TABLE)
    finally:
        ds = None  # noqa: F841


def _srs_wkt(project: str) -> Optional[str]:
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_READONLY)
    try:
        layer = ds.GetLayerByName("grids")
        srs = layer.GetSpatialRef() if layer is not None else None
        return srs.ExportToWkt() if srs is not None else None
    finally:
        ds = None  # noqa: F841


def _read_template_project(path: str) -> List[Tuple[str, bytes]]:
    """The entries of the template's embedded ``.qgz`` (empty when it has none)."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        try:
            row = con.execute(
                "SELECT content FROM qgis_projects WHERE name = ?", (schema.PROJECT_NAME,)
            ).fetchone()
        except sqlite3.Error:
            return []
    if row is None:
        return []
    content = row[0]
    data = bytes.fromhex(content) if isinstance(content, str) else bytes(content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _personal_project(
    entries: List[Tuple[str, bytes]],
    template_file: str,
    file_name: str,
    staff_id: str,
    package_id: str,
    extent: Optional[Tuple[float, ...]],
) -> str:
    """The hex ``.qgz`` of one package made from the template's entries."""
    replacements = [
        ("./" + template_file, "./" + escape(file_name, {'"': "&quot;"})),
        (TOKEN_PACKAGE, escape(package_id, {'"': "&quot;"})),
        (TOKEN_STAFF, escape(staff_id, {'"': "&quot;"})),
    ]
    if extent is not None:
        replacements += [
            ('"{}"'.format(_number(t)), '"{!r}"'.format(float(v)))
            for t, v in zip(TOKEN_EXTENT, extent)
        ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            if name.endswith(".qgs"):
                text = data.decode("utf-8")
                for old, new in replacements:
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            archive.writestr(name.replace(TEMPLATE_NAME, os.path.splitext(file_name)[0]), data)
    return out.getvalue().hex()


def _qgz_entries(path: str) -> List[Tuple[str, bytes]]:
    """The entries of a ``.qgz`` file."""
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _fill(
    path: str, snapshot: _Snapshot, member: Member, manifest_rows: Dict[str, str]
) -> Dict[str, int]:
    """Write ``member``'s rows and manifest into ``path`` (a copy of the template)."""
    counts: Dict[str, int] = {}
    # a new file in the run's private folder: no fsync per file (a crash discards the folder;
    # the files are flushed once before the project registers them, see _flush)
    gdal.SetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF")
    try:
        ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    finally:
        gdal.SetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", None)
    try:
        ds.StartTransaction()
        for table in contents.package_tables():
            layer = ds.GetLayerByName(table.name)
            defn = layer.GetLayerDefn()
            names = snapshot.columns[table.name]
            indexes = [defn.GetFieldIndex(n) for n in names]
            groups = snapshot.rows[table.name]
            keys = contents.scope_keys(table, member.staff_id, member.grid_ids, member.outlet_ids)
            count = 0
            filtered = table.owner is not None or table.only is not None
            for key in keys:
                for values, wkb in groups.get(key, ()):
                    if filtered and not table.keeps(member.staff_id, dict(zip(names, values)).get):
                        continue
                    feature = ogr.Feature(defn)
                    for k, value in zip(indexes, values):
                        if value is not None and k >= 0:
                            feature.SetField(k, value)
                    if wkb is not None:
                        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
                    layer.CreateFeature(feature)
                    count += 1
            counts[table.name] = count
        layer = ds.GetLayerByName(schema.MANIFEST_TABLE)
        defn = layer.GetLayerDefn()
        for key, value in manifest_rows.items():
            feature = ogr.Feature(defn)
            feature.SetField("key", key)
            feature.SetField("value", str(value))
            layer.CreateFeature(feature)
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841
    return counts


def _store_project(path: str, content_hex: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        con.execute("PRAGMA synchronous=OFF")  # (see _fill)
        con.execute(
            "UPDATE qgis_projects SET content = ? WHERE name = ?",
            (content_hex, schema.PROJECT_NAME),
        )


def _flush(paths: Sequence[str]) -> None:
    """Make the new files durable before the project registers them: one ``sync()`` of the
    system (each file's ``fsync`` where there is none)."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        with open(path, "rb+") as handle:
            os.fsync(handle.fileno())


def _feedback_keys(snapshot: "_Snapshot", member: Member) -> List[str]:
    """The uuid keys of the feedback rows of ``member``'s package."""
    names = snapshot.columns["feedback"]
    if "uuid" not in names:
        return []
    at = names.index("uuid")
    groups = snapshot.rows["feedback"]
    return [
        uuid_key(values[at])
        for grid in member.grid_ids
        for values, _wkb in groups.get(grid, ())
        if values[at] is not None
    ]


def _zip(path: str, final_zip: str, text: str) -> str:
    """``path`` and a README in the new zip ``final_zip`` (written beside it first)."""
    part = final_zip + ".part"
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, os.path.basename(path))
        archive.writestr("README.txt", text)
    return part


@ogr_exceptions()
def export_team(
    project: str,
    members: Sequence[Member],
    folder: str,
    embed: Optional[Callable[[Template], None]] = None,
    day: Optional[_dt.date] = None,
    expires: Optional[str] = None,
    zip_output: bool = False,
    progress: Optional[Callable[[float, str], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
    qfield: Optional[Callable[[str], str]] = None,
) -> TeamResult:
    """Write a package for each of ``members`` into ``folder`` (see the module doc).

    ``embed(template)`` writes the embedded QGIS project into ``template.path`` (the QGIS
    side: :func:`project_template.embed_project` with the template's placeholders);
    ``expires``: the manifest's ``expires_at`` (see :func:`.team.expires_at`); ``progress(
    fraction, staff_id)``; ``is_canceled`` is checked between members. ``qfield(package)``
    writes the QField project of a package beside it and returns its path (the QGIS side:
    :func:`qfield_project.write_qfield_project`): given (and not zipped), it is written once
    for the template and each package gets its own ``<name>.qgz`` from it by the same
    substitutions as its embedded project, with a ``DCIM`` folder beside them."""
    meta = _require_project(project)
    folder = os.path.abspath(folder)
    if not os.path.isdir(folder):
        raise InputError(
            translate("core", "The output folder {folder} does not exist.").format(folder=folder)
        )
    day = day or _dt.date.today()
    names = package_names(members, day, zip_output)
    existing = [n for n in names.values() if os.path.exists(os.path.join(folder, n))]
    if existing:
        raise InputError(
            translate(
                "core",
                "{count} packages of this run already exist in {folder}: {files}. Nothing was "
                "written. Choose another folder, or move the old packages away first.",
            ).format(count=len(existing), folder=folder, files=format_ids(existing, 10))
        )
    progress = progress or (lambda _f, _s: None)
    is_canceled = is_canceled or (lambda: False)
    result = TeamResult(folder=folder, expires_at=expires)
    project_id = ensure_project_id(project)
    language = meta.get("language", "zh")
    work = os.path.join(folder, ".service-grid-team-{}".format(_uuid.uuid4().hex[:12]))
    os.makedirs(work)
    try:
        progress(0.0, "")
        snapshot = _Snapshot(project, contents.package_tables())
        template = os.path.join(work, TEMPLATE_NAME + ".gpkg")
        _make_template(project, meta, project_id, template, _srs_wkt(project))
        if embed is not None:
            embed(Template(template, expires_at=expires, language=language))
        entries = _read_template_project(template)
        qfield_entries = (
            _qgz_entries(qfield(template)) if qfield is not None and not zip_output else []
        )
        progress(0.05, "")
        done: List[Tuple[Member, str, PackageInfo, str]] = []
        for k, member in enumerate(members):
            if is_canceled():
                result.cancelled = True
                break
            name = names[member.staff_id]
            gpkg_name = os.path.splitext(name)[0] + ".gpkg"
            path = os.path.join(work, gpkg_name)
            shutil.copyfile(template, path)
            package_id = new_package_id(member.staff_id)
            created = now_utc()
            rows = manifest(
                package_id, project_id, member.staff_id, member.grid_ids, created, expires
            )
            counts = _fill(path, snapshot, member, rows)
            if entries:
                _store_project(
                    path,
                    _personal_project(
                        entries,
                        TEMPLATE_NAME + ".gpkg",
                        gpkg_name,
                        member.staff_id,
                        package_id,
                        snapshot.member_extent(member.grid_ids),
                    ),
                )
            if qfield_entries:
                with open(os.path.splitext(path)[0] + ".qgz", "wb") as handle:
                    handle.write(
                        bytes.fromhex(
                            _personal_project(
                                qfield_entries,
                                TEMPLATE_NAME + ".gpkg",
                                gpkg_name,
                                member.staff_id,
                                package_id,
                                snapshot.member_extent(member.grid_ids),
                            )
                        )
                    )
            info = PackageInfo(package_id, member.staff_id, list(member.grid_ids), project_id)
            info.counts = counts
            text = readme(language, member.staff_id, package_id, created, expires, counts, name)
            done.append((member, path, info, text))
            progress(0.05 + 0.85 * (k + 1) / max(1, len(members)), member.staff_id)
        # the packages finished so far, registered in one transaction (a cancel keeps them);
        # their base snapshots: the project's rows they copied (read with them, canonical form)
        master = snapshot.master
        bases = [
            {key: master[key] for key in _feedback_keys(snapshot, m) if key in master}
            for m, _path, _info, _text in done
        ]
        sources = []
        for member, path, _info, text in done:
            final = os.path.join(folder, names[member.staff_id])
            sources.append(_zip(path, final, text) if zip_output else path)
        _flush(sources)
        register_packages(
            project,
            [(path, info, names[m.staff_id]) for m, path, info, _t in done],
            bases=bases,
        )
        if qfield_entries and done:
            os.makedirs(os.path.join(folder, "DCIM"), exist_ok=True)
        for (member, path, info, _text), source in zip(done, sources):
            final = os.path.join(folder, names[member.staff_id])
            if qfield_entries:
                os.replace(os.path.splitext(path)[0] + ".qgz", os.path.splitext(final)[0] + ".qgz")
            os.replace(source, final)
            result.written.append((member, final, info))
        progress(1.0, "")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def written_names(result: TeamResult) -> List[str]:
    """The file names a run wrote (for messages)."""
    return [os.path.basename(p) for _m, p, _i in result.written]
