"""Grid codes: the documented code scheme of grid ids, and the project's register of every code
ever given (``grid_codes``), so that a retired code is never given again.

A code is the prefix (as given), the nest's code (the street's administrative code) and a
sequence number zero-padded to ``width`` digits, as GB/T 30428.2 numbers unit grids inside a
street: ``320102001`` → ``320102001001``. Without a nest: the prefix (``G`` when there is none)
and the sequence. See docs/design/grid-editor.md, section *Codes*. No QGIS.
"""

import contextlib
import math
from dataclasses import dataclass
from typing import (
    AbstractSet,
    Dict,
    Iterable,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Set,
    Tuple,
    Union,
    cast,
)

import numpy as np

from .. import gpkg, schema
from ..errors import InputError
from ..i18n import translate

#: The stem of codes without a nest and without a prefix.
NO_NEST_STEM = "G"
#: Digits of the sequence number by default (GB/T 30428.2: three).
DEFAULT_WIDTH = 3
#: The widths a scheme may have.
MIN_WIDTH, MAX_WIDTH = 1, 6
#: ``sg_meta`` keys of the project's scheme (written by buildgrids with PROJECT).
META_PREFIX = "grid_code_prefix"
META_WIDTH = "grid_code_width"


@dataclass(frozen=True)
class CodeScheme:
    """How grid codes are written: ``prefix`` + nest code + ``width``-digit sequence."""

    prefix: str = ""
    width: int = DEFAULT_WIDTH

    def check(self) -> "CodeScheme":
        """``self``; a translated :class:`InputError` when the width is out of range."""
        if not isinstance(self.width, int) or not MIN_WIDTH <= self.width <= MAX_WIDTH:
            raise InputError(
                translate(
                    "core",
                    "The grid sequence number must have {low} to {high} digits (ID_WIDTH), "
                    "not {width}.",
                ).format(low=MIN_WIDTH, high=MAX_WIDTH, width=self.width)
            )
        return self


class CodeRow(NamedTuple):
    """One row of the register ``grid_codes``."""

    code: str
    nest: Optional[str]
    seq: Optional[int]
    created_at: Optional[str]
    retired_at: Optional[str]


def _stem(scheme: CodeScheme, nest: Optional[str]) -> str:
    nest = "" if nest is None else str(nest)
    if nest:
        return scheme.prefix + nest
    return scheme.prefix or NO_NEST_STEM


def format_code(scheme: CodeScheme, nest: Optional[str], seq: int) -> str:
    """The code of sequence number ``seq`` (from 1) in ``nest`` (``None`` or ``""``: no nest).
    The sequence has ``scheme.width`` digits, more when it does not fit."""
    return "{}{:0{}d}".format(_stem(scheme, nest), int(seq), scheme.width)


def sequence_of(code: str, scheme: CodeScheme, nest: Optional[str]) -> Optional[int]:
    """The sequence number of ``code`` in ``nest`` under ``scheme``; ``None`` when the code does
    not follow the scheme (another nest, prefix or width, a hand-made id)."""
    stem = _stem(scheme, nest)
    if not code or not code.startswith(stem):
        return None
    digits = code[len(stem) :]
    if not (digits.isascii() and digits.isdigit()) or len(digits) < scheme.width:
        return None
    if len(digits) > scheme.width and digits[0] == "0":
        return None  # a wider code is written without leading zeros
    seq = int(digits)
    return seq if seq > 0 else None


def next_codes(
    taken_codes: Iterable[str], scheme: CodeScheme, nest: Optional[str], count: int
) -> List[str]:
    """The next ``count`` codes of ``nest``: sequence numbers above every sequence ever given
    in that nest (``taken_codes``: every code of the register, retired ones included, and the
    codes in use), never one of ``taken_codes``."""
    taken = {str(c) for c in taken_codes if c}
    seqs = (sequence_of(code, scheme, nest) for code in taken)
    seq = max((s for s in seqs if s is not None), default=0)
    out: List[str] = []
    while len(out) < count:
        seq += 1
        code = format_code(scheme, nest, seq)
        if code not in taken:
            out.append(code)
            taken.add(code)
    return out


def inherit_codes(
    unit_new_grid: Union[Sequence[int], np.ndarray],
    unit_old_code: Sequence[Optional[str]],
    population: Union[Sequence[float], np.ndarray],
) -> Dict[int, str]:
    """``{new grid index: old code}``: a new grid keeps the code of a previous grid when it
    holds more than half of that grid's population (by unit count for a grid without people).

    The largest overlaps are served first; each code goes to one grid at most and each grid
    keeps one code at most (ties: the smaller grid index, then the smaller code)."""
    grids = np.asarray(unit_new_grid, dtype=np.int64)
    pop = np.nan_to_num(np.asarray(population, dtype=float))
    overlap: Dict[Tuple[int, str], List[float]] = {}
    totals: Dict[str, List[float]] = {}
    for g, code, people in zip(grids.tolist(), unit_old_code, pop.tolist()):
        if code is None or str(code) == "":
            continue
        code = str(code)
        cell = overlap.setdefault((g, code), [0.0, 0.0])
        cell[0] += people
        cell[1] += 1
        total = totals.setdefault(code, [0.0, 0.0])
        total[0] += people
        total[1] += 1
    candidates = []
    for (g, code), (people, units) in overlap.items():
        total_people, total_units = totals[code]
        held = people / total_people if total_people > 0 else units / total_units
        if held > 0.5:
            candidates.append((-held, -people, g, code))
    out: Dict[int, str] = {}
    given: Set[str] = set()
    for _held, _people, g, code in sorted(candidates):
        if g in out or code in given:
            continue
        out[g] = code
        given.add(code)
    return out


def number_grids(
    unit_part: np.ndarray,
    part_nest: List[int],
    fixed: List[Optional[str]],
    nest_names: np.ndarray,
    unit_values: Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    scheme: CodeScheme,
    taken: AbstractSet[str],
    current: Optional[Sequence] = None,
) -> List[str]:
    """The codes of the grids of a build: the ``fixed`` ids (locked grids, previous ids),
    then with ``current`` the code of the current grid each grid holds more than half of (a
    code of its nest under ``scheme``: another prefix or width gives new codes), and
    new codes numbered west→east in rows from north to south within each nest, above every
    code of the nest in ``taken``. ``unit_part``: the grid of each unit; ``part_nest``: the
    index into ``nest_names`` of each grid; ``unit_values``: x, y, area and population per
    unit."""
    cx, cy, area, pop = unit_values
    count = len(part_nest)
    weights = np.bincount(unit_part, weights=area, minlength=count) + 1e-12
    gx = np.bincount(unit_part, weights=cx * area, minlength=count) / weights
    gy = np.bincount(unit_part, weights=cy * area, minlength=count) / weights
    ids: List[Optional[str]] = list(fixed)
    used = {i for i in ids if i}
    if current is not None:
        for p, code in sorted(inherit_codes(unit_part, list(current), pop).items()):
            nest = str(nest_names[part_nest[p]])
            if not ids[p] and code not in used and sequence_of(code, scheme, nest):
                ids[p] = code
                used.add(code)
    given = set(taken) | used
    for g_idx in sorted(set(part_nest)):
        parts = [p for p in range(count) if part_nest[p] == g_idx]
        fresh = [p for p in parts if not ids[p]]
        if not fresh:
            continue
        band = math.sqrt(max(weights[parts].sum(), 1.0) / max(len(parts), 1))
        rows = np.floor(-(gy[fresh] - gy[parts].max()) / band)
        order = np.lexsort((np.asarray(fresh), gx[fresh], rows))
        codes = next_codes(given, scheme, str(nest_names[g_idx]), len(fresh))
        for idx, code in zip(order, codes):
            ids[fresh[idx]] = code
        given.update(codes)
    return cast(List[str], ids)  # every grid without an id got a new one


def scheme_from_meta(meta: Mapping[str, str]) -> CodeScheme:
    """The project's scheme from its ``sg_meta`` (defaults: no prefix, 3 digits)."""
    prefix = str(meta.get(META_PREFIX) or "")
    try:
        width = int(str(meta.get(META_WIDTH) or DEFAULT_WIDTH).strip())
    except ValueError:
        width = DEFAULT_WIDTH
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        width = DEFAULT_WIDTH
    return CodeScheme(prefix, width)


def scheme_meta(scheme: CodeScheme) -> Dict[str, str]:
    """The ``sg_meta`` entries of ``scheme`` (see :func:`scheme_from_meta`)."""
    return {META_PREFIX: scheme.prefix, META_WIDTH: str(scheme.width)}


# ----------------------------------------------------------------------- the register


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return "'{}'".format(str(value).replace("'", "''"))


def register_codes(
    ds, rows: Iterable[Tuple[str, Optional[str], Optional[int], Optional[str]]]
) -> int:
    """Add ``(code, nest, seq, created_at)`` rows to ``grid_codes`` inside the open write
    transaction ``ds`` (see ``gpkg.write_transaction``); a code already registered is left as
    it is. Returns the number of rows given."""
    count = 0
    for code, nest, seq, created_at in rows:
        ds.ExecuteSQL(
            "INSERT INTO {t} (code, nest, seq, created_at) SELECT {c}, {n}, {s}, {at} "
            "WHERE NOT EXISTS (SELECT 1 FROM {t} WHERE code = {c})".format(
                t=schema.GRID_CODES.name,
                c=_literal(code),
                n=_literal(nest or None),
                s=_literal(seq),
                at=_literal(created_at),
            )
        )
        count += 1
    return count


def retire_codes(
    ds, codes: Iterable[str], when: str, nests: Optional[Mapping[str, Optional[str]]] = None
) -> int:
    """Mark ``codes`` retired at ``when`` in ``grid_codes`` inside the open write transaction
    ``ds``; a code not yet registered is registered as retired (with its nest from ``nests``).
    Returns the number of codes."""
    count = 0
    for code in sorted({str(c) for c in codes if c}):
        ds.ExecuteSQL(
            "INSERT INTO {t} (code, nest, retired_at) SELECT {c}, {n}, {at} "
            "WHERE NOT EXISTS (SELECT 1 FROM {t} WHERE code = {c})".format(
                t=schema.GRID_CODES.name,
                c=_literal(code),
                n=_literal((nests or {}).get(code) or None),
                at=_literal(when),
            )
        )
        ds.ExecuteSQL(
            "UPDATE {t} SET retired_at = {at} WHERE code = {c} AND retired_at IS NULL".format(
                t=schema.GRID_CODES.name, c=_literal(code), at=_literal(when)
            )
        )
        count += 1
    return count


def read_registry(path: str) -> List[CodeRow]:
    """Every row of the project's ``grid_codes`` (read-only); empty when the project has no
    register (a project not yet upgraded to schema 3)."""
    table = schema.GRID_CODES.name
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        found = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        if not found:
            return []
        rows = con.execute(
            "SELECT code, nest, seq, created_at, retired_at FROM {} ORDER BY code".format(table)
        ).fetchall()
    return [
        CodeRow(str(code), nest, None if seq is None else int(seq), created, retired)
        for code, nest, seq, created, retired in rows
    ]
