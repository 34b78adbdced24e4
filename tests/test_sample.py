"""The synthetic roster: deterministic, well-formed, and shaped like the published figures."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner import calibration as cal
from planner.roster.sample import COLUMNS, generate_roster, write_roster

COMMITTED = Path(__file__).resolve().parents[1] / "data" / "influencers.csv"


def tier_of(followers: pd.Series) -> pd.Series:
    """Tier name by the default bands (lower bound inclusive)."""
    floors = np.array([cal.DEFAULT_TIER_BANDS[t] for t in cal.TIERS])
    idx = np.searchsorted(floors, followers.to_numpy(), side="right") - 1
    return pd.Series(np.array(cal.TIERS)[idx], index=followers.index)


@pytest.fixture(scope="module")
def roster() -> pd.DataFrame:
    df = generate_roster(3000, 7)
    return df.assign(tier=tier_of(df["followers"]))


def test_same_seed_same_roster_and_csv(tmp_path: Path) -> None:
    a, b = generate_roster(3000, 7), generate_roster(3000, 7)
    pd.testing.assert_frame_equal(a, b)
    write_roster(a, tmp_path / "a.csv")
    write_roster(b, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_different_seed_different_roster() -> None:
    a, b = generate_roster(3000, 7), generate_roster(3000, 8)
    assert not a["handle"].equals(b["handle"])
    assert not a["followers"].equals(b["followers"])
    assert (a["cost_per_post"] != b["cost_per_post"]).mean() > 0.9


def test_handles_unique_and_fast_at_200k() -> None:
    start = time.perf_counter()
    big = generate_roster(200_000, 7)
    elapsed = time.perf_counter() - start
    assert len(big) == 200_000
    assert big["handle"].is_unique
    assert big["handle"].str.fullmatch(r"[a-z]+_[a-z]+_\d{4}").all()
    assert elapsed < 5.0, f"200k rows took {elapsed:.2f}s"


def test_columns_and_dtypes(roster: pd.DataFrame) -> None:
    df = generate_roster(3000, 7)
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == 3000
    for col in ("handle", "name", "platform", "category", "audience_country"):
        assert pd.api.types.is_string_dtype(df[col]), col
    for col in ("followers", "cost_per_post", "cost_per_story", "cost_per_video"):
        assert pd.api.types.is_integer_dtype(df[col]), col
    shares = ("engagement_rate", "engagement_rate_sd", "fake_follower_share", "reach_rate")
    for col in (*shares, "audience_country_share"):
        assert pd.api.types.is_float_dtype(df[col]), col
    assert not df.isna().any().any()


def test_ranges(roster: pd.DataFrame) -> None:
    assert (roster["followers"] >= 1_000).all()
    assert roster["followers"].max() < 50_000_000
    assert ((roster["engagement_rate"] >= 0.0005) & (roster["engagement_rate"] <= 0.35)).all()
    assert ((roster["audience_country_share"] > 0) & (roster["audience_country_share"] <= 1)).all()
    assert (roster["engagement_rate_sd"] > 0).all()
    for col in ("cost_per_post", "cost_per_story", "cost_per_video"):
        assert (roster[col] >= 5).all(), col
    assert roster["fake_follower_share"].between(0, 0.9).all()
    assert ((roster["reach_rate"] > 0.01) & (roster["reach_rate"] <= 1)).all()
    # Formats cost more than a photo post on average (HypeAuditor: +10-20%, +40-50%).
    ratio_story = (roster["cost_per_story"] / roster["cost_per_post"]).median()
    ratio_video = (roster["cost_per_video"] / roster["cost_per_post"]).median()
    assert 1.05 < ratio_story < 1.25
    assert 1.35 < ratio_video < 1.55


def test_coverage_at_3000(roster: pd.DataFrame) -> None:
    assert (roster["followers"] > 500_000).sum() >= 150
    assert set(roster["tier"]) == set(cal.TIERS)
    assert set(roster["platform"]) == set(cal.PLATFORMS)
    assert roster["category"].nunique() >= 8
    assert roster["audience_country"].nunique() >= 10
    assert roster["audience_country"].str.fullmatch(r"[A-Z]{2}").all()
    shares = roster["platform"].value_counts(normalize=True)
    assert shares["instagram"] == pytest.approx(0.45, abs=0.03)
    assert shares["tiktok"] == pytest.approx(0.35, abs=0.03)
    assert shares["youtube"] == pytest.approx(0.20, abs=0.03)


def test_engagement_falls_with_size(roster: pd.DataFrame) -> None:
    ig = roster[roster["platform"] == "instagram"]
    med = ig.groupby("tier")["engagement_rate"].median()
    assert med["nano"] > med["micro"] > med["mega"]
    # Inside one tier too: the bigger half of Instagram nano engages less than the smaller half.
    nano = ig[ig["tier"] == "nano"]
    big = nano["followers"] > nano["followers"].median()
    assert nano.loc[big, "engagement_rate"].median() < nano.loc[~big, "engagement_rate"].median()


def test_tiktok_engages_more_than_instagram_and_youtube(roster: pd.DataFrame) -> None:
    med = roster.groupby("platform")["engagement_rate"].median()
    assert med["tiktok"] > 2 * med["instagram"]
    assert med["instagram"] > med["youtube"]


def test_engagement_has_no_implausible_outliers() -> None:
    for rows in (3000, 200_000):
        rate = generate_roster(rows, 7)["engagement_rate"]
        assert (rate > 0.20).mean() < 0.01, rows
        assert rate.max() <= cal.ENGAGEMENT_MAX.value == 0.35


def test_engagement_medians_follow_the_published_ones_per_platform_and_tier(
    roster: pd.DataFrame,
) -> None:
    med = roster.pivot_table("engagement_rate", "platform", "tier", aggfunc="median")
    for tier in cal.TIERS:
        assert med.at["tiktok", tier] > med.at["instagram", tier] > med.at["youtube", tier], tier
    # Instagram nano near HypeAuditor 2023's 2.78%, the upper tiers near 1.54-1.62% (both B).
    assert med.at["instagram", "nano"] == pytest.approx(0.0278, rel=0.1)
    for tier in ("micro", "mid", "macro", "mega"):
        assert 0.0135 < med.at["instagram", tier] < 0.018, tier


def test_audience_country_share_follows_the_assumed_default_by_tier(roster: pd.DataFrame) -> None:
    mean = roster.groupby("tier")["audience_country_share"].mean()
    for tier in cal.TIERS:
        assert mean[tier] == pytest.approx(cal.AUDIENCE_COUNTRY_SHARE[tier].value, abs=0.03), tier
    assert mean["nano"] > mean["micro"] > mean["mid"] > mean["mega"]


def test_cost_per_follower_matches_rules_of_thumb(roster: pd.DataFrame) -> None:
    per_1k = roster["cost_per_post"] / roster["followers"] * 1000
    med = per_1k.groupby(roster["platform"]).median()
    # About $10 per 1,000 Instagram followers (InfluencerDB; WebFX $20), TikTok about half or
    # less, YouTube $20-25 per 1,000 subscribers.
    assert 4 < med["instagram"] < 20
    assert med["tiktok"] < med["instagram"] < med["youtube"]
    # Cost varies between accounts of similar size (multiplicative noise).
    ig_micro = per_1k[(roster["platform"] == "instagram") & (roster["tier"] == "micro")]
    assert ig_micro.quantile(0.9) / ig_micro.quantile(0.1) > 2.5
    # ...but bigger accounts still cost more.
    assert np.corrcoef(np.log(roster["followers"]), np.log(roster["cost_per_post"]))[0, 1] > 0.8


def test_fake_share_mean_by_tier(roster: pd.DataFrame) -> None:
    mean = roster.groupby("tier")["fake_follower_share"].mean()
    for tier in ("nano", "micro", "mid"):
        assert mean[tier] == pytest.approx(cal.FAKE_SHARE_MEAN[tier], abs=0.02), tier
    assert roster["fake_follower_share"].std() > 0.08  # wide spread


def test_reach_rate_follows_minter_bands(roster: pd.DataFrame) -> None:
    small = roster.loc[roster["followers"] < 20_000, "reach_rate"].median()
    large = roster.loc[roster["followers"] >= 1_000_000, "reach_rate"].median()
    assert small == pytest.approx(cal.REACH_RATE_POST[0], rel=0.1)
    assert large == pytest.approx(cal.REACH_RATE_POST[1_000_000], rel=0.15)


def test_write_roster_parquet_round_trip(tmp_path: Path) -> None:
    df = generate_roster(200, 3)
    path = write_roster(df, tmp_path / "sub" / "r.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(path), df, check_dtype=False)


def test_committed_csv_is_generated_roster() -> None:
    committed = pd.read_csv(COMMITTED)
    pd.testing.assert_frame_equal(committed, generate_roster(3000, 7), check_dtype=False)
