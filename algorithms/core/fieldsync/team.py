"""Packages for a team: who gets one (all active staff, by outlet, by district or a list),
when a package expires, and the README that says what a package holds.

The export itself is :mod:`.team_export`. Expiry is advisory and never costs field work: a
package's manifest carries ``expires_at`` (UTC); its project shows the date in its title and
the feedback form warns (a soft constraint) once it has passed, but still saves; the sync still
accepts the package's work after expiry and adds a warning to its report.
"""

import contextlib
import datetime as _dt
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from .. import gpkg
from ..errors import InputError, format_ids
from ..i18n import translate
from ..timestamps import format_utc, parse_iso
from . import contents

#: How the staff of a team run are chosen.
ACTIVE, BY_OUTLET, BY_DISTRICT, LIST = "active", "outlet", "district", "list"
SELECTIONS = (ACTIVE, BY_OUTLET, BY_DISTRICT, LIST)


@dataclass
class Member:
    """One staff member as a team run sees them."""

    staff_id: str
    name: str = ""
    outlet_id: Optional[str] = None
    active: bool = True
    grid_ids: List[str] = field(default_factory=list)
    #: the districts (``nest`` of the grids) the member works in
    districts: List[str] = field(default_factory=list)
    #: the outlets of the member's grids and the member's own outlet
    outlet_ids: List[str] = field(default_factory=list)


def _is_active(value) -> bool:
    """``staff.active``: 0 / "0" / "no" is inactive; empty counts as active (older rosters)."""
    if value is None:
        return True
    return str(value).strip().lower() not in ("0", "false", "no", "n", "否")


def _text(value) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _columns(con, table: str) -> List[str]:
    return [r[1] for r in con.execute('PRAGMA table_info("{}")'.format(table))]


def read_team(project: str) -> List[Member]:
    """Every staff member of ``project`` with their grids, districts and outlets (sorted by
    staff id). One read of the project."""
    with contextlib.closing(gpkg.connect_ro(project)) as con:
        have = _columns(con, "staff")
        wanted = [c for c in ("staff_id", "name", "outlet_id", "active") if c in have]
        rows = con.execute(
            "SELECT {} FROM staff WHERE staff_id IS NOT NULL".format(", ".join(wanted))
        ).fetchall()
        grid_rows = con.execute("SELECT grid_id, nest, outlet_id FROM grids").fetchall()
        pairs = con.execute(
            "SELECT DISTINCT staff_id, grid_id FROM assignments "
            "WHERE staff_id IS NOT NULL AND grid_id IS NOT NULL ORDER BY staff_id, grid_id"
        ).fetchall()
    grids = {str(g): (_text(nest), _text(outlet)) for g, nest, outlet in grid_rows}
    of_staff: Dict[str, List[str]] = {}
    for staff_id, grid_id in pairs:
        if str(grid_id) in grids:
            of_staff.setdefault(str(staff_id).strip(), []).append(str(grid_id))
    members = {}
    for row in rows:
        values = dict(zip(wanted, row))
        staff_id = str(values["staff_id"]).strip()
        if not staff_id or staff_id in members:
            continue
        mine = of_staff.get(staff_id, [])
        own_outlet = _text(values.get("outlet_id"))
        outlets = {str(grids[g][1]) for g in mine if grids[g][1]}
        if own_outlet:
            outlets.add(own_outlet)
        members[staff_id] = Member(
            staff_id=staff_id,
            name=_text(values.get("name")) or "",
            outlet_id=own_outlet,
            active=_is_active(values.get("active")),
            grid_ids=mine,
            districts=sorted({str(grids[g][0]) for g in mine if grids[g][0]}),
            outlet_ids=sorted(outlets),
        )
    return [members[k] for k in sorted(members)]


def _clean(values: Optional[Iterable[str]]) -> List[str]:
    out: List[str] = []
    for value in values or ():
        for part in str(value).replace("，", ",").replace(";", ",").split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def choose_team(
    members: Sequence[Member],
    selection: str,
    outlets: Optional[Iterable[str]] = None,
    districts: Optional[Iterable[str]] = None,
    staff_ids: Optional[Iterable[str]] = None,
) -> Tuple[List[Member], List[str]]:
    """The members who get a package, and notes on those left out.

    ``selection``: ACTIVE (every active member with grids), BY_OUTLET (active members of the
    ``outlets``: their own outlet, or one of their grids'), BY_DISTRICT (active members with a
    grid in the ``districts``) or LIST (exactly ``staff_ids``). Raises :class:`InputError`
    naming the ids when a listed member is unknown, inactive or has no grids, when an outlet or
    district is unknown, or when nobody is left."""
    if selection not in SELECTIONS:
        raise InputError(
            translate("core", "Unknown staff selection {value}: use one of {values}.").format(
                value=selection, values=", ".join(SELECTIONS)
            )
        )
    by_id = {m.staff_id: m for m in members}
    notes: List[str] = []
    if selection == LIST:
        wanted = _clean(staff_ids)
        if not wanted:
            raise InputError(translate("core", "List the staff ids of the packages to make."))
        unknown = [s for s in wanted if s not in by_id]
        inactive = [s for s in wanted if s in by_id and not by_id[s].active]
        empty = [s for s in wanted if s in by_id and by_id[s].active and not by_id[s].grid_ids]
        problems = []
        if unknown:
            problems.append(
                translate("core", "not in the project's staff table: {ids}").format(
                    ids=format_ids(unknown, 20)
                )
            )
        if inactive:
            problems.append(
                translate("core", "not active (staff.active = 0): {ids}").format(
                    ids=format_ids(inactive, 20)
                )
            )
        if empty:
            problems.append(
                translate("core", "no grids assigned: {ids}").format(ids=format_ids(empty, 20))
            )
        if problems:
            raise InputError(
                translate(
                    "core",
                    "No package was made. Staff ids {problems}. Correct the list, or assign "
                    "grids first (Allocate staff, or the Staff and outlets dock).",
                ).format(problems="; ".join(problems))
            )
        return [by_id[s] for s in wanted], notes
    chosen = [m for m in members if m.active]
    if selection == BY_OUTLET:
        wanted = _clean(outlets)
        known = {o for m in members for o in m.outlet_ids}
        _require_known(wanted, known, translate("core", "outlets"))
        chosen = [m for m in chosen if m.outlet_id in wanted or set(m.outlet_ids) & set(wanted)]
    elif selection == BY_DISTRICT:
        wanted = _clean(districts)
        known = {d for m in members for d in m.districts}
        _require_known(wanted, known, translate("core", "districts"))
        chosen = [m for m in chosen if set(m.districts) & set(wanted)]
    empty = [m.staff_id for m in chosen if not m.grid_ids]
    if empty:
        notes.append(
            translate("core", "No package for {count} active staff without grids: {ids}.").format(
                count=len(empty), ids=format_ids(empty, 20)
            )
        )
    chosen = [m for m in chosen if m.grid_ids]
    if not chosen:
        raise InputError(
            translate(
                "core",
                "Nobody to make a package for: no active staff member of this selection has "
                "grids assigned. {notes}",
            ).format(notes=" ".join(notes))
        )
    return chosen, notes


def _require_known(wanted: List[str], known: set, what: str) -> None:
    if not wanted:
        raise InputError(
            translate("core", "Name the {what} whose staff get packages.").format(what=what)
        )
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise InputError(
            translate(
                "core", "Unknown {what}: {ids} (the project's staff and grids have {known})."
            ).format(
                what=what,
                ids=format_ids(unknown, 20),
                known=format_ids(sorted(known), 20),
            )
        )


# ---------------------------------------------------------------------- expiry


def expires_at(days: Optional[float], now: Optional[_dt.datetime] = None) -> Optional[str]:
    """The stored expiry time ``days`` from ``now`` (UTC), or ``None`` for no expiry (0 or
    ``None``)."""
    if not days or days <= 0:
        return None
    now = now or _dt.datetime.now(_dt.timezone.utc)
    return format_utc(now + _dt.timedelta(days=float(days)))


def is_expired(value: Optional[str], now: Optional[_dt.datetime] = None) -> bool:
    """True when the expiry time ``value`` (a manifest's ``expires_at``) has passed."""
    if not value:
        return False
    try:
        when = parse_iso(str(value))
    except ValueError:
        return False
    return (now or _dt.datetime.now(_dt.timezone.utc)) > when


def expiry_warning(value: Optional[str], now: Optional[_dt.datetime] = None) -> Optional[str]:
    """The sync report's warning for a package past its expiry (its rows are still taken)."""
    if not is_expired(value, now):
        return None
    return translate(
        "core",
        "the package expired on {date}: its field work was accepted all the same; give the "
        "staff member a new package",
    ).format(date=str(value)[:10])


# ---------------------------------------------------------------------- README

_README = {
    "zh": (
        "服务网格外业包\n"
        "==============\n\n"
        "人员：{staff_id}\n"
        "外业包编号：{package_id}\n"
        "生成时间(UTC)：{created}\n"
        "有效期至(UTC)：{expires}\n\n"
        "本外业包包含：\n{tables}\n\n"
        "个人信息：{personal}\n"
        "其他人员的姓名和电话不在本外业包中。\n\n"
        "用法：在 QGIS 或 QField 中打开 {file}（先解压），在自己的网格内记录客户反馈；"
        "回到办公室后交回文件，由“同步外业包”合并。过期后仍可记录和交回反馈，"
        "表单会提示已过期，数据不会丢失；请向办公室领取新的外业包。\n"
    ),
    "en": (
        "Service Grid field package\n"
        "==========================\n\n"
        "Staff: {staff_id}\n"
        "Package id: {package_id}\n"
        "Created (UTC): {created}\n"
        "Expires (UTC): {expires}\n\n"
        "This package holds:\n{tables}\n\n"
        "Personal data: {personal}\n"
        "No other staff member's name or phone number is in this package.\n\n"
        "Use: open {file} (unzip it first) in QGIS or QField and log customer feedback in "
        "your grids; bring the file back to the office, where 'Sync field packages' merges it. "
        "After expiry feedback can still be logged and brought back (the form says the "
        "package has expired, nothing is lost); ask the office for a new package.\n"
    ),
}

_TABLE_WORDS = {
    "feedback": ("客户反馈（你的网格内已记录的反馈）", "feedback already logged in your grids"),
    "grids": ("你的服务网格", "your service grids"),
    "units": (
        "这些网格的基础单元（编码、名称、人口、户数）",
        "the units of those grids (id, name, population, households)",
    ),
    "outlets": (
        "这些网格的服务网点和你所属的网点",
        "the outlets of those grids and your own outlet",
    ),
    "staff": ("只有你自己的人员记录", "your own staff record only"),
    "assignments": ("你的网格分配", "your grid assignments"),
}


def readme(
    language: str,
    staff_id: str,
    package_id: str,
    created: str,
    expires: Optional[str],
    counts: Dict[str, int],
    file_name: str,
) -> str:
    """What a package holds, in the project's language (``zh`` or ``en``): the README of a
    zipped package."""
    en = language == "en"
    lines = []
    for table in contents.package_tables():
        words = _TABLE_WORDS.get(table.name)
        label = (words[1] if en else words[0]) if words else table.definition.title_en
        lines.append("- {} ({}): {}".format(table.name, counts.get(table.name, 0), label))
    personal = contents.personal_columns()
    if en:
        said = "; ".join("{}: {}".format(t, ", ".join(c)) for t, c in personal.items())
        said = (said + " (your own record)") if said else "none"
    else:
        said = "；".join("{}：{}".format(t, "、".join(c)) for t, c in personal.items())
        said = (said + "（仅你本人）") if said else "无"
    return _README["en" if en else "zh"].format(
        staff_id=staff_id,
        package_id=package_id,
        created=created,
        expires=expires or ("never" if en else "不过期"),
        tables="\n".join(lines),
        personal=said,
        file=file_name,
    )
