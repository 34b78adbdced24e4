"""Goal seek: the least budget that reaches a target, checked against brute force on small
instances, against the optimizer on a 300-row roster, and its refusals."""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest

from planner import calibration as cal
from planner.brief import Brief, Goal, MixRule
from planner.forecast import GOAL_METRIC, repeat_multiplier
from planner.optimize.diagnose import InfeasibleBriefError
from planner.optimize.goalseek import least_budget_for
from planner.optimize.optimizer import OPTIMAL_GAP, Planner, candidates
from planner.rules import violations
from tests.helpers.instances import (
    CATEGORIES,
    PLATFORMS,
    SMALL_TIERS,
    mix_rules_hold,
    pct,
    random_roster,
    random_rules,
)
from tests.helpers.rosters import make_roster

EXACT = 1e-9  # the MIP gap asked for on small instances: the least budget, proven


@functools.cache
def instance(seed: int) -> tuple[pd.DataFrame, Brief]:
    rng = np.random.default_rng(seed)
    roster = random_roster(rng, int(rng.integers(8, 11)))
    handles = roster["handle"].tolist()
    pinned = [str(h) for h in rng.choice(handles, size=int(rng.integers(0, 3)), replace=False)]
    free = [h for h in handles if h not in pinned]
    brief = Brief(
        budget=1_000,  # ignored by the goal seek
        goal=rng.choice(list(Goal)),
        max_posts=int(rng.integers(1, 3)),
        content_format=str(rng.choice(cal.FORMATS)),
        tier_rules=random_rules(rng, SMALL_TIERS, 2),
        platform_rules=random_rules(rng, PLATFORMS, 1),
        category_rules=random_rules(rng, CATEGORIES, 1),
        pinned=pinned,
        excluded=[str(rng.choice(free))] if rng.random() < 0.3 else [],
        max_share_per_influencer=int(rng.integers(20, 61)) / 100 if rng.random() < 0.5 else 1,
        countries=["US", "GB"] if rng.random() < 0.25 else [],
        max_fake_share=0.2 if rng.random() < 0.25 else 1.0,
        extra_post_factor=round(float(rng.uniform(0.3, 1.0)), 2),
    )
    return roster, brief


class Enumeration:
    """Every choice of 0..k posts per candidate: its metric, its least budget, its rules."""

    def __init__(self, cands: pd.DataFrame, brief: Brief, metric: str):
        k, n = brief.max_posts, len(cands)
        self.posts = np.indices((k + 1,) * n, dtype=np.int64).reshape(n, -1).T
        unit = cands["unit_cost"].to_numpy()
        assert np.all(unit == np.round(unit)), "brute force needs whole-dollar costs"
        unit = unit.astype(np.int64)
        spend = self.posts @ unit
        self.value = repeat_multiplier(np.arange(k + 1), brief.extra_post_factor)[self.posts] @ (
            cands[metric].to_numpy(float)
        )
        # The least budget that allows the plan: its spend, or more when the cap binds.
        share = pct(brief.max_share_per_influencer)
        largest = (self.posts * unit).max(axis=1)
        self.budget = np.maximum(spend, largest * 100 / share)
        chosen = self.posts > 0
        ok = np.all(chosen[:, cands["handle"].isin(brief.pinned).to_numpy()], axis=1)
        ok &= mix_rules_hold(self.posts, unit, cands, brief)
        self.keeps_rules = ok

    def least(self, target: float) -> float | None:
        reach = self.keeps_rules & (self.value >= target)
        return float(self.budget[reach].min()) if reach.any() else None

    def most(self) -> float | None:
        return float(self.value[self.keeps_rules].max()) if self.keeps_rules.any() else None


def plan_budget(plan) -> float:
    """The least budget the plan's rows need: spend, or the largest cost over the cap share."""
    rows = plan.rows
    spend = float(rows["cost"].sum())
    largest = float(rows["cost"].to_numpy().max(initial=0))
    return max(spend, largest / plan.brief.max_share_per_influencer)


@pytest.mark.parametrize("seed", range(30))
def test_least_budget_matches_brute_force(seed: int) -> None:
    roster, brief = instance(seed)
    rng = np.random.default_rng(500 + seed)
    metric = str(rng.choice(list(GOAL_METRIC.values())))
    sought = brief.model_copy(update={"goal": Goal(metric)})
    cands, _ = candidates(roster, sought)
    every = Enumeration(cands, sought, metric)
    most = every.most()
    if most is None:  # the rules cannot hold at any budget
        with pytest.raises(InfeasibleBriefError):
            least_budget_for(roster, brief, 1.0, metric=metric, gap=EXACT)
        return
    for fraction in (0.05, 0.3, 0.6, 0.9, 0.999, 1.01, 1.5):
        target = most * fraction
        least = every.least(target)
        if least is None:
            with pytest.raises(InfeasibleBriefError, match="the most") as info:
                least_budget_for(roster, brief, target, metric=metric, gap=EXACT)
            assert f"{most:,.0f}" in str(info.value), "the message should give the most reachable"
            continue
        plan = least_budget_for(roster, brief, target, metric=metric, gap=EXACT)
        assert plan.status == "optimal"
        assert plan.brief.goal == Goal(metric)
        assert violations(plan.rows, plan.brief) == []
        assert plan.totals[metric] >= target
        assert plan.objective == plan.totals[metric]
        needs = plan_budget(plan)
        assert needs <= plan.brief.budget
        assert needs == pytest.approx(least, rel=1e-9, abs=1e-6), (
            f"seed {seed}, {metric} >= {target:,.2f}: goal seek needs {needs}, brute force {least}"
        )
        assert plan.brief.budget == math.ceil(least - 1e-9)


def test_brute_force_instances_are_varied() -> None:
    seen = {"cap": 0, "pins": 0, "two_posts": 0, "shares": 0, "rules_conflict": 0}
    for seed in range(30):
        roster, brief = instance(seed)
        cands, _ = candidates(roster, brief)
        seen["cap"] += brief.max_share_per_influencer < 1
        seen["pins"] += bool(brief.pinned)
        seen["two_posts"] += brief.max_posts == 2
        seen["shares"] += any(
            r.min_share > 0 or r.max_share < 1
            for rules in brief.rule_groups().values()
            for r in rules.values()
        )
        every = Enumeration(cands, brief, GOAL_METRIC[brief.goal])
        seen["rules_conflict"] += every.most() is None
    assert min(seen.values()) >= 2, seen


# ---------------------------------------------------------------------------------------------
# On a 300-row roster: consistent with the optimizer.
# ---------------------------------------------------------------------------------------------

BRIEF_300 = Brief(
    budget=40_000,
    tier_rules={"micro": MixRule(min_count=3, min_share=0.2), "mega": MixRule(max_count=1)},
    platform_rules={"tiktok": MixRule(max_share=0.5)},
    max_share_per_influencer=0.3,
    max_posts=2,
)


@pytest.mark.parametrize("brief", [Brief(budget=25_000), BRIEF_300], ids=["plain", "rules"])
def test_least_budget_for_what_the_optimizer_reaches(small_roster, brief: Brief) -> None:
    """The optimizer's plan at budget B reaches N; so the least budget for N is at most B."""
    planned = Planner(small_roster, brief).plan(exact=True)
    target = planned.objective
    plan = least_budget_for(small_roster, brief, target)
    assert plan.totals[GOAL_METRIC[brief.goal]] >= target
    assert violations(plan.rows, plan.brief) == []
    assert plan_budget(plan) <= brief.budget * (1 + OPTIMAL_GAP) + 1
    # And nothing much cheaper: the optimizer at 99% of that budget stays below the target.
    cheaper = Planner(small_roster, brief).plan(plan.brief.budget * 0.99, exact=True)
    assert cheaper.bound < target


def test_other_metric_sets_the_goal(small_roster) -> None:
    brief = Brief(budget=10_000, goal="engagement")
    plan = least_budget_for(small_roster, brief, 50, metric="conversions")
    assert plan.brief.goal == Goal.CONVERSIONS
    assert plan.objective == plan.totals["conversions"] >= 50
    assert plan.method == "goal seek"


def test_cap_can_set_the_budget_above_the_spend() -> None:
    roster = make_roster(
        [
            {"handle": "star", "followers": 900_000, "cost_per_post": 9_000},
            {"handle": "tiny", "followers": 2_000, "cost_per_post": 20},
        ]
    )
    brief = Brief(max_share_per_influencer=0.25)
    plan = least_budget_for(roster, brief, 15_000)  # only the star reaches it
    assert set(plan.rows["handle"]) == {"star"}
    assert plan.brief.budget == 36_000  # 9,000 is at most 25% of the budget
    assert violations(plan.rows, plan.brief) == []


def test_unreachable_target_says_the_most(small_roster) -> None:
    brief = Brief(tier_rules={"mega": MixRule(max_count=0)}, max_posts=1)
    cands, _ = candidates(small_roster, brief)
    most = float(cands.loc[cands["tier"] != "mega", "engagement"].sum())
    with pytest.raises(InfeasibleBriefError) as info:
        least_budget_for(small_roster, brief, most * 1.01)
    assert f"{most:,.0f}" in str(info.value)
    assert info.value.conflict.fixes[0].startswith("lower the target")
    plan = least_budget_for(small_roster, brief, most * 0.999)
    assert plan.totals["engagement"] >= most * 0.999


def test_rules_that_never_hold_are_diagnosed(small_roster) -> None:
    megas = int((candidates(small_roster, Brief())[0]["tier"] == "mega").sum())
    brief = Brief(tier_rules={"mega": MixRule(min_count=megas + 1)})
    with pytest.raises(InfeasibleBriefError, match="mega"):
        least_budget_for(small_roster, brief, 1_000)


@pytest.mark.parametrize("target", [0, -5, float("nan"), float("inf"), "100"])
def test_target_must_be_a_positive_number(small_roster, target) -> None:
    with pytest.raises(ValueError, match="target"):
        least_budget_for(small_roster, Brief(), target)


def test_unknown_metric(small_roster) -> None:
    with pytest.raises(ValueError, match="metric"):
        least_budget_for(small_roster, Brief(), 100, metric="likes")
