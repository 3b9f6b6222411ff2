"""The areas a division is made in: nests, cut further by barriers into zones.

A grid never crosses a nest boundary, and never crosses a barrier (a river, a motorway)
except where the units touch at a crossing. The units of a nest that the barriers (with
the crossings) leave connected form a *zone*; grids are made zone by zone. Islands and
pieces of a nest that share no boundary with the rest at all (not cut off by a barrier but
by the sea, or by a locked grid) are still joined to the nearest piece of their nest, as
without barriers. No QGIS.
"""

from dataclasses import dataclass
from typing import List, Sequence

import numpy as np

from .adjacency import components, link_pieces


@dataclass
class Zones:
    """The zones of a division."""

    #: Zone index of each unit (−1: a locked unit, in no zone).
    of: np.ndarray
    #: Nest index of each zone.
    nest: np.ndarray
    #: A unit of each zone (the first), to name it in messages.
    first: np.ndarray
    #: Links joining islands (no shared boundary at all) to the nearest piece of their nest.
    island_links: np.ndarray

    @property
    def count(self) -> int:
        return len(self.nest)

    def split_nests(self) -> List[int]:
        """Nests that the barriers cut into more than one zone."""
        nests, counts = np.unique(self.nest, return_counts=True)
        return [int(g) for g in nests[counts > 1]]


def find_zones(
    geoms: np.ndarray,
    nest_of: np.ndarray,
    locked: np.ndarray,
    pairs: np.ndarray,
    cut_pairs: np.ndarray,
) -> Zones:
    """Zones from the nests (``nest_of``), the adjacency ``pairs`` within nests, and the same
    pairs after the barrier cut (``cut_pairs``; the same as ``pairs`` without barriers).

    Islands are linked on the full adjacency (a piece joined to its nest by a cut pair is not
    an island: it is on the other side of the barrier and forms its own zone)."""
    n = len(nest_of)
    groups = nest_of.astype(np.int64).copy()
    groups[locked] = int(nest_of.max(initial=0)) + 1 + np.arange(int(locked.sum()))
    usable = _free_pairs(pairs, locked)
    links = link_pieces(geoms, groups, usable)
    cut_usable = _free_pairs(cut_pairs, locked)
    joined = np.concatenate([cut_usable, links]) if len(links) else cut_usable
    labels = components(n, joined)
    key = np.where(locked, -1, labels.astype(np.int64))
    free = np.flatnonzero(~locked)
    of = np.full(n, -1, dtype=np.int64)
    if len(free) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Zones(of, empty, empty, links)
    # zones numbered by nest, then by their first unit: deterministic
    pair_keys = np.column_stack([nest_of[free], key[free]])
    uniq, inverse = np.unique(pair_keys, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    first = np.full(len(uniq), n, dtype=np.int64)
    np.minimum.at(first, inverse, free)
    order = np.lexsort((first, uniq[:, 0]))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    of[free] = rank[inverse]
    return Zones(of, uniq[order, 0].astype(np.int64), first[order], links)


def zone_names(zones: Zones, nest_names: Sequence[str], unit_names: Sequence[str]) -> List[str]:
    """A name per zone for messages: the nest's code, and a unit of the zone where the
    barriers cut the nest into several zones."""
    split = set(zones.split_nests())
    out = []
    for z in range(zones.count):
        nest = str(nest_names[zones.nest[z]]) or "-"
        if int(zones.nest[z]) in split:
            out.append("{} ({})".format(nest, unit_names[int(zones.first[z])]))
        else:
            out.append(nest)
    return out


def _free_pairs(pairs: np.ndarray, locked: np.ndarray) -> np.ndarray:
    if len(pairs) == 0:
        return pairs.reshape(0, 2).astype(np.int64)
    keep = ~locked[pairs[:, 0]] & ~locked[pairs[:, 1]]
    return pairs[keep]
