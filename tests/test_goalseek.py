"""Goal seek: the least budget that reaches a target, checked against brute force on small
instances, against the optimizer on a 300-row roster, and its refusals."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.brief import Brief, Goal, MixRule
from planner.errors import InfeasibleBriefError
from planner.forecast import GOAL_METRIC
from planner.optimize.goalseek import TARGET_MARGIN, least_budget_for
from planner.optimize.instance import candidates
from planner.optimize.optimizer import OPTIMAL_GAP, Planner
from planner.rules import violations
from tests.helpers.instances import Enumeration, instance
from tests.helpers.rosters import make_roster

EXACT = 1e-9  # the MIP gap asked for on small instances: the least budget, proven


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
    # A hair below what it reaches: the goal seek asks TARGET_MARGIN more than its target (so
    # float sums still reach it), which would leave out the optimizer's own plan at exactly N.
    target = planned.objective * (1 - 2 * TARGET_MARGIN)
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
    assert plan.brief.budget == 37_000  # 9,000 and the running cost of 250: 25% of the budget
    assert violations(plan.rows, plan.brief) == []


def test_unreachable_target_says_the_most(small_roster) -> None:
    brief = Brief(tier_rules={"mega": MixRule(max_count=0)}, max_posts=1, max_influencers=50)
    cands, _ = candidates(small_roster, brief)
    # The most: the 50 most engaging outside mega (a capacity of 50 influencers).
    most = float(cands.loc[cands["tier"] != "mega", "engagement"].nlargest(50).sum())
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
