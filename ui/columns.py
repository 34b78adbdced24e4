"""Table headers in the words the KPI cards use, with units: the Roster page's candidates and
the chosen plan (files keep the raw column names, which other programs read)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.wording import metric_label

_TEXT = {
    "handle": "Handle",
    "name": "Name",
    "platform": "Platform",
    "category": "Niche",
    "tier": "Tier",
    "audience_country": "Audience country",
}
_NUMBERS: dict[str, tuple[str, str, str]] = {  # column: label, format, help
    "followers": ("Followers", "compact", ""),
    "engagement_rate": ("Engagement rate (%)", "percent", "Engagements per follower per post"),
    "fake_follower_share": ("Fake followers (%)", "percent", "Share of followers judged fake"),
    "cost_per_post": ("Cost per post ($)", "dollar", ""),
    "posts": ("Posts", "%d", ""),
    "fee": ("Fee ($)", "dollar", "Cost per piece x pieces"),
    "running_cost": ("Running cost ($)", "dollar", "The brand's own cost per influencer"),
    "cost": ("Cost ($)", "dollar", "Fee + running cost"),
    "expected_engagement": (metric_label("engagement"), "%,.0f", ""),
    "expected_reach": (
        "Expected reach, gross",
        "%,.0f",
        "People who see their posts, before counting people once across the plan",
    ),
    "expected_people": (
        metric_label("reach"),
        "%,.0f",
        "Their part of the plan's people reached, each person counted once",
    ),
    "expected_clicks": (metric_label("clicks"), "%,.0f", ""),
    "expected_conversions": (metric_label("conversions"), "%,.1f", ""),
    "expected_emv": ("Earned media value ($)", "dollar", "What the impressions would cost as ads"),
}


def column_config(columns: list[str]) -> dict[str, Any]:
    """st.column_config for these columns: readable labels, units and number formats."""
    config: dict[str, Any] = {}
    for column in columns:
        if column in _TEXT:
            config[column] = st.column_config.TextColumn(_TEXT[column])
        elif column in _NUMBERS:
            label, fmt, help_text = _NUMBERS[column]
            config[column] = st.column_config.NumberColumn(
                label, format=fmt, help=help_text or None
            )
    return config
