"""The controls' values: their defaults, and conversion to a Brief and back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner import calibration as cal
from planner.brief import Brief
from planner.optimize.optimizer import TIME_LIMIT
from planner.wording import round_up

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
    "ctr_pct": None,  # one rate for every platform and format; None: the tables
    "cvr_pct": None,
    "ctr_cells": {},  # "platform/format" -> percent, over the table
    "cvr_tiers": {},  # tier -> percent, over the table
    "fit_pct": {},  # category -> percent of its audience that cares
    "pools": {},  # "country/category" -> people in that audience cell, over the default
    "extra_post_pct": cal.EXTRA_POST_FACTOR.value * 100,
    "shock_pct": cal.PLATFORM_SHOCK_CV.value * 100,
    "cost_per_influencer": cal.COST_PER_INFLUENCER.value,
    "max_influencers": None,  # the team's capacity; None: no limit
    "time_limit": TIME_LIMIT,  # solver seconds (not part of the brief)
    "exact": False,  # the exact path: prove the plan best (not part of the brief)
    "rate_tables": False,  # the rate and audience tables drawn for editing (a view setting)
    "explain": False,  # the Plan page's explanation computed and drawn (a view setting)
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
    # Rules the sidebar has no controls for, kept as loaded (from a link or a scenario file).
    "platform_rules": {},
    "category_rules": {},
}

# Brief fields the controls hold as they are (lists, and the rules the sidebar has no controls
# for), and those they hold in percent: on whole-percent sliders, or exactly (a rate may be
# None: the tables), and maps of percents (the rate and fit tables).
LISTS = ("platforms", "categories", "countries", "pinned", "excluded")
RULES = ("platform_rules", "category_rules")
SLIDERS = {"max_fake_share": "max_fake_pct", "max_share_per_influencer": "max_one_pct"}
PERCENTS = {
    "click_through_rate": "ctr_pct",
    "conversion_rate": "cvr_pct",
    "extra_post_factor": "extra_post_pct",
    "platform_shock": "shock_pct",
}
PERCENT_MAPS = {
    "click_through_rates": "ctr_cells",
    "conversion_rates": "cvr_tiers",
    "category_fit": "fit_pct",
}


def brief_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """The brief's fields as the controls hold them (validated by Brief.parse)."""
    tier_rules = {}
    for t in TIERS:
        low, high = values[f"share_{t}"]
        rule = {
            "min_count": int(values[f"min_{t}"] or 0),
            "max_count": values[f"max_{t}"],
            "min_share": fraction(low),
            "max_share": fraction(high),
        }
        if rule != {"min_count": 0, "max_count": None, "min_share": 0, "max_share": 1}:
            tier_rules[t] = rule
    return {
        "budget": float(values["budget"]),
        "goal": values["goal"],
        "tier_bands": {t: int(values[f"band_{t}"]) for t in TIERS},
        "tier_rules": tier_rules,
        "max_posts": int(values["max_posts"]),
        "cost_per_influencer": float(values["cost_per_influencer"]),
        "max_influencers": values["max_influencers"],
        "content_format": values["format"],
        **{field: list(values[field]) for field in LISTS},
        **{field: fraction(values[name]) for field, name in {**SLIDERS, **PERCENTS}.items()},
        **{field: dict(values[field]) for field in RULES},
        "audience_pools": dict(values["pools"]),
        **{
            field: {k: fraction(v) for k, v in values[name].items()}
            for field, name in PERCENT_MAPS.items()
        },
    }


# Percent ↔ fraction rounded to 12 places, so that 1.3% reads back as 0.013 and not
# 0.013000000000000001: a brief loaded into the controls gives back the very same brief.
def fraction(pct: float | None) -> float | None:
    return None if pct is None else round(pct / 100, 12)


def percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 10)


def rounded_fields(brief: Brief) -> list[str]:
    """The fields of `brief` that the controls can only approximate (a budget in whole
    dollars, whole-percent sliders)."""
    held = Brief.parse(brief_fields({**DEFAULTS, **control_values(brief)}))
    return [name for name in Brief.model_fields if getattr(held, name) != getattr(brief, name)]


def rounding_words(fields: list[str]) -> str:
    """'The controls round the budget up to whole dollars and max_fake_share to whole
    percents', for the fields rounded_fields() names."""
    parts = ["the budget up to whole dollars"] if "budget" in fields else []
    percents = [f for f in fields if f != "budget"]
    if percents:
        parts.append(", ".join(percents) + " to whole percents")
    return "The controls round " + " and ".join(parts)


def control_values(brief: Brief) -> dict[str, Any]:
    """The controls' values that describe `brief` (the inverse of brief_fields)."""
    values: dict[str, Any] = {
        "budget": round_up(brief.budget),  # whole dollars, up: a target stays met
        "budget_slider": min(BUDGET_STOPS, key=lambda b: abs(b - brief.budget)),
        "goal": brief.goal.value,
        "max_posts": brief.max_posts,
        "cost_per_influencer": brief.cost_per_influencer,
        "max_influencers": brief.max_influencers,
        "format": brief.content_format,
        **{field: list(getattr(brief, field)) for field in LISTS},
        **{name: round(getattr(brief, field) * 100) for field, name in SLIDERS.items()},
        **{name: percent(getattr(brief, field)) for field, name in PERCENTS.items()},
        **{field: {k: r.model_dump() for k, r in getattr(brief, field).items()} for field in RULES},
        "pools": dict(brief.audience_pools),
        **{
            name: {k: percent(v) for k, v in getattr(brief, field).items()}
            for field, name in PERCENT_MAPS.items()
        },
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
