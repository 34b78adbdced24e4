"""One roster size in its own process, so peak memory is that size's alone.

Prints one JSON line: build seconds, live re-plan seconds after budget changes (median),
gap to the bound, exact-path seconds and proven gap, gain over greedy, peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time

from bench.briefs import BRIEFS
from planner.optimize.optimizer import Planner
from planner.roster.sample import generate_roster

BUDGET_STEPS = (0.8, 0.9, 1.1, 1.2, 0.7, 1.3, 1.0)


def measure(rows: int, brief_name: str, exact_limit: float) -> dict:
    roster = generate_roster(rows, seed=7)
    brief = BRIEFS[brief_name]
    builds = []
    for _ in range(3 if rows <= 50_000 else 1):
        start = time.perf_counter()
        planner = Planner(roster, brief)
        builds.append(time.perf_counter() - start)
    planner.plan()
    replans = [planner.plan(brief.budget * step) for step in BUDGET_STEPS]
    live = replans[-1]
    exact = planner.plan(exact=True, time_limit=exact_limit)
    greedy = planner.greedy()
    return {
        "rows": rows,
        "brief": brief_name,
        "build_s": statistics.median(builds),
        "replan_s": statistics.median(p.solve_seconds for p in replans),
        "live_gap_pct": 100 * statistics.median(p.gap for p in replans),
        "exact_s": exact.solve_seconds,
        "exact_status": exact.status,
        "exact_gap_pct": 100 * exact.gap,
        "gain_over_greedy_pct": 100 * (exact.objective / greedy.objective - 1),
        "greedy_keeps_rules": not greedy.violations,
        "live_vs_exact_pct": 100 * (1 - live.objective / exact.objective),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--brief", choices=sorted(BRIEFS), required=True)
    parser.add_argument("--exact-limit", type=float, default=60.0)
    args = parser.parse_args()
    print(json.dumps(measure(args.rows, args.brief, args.exact_limit)))
