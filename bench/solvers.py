"""The measurement behind "HiGHS, chosen by measurement": CBC and HiGHS on the full MIP.

    python -m bench.solvers [--rows 3000 5000] [--limit 60]

For each roster size and brief (`bench.briefs.SIMPLE`, `bench.briefs.CONSTRAINED`), the whole
PuLP model of `planner.optimize.model.build` (every candidate, no live-path tricks) is solved
by PuLP's bundled CBC and by HiGHS through PuLP's API, each on a freshly built copy, under the same
time limit and relative gap (1e-4, the planner's `OPTIMAL_GAP`). The LP relaxation, solved once by
HiGHS on another fresh copy, gives a bound every plan is measured against.

PuLP 3 reports a CBC run stopped by its time limit as "Optimal" (only its `sol_status`,
`pulp.LpSolution`, says "Solution Found" instead of "Optimal Solution Found"; HiGHS at its
limit is reported the same way), so the status column alone proves nothing: the gap to the
LP bound is printed for both solvers, and HiGHS's own proven gap where it has one.

`seconds` is the wall time of `prob.solve` (for CBC that includes writing the MPS file and
reading the solution back; for HiGHS, PuLP passing the model column by column), `highs_run_s`
HiGHS's own run time. Prints a table; never asserts.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
import pulp

from bench.briefs import BRIEFS
from planner.brief import Brief
from planner.optimize.cbc import bundled_cbc
from planner.optimize.highs import pulp_highs
from planner.optimize.instance import candidates
from planner.optimize.model import build
from planner.optimize.optimizer import OPTIMAL_GAP
from planner.roster.sample import generate_roster

# (column, width, format)
COLUMNS = (
    ("rows", 6, "d"),
    ("brief", 11, "s"),
    ("solver", 6, "s"),
    ("seconds", 8, ".2f"),
    ("status", 8, "s"),
    ("sol_status", 22, "s"),
    ("objective", 14, ",.1f"),
    ("gap_to_lp_%", 11, ".4f"),
    ("own_gap_%", 9, "s"),
    ("highs_run_s", 11, "s"),
)


def fresh_problem(cands: pd.DataFrame, brief: Brief) -> pulp.LpProblem:
    """The full MIP, rebuilt, with the bounds the Planner sets per budget: the per-influencer
    cap (a column whose posts would cost more than the cap is fixed at 0) and pins (first post
    fixed at 1). `build` leaves these to bounds, so without them the model is a different one.
    """
    model = build(cands, brief)
    cap = brief.max_share_per_influencer * brief.budget
    affordable = model.cost * model.post <= cap * (1 + 1e-9)
    pinned = cands["handle"].isin(brief.pinned).to_numpy()[model.cand] & (model.post == 1)
    for var, ok, pin in zip(model.variables, affordable, pinned, strict=True):
        if not ok:
            var.upBound = 0
        if pin:
            var.lowBound = 1
    return model.problem


def lp_bound(cands: pd.DataFrame, brief: Brief) -> float:
    prob = fresh_problem(cands, brief)
    prob.solve(pulp_highs(mip=False))
    return float(pulp.value(prob.objective))


def solvers(limit: float) -> dict[str, Callable[[], pulp.LpSolver]]:
    return {
        "CBC": lambda: bundled_cbc(timeLimit=limit, gapRel=OPTIMAL_GAP),
        "HiGHS": lambda: pulp_highs(timeLimit=limit, gapRel=OPTIMAL_GAP),
    }


def measure(rows: int, brief_name: str, limit: float) -> list[dict]:
    brief = BRIEFS[brief_name]
    cands, _ = candidates(generate_roster(rows, 7), brief)
    bound = lp_bound(cands, brief)
    out = []
    for name, make in solvers(limit).items():
        prob = fresh_problem(cands, brief)
        start = time.perf_counter()
        prob.solve(make())
        seconds = time.perf_counter() - start
        objective = pulp.value(prob.objective)
        objective = float("nan") if objective is None else float(objective)
        own_gap = run = "n/a"  # PuLP reads no bound back from CBC
        if name == "HiGHS":
            own_gap = f"{100 * prob.solverModel.getInfo().mip_gap:.4f}"
            run = f"{prob.solverModel.getRunTime():.2f}"  # HiGHS alone, without PuLP's loading
        out.append(
            {
                "rows": rows,
                "brief": brief_name,
                "solver": name,
                "seconds": seconds,
                "status": pulp.LpStatus[prob.status],
                "sol_status": pulp.LpSolution[prob.sol_status],
                "objective": objective,
                "gap_to_lp_%": 100 * (bound - objective) / bound if bound > 0 else np.nan,
                "own_gap_%": own_gap,
                "highs_run_s": run,
            }
        )
    return out


def line(cells: dict | None = None) -> str:
    if cells is None:
        return "  ".join(f"{name:>{width}}" for name, width, _ in COLUMNS)
    return "  ".join(f"{format(cells[name], fmt):>{width}}" for name, width, fmt in COLUMNS)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.solvers", description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[3_000])
    parser.add_argument(
        "--briefs", nargs="+", choices=sorted(BRIEFS), default=["simple", "constrained"]
    )
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per solve")
    args = parser.parse_args()
    print(f"time limit {args.limit:g} s, relative gap {OPTIMAL_GAP:g}; gaps in % of the LP bound")
    print(line())
    for rows in args.rows:
        for brief_name in args.briefs:
            for result in measure(rows, brief_name, args.limit):
                print(line(result), flush=True)


if __name__ == "__main__":
    main()
