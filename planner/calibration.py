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

# Click-through rate (link clicks per person reached) by platform and format: the placement
# each allows (link in bio, story link sticker, YouTube description). Grade C: vendor blogs.
_BIO = "creatorlanehq glossary: link in bio from Reels 1-3%, median 1.8% (grade C)"
_YT = "influencerfee.com: YouTube description link 0.3-2.8% by niche, midpoint (grade C)"
_NO_TIKTOK = (
    "Assumption: no published TikTok figure; the low end of the link-in-bio range (1%): "
    "most views come from the For You feed, whose viewers seldom open the profile"
)
CLICK_THROUGH_RATES = {
    "instagram": {
        "post": Figure(0.018, "Assumption: the link in bio as measured from Reels, 1.8%", True),
        "story": Figure(0.035, "creatorlanehq glossary: story link sticker 2-5%, midpoint (C)"),
        "video": Figure(0.018, _BIO),
    },
    "tiktok": {fmt: Figure(0.01, _NO_TIKTOK, True) for fmt in FORMATS},
    "youtube": {
        "post": Figure(0.0155, "Assumption: a community post's link as a description link", True),
        "story": Figure(0.0155, "Assumption: no published figure; as a description link", True),
        "video": Figure(0.0155, _YT),
    },
}
# A platform the table has no row for (a roster may hold others).
CLICK_THROUGH_RATE = Figure(
    0.015, "Assumption: a platform with no published figure (1-3% is the range seen)", True
)
# Conversion rate (purchases per click) by tier: trust falls as audiences grow.
_CVR = "lookfluence citing Digital Applied (grade C)"
CONVERSION_RATES = {
    "nano": Figure(0.0241, _CVR),
    "micro": Figure(0.0218, _CVR),
    "mid": Figure(0.018, "Assumption: no published figure; midway between micro and macro", True),
    "macro": Figure(0.0142, _CVR),
    "mega": Figure(0.0091, _CVR),
}
# A tier name of the brief's tier_bands with no figure above.
CONVERSION_RATE = Figure(0.02, "Assumption: purchases per click for a tier with no figure", True)
EXTRA_POST_FACTOR = Figure(
    0.7,
    "Assumption: each further post by the same influencer is worth 70% of the one before "
    "(same audience, diminishing novelty)",
    True,
)

# The brand's own cost of running a campaign: not in the forecast, but in the plan's cost.
# The outcome's spread (planner.simulate). No published figure for either: assumptions.
RATE_CV = Figure(
    0.35,
    "Assumption: an influencer's realised rate varies around its expected rate with this "
    "coefficient of variation where the roster has no engagement_rate_sd (no published "
    "figure for the spread of one creator's posts; the sample's median)",
    True,
)
PLATFORM_SHOCK_CV = Figure(
    0.15,
    "Assumption: a campaign-length swing common to every post on one platform (an algorithm "
    "change), as a coefficient of variation; year on year, brand engagement fell 30% on "
    "Instagram and 50% on TikTok in 2022 (Rival IQ, B)",
    True,
)
COST_PER_INFLUENCER = Figure(
    250.0,
    "Assumption: the brand's own cost per influencer in the plan, USD (outreach, contract, "
    "product sent, management hours); no credible figure for the hours. A full-service cost "
    "model uses $1,000 (Wies et al. 2023, sepoy.net summary, C)",
    True,
)

# Engagement rate per follower per post by platform and tier, used to generate the sample.
# Instagram: HypeAuditor 2023 nano 2.78% (B); HypeAuditor (36k influencers) 20k-1M+
# 1.54-1.62% (B), read as falling from micro to mega; Later 2022, 63M posts, 1.55% (B).
# TikTok: below HypeAuditor 2023's nano 12.6%, which is per view (B), falling to about Rival IQ
# 2023's 4.14% per follower for brand accounts (B) at the top; Influencer Hero gives a median
# of 1.31% per follower (C). YouTube: inside the published 0.54% (Influencer Hero, C) to 1.6%
# (CreatorIQ, mega sponsored, B), and below Instagram in every tier.
ENGAGEMENT_MEDIAN = {
    "instagram": {"nano": 0.0278, "micro": 0.0162, "mid": 0.0159, "macro": 0.0157, "mega": 0.0154},
    "tiktok": {"nano": 0.080, "micro": 0.060, "mid": 0.050, "macro": 0.045, "mega": 0.040},
    "youtube": {"nano": 0.016, "micro": 0.012, "mid": 0.009, "macro": 0.007, "mega": 0.005},
}
ENGAGEMENT_SOURCE = (
    "Instagram: HypeAuditor 2023 nano 2.78%, 20k-1M+ 1.54-1.62% (B); TikTok: between HypeAuditor "
    "2023 nano 12.6% by views and Rival IQ 2023 4.14% (B); YouTube: published 0.54-1.6% (B/C)"
)
# Spread inside one platform x tier (lognormal). A public top-200 Instagram list had a log-sd of
# about 1.4 (ungraded); the 1.0 used before put 104 of the 3,000 sample accounts at 30% or more.
# 0.5 is an assumption that keeps the medians and fewer than 1% of accounts above 20%.
ENGAGEMENT_LOG_SD = Figure(
    0.5,
    "Assumption: log-sd of engagement inside a platform and tier (a top-200 Instagram list: "
    "~1.4, whose tail gave implausible rates)",
    True,
)
# Assumption: no engagement rate in the sample above 35% (draws above are drawn again); HypeAuditor
# already grades more than 6% on Instagram "very high".
ENGAGEMENT_MAX = Figure(0.35, "Assumption: highest engagement rate in the sample", True)

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


# Share of an influencer's audience that lives in its main country (`audience_country`), when
# the roster does not say: no published figure was found, so these are assumptions; bigger
# accounts have more international audiences. The rest of the audience counts as outside
# every targeted country (the roster does not say where it is).
AUDIENCE_COUNTRY_SHARE = {
    "nano": Figure(0.7, "Assumption: nano audience share in its main country", True),
    "micro": Figure(0.6, "Assumption: micro audience share in its main country", True),
    "mid": Figure(0.5, "Assumption: mid audience share in its main country", True),
    "macro": Figure(0.45, "Assumption: macro audience share in its main country", True),
    "mega": Figure(0.4, "Assumption: mega audience share in its main country", True),
}


# People on social media per audience country, in millions: the pools that de-duplicated reach
# counts people in (planner/audience.py). A person is a person across platforms, and only ~1%
# of a platform's users use no other (Kepios analysis of GWI, B), so a country's people are
# taken as its largest platform audience (YouTube's ad reach, DataReportal/Kepios via
# secondary write-ups, grade C; Canada from Vividata's 81% of adults, B). Countries without a
# published figure are assumptions at about 80% of the population on social media.
_DR = "DataReportal/Kepios YouTube ad reach, via secondary write-ups (grade C)"
_POP = "Assumption: about 80% of the population on social media (no figure found)"
COUNTRY_PEOPLE_M = {
    "US": Figure(239.0, f"{_DR}, 2024"),
    "IN": Figure(462.0, f"{_DR}, 2025 (Comscore 456, B)"),
    "BR": Figure(144.0, _DR),
    "ID": Figure(143.0, _DR),
    "MX": Figure(83.9, _DR),
    "DE": Figure(65.6, _DR),
    "GB": Figure(56.2, _DR),
    "FR": Figure(50.0, _DR),
    "AU": Figure(20.9, _DR),
    "JP": Figure(78.6, _DR),
    "ES": Figure(39.0, f"{_DR}, October 2025"),
    "CA": Figure(26.7, "Vividata 2024 survey: 81% of ~33M adults on YouTube (grade B)"),
    "IT": Figure(47.0, _POP, True),
    "NL": Figure(14.5, _POP, True),
    "PL": Figure(29.5, _POP, True),
    "SE": Figure(8.5, _POP, True),
}
OTHER_COUNTRY_PEOPLE_M = Figure(
    20.0, "Assumption: people on social media in a country without a figure here", True
)
# The part of each audience outside its main country, when no country is targeted, is one
# pool of the rest of the world (5.24 billion social media user identities, DataReportal
# Digital 2025, less the countries above, read as people).
ELSEWHERE_PEOPLE_M = Figure(
    3_800.0,
    "Assumption: people on social media outside the countries above (DataReportal Digital "
    "2025: 5.24 billion user identities worldwide, grade C)",
    True,
)
FOLLOW_INFLUENCERS = Figure(
    0.22, "Share of social media users who follow influencers (Digital 2025 / GWI, grade B)"
)
NICHE_SHARE = Figure(
    0.1,
    "Assumption: share of a country's influencer followers who follow a given niche (no "
    "published niche-interest shares were found); set audience_pools in the brief to change it",
    True,
)


def reach_rate(followers: float, fmt: str) -> float:
    """Median reach rate of one post (or story) for an account of this size."""
    table = REACH_RATE_STORY if fmt == "story" else REACH_RATE_POST
    rate = table[0]
    for floor, value in table.items():
        if followers >= floor:
            rate = value
    return rate


def ctr_figure(platform: str, fmt: str) -> Figure:
    """The published (or assumed) click-through rate of this platform and format."""
    return CLICK_THROUGH_RATES.get(platform, {}).get(fmt, CLICK_THROUGH_RATE)


def cvr_figure(tier: str) -> Figure:
    """The published (or assumed) conversion rate of clicks for this tier."""
    return CONVERSION_RATES.get(tier, CONVERSION_RATE)


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
    for platform, cells in CLICK_THROUGH_RATES.items():
        for fmt, fig in cells.items():
            add(f"click-through rate: {platform}/{fmt}", fig)
    add("click-through rate: other platforms", CLICK_THROUGH_RATE)
    for tier, fig in CONVERSION_RATES.items():
        add(f"conversion rate of clicks: {tier}", fig)
    add("conversion rate of clicks: other tiers", CONVERSION_RATE)
    add("extra post factor", EXTRA_POST_FACTOR)
    add("running cost per influencer (USD)", COST_PER_INFLUENCER)
    add("spread of a realised rate without engagement_rate_sd (CV)", RATE_CV)
    add("platform-wide swing (CV)", PLATFORM_SHOCK_CV)
    add("engagement log-sd in the sample", ENGAGEMENT_LOG_SD)
    add("highest engagement rate in the sample", ENGAGEMENT_MAX)
    for tier, fig in AUDIENCE_COUNTRY_SHARE.items():
        add(f"audience share in its main country: {tier}", fig)
    for country, fig in COUNTRY_PEOPLE_M.items():
        add(f"people on social media (M): {country}", fig)
    add("people on social media (M): other countries", OTHER_COUNTRY_PEOPLE_M)
    add("people on social media (M): elsewhere", ELSEWHERE_PEOPLE_M)
    add("share of social media users who follow influencers", FOLLOW_INFLUENCERS)
    add("share of influencer followers in one niche", NICHE_SHARE)
    for floor, rate in REACH_RATE_POST.items():
        add(f"post reach rate from {floor:,} followers", Figure(rate, REACH_RATE_SOURCE))
    for floor, rate in REACH_RATE_STORY.items():
        add(f"story reach rate from {floor:,} followers", Figure(rate, REACH_RATE_SOURCE))
    for tier, floor in DEFAULT_TIER_BANDS.items():
        add(f"tier band: {tier} from (followers)", Figure(floor, TIER_BANDS_SOURCE, True))
    return rows
