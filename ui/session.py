"""What a session holds: every session_state key, the control values, the roster in use, the
cached calls into planner/ that plan it, and the current brief and plan.

One Planner is cached per roster and brief structure, one plan per budget: a budget change
re-uses the cached Planner, whose solver re-starts from its last basis.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from planner.brief import Brief
from planner.charts import plan as charts
from planner.charts import style as chart_style
from planner.charts.outcome import outcome_distribution
from planner.errors import (
    BriefError,
    Fix,
    InfeasibleBriefError,
    PlannerError,
    SolverTimeLimitError,
)
from planner.forecast import GOAL_METRIC
from planner.optimize.mixes import BEST_MIX, alternatives
from planner.optimize.optimizer import Planner
from planner.plan import Plan, better_of
from planner.roster.schema import load_roster
from planner.simulate import outcome
from ui.state import DEFAULTS, brief_fields, control_values, rounded_fields
from ui.text import literal

# session_state keys. The controls' values live in one dict of their own, apart from the
# widgets' state, which Streamlit drops for widgets that the current page does not draw; so
# the brief survives moving between pages.
CONTROLS = "brief_ui"  # control name -> value: every control of the brief (and filters)
WIDGET = "w_"  # a control's widget key is WIDGET + its name
PAGE = "page_in_view"  # the title of the page the current run draws
DRAWN = "drawn_controls"  # control name -> the page that last drew it
UPLOADED = "uploaded_roster"  # the Upload in use; absent while the sample is
ROSTER_SWITCHED = "roster_switched"  # what the last switch of roster left out of the brief
LAST_PLAN = "last_plan"  # the plan on screen: the last one that worked
PREVIOUS_PLAN = "previous_plan"  # the one before it, for the KPIs' "since last plan"
FIX_REFUSED = "fix_refused"  # why the fix just clicked could not be applied
ADOPTED_PLAN = "goal_seek_plan"  # the goal seek's plan adopted on the frontier
ADOPTED_BUDGET = "goal_seek_adopted"  # the budget last adopted from it
GOAL_SEEK = "goal_seek"  # the last target asked for, (target, metric)
SEEK_TARGET, SEEK_METRIC = "seek_target", "seek_metric"  # the goal seek form's widgets
SAVE_NAME = "save_name"  # the Save scenario name field (a widget)
SAVE_REFUSED = "save_refused"  # why the last Save scenario saved nothing
SCENARIO_NOTE = "scenario_note"  # (brief, kind, text) shown while that brief is current
SCENARIO_MESSAGE = "scenario_message"  # (kind, text) of the last action on the Scenarios page
RENAME_TO = "rename_to_"  # + a scenario's id: its Rename field (a widget)
IMPORT_FILE = "import_file"  # the scenario file to import (a widget)
URL_LOADED = "url_loaded"  # the URL's brief was read on this session's first run
URL_NOTE = "url_note"  # (kind, text): what happened to the URL's brief
URL_ROSTER = "url_roster"  # (roster key, file name) the link's plan was made on
EDITOR = "roster_editor_"  # + EDITOR_VERSION's value: the Roster page's editor (a widget)
EDITOR_VERSION = "roster_editor_version"  # bumped to draw that editor anew
MAPPINGS = "roster_mappings"  # an upload's headers -> the column mapping chosen
MAPPING = "map_"  # + headers' tag and roster column: a mapping select box (a widget)

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "influencers.csv"
SAMPLE_KEY = "sample"
TIME_LIMIT = DEFAULTS["time_limit"]  # solver seconds, unless the caller says otherwise


# The control values.


def controls() -> dict[str, Any]:
    """The dict of control values, filled with defaults on a session's first run."""
    values = st.session_state.setdefault(CONTROLS, {})
    for key, value in DEFAULTS.items():
        values.setdefault(key, type(value)(value) if isinstance(value, list | dict) else value)
    return values


def on_page(title: str) -> None:
    """Say which page this run draws (app.py, before the page): set_value needs it."""
    st.session_state[PAGE] = title


def set_value(name: str, value: Any) -> None:
    """Change a control from code (in a callback or before it is drawn): its value, and the
    widget's own state. A widget drawn on the page in view takes the value in place
    (dropping its state would redraw it and lose a slider's keyboard focus); for one on
    another page, its state is dropped and `widgets.bound` draws it from the value (a value
    written into it would be lost: it came back at its minimum on the Plan page after Adopt on
    the Budget frontier page)."""
    controls()[name] = value
    key = WIDGET + name
    page = st.session_state.get(PAGE)
    if key in st.session_state and st.session_state.get(DRAWN, {}).get(name) == page:
        st.session_state[key] = value
    else:
        st.session_state.pop(key, None)


def load_brief(brief: Brief) -> list[str]:
    """Set every control to describe `brief` (in a callback, or before the widgets are drawn).

    Returns the brief's fields that the controls could only approximate, for the caller to
    tell the user. A budget under the exact-budget field's $1 raises BriefError.
    """
    if brief.budget < 1:
        raise BriefError(f"the budget of ${brief.budget:g} is below the dashboard's least, $1")
    for name, value in control_values(brief).items():
        set_value(name, value)
    return rounded_fields(brief)


def brief() -> Brief:
    """The brief the controls describe (raises BriefError when they describe none)."""
    return Brief.parse(brief_fields(controls()))


# The roster in use.


@st.cache_data(show_spinner=False)
def sample_roster() -> pd.DataFrame:
    return load_roster(SAMPLE)


@dataclass(frozen=True)
class Upload:
    """A roster read from a user's file; `key` names its content for the caches below."""

    key: str
    name: str
    roster: pd.DataFrame

    @classmethod
    def of(cls, name: str, roster: pd.DataFrame) -> Upload:
        rows = pd.util.hash_pandas_object(roster, index=False).to_numpy().tobytes()
        digest = hashlib.sha256(rows + ",".join(roster.columns).encode()).hexdigest()
        return cls(f"upload:{digest[:16]}", name, roster)


def upload() -> Upload | None:
    """The uploaded roster in use, or None while the sample is."""
    return st.session_state.get(UPLOADED)


def current_roster() -> tuple[str, pd.DataFrame]:
    """The roster in use and its cache key: the uploaded one, or else the sample."""
    found = upload()
    return (found.key, found.roster) if found else (SAMPLE_KEY, sample_roster())


# Cached calls into planner/.


@st.cache_resource(max_entries=24, show_spinner=False)
def _planner(roster_key: str, structure: str, _roster: pd.DataFrame) -> Planner:
    brief = Brief.model_validate_json(structure)
    return Planner(_roster, brief)


@st.cache_data(max_entries=512, show_spinner=False)
def _plan(
    roster_key: str,
    structure: str,
    budget: float,
    _roster: pd.DataFrame,
    method: str,
    time_limit: float = TIME_LIMIT,
) -> Plan:
    planner = _planner(roster_key, structure, _roster)
    if method == "greedy":
        return planner.greedy(budget)
    return planner.plan(budget, exact=method == "exact", time_limit=time_limit)


def plan(
    roster_key: str,
    roster: pd.DataFrame,
    brief: Brief,
    time_limit: float = TIME_LIMIT,
    *,
    exact: bool = False,
) -> Plan:
    """The live plan (`exact`: the exact path's) within `time_limit` solver seconds (raises
    InfeasibleBriefError with what to change, or SolverTimeLimitError when no plan was found
    in time)."""
    method = "exact" if exact else "live"
    return _plan(roster_key, brief.structure(), brief.budget, roster, method, time_limit)


def shown_plan(roster_key: str, roster: pd.DataFrame, brief: Brief) -> Plan:
    """The plan the app shows, draws and saves for `brief`: the live plan (or with the exact
    option, the exact one) within the Plan page's time limit, or the goal seek's plan adopted
    for this brief when it reaches more (the live plan at that budget may fall a little short
    of the target). Raises as `plan`."""
    values = controls()
    planned = plan(
        roster_key, roster, brief, float(values["time_limit"]), exact=bool(values["exact"])
    )
    adopted = st.session_state.get(ADOPTED_PLAN)
    return planned if adopted is None else better_of(planned, adopted)


def greedy(roster_key: str, roster: pd.DataFrame, brief: Brief) -> Plan:
    return _plan(roster_key, brief.structure(), brief.budget, roster, "greedy")


def candidates(roster_key: str, roster: pd.DataFrame, brief: Brief) -> pd.DataFrame:
    return _planner(roster_key, brief.structure(), roster).cands


def mix_plans(
    roster_key: str, roster: pd.DataFrame, brief: Brief, time_limit: float = TIME_LIMIT
) -> dict[str, Plan | None]:
    """Micro only, macro and mega only, and the best mix found; None where impossible (or where
    no plan was found in time)."""
    return {
        name: _mix(roster_key, alt.structure(), alt.budget, roster, time_limit)
        for name, alt in alternatives(brief).items()
    }


@st.cache_data(max_entries=512, show_spinner=False)
def _mix(
    roster_key: str, structure: str, budget: float, _roster: pd.DataFrame, time_limit: float
) -> Plan | None:
    """One mix's live plan; None where impossible or none was found in time (cached too: an
    impossible mix is diagnosed once, not on every run)."""
    try:
        return _plan(roster_key, structure, budget, _roster, "live", time_limit)
    except PlannerError:
        return None


def shown_mixes(
    roster_key: str, roster: pd.DataFrame, shown: Plan, time_limit: float = TIME_LIMIT
) -> dict[str, Plan | None]:
    """Micro only and macro and mega only at the shown plan's brief, and the shown plan itself
    as the best mix found (it may be the exact or an adopted plan): the Plan page's chart and
    deck."""
    return {**mix_plans(roster_key, roster, shown.brief, time_limit), BEST_MIX: shown}


PLAN_CHARTS = ("chart_budget", "chart_scatter", "chart_per_dollar", "chart_followers", "chart_mix")
OUTCOME_CHART = "chart_outcome"  # drawn after the others and the KPI line's range
THIS_PLAN = "This plan"


@st.cache_data(max_entries=256 * (len(PLAN_CHARTS) + 1), show_spinner=False)
def _figure(
    name: str,
    roster_key: str,
    structure: str,
    budget: float,
    objective: float,
    _roster: pd.DataFrame,
    _shown: Plan,
    big: bool,
    time_limit: float,
) -> go.Figure:
    """One of the Plan page's charts of `_shown` (told apart by brief, budget and objective:
    the live plan or an adopted one)."""
    brief = _shown.brief
    metric = GOAL_METRIC[brief.goal]
    if name == "chart_budget":
        fig = charts.budget_by_tier(_shown)
    elif name == "chart_scatter":
        fig = charts.candidates_scatter(candidates(roster_key, _roster, brief), _shown, metric)
    elif name == "chart_per_dollar":
        cands = candidates(roster_key, _roster, brief)
        fig = charts.result_per_dollar_by_tier(_shown, cands, metric)
    elif name == "chart_followers":
        fig = charts.followers_distribution(_shown)
    elif name == "chart_mix":
        fig = charts.mix_comparison(shown_mixes(roster_key, _roster, _shown, time_limit), metric)
    elif name == OUTCOME_CHART:
        drawn = {THIS_PLAN: goal_draws(roster_key, _shown)}
        fig = outcome_distribution(drawn, {THIS_PLAN: _shown.totals[metric]}, metric)
    else:
        raise KeyError(name)
    return chart_style.apply_presentation(fig, big)


@st.cache_data(max_entries=256, show_spinner=False)
def _goal_draws(
    roster_key: str, structure: str, budget: float, objective: float, _shown: Plan
) -> np.ndarray:
    """The goal's simulated outcomes of a plan (told apart as `_figure` tells them), drawn once
    for the KPI line's range and the Range of outcomes chart."""
    return outcome(_shown.rows, _shown.brief).draws(GOAL_METRIC[_shown.brief.goal])


def goal_draws(roster_key: str, shown: Plan) -> np.ndarray:
    brief = shown.brief
    return _goal_draws(roster_key, brief.structure(), brief.budget, shown.objective, shown)


def figure(
    name: str,
    roster_key: str,
    roster: pd.DataFrame,
    shown: Plan,
    big: bool,
    time_limit: float = TIME_LIMIT,
) -> go.Figure:
    """One of the Plan page's charts (PLAN_CHARTS, OUTCOME_CHART) of the plan shown, cached: a
    budget seen before draws at once. One at a time, so that each is sent to the browser, which
    draws it, while the next is made."""
    brief = shown.brief
    return _figure(
        name,
        roster_key,
        brief.structure(),
        brief.budget,
        shown.objective,
        roster,
        shown,
        big,
        time_limit,
    )


# The current brief and plan, or what stops them (on the Plan and Roster pages).


def current_brief() -> Brief | None:
    """The brief the controls describe, or None after showing what is wrong with it."""
    try:
        return brief()
    except BriefError as err:
        lines = "\n\n".join(literal(line) for line in str(err).splitlines())
        st.sidebar.error(f"This brief cannot be read:\n\n{lines}", icon=":material/error:")
        return None


def set_last_plan(plan: Plan) -> None:
    """Make `plan` the one on screen, with no plan before it (an opened scenario's)."""
    st.session_state[PREVIOUS_PLAN], st.session_state[LAST_PLAN] = None, plan


def forget_plans() -> None:
    """Drop the plans on screen (made from another roster)."""
    for key in (LAST_PLAN, PREVIOUS_PLAN):
        st.session_state.pop(key, None)


def last_plan() -> Plan | None:
    return st.session_state.get(LAST_PLAN)


def current_plan(roster_key: str, roster: pd.DataFrame, brief: Brief | None) -> Plan | None:
    """Plan the brief; on an impossible brief (or none found in time), show why and return
    the last plan that worked, saying so, so the screen never goes blank."""
    state = st.session_state
    where = "the sidebar says which control to fix"  # an unreadable brief: brief is None
    if brief is not None:
        try:
            plan = shown_plan(roster_key, roster, brief)
        except InfeasibleBriefError as err:
            _show_conflict(err, brief)
            where = "the sidebar says what to change"
        except SolverTimeLimitError as err:
            _show_time_limit_error(err)
            where = "raise the solver time limit for this brief's plan"
        else:
            last = last_plan()
            if last is None or (last.brief, last.method) != (plan.brief, plan.method):
                state[PREVIOUS_PLAN], state[LAST_PLAN] = last, plan
            return plan
    last = last_plan()
    if last is not None:
        st.warning(f"Showing the last plan that worked; {where}.", icon=":material/history:")
    else:
        st.info(f"No plan to show yet: {where}.", icon=":material/hourglass_empty:")
    return last


def _show_conflict(err: InfeasibleBriefError, brief: Brief) -> None:
    """Which rules conflict and what would fix them, next to the controls; one click applies
    a fix that can be said as brief fields."""
    conflict = err.conflict
    reason = literal(conflict.reason)  # it may name handles from the user's file
    fixes = "\n".join(f"- {literal(f)}" for f in conflict.fixes)
    # Also in the main area: presentation mode hides the sidebar.
    st.error(f"**This brief has no plan:** {reason}.", icon=":material/block:")
    st.sidebar.error(
        f"**No plan keeps every rule:** {reason}.\n\n**To fix it:**\n{fixes}",
        icon=":material/block:",
    )
    refused = st.session_state.pop(FIX_REFUSED, None)
    if refused:
        st.sidebar.warning(f"That fix could not be applied: {literal(refused)}")
    for i, fix in enumerate(f for f in conflict.fixes if f.changes):
        st.sidebar.button(
            f"Apply: {literal(fix)}",
            key=f"fix_{i}",
            on_click=apply_fix,
            args=(fix, brief),
            icon=":material/auto_fix_high:",
        )


def apply_fix(fix: Fix, brief: Brief) -> None:
    """Set the controls to `brief` with `fix` applied (a button's callback); a fix the brief's own
    checks refuse is said by the next run."""
    try:
        load_brief(fix.apply(brief))
    except BriefError as err:  # a fix that the brief's own checks refuse
        st.session_state[FIX_REFUSED] = str(err)


def _show_time_limit_error(err: SolverTimeLimitError) -> None:
    """No plan found in time: say so (in the main area too, for presentation mode), and what
    to change. This is no proof that the brief has no plan."""
    st.error(
        f"**No plan found in {err.seconds:g} s.** The solver's time limit stopped it before "
        "it found a plan that keeps every rule; the brief may still have one. Raise "
        "**Solver time limit (s)** under Content and assumptions, or simplify the rules "
        "(fewer minimum counts and spend shares).",
        icon=":material/timer_off:",
    )
