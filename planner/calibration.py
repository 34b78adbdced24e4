"""Published figures behind the sample roster and the forecast, each with its source.

Every number the forecast uses is either here, with the source it came from, or an
`Assumption` that the brief lets the user change. Reports disagree with each other; where
they do, the figure chosen and the range seen are both stated.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A constant, where it comes from, and whether the user may override it."""

    value: float
    source: str
    assumption: bool = False


PLATFORMS = ("instagram", "tiktok", "youtube")
TIERS = ("nano", "micro", "mid", "macro", "mega")
FORMATS = ("post", "story", "video")

# Default tier bands by followers (lower bound inclusive). Writers disagree on "micro"
# (<10k, 10k-100k, 10k-500k), so these are only defaults of the brief's `tier_bands`.
DEFAULT_TIER_BANDS = {
    "nano": 0,
    "micro": 10_000,
    "mid": 100_000,
    "macro": 500_000,
    "mega": 1_000_000,
}
TIER_BANDS_SOURCE = "Common bands (docs/calibration.md: tier bands); Mediakix uses 50k-500k for mid"

# Share of followers who see one post or story, by follower band (Minter.io medians over
# ~3-4M posts). Keys are the lower bound of each band.
REACH_RATE_SOURCE = "Minter.io medians over ~3-4M Instagram posts"
REACH_RATE_POST = {0: 0.377, 20_000: 0.229, 100_000: 0.229, 1_000_000: 0.191}
REACH_RATE_STORY = {0: 0.082, 20_000: 0.043, 100_000: 0.041, 1_000_000: 0.038}

# Cost of a format relative to a photo post (HypeAuditor: video +40-50%, story link +10-20%).
FORMAT_COST_FACTOR = {
    "post": Figure(1.0, "Photo post: the roster's cost_per_post"),
    "story": Figure(1.15, "HypeAuditor: story with link +10-20% over a photo post (midpoint)"),
    "video": Figure(1.45, "HypeAuditor: video +40-50% over a photo post (midpoint)"),
}

# Earned media value = impressions x CPM / 1000 (MightyScout per-platform CPM).
CPM_USD = {
    "instagram": Figure(10.0, "MightyScout: Instagram CPM $10"),
    "tiktok": Figure(5.0, "MightyScout: TikTok CPM $5"),
    "youtube": Figure(20.0, "MightyScout: YouTube CPM $20"),
}

# No credible published click-through or conversion rate was found: these are assumptions.
CLICK_THROUGH_RATE = Figure(
    0.015, "Assumption: link clicks per person reached (docs/calibration.md: 1-3% suggested)", True
)
CONVERSION_RATE = Figure(0.02, "Assumption: purchases per click", True)
EXTRA_POST_FACTOR = Figure(
    0.7,
    "Assumption: each further post by the same influencer is worth 70% of the one before "
    "(same audience, diminishing novelty)",
    True,
)

# The brand's own cost of running a campaign: not in the forecast, but in the plan's cost.
COST_PER_INFLUENCER = Figure(
    250.0,
    "Assumption: the brand's own cost per influencer in the plan, USD (outreach, contract, "
    "product sent, management hours); no credible figure for the hours. A full-service cost "
    "model uses $1,000 (Wies et al. 2023, sepoy.net summary, C)",
    True,
)
MAX_INFLUENCERS = Figure(
    50, "Assumption: one coordinator's campaign capacity, influencers in one plan", True
)

# Engagement rate per post by platform and tier, used to generate the sample roster.
# Instagram medians sit between HypeAuditor 2026 (nano 1.78%, micro 0.54%, mega 0.33%) and
# Markerly 2016 (4%, 2.37%, 1.66%); TikTok runs several times higher per follower
# (HypeAuditor 2023: nano 12.6%); YouTube lower per subscriber (medians ~0.5-1.6%).
ENGAGEMENT_MEDIAN = {
    "instagram": {"nano": 0.030, "micro": 0.015, "mid": 0.011, "macro": 0.009, "mega": 0.007},
    "tiktok": {"nano": 0.100, "micro": 0.070, "mid": 0.055, "macro": 0.045, "mega": 0.035},
    "youtube": {"nano": 0.016, "micro": 0.012, "mid": 0.009, "macro": 0.007, "mega": 0.005},
}
ENGAGEMENT_SOURCE = (
    "Instagram: between HypeAuditor 2026 and Markerly 2016; TikTok: HypeAuditor 2023; "
    "YouTube: published medians 0.5-1.6%"
)
# Spread inside one tier: a public top-200 list had a log standard deviation of about 1.4;
# a lognormal per tier with log-sd 1.0-1.4 is a fair model.
ENGAGEMENT_LOG_SD = Figure(1.0, "Top-200 Instagram list: log-sd ~1.4; lognormal 1.0-1.4")

# Cost per photo post in USD by platform and tier (band low, band high).
COST_BANDS_USD = {
    "instagram": {
        "nano": (10, 100),
        "micro": (100, 500),
        "mid": (500, 5_000),
        "macro": (5_000, 10_000),
        "mega": (10_000, 50_000),
    },
    "tiktok": {
        "nano": (5, 25),
        "micro": (25, 125),
        "mid": (125, 1_250),
        "macro": (1_250, 2_500),
        "mega": (2_500, 15_000),
    },
    "youtube": {
        "nano": (20, 200),
        "micro": (200, 1_000),
        "mid": (1_000, 20_000),
        "macro": (1_000, 20_000),
        "mega": (20_000, 100_000),
    },
}
# Open-ended top band: rules of thumb per 1,000 followers (InfluencerDB ~$10 Instagram, WebFX
# later $20; YouTube $20-25 per 1,000 subscribers; TikTok about half of Instagram).
COST_PER_1000_FOLLOWERS = {
    "instagram": Figure(10.0, "InfluencerDB: ~$10 per 1,000 Instagram followers"),
    "tiktok": Figure(5.0, "About half of Instagram (docs/calibration.md: rules of thumb)"),
    "youtube": Figure(20.0, "$20-25 per 1,000 YouTube subscribers"),
}
COST_SOURCE = "Industry rate cards by platform and tier (docs/calibration.md: cost per post)"

# Fake-follower share: HypeAuditor 2021 found fraud signals in 42% of nano vs 66% of 1M+
# accounts; a US/UK study found the opposite direction, so the spread is wide (beta draws).
FAKE_SHARE_MEAN = {"nano": 0.08, "micro": 0.10, "mid": 0.12, "macro": 0.14, "mega": 0.16}
FAKE_SHARE_SOURCE = "HypeAuditor 2021/2023, Heepsy: trend uncertain, modelled as a wide beta"

# Share of creators by tier (HypeAuditor 2026 via eMarketer: 81.5% nano, 14.4% micro, 0.1%
# over 1M). The sample over-weights the upper tiers so a planner has real choice there.
SAMPLE_TIER_SHARE = {"nano": 0.35, "micro": 0.35, "mid": 0.18, "macro": 0.06, "mega": 0.06}
SAMPLE_TIER_SOURCE = "HypeAuditor 2026 shares, upper tiers over-weighted for choice"


def reach_rate(followers: float, fmt: str) -> float:
    """Median reach rate of one post (or story) for an account of this size."""
    table = REACH_RATE_STORY if fmt == "story" else REACH_RATE_POST
    rate = table[0]
    for floor, value in table.items():
        if followers >= floor:
            rate = value
    return rate


def sources() -> list[dict[str, object]]:
    """Every constant of the forecast with its value, source and whether the user sets it."""
    rows: list[dict[str, object]] = []

    def add(name: str, figure: Figure) -> None:
        rows.append(
            {
                "constant": name,
                "value": figure.value,
                "source": figure.source,
                "assumption": figure.assumption,
            }
        )

    for fmt, fig in FORMAT_COST_FACTOR.items():
        add(f"cost factor: {fmt}", fig)
    for platform, fig in CPM_USD.items():
        add(f"CPM (USD): {platform}", fig)
    for platform, fig in COST_PER_1000_FOLLOWERS.items():
        add(f"sample mega cost per 1,000 followers: {platform}", fig)
    add("click-through rate", CLICK_THROUGH_RATE)
    add("conversion rate", CONVERSION_RATE)
    add("extra post factor", EXTRA_POST_FACTOR)
    add("running cost per influencer (USD)", COST_PER_INFLUENCER)
    add("most influencers in a plan", MAX_INFLUENCERS)
    add("engagement log-sd in the sample", ENGAGEMENT_LOG_SD)
    for floor, rate in REACH_RATE_POST.items():
        add(f"post reach rate from {floor:,} followers", Figure(rate, REACH_RATE_SOURCE))
    for floor, rate in REACH_RATE_STORY.items():
        add(f"story reach rate from {floor:,} followers", Figure(rate, REACH_RATE_SOURCE))
    for tier, floor in DEFAULT_TIER_BANDS.items():
        add(f"tier band: {tier} from (followers)", Figure(floor, TIER_BANDS_SOURCE, True))
    return rows
