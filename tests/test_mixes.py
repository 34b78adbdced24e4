"""Micro only, macro and mega only, and the best mix found: the alternative briefs, and plans of
them on a 1500-row sample roster."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.brief import Brief, Goal, MixRule
from planner.forecast import tiers
from planner.optimize.mixes import BEST_MIX, MACRO_ONLY, MICRO_ONLY, alternatives, only_tiers
from planner.optimize.optimizer import optimize
from planner.roster.sample import generate_roster
from planner.rules import violations

CLOSED = MixRule(max_count=0)


@pytest.fixture(scope="module")
def roster() -> pd.DataFrame:
    return generate_roster(1500, 3)


@pytest.fixture(scope="module")
def celebrity(roster) -> str:
    """The cheapest mega influencer of the roster, to pin."""
    mega = roster[tiers(roster["followers"], Brief().tier_bands) == "mega"]
    return str(mega.sort_values("cost_per_post")["handle"].iloc[0])


@pytest.fixture(scope="module")
def ruled(celebrity) -> Brief:
    """A brief with rules on several tiers, a platform and a category, and a pinned mega."""
    return Brief(
        budget=60_000,
        goal=Goal.REACH,
        tier_rules={
            "micro": MixRule(min_count=10, max_count=400),
            "macro": MixRule(max_count=5),
            "mega": MixRule(min_count=1),
            "nano": MixRule(min_share=0.05),
        },
        platform_rules={"tiktok": MixRule(max_share=0.5)},
        category_rules={"beauty": MixRule(min_count=2)},
        excluded=["nobody_here_0000"],
        pinned=[celebrity],
    )


def test_only_tiers_closes_every_other_tier(ruled):
    micro = only_tiers(ruled, ("micro",))
    assert list(micro.tier_rules) == list(ruled.tier_bands)
    assert micro.tier_rules["micro"] == ruled.tier_rules["micro"]
    for tier in ("nano", "mid", "macro", "mega"):
        assert micro.tier_rules[tier] == CLOSED, tier
    # The minimum on mega and the share on nano go with their tiers.
    assert micro.tier_rules["mega"].min_count == 0
    assert micro.tier_rules["nano"].min_share == 0


def test_only_tiers_keeps_everything_else_but_pins(ruled):
    big = only_tiers(ruled, ("macro", "mega"))
    assert big.tier_rules["macro"] == MixRule(max_count=5)
    assert big.tier_rules["mega"] == MixRule(min_count=1)
    assert big.tier_rules["mid"] == CLOSED
    assert big.pinned == []
    assert ruled.pinned  # the original brief is untouched
    assert ruled.tier_rules["nano"] == MixRule(min_share=0.05)
    same = {"tier_rules", "pinned"}
    assert big.model_dump(exclude=same) == ruled.model_dump(exclude=same)
    assert big.budget == ruled.budget == 60_000
    assert big.goal == Goal.REACH
    assert big.platform_rules == ruled.platform_rules
    assert big.category_rules == ruled.category_rules


def test_a_kept_tier_without_rules_gets_no_limits():
    brief = Brief(budget=10_000)
    micro = only_tiers(brief, ("micro",))
    assert micro.tier_rules["micro"] == MixRule()
    assert sum(r == CLOSED for r in micro.tier_rules.values()) == len(brief.tier_bands) - 1


def test_alternatives_are_the_three_mixes_at_one_budget(ruled):
    alts = alternatives(ruled)
    assert list(alts) == [MICRO_ONLY, MACRO_ONLY, BEST_MIX]
    assert alts[BEST_MIX] is ruled
    assert {b.budget for b in alts.values()} == {ruled.budget}
    open_tiers = {
        name: {t for t, r in b.tier_rules.items() if r != CLOSED} for name, b in alts.items()
    }
    assert open_tiers[MICRO_ONLY] == {"micro"}
    assert open_tiers[MACRO_ONLY] == {"macro", "mega"}


def test_alternatives_use_only_the_tiers_the_brief_has():
    brief = Brief(tier_bands={"small": 0, "micro": 10_000, "macro": 500_000})
    alts = alternatives(brief)
    assert alts[MICRO_ONLY].tier_rules == {"small": CLOSED, "micro": MixRule(), "macro": CLOSED}
    assert alts[MACRO_ONLY].tier_rules == {"small": CLOSED, "micro": CLOSED, "macro": MixRule()}


def test_planned_alternatives_stay_in_their_tiers(roster):
    brief = Brief(budget=50_000)
    plans = {name: optimize(roster, b) for name, b in alternatives(brief).items()}
    micro, big, mix = plans[MICRO_ONLY], plans[MACRO_ONLY], plans[BEST_MIX]
    assert len(micro.rows) > 0 and len(big.rows) > 0
    assert set(micro.rows["tier"].astype(str)) == {"micro"}
    assert set(big.rows["tier"].astype(str)) <= {"macro", "mega"}
    assert micro.count_by_tier["micro"] == len(micro.rows)
    for plan in plans.values():
        assert plan.brief.budget == brief.budget
        assert plan.totals["cost"] <= brief.budget + 1e-6
    # The mix may use any tier, so it is at least as good as either restriction.
    assert mix.objective >= micro.objective
    assert mix.objective >= big.objective
    assert mix.bound >= max(micro.objective, big.objective)
    assert len(set(mix.rows["tier"].astype(str))) > 2  # it really mixes


def test_planned_alternatives_keep_the_rules_of_their_tiers(roster, ruled, celebrity):
    plans = {name: optimize(roster, b) for name, b in alternatives(ruled).items()}
    micro, big, mix = plans[MICRO_ONLY], plans[MACRO_ONLY], plans[BEST_MIX]
    assert set(micro.rows["tier"].astype(str)) == {"micro"}
    assert set(big.rows["tier"].astype(str)) <= {"macro", "mega"}
    for name, plan in plans.items():
        assert violations(plan.rows, plan.brief) == [], name
        assert (plan.rows["category"] == "beauty").sum() >= 2, name
    assert micro.count_by_tier["micro"] >= 10
    assert big.count_by_tier["macro"] <= 5 and big.count_by_tier["mega"] >= 1
    # Pins are kept only by the real brief: a pinned mega would make "micro only" impossible.
    assert celebrity in set(mix.rows["handle"])
    assert celebrity not in set(micro.rows["handle"])
    assert mix.objective >= max(micro.objective, big.objective)
