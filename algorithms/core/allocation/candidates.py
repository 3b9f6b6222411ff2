"""The assignment instance: candidate (grid, person, km) pairs and the penalties of the model.

Candidates: for each grid its nearest people (whole outlets), for each person their nearest
grids; without locations all pairs, or a rotation over the roster (see the package docstring).
"""

from typing import Tuple

import numpy as np

from .model import AllocationOptions, Problem


def candidate_pairs(
    grid_xy: np.ndarray, staff_xy: np.ndarray, slots: np.ndarray, options: AllocationOptions
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate (grid, person, km) pairs when people have locations (their outlet)."""
    from scipy.spatial import cKDTree

    grids, people = len(grid_xy), len(staff_xy)
    per_grid = np.minimum(np.maximum(options.candidates_per_grid, 2 * slots + 2), people)
    # people grouped by location: whole outlets, nearest first, then roster order
    locations, person_location = np.unique(staff_xy, axis=0, return_inverse=True)
    person_location = person_location.ravel()
    members = np.lexsort((np.arange(people), person_location))
    counts = np.bincount(person_location, minlength=len(locations))
    first = np.concatenate(([0], np.cumsum(counts)))
    tree = cKDTree(locations)
    k = 1
    while True:
        k = min(k, len(locations))
        _dist, idx = tree.query(grid_xy, k=k)
        idx = np.asarray(idx).reshape(grids, k)
        reach = counts[idx].sum(axis=1)
        if k == len(locations) or (reach >= per_grid).all():
            break
        k *= 2
    cum = np.cumsum(counts[idx], axis=1)
    # outlets needed per grid: up to and including the one that reaches per_grid people
    used = np.minimum((cum < per_grid[:, None]).sum(axis=1) + 1, k)
    gi, sj = [], []
    for i in range(grids):
        chosen = np.concatenate(
            [members[first[loc] : first[loc + 1]] for loc in idx[i, : used[i]]]
        )[: per_grid[i]]
        gi.append(np.full(len(chosen), i, dtype=np.int64))
        sj.append(chosen.astype(np.int64))
    if options.grids_per_person > 0 and grids:
        kg = min(options.grids_per_person, grids)
        _dist, gidx = cKDTree(grid_xy).query(locations, k=kg)
        near = np.asarray(gidx).reshape(len(locations), kg)[person_location]
        gi.append(near.ravel().astype(np.int64))
        sj.append(np.repeat(np.arange(people, dtype=np.int64), kg))
    pg, ps = np.concatenate(gi), np.concatenate(sj)
    key = np.unique(pg * people + ps)
    pg, ps = key // people, key % people
    km = np.hypot(grid_xy[pg, 0] - staff_xy[ps, 0], grid_xy[pg, 1] - staff_xy[ps, 1]) / 1000.0
    return pg, ps, km


def candidate_pairs_without_locations(
    grids: int, people: int, slots: np.ndarray, options: AllocationOptions
):
    """Candidate pairs when nobody has a location (every distance 0)."""
    if grids * people <= options.exact_pair_limit:
        pg = np.repeat(np.arange(grids, dtype=np.int64), people)
        ps = np.tile(np.arange(people, dtype=np.int64), grids)
        return pg, ps, np.zeros(len(pg))
    per_grid = np.minimum(np.maximum(options.candidates_per_grid, 2 * slots + 2), people)
    pg = np.repeat(np.arange(grids, dtype=np.int64), per_grid)
    offsets = np.concatenate([np.arange(k, dtype=np.int64) for k in per_grid])
    base = (np.arange(grids, dtype=np.int64) * people) // max(grids, 1)
    ps = (np.repeat(base, per_grid) + offsets) % people
    key = np.unique(pg * people + ps)
    pg, ps = key // people, key % people
    return pg, ps, np.zeros(len(pg))


def build_problem(slots, size, capacity, pg, ps, km, options, reach=None) -> Problem:
    """The instance over the pairs; ``reach``: the longest distance any pair could have
    (km; default the longest candidate pair), which sets the penalties so that filling a
    place beats any travel, over all pairs and not only the candidates."""
    order = np.lexsort((ps, km, pg))
    pg, ps, km = pg[order], ps[order], km[order]
    start = np.searchsorted(pg, np.arange(len(slots) + 1))
    demand = float((slots * size).sum())
    total_capacity = float(capacity.sum())
    rho = min(1.0, demand / total_capacity) if total_capacity > 0 else 1.0
    reach = max(float(km.max()) if len(km) else 0.0, float(reach or 0.0))
    p_b = float(options.balance_km)
    p_z = 2.0 * (reach + p_b) + 1.0
    biggest = float(size.max()) if len(size) else 1.0
    p_v = 4.0 * (p_z + reach + p_b) * max(biggest, 1.0) + 1.0
    return Problem(
        slots.astype(np.int64),
        size.astype(float),
        capacity.astype(float),
        rho * capacity.astype(float),
        pg,
        ps,
        km,
        start,
        p_v,
        p_z,
        p_b,
    )
