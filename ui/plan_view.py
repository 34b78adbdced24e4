"""The Plan page's body: brief → plan (or what to change) → KPIs and charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.brief import Brief, BriefError
from planner.diagnose import InfeasibleBriefError
from planner.plan import Plan
from ui import kpis, solve
from ui.state import brief_from_state
from ui.widgets import load_brief, store


def current_brief() -> Brief | None:
    """The brief the controls describe, or None after showing what is wrong with it."""
    try:
        return brief_from_state(st.session_state)
    except BriefError as err:
        st.sidebar.error(f"This brief cannot be read:\n\n{err}", icon=":material/error:")
        return None


def show_conflict(err: InfeasibleBriefError, brief: Brief) -> None:
    """Which rules conflict and what would fix them, next to the controls; one click applies
    a fix that can be said as brief fields."""
    conflict = err.conflict
    fixes = "\n".join(f"- {f}" for f in conflict.fixes)
    # Also in the main area: presentation mode hides the sidebar.
    st.error(f"**This brief has no plan:** {conflict.reason}.", icon=":material/block:")
    st.sidebar.error(
        f"**No plan keeps every rule.** {conflict.reason}.\n\n**To fix it:**\n{fixes}",
        icon=":material/block:",
    )
    refused = st.session_state.pop("fix_refused", None)
    if refused:
        st.sidebar.warning(f"That fix could not be applied: {refused}")
    for i, fix in enumerate(f for f in conflict.fixes if f.changes):
        st.sidebar.button(
            f"Apply: {fix}",
            key=f"fix_{i}",
            on_click=_apply,
            args=(fix, brief),
            icon=":material/auto_fix_high:",
        )


def _apply(fix, brief: Brief) -> None:
    try:
        load_brief(fix.apply(brief))
    except BriefError as err:  # a fix that the brief's own checks refuse
        st.session_state["fix_refused"] = str(err)


def current_plan(roster_key: str, roster: pd.DataFrame, brief: Brief | None) -> Plan | None:
    """Plan the brief; on an impossible brief, show why next to the controls and return the
    last plan that worked, so the screen never goes blank."""
    state = st.session_state
    if brief is not None:
        try:
            plan = solve.plan(roster_key, roster, brief)
        except InfeasibleBriefError as err:
            show_conflict(err, brief)
        else:
            last = state.get("last_plan")
            if last is None or last.brief != plan.brief:
                state["previous_plan"], state["last_plan"] = last, plan
            return plan
    last = state.get("last_plan")
    if last is not None:
        st.warning(
            "Showing the last plan that worked; the sidebar says what to change.",
            icon=":material/history:",
        )
    return last


def render_charts(roster_key: str, roster: pd.DataFrame, plan: Plan, big: bool) -> None:
    figures = solve.figures(roster_key, roster, plan.brief, big)
    left, right = st.columns(2)
    for i, key in enumerate(
        ["chart_budget", "chart_scatter", "chart_per_dollar", "chart_followers"]
    ):
        with left if i % 2 == 0 else right:
            st.plotly_chart(figures[key], key=key)
    st.subheader("Micro vs macro, same budget")
    st.plotly_chart(figures["chart_mix"], key="chart_mix")


def render(roster_key: str, roster: pd.DataFrame) -> None:
    big = bool(store()["presentation"])
    plan = current_plan(roster_key, roster, current_brief())
    if plan is None:
        st.info("No plan yet: the brief in the sidebar cannot be met.")
        return
    greedy = solve.greedy(roster_key, roster, plan.brief)
    kpis.render(plan, st.session_state.get("previous_plan"), greedy)
    render_charts(roster_key, roster, plan, big)
