"""The last steps of any solution: candidates further away for grids with open slots, and
the coverage step (the only place where a person may go above capacity)."""

from typing import Optional

import numpy as np

from .heuristic import fill
from .model import EPS, AllocationOptions
from .state import State


def reach_further(
    state: State,
    grid_xy: Optional[np.ndarray],
    staff_xy: Optional[np.ndarray],
    options: AllocationOptions,
    tick,
) -> int:
    """Grids with open slots get more candidates: the nearest people (beyond their list)
    with room for one of their slots; then open slots are filled again. Returns the number of
    grids that got more candidates."""
    p = state.p
    open_grids = [i for i in range(p.grids) if len(state.holders[i]) < p.slots[i]]
    if not open_grids:
        return 0
    room = np.asarray(state.cap) - state.load
    extended = 0
    for i in open_grids:
        s = state.size[i]
        mask = room >= s - EPS
        mask[list(state.cand_sets[i])] = False
        people = np.flatnonzero(mask)
        if not len(people):
            continue
        if staff_xy is not None and grid_xy is not None:
            km = (
                np.hypot(staff_xy[people, 0] - grid_xy[i, 0], staff_xy[people, 1] - grid_xy[i, 1])
                / 1000.0
            )
        else:
            km = np.zeros(len(people))
        order = np.lexsort((people, km))[: options.candidates_per_grid]
        for j, d in zip(people[order].tolist(), km[order].tolist()):
            state.cands[i].append(j)
            state.cand_sets[i].add(j)
            state.km[(i, j)] = d
        extended += 1
    if extended:
        fill(state, open_grids)
        tick(95.0)
    return extended


def cover_with_overload(state: State) -> None:
    """Give every grid still without anybody the candidate with the lowest utilisation
    after taking it (then the nearest): the only place where a person may go above
    capacity, spread over the people who can reach the grid."""
    p = state.p
    for i in range(p.grids):
        if p.slots[i] < 1 or state.holders[i] or not state.cands[i]:
            continue
        s = state.size[i]

        def key(j, i=i, s=s):
            return ((state.load[j] + s) / state.cap[j], state.km[(i, j)], j)

        state.add(i, min(state.cands[i], key=key))
