"""The exact path against plain PuLP + CBC, on the hard knapsack families and the bench briefs.

    python -m bench.exact [--runs 3] [--limit 60]

For each instance, in the same run: `Planner(...).plan(exact=True)` (what `--exact` runs,
build included) and plain PuLP + CBC (`bundled_cbc`, gap 0 and the same absolute gap) on a
fresh copy of the instance's whole model (`bench.solvers.fresh_problem`: every candidate, no
live-path tricks). Prints the medians of wall seconds over `runs`, their ratio, the objective
each reached and whether each proved it; for a knapsack also the optimum of the dynamic
program (bench/knapsacks.py). Never asserts.
"""

from __future__ import annotations

import argparse
import statistics
import time

import pulp

from bench.briefs import CONSTRAINED, SIMPLE
from bench.knapsacks import FAMILIES, as_brief, as_roster, best_value, knapsack
from bench.solvers import fresh_problem
from planner.optimize.cbc import bundled_cbc
from planner.optimize.instance import candidates
from planner.optimize.optimizer import EXACT_GAPS, Planner
from planner.roster.sample import generate_roster

KNAPSACKS = [(items, 1000 if items <= 1000 else 100) for items in (120, 1000, 10_000)]
HEADER = (
    f"{'instance':<36} {'exact_s':>8} {'cbc_s':>8} {'ratio':>6} {'exact':>14} {'proven':>6} "
    f"{'cbc':>14} {'proven':>6} {'dp_optimum':>12}"
)


def instances():
    """(name, roster, brief, the dynamic program's optimum or None)."""
    for family in FAMILIES:
        for items, r in KNAPSACKS:
            costs, values, budget = knapsack(family, items, r)
            best = best_value(costs, values, budget)
            yield f"{family} {items:,}", as_roster(costs, values), as_brief(budget), best
    sample = generate_roster(3000, 7)
    for name, brief in (("simple", SIMPLE), ("constrained", CONSTRAINED)):  # (linear goals:
        # PuLP's model of a people goal holds only its first cuts, so CBC's value is not people)
        yield f"{name} 3,000 rows", sample, brief, None


def exact(roster, brief, limit: float) -> tuple[float, float, bool]:
    start = time.perf_counter()
    plan = Planner(roster, brief, time_limit=limit).plan(exact=True)
    return time.perf_counter() - start, plan.objective, plan.status == "optimal"


def cbc(roster, brief, limit: float) -> tuple[float, float, bool]:
    start = time.perf_counter()
    problem = fresh_problem(candidates(roster, brief)[0], brief)
    problem.solve(bundled_cbc(timeLimit=limit, gapRel=0.0, gapAbs=EXACT_GAPS["mip_abs_gap"]))
    seconds = time.perf_counter() - start
    return (
        seconds,
        pulp.value(problem.objective) or 0.0,
        problem.sol_status == pulp.LpSolutionOptimal,
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.exact")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=float, default=60.0)
    args = parser.parse_args()
    print(f"medians of {args.runs} runs, time limit {args.limit:g} s")
    print(HEADER)
    for name, roster, brief, best in instances():
        ours = [exact(roster, brief, args.limit) for _ in range(args.runs)]
        theirs = [cbc(roster, brief, args.limit) for _ in range(args.runs)]
        ours_s = statistics.median(r[0] for r in ours)
        cbc_s = statistics.median(r[0] for r in theirs)
        dp = "" if best is None else f"{best:,.0f}"
        print(
            f"{name:<36} {ours_s:>8.2f} {cbc_s:>8.2f} {ours_s / cbc_s:>6.2f} "
            f"{ours[-1][1]:>14,.2f} {'yes' if all(r[2] for r in ours) else 'no':>6} "
            f"{theirs[-1][1]:>14,.2f} {'yes' if all(r[2] for r in theirs) else 'no':>6} "
            f"{dp:>12}",
            flush=True,
        )


if __name__ == "__main__":
    main()
