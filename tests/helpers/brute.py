"""Brute force over small random instances: a random roster and brief (`random_instance`), and
every plan of it with its objective and exact feasibility (`BruteForce`)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from planner import calibration as cal
from planner.brief import Brief, Goal
from planner.forecast import GOAL_METRIC, plan_rows
from tests.helpers.instances import (
    CATEGORIES,
    PLATFORMS,
    SMALL_TIERS,
    mix_rules_hold,
    pct,
    plan_values,
    random_roster,
    random_rules,
    running_and_capacity,
    spend_each,
)


@functools.cache
def random_instance(seed: int) -> tuple[pd.DataFrame, Brief]:
    """A random roster and brief; callers must not modify the roster."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 13))
    roster = random_roster(rng, n)
    max_posts = int(rng.integers(1, 3))
    fmt = str(rng.choice(cal.FORMATS))
    full_cost = roster[f"cost_per_{fmt}"].sum() * max_posts
    handles = roster["handle"].tolist()
    pinned = [str(h) for h in rng.choice(handles, size=int(rng.integers(0, 3)), replace=False)]
    free = [h for h in handles if h not in pinned]
    excluded = [str(rng.choice(free))] if rng.random() < 0.3 else []
    brief = Brief(
        budget=int(full_cost * rng.uniform(0.1, 0.6)) + 1,
        goal=rng.choice(list(Goal)),
        max_posts=max_posts,
        content_format=fmt,
        tier_rules=random_rules(rng, SMALL_TIERS, 2),
        platform_rules=random_rules(rng, PLATFORMS, 1),
        category_rules=random_rules(rng, CATEGORIES, 1),
        pinned=pinned,
        excluded=excluded,
        max_share_per_influencer=(int(rng.integers(20, 61)) / 100 if rng.random() < 0.5 else 1),
        platforms=sorted(rng.choice(PLATFORMS, 2, replace=False)) if rng.random() < 0.25 else [],
        countries=["US", "GB"] if rng.random() < 0.25 else [],
        max_fake_share=0.2 if rng.random() < 0.25 else 1.0,
        extra_post_factor=round(float(rng.uniform(0.3, 1.0)), 2),
        **running_and_capacity(rng),
    )
    return roster, brief


class BruteForce:
    """Every choice of 0..k posts per candidate, with its objective and its exact feasibility."""

    def __init__(self, cands: pd.DataFrame, brief: Brief):
        self.cands, self.brief = cands, brief
        k, n = brief.max_posts, len(cands)
        self.posts = np.indices((k + 1,) * n, dtype=np.int64).reshape(n, -1).T
        unit = cands["unit_cost"].to_numpy()
        assert np.all(unit == np.round(unit)), "brute force needs whole-dollar costs"
        unit = unit.astype(np.int64)
        each = spend_each(self.posts, unit, brief)  # exact integers, running cost included
        spend = each.sum(axis=1)
        self.objective = plan_values(self.posts, cands, brief, GOAL_METRIC[brief.goal])
        chosen = self.posts > 0
        budget = int(brief.budget)
        assert budget == brief.budget
        ok = spend <= budget
        # Per-influencer cap, in hundredths of the budget.
        ok &= np.all(each * 100 <= pct(brief.max_share_per_influencer) * budget, 1)
        pinned = cands["handle"].isin(brief.pinned).to_numpy()
        ok &= np.all(chosen[:, pinned], axis=1)
        assert not cands["handle"].isin(brief.excluded).any()
        ok &= mix_rules_hold(self.posts, unit, cands, brief)
        self.feasible = ok

    def rows(self, index: int) -> pd.DataFrame:
        posts = pd.Series(self.posts[index], index=self.cands.index)
        return plan_rows(self.cands, posts[posts > 0], self.brief)

    def optimum(self) -> float | None:
        if not self.feasible.any():
            return None
        return float(self.objective[self.feasible].max())
