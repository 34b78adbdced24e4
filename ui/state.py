"""The brief as widget state: defaults, persistence across pages, and conversion to a Brief."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from planner import calibration as cal
from planner.brief import Brief

STORE = "brief_ui"  # session_state key of the dict that holds every control's value
TIERS = tuple(cal.DEFAULT_TIER_BANDS)
# Budget slider stops: fine steps at $1k, coarse ones near $1M.
BUDGET_STOPS = sorted(
    b
    for b in {int(m * 10**e) for e in range(3, 7) for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 9)}
    if b <= 1_000_000
)

DEFAULTS: dict[str, Any] = {
    "budget": 50_000,
    "budget_slider": 50_000,
    "goal": "engagement",
    "platforms": [],
    "categories": [],
    "countries": [],
    "max_fake_pct": 100,
    "max_one_pct": 100,
    "max_posts": 1,
    "format": "post",
    "ctr_pct": cal.CLICK_THROUGH_RATE.value * 100,
    "cvr_pct": cal.CONVERSION_RATE.value * 100,
    "extra_post_pct": cal.EXTRA_POST_FACTOR.value * 100,
    "pinned": [],
    "excluded": [],
    "presentation": False,
    "search": "",
    "f_platform": [],
    "f_category": [],
    "f_tier": [],
    **{f"band_{t}": v for t, v in cal.DEFAULT_TIER_BANDS.items()},
    **{f"share_{t}": (0, 100) for t in TIERS},
    **{f"min_{t}": 0 for t in TIERS},
    **{f"max_{t}": None for t in TIERS},
}


def init(state: MutableMapping) -> dict[str, Any]:
    """The store of control values, filled with defaults on a session's first run.

    It lives apart from the widgets' own state, which Streamlit drops for widgets that the
    current page does not draw; so the brief survives moving between pages.
    """
    store = state.setdefault(STORE, {})
    for key, value in DEFAULTS.items():
        store.setdefault(key, list(value) if isinstance(value, list) else value)
    return store


def brief_fields(store: MutableMapping) -> dict[str, Any]:
    """The brief's fields as the controls hold them (validated by Brief.parse)."""
    tier_rules = {}
    for t in TIERS:
        low, high = store[f"share_{t}"]
        rule = {
            "min_count": int(store[f"min_{t}"] or 0),
            "max_count": store[f"max_{t}"],
            "min_share": low / 100,
            "max_share": high / 100,
        }
        if rule != {"min_count": 0, "max_count": None, "min_share": 0, "max_share": 1}:
            tier_rules[t] = rule
    return {
        "budget": float(store["budget"]),
        "goal": store["goal"],
        "tier_bands": {t: int(store[f"band_{t}"]) for t in TIERS},
        "tier_rules": tier_rules,
        "platforms": list(store["platforms"]),
        "categories": list(store["categories"]),
        "countries": list(store["countries"]),
        "max_fake_share": store["max_fake_pct"] / 100,
        "max_share_per_influencer": store["max_one_pct"] / 100,
        "max_posts": int(store["max_posts"]),
        "content_format": store["format"],
        "pinned": list(store["pinned"]),
        "excluded": list(store["excluded"]),
        "click_through_rate": store["ctr_pct"] / 100,
        "conversion_rate": store["cvr_pct"] / 100,
        "extra_post_factor": store["extra_post_pct"] / 100,
    }


def brief_from_state(state: MutableMapping) -> Brief:
    return Brief.parse(brief_fields(init(state)))


def store_values(brief: Brief) -> dict[str, Any]:
    """The controls' values that describe `brief` (the inverse of brief_fields)."""
    values: dict[str, Any] = {
        "budget": brief.budget,
        "budget_slider": min(BUDGET_STOPS, key=lambda b: abs(b - brief.budget)),
        "goal": brief.goal.value,
        "platforms": list(brief.platforms),
        "categories": list(brief.categories),
        "countries": list(brief.countries),
        "max_fake_pct": round(brief.max_fake_share * 100),
        "max_one_pct": round(brief.max_share_per_influencer * 100),
        "max_posts": brief.max_posts,
        "format": brief.content_format,
        "pinned": list(brief.pinned),
        "excluded": list(brief.excluded),
        "ctr_pct": brief.click_through_rate * 100,
        "cvr_pct": brief.conversion_rate * 100,
        "extra_post_pct": brief.extra_post_factor * 100,
    }
    for t in TIERS:
        rule = brief.tier_rules.get(t)
        values[f"band_{t}"] = brief.tier_bands.get(t, DEFAULTS[f"band_{t}"])
        values[f"share_{t}"] = (
            (round(rule.min_share * 100), round(rule.max_share * 100)) if rule else (0, 100)
        )
        values[f"min_{t}"] = rule.min_count if rule else 0
        values[f"max_{t}"] = rule.max_count if rule else None
    return values
