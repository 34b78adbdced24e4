"""The independent checker: every kind of broken rule is caught, a kept brief passes."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.brief import Brief, MixRule
from planner.forecast import per_post, plan_rows
from planner.rules import describe, violations
from tests.helpers.rosters import make_roster


def rows(*plan: tuple) -> pd.DataFrame:
    """Plan rows from (handle, tier, platform, category, posts, cost, fake share) tuples."""
    columns = ["handle", "tier", "platform", "category", "posts", "cost", "fake_follower_share"]
    return pd.DataFrame(list(plan), columns=columns)


PLAN = rows(
    ("ann", "micro", "instagram", "beauty", 1, 300.0, 0.05),
    ("bob", "mega", "tiktok", "food", 2, 5_000.0, 0.10),
    ("cat", "nano", "youtube", "beauty", 1, 200.0, 0.00),
)  # spends 5,500: mega 5,000/5,500 = 90.9%


def test_a_kept_brief_has_no_violations() -> None:
    brief = Brief(
        budget=5_500,
        max_posts=2,
        pinned=["bob"],
        excluded=["dan"],
        tier_rules={"mega": MixRule(min_count=1, max_count=1, min_share=0.9, max_share=0.91)},
        platform_rules={"youtube": MixRule(min_count=1, max_share=0.05)},
        categories=["beauty", "food"],
        max_fake_share=0.1,
        max_share_per_influencer=5_000 / 5_500,
    )
    assert violations(PLAN, brief) == []


def test_empty_plan_keeps_share_rules_but_not_counts_or_pins() -> None:
    empty = PLAN.iloc[0:0]
    assert violations(empty, Brief(tier_rules={"mega": MixRule(min_share=0.5)})) == []
    assert violations(empty, Brief(tier_rules={"mega": MixRule(min_count=1)})) == [
        "breaks 'at least 1 mega influencer'"
    ]
    assert violations(empty, Brief(pinned=["ann"])) == ["pinned ann is not in the plan"]


def test_over_budget() -> None:
    broken = violations(PLAN, Brief(budget=5_000, max_posts=2))
    assert broken == ["spends $5,500, over the budget of $5,000"]
    # Within the relative tolerance of one in a million it still fits.
    assert violations(PLAN, Brief(budget=5_499.999, max_posts=2)) == []


def test_per_influencer_cap() -> None:
    brief = Brief(budget=10_000, max_posts=2, max_share_per_influencer=0.25)
    assert violations(PLAN, brief) == ["bob takes more than 25% of the budget"]
    assert violations(PLAN, brief.model_copy(update={"max_share_per_influencer": 0.5})) == []


def test_posts_per_influencer() -> None:
    assert violations(PLAN, Brief(budget=10_000, max_posts=1)) == [
        "posts per influencer must be 1 to 1"
    ]
    zero = PLAN.assign(posts=[1, 0, 1])
    assert violations(zero, Brief(budget=10_000, max_posts=2)) == [
        "posts per influencer must be 1 to 2"
    ]


def test_missing_pin_and_excluded_present() -> None:
    brief = Brief(budget=10_000, max_posts=2, pinned=["ann", "zed"], excluded=["cat", "dan"])
    assert violations(PLAN, brief) == [
        "pinned zed is not in the plan",
        "excluded cat is in the plan",
    ]


def test_targeting_is_checked_except_for_pins() -> None:
    brief = Brief(budget=10_000, max_posts=2, categories=["beauty"], platforms=["instagram"])
    broken = violations(PLAN, brief)
    assert len(broken) == 3
    assert broken[0].startswith("bob is outside the chosen categor")
    assert broken[1:] == [
        "bob is outside the chosen platforms",
        "cat is outside the chosen platforms",
    ]
    pinned = brief.model_copy(update={"pinned": ["bob", "cat"]})
    assert violations(PLAN, pinned) == []


def test_category_message_is_spelled_right() -> None:
    brief = Brief(budget=10_000, max_posts=2, categories=["beauty"])
    assert violations(PLAN, brief) == ["bob is outside the chosen categories"]


def test_fake_followers() -> None:
    brief = Brief(budget=10_000, max_posts=2, max_fake_share=0.06)
    assert violations(PLAN, brief) == ["bob has more fake followers than allowed"]
    assert violations(PLAN, brief.model_copy(update={"pinned": ["bob"]})) == []


@pytest.mark.parametrize(
    ("group", "member", "rule", "expected"),
    [
        ("tier", "mega", MixRule(min_count=2), ["at least 2 mega influencers"]),
        ("tier", "nano", MixRule(max_count=0), ["at most 0 nano influencers"]),
        ("tier", "mega", MixRule(max_share=0.9), ["at most 90% of spend on mega influencers"]),
        ("tier", "micro", MixRule(min_share=0.06), ["at least 6% of spend on micro influencers"]),
        ("platform", "youtube", MixRule(min_count=2, min_share=0.5), [
            "at least 2 influencers on youtube",
            "at least 50% of spend on influencers on youtube",
        ]),
        ("category", "beauty", MixRule(max_count=1, max_share=0.09), [
            "at most 1 beauty influencer",
            "at most 9% of spend on beauty influencers",
        ]),
        ("category", "pets", MixRule(min_count=1), ["at least 1 pets influencer"]),
    ],
)  # fmt: skip
def test_count_and_share_breaks(group: str, member: str, rule: MixRule, expected: list) -> None:
    brief = Brief(budget=10_000, max_posts=2, **{f"{group}_rules": {member: rule}})
    assert violations(PLAN, brief) == [f"breaks '{e}'" for e in expected]


def test_count_and_share_limits_are_inclusive() -> None:
    # micro: 1 influencer, 300/5,500 = 5.4545...% of spend.
    share = 300 / 5_500
    kept = MixRule(min_count=1, max_count=1, min_share=share, max_share=share)
    brief = Brief(budget=10_000, max_posts=2, tier_rules={"micro": kept})
    assert violations(PLAN, brief) == []
    over = MixRule(min_share=share + 1e-5)
    assert violations(PLAN, brief.model_copy(update={"tier_rules": {"micro": over}})) != []


def test_describe_words() -> None:
    assert describe("min_count", "tier", "mega", 2) == "at least 2 mega influencers"
    assert describe("max_share", "platform", "tiktok", 0.25) == (
        "at most 25% of spend on influencers on tiktok"
    )


def test_a_plan_over_the_capacity_says_so() -> None:
    roster = make_roster(
        [{"handle": f"h{i}", "followers": 5_000, "cost_per_post": 10} for i in range(3)]
    )
    brief = Brief(budget=10_000, max_influencers=2)
    cands = per_post(roster, brief)
    rows = plan_rows(cands, pd.Series(1, index=cands.index), brief)
    assert violations(rows, brief) == [
        "has 3 influencers, breaking 'at most 2 influencers in the plan'"
    ]
    assert violations(rows, brief.model_copy(update={"max_influencers": 3})) == []
    assert violations(rows, brief.model_copy(update={"max_influencers": None})) == []
