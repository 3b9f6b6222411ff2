"""The project's division as the editor sees it: units (ids, grid, nest, values) and grids
(rows, locks), the target band and the codes ever given, read in one go without writing.
Unit polygons are read only when a preview needs them."""

import contextlib
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple

import numpy as np

from .. import gpkg, schema
from ..allocation.apportion import workload
from ..errors import InputError, format_ids
from ..fieldsync.geometry import parse_gpkg_blobs
from ..i18n import translate
from .model import UNIT_TARGET, UNIT_VALUES, EditError

#: Grid columns kept in the rows (every column of the grids layer but the geometry).
GRID_COLUMNS = tuple(f.name for f in schema.GRIDS.fields)


def _float(value) -> float:
    try:
        return 0.0 if value is None else float(value)
    except (TypeError, ValueError):
        return 0.0


@dataclass
class Division:
    """The units and grids of a project GeoPackage (see :meth:`load`)."""

    path: str
    unit_ids: np.ndarray
    fids: np.ndarray
    #: Grid id of each unit ("" when none).
    grid_of: np.ndarray
    #: Nest of each unit ("" when none).
    nest: np.ndarray
    #: ``population``, ``households``… of each unit (NaN when NULL).
    values: Dict[str, np.ndarray]
    #: Every grid's row (all columns but the geometry), by grid id.
    grids: Dict[str, dict]
    target: float
    tolerance: float
    meta: Dict[str, str]
    #: Every code the project ever gave (current and retired).
    codes: Set[str]
    index: Dict[str, int] = field(default_factory=dict)
    _members: Optional[Dict[str, np.ndarray]] = None
    _geoms: Dict[int, object] = field(default_factory=dict)

    # ------------------------------------------------------------------ reading

    @classmethod
    def load(cls, path: str) -> "Division":
        """Read the division of the project ``path`` (read-only)."""
        gpkg.require_project(path)
        with contextlib.closing(gpkg.connect_ro(path)) as con:
            tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master")}
            cols = [r[1] for r in con.execute('PRAGMA table_info("units")')]
            wanted = [c for c in UNIT_VALUES + (UNIT_TARGET,) if c in cols]
            rows = con.execute(
                "SELECT fid, unit_id, coalesce(grid_id, ''), coalesce(nest, ''){} FROM units "
                "ORDER BY fid".format("".join(', "{}"'.format(c) for c in wanted))
            ).fetchall()
            grid_cols = [r[1] for r in con.execute('PRAGMA table_info("grids")')]
            names = [c for c in GRID_COLUMNS if c in grid_cols]
            grids = {}
            for row in con.execute(
                "SELECT {} FROM grids".format(", ".join('"{}"'.format(c) for c in names))
            ):
                values = dict(zip(names, row))
                grids[str(values["grid_id"])] = values
            meta = dict(con.execute("SELECT key, value FROM sg_meta").fetchall())
            codes = set(grids)
            if "grid_codes" in tables:
                codes.update(str(c) for (c,) in con.execute("SELECT code FROM grid_codes"))
        if not grids:
            raise InputError(
                translate(
                    "core",
                    "The project {path} has no grids yet. Build grids first (Build service "
                    "grids with this project as PROJECT).",
                ).format(path=path)
            )
        n = len(rows)
        unit_ids = np.array([str(r[1]) for r in rows], dtype=object)
        values = {
            name: np.array(
                [np.nan if r[4 + k] is None else _float(r[4 + k]) for r in rows], dtype=float
            )
            for k, name in enumerate(wanted)
        }
        for name in UNIT_VALUES + (UNIT_TARGET,):
            values.setdefault(name, np.full(n, np.nan))
        pops = np.array([_float(g.get("population")) for g in grids.values()])
        target = _float(meta.get("grid_target_population")) or (
            float(pops.mean()) if len(pops) else 0.0
        )
        tolerance = _float(meta.get("grid_tolerance")) or 0.10
        division = cls(
            path=path,
            unit_ids=unit_ids,
            fids=np.array([int(r[0]) for r in rows], dtype=np.int64),
            grid_of=np.array([str(r[2]) for r in rows], dtype=object),
            nest=np.array([str(r[3]) for r in rows], dtype=object),
            values=values,
            grids=grids,
            target=target,
            tolerance=tolerance,
            meta=meta,
            codes=codes,
        )
        division.index = {u: i for i, u in enumerate(unit_ids)}
        return division

    # ------------------------------------------------------------------ lookups

    def members(self, grid_id: str) -> np.ndarray:
        """Indices of the units of ``grid_id``."""
        if self._members is None:
            order = np.argsort(self.grid_of, kind="stable")
            keys = self.grid_of[order]
            bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
            self._members = {
                str(keys[bounds[k]]): order[bounds[k] : bounds[k + 1]]
                for k in range(len(bounds) - 1)
            }
        return self._members.get(grid_id, np.zeros(0, dtype=np.int64))

    def unit_indices(self, unit_ids: Iterable) -> List[int]:
        """Indices of ``unit_ids`` (unknown ids raise, listed)."""
        ids = [str(u) for u in unit_ids]
        unknown = [u for u in ids if u not in self.index]
        if unknown:
            raise EditError(
                translate(
                    "core",
                    "{n} unit ids are not units of the project {path}: {ids}. Check the ids, or "
                    "select units of the project's units layer (in the Grid editor: Reload, "
                    "the project may have changed).",
                ).format(n=len(unknown), path=self.path, ids=format_ids(unknown))
            )
        return sorted({self.index[u] for u in ids})

    @property
    def uses_nests(self) -> bool:
        """True when the grids were built inside nests (some grid has a nest): only then do
        edits keep to the nest boundary."""
        return any(row.get("nest") for row in self.grids.values())

    def locked(self, grid_id: str) -> bool:
        row = self.grids.get(grid_id) or {}
        return bool(_float(row.get("locked")))

    def grid_nest(self, grid_id: str) -> str:
        row = self.grids.get(grid_id) or {}
        return str(row.get("nest") or "")

    def target_of(self, members: np.ndarray) -> float:
        """The population target of a grid made of the units ``members``: with targets by
        area (``units.grid_target``, written by buildgrids) the population-weighted harmonic
        mean of its units' targets, as the grid engine balanced it; else the project's one
        target."""
        targets = self.values[UNIT_TARGET][members] if len(members) else np.empty(0)
        known = np.isfinite(targets) & (targets > 0)
        if not known.any():
            return self.target
        pop = np.nan_to_num(self.values["population"][members][known])
        targets = targets[known]
        if pop.sum() <= 0:
            return float(targets.mean())
        return float(pop.sum() / (pop / targets).sum())

    def target_range(self) -> Optional[Tuple[float, float]]:
        """The lowest and highest unit target when grids were built with targets by area;
        ``None`` when the project has one target."""
        targets = self.values[UNIT_TARGET]
        known = targets[np.isfinite(targets) & (targets > 0)]
        if len(known) == 0 or float(known.max()) - float(known.min()) < 0.5:
            return None
        return float(known.min()), float(known.max())

    def workload_factor(self) -> Dict[str, float]:
        """Per grid: workload ÷ population (allocatestaff's workload from the demand index;
        1 where the grid is not classified)."""
        ids = list(self.grids)
        pop = [self.grids[g].get("population") for g in ids]
        demand = [self.grids[g].get("demand_index") for g in ids]
        loads = workload(pop, demand if any(d is not None for d in demand) else None)
        return {
            g: (float(w) / float(p) if p else 1.0)
            for g, w, p in zip(ids, loads, (_float(v) for v in pop))
        }

    def geometries(self, indices: Iterable[int]) -> Dict[int, object]:
        """Shapely polygons of the units at ``indices`` (read once, then cached)."""
        want = sorted({int(i) for i in indices} - set(self._geoms))
        if want:
            with contextlib.closing(gpkg.connect_ro(self.path)) as con:
                for start in range(0, len(want), 900):
                    chunk = want[start : start + 900]
                    fids = [int(self.fids[i]) for i in chunk]
                    rows = dict(
                        con.execute(
                            "SELECT fid, geom FROM units WHERE fid IN ({})".format(
                                ",".join(str(f) for f in fids)
                            )
                        ).fetchall()
                    )
                    geoms, _srs, _err = parse_gpkg_blobs([rows.get(f) for f in fids])
                    for i, geom in zip(chunk, geoms):
                        self._geoms[i] = geom
        return {int(i): self._geoms[int(i)] for i in indices}
