"""What an edit of the division is, what its preview shows, and the editor's refusal (the
shared definitions of the package; imports nothing from its siblings)."""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ..errors import InputError

#: Kinds of journal rows (``grid_edits.kind``).
MOVE = "move"
NEW = "new"
MERGE = "merge"
SPLIT = "split"
LOCK = "lock"
RESTORE = "restore"
DECIDE = "decide"

#: ``grid_edits.state``
DONE = "done"
UNDONE = "undone"

#: Columns of the grids layer recomputed from its units after every edit.
STAT_COLUMNS = (
    "unit_count",
    "population",
    "households",
    "area_km2",
    "density",
    "income",
    "elderly_share",
    "youth_share",
    "enterprises",
    "customers",
    "polsby_popper",
)

#: Unit columns read for the totals and the recomputed grid columns.
UNIT_VALUES = (
    "population",
    "households",
    "income",
    "elderly_share",
    "youth_share",
    "enterprises",
    "customers",
)

#: The unit column with each unit's grid target (people) when grids were built with targets by
#: area; NULL (NaN) otherwise, and the project's one target applies.
UNIT_TARGET = "grid_target"


class EditError(InputError):
    """An edit the rules refuse (nest boundary, locked grid, unknown ids…); the message says
    why and what to do. Nothing was written."""


@dataclass
class Edit:
    """One planned change of the division (nothing written until :func:`.apply.apply_edit`).

    ``units`` maps unit id → (grid now, grid after); ``grid_values`` gives grid columns to set
    after the recompute (``{"locked": 1}``; a restore gives whole rows); ``new_grids`` maps the
    code of each grid the edit creates to its nest."""

    kind: str
    label: str
    units: Dict[str, Tuple[str, str]] = field(default_factory=dict)
    grid_values: Dict[str, dict] = field(default_factory=dict)
    new_grids: Dict[str, Optional[str]] = field(default_factory=dict)
    #: Grids whose lock the edit changes (a lock edit may touch locked grids).
    lock_change: bool = False
    #: What the plan saw of each affected grid: (nest, locked), ``None`` when it did not exist;
    #: a grid that changed since is refused when the edit is applied.
    grids_seen: Dict[str, Optional[Tuple[str, int]]] = field(default_factory=dict)
    #: The label's English template and values, kept in the journal so that Undo / Redo show
    #: it in the language of whoever reads it (not of whoever made the edit).
    label_source: str = ""
    label_args: Dict[str, object] = field(default_factory=dict)

    def affected(self) -> List[str]:
        """Every grid the edit touches, sorted."""
        grids = set(self.grid_values) | set(self.new_grids)
        for old, new in self.units.values():
            grids.update(g for g in (old, new) if g)
        return sorted(grids)


@dataclass
class GridTotals:
    """One affected grid before → after an edit, against the target band."""

    grid_id: str
    nest: Optional[str]
    population_before: float
    population_after: float
    households_before: float
    households_after: float
    workload_before: float
    workload_after: float
    units_before: int
    units_after: int
    target: float
    low: float
    high: float
    #: ``ok``, ``low``, ``high``, ``new`` (a grid the edit creates, also judged by the band
    #: through ``band``) or ``retired`` (left without units).
    status: str
    #: ``ok``, ``low`` or ``high`` after the edit (``retired`` grids: ``ok``).
    band: str
    pieces_before: int
    pieces_after: int
    locked: bool


@dataclass
class Preview:
    """What an edit would do: every affected grid's totals and the warnings (the edit may
    still be applied)."""

    totals: List[GridTotals]
    warnings: List[str]


@dataclass
class HistoryState:
    """What Undo and Redo would do (their labels), ``None`` when there is nothing."""

    can_undo: Optional[str]
    can_redo: Optional[str]
