"""The brief as widget state: defaults, persistence across pages, and conversion to a Brief."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from planner import calibration as cal
from planner.brief import Brief

PREFIX = "ctl_"  # every key of the brief's widgets; kept when the user changes page
TIERS = tuple(cal.DEFAULT_TIER_BANDS)
# Budget slider stops: fine steps at $1k, coarse ones near $1M.
BUDGET_STOPS = sorted(
    {int(m * 10**e) for e in range(3, 7) for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 9)} - {0}
)
BUDGET_STOPS = [b for b in BUDGET_STOPS if 1_000 <= b <= 1_000_000]

DEFAULTS: dict[str, Any] = {
    "ctl_budget": 50_000,
    "ctl_budget_slider": 50_000,
    "ctl_goal": "engagement",
    "ctl_platforms": [],
    "ctl_categories": [],
    "ctl_countries": [],
    "ctl_max_fake_pct": 100,
    "ctl_max_one_pct": 100,
    "ctl_max_posts": 1,
    "ctl_format": "post",
    "ctl_ctr_pct": cal.CLICK_THROUGH_RATE.value * 100,
    "ctl_cvr_pct": cal.CONVERSION_RATE.value * 100,
    "ctl_extra_post_pct": cal.EXTRA_POST_FACTOR.value * 100,
    "ctl_pinned": [],
    "ctl_excluded": [],
    "ctl_presentation": False,
    **{f"ctl_band_{t}": v for t, v in cal.DEFAULT_TIER_BANDS.items()},
    **{f"ctl_share_{t}": (0, 100) for t in TIERS},
    **{f"ctl_min_{t}": 0 for t in TIERS},
    **{f"ctl_max_{t}": None for t in TIERS},
}


def init(state: MutableMapping) -> None:
    """Fill missing keys with defaults, and keep widget values when the page changes.

    Streamlit drops the state of widgets that are not drawn on the current page; writing each
    value back to itself keeps it (the documented way to share widget state across pages).
    """
    for key, value in DEFAULTS.items():
        if key not in state:
            state[key] = list(value) if isinstance(value, list) else value
    for key in [k for k in state if str(k).startswith(PREFIX)]:
        state[key] = state[key]


def brief_fields(state: MutableMapping) -> dict[str, Any]:
    """The brief's fields as the widgets hold them (validated by Brief.parse)."""
    tier_rules = {}
    for t in TIERS:
        low, high = state[f"ctl_share_{t}"]
        rule = {
            "min_count": int(state[f"ctl_min_{t}"] or 0),
            "max_count": state[f"ctl_max_{t}"],
            "min_share": low / 100,
            "max_share": high / 100,
        }
        if rule != {"min_count": 0, "max_count": None, "min_share": 0, "max_share": 1}:
            tier_rules[t] = rule
    return {
        "budget": float(state["ctl_budget"]),
        "goal": state["ctl_goal"],
        "tier_bands": {t: int(state[f"ctl_band_{t}"]) for t in TIERS},
        "tier_rules": tier_rules,
        "platforms": list(state["ctl_platforms"]),
        "categories": list(state["ctl_categories"]),
        "countries": list(state["ctl_countries"]),
        "max_fake_share": state["ctl_max_fake_pct"] / 100,
        "max_share_per_influencer": state["ctl_max_one_pct"] / 100,
        "max_posts": int(state["ctl_max_posts"]),
        "content_format": state["ctl_format"],
        "pinned": list(state["ctl_pinned"]),
        "excluded": list(state["ctl_excluded"]),
        "click_through_rate": state["ctl_ctr_pct"] / 100,
        "conversion_rate": state["ctl_cvr_pct"] / 100,
        "extra_post_factor": state["ctl_extra_post_pct"] / 100,
    }


def brief_from_state(state: MutableMapping) -> Brief:
    return Brief.parse(brief_fields(state))
