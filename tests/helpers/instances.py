"""Random small instances shared by the brute-force and property tests.

Rosters and rules with whole-dollar costs and whole-percent shares, so brute force can check
every rule with exact integer arithmetic.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from planner import calibration as cal
from planner.audience import PEOPLE_METRICS, cells
from planner.brief import Brief, Goal, MixRule
from planner.forecast import repeat_multiplier
from tests.helpers.rosters import make_roster

SMALL_TIERS = ("nano", "micro", "mid", "mega")  # the tiers random_roster draws from

TIER_RANGE = {
    "nano": (1_000, 9_999),
    "micro": (10_000, 99_999),
    "mid": (100_000, 499_999),
    "macro": (500_000, 999_999),
    "mega": (1_000_000, 5_000_000),
}
PLATFORMS = ("instagram", "tiktok", "youtube")
CATEGORIES = ("beauty", "food", "tech")
COUNTRIES = ("US", "GB", "DE")


def random_roster(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """n influencers over three tiers, platforms and categories; every cost a whole dollar."""
    tiers = rng.choice(["nano", "micro", "mid", "mega"], size=n)
    rows = []
    for i, tier in enumerate(tiers):
        low, high = TIER_RANGE[tier]
        followers = int(np.exp(rng.uniform(np.log(low), np.log(high))))
        cost = int(max(5, followers * rng.uniform(0.002, 0.02)))
        rows.append(
            {
                "handle": f"h{i:02d}",
                "platform": str(rng.choice(PLATFORMS)),
                "category": str(rng.choice(CATEGORIES)),
                "audience_country": str(rng.choice(COUNTRIES)),
                "followers": followers,
                "engagement_rate": round(float(rng.uniform(0.005, 0.08)), 4),
                "engagement_rate_sd": round(float(rng.uniform(0, 0.01)), 4),
                "cost_per_post": cost,
                "cost_per_story": int(cost * rng.uniform(1.0, 1.3)),
                "cost_per_video": int(cost * rng.uniform(1.3, 1.6)),
                "fake_follower_share": round(float(rng.uniform(0, 0.3)), 3),
            }
        )
    return make_roster(rows)


def random_rule(rng: np.random.Generator, share_room: int) -> MixRule:
    """A rule with whole-percent shares; its min_share is at most `share_room` percent."""
    low = int(rng.integers(0, 3)) if rng.random() < 0.6 else 0
    high = low + int(rng.integers(0, 3)) if rng.random() < 0.4 else None
    min_pct = int(rng.integers(5, min(40, share_room) + 1)) if share_room >= 5 else 0
    min_pct = min_pct if rng.random() < 0.35 else 0
    max_pct = int(rng.integers(max(min_pct, 10), 91)) if rng.random() < 0.35 else 100
    return MixRule(min_count=low, max_count=high, min_share=min_pct / 100, max_share=max_pct / 100)


def random_rules(rng: np.random.Generator, members: tuple[str, ...], most: int) -> dict:
    chosen = rng.choice(members, size=int(rng.integers(0, most + 1)), replace=False)
    rules, room = {}, 100
    for member in chosen:
        rule = random_rule(rng, room)
        room -= round(rule.min_share * 100)
        rules[str(member)] = rule
    return rules


def pct(share: float) -> int:
    """A whole-percent share as an integer, so share checks are exact integer comparisons."""
    value = round(share * 100)
    assert abs(value - share * 100) < 1e-9
    return value


def running(brief: Brief) -> int:
    """The brief's running cost per influencer, as the whole dollars brute force needs."""
    assert brief.cost_per_influencer == round(brief.cost_per_influencer)
    return int(brief.cost_per_influencer)


def spend_each(posts: np.ndarray, unit: np.ndarray, brief: Brief) -> np.ndarray:
    """Each influencer's spend for each row of `posts`: the fees of its posts and, if it is in
    the plan, the running cost (exact integers)."""
    return posts * unit + running(brief) * (posts > 0)


def mix_rules_hold(
    posts: np.ndarray, unit: np.ndarray, cands: pd.DataFrame, brief: Brief
) -> np.ndarray:
    """For each row of `posts` (posts per candidate), whether the capacity and every mix rule
    of the brief hold, in exact integer arithmetic (shares in whole percent)."""
    chosen = posts > 0
    each = spend_each(posts, unit, brief)
    spend = each.sum(axis=1)
    ok = np.ones(len(posts), dtype=bool)
    if brief.max_influencers is not None:
        ok &= chosen.sum(axis=1) <= brief.max_influencers
    for group, rules in brief.rule_groups().items():
        labels = cands[group].astype(str).to_numpy()
        for member, rule in rules.items():
            inside = labels == member
            count = chosen[:, inside].sum(axis=1)
            group_spend = each[:, inside].sum(axis=1)
            ok &= count >= rule.min_count
            if rule.max_count is not None:
                ok &= count <= rule.max_count
            ok &= group_spend * 100 >= pct(rule.min_share) * spend
            ok &= group_spend * 100 <= pct(rule.max_share) * spend
    return ok


SHARES = st.sampled_from([0.0, 0.05, 0.1, 0.2, 0.3])


@st.composite
def mix_rules(draw, *, allow_min: bool = True) -> MixRule:
    low = draw(st.integers(0, 3)) if allow_min else 0
    high = draw(st.one_of(st.none(), st.integers(low, low + 6)))
    min_share = draw(SHARES) if allow_min else 0.0
    max_share = draw(st.sampled_from([1.0, 0.9, 0.6, 0.4, 0.3]).filter(lambda s: s >= min_share))
    return MixRule(min_count=low, max_count=high, min_share=min_share, max_share=max_share)


# --- goal seek: random briefs, and every plan of one -------------------------------------


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
        **running_and_capacity(rng),
    )
    return roster, brief


def running_and_capacity(rng: np.random.Generator) -> dict:
    """A random running cost (whole dollars, often 0) and capacity (often none)."""
    return {
        "cost_per_influencer": int(rng.integers(1, 80)) if rng.random() < 0.6 else 0,
        "max_influencers": int(rng.integers(1, 5)) if rng.random() < 0.4 else None,
    }


def plan_values(posts: np.ndarray, cands: pd.DataFrame, brief: Brief, metric: str) -> np.ndarray:
    """Each plan's result (a row of posts per candidate): summed over influencers, or for a
    metric counted in people, N (1 - prod(1 - r_i / N)) in each audience cell, as a plain
    product (the model works with logs of it); an audience larger than its cell reaches all
    of it."""
    mult = repeat_multiplier(np.arange(brief.max_posts + 1), brief.extra_post_factor)
    results = mult[posts] * cands[metric].to_numpy(float)
    if metric not in PEOPLE_METRICS:
        return results.sum(axis=1)
    where = cells(cands, brief)
    missed = np.ones((len(posts), len(where.pools)))
    for row, cell, share in zip(where.row, where.cell, where.share, strict=True):
        missed[:, cell] *= np.maximum(0.0, 1 - results[:, row] * share / where.pools[cell])
    return (where.pools * (1 - missed)).sum(axis=1)


class Enumeration:
    """Every choice of 0..k posts per candidate: its metric, its least budget, its rules."""

    def __init__(self, cands: pd.DataFrame, brief: Brief, metric: str):
        k, n = brief.max_posts, len(cands)
        self.posts = np.indices((k + 1,) * n, dtype=np.int64).reshape(n, -1).T
        unit = cands["unit_cost"].to_numpy()
        assert np.all(unit == np.round(unit)), "brute force needs whole-dollar costs"
        unit = unit.astype(np.int64)
        each = spend_each(self.posts, unit, brief)
        spend = each.sum(axis=1)
        self.value = plan_values(self.posts, cands, brief, metric)
        # The least budget that allows the plan: its spend, or more when the cap binds.
        share = pct(brief.max_share_per_influencer)
        largest = each.max(axis=1)
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
