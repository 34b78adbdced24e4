"""The greedy baseline: keeps the rules of simple briefs, never overspends, and trails the
exact optimum where the rules bind."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.brief import Brief, MixRule
from planner.optimizer import Planner
from planner.rules import violations
from tests.conftest import make_roster

SIMPLE_BRIEFS = {
    "no rules": Brief(budget=25_000),
    "min micro count": Brief(budget=25_000, tier_rules={"micro": MixRule(min_count=8)}),
    "max mega count": Brief(budget=200_000, tier_rules={"mega": MixRule(max_count=1)}),
    "platform cap": Brief(budget=40_000, platform_rules={"tiktok": MixRule(max_share=0.3)}),
    "min share": Brief(budget=40_000, tier_rules={"mid": MixRule(min_share=0.25)}),
    "three posts, cap": Brief(budget=30_000, max_posts=3, max_share_per_influencer=0.1),
    "targeted": Brief(
        budget=15_000, platforms=["youtube"], countries=["US", "GB"], max_fake_share=0.1
    ),
    "story, reach": Brief(budget=15_000, goal="reach", content_format="story"),
}


@pytest.mark.parametrize("name", SIMPLE_BRIEFS)
def test_greedy_keeps_the_rules_of_simple_briefs(sample_roster: pd.DataFrame, name: str) -> None:
    brief = SIMPLE_BRIEFS[name]
    plan = Planner(sample_roster, brief).greedy()
    assert plan.method == "greedy"
    assert plan.violations == []
    assert plan.status == "feasible"
    assert violations(plan.rows, brief) == []
    assert 0 < plan.totals["cost"] <= brief.budget
    # Filled up: nothing left out would still fit (no rules to refuse it in the plain briefs).
    if not any(brief.rule_groups().values()) and brief.max_share_per_influencer == 1:
        left = brief.budget - plan.totals["cost"]
        chosen = set(plan.rows["handle"])
        cands = Planner(sample_roster, brief).cands
        unused = cands.loc[~cands["handle"].isin(chosen), "unit_cost"]
        assert (unused > left).all(), f"${left:,.0f} left and {unused.min()} unused"


@pytest.mark.parametrize("budget", [50, 700, 5_000, 60_000, 900_000])
@pytest.mark.parametrize("max_posts", [1, 3])
def test_greedy_never_overspends(sample_roster: pd.DataFrame, budget: int, max_posts: int) -> None:
    brief = Brief(
        budget=budget,
        max_posts=max_posts,
        tier_rules={"micro": MixRule(min_count=3), "mega": MixRule(max_share=0.5)},
        max_share_per_influencer=0.4,
    )
    plan = Planner(sample_roster, brief).greedy()
    assert plan.totals["cost"] <= budget
    assert (plan.rows["cost"] <= 0.4 * budget + 1e-9).all()
    assert (plan.rows["posts"].between(1, max_posts)).all()
    # Whatever it could not keep, it says: its list is the checker's.
    assert plan.violations == violations(plan.rows, brief)


def test_greedy_trails_the_optimum_on_a_constrained_brief(sample_roster: pd.DataFrame) -> None:
    brief = Brief(
        budget=20_000,
        tier_rules={"macro": MixRule(min_count=2), "nano": MixRule(max_share=0.2)},
        platform_rules={"tiktok": MixRule(max_share=0.4)},
    )
    planner = Planner(sample_roster, brief)
    baseline = planner.greedy()
    exact = planner.plan(exact=True)
    assert baseline.violations == []
    ratio = baseline.objective / exact.objective
    assert ratio < 0.97, f"greedy reaches {ratio:.1%} of the exact optimum"
    assert ratio > 0.5, f"greedy reaches only {ratio:.1%} of the exact optimum"


def test_greedy_goes_by_value_per_dollar() -> None:
    # Values 60, 100, 120 for costs 10, 20, 30 (engagement = followers x 1%): greedy takes the
    # two best per dollar (160) where the best plan is the two dearer ones (220).
    roster = make_roster(
        [
            {"handle": "a", "followers": 6_000, "engagement_rate": 0.01, "cost_per_post": 10},
            {"handle": "b", "followers": 10_000, "engagement_rate": 0.01, "cost_per_post": 20},
            {"handle": "c", "followers": 12_000, "engagement_rate": 0.01, "cost_per_post": 30},
        ]
    )
    planner = Planner(roster, Brief(budget=50))
    baseline = planner.greedy()
    exact = planner.plan(exact=True)
    assert set(baseline.rows["handle"]) == {"a", "b"}
    assert baseline.objective == pytest.approx(160)
    assert set(exact.rows["handle"]) == {"b", "c"}
    assert exact.objective == pytest.approx(220)


def test_greedy_puts_pins_and_minimums_first() -> None:
    # "dear" is the worst per dollar and mega; pinned "meh" is poor too. Both must be in.
    roster = make_roster(
        [
            {"handle": "dear", "followers": 1_500_000, "engagement_rate": 0.001,
             "cost_per_post": 500},
            {"handle": "meh", "followers": 2_000, "engagement_rate": 0.01, "cost_per_post": 100},
            {"handle": "good1", "followers": 50_000, "engagement_rate": 0.05, "cost_per_post": 100},
            {"handle": "good2", "followers": 40_000, "engagement_rate": 0.05, "cost_per_post": 100},
        ]
    )  # fmt: skip
    brief = Brief(budget=750, pinned=["meh"], tier_rules={"mega": MixRule(min_count=1)})
    plan = Planner(roster, brief).greedy()
    assert plan.violations == []
    assert set(plan.rows["handle"]) == {"dear", "meh", "good1"}
    assert plan.totals["cost"] == 700
