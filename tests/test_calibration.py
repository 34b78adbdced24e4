"""Every forecast constant has a stated source, assumptions are flagged, and the tables agree with
each other and with the brief's defaults."""

from __future__ import annotations

import pytest

from planner import calibration as cal
from planner.brief import Brief


@pytest.fixture(scope="module")
def rows() -> dict[str, dict]:
    listed = cal.sources()
    names = [r["constant"] for r in listed]
    assert len(names) == len(set(names)), "a constant is listed twice"
    return {r["constant"]: r for r in listed}


def test_every_row_has_a_value_a_source_and_a_flag(rows):
    for name, row in rows.items():
        assert set(row) == {"constant", "value", "source", "assumption"}, name
        assert isinstance(row["source"], str) and row["source"].strip(), name
        assert isinstance(row["value"], int | float), name
        assert isinstance(row["assumption"], bool), name


def test_every_forecast_constant_is_listed(rows):
    expected = {
        **{f"cost factor: {f}": fig.value for f, fig in cal.FORMAT_COST_FACTOR.items()},
        **{f"CPM (USD): {p}": fig.value for p, fig in cal.CPM_USD.items()},
        **{
            f"sample mega cost per 1,000 followers: {p}": fig.value
            for p, fig in cal.COST_PER_1000_FOLLOWERS.items()
        },
        "click-through rate": cal.CLICK_THROUGH_RATE.value,
        "conversion rate": cal.CONVERSION_RATE.value,
        "extra post factor": cal.EXTRA_POST_FACTOR.value,
        "running cost per influencer (USD)": 250.0,
        "most influencers in a plan": 50,
        "engagement log-sd in the sample": cal.ENGAGEMENT_LOG_SD.value,
        **{f"post reach rate from {f:,} followers": r for f, r in cal.REACH_RATE_POST.items()},
        **{f"story reach rate from {f:,} followers": r for f, r in cal.REACH_RATE_STORY.items()},
        **{f"tier band: {t} from (followers)": f for t, f in cal.DEFAULT_TIER_BANDS.items()},
    }
    assert set(rows) == set(expected)
    for name, value in expected.items():
        assert rows[name]["value"] == value, name
    assert len(rows) == 3 + 3 + 3 + 3 + 2 + 1 + 4 + 4 + 5


def test_assumptions_are_flagged_and_published_figures_are_not(rows):
    for name in (
        "click-through rate",
        "conversion rate",
        "extra post factor",
        "running cost per influencer (USD)",
        "most influencers in a plan",
    ):
        assert rows[name]["assumption"] is True, name
        assert rows[name]["source"].startswith("Assumption"), name
    for name in ("cost factor: video", "CPM (USD): tiktok", "post reach rate from 0 followers"):
        assert rows[name]["assumption"] is False, name
        assert "Assumption" not in rows[name]["source"], name
    # Tier bands are the user's to set, so they count as assumptions.
    assert all(r["assumption"] for n, r in rows.items() if n.startswith("tier band"))
    assert rows["post reach rate from 20,000 followers"]["source"] == cal.REACH_RATE_SOURCE


@pytest.mark.parametrize(
    "table", [cal.FORMAT_COST_FACTOR, cal.CPM_USD, cal.COST_PER_1000_FOLLOWERS]
)
def test_figure_tables_carry_sources(table):
    for key, fig in table.items():
        assert isinstance(fig, cal.Figure), key
        assert fig.source.strip(), key
        assert fig.value > 0, key
        assert not fig.assumption, key


def test_tables_cover_every_format_platform_and_tier():
    assert tuple(cal.FORMAT_COST_FACTOR) == cal.FORMATS
    assert cal.FORMAT_COST_FACTOR["post"].value == 1.0
    assert (
        cal.FORMAT_COST_FACTOR["post"].value
        < cal.FORMAT_COST_FACTOR["story"].value
        < cal.FORMAT_COST_FACTOR["video"].value
    )
    assert set(cal.CPM_USD) == set(cal.PLATFORMS) == set(cal.COST_PER_1000_FOLLOWERS)
    assert tuple(cal.DEFAULT_TIER_BANDS) == cal.TIERS
    for platform in cal.PLATFORMS:
        assert set(cal.ENGAGEMENT_MEDIAN[platform]) == set(cal.TIERS)
        for tier, (low, high) in cal.COST_BANDS_USD[platform].items():
            assert 0 < low < high, (platform, tier)
    assert sum(cal.SAMPLE_TIER_SHARE.values()) == pytest.approx(1.0)


def test_reach_tables_share_their_bands():
    # forecast._views_factor looks up story rates by the post table's band index.
    assert list(cal.REACH_RATE_POST) == list(cal.REACH_RATE_STORY)
    assert list(cal.REACH_RATE_POST) == sorted(cal.REACH_RATE_POST)
    assert next(iter(cal.REACH_RATE_POST)) == 0
    for table in (cal.REACH_RATE_POST, cal.REACH_RATE_STORY):
        assert all(0 < r < 1 for r in table.values())
    for floor in cal.REACH_RATE_POST:
        assert cal.REACH_RATE_STORY[floor] < cal.REACH_RATE_POST[floor]


@pytest.mark.parametrize(
    ("followers", "post", "story"),
    [
        (0, 0.377, 0.082),
        (5_000, 0.377, 0.082),
        (19_999, 0.377, 0.082),
        (20_000, 0.229, 0.043),
        (99_999, 0.229, 0.043),
        (100_000, 0.229, 0.041),
        (999_999.5, 0.229, 0.041),
        (1_000_000, 0.191, 0.038),
        (50_000_000, 0.191, 0.038),
    ],
)
def test_reach_rate_by_band(followers, post, story):
    assert cal.reach_rate(followers, "post") == post
    assert cal.reach_rate(followers, "video") == post  # videos use the post table
    assert cal.reach_rate(followers, "story") == story


def test_reach_rate_falls_with_size():
    sizes = [1_000, 10_000, 50_000, 500_000, 5_000_000]
    for fmt in ("post", "story"):
        rates = [cal.reach_rate(s, fmt) for s in sizes]
        assert rates == sorted(rates, reverse=True), fmt


def test_brief_defaults_are_the_calibrated_assumptions():
    brief = Brief()
    assert brief.click_through_rate == cal.CLICK_THROUGH_RATE.value
    assert brief.conversion_rate == cal.CONVERSION_RATE.value
    assert brief.extra_post_factor == cal.EXTRA_POST_FACTOR.value
    assert brief.tier_bands == cal.DEFAULT_TIER_BANDS
    assert brief.content_format in cal.FORMATS
