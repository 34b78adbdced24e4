"""The outcome's draws: `python -m bench.simulate [--runs 7]`.

Medians of drawing 10,000 outcomes of a plan (planner.simulate) and reading one metric's P10,
P50 and P90 (`goal_ms`: what the KPI line needs), or all five metrics' (`all_ms`), on the
sample's plans at $50k for each goal, and on a plan of every candidate of the 3,000-row sample
(`everyone`: the issue's "10,000 draws at 3,000 rows"). `plan_ms` is the live plan itself in
the same run, the baseline. Never asserts.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pandas as pd

from planner.brief import Brief
from planner.forecast import METRICS, per_post
from planner.optimize.optimizer import Planner
from planner.plan import make_plan
from planner.roster.schema import load_roster
from planner.simulate import outcome

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "influencers.csv"


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.simulate")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    roster = load_roster(SAMPLE)
    print(f"{'plan':>12} {'rows':>6} {'plan_ms':>8} {'goal_ms':>8} {'all_ms':>8}")
    for goal in ("engagement", "reach", "clicks", "conversions"):
        brief = Brief(budget=50_000, goal=goal)
        planner = Planner(roster, brief)
        plan = planner.plan()
        replan = _median_ms(lambda: planner.plan(brief.budget * 1.01), args.runs)  # noqa: B023
        _row(goal, plan.rows, brief, replan, args.runs)
    brief = Brief(budget=1e9, goal="reach")
    cands = per_post(roster, brief)
    everyone = make_plan(
        cands, pd.Series(1, index=cands.index), brief, status="feasible", method="greedy",
        bound=float("nan"), solve_seconds=0.0,
    ).rows  # fmt: skip
    _row("everyone", everyone, brief, float("nan"), args.runs)


def _row(name: str, rows: pd.DataFrame, brief: Brief, plan_ms: float, runs: int) -> None:
    goal = {"everyone": "reach"}.get(name, name)
    one = _median_ms(lambda: outcome(rows, brief).quantiles(goal), runs)
    every = _median_ms(lambda: _all(rows, brief), runs)
    print(f"{name:>12} {len(rows):>6} {plan_ms:>8.1f} {one:>8.1f} {every:>8.1f}", flush=True)


def _all(rows: pd.DataFrame, brief: Brief) -> None:
    drawn = outcome(rows, brief)  # one set of draws for every metric, as Plan.bands
    for metric in METRICS:
        drawn.quantiles(metric)


if __name__ == "__main__":
    main()
