"""What the plan's explanation costs: `python -m bench.explain [--sizes 3000 50000]`.

Per roster size and brief, medians over runs of: `replan_s`, the live re-plan after a budget
step on the warm Planner (the slider's own work: the baseline); `explain_s`, every rule of the
brief relaxed one step and planned afresh (no cache: what the Plan page's "Explain the plan"
costs the first time it sees a brief), with how many rules it re-planned (`rules`) and found
binding (`binding`); `why_not_s`, the fee at which the plan takes the left-out candidate with
the best result per dollar, running cost included (a new Planner per bisection step,
`replans`). `ratio` is
explain_s / replan_s, measured in the same run; `warm_s`, the explanation again after a
budget step, every relaxed brief's Planner already built (as on the Plan page, whose Planners
are cached, when the slider moves with the explanation on). The briefs are bench/briefs.py's and the
issue's capped brief ($40k, conversions, beauty, US + GB, micro at least 60% of spend, no
running cost). Never asserts.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.briefs import BRIEFS, CAPPED
from planner.brief import Brief
from planner.optimize.explain import explain, replanner
from planner.optimize.optimizer import Planner
from planner.optimize.why import why_out
from planner.roster.sample import generate_roster

COLUMNS = (
    "rows",
    "brief",
    "replan_s",
    "explain_s",
    "ratio",
    "warm_s",
    "rules",
    "binding",
    "why_not_s",
)


def measure(roster, brief: Brief, runs: int) -> dict:
    planner = Planner(roster, brief)
    plan = planner.plan(brief.budget)
    replans, explains, warm, whys = [], [], [], []
    for i in range(runs):
        budget = brief.budget * (1.05 if i % 2 == 0 else 1.0)
        start = time.perf_counter()
        stepped = planner.plan(budget)  # a budget step, warm
        replans.append(time.perf_counter() - start)
        replan = replanner(roster)
        start = time.perf_counter()
        found = explain(plan, replan, planner.cands)
        explains.append(time.perf_counter() - start)
        start = time.perf_counter()
        explain(stepped, replan, planner.cands)  # after a budget step: every Planner warm
        warm.append(time.perf_counter() - start)
    out = planner.cands[~planner.cands["handle"].isin(plan.rows["handle"])]
    per_dollar = out["value"] / (out["unit_cost"] + brief.cost_per_influencer)
    best = str(out.loc[per_dollar.idxmax(), "handle"])
    for _ in range(runs):
        start = time.perf_counter()
        why = why_out(roster, plan, best, lambda r: Planner(r, brief).plan(brief.budget))
        whys.append(time.perf_counter() - start)
    replan, explained = statistics.median(replans), statistics.median(explains)
    return {
        "replan_s": f"{replan:.3f}",
        "explain_s": f"{explained:.2f}",
        "ratio": f"{explained / replan:.0f}x",
        "warm_s": f"{statistics.median(warm):.2f}",
        "rules": str(found.replans),
        "binding": str(len(found.costs)),
        "why_not_s": f"{statistics.median(whys):.2f} ({why.replans})",
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.explain")
    parser.add_argument("--sizes", type=int, nargs="*", default=[3_000, 50_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("  ".join(f"{c:>11}" for c in COLUMNS))
    for rows in args.sizes:
        roster = generate_roster(rows, seed=7)
        for name, brief in {**BRIEFS, "capped": CAPPED}.items():
            cells = {"rows": str(rows), "brief": name, **measure(roster, brief, args.runs)}
            print("  ".join(f"{cells[c]:>11}" for c in COLUMNS), flush=True)


if __name__ == "__main__":
    main()
