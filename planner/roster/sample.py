"""Synthetic influencer roster: invented handles, distributions from published figures.

Every draw is vectorised with numpy and seeded, so the same `(rows, seed)` always gives the
same roster (and a byte-identical CSV). The figures come from `planner.calibration`:

- tier shares: `SAMPLE_TIER_SHARE` (HypeAuditor 2026 via eMarketer, upper tiers over-weighted);
- followers: log-uniform inside `DEFAULT_TIER_BANDS`, a Pareto-like tail above 1M;
- engagement: lognormal around `ENGAGEMENT_MEDIAN` (HypeAuditor 2023, Later 2022, Rival IQ 2023)
  with log-sd `ENGAGEMENT_LOG_SD`, falling with size in a tier, drawn again above
  `ENGAGEMENT_MAX` (both assumptions);
- cost per post: `COST_BANDS_USD` (industry rate cards), formats by `FORMAT_COST_FACTOR`
  (HypeAuditor);
- fake followers: beta around `FAKE_SHARE_MEAN` (HypeAuditor 2021/2023, Heepsy);
- reach: `REACH_RATE_POST` (Minter.io medians over ~3-4M posts);
- audience share in the main country: beta around `AUDIENCE_COUNTRY_SHARE` (an assumption).

Names and handles are made of invented words and numbers; none belongs to a real person.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner import calibration as cal

COLUMNS = (
    "handle",
    "name",
    "platform",
    "category",
    "audience_country",
    "audience_country_share",
    "followers",
    "engagement_rate",
    "engagement_rate_sd",
    "cost_per_post",
    "cost_per_story",
    "cost_per_video",
    "fake_follower_share",
    "reach_rate",
)

# Platform mix of the sample (Instagram-heavy, as the cost and engagement figures are).
PLATFORM_SHARE = {"instagram": 0.45, "tiktok": 0.35, "youtube": 0.20}
CATEGORY_SHARE = {
    "beauty": 0.13, "fashion": 0.13, "fitness": 0.10, "food": 0.11, "travel": 0.09,
    "gaming": 0.10, "tech": 0.08, "parenting": 0.06, "home": 0.07, "finance": 0.05, "pets": 0.08,
}  # fmt: skip
COUNTRY_SHARE = {
    "US": 0.27, "GB": 0.08, "DE": 0.06, "FR": 0.05, "ES": 0.05, "IT": 0.04, "BR": 0.09,
    "IN": 0.10, "CA": 0.04, "AU": 0.03, "MX": 0.05, "NL": 0.02, "ID": 0.05, "JP": 0.03,
    "SE": 0.01, "PL": 0.02,
}  # fmt: skip

# Follower range of the sample: nano starts at 1k (docs/calibration.md tiers: nano 1k-10k) and the
# mega tail is truncated at 50M, with a Pareto shape (alpha 1: median ~2M) above 1M.
NANO_FLOOR = 1_000
MEGA_CAP = 50_000_000
MEGA_PARETO_ALPHA = 1.0
# Assumption: inside a tier, engagement falls by followers^-0.25. Derived from the ratios of
# the Instagram medians in ENGAGEMENT_MEDIAN (nano->micro ~ -0.30, micro->mid ~ -0.16 per ln).
ENGAGEMENT_SIZE_ELASTICITY = 0.25
# Assumption: per-post engagement over ~10 recent posts varies with a coefficient of variation
# around 0.35 (lognormal, log-sd 0.3); this is the uncertainty a forecast band must show.
ENGAGEMENT_CV_MEDIAN = 0.35
ENGAGEMENT_CV_LOG_SD = 0.3
# Assumption: cost sits where the account sits inside its tier (weight 0.7) plus noise, so
# cost per follower varies between otherwise similar accounts.
COST_POSITION_WEIGHT = 0.7
COST_LOG_SD = 0.25
FORMAT_NOISE_LOG_SD = 0.05
MIN_COST = 5
FAKE_BETA_CONCENTRATION = 5.0  # a + b of the beta: small, so the spread is wide
COUNTRY_BETA_CONCENTRATION = 10.0  # assumption: a + b of the audience-country-share beta
MIN_ENGAGEMENT = 0.0005  # engagement below 0.05% is drawn again, as above ENGAGEMENT_MAX
REACH_LOG_SD = 0.25

_ADJECTIVES = (
    "sunny", "brave", "calm", "clever", "cosy", "crisp", "dapper", "eager", "fancy", "fuzzy",
    "gentle", "golden", "happy", "humble", "jolly", "keen", "lively", "lucky", "mellow", "merry",
    "misty", "nimble", "noble", "plucky", "quiet", "rapid", "rosy", "rustic", "shiny", "silver",
    "sleepy", "snowy", "spicy", "steady", "stormy", "swift", "tidy", "urban", "velvet", "vivid",
    "wild", "windy", "witty", "zesty", "amber", "bold", "breezy", "cheery", "dreamy", "frosty",
)  # fmt: skip
_NOUNS = (
    "fox", "owl", "otter", "panda", "lynx", "heron", "badger", "koala", "falcon", "puffin",
    "maple", "cedar", "willow", "fern", "pebble", "comet", "harbor", "meadow", "canyon", "river",
    "lemon", "mango", "pepper", "biscuit", "waffle", "noodle", "cocoa", "sprout", "acorn", "clover",
    "pixel", "rocket", "lantern", "compass", "anchor", "kettle", "ribbon", "marble", "feather",
    "tulip", "breeze", "ember", "glacier", "island", "summit", "valley", "orbit", "nova", "quill",
    "thistle",
)  # fmt: skip
_SYLLABLES = (
    "ka", "lo", "mi", "ra", "ze", "vi", "to", "sa", "ne", "ri", "mo", "la", "fi", "do", "ku",
    "be", "ny", "ta", "so", "el", "ar", "in", "ju", "pe", "ha", "wo", "ye", "qu", "xa", "ol",
)  # fmt: skip


def _pick(rng: np.random.Generator, shares: dict[str, float], rows: int) -> np.ndarray:
    """Draw `rows` positions into `shares`, weighted by its (normalised) values."""
    p = np.array(list(shares.values()), dtype=float)
    return rng.choice(len(p), size=rows, p=p / p.sum())


def _tier_bounds() -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper follower bound of each tier in `cal.TIERS` (DEFAULT_TIER_BANDS)."""
    low = np.array([cal.DEFAULT_TIER_BANDS[t] for t in cal.TIERS], dtype=float)
    high = np.append(low[1:], MEGA_CAP)
    low[0] = max(low[0], NANO_FLOOR)
    return low, high


def _handles(rng: np.random.Generator, rows: int) -> pd.Series:
    """Unique adjective_noun_NNNN handles, drawn without replacement from all combinations."""
    combos = len(_ADJECTIVES) * len(_NOUNS) * 10_000
    if rows > combos:
        raise ValueError(f"at most {combos:,} unique handles, asked for {rows:,}")
    code = rng.choice(combos, size=rows, replace=False)
    adjective, rest = np.divmod(code, len(_NOUNS) * 10_000)
    noun, number = np.divmod(rest, 10_000)
    return (
        pd.Series(np.array(_ADJECTIVES)[adjective])
        + "_"
        + pd.Series(np.array(_NOUNS)[noun])
        + "_"
        + pd.Series(number).astype(str).str.zfill(4)
    )


def _names(rng: np.random.Generator, rows: int) -> pd.Series:
    """Invented display names: two syllables, a space, three syllables ("Kalo Miraze")."""
    syl = np.array(_SYLLABLES)
    parts = syl[rng.integers(0, len(syl), size=(5, rows))]
    first = pd.Series(parts[0]) + pd.Series(parts[1])
    last = pd.Series(parts[2]) + pd.Series(parts[3]) + pd.Series(parts[4])
    return first.str.capitalize() + " " + last.str.capitalize()


def _followers_at(tier: np.ndarray, quantile: np.ndarray | float) -> np.ndarray:
    """Followers at `quantile` of each tier: log-uniform in the band, truncated Pareto for mega."""
    low, high = _tier_bounds()
    lo, hi = low[tier], high[tier]
    q = np.broadcast_to(quantile, tier.shape)
    followers = lo * (hi / lo) ** q
    mega = tier == cal.TIERS.index("mega")
    a = MEGA_PARETO_ALPHA
    tail = 1.0 - q[mega] * (1.0 - (lo[mega] / hi[mega]) ** a)
    followers[mega] = lo[mega] * tail ** (-1.0 / a)
    return np.clip(followers, lo, hi - 1)


def _reach_rate(rng: np.random.Generator, followers: np.ndarray) -> np.ndarray:
    """Minter.io median post reach for the follower band, times lognormal noise."""
    floors = np.array(sorted(cal.REACH_RATE_POST))
    rates = np.array([cal.REACH_RATE_POST[f] for f in floors])
    median = rates[np.searchsorted(floors, followers, side="right") - 1]
    noisy = median * rng.lognormal(0.0, REACH_LOG_SD, followers.size)
    return np.round(np.clip(noisy, 0.01, 1.0), 4)


def _truncated_lognormal(
    rng: np.random.Generator, median: np.ndarray, sd: float, low: float, high: float
) -> np.ndarray:
    """`median` x lognormal noise of log-sd `sd`, each draw outside [low, high] drawn again."""
    values = median * rng.lognormal(0.0, sd, median.size)
    outside = (values < low) | (values > high)
    while outside.any():
        values[outside] = median[outside] * rng.lognormal(0.0, sd, int(outside.sum()))
        outside = (values < low) | (values > high)
    return values


def generate_roster(rows: int = 3000, seed: int = 7) -> pd.DataFrame:
    """A synthetic roster of `rows` invented influencers, identical for the same `seed`.

    Columns are `COLUMNS`; rates are fractions, costs whole USD. See the module docstring for
    the published source behind each column.
    """
    if rows < 1:
        raise ValueError(f"rows must be positive, got {rows}")
    rng = np.random.default_rng(seed)
    handle = _handles(rng, rows)
    name = _names(rng, rows)
    platforms = list(PLATFORM_SHARE)
    plat_idx = _pick(rng, PLATFORM_SHARE, rows)
    category = np.array(list(CATEGORY_SHARE))[_pick(rng, CATEGORY_SHARE, rows)]
    country = np.array(list(COUNTRY_SHARE))[_pick(rng, COUNTRY_SHARE, rows)]
    tier = _pick(rng, {t: cal.SAMPLE_TIER_SHARE[t] for t in cal.TIERS}, rows)  # index into TIERS
    # Where the account sits inside its tier: its quantile, 0 (band floor) to 1 (band top).
    position = rng.random(rows)
    followers = np.floor(_followers_at(tier, position)).astype(np.int64)

    # Engagement: lognormal around the platform/tier median, falling with size in the tier,
    # truncated to [MIN_ENGAGEMENT, ENGAGEMENT_MAX] by drawing again.
    median = np.array([[cal.ENGAGEMENT_MEDIAN[p][t] for t in cal.TIERS] for p in platforms])
    tier_median = _followers_at(tier, 0.5)
    size_effect = (followers / tier_median) ** -ENGAGEMENT_SIZE_ELASTICITY
    engagement = _truncated_lognormal(
        rng,
        median[plat_idx, tier] * size_effect,
        cal.ENGAGEMENT_LOG_SD.value,
        MIN_ENGAGEMENT,
        cal.ENGAGEMENT_MAX.value,
    )
    cv = rng.lognormal(np.log(ENGAGEMENT_CV_MEDIAN), ENGAGEMENT_CV_LOG_SD, rows)

    # Cost per post: log-uniform in the platform/tier band, tied to the position in the tier.
    bands = np.array([[cal.COST_BANDS_USD[p][t] for t in cal.TIERS] for p in platforms])
    cost_lo, cost_hi = bands[plat_idx, tier, 0], bands[plat_idx, tier, 1]
    w = COST_POSITION_WEIGHT
    where = w * position + (1.0 - w) * rng.random(rows)
    post = cost_lo * (cost_hi / cost_lo) ** where * rng.lognormal(0.0, COST_LOG_SD, rows)
    # The mega band is open-ended ("10k+"): price it by the rule of thumb per 1,000 followers.
    per_1000 = np.array([cal.COST_PER_1000_FOLLOWERS[p].value for p in platforms])[plat_idx]
    mega = tier == cal.TIERS.index("mega")
    post = np.where(
        mega,
        np.maximum(post, followers / 1000 * per_1000 * np.exp(rng.normal(0.0, COST_LOG_SD, rows))),
        post,
    )
    post = np.maximum(np.round(post), MIN_COST)

    def by_format(fmt: str) -> np.ndarray:
        factor = cal.FORMAT_COST_FACTOR[fmt].value
        noisy = post * factor * rng.lognormal(0.0, FORMAT_NOISE_LOG_SD, rows)
        return np.maximum(np.round(noisy), MIN_COST).astype(np.int64)

    story, video = by_format("story"), by_format("video")

    # Fake followers: wide beta around the tier mean.
    mean = np.array([cal.FAKE_SHARE_MEAN[t] for t in cal.TIERS])[tier]
    fake = rng.beta(mean * FAKE_BETA_CONCENTRATION, (1.0 - mean) * FAKE_BETA_CONCENTRATION)
    # Share of the audience in the main country: beta around the tier's assumed default.
    home = np.array([cal.AUDIENCE_COUNTRY_SHARE[t].value for t in cal.TIERS])[tier]
    home_share = rng.beta(
        home * COUNTRY_BETA_CONCENTRATION, (1 - home) * COUNTRY_BETA_CONCENTRATION
    )

    return pd.DataFrame(
        {
            "handle": handle,
            "name": name,
            "platform": np.array(platforms)[plat_idx],
            "category": category,
            "audience_country": country,
            "audience_country_share": np.round(np.clip(home_share, 0.01, 1.0), 3),
            "followers": followers,
            "engagement_rate": np.round(engagement, 5),
            "engagement_rate_sd": np.round(engagement * cv, 5),
            "cost_per_post": post.astype(np.int64),
            "cost_per_story": story,
            "cost_per_video": video,
            "fake_follower_share": np.round(np.clip(fake, 0.0, 0.9), 3),
            "reach_rate": _reach_rate(rng, followers),
        },
        columns=list(COLUMNS),
    )


def write_roster(df: pd.DataFrame, path: str | Path) -> Path:
    """Write the roster as Parquet (`.parquet`/`.pq`) or CSV (anything else), without index."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in {".parquet", ".pq"}:
        df.to_parquet(path, index=False)
    else:
        df.to_csv(path, index=False)
    return path
