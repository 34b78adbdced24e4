"""Saved scenarios in the app: the scenario store, saving the current plan, opening one.

Opening a scenario loads its brief into the controls and re-plans on the roster in use. When
that no longer works (a pinned handle left the roster), the Plan page shows the saved plan,
intact, with a note saying why.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from planner.errors import (
    BriefError,
    InfeasibleBriefError,
    PlannerError,
    ScenarioNotFound,
    SolverTimeLimitError,
    StoreError,
)
from planner.scenarios.scenario import Scenario
from planner.scenarios.store import Store
from planner.wording import money
from ui import session
from ui.state import rounding_words
from ui.text import literal


@st.cache_resource(show_spinner=False)
def _open_store() -> Store:
    return Store()  # the URL from PLANNER_DB_URL / PLANNER_DB_PATH, else var/scenarios.db


def scenario_store() -> Store | None:
    """The scenario store, or None after saying why it cannot be opened."""
    try:
        return _open_store()
    except StoreError as err:
        st.error(f"Saved scenarios are unavailable: {literal(str(err))}", icon=":material/error:")
        return None


def roster_name() -> str:
    upload = session.upload()
    return upload.name if upload else "sample roster"


def default_name() -> str:
    try:
        brief = session.brief()
    except BriefError:
        return "Scenario"
    return f"{brief.goal.value.capitalize()}, {money(brief.budget)}"


def save_current() -> None:
    """Save the controls' brief and its plan under the typed name, or the suggested one (a
    callback: the result in a toast). The name is read here, not passed in: a name typed
    just before the click reaches the callback only through the session state."""
    name = st.session_state.get(session.SAVE_NAME, "").strip() or default_name()
    found = scenario_store()
    if found is None:
        return
    key, roster = session.current_roster()
    try:
        plan = session.shown_plan(key, roster, session.brief())
        saved_id = found.save(Scenario.of(name, plan, key, roster_name()))
    except (BriefError, InfeasibleBriefError):
        st.session_state[session.SAVE_REFUSED] = (
            "This brief has no plan, so there is nothing to save: fix it first (the sidebar "
            "says how)."
        )
        return
    except SolverTimeLimitError as err:
        st.session_state[session.SAVE_REFUSED] = (
            f"No plan was found within the solver's time limit of {err.seconds:g} s, so there "
            "is nothing to save: raise the time limit under Content and assumptions."
        )
        return
    except PlannerError as err:  # a name the store refuses, or the store itself
        st.session_state[session.SAVE_REFUSED] = f"Not saved: {err}"
        return
    st.session_state[session.SAVE_NAME] = ""  # the next save suggests its own name
    stored = found.get(saved_id).name
    st.toast(f"Saved as “{literal(stored)}”.", icon=":material/bookmark_added:")


def save_popover() -> None:
    """'Save scenario': a name and a button, next to the presentation toggle."""
    with st.popover("Save scenario", icon=":material/bookmark_add:", use_container_width=True):
        st.text_input(
            "Name",
            key=session.SAVE_NAME,
            max_chars=120,
            placeholder=default_name(),
            help="Left empty, the scenario takes the name shown in grey.",
        )
        st.button("Save", key="save_scenario", on_click=save_current, type="primary")
    refused = st.session_state.pop(session.SAVE_REFUSED, None)
    if refused:
        st.error(refused, icon=":material/bookmark_remove:")


def open_scenario(scenario_id: int) -> bool:
    """Load a saved scenario as the current brief; False (after saying why) if it is gone."""
    found = scenario_store()
    try:
        scenario = found.get(scenario_id) if found else None
    except ScenarioNotFound as err:
        st.error(literal(str(err)))
        return False
    if scenario is None:
        return False
    rounded = session.load_brief(scenario.brief)
    key, roster = session.current_roster()
    name = literal(scenario.name)
    note = f"Opened scenario “{name}”."
    kind = "info"
    if scenario.roster_key != key:
        note += (
            f" It was planned on {literal(scenario.roster_name or scenario.roster_key)}; "
            f"this plan is re-made on {literal(roster_name())}."
        )
    if rounded:
        note += f" {rounding_words(rounded)}."
    try:
        plan = session.shown_plan(key, roster, scenario.brief)
    except (InfeasibleBriefError, SolverTimeLimitError) as err:
        session.set_last_plan(scenario.plan.to_plan(scenario.brief))
        kind = "warning"
        why = (
            literal(err.conflict.reason)
            if isinstance(err, InfeasibleBriefError)
            else f"no plan was found within the solver's time limit of {err.seconds:g} s"
        )
        note = (
            f"Scenario “{name}” no longer re-plans against {literal(roster_name())}: {why}. "
            "Below is its plan as saved; the sidebar says what to change for a new one."
        )
    else:
        session.set_last_plan(plan)
    st.session_state[session.SCENARIO_NOTE] = (scenario.brief, kind, note)
    return True


def show_note() -> None:
    """The note of the scenario just opened, while its brief is the current one."""
    note = st.session_state.get(session.SCENARIO_NOTE)
    if note is None:
        return
    brief, kind, text = note
    try:
        current = session.brief()
    except BriefError:
        current = None
    if current != brief:
        del st.session_state[session.SCENARIO_NOTE]
        return
    (st.warning if kind == "warning" else st.info)(text, icon=":material/bookmark:")


def when(moment: datetime) -> str:
    return f"{moment:%d %b %Y, %H:%M}"
