"""Briefs that are hard for the solver on `generate_roster(rows, SEED)`: the time-limit tests'
instances, shared with the bad-input matrix and the frontier tests."""

from __future__ import annotations

from bench.briefs import CAPPED as CAPPED_BRIEF

SEED = 3
# Tight spend shares: rounding the LP keeps every rule, but proving the plan takes a MIP.
SHARES = {
    "tier_rules": {
        "nano": {"min_count": 10, "min_share": 0.2, "max_share": 0.21},
        "micro": {"min_count": 10, "min_share": 0.3, "max_share": 0.31},
        "mid": {"min_count": 4, "min_share": 0.3, "max_share": 0.31},
    },
    "platform_rules": {"tiktok": {"min_share": 0.33, "max_share": 0.34}},
}
# The controls of a brief costed by fees alone, as the hard briefs here were found.
FREE_RUNNING = {"cost_per_influencer": 0.0, "max_influencers": None}
# Few mid and macro influencers with a large share of spend: rounding the LP fails, so the
# live path needs its MIP to find any plan (found in about 2 s); greedy breaks a minimum.
CROWDED = {
    "tier_rules": {
        "mid": {"max_count": 3, "min_share": 0.4},
        "macro": {"max_count": 1, "min_share": 0.2},
        "nano": {"min_count": 20, "max_count": 25, "min_share": 0.1},
    },
    "platform_rules": {"youtube": {"max_count": 4, "min_share": 0.3}},
}
# CROWDED as the Plan page's controls (percent sliders), costed by fees alone.
CROWDED_CONTROLS = {
    "share_mid": (40, 100), "max_mid": 3, "share_macro": (20, 100), "max_macro": 1,
    "share_nano": (10, 100), "min_nano": 20, "max_nano": 25,
    "platform_rules": CROWDED["platform_rules"], **FREE_RUNNING,
}  # fmt: skip

MICRO_RULE = "at least 60% of spend on micro influencers"
# The brief (bench/briefs.py), as brief fields.
CAPPED = CAPPED_BRIEF.model_dump(mode="json")
