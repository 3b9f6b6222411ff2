"""Rook adjacency of polygon units: who shares a boundary of positive length with whom.

Vectorised with numpy and shapely 2, linear in the number of vertices (no N×N matrix):

1. Every ring segment of every unit is snapped to a fine grid (``quantum``, 1 mm in a metric
   CRS) and keyed by its sorted end points. A key held by two different units is a shared edge;
   its length adds to the pair's shared boundary. This finds all neighbours of a clean coverage
   (shared vertices, as topological editing and most official data produce).
2. Segments held by one unit only are on the outer boundary, or face a neighbour whose edge does
   not have the same vertices (a "T-junction"). Their midpoints are looked up in an STRtree of
   the units (``dwithin`` a small tolerance); a hit on another unit is a neighbour, with that
   segment's length as shared boundary.

Corner-only contacts (queen contiguity) are not adjacency: two units touching at a point do not
make one connected grid.
"""

from dataclasses import dataclass
from typing import Optional

import numpy as np

from .deps import shapely


@dataclass
class Adjacency:
    """An undirected weighted graph over ``n`` units in CSR form (each edge stored both ways)."""

    n: int
    #: CSR row pointer (length n + 1) and neighbour indices.
    indptr: np.ndarray
    indices: np.ndarray
    #: Shared boundary length of each stored edge (metres); 0 for virtual (island) links.
    weights: np.ndarray
    #: Unique pairs i < j with their shared length (for output and checks).
    pairs: np.ndarray
    pair_length: np.ndarray
    #: Pairs added to connect islands and separate pieces (i, j), not real shared boundary.
    virtual_pairs: np.ndarray

    def neighbours(self, i: int) -> np.ndarray:
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def degree(self) -> np.ndarray:
        return np.diff(self.indptr)


def _segments(geoms: np.ndarray):
    """All ring segments: (unit index, x1, y1, x2, y2) as arrays."""
    parts, part_unit = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    same = coord_ring[:-1] == coord_ring[1:]
    start = coords[:-1][same]
    end = coords[1:][same]
    unit = part_unit[ring_part[coord_ring[:-1][same]]]
    return unit, start, end


def shared_boundaries(geoms: np.ndarray, quantum: float = 1e-3, tolerance: float = 1e-2):
    """Pairs of units sharing boundary, and the shared length: ``(pairs (m×2), length (m))``.

    ``quantum`` is the snapping grid for matching vertices; ``tolerance`` the distance within
    which a T-junction segment is considered to lie on a neighbour's boundary (CRS units).
    """
    geoms = np.asarray(geoms, dtype=object)
    unit, start, end = _segments(geoms)
    length = np.hypot(end[:, 0] - start[:, 0], end[:, 1] - start[:, 1])
    keep = length > 0
    unit, start, end, length = unit[keep], start[keep], end[keep], length[keep]
    q1 = np.round(start / quantum).astype(np.int64)
    q2 = np.round(end / quantum).astype(np.int64)
    swap = (q1[:, 0] > q2[:, 0]) | ((q1[:, 0] == q2[:, 0]) & (q1[:, 1] > q2[:, 1]))
    a = np.where(swap[:, None], q2, q1)
    b = np.where(swap[:, None], q1, q2)
    order = np.lexsort((unit, b[:, 1], b[:, 0], a[:, 1], a[:, 0]))
    a, b, unit_s, length_s = a[order], b[order], unit[order], length[order]
    same_key = np.all(a[1:] == a[:-1], axis=1) & np.all(b[1:] == b[:-1], axis=1)
    # pairs of consecutive equal keys from different units
    hit = same_key & (unit_s[1:] != unit_s[:-1])
    pi = unit_s[:-1][hit]
    pj = unit_s[1:][hit]
    plen = length_s[:-1][hit]
    # segments whose key is held by one unit only
    matched = np.zeros(len(unit_s), dtype=bool)
    matched[:-1] |= same_key
    matched[1:] |= same_key
    lonely = ~matched
    found_i = [pi]
    found_j = [pj]
    found_len = [plen]
    if lonely.any():
        seg_unit = unit[order][lonely]
        mids = (start[order][lonely] + end[order][lonely]) / 2.0
        seg_len = length_s[lonely]
        tree = shapely.STRtree(geoms)
        points = shapely.points(mids)
        qi, qu = tree.query(points, predicate="dwithin", distance=tolerance)
        other = qu != seg_unit[qi]
        found_i.append(seg_unit[qi[other]])
        found_j.append(qu[other])
        # the segment lies on both units' boundaries: count it once per direction and halve
        found_len.append(seg_len[qi[other]] / 2.0)
    i = np.concatenate(found_i)
    j = np.concatenate(found_j)
    lens = np.concatenate(found_len)
    lo = np.minimum(i, j)
    hi = np.maximum(i, j)
    if len(lo) == 0:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0)
    key = lo.astype(np.int64) * (len(geoms) + 1) + hi
    uniq, inverse = np.unique(key, return_inverse=True)
    total = np.bincount(inverse, weights=lens)
    pairs = np.column_stack([uniq // (len(geoms) + 1), uniq % (len(geoms) + 1)])
    keep = total > tolerance
    return pairs[keep].astype(np.int64), total[keep]


def build_adjacency(
    n: int, pairs: np.ndarray, lengths: np.ndarray, virtual_pairs: Optional[np.ndarray] = None
) -> Adjacency:
    """CSR adjacency from unique pairs (plus optional virtual links of weight 0)."""
    if virtual_pairs is None:
        virtual_pairs = np.zeros((0, 2), dtype=np.int64)
    all_pairs = np.concatenate([pairs, virtual_pairs]) if len(virtual_pairs) else pairs
    weights = (
        np.concatenate([lengths, np.zeros(len(virtual_pairs))]) if len(virtual_pairs) else lengths
    )
    src = np.concatenate([all_pairs[:, 0], all_pairs[:, 1]])
    dst = np.concatenate([all_pairs[:, 1], all_pairs[:, 0]])
    w = np.concatenate([weights, weights])
    order = np.lexsort((dst, src))
    src, dst, w = src[order], dst[order], w[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.add.at(indptr, src + 1, 1)
    indptr = np.cumsum(indptr)
    return Adjacency(n, indptr, dst.astype(np.int64), w, pairs, lengths, virtual_pairs)


def components(n: int, pairs: np.ndarray, mask: Optional[np.ndarray] = None) -> np.ndarray:
    """Connected component label of each unit (scipy), optionally within a subset ``mask``."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if len(pairs) == 0:
        return np.arange(n)
    if mask is not None:
        keep = mask[pairs[:, 0]] & mask[pairs[:, 1]]
        pairs = pairs[keep]
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _count, labels = connected_components(graph, directed=False)
    return labels


def link_pieces(geoms: np.ndarray, groups: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Virtual links that join the separate pieces (islands, enclaves cut off by a river…) of
    each group (nest) to the nearest other piece of the same group.

    Returns pairs (i, j): for every piece but the largest of a group, the closest pair of units
    between it and the rest of its group (a minimum spanning forest over pieces, built greedily
    from the smallest piece up). Deterministic.
    """
    n = len(geoms)
    same_group = groups[pairs[:, 0]] == groups[pairs[:, 1]] if len(pairs) else np.zeros(0, bool)
    labels = components(n, pairs[same_group] if len(pairs) else pairs)
    links = []
    for group in np.unique(groups):
        members = np.flatnonzero(groups == group)
        piece = labels[members].copy()
        if len(np.unique(piece)) < 2:
            continue
        while True:
            uniq, counts = np.unique(piece, return_counts=True)
            if len(uniq) < 2:
                break
            smallest = uniq[np.lexsort((uniq, counts))[0]]
            inside = members[piece == smallest]
            outside_mask = piece != smallest
            outside = members[outside_mask]
            tree = shapely.STRtree(geoms[outside])
            src_idx, dst_idx = tree.query_nearest(geoms[inside], all_matches=False)
            distances = shapely.distance(geoms[inside[src_idx]], geoms[outside[dst_idx]])
            best = int(np.lexsort((inside[src_idx], distances))[0])
            a, b = int(inside[src_idx[best]]), int(outside[dst_idx[best]])
            links.append((min(a, b), max(a, b)))
            piece[piece == smallest] = piece[outside_mask][dst_idx[best]]
    if not links:
        return np.zeros((0, 2), dtype=np.int64)
    return np.array(sorted(set(links)), dtype=np.int64)
