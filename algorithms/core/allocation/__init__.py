"""Staff allocation: how many people each grid needs, and who covers which grid.

Plain numpy/scipy (no QGIS). Three steps, each usable on its own:

1. :func:`workload` — the workload of each grid, in *population equivalents*::

       workload = population × (1 + β × (demand_index / D̄ − 1)) + quality × C

   where D̄ is the population-weighted mean demand index of the grids that have one, β the
   demand weight (0–1, default 0.5), C the capacity of one person (STAFF_CAPACITY) and
   ``quality`` the extra staff suggested for the grid by a later service-quality run (e.g.
   ``staff_change``; may be negative). A grid without a demand index (or when D̄ = 0) counts
   its population. Dividing by the *population-weighted* mean keeps the total: the demand
   index shifts workload from low-demand to high-demand grids, but Σ workload = Σ population
   (before the quality term), so capacities stated in people keep their meaning. With β ≤ 1
   the factor is ≥ 1 − β ≥ 0. A negative result is clamped to 0.

2. :func:`recommend` — the recommended staff per grid. With a total headcount the total is
   apportioned exactly by **Webster / Sainte-Laguë** (:func:`webster`): grid *i* gets
   ``max(m, round(workload_i / d))`` people for a divisor *d* chosen so that the total is
   met; computed as "each further person goes to the grid with the highest
   ``workload / (n + ½)``". Why Webster: it is the divisor method without bias between large
   and small grids (Balinski & Young), it is house-monotone (no Alabama paradox: one more
   person never takes anybody from a grid) and population-monotone, and unlike
   Huntington–Hill it is defined for grids that may get 0 people (a minimum of 0).
   Without a total: ``max(m, ceil(workload / C))``.

3. :func:`assign` — named staff to grids. Each grid *i* has ``r_i`` *slots* (its
   recommended staff), each carrying ``s_i = workload_i / r_i``. A person *j* with capacity
   ``c_j`` may hold slots of several grids, never two slots of the same grid; their load is
   the sum of the slots they hold and never exceeds ``c_j`` in the model. Minimise
   (workloads in population equivalents, distances in km)::

       P_v · Σ_i uncovered_i                      every grid with r ≥ 1 gets somebody
     + P_z · Σ_i unfilled_slots_i × s_i           the recommended number of people
     + P_b · Σ_j max(0, load_j − ρ·c_j)           balance: load above the fair share
     + Σ_(i,j) assigned s_i × km(outlet_j, grid_i)        travel, weighted by workload

   with ρ = min(1, Σ slot workload / Σ capacity): if everybody had the same utilisation ρ
   the roster would be perfectly balanced, and load above that fair share costs P_b per
   unit. P_b = ``balance_km`` (default 5): relieving a person above their fair share of one
   unit of workload is worth sending it 5 km further. P_z = 2·(D + P_b) + 1, D the longest
   candidate distance: filling a slot always beats any travel or balance cost.
   P_v = 4·(P_z + D + P_b)·max(s) + 1: covering a grid beats filling the other slots it
   displaces. So the priorities are lexicographic: coverage, then the recommended head
   counts, then balance against travel at the stated rate.

   Then the **coverage step**: a grid that no arrangement within capacity covers (the
   roster is too small there) gets the candidate with the lowest utilisation after taking
   it (then the nearest). This is the only way anybody goes above capacity, and it is
   reported.

   Methods, chosen by ``method`` ("auto": by size):

   - **exact**: the model as a MILP solved by HiGHS (``scipy.optimize.milp``; binary
     assignment variables; continuous unfilled, uncovered and excess variables) when there
     are at most ``exact_pair_limit`` candidate pairs. HiGHS stops at ``mip_gap`` (relative
     gap between the solution and its proven lower bound) or at ``node_limit`` nodes
     (deterministic) or, as a safety net, after ``time_limit`` seconds; the gap reached is
     reported. The heuristic below runs first and the better of the two is kept.
   - **heuristic**: LP-guided rounding, regret greedy, local search and exact
     neighbourhoods; deterministic. (a) The LP relaxation of the model (HiGHS) gives a
     lower bound and fractional assignments; pairs are taken in order of their LP value
     where they fit, first one person per grid, then the other slots. (b) Open slots are
     filled by *regret*: the grid whose best and second-best candidates differ most is
     served first (costs re-evaluated lazily). (c) Local search until no move improves (at
     most ``max_passes`` passes): fill open slots, directly or along an *ejection chain*
     found breadth first (a candidate takes the slot and passes one of their grids on, and
     so on, until somebody has room, or the last one gives up a slot of a grid that keeps
     somebody else); shift a slot to another person; swap two slots between two people
     (beyond ``lns_pair_limit`` pairs only swaps that shorten travel). (d) Up to
     ``lns_limit`` neighbourhoods around grids that still have open slots (the grid's
     ``lns_people`` nearest candidates and all their grids, everybody else fixed) are
     re-solved as small MILPs (node-limited) and kept where better; only up to
     ``lns_pair_limit`` candidate pairs. Above ``lp_pair_limit`` pairs the LP step is
     skipped.

   **The bound** (``bound``): the LP is solved on the candidate pairs, its duals price every
   other pair (column generation, outlet by outlet, up to ``pricing_rounds`` rounds), pairs
   that could lower it are added and it is solved again; the heuristic then works on the
   widened pairs, so a grid whose nearby people are full gets people with room further away.
   LP value + Σ_i r_i · min(0, min_j rc_ij) is a lower bound for every plan after any round.
   The reported gap is ``(objective − bound) / (objective − P_z · forced)``, ``forced`` the
   workload above the roster's capacity (the penalty every plan pays): when the plan serves
   all it can, that is its travel (balance at its km rate) above the best possible plan's.
   The exact method's MILP bound holds within its pairs; it counts for all pairs up to the LP
   value + the lowest reduced cost of a pair left out, else ``bound_all_pairs`` is False.

   Afterwards, grids that still have open slots get more candidates: the nearest people
   beyond their list who have room for a share, and the open slots are filled again (for
   every solution, the best one is kept).

   Candidates: for each grid its ``candidates_per_grid`` nearest people (at least
   2·r + 2; whole outlets in order of distance, then roster order) and for each person
   their ``grids_per_person`` nearest grids. Without outlets every distance is 0 and the
   candidates are all pairs when few enough, else a rotation over the roster.

The package, one job a module (each imports only those above it):

- ``model``: the settings (:class:`AllocationOptions`), the result (:class:`Assignment`) and
  the assignment instance, shared by all;
- ``apportion``: steps 1 and 2, :func:`workload`, :func:`webster`, :func:`recommend`;
- ``candidates``: the candidate pairs and the penalties of the model;
- ``exact``: the model's arrays and the MILP (HiGHS);
- ``bound``: the LP relaxation with its duals and the column generation over all pairs (the
  proven lower bound);
- ``state``: a mutable assignment and its objective;
- ``heuristic``: rounding, regret greedy, local search, neighbourhoods;
- ``finish``: candidates further away, and the coverage step;
- ``report``: the reported :class:`Assignment` and :func:`shortfall_message`;
- ``solve``: :func:`assign`, which runs them.
"""

from .apportion import recommend, webster, workload
from .candidates import candidate_pairs, candidate_pairs_without_locations
from .model import METHOD_EXACT, METHOD_HEURISTIC, AllocationOptions, Assignment
from .report import quality_sentence, shortfall_message
from .solve import assign

__all__ = [
    "METHOD_EXACT",
    "METHOD_HEURISTIC",
    "AllocationOptions",
    "Assignment",
    "assign",
    "candidate_pairs",
    "candidate_pairs_without_locations",
    "quality_sentence",
    "recommend",
    "shortfall_message",
    "webster",
    "workload",
]
