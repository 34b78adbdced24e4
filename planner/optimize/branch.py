"""A short branch and bound on the warm LP: the live path's proof when the LP bound is weak.

The LP bound is weak when a fraction of one dear column carries much of the goal: a mega
account that almost fits the budget, whose 4% in the LP is 1% of a reach plan's people
(measured on the sample at $50k). Branching on that column (it is bought or it is not) gives
two LPs whose better bound is within 0.06% of the optimum. HiGHS's MIP would find the same,
but from a cold start each time, with its cut rounds re-solved from scratch (0.8-1.5 s to 0.1%
at 3,000 rows); here each node is a warm dual-simplex re-solve (about 15 ms at 3,000 rows).

Best first: the open node with the highest LP bound is split on the fractional column holding
the most of the budget (its cost x its fraction's distance to a whole), and each child's LP
solution is repaired into a plan. It stops once the best plan is within `gap` of the highest
open bound, or at the deadline; the bound it returns is that highest open bound (valid: every
plan lies under one open node).
"""

from __future__ import annotations

import heapq
import itertools
import time

import numpy as np

from planner.brief import Brief
from planner.optimize.greedy import repair
from planner.optimize.instance import INFEASIBLE, OPTIMAL, Bounds, Instance, fractional


def branch_and_bound(
    instance: Instance,
    brief: Brief,
    bounds: Bounds,
    node: tuple[float, np.ndarray],
    best: tuple[np.ndarray | None, float],
    *,
    gap: float,
    deadline: float,
) -> tuple[np.ndarray | None, float, float]:
    """From the root LP (`node`: its bound and solution) and the best plan so far (`best`:
    columns and value): the best plan found, its value, and the bound proven (the highest
    bound of a node left open, or of one closed on a whole LP solution)."""
    chosen, value = best
    order = itertools.count()  # breaks ties between equal bounds
    open_nodes: list[tuple[float, int, dict[int, float], np.ndarray]] = [
        (-node[0], next(order), {}, node[1])
    ]
    settled = 0.0  # the highest bound of a node closed without its best plan proven found
    while open_nodes:
        top = -open_nodes[0][0]
        if value >= top * (1 - gap) or time.perf_counter() >= deadline:
            return chosen, value, max(value, top, settled)
        _, _, fixed, x = heapq.heappop(open_nodes)
        frac = np.flatnonzero(fractional(x))
        if not frac.size:  # a whole LP solution: a plan, the best under this node
            whole = np.round(x)
            if instance.value(whole) > value:
                chosen, value = whole, instance.value(whole)
            settled = max(settled, top)  # (its people as the cuts claim them: a hair above)
            continue
        col = int(frac[np.argmax(instance.model.cost[frac] * np.minimum(x[frac], 1 - x[frac]))])
        for side in (0.0, 1.0):
            child = {**fixed, col: side}
            try:
                solved = _solve(instance, bounds, child)
            except _Stalled:  # no proof under this node: it stays open
                return chosen, value, max(value, top, settled)
            if solved is None:  # no plan under this node
                continue
            bound, xs = solved
            found = repair(instance.model, brief.budget, bounds.upper, xs)
            if found is not None and instance.value(found) > value:
                chosen, value = found, instance.value(found)
            heapq.heappush(open_nodes, (-bound, next(order), child, xs))
    return chosen, value, max(value, settled)


class _Stalled(Exception):
    """The simplex stopped without an answer (neither a solution nor infeasibility)."""


def _solve(
    instance: Instance, bounds: Bounds, fixed: dict[int, float]
) -> tuple[float, np.ndarray] | None:
    """The warm LP with these columns fixed (and a people goal's cuts where it claims more
    than it reaches): its bound and solution, or None when it has no solution."""
    h, n = instance.highs, instance.columns
    lower, upper = bounds.lower.copy(), bounds.upper.copy()
    cols = np.fromiter(fixed, int, len(fixed))
    lower[cols] = upper[cols] = np.fromiter(fixed.values(), float, len(fixed))
    if np.any(lower > upper):
        return None
    h.changeColsBounds(n, np.arange(n, dtype=np.int32), lower, upper)
    status = instance.resolve()
    if status == INFEASIBLE:
        return None
    if status != OPTIMAL:
        raise _Stalled
    return -h.getInfo().objective_function_value, np.asarray(h.getSolution().col_value)[:n]
