"""A second prover for the exact path: PuLP's bundled CBC on the MIP that HiGHS would solve.

HiGHS's branch and bound can stall on knapsacks whose values follow their costs closely
(strongly correlated, inverse strongly correlated): on a 1,000-item strongly correlated
knapsack its bound stayed 84 above the optimum for 60 s, where CBC proves the optimum in
0.5 s (bench/exact.py). The exact path asks CBC first, for part of its time, then HiGHS.

The model goes from HiGHS to PuLP as an MPS file, HiGHS's writer and PuLP's reader
(`LpProblem.fromMPS`), columns named c0, c1, ... in order. PuLP reports a CBC run stopped by
its time limit as "Optimal" too: only `sol_status` (LpSolutionOptimal) says it proved it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np
import pulp
from pulp.apis.coin_api import pulp_cbc_path

from planner.optimize.highs import THREADS, new_highs


def bundled_cbc(**options: float | bool) -> pulp.COIN_CMD:
    """The CBC program that ships inside PuLP, quiet, on THREADS threads (PuLP 3.3 deprecates
    PULP_CBC_CMD, which is the same program, for COIN_CMD)."""
    return pulp.COIN_CMD(path=pulp_cbc_path, msg=False, threads=THREADS, **options)


@dataclass(frozen=True)
class Cbc:
    """CBC's plan (None: none found in time) and whether it proved it within `abs_gap`."""

    chosen: np.ndarray | None
    proven: bool


def cbc_mip(
    lp: highspy.HighsLp, columns: int, limit: float, *, abs_gap: float, start: np.ndarray
) -> Cbc:
    """Solve the MIP `lp` (HiGHS's form: minimise) by CBC to a relative gap of zero and
    `abs_gap`, warm-started from `start`; its first `columns` columns, rounded."""
    highs = new_highs()
    highs.passModel(lp)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "mip.mps")
        highs.writeModel(str(path))
        names, problem = pulp.LpProblem.fromMPS(str(path), sense=pulp.LpMinimize)
    for i, value in enumerate(start[:columns]):
        if f"c{i}" in names:  # (an empty column may be left out of the file)
            names[f"c{i}"].setInitialValue(round(float(value)))
    solver = bundled_cbc(timeLimit=max(limit, 0.01), gapRel=0.0, gapAbs=abs_gap, warmStart=True)
    try:
        problem.solve(solver)
    except pulp.PulpSolverError:  # CBC could not run here: HiGHS alone goes on
        return Cbc(None, False)
    if problem.sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        return Cbc(None, False)
    values = [names[f"c{i}"].value() if f"c{i}" in names else 0.0 for i in range(columns)]
    chosen = np.round(np.array([v or 0.0 for v in values], float))
    return Cbc(chosen, problem.sol_status == pulp.LpSolutionOptimal)
