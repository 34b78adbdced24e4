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
        **{
            f"click-through rate: {p}/{f}": fig.value
            for p, cells in cal.CLICK_THROUGH_RATES.items()
            for f, fig in cells.items()
        },
        "click-through rate: other platforms": cal.CLICK_THROUGH_RATE.value,
        **{f"conversion rate of clicks: {t}": f.value for t, f in cal.CONVERSION_RATES.items()},
        "conversion rate of clicks: other tiers": cal.CONVERSION_RATE.value,
        "extra post factor": cal.EXTRA_POST_FACTOR.value,
        "running cost per influencer (USD)": 250.0,
        "spread of a realised rate without engagement_rate_sd (CV)": cal.RATE_CV.value,
        "platform-wide swing (CV)": cal.PLATFORM_SHOCK_CV.value,
        "engagement log-sd in the sample": cal.ENGAGEMENT_LOG_SD.value,
        "highest engagement rate in the sample": cal.ENGAGEMENT_MAX.value,
        **{
            f"audience share in its main country: {t}": fig.value
            for t, fig in cal.AUDIENCE_COUNTRY_SHARE.items()
        },
        **{
            f"people on social media (M): {c}": fig.value for c, fig in cal.COUNTRY_PEOPLE_M.items()
        },
        "people on social media (M): other countries": cal.OTHER_COUNTRY_PEOPLE_M.value,
        "people on social media (M): elsewhere": cal.ELSEWHERE_PEOPLE_M.value,
        "share of social media users who follow influencers": cal.FOLLOW_INFLUENCERS.value,
        "share of influencer followers in one niche": cal.NICHE_SHARE.value,
        **{f"post reach rate from {f:,} followers": r for f, r in cal.REACH_RATE_POST.items()},
        **{f"story reach rate from {f:,} followers": r for f, r in cal.REACH_RATE_STORY.items()},
        **{f"tier band: {t} from (followers)": f for t, f in cal.DEFAULT_TIER_BANDS.items()},
    }
    assert set(rows) == set(expected)
    for name, value in expected.items():
        assert rows[name]["value"] == value, name
    assert len(rows) == 3 + 3 + 3 + 9 + 1 + 5 + 1 + 2 + 2 + 4 + 4 + 5 + 1 + 5 + 1 + 16 + 4


def test_assumptions_are_flagged_and_published_figures_are_not(rows):
    assumed = (
        "click-through rate: other platforms",
        "click-through rate: tiktok/video",
        "conversion rate of clicks: other tiers",
        "conversion rate of clicks: mid",
        "extra post factor",
        "running cost per influencer (USD)",
    )
    sample_spread = ("engagement log-sd in the sample", "highest engagement rate in the sample")
    home = tuple(f"audience share in its main country: {t}" for t in cal.TIERS)
    for name in (*assumed, *sample_spread, *home):
        assert rows[name]["assumption"] is True, name
        assert rows[name]["source"].startswith("Assumption"), name
    for name in (
        "cost factor: video",
        "CPM (USD): tiktok",
        "post reach rate from 0 followers",
        "click-through rate: instagram/story",
        "click-through rate: youtube/video",
        "conversion rate of clicks: nano",
    ):
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


def test_funnel_tables_cover_every_cell_and_grade_every_published_one():
    assert set(cal.CLICK_THROUGH_RATES) == set(cal.PLATFORMS)
    cells = [fig for row in cal.CLICK_THROUGH_RATES.values() for fig in row.values()]
    assert all(set(row) == set(cal.FORMATS) for row in cal.CLICK_THROUGH_RATES.values())
    assert tuple(cal.CONVERSION_RATES) == cal.TIERS
    for fig in [*cells, *cal.CONVERSION_RATES.values()]:
        assert 0 < fig.value < 0.1, fig
        # A published figure names its grade; a cell without one says it is an assumption.
        assert fig.source.startswith("Assumption") if fig.assumption else "(" in fig.source, fig
    assert sum(not f.assumption for f in cells) == 3  # the Reels, story sticker, YouTube figures
    assert [t for t, f in cal.CONVERSION_RATES.items() if f.assumption] == ["mid"]


def test_conversion_rate_falls_as_audiences_grow():
    rates = [cal.CONVERSION_RATES[t].value for t in cal.TIERS]
    assert rates == sorted(rates, reverse=True)
    assert cal.CONVERSION_RATES["nano"].value == 0.0241
    assert cal.CONVERSION_RATES["mega"].value == 0.0091
    assert cal.cvr_figure("celebrity") is cal.CONVERSION_RATE
    assert cal.ctr_figure("twitch", "post") is cal.CLICK_THROUGH_RATE
    assert cal.ctr_figure("instagram", "story").value == 0.035


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
    assert brief.click_through_rate is None and brief.conversion_rate is None  # the tables
    assert brief.ctr("youtube", "video") == cal.CLICK_THROUGH_RATES["youtube"]["video"].value
    assert brief.cvr("micro") == cal.CONVERSION_RATES["micro"].value
    assert brief.extra_post_factor == cal.EXTRA_POST_FACTOR.value
    assert brief.tier_bands == cal.DEFAULT_TIER_BANDS
    assert brief.content_format in cal.FORMATS


def test_audience_country_share_defaults_fall_with_tier():
    assert tuple(cal.AUDIENCE_COUNTRY_SHARE) == cal.TIERS
    shares = [fig.value for fig in cal.AUDIENCE_COUNTRY_SHARE.values()]
    assert all(0 < s <= 1 for s in shares)
    assert shares == sorted(shares, reverse=True)
