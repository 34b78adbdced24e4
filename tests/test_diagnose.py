"""Impossible briefs: the error names the rules in conflict and fixes with the right numbers,
and applying a suggested fix gives a plan."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from planner.brief import Brief, MixRule
from planner.errors import InfeasibleBriefError
from planner.optimize.diagnose import why_empty
from planner.optimize.instance import candidates
from planner.optimize.optimizer import Planner, optimize
from planner.rules import violations
from tests.helpers.rosters import make_roster

MEGA = 1_000_000  # lowest follower count of the default mega tier
RUN = Brief().cost_per_influencer  # the default running cost, on each influencer's first post


def dollars(text: str) -> list[float]:
    """Every "$1,234" amount in a text, as numbers."""
    return [float(m.replace(",", "")) for m in re.findall(r"\$([\d,]+)", text)]


def budget_fix(err: InfeasibleBriefError) -> float:
    fixes = [f for f in err.conflict.fixes if f.startswith("raise the budget to at least $")]
    assert len(fixes) == 1, err.conflict.fixes
    (amount,) = dollars(fixes[0])
    return amount


def infeasible(roster: pd.DataFrame, brief: Brief) -> InfeasibleBriefError:
    with pytest.raises(InfeasibleBriefError) as info:
        Planner(roster, brief).plan()
    return info.value


@pytest.fixture(scope="module")
def mega_costs(sample_roster: pd.DataFrame) -> pd.Series:
    """Unit costs of every mega influencer of the sample (all eligible under a plain brief),
    cheapest first."""
    mega = sample_roster[sample_roster["followers"] >= MEGA]
    return mega["cost_per_post"].sort_values().reset_index(drop=True)


def test_two_mega_over_budget_names_the_rule_and_the_least_budget(
    sample_roster: pd.DataFrame, mega_costs: pd.Series
) -> None:
    least = float(mega_costs.iloc[0] + mega_costs.iloc[1] + 2 * RUN)
    # Each of the two cheapest fits on its own, the two together do not.
    budget = float(mega_costs.iloc[1] + RUN + mega_costs.iloc[0] // 2)
    assert mega_costs.iloc[1] + RUN <= budget < least
    brief = Brief(budget=budget, tier_rules={"mega": MixRule(min_count=2)})
    err = infeasible(sample_roster, brief)
    assert "at least 2 mega influencers" in err.conflict.reason
    assert err.conflict.rules == (f"the budget of ${budget:,.0f}", "at least 2 mega influencers")
    assert f"cost at least ${least:,.0f}" in err.conflict.reason
    assert budget_fix(err) == least
    # Only one mega fits the budget, so the count could drop to 1.
    affordable = int(((mega_costs + RUN).cumsum() <= budget).sum())
    assert affordable == 1
    assert f"lower 'at least 2 mega influencers' to {affordable}" in err.conflict.fixes
    assert "raise the budget to at least" in str(err)

    plan = Planner(sample_roster, brief.with_budget(budget_fix(err))).plan()
    assert violations(plan.rows, plan.brief) == []
    assert plan.count_by_tier["mega"] >= 2


@pytest.mark.parametrize("cap", [1.0, 0.6])
def test_budget_below_every_qualifying_influencer_still_suggests_a_budget(
    sample_roster: pd.DataFrame, mega_costs: pd.Series, cap: float
) -> None:
    # The least budget of two megas: their sum, and enough that the dearer one is within
    # the cap; at these caps the sum decides.
    least = float(mega_costs.iloc[0] + mega_costs.iloc[1] + 2 * RUN)
    assert (mega_costs.iloc[1] + RUN) / cap <= least
    budget = float((mega_costs.iloc[0] + RUN) / cap) - 1  # no mega fits under the cap
    brief = Brief(
        budget=budget, max_share_per_influencer=cap, tier_rules={"mega": MixRule(min_count=2)}
    )
    err = infeasible(sample_roster, brief)
    assert f"the budget of ${budget:,.0f}" in err.conflict.rules
    assert budget_fix(err) == least
    assert "lower 'at least 2 mega influencers' to 0" in err.conflict.fixes
    plan = Planner(sample_roster, brief.with_budget(least)).plan()
    assert plan.count_by_tier["mega"] == 2


def test_least_budget_counts_the_per_influencer_cap(
    sample_roster: pd.DataFrame, mega_costs: pd.Series
) -> None:
    cap = 0.3
    least = max(
        float(mega_costs.iloc[0] + mega_costs.iloc[1] + 2 * RUN), (mega_costs.iloc[1] + RUN) / cap
    )
    budget = 12_000.0
    assert (mega_costs.iloc[0] + RUN) / cap > budget  # no mega fits under the cap here
    brief = Brief(
        budget=budget, max_share_per_influencer=cap, tier_rules={"mega": MixRule(min_count=2)}
    )
    err = infeasible(sample_roster, brief)
    suggested = budget_fix(err)
    assert suggested > budget, f"suggests ${suggested:,.0f} on a budget of ${budget:,.0f}"
    assert suggested == pytest.approx(least, abs=1)
    plan = Planner(sample_roster, brief.with_budget(suggested)).plan()
    assert plan.count_by_tier["mega"] == 2


def test_min_count_above_the_targeted_pool_is_lowered_to_the_pool(
    sample_roster: pd.DataFrame,
) -> None:
    pool = int(
        ((sample_roster["platform"] == "youtube") & (sample_roster["followers"] >= MEGA)).sum()
    )
    assert pool > 0
    assert (sample_roster["followers"] >= MEGA).sum() > pool + 1  # other platforms have more
    brief = Brief(
        budget=1e9, platforms=["youtube"], tier_rules={"mega": MixRule(min_count=pool + 1)}
    )
    err = infeasible(sample_roster, brief)
    rule = f"at least {pool + 1} mega influencers"
    assert err.conflict.rules == (rule,)
    assert err.conflict.fixes == (f"lower '{rule}' to {pool}",)
    assert rule in str(err)

    fixed = brief.model_copy(update={"tier_rules": {"mega": MixRule(min_count=pool)}})
    plan = Planner(sample_roster, fixed).plan()
    assert plan.count_by_tier["mega"] == pool
    assert set(plan.rows["platform"]) == {"youtube"}


def test_pin_dearer_than_the_per_influencer_cap_is_named(sample_roster: pd.DataFrame) -> None:
    # A cost (fee and running cost) whose share of $100,000 rounds up to a whole percent.
    dear = sample_roster["cost_per_post"].between(30_000, 60_000)
    row = sample_roster.loc[dear & ((sample_roster["cost_per_post"] + RUN) % 1_000 >= 500)].iloc[0]
    cost = row["cost_per_post"] + RUN
    brief = Brief(budget=100_000, pinned=[row["handle"]], max_share_per_influencer=0.2)
    err = infeasible(sample_roster, brief)
    assert row["handle"] in str(err)
    assert err.conflict.rules == ("pinned handles", "max share per influencer")
    assert f"${cost:,.0f} a post with the running cost of ${RUN:,.0f}" in err.conflict.reason
    assert "($20,000)" in err.conflict.reason
    assert f"unpin {row['handle']}" in err.conflict.fixes
    suggested = re.search(r"max share per influencer to (\d+)%", " ".join(err.conflict.fixes))
    assert suggested, err.conflict.fixes
    share = int(suggested.group(1)) / 100
    assert share == pytest.approx(cost / 100_000, abs=0.005)
    plan = Planner(sample_roster, brief.model_copy(update={"max_share_per_influencer": share}))
    assert row["handle"] in set(plan.plan().rows["handle"])


TINY = [
    {"handle": "star", "followers": 50_000, "cost_per_post": 254},
    {"handle": "small", "followers": 5_000, "cost_per_post": 10},
]


def test_suggested_share_fix_is_enough() -> None:
    roster = make_roster(TINY)
    brief = Brief(budget=1_000, pinned=["star"], max_share_per_influencer=0.2)
    err = infeasible(roster, brief)
    share = int(re.search(r"to (\d+)%", err.conflict.fixes[0]).group(1)) / 100
    plan = Planner(roster, brief.model_copy(update={"max_share_per_influencer": share})).plan()
    assert "star" in set(plan.rows["handle"])


def test_pin_dearer_than_the_budget_suggests_a_budget() -> None:
    roster = make_roster(TINY)
    err = infeasible(roster, Brief(budget=100, pinned=["star"]))
    assert not any(share > 100 for share in map(int, re.findall(r"(\d+)%", str(err))))
    assert budget_fix(err) == 254 + RUN


def test_pins_together_over_budget_suggest_their_total() -> None:
    roster = make_roster([*TINY, {"handle": "second", "followers": 20_000, "cost_per_post": 300}])
    brief = Brief(budget=600, pinned=["star", "second"])  # each fits alone (fee + running)
    err = infeasible(roster, brief)
    assert err.conflict.rules == ("the budget of $600", "the pinned handles (star, second)")
    assert budget_fix(err) == 554 + 2 * RUN
    plan = Planner(roster, brief.with_budget(554 + 2 * RUN)).plan()
    assert {"star", "second"} <= set(plan.rows["handle"])


def test_budget_fix_with_fractional_costs_is_enough() -> None:
    roster = make_roster(
        [
            {"handle": "m1", "followers": 2_000_000, "cost_per_post": 100.2},
            {"handle": "m2", "followers": 3_000_000, "cost_per_post": 200.2},
            {"handle": "n1", "followers": 3_000, "cost_per_post": 10},
        ]
    )
    brief = Brief(budget=250, tier_rules={"mega": MixRule(min_count=2)})
    err = infeasible(roster, brief)
    plan = Planner(roster, brief.with_budget(budget_fix(err))).plan()
    assert plan.count_by_tier["mega"] == 2


def test_budget_fix_of_a_many_rule_brief_gives_a_plan(sample_roster: pd.DataFrame) -> None:
    brief = Brief(
        budget=5_000,
        tier_rules={
            "mega": MixRule(min_count=2),
            "macro": MixRule(min_count=3),
            "micro": MixRule(min_count=10, min_share=0.1),
        },
        platform_rules={"youtube": MixRule(min_count=2)},
    )
    err = infeasible(sample_roster, brief)
    least = budget_fix(err)
    assert least > brief.budget
    assert f"cost at least ${least:,.0f}" in err.conflict.reason
    assert "the budget of $5,000" in err.conflict.rules
    plan = Planner(sample_roster, brief.with_budget(least)).plan()
    assert violations(plan.rows, plan.brief) == []
    assert plan.totals["cost"] <= least
    # Least: a dollar less has no plan (every sample cost is a whole dollar).
    with pytest.raises(InfeasibleBriefError):
        Planner(sample_roster, brief.with_budget(least - 1)).plan(exact=True)


def test_every_fix_with_changes_makes_the_brief_feasible(sample_roster: pd.DataFrame) -> None:
    brief = Brief(budget=10_000, tier_rules={"mega": MixRule(min_count=5)})
    err = infeasible(sample_roster, brief)
    applicable = [f for f in err.conflict.fixes if f.changes]
    assert {tuple(f.changes) for f in applicable} >= {(("budget",),)}
    for fix in applicable:
        fixed = fix.apply(brief)
        assert fixed != brief
        plan = Planner(sample_roster, fixed).plan()
        assert plan.totals["cost"] <= fixed.budget


def test_an_empty_plan_names_the_budget_or_the_cap_that_leaves_no_post():
    roster = make_roster(
        [
            {"handle": "a", "followers": 5_000, "cost_per_post": 120.5},
            {"handle": "b", "followers": 40_000, "cost_per_post": 900},
        ]
    )
    cheapest = 120.5 + RUN  # the fee and the running cost
    cands, _ = candidates(roster, Brief(budget=cheapest - 1))
    with_running = f"${math.ceil(cheapest):,} with the running cost of ${RUN:,.0f} per influencer"
    assert why_empty(cands, Brief(budget=cheapest - 1)) == (
        f"The cheapest post of the candidates costs {with_running}, more than the "
        "whole budget: raise the budget to at least that."
    )
    free = Brief(budget=119, cost_per_influencer=0)
    assert why_empty(cands, free) == (
        "The cheapest post of the candidates costs $121, more than the whole budget: raise the "
        "budget to at least that."
    )
    capped = Brief(budget=cheapest * 4, max_share_per_influencer=0.2)
    assert optimize(roster, capped).rows.empty
    assert why_empty(cands, capped) == (
        f"The cheapest post of the candidates costs {with_running}, more than one "
        f"influencer may take (20% of the budget, ${cheapest * 0.8:,.0f}): raise that cap to "
        f"at least 25% or the budget to at least ${math.ceil(cheapest * 5):,}."
    )
    assert why_empty(cands, Brief(budget=cheapest)) == ""


def test_capacity_below_a_minimum_count_is_a_conflict_with_both_fixes(
    sample_roster: pd.DataFrame,
) -> None:
    brief = Brief(budget=1e6, tier_rules={"micro": MixRule(min_count=60)}, max_influencers=50)
    err = infeasible(sample_roster, brief)
    capacity, micro = "at most 50 influencers in the plan", "at least 60 micro influencers"
    assert err.conflict.rules == (capacity, micro)
    assert err.conflict.fixes == (f"raise '{capacity}' to 60", f"lower '{micro}' to 50")
    raise_capacity, lower_micro = err.conflict.fixes
    assert raise_capacity.changes == {("max_influencers",): 60}
    for fix in err.conflict.fixes:
        plan = Planner(sample_roster, fix.apply(brief)).plan()
        assert violations(plan.rows, plan.brief) == []
    assert len(Planner(sample_roster, lower_micro.apply(brief)).plan().rows) == 50
