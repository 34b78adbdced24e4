"""The brief's controls, drawn in the sidebar of the Plan page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner import calibration as cal
from planner.brief import MAX_BUDGET
from planner.countries import country_label
from planner.wording import money
from ui import rates
from ui.session import WIDGET, controls, set_value
from ui.state import BUDGET_STOPS, TIERS
from ui.widgets import bound, choose_many

ONE_RATE = "one rate for all: empty uses the rate tables (Edit the rate tables, below)"


def _slider_moved() -> None:
    set_value("budget", controls()["budget_slider"])


def _number_typed() -> None:
    exact = controls()["budget"]
    set_value("budget_slider", min(BUDGET_STOPS, key=lambda b: abs(b - exact)))


def budget_and_goal() -> None:
    bound(
        st.select_slider,
        "Budget",
        "budget_slider",
        options=BUDGET_STOPS,
        format_func=lambda stop: money(stop, compact=True),
        then=_slider_moved,
        help="Drag for a quick change; type the exact figure below.",
    )
    bound(
        st.number_input,
        "Exact budget (USD)",
        "budget",
        min_value=1,
        max_value=MAX_BUDGET,  # the brief's own limit; the slider stops at $1M
        step=1_000,
        then=_number_typed,
    )
    bound(
        st.segmented_control,
        "Goal",
        "goal",
        ["engagement", "reach", "clicks", "conversions"],
        value_arg="default",
        required=True,
        format_func=str.capitalize,
        help="What the plan maximises. Clicks and conversions use the rates under "
        "Content and assumptions.",
    )


def targeting(roster: pd.DataFrame) -> None:
    with st.expander("Targeting"):
        choose_many(
            "Platforms",
            "platforms",
            sorted(roster["platform"].unique()),
            placeholder="All platforms",
        )
        choose_many(
            "Categories (niches)",
            "categories",
            sorted(roster["category"].unique()),
            placeholder="All categories",
        )
        choose_many(
            "Audience countries (where the product is sold)",
            "countries",
            sorted(c for c in roster["audience_country"].unique() if c),
            placeholder="All countries",
            format_func=country_label,
            help="Audiences elsewhere do not count toward the goal. Type a name, a code or "
            "a common alias (UK, USA).",
        )
        bound(st.slider, "Max fake-follower share", "max_fake_pct", 0, 100, format="%d%%")


def no_limit_number(label: str, name: str, placeholder: str = "no limit", **kwargs) -> None:
    """A number input that can be emptied back to "no limit" (None). Streamlit lets a user
    empty it only if it is drawn with value=None, so the control's value goes in through the
    widget's key instead."""
    st.session_state.setdefault(WIDGET + name, controls()[name])
    bound(st.number_input, label, name, value=None, placeholder=placeholder, **kwargs)


def mix_rules() -> None:
    with st.expander("Mix rules per tier"):
        for tier in TIERS:
            st.markdown(f"**{tier.capitalize()}** share of spend, min and max influencers")
            bound(
                st.slider,
                f"Share of spend on {tier}",
                f"share_{tier}",
                0,
                100,
                format="%d%%",
                label_visibility="collapsed",
            )
            low, high = st.columns(2)
            with low:
                bound(st.number_input, f"Min {tier}", f"min_{tier}", min_value=0, step=1)
            with high:
                no_limit_number(f"Max {tier}", f"max_{tier}", min_value=0, step=1)
        bound(
            st.slider, "Max share of budget on one influencer", "max_one_pct", 1, 100, format="%d%%"
        )


def tier_bands() -> None:
    with st.expander("Tier bands (followers)"):
        st.caption("Writers disagree on what 'micro' means (<10k, 10k-100k, 10k-500k): set it.")
        for tier in TIERS[1:]:
            bound(
                st.number_input,
                f"{tier.capitalize()} from",
                f"band_{tier}",
                min_value=1,
                step=1_000,
            )


def content_and_assumptions(roster: pd.DataFrame) -> None:
    with st.expander("Content and assumptions"):
        bound(
            st.segmented_control,
            "Format",
            "format",
            list(cal.FORMATS),
            value_arg="default",
            required=True,
            format_func=str.capitalize,
        )
        bound(st.slider, "Posts per influencer (at most)", "max_posts", 1, 10)
        bound(
            st.number_input,
            "Each extra post is worth (% of the one before)",
            "extra_post_pct",
            min_value=0.0,
            max_value=100.0,
            step=5.0,
            help=cal.EXTRA_POST_FACTOR.source,
        )
        for label, name in (
            ("Click-through rate, every platform and format (%)", "ctr_pct"),
            ("Conversion rate, every tier (% of clicks)", "cvr_pct"),
        ):
            no_limit_number(
                label, name, placeholder="by the rate tables", help=ONE_RATE,
                min_value=0.0, max_value=100.0, step=0.1,
            )  # fmt: skip
        bound(
            st.toggle,
            "Edit the rate tables",
            "rate_tables",
            help="Click-through by platform and format, conversion by tier, brand fit by "
            "niche and the people in each audience cell, as editable tables. Drawn on demand: "
            "the tables' grid is the page's heaviest part to load.",
        )
        if controls()["rate_tables"]:
            rates.click_through()
            rates.conversion()
            rates.category_fit(roster)
            rates.audience_pools(roster, controls()["countries"])
        else:
            st.caption(rates.in_use(roster))
        bound(
            st.number_input,
            "Platform-wide swing (%)",
            "shock_pct",
            min_value=0.0,
            max_value=100.0,
            step=5.0,
            format="%.0f",
            help="How much all posts on one platform can rise or fall together, e.g. after an "
            "algorithm change: 15 is the default, 0 none. It widens the P10–P90 range, not the "
            "expected result. (Year on year, brand engagement fell 30% on Instagram and 50% on "
            "TikTok in 2022: Rival IQ.)",
        )
        bound(
            st.number_input,
            "Running cost per influencer ($)",
            "cost_per_influencer",
            min_value=0.0,
            max_value=float(MAX_BUDGET),
            step=50.0,
            help=cal.COST_PER_INFLUENCER.source,
        )
        no_limit_number(
            "Most influencers the team can run",
            "max_influencers",
            min_value=1,
            step=1,
            help="The team's capacity: at most this many influencers in the plan (empty: any).",
        )
        bound(
            st.number_input,
            "Solver time limit (s)",
            "time_limit",
            min_value=0.1,
            step=1.0,
            help="When it runs out, the plan shown is the best found so far, with how far "
            "from the best possible it can be at most.",
        )
        bound(
            st.toggle,
            "Prove the best plan (exact)",
            "exact",
            help="Solve until the plan is proven the best possible, or the time limit runs "
            "out: slower than the live plan, which stops once it is close to the best "
            "possible and says how close.",
        )


def render(roster: pd.DataFrame) -> None:
    budget_and_goal()
    targeting(roster)
    mix_rules()
    tier_bands()
    content_and_assumptions(roster)
