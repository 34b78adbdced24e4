"""The Plan page's body: brief → plan (or what to change) → KPIs and charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.brief import Brief, BriefError
from planner.charts import plan as charts
from planner.charts import style as chart_style
from planner.optimize.diagnose import InfeasibleBriefError, why_empty
from planner.optimize.optimizer import SolverTimeLimitError
from planner.plan import Plan, gap_words, seconds_words
from ui import kpis, session
from ui.state import brief_from_state
from ui.text import literal
from ui.widgets import load_brief, store


def current_brief() -> Brief | None:
    """The brief the controls describe, or None after showing what is wrong with it."""
    try:
        return brief_from_state(st.session_state)
    except BriefError as err:
        lines = "\n\n".join(literal(line) for line in str(err).splitlines())
        st.sidebar.error(f"This brief cannot be read:\n\n{lines}", icon=":material/error:")
        return None


def show_conflict(err: InfeasibleBriefError, brief: Brief) -> None:
    """Which rules conflict and what would fix them, next to the controls; one click applies
    a fix that can be said as brief fields."""
    conflict = err.conflict
    reason = literal(conflict.reason)  # it may name handles from the user's file
    fixes = "\n".join(f"- {literal(f)}" for f in conflict.fixes)
    # Also in the main area: presentation mode hides the sidebar.
    st.error(f"**This brief has no plan:** {reason}.", icon=":material/block:")
    st.sidebar.error(
        f"**No plan keeps every rule.** {reason}.\n\n**To fix it:**\n{fixes}",
        icon=":material/block:",
    )
    refused = st.session_state.pop("fix_refused", None)
    if refused:
        st.sidebar.warning(f"That fix could not be applied: {literal(refused)}")
    for i, fix in enumerate(f for f in conflict.fixes if f.changes):
        st.sidebar.button(
            f"Apply: {literal(fix)}",
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


def show_time_limit_error(err: SolverTimeLimitError) -> None:
    """No plan found in time: say so (in the main area too, for presentation mode), and what
    to change. This is no proof that the brief has no plan."""
    st.error(
        f"**No plan found in {err.seconds:g} s.** The solver's time limit stopped it before "
        "it found a plan that keeps every rule; the brief may still have one. Raise "
        "**Solver time limit (s)** under Content and assumptions, or simplify the rules "
        "(fewer minimum counts and spend shares).",
        icon=":material/timer_off:",
    )


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


def current_plan(roster_key: str, roster: pd.DataFrame, brief: Brief | None) -> Plan | None:
    """Plan the brief; on an impossible brief (or none found in time), show why and return
    the last plan that worked, saying so, so the screen never goes blank."""
    state = st.session_state
    where = "the sidebar says which control to fix"  # an unreadable brief: brief is None
    if brief is not None:
        try:
            plan = session.shown_plan(roster_key, roster, brief)
        except InfeasibleBriefError as err:
            show_conflict(err, brief)
            where = "the sidebar says what to change"
        except SolverTimeLimitError as err:
            show_time_limit_error(err)
            where = "raise the solver time limit for this brief's plan"
        else:
            last = state.get("last_plan")
            if last is None or last.brief != plan.brief:
                state["previous_plan"], state["last_plan"] = last, plan
            return plan
    last = state.get("last_plan")
    if last is not None:
        st.warning(f"Showing the last plan that worked; {where}.", icon=":material/history:")
    else:
        st.info(f"No plan to show yet: {where}.", icon=":material/hourglass_empty:")
    return last


def render_charts(
    roster_key: str, roster: pd.DataFrame, plan: Plan, big: bool, time_limit: float
) -> None:
    figures = session.figures(roster_key, roster, plan, big, time_limit)
    left, right = st.columns(2)
    for i, key in enumerate(
        ["chart_budget", "chart_scatter", "chart_per_dollar", "chart_followers"]
    ):
        with left if i % 2 == 0 else right:
            st.plotly_chart(figures[key], key=key)
    st.subheader("Micro vs macro, same budget")
    st.plotly_chart(figures["chart_mix"], key="chart_mix")


def render(roster_key: str, roster: pd.DataFrame) -> None:
    big, time_limit = bool(store()["presentation"]), float(store()["time_limit"])
    plan = current_plan(roster_key, roster, current_brief())
    if plan is None:
        return
    show_time_limit_note(plan)
    try:
        greedy = session.greedy(roster_key, roster, plan.brief)
    except InfeasibleBriefError:  # a plan kept from another roster (a saved scenario's)
        kpis.render(plan, None, None)
        render_kept_charts(plan, big)
        return
    if plan.rows.empty:
        why = why_empty(session.candidates(roster_key, roster, plan.brief), plan.brief)
        st.warning(f"**This plan buys nothing.** {why}", icon=":material/money_off:")
    kpis.render(plan, st.session_state.get("previous_plan"), greedy)
    render_charts(roster_key, roster, plan, big, time_limit)


def render_kept_charts(plan: Plan, big: bool) -> None:
    """The charts that need nothing but the plan, for a plan the roster cannot re-make."""
    left, right = st.columns(2)
    for column, key, fig in (
        (left, "chart_budget", charts.budget_by_tier(plan)),
        (right, "chart_followers", charts.followers_distribution(plan)),
    ):
        with column:
            st.plotly_chart(chart_style.apply_presentation(fig, big), key=key)
