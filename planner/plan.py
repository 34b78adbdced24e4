"""What the optimizer returns: the chosen roster, its totals and the solver's facts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import StrEnum

import pandas as pd

from planner.brief import Brief
from planner.forecast import GOAL_METRIC, METRICS, plan_rows, totals
from planner.simulate import outcome

# The result's resolution: a hundredth of an engagement, person, click or conversion, as the plan
# reports its expected results (the summary's objective, the CSV's columns). A plan whose bound
# is less than half of that above it is the best possible: no plan reports more (half, not all
# of it: a bound computed a hair under it, as floating point leaves it, would hide a plan just
# that much better). A relative gap, however small, is no such proof: a plan within 0.01% of
# 45,431 may be 45,427.
RESOLUTION = 0.01


def proven_best(objective: float, bound: float) -> bool:
    """Whether the bound proves the plan best: less than RESOLUTION / 2 above it (NaN: no)."""
    return bound - objective < RESOLUTION / 2


class Status(StrEnum):
    """How good a plan is known to be."""

    OPTIMAL = "optimal"  # proven best: no plan reports more (`proven_best`)
    FEASIBLE = "feasible"  # keeps every rule; `gap` says how far from the best it can be
    RULES_BROKEN = "rules broken"  # the greedy baseline, where it could not keep a rule


class Method(StrEnum):
    """How a plan was found."""

    LIVE = "live"  # the LP bound, its rounding, then a small MIP
    EXACT = "exact"  # the MIP over every column that could still change
    GREEDY = "greedy"  # the greedy baseline (or the fallback when the MIP found none in time)
    GOAL_SEEK = "goal seek"  # the least budget that reaches a target
    FEASIBILITY = "feasibility"  # the frontier's first plan at a budget near the least one


@dataclass(frozen=True)
class Plan:
    """A roster subset with posts, cost and forecast, plus how it was found.

    `status` is OPTIMAL (proven best: `proven_best`) or FEASIBLE (the best plan
    found, not proven best: the live path's, or the best when the time limit stopped the
    solver, `timed_out`; `gap` says how far from the best possible it can be at most), or for
    the greedy baseline RULES_BROKEN. A status or method given as its text becomes the enum.
    `bound` is the best proven upper bound on the objective (NaN: none known).
    """

    brief: Brief
    rows: pd.DataFrame
    totals: dict[str, float]
    status: Status
    method: Method
    objective: float
    bound: float
    solve_seconds: float
    build_seconds: float = 0.0
    candidates: int = 0
    pruned: int = 0
    violations: list[str] = field(default_factory=list)
    timed_out: bool = False

    def __post_init__(self) -> None:  # a status or method given as its text is checked here
        object.__setattr__(self, "status", Status(self.status))
        object.__setattr__(self, "method", Method(self.method))

    @property
    def gap(self) -> float:
        """Relative distance to the best proven bound: 0 means proven optimal, NaN unknown."""
        if math.isnan(self.bound):
            return math.nan
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)

    def band_totals(self) -> dict[str, float]:
        """Every metric's band as flat totals: engagement_p10, engagement_p50, ..."""
        return {f"{m}_{q}": v for m, band in self.bands().items() for q, v in band.items()}

    @property
    def count_by_tier(self) -> dict[str, int]:
        counts = self.rows["tier"].value_counts()
        return {str(t): int(counts.get(t, 0)) for t in self.brief.tier_bands}

    @property
    def spend_by_tier(self) -> dict[str, float]:
        spend = self.rows.groupby("tier", observed=False)["cost"].sum()
        return {str(t): float(spend.get(t, 0.0)) for t in self.brief.tier_bands}

    def band(self, metric: str) -> dict[str, float]:
        """P10, P50 and P90 of a metric over the simulated outcome (planner.simulate),
        {"p10": ..., "p50": ..., "p90": ...}: drawn when first asked for, then kept with the
        plan (the quantiles only: the draws are megabytes)."""
        return self.bands((metric,))[metric]

    def bands(self, metrics: tuple[str, ...] = METRICS) -> dict[str, dict[str, float]]:
        """`band` of several metrics, drawn together (one set of draws for all)."""
        kept = self.__dict__.setdefault("_bands", {})
        missing = [m for m in metrics if m not in kept]
        if missing:
            drawn = outcome(self.rows, self.brief)
            kept.update({m: drawn.quantiles(m) for m in missing})
        return {m: kept[m] for m in metrics}

    def summary(self) -> dict:
        """The JSON-ready facts the CLI prints; `totals` also holds each metric's P10, P50
        and P90 (`engagement_p10`, ...)."""
        return {
            "status": self.status.value,
            "method": self.method.value,
            "goal": self.brief.goal.value,
            "objective": round(self.objective, 2),
            "bound": finite(round(self.bound, 2)),
            "gap": finite(round(self.gap, 6)),
            "timed_out": self.timed_out,
            "total_cost": round(self.totals["cost"], 2),
            "budget": self.brief.budget,
            "count_by_tier": self.count_by_tier,
            "spend_by_tier": {t: round(v, 2) for t, v in self.spend_by_tier.items()},
            "totals": {
                k: finite(round(v, 4)) for k, v in {**self.totals, **self.band_totals()}.items()
            },
            "solve_seconds": round(self.solve_seconds, 4),
            "build_seconds": round(self.build_seconds, 4),
            "candidates": self.candidates,
            "pruned": self.pruned,
            "violations": self.violations,
        }


def better_of(plan: Plan, found: Plan) -> Plan:
    """`plan`, or `found` (a plan of the same brief at a budget no greater, found another way:
    the goal seek's) restated at plan's budget and bound, when it reaches more."""
    same = found.brief.with_budget(plan.brief.budget) == plan.brief
    if not same or found.brief.budget > plan.brief.budget or found.objective <= plan.objective:
        return plan
    proven = proven_best(found.objective, plan.bound)
    return replace(
        found,
        brief=plan.brief,
        totals={**found.totals, "budget": plan.brief.budget},
        bound=plan.bound,
        status=Status.OPTIMAL if proven else Status.FEASIBLE,
        timed_out=False,
    )


def finite(x: float) -> float | None:
    """JSON has no NaN: an undefined figure (cost per engagement of an empty plan) is null."""
    return None if math.isnan(x) else x + 0.0  # + 0.0 turns -0.0 into 0.0


def make_plan(cands: pd.DataFrame, posts: pd.Series, brief: Brief, **facts) -> Plan:
    """Assemble a plan from the posts bought per candidate (index: candidate rows)."""
    posts = posts[posts > 0]
    rows = plan_rows(cands, posts, brief)
    tot = totals(rows, brief)
    return Plan(brief=brief, rows=rows, totals=tot, objective=tot[GOAL_METRIC[brief.goal]], **facts)
