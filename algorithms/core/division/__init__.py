"""Editing a stored division by hand: moves, new grids, merges, splits, locks, undo/redo,
grid codes and named versions (see docs/design/grid-editor.md). No QGIS."""

from .apply import (
    apply_edit,
    default_author,
    history,
    pending_decisions,
    redo,
    resolve_decision,
    undo,
)
from .model import Edit, EditError, GridTotals, HistoryState, Preview
from .ops import plan_lock, plan_merge, plan_move, plan_new_grid, plan_reassign, plan_split, preview
from .state import Division

__all__ = [
    "Division",
    "Edit",
    "EditError",
    "GridTotals",
    "HistoryState",
    "Preview",
    "apply_edit",
    "default_author",
    "history",
    "pending_decisions",
    "plan_lock",
    "plan_merge",
    "plan_move",
    "plan_new_grid",
    "plan_reassign",
    "plan_split",
    "preview",
    "redo",
    "resolve_decision",
    "undo",
]
