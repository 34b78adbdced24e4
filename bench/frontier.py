"""The budget frontier on the committed 3000-row sample: `python -m bench.frontier`.

Prints, per brief, the median wall and CPU seconds over runs of the whole `frontier` call
(20 budgets around the brief's budget; three Planners built, greedy at every budget), the
largest gap of the optimal series to its LP bound, how many budgets had each series, and how
many series-budgets had no plan because the time limit stopped the solver (`late`). Never
asserts.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.briefs import BRIEFS
from planner.optimize.frontier import budgets_around, frontier
from planner.roster.schema import load_roster

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "influencers.csv"


def bench_frontier(runs: int = 7, points: int = 20) -> dict[str, float]:
    """Median seconds of `runs` frontiers of `points` budgets, per brief; printed as a table."""
    roster = load_roster(SAMPLE)
    medians = {}
    print(
        f"{'brief':>12} {'points':>6} {'median_s':>9} {'cpu_s':>6} {'runs_s':>{5 * runs}} "
        f"{'max_gap_pct':>11} {'optimal':>7} {'greedy':>6} {'micro':>5} {'macro':>5} {'late':>4}"
    )
    for name, brief in BRIEFS.items():
        budgets = budgets_around(brief.budget, points)
        seconds, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            points_ = frontier(roster, brief, budgets)
            seconds.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        medians[name] = statistics.median(seconds)
        gaps = [
            (p.bound - p.optimal) / p.bound for p in points_ if p.optimal is not None and p.bound
        ]
        count = {
            s: sum(getattr(p, s) is not None for p in points_)
            for s in ("optimal", "greedy", "micro", "macro")
        }
        late = sum(len(p.timed_out) for p in points_)
        runs_s = " ".join(f"{s:.2f}" for s in seconds)
        print(
            f"{name:>12} {len(budgets):>6} {medians[name]:>9.2f} {statistics.median(cpu):>6.2f} "
            f"{runs_s:>{5 * runs}} "
            f"{100 * max(gaps, default=0):>11.3f} {count['optimal']:>7} {count['greedy']:>6} "
            f"{count['micro']:>5} {count['macro']:>5} {late:>4}",
            flush=True,
        )
    return medians


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.frontier")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--points", type=int, default=20)
    args = parser.parse_args()
    bench_frontier(args.runs, args.points)
