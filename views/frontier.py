"""Budget frontier: what each budget buys, and the least budget that reaches a target.

The frontier around the brief's budget, the value of the next $1,000 there, and the least
budget that reaches a target (with one click to adopt it). Every plan on it gets the Plan
page's solver time limit; a budget where that stopped the solver before any plan is left out
of the chart with a note saying so (it is not impossible)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.brief import Brief
from planner.charts import frontier as frontier_chart
from planner.charts import style as chart_style
from planner.errors import InfeasibleBriefError, SolverTimeLimitError
from planner.forecast import GOAL_METRIC
from planner.optimize.frontier import (
    MARGINAL_STEP,
    SERIES,
    FrontierPoint,
    budgets_around,
    frontier,
    marginal_value,
)
from planner.optimize.goalseek import METRIC_GOAL, least_budget_for
from planner.optimize.mixes import ignored_by_mix
from planner.plan import Plan
from planner.wording import metric_noun, money, round_up
from ui import explain, session, style
from ui.state import BUDGET_STOPS
from ui.text import count_words, literal

LOWEST, HIGHEST = 1_000, 1_000_000  # the Plan page's exact-budget control


@st.cache_data(max_entries=32, show_spinner=False)
def _frontier(
    roster_key: str, brief_json: str, time_limit: float, _roster: pd.DataFrame
) -> list[FrontierPoint]:
    """The frontier at ~20 budgets around the brief's, each plan within `time_limit` solver
    seconds. Its progress bar is drawn and removed in here, so that a cache hit (Streamlit
    replays the bar's messages) shows nothing."""
    brief = Brief.model_validate_json(brief_json)
    budgets = budgets_around(brief.budget)
    bar = st.progress(0.0, text=f"Planning {len(budgets)} budgets…")

    def progress(done: float) -> None:
        bar.progress(done, text=f"Planning {len(budgets)} budgets… {done:.0%}")

    points = frontier(_roster, brief, budgets, progress=progress, time_limit=time_limit)
    bar.empty()
    return points


@st.cache_data(max_entries=64, show_spinner="Finding the least budget…")
def _least_budget(
    roster_key: str,
    structure: str,
    target: float,
    metric: str,
    time_limit: float,
    _roster: pd.DataFrame,
) -> tuple[Plan | None, str]:
    """The goal seek's plan, or None and why no budget reaches the target."""
    brief = Brief.model_validate_json(structure)
    try:
        return least_budget_for(_roster, brief, target, metric=metric, time_limit=time_limit), ""
    except InfeasibleBriefError as err:
        fixes = "; ".join(str(f) for f in err.conflict.fixes)
        return None, f"{err.conflict.reason}. To fix it: {fixes}."
    except SolverTimeLimitError:
        return None, (
            f"no plan reaching {target:,.0f} {metric} was found within {time_limit:g} s: raise "
            "the solver time limit on the Plan page, or lower the target"
        )


def _adopt(budget: float, goal: str, plan: Plan) -> None:
    """Make this the Plan page's budget (and goal), the slider at its nearest stop; and offer
    the Plan page the goal seek's plan, which reaches the target (the live plan at the same
    budget may fall a little short of it)."""
    session.set_value("budget", budget)
    session.set_value("budget_slider", min(BUDGET_STOPS, key=lambda b: abs(b - budget)))
    session.set_value("goal", goal)
    st.session_state[session.ADOPTED_BUDGET] = budget
    st.session_state[session.ADOPTED_PLAN] = plan


def _ask() -> None:
    """The form was submitted: its target and metric become the request to answer."""
    state = st.session_state
    target = state[session.SEEK_TARGET]
    state[session.GOAL_SEEK] = None if target is None else (target, state[session.SEEK_METRIC])


def _seek_form(metric: str) -> None:
    """Target and metric, sent together by the form's button."""
    with st.form("seek_form", border=False):
        left, right, submit = st.columns([2, 2, 1], vertical_alignment="bottom")
        left.number_input(
            "Expected result to reach", min_value=1.0, value=None, step=1_000.0,
            placeholder="e.g. 2,000,000", key=session.SEEK_TARGET, format="%.0f",
        )  # fmt: skip
        metrics = list(METRIC_GOAL)
        right.selectbox(
            "Of", metrics, index=metrics.index(metric), key=session.SEEK_METRIC,
            format_func=metric_noun,
        )  # fmt: skip
        submit.form_submit_button(
            "Find the least budget", type="primary", key="seek_go", on_click=_ask
        )


def _seek(roster_key: str, roster: pd.DataFrame, brief: Brief) -> tuple[Plan | None, str]:
    """The answer to the last target asked for, under this brief (None, "" if none asked)."""
    request = st.session_state.get(session.GOAL_SEEK)
    if request is None:
        return None, ""
    target, metric = request
    structure = brief.structure()
    time_limit = float(session.controls()["time_limit"])
    return _least_budget(roster_key, structure, target, metric, time_limit, roster)


def _seek_answer(plan: Plan | None, problem: str) -> None:
    if plan is None:
        st.warning(
            f"**No budget reaches that target:** {literal(problem)}", icon=":material/block:"
        )
        return
    metric, budget = GOAL_METRIC[plan.brief.goal], plan.brief.budget
    proven = (
        "the least possible"
        if plan.status == "optimal"
        else "the least found (not proven least to the dollar)"
    )
    st.success(
        f"**{money(budget)}** reaches {plan.objective:,.0f} {metric_noun(metric)}: {proven}, "
        f"with {count_words(plan.totals['influencers'], 'influencer')} and every rule kept.",
        icon=":material/flag:",
    )
    if budget > HIGHEST:
        st.caption(
            f"The Plan page's budget goes up to {money(HIGHEST)}: this one cannot be adopted."
        )
        return
    adopt = max(round_up(budget), LOWEST)  # the controls hold whole dollars
    st.button(
        "Adopt as the current plan",
        key="seek_adopt",
        on_click=_adopt,
        args=(adopt, METRIC_GOAL[metric].value, plan),
        icon=":material/check:",
        help="Sets the Plan page's budget (and goal) to this: its plan then reaches the target.",
    )
    if st.session_state.get(session.ADOPTED_BUDGET) == adopt:
        st.page_link("views/plan.py", label=f"Budget set to {money(adopt)}: open the Plan page")


def _marginal(points: list[FrontierPoint], budget: float, metric: str) -> None:
    noun = metric_noun(metric)
    try:
        value = f"+{marginal_value(points, budget):,.0f}"  # the unit in the label: no cut-off
        note = (
            f"About what another {money(MARGINAL_STEP)} buys at {money(budget)}: the slope of the "
            "bound between the budgets either side. Where it is small, more budget buys little."
        )
    except ValueError as err:
        value, note = "—", str(err).capitalize() + "."
    label = f"Value of the next {money(MARGINAL_STEP)}, in {noun}"
    st.metric(label, value, border=True, help=note)
    st.caption(note)


def _money_list(budgets: list[float]) -> str:
    """'$1,000, $2,000 and $3,000', or for many 'N budgets from $a to $b'."""
    amounts = [money(b) for b in budgets]
    if len(amounts) > 3:
        return f"{len(amounts)} budgets from {amounts[0]} to {amounts[-1]}"
    return amounts[0] if len(amounts) == 1 else f"{', '.join(amounts[:-1])} and {amounts[-1]}"


def _time_limit_note(points: list[FrontierPoint], time_limit: float) -> str | None:
    """Where the solver's time limit left a series without a plan: which series, at which
    budgets, and that this proves nothing (None when it left none)."""
    late = {name: [p.budget for p in points if name in p.timed_out] for name in SERIES}
    parts = [
        f"{frontier_chart.FRONTIER_SERIES[name][0]} at {_money_list(budgets)}"
        for name, budgets in late.items()
        if budgets
    ]
    if not parts:
        return None
    return (
        f"**No plan found in time at some budgets:** the solver's time limit of {time_limit:g} s "
        f"stopped it before it found any plan for: {'; '.join(parts)}. Those points are "
        "missing from the chart, not impossible: the budget may well have a plan. Raise "
        "**Solver time limit (s)** on the Plan page (under Content and assumptions) to plan them."
    )


def render(roster_key: str, roster: pd.DataFrame) -> None:
    brief = session.current_brief()
    if brief is None:
        st.info("The brief on the Plan page cannot be read: fix it there first.")
        return
    metric = GOAL_METRIC[brief.goal]
    budgets = budgets_around(brief.budget)
    st.caption(
        f"The brief on the Plan page, planned at {len(budgets)} budgets from "
        f"{money(budgets[0])} to {money(budgets[-1])}."
    )
    time_limit = float(session.controls()["time_limit"])
    points = _frontier(roster_key, brief.model_dump_json(), time_limit, roster)
    late = _time_limit_note(points, time_limit)
    seek, problem = _seek(roster_key, roster, brief)
    star = None
    if seek is not None and seek.brief.goal == brief.goal:
        star = (seek.brief.budget, seek.objective)
    ignores = ignored_by_mix(brief)
    figure = frontier_chart.budget_frontier(points, metric, brief.budget, star, ignores)
    if all(p.optimal is None for p in points) and any("optimal" in p.timed_out for p in points):
        # Not "no plan keeps every rule at these budgets": that is not known.
        figure.update_layout(
            title_subtitle_text="No plan found within the solver's time limit: see the note below"
        )
    chart_style.apply_presentation(figure, session.controls()["presentation"])
    chart, side = st.columns([3, 1])
    chart.plotly_chart(figure, key="chart_frontier")
    with chart:
        explain.mixes_note(brief)
    with side:
        _marginal(points, brief.budget, metric)
    if late:
        st.warning(late, icon=":material/timer_off:")
    st.subheader("Least budget for a target")
    _seek_form(metric)
    if seek is not None or problem:
        _seek_answer(seek, problem)


roster_key, roster = session.current_roster()
st.title("Budget frontier")
style.presentation(session.controls()["presentation"])
render(roster_key, roster)
