"""Plan: budget and goal in, the best roster and its forecast out, live.

The brief → its plan (or what to change) → KPIs and charts.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.charts import plan as charts
from planner.charts import style as chart_style
from planner.deck import MIME, plan_deck
from planner.errors import InfeasibleBriefError
from planner.optimize.diagnose import why_empty
from planner.plan import Plan
from planner.wording import gap_words, seconds_words
from ui import controls, explain, kpis, scenarios, session, share, style
from ui.roster import show_in_use


def show_time_limit_note(plan: Plan) -> None:
    """A plan cut short by the time limit says so, and how close it is, in the main area
    (also when presenting)."""
    if not plan.timed_out:
        return
    greedy = " (the greedy plan: the solver found none in time)" if plan.method == "greedy" else ""
    st.warning(
        f"**Best plan found in {seconds_words(plan.solve_seconds)}, {gap_words(plan.gap)}**"
        f"{greedy}. The solver's time limit stopped the search: raise **Solver time limit "
        "(s)** under Content and assumptions for a closer plan.",
        icon=":material/timer:",
    )


def render_charts(
    roster_key: str, roster: pd.DataFrame, plan: Plan, big: bool, time_limit: float
) -> None:
    """The charts, each sent as soon as it is made (the browser draws one while the server
    makes the next), in two columns, then the micro vs macro comparison."""
    *pairs, mix = session.PLAN_CHARTS
    left, right = st.columns(2)
    for i, key in enumerate(pairs):
        with left if i % 2 == 0 else right:
            st.plotly_chart(session.figure(key, roster_key, roster, plan, big, time_limit), key=key)
    st.subheader("Micro vs macro, same budget")
    st.plotly_chart(session.figure(mix, roster_key, roster, plan, big, time_limit), key=mix)


def render_kept_charts(plan: Plan, big: bool) -> None:
    """The charts that need nothing but the plan, for a plan the roster cannot re-make."""
    left, right = st.columns(2)
    for column, key, fig in (
        (left, "chart_budget", charts.budget_by_tier(plan)),
        (right, "chart_followers", charts.followers_distribution(plan)),
    ):
        with column:
            st.plotly_chart(chart_style.apply_presentation(fig, big), key=key)


def render(roster_key: str, roster: pd.DataFrame) -> None:
    values = session.controls()
    big, time_limit = bool(values["presentation"]), float(values["time_limit"])
    plan = session.current_plan(roster_key, roster, session.current_brief())
    if plan is None:
        return
    show_time_limit_note(plan)
    try:
        greedy = session.greedy(roster_key, roster, plan.brief)
    except InfeasibleBriefError:  # a plan kept from another roster (a saved scenario's)
        line = kpis.render(plan, None, None)
        kpis.show_range(line, plan, session.goal_draws(roster_key, plan))
        render_kept_charts(plan, big)
        return
    if plan.rows.empty:
        why = why_empty(session.candidates(roster_key, roster, plan.brief), plan.brief)
        st.warning(f"**This plan buys nothing.** {why}", icon=":material/money_off:")
    line = kpis.render(plan, st.session_state.get(session.PREVIOUS_PLAN), greedy)
    explain.unspent_note(roster_key, roster, plan)
    st.download_button(
        "Download deck",
        # Made on the click only (a deck takes ~0.2 s), with the mixes the last chart made.
        lambda: plan_deck(plan, session.shown_mixes(roster_key, roster, plan, time_limit)),
        "campaign_plan.pptx",
        MIME,
        key="download_deck",
        on_click="ignore",
        icon=":material/slideshow:",
        help="A PowerPoint deck to hand over: the brief, the KPIs, editable charts, the "
        "roster, and the method with every assumption's source.",
    )
    render_charts(roster_key, roster, plan, big, time_limit)
    kpis.show_range(line, plan, session.goal_draws(roster_key, plan))
    chart = session.figure(session.OUTCOME_CHART, roster_key, roster, plan, big, time_limit)
    st.plotly_chart(chart, key=session.OUTCOME_CHART)
    explain.section(roster_key, roster, plan, big)


roster_key, roster = session.current_roster()
with st.sidebar:
    show_in_use()
    controls.render(roster)
with style.header("Campaign plan", "the controls"):
    scenarios.save_popover()
    share.share_link(roster_key)
style.presentation(session.controls()["presentation"])
share.show_notes(roster_key)
scenarios.show_note()
render(roster_key, roster)
