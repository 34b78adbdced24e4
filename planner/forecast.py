"""Expected results of one post, of one influencer and of a whole plan.

Formulas (per post of the brief's format, before repeats):
    real followers = followers x (1 - fake_follower_share)
    in target      = audience_country_share if the audience country is targeted, else 0 (the
                     rest of the audience counts as outside every target); 1 if none is
    views factor   = story reach / post reach for stories (Minter.io), 1 for posts and videos
    fit            = the brief's category_fit of the niche: the share of it that cares about
                     the product (1 for a niche it does not name)
    engagement     = real followers x engagement_rate x views factor x in target x fit
    reach          = real followers x reach_rate x views factor x in target x fit
    clicks         = reach x click-through rate of the platform and format (link in bio,
                     story link sticker, YouTube description: creatorlanehq, influencerfee.com)
    conversions    = clicks x conversion rate of the tier (trust falls as audiences grow:
                     lookfluence citing Digital Applied)
    earned media   = reach before fit x platform CPM / 1000 (MightyScout), impressions taken
                     as reach: what the impressions would cost as ads, whoever cares
The brief may override each rate (click_through_rates, conversion_rates), or set one for all
(click_through_rate, conversion_rate); a cell without a published figure is an assumption.
An influencer's k-th post is worth extra_post_factor^(k-1) of the first (assumption).
A plan's reach, clicks and conversions count people once within each audience cell
(planner.audience); its gross_reach sums them per influencer, and frequency is gross ÷ people.
An influencer's expected_people is its part of the plan's people: its cells' people split in
proportion to reach there (their sum is the plan's reach).
With no targeting and no fake followers, one post's engagement is followers x engagement_rate.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from planner import calibration as cal
from planner.audience import PEOPLE_METRICS, cells
from planner.brief import Brief, Goal

METRICS = ("engagement", "reach", "clicks", "conversions", "emv")
GOAL_METRIC = {
    Goal.ENGAGEMENT: "engagement",
    Goal.REACH: "reach",
    Goal.CLICKS: "clicks",
    Goal.CONVERSIONS: "conversions",
}


def tiers(followers: pd.Series, bands: dict[str, int]) -> pd.Series:
    """The tier of each follower count under the brief's bands (lower bound inclusive)."""
    names = list(bands)
    idx = np.searchsorted(np.fromiter(bands.values(), float), followers.to_numpy(float), "right")
    return pd.Series(
        pd.Categorical.from_codes(idx - 1, pd.Index(names)), index=followers.index, name="tier"
    )


def _views_factor(followers: pd.Series, fmt: str) -> np.ndarray:
    if fmt != "story":
        return np.ones(len(followers))
    floors = np.fromiter(cal.REACH_RATE_POST, float)
    band = np.searchsorted(floors, followers.to_numpy(float), "right") - 1
    post = np.fromiter(cal.REACH_RATE_POST.values(), float)[band]
    story = np.fromiter(cal.REACH_RATE_STORY.values(), float)[band]
    return story / post


def _by(column: pd.Series, rate: Callable[[str], float]) -> np.ndarray:
    """rate(value) for each row, asked once per distinct value."""
    rates = {value: rate(str(value)) for value in column.unique()}
    return column.map(rates).to_numpy(float)


def per_post(roster: pd.DataFrame, brief: Brief) -> pd.DataFrame:
    """The roster with tier, unit cost and the expected result of one post, per metric."""
    out = roster.copy()
    out["tier"] = tiers(out["followers"], brief.tier_bands)
    out["unit_cost"] = out[f"cost_per_{brief.content_format}"].astype(float)
    targeted = out["audience_country"].isin(brief.countries).to_numpy(float)
    share = out["audience_country_share"].to_numpy(float)
    in_target = targeted * share if brief.countries else 1.0
    real = out["followers"].to_numpy(float) * (1 - out["fake_follower_share"].to_numpy(float))
    seen = real * _views_factor(out["followers"], brief.content_format) * in_target
    seen_reach = seen * out["reach_rate"].to_numpy(float)
    cared = seen * _by(out["category"], brief.fit)
    out["engagement"] = cared * out["engagement_rate"].to_numpy(float)
    out["reach"] = cared * out["reach_rate"].to_numpy(float)
    ctr = _by(out["platform"], lambda p: brief.ctr(p, brief.content_format))
    out["clicks"] = out["reach"] * ctr
    out["conversions"] = out["clicks"] * _by(out["tier"], brief.cvr)
    cpm = out["platform"].map({p: f.value for p, f in cal.CPM_USD.items()}).astype(float)
    out["emv"] = seen_reach * cpm.fillna(cal.CPM_USD["instagram"].value).to_numpy() / 1000
    out["value"] = out[GOAL_METRIC[brief.goal]]
    return out


def post_weights(max_posts: int, factor: float) -> np.ndarray:
    """Worth of the 1st, 2nd, ... post of one influencer relative to the first."""
    return factor ** np.arange(max_posts)


def repeat_multiplier(posts: np.ndarray, factor: float) -> np.ndarray:
    """Total worth of n posts relative to one: 1 + f + ... + f^(n-1)."""
    posts = np.asarray(posts, float)
    if factor == 1:
        return posts
    return (1 - factor**posts) / (1 - factor)


def plan_rows(cands: pd.DataFrame, posts: pd.Series, brief: Brief) -> pd.DataFrame:
    """The chosen influencers with their posts, cost (fee + running cost) and expected
    results."""
    rows = cands.loc[posts.index].copy()
    rows["posts"] = posts.astype(int)
    mult = repeat_multiplier(rows["posts"].to_numpy(), brief.extra_post_factor)
    rows["fee"] = rows["unit_cost"] * rows["posts"]
    rows["running_cost"] = float(brief.cost_per_influencer)  # the brand's own, per influencer
    rows["cost"] = rows["fee"] + rows["running_cost"]
    for metric in METRICS:
        rows[f"expected_{metric}"] = rows[metric] * mult
    rows["expected_people"] = cells(rows, brief).people_by_row(rows["expected_reach"].to_numpy())
    return rows.sort_values(
        ["tier", "expected_" + GOAL_METRIC[brief.goal]], ascending=[False, False]
    )


def people_totals(rows: pd.DataFrame, brief: Brief) -> dict[str, float]:
    """The people metrics counted once across the plan's audiences, the gross reach (summed
    over influencers) and the frequency (gross reach per person reached)."""
    where, gross = cells(rows, brief), float(rows["expected_reach"].sum())
    t = {m: where.people(rows[f"expected_{m}"].to_numpy(float)) for m in PEOPLE_METRICS}
    frequency = gross / t["reach"] if t["reach"] else float("nan")
    return {**t, "gross_reach": gross, "frequency": frequency}


def totals(rows: pd.DataFrame, brief: Brief) -> dict[str, float]:
    """Plan totals (people counted once) and unit costs. The spread of the outcome is the
    plan's `band` (planner.simulate), drawn when asked for."""
    t = {m: float(rows[f"expected_{m}"].sum()) for m in METRICS}
    t.update(people_totals(rows, brief))
    gross_reach = t["gross_reach"]
    cost = float(rows["cost"].sum())
    t.update(
        cost=cost,
        running_cost=float(rows["running_cost"].sum()),
        budget=brief.budget,
        influencers=len(rows),
        posts=int(rows["posts"].sum()),
        cost_per_engagement=cost / t["engagement"] if t["engagement"] else float("nan"),
        cpm=1000 * cost / gross_reach if gross_reach else float("nan"),
        emv_per_dollar=t["emv"] / cost if cost else float("nan"),
    )
    return t
