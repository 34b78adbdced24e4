"""Forecast formulas: per post, repeats, tiers and plan totals, checked against hand arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from planner import calibration as cal
from planner.brief import Brief
from planner.forecast import (
    per_post,
    plan_rows,
    post_weights,
    repeat_multiplier,
    tiers,
    totals,
)
from planner.roster.schema import validate_roster


def roster(**overrides) -> pd.DataFrame:
    """Six accounts across the reach bands, platforms and countries; columns may be overridden."""
    data = {
        "handle": ["a", "b", "c", "d", "e", "f"],
        "platform": ["instagram", "tiktok", "youtube", "instagram", "tiktok", "youtube"],
        "category": ["beauty", "food", "tech", "beauty", "food", "tech"],
        "audience_country": ["US", "GB", "US", "DE", "US", "FR"],
        "followers": [5_000, 20_000, 50_000, 500_000, 2_000_000, 7_000],
        "engagement_rate": [0.031, 0.07, 0.012, 0.009, 0.035, 0.0213],
        "engagement_rate_sd": [0.01, 0.02, 0.004, 0.003, 0.01, 0.005],
        "reach_rate": [0.4, 0.25, 0.2, 0.23, 0.19, 0.33],
        "fake_follower_share": [0.0] * 6,
        "cost_per_post": [50, 120, 900, 6_000, 12_000, 60],
        "cost_per_story": [60, 140, 1_000, 7_000, 13_000, 70],
        "cost_per_video": [75, 170, 1_300, 8_700, 17_000, 90],
    }
    data.update(overrides)
    return validate_roster(pd.DataFrame(data))


def test_no_fakes_no_targeting_engagement_is_followers_times_rate_exactly():
    r = roster()
    out = per_post(r, Brief())
    expected = r["followers"].to_numpy(float) * r["engagement_rate"].to_numpy(float)
    np.testing.assert_array_equal(out["engagement"].to_numpy(), expected)
    np.testing.assert_array_equal(
        out["reach"].to_numpy(), r["followers"].to_numpy(float) * r["reach_rate"].to_numpy(float)
    )
    # The goal's metric is the value the optimizer maximises; the post format sets the cost.
    np.testing.assert_array_equal(out["value"].to_numpy(), expected)
    np.testing.assert_array_equal(out["unit_cost"].to_numpy(), r["cost_per_post"].to_numpy())


def test_fake_followers_scale_every_metric_down():
    clean = per_post(roster(), Brief())
    half = per_post(roster(fake_follower_share=[0.5] * 6), Brief())
    for metric in ("engagement", "reach", "clicks", "conversions", "emv"):
        np.testing.assert_allclose(half[metric], clean[metric] / 2, rtol=1e-12)
    mixed = per_post(roster(fake_follower_share=[0.0, 0.1, 0.25, 0.5, 0.75, 0.9]), Brief())
    np.testing.assert_allclose(
        mixed["engagement"], clean["engagement"] * [1.0, 0.9, 0.75, 0.5, 0.25, 0.1], rtol=1e-12
    )


def test_country_targeting_counts_the_default_share_inside_the_target_and_nothing_outside():
    clean = per_post(roster(), Brief())
    us = per_post(roster(), Brief(countries=["US"]))
    inside = us["audience_country"].eq("US").to_numpy()
    assert list(us.loc[inside, "handle"]) == ["a", "c", "e"]
    # No audience_country_share column: the assumed share of a nano, micro and mega account.
    share = [cal.AUDIENCE_COUNTRY_SHARE[t].value for t in ("nano", "micro", "mega")]
    assert share == [0.7, 0.6, 0.4]
    for metric in ("engagement", "reach", "clicks", "conversions", "emv", "value"):
        np.testing.assert_array_equal(us.loc[~inside, metric], 0.0)
        np.testing.assert_allclose(us.loc[inside, metric], clean.loc[inside, metric] * share)
    assert us.loc[us["handle"] == "a", "engagement"].item() == pytest.approx(5_000 * 0.031 * 0.7)
    both = per_post(roster(), Brief(countries=["GB", "FR"]))
    assert list(both.loc[both["engagement"] > 0, "handle"]) == ["b", "f"]


def test_country_targeting_counts_only_the_audience_share_in_the_main_country():
    shares = [0.62, 0.5, 0.25, 1.0, 0.8, 0.3]
    given = roster(audience_country_share=shares)
    us = per_post(given, Brief(countries=["US"])).set_index("handle")
    assert us.loc["a", "engagement"] == pytest.approx(5_000 * 0.031 * 0.62)  # 96.1
    assert us.loc["c", "reach"] == pytest.approx(50_000 * 0.2 * 0.25)  # 2,500
    assert us.loc["e", "engagement"] == pytest.approx(2_000_000 * 0.035 * 0.8)  # 56,000
    assert (us.loc[["b", "d", "f"], "engagement"] == 0).all()
    # Targeting every main country still leaves out the rest of each audience.
    every = per_post(given, Brief(countries=["US", "GB", "DE", "FR"]))
    np.testing.assert_allclose(
        every["engagement"], given["followers"] * given["engagement_rate"] * shares
    )
    # With no country targeted the whole audience counts, whatever the share.
    untargeted = per_post(given, Brief())
    np.testing.assert_array_equal(
        untargeted["engagement"],
        given["followers"].to_numpy(float) * given["engagement_rate"].to_numpy(float),
    )


def test_unknown_audience_country_counts_only_without_targeting():
    r = roster(audience_country=["US", "", "US", "", "US", "FR"])
    assert (per_post(r, Brief())["engagement"] > 0).all()
    targeted = per_post(r, Brief(countries=["US", "FR"]))
    assert list(targeted.loc[targeted["engagement"] == 0, "handle"]) == ["b", "d"]


@pytest.mark.parametrize(
    ("followers", "floor"),
    [(5_000, 0), (19_999, 0), (20_000, 20_000), (50_000, 20_000), (500_000, 100_000),
     (999_999, 100_000), (1_000_000, 1_000_000), (2_000_000, 1_000_000)],
)  # fmt: skip
def test_story_scales_reach_by_minter_story_to_post_ratio_of_the_band(followers, floor):
    r = roster(followers=[followers] * 6)
    post = per_post(r, Brief())
    story = per_post(r, Brief(content_format="story"))
    ratio = cal.REACH_RATE_STORY[floor] / cal.REACH_RATE_POST[floor]
    for metric in ("engagement", "reach", "emv"):
        np.testing.assert_allclose(story[metric], post[metric] * ratio, rtol=1e-12)
    # A story's link sticker has its own click-through rate (Instagram 3.5% against 1.8%).
    ig = story["platform"].eq("instagram").to_numpy()
    np.testing.assert_allclose(story.loc[ig, "clicks"], story.loc[ig, "reach"] * 0.035)
    np.testing.assert_allclose(post.loc[ig, "clicks"], post.loc[ig, "reach"] * 0.018)
    np.testing.assert_array_equal(story["unit_cost"], r["cost_per_story"])


def test_video_keeps_post_reach_and_costs_the_video_rate():
    r = roster()
    post, video = per_post(r, Brief()), per_post(r, Brief(content_format="video"))
    np.testing.assert_array_equal(video["reach"], post["reach"])
    np.testing.assert_array_equal(video["engagement"], post["engagement"])
    np.testing.assert_array_equal(video["unit_cost"], r["cost_per_video"])


def test_clicks_by_platform_and_format_and_conversions_by_tier_from_the_tables():
    out = per_post(roster(), Brief()).set_index("handle")
    # reach 2,000 / 5,000 / 10,000 / 115,000 / 380,000 / 2,310 on instagram tiktok youtube
    # instagram tiktok youtube; tiers nano micro micro macro mega nano. CTR of a post:
    # 1.8% Instagram, 1.0% TikTok, 1.55% YouTube.
    np.testing.assert_allclose(out["clicks"], [36, 50, 155, 2_070, 3_800, 35.805], rtol=1e-12)
    np.testing.assert_allclose(
        out["conversions"],
        [36 * 0.0241, 50 * 0.0218, 155 * 0.0218, 2_070 * 0.0142, 3_800 * 0.0091, 35.805 * 0.0241],
        rtol=1e-12,
    )


def test_clicks_and_conversions_follow_the_brief_overrides():
    brief = Brief(click_through_rates={"tiktok/post": 0.04}, conversion_rates={"mega": 0.05})
    out = per_post(roster(), brief).set_index("handle")
    np.testing.assert_allclose(out["clicks"], [36, 200, 155, 2_070, 15_200, 35.805], rtol=1e-12)
    assert out.loc["e", "conversions"] == pytest.approx(15_200 * 0.05, rel=1e-12)
    assert out.loc["b", "conversions"] == pytest.approx(200 * 0.0218, rel=1e-12)
    # One rate for all (a brief from before the tables) applies wherever no cell is set.
    old = per_post(roster(), Brief(click_through_rate=0.02, conversion_rate=0.05))
    np.testing.assert_allclose(old["clicks"], old["reach"] * 0.02, rtol=1e-12)
    np.testing.assert_allclose(old["conversions"], old["clicks"] * 0.05, rtol=1e-12)


def test_category_fit_scales_every_goal_but_not_earned_media_value():
    plain = per_post(roster(), Brief()).set_index("handle")
    fit = per_post(roster(), Brief(category_fit={"beauty": 0.5, "food": 0})).set_index("handle")
    # a, d beauty (x 0.5); b, e food (x 0); c, f tech, not named (x 1).
    np.testing.assert_allclose(fit["engagement"], [77.5, 0, 600, 2_250, 0, 149.1], rtol=1e-12)
    np.testing.assert_allclose(fit["reach"], [1_000, 0, 10_000, 57_500, 0, 2_310], rtol=1e-12)
    np.testing.assert_allclose(fit["clicks"], [18, 0, 155, 1_035, 0, 35.805], rtol=1e-12)
    np.testing.assert_allclose(fit["conversions"], plain["conversions"] * [0.5, 0, 1, 0.5, 0, 1])
    np.testing.assert_array_equal(fit["emv"], plain["emv"])
    assert fit.loc["a", "emv"] == pytest.approx(2_000 * 10 / 1000)


def test_earned_media_value_uses_the_platform_cpm():
    out = per_post(roster(), Brief())
    cpm = out["platform"].map({"instagram": 10.0, "tiktok": 5.0, "youtube": 20.0})
    np.testing.assert_allclose(out["emv"], out["reach"] * cpm / 1000, rtol=1e-12)
    for platform, figure in cal.CPM_USD.items():
        rows = out[out["platform"] == platform]
        np.testing.assert_allclose(rows["emv"], rows["reach"] * figure.value / 1000, rtol=1e-12)


def test_unknown_platform_gets_the_instagram_cpm():
    out = per_post(roster(platform=["twitch"] * 6), Brief())
    np.testing.assert_allclose(out["emv"], out["reach"] * cal.CPM_USD["instagram"].value / 1000)


@pytest.mark.parametrize(
    ("goal", "metric"),
    [("engagement", "engagement"), ("reach", "reach"), ("clicks", "clicks"),
     ("conversions", "conversions")],
)  # fmt: skip
def test_value_is_the_goal_metric(goal, metric):
    out = per_post(roster(), Brief(goal=goal))
    np.testing.assert_array_equal(out["value"], out[metric])


def test_repeat_multiplier_is_the_geometric_sum():
    np.testing.assert_allclose(
        repeat_multiplier(np.array([0, 1, 2, 3, 4]), 0.7),
        [0.0, 1.0, 1.7, 1.7 + 0.49, 1.7 + 0.49 + 0.343],
        rtol=1e-12,
    )
    np.testing.assert_array_equal(repeat_multiplier(np.array([1, 2, 5]), 1.0), [1.0, 2.0, 5.0])
    np.testing.assert_array_equal(repeat_multiplier(np.array([1, 2, 5]), 0.0), [1.0, 1.0, 1.0])
    np.testing.assert_allclose(post_weights(4, 0.7), [1.0, 0.7, 0.49, 0.343], rtol=1e-12)
    for f in (0.0, 0.3, 0.7, 1.0):
        for n in range(1, 11):
            assert repeat_multiplier(np.array([n]), f)[0] == pytest.approx(
                post_weights(n, f).sum(), rel=1e-12
            )


def test_plan_rows_multiply_cost_by_posts_and_results_by_the_repeat_sum():
    brief = Brief(max_posts=3, extra_post_factor=0.5, cost_per_influencer=75)
    cands = per_post(roster(), brief)
    posts = pd.Series({0: 1, 2: 3, 4: 2})
    rows = plan_rows(cands, posts, brief).sort_index()
    assert list(rows["handle"]) == ["a", "c", "e"]
    assert list(rows["posts"]) == [1, 3, 2]
    mult = np.array([1.0, 1.75, 1.5])
    fee = cands.loc[[0, 2, 4], "unit_cost"] * [1, 3, 2]
    np.testing.assert_array_equal(rows["fee"], fee)
    np.testing.assert_array_equal(rows["running_cost"], [75.0, 75.0, 75.0])  # once each
    np.testing.assert_array_equal(rows["cost"], fee + 75)
    for metric in ("engagement", "reach", "clicks", "conversions", "emv"):
        np.testing.assert_allclose(
            rows[f"expected_{metric}"], cands.loc[[0, 2, 4], metric] * mult, rtol=1e-12
        )


def test_tiers_default_bands_lower_bound_inclusive():
    followers = pd.Series([1, 9_999, 10_000, 99_999, 100_000, 499_999, 500_000, 1_000_000, 5e7])
    got = tiers(followers, cal.DEFAULT_TIER_BANDS)
    assert list(got.astype(str)) == [
        "nano", "nano", "micro", "micro", "mid", "mid", "macro", "mega", "mega",
    ]  # fmt: skip
    assert list(got.cat.categories) == list(cal.DEFAULT_TIER_BANDS)


def test_tiers_custom_bands_move_an_account_to_another_tier():
    followers = pd.Series([7_000, 4_999, 5_000, 60_000])
    custom = {"nano": 0, "micro": 5_000, "mid": 50_000, "macro": 500_000, "mega": 1_000_000}
    assert tiers(followers, cal.DEFAULT_TIER_BANDS).astype(str).tolist()[0] == "nano"
    assert tiers(followers, custom).astype(str).tolist() == ["micro", "nano", "micro", "mid"]
    two = tiers(followers, {"small": 0, "big": 6_000})
    assert two.astype(str).tolist() == ["big", "small", "small", "big"]


def test_per_post_tier_uses_the_brief_bands():
    custom = {"nano": 0, "micro": 5_000, "mid": 50_000, "macro": 500_000, "mega": 1_000_000}
    default = per_post(roster(), Brief()).set_index("handle")["tier"]
    moved = per_post(roster(), Brief(tier_bands=custom)).set_index("handle")["tier"]
    assert default["f"] == "nano"  # 7k followers
    assert moved["f"] == "micro"
    assert default["c"] == "micro"  # 50k followers
    assert moved["c"] == "mid"


def plan_of(brief: Brief, posts: dict[int, int], **overrides) -> pd.DataFrame:
    return plan_rows(per_post(roster(**overrides), brief), pd.Series(posts), brief)


def test_totals_unit_costs_and_band():
    brief = Brief(budget=30_000, max_posts=2)
    rows = plan_of(brief, {0: 2, 1: 1, 3: 1, 5: 2})
    t = totals(rows, brief)
    for metric in ("engagement", "emv"):  # events and value: summed
        assert t[metric] == pytest.approx(rows[f"expected_{metric}"].sum(), rel=1e-12)
    assert t["gross_reach"] == pytest.approx(rows["expected_reach"].sum(), rel=1e-12)
    assert t["reach"] < t["gross_reach"]  # some of the audiences overlap
    assert t["frequency"] == pytest.approx(t["gross_reach"] / t["reach"], rel=1e-12)
    assert t["cpm"] == pytest.approx(1000 * t["cost"] / t["gross_reach"], rel=1e-12)
    # Fees, and the default running cost ($250) once per influencer.
    assert t["cost"] == 2 * 50 + 120 + 6_000 + 2 * 60 + 4 * 250
    assert t["running_cost"] == 4 * 250
    assert t["budget"] == 30_000
    assert t["influencers"] == 4
    assert t["posts"] == 6
    assert t["cost_per_engagement"] == pytest.approx(t["cost"] / t["engagement"], rel=1e-12)
    assert t["emv_per_dollar"] == pytest.approx(t["emv"] / t["cost"], rel=1e-12)


def test_totals_of_an_empty_plan_has_no_unit_costs():
    brief = Brief()
    t = totals(plan_of(brief, {0: 0})[lambda r: r["posts"] > 0], brief)
    assert t["cost"] == 0 and t["influencers"] == 0 and t["posts"] == 0
    assert math.isnan(t["cost_per_engagement"])
    assert math.isnan(t["cpm"])
    assert math.isnan(t["emv_per_dollar"])


def test_totals_count_people_once_in_each_audience_cell():
    """Two US beauty audiences in a pool of 1M overlap at random: N (1 - (1 - a/N)(1 - e/N))."""
    pools = {"US/beauty": 1_000_000, "US/tech": 300_000}
    brief = Brief(budget=50_000, countries=["US"], audience_pools=pools)
    niches = ["beauty", "food", "tech", "beauty", "beauty", "tech"]
    rows = plan_of(brief, {0: 1, 2: 1, 4: 1}, category=niches)
    cell = rows["audience_country"] + "/" + rows["category"]
    t = totals(rows, brief)
    for metric in ("reach", "clicks", "conversions"):
        r = rows[f"expected_{metric}"].to_numpy(float)
        beauty, tech = r[(cell == "US/beauty").to_numpy()], r[(cell == "US/tech").to_numpy()]
        assert len(beauty) == 2 and len(tech) == 1
        n = pools["US/beauty"]
        people = n * (1 - (1 - beauty[0] / n) * (1 - beauty[1] / n)) + tech[0]
        assert t[metric] == pytest.approx(people, rel=1e-9)
        assert t[metric] < r.sum()
    # Each influencer's people: its cell's people split in proportion to its reach there.
    reach, people = rows["expected_reach"], rows["expected_people"]
    beauty = (cell == "US/beauty").to_numpy()
    n = pools["US/beauty"]
    cell_people = n * (1 - np.prod(1 - reach[beauty] / n))
    assert people[beauty].tolist() == pytest.approx(
        (reach[beauty] * cell_people / reach[beauty].sum()).tolist(), rel=1e-9
    )
    assert people[~beauty].tolist() == pytest.approx(reach[~beauty].tolist(), rel=1e-12)
    assert people.sum() == pytest.approx(t["reach"], rel=1e-12)
