"""The brief's controls, drawn in the sidebar of the Plan page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner import calibration as cal
from ui.state import BUDGET_STOPS, TIERS


def _money(x: float) -> str:
    return f"${x / 1e6:g}M" if x >= 1e6 else f"${x / 1e3:g}k"


def _slider_moved() -> None:
    st.session_state["ctl_budget"] = st.session_state["ctl_budget_slider"]


def _number_typed() -> None:
    exact = st.session_state["ctl_budget"]
    st.session_state["ctl_budget_slider"] = min(BUDGET_STOPS, key=lambda b: abs(b - exact))


def budget_and_goal() -> None:
    st.select_slider(
        "Budget",
        options=BUDGET_STOPS,
        format_func=_money,
        key="ctl_budget_slider",
        on_change=_slider_moved,
        help="Drag for a quick change; type the exact figure below.",
    )
    st.number_input(
        "Exact budget (USD)",
        min_value=1_000,
        max_value=1_000_000,
        step=1_000,
        key="ctl_budget",
        on_change=_number_typed,
    )
    st.segmented_control(
        "Goal",
        ["engagement", "reach", "clicks", "conversions"],
        key="ctl_goal",
        format_func=str.capitalize,
        required=True,
        help="What the plan maximises. Clicks and conversions use the rates under Assumptions.",
    )


def targeting(roster: pd.DataFrame) -> None:
    with st.expander("Targeting", expanded=False):
        st.multiselect(
            "Platforms",
            sorted(roster["platform"].unique()),
            key="ctl_platforms",
            placeholder="All platforms",
        )
        st.multiselect(
            "Categories (niches)",
            sorted(roster["category"].unique()),
            key="ctl_categories",
            placeholder="All categories",
        )
        st.multiselect(
            "Audience countries (where the product is sold)",
            sorted(c for c in roster["audience_country"].unique() if c),
            key="ctl_countries",
            placeholder="All countries",
            help="Audiences elsewhere do not count toward the goal.",
        )
        st.slider("Max fake-follower share", 0, 100, key="ctl_max_fake_pct", format="%d%%")


def mix_rules() -> None:
    with st.expander("Mix rules per tier", expanded=False):
        for tier in TIERS:
            st.markdown(f"**{tier.capitalize()}**")
            st.slider(
                f"Share of spend on {tier}",
                0,
                100,
                key=f"ctl_share_{tier}",
                format="%d%%",
                label_visibility="collapsed",
            )
            low, high = st.columns(2)
            low.number_input(f"Min {tier}", min_value=0, step=1, key=f"ctl_min_{tier}")
            high.number_input(
                f"Max {tier}", min_value=0, step=1, key=f"ctl_max_{tier}", placeholder="no limit"
            )
        st.slider(
            "Max share of budget on one influencer", 1, 100, key="ctl_max_one_pct", format="%d%%"
        )


def tier_bands() -> None:
    with st.expander("Tier bands (followers)", expanded=False):
        st.caption("Writers disagree on what 'micro' means (<10k, 10k-100k, 10k-500k): set it.")
        for tier in TIERS[1:]:
            st.number_input(
                f"{tier.capitalize()} from", min_value=1, step=1_000, key=f"ctl_band_{tier}"
            )


def content_and_assumptions() -> None:
    with st.expander("Content and assumptions", expanded=False):
        st.segmented_control(
            "Format", list(cal.FORMATS), key="ctl_format", required=True, format_func=str.capitalize
        )
        st.slider("Posts per influencer (at most)", 1, 10, key="ctl_max_posts")
        st.number_input(
            "Each extra post is worth (% of the one before)",
            0.0,
            100.0,
            key="ctl_extra_post_pct",
            step=5.0,
            help=cal.EXTRA_POST_FACTOR.source,
        )
        st.number_input(
            "Click-through rate (%)",
            0.0,
            100.0,
            key="ctl_ctr_pct",
            step=0.1,
            help=cal.CLICK_THROUGH_RATE.source,
        )
        st.number_input(
            "Conversion rate (% of clicks)",
            0.0,
            100.0,
            key="ctl_cvr_pct",
            step=0.1,
            help=cal.CONVERSION_RATE.source,
        )


def render(roster: pd.DataFrame) -> None:
    budget_and_goal()
    targeting(roster)
    mix_rules()
    tier_bands()
    content_and_assumptions()
