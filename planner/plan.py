"""What the optimizer returns: the chosen roster, its totals and the solver's facts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from planner.brief import Brief
from planner.forecast import GOAL_METRIC, plan_rows, totals


@dataclass(frozen=True)
class Plan:
    """A roster subset with posts, cost and forecast, plus how it was found.

    status is "optimal" (proven best, within `OPTIMAL_GAP`) or "feasible" (the best plan
    found, not proven best: the live path's, or the best when the time limit stopped the
    solver, `timed_out`; `gap` says how far from the best possible it can be at most).
    `bound` is the best proven upper bound on the objective (NaN: none known).
    """

    brief: Brief
    rows: pd.DataFrame
    totals: dict[str, float]
    status: str
    method: str  # "live" (LP bound, then a small MIP), "exact" (the MIP), "greedy"
    objective: float
    bound: float
    solve_seconds: float
    build_seconds: float = 0.0
    candidates: int = 0
    pruned: int = 0
    violations: list[str] = field(default_factory=list)
    timed_out: bool = False

    @property
    def gap(self) -> float:
        """Relative distance to the best proven bound: 0 means proven optimal, NaN unknown."""
        if math.isnan(self.bound):
            return math.nan
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)

    @property
    def count_by_tier(self) -> dict[str, int]:
        counts = self.rows["tier"].value_counts()
        return {str(t): int(counts.get(t, 0)) for t in self.brief.tier_bands}

    @property
    def spend_by_tier(self) -> dict[str, float]:
        spend = self.rows.groupby("tier", observed=False)["cost"].sum()
        return {str(t): float(spend.get(t, 0.0)) for t in self.brief.tier_bands}

    def summary(self) -> dict:
        """The JSON-ready facts the CLI prints."""
        return {
            "status": self.status,
            "method": self.method,
            "goal": self.brief.goal.value,
            "objective": round(self.objective, 2),
            "bound": finite(round(self.bound, 2)),
            "gap": finite(round(self.gap, 6)),
            "timed_out": self.timed_out,
            "total_cost": round(self.totals["cost"], 2),
            "budget": self.brief.budget,
            "count_by_tier": self.count_by_tier,
            "spend_by_tier": {t: round(v, 2) for t, v in self.spend_by_tier.items()},
            "totals": {k: finite(round(v, 4)) for k, v in self.totals.items()},
            "solve_seconds": round(self.solve_seconds, 4),
            "build_seconds": round(self.build_seconds, 4),
            "candidates": self.candidates,
            "pruned": self.pruned,
            "violations": self.violations,
        }


def better_of(plan: Plan, found: Plan, *, optimal_gap: float) -> Plan:
    """`plan`, or `found` (a plan of the same brief at a budget no greater, found another way:
    the goal seek's) restated at plan's budget and bound, when it reaches more."""
    same = found.brief.with_budget(plan.brief.budget) == plan.brief
    if not same or found.brief.budget > plan.brief.budget or found.objective <= plan.objective:
        return plan
    proven = found.objective >= plan.bound * (1 - optimal_gap)
    return replace(
        found,
        brief=plan.brief,
        totals={**found.totals, "budget": plan.brief.budget},
        bound=plan.bound,
        status="optimal" if proven else "feasible",
        timed_out=False,
    )


def gap_words(gap: float) -> str:
    """'within 0.8% of the best possible': two digits, whole percent from 10%, never below
    0.01% unless 0 (the gap is an upper bound, so rounding it up stays true)."""
    if math.isnan(gap):
        return "with no known bound on the best possible"
    pct = 100 * gap
    text = f"{pct:.0f}" if pct >= 10 else f"{pct:.2g}" if pct == 0 or pct >= 0.01 else "0.01"
    return f"within {text}% of the best possible"


def seconds_words(seconds: float) -> str:
    """'0.31 s', '2.5 s', '46 s'."""
    return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"


def finite(x: float) -> float | None:
    """JSON has no NaN: an undefined figure (cost per engagement of an empty plan) is null."""
    return None if math.isnan(x) else x + 0.0  # + 0.0 turns -0.0 into 0.0


def make_plan(cands: pd.DataFrame, posts: pd.Series, brief: Brief, **facts) -> Plan:
    """Assemble a plan from the posts bought per candidate (index: candidate rows)."""
    posts = posts[posts > 0]
    rows = plan_rows(cands, posts, brief)
    tot = totals(rows, brief)
    return Plan(brief=brief, rows=rows, totals=tot, objective=tot[GOAL_METRIC[brief.goal]], **facts)
