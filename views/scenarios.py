"""Scenarios: the saved briefs and plans; open, rename, duplicate, delete, export, import."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.errors import InputError, PlannerError, ScenarioFileError, ScenarioNotFound, StoreError
from planner.scenarios.scenario import read_scenario_json, scenario_json
from planner.scenarios.store import ScenarioInfo, Store
from planner.wording import money
from ui import session
from ui.scenarios import open_scenario, scenario_store, when
from ui.text import literal

PLAN_PAGE = "views/plan.py"


def listing(infos: list[ScenarioInfo]) -> None:
    table = pd.DataFrame(
        {
            "Name": [i.name for i in infos],
            "Goal": [i.goal for i in infos],
            "Budget": [i.budget for i in infos],
            "Expected result": [i.objective for i in infos],
            "Roster": [i.roster_key for i in infos],
            "Saved": [when(i.updated_at) for i in infos],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        key="scenario_table",
        column_config={
            "Budget": st.column_config.NumberColumn(format="$%d"),
            "Expected result": st.column_config.NumberColumn(format="compact"),
        },
    )


def _act(action, *args) -> None:
    """Run a store action from a callback; its message (or refusal), which may hold names
    users wrote, shows as text on the next run."""
    try:
        st.session_state[session.SCENARIO_MESSAGE] = ("success", literal(action(*args)))
    except PlannerError as err:
        st.session_state[session.SCENARIO_MESSAGE] = ("error", literal(str(err)))


def _rename(found: Store, info: ScenarioInfo) -> str:
    wanted = st.session_state[f"{session.RENAME_TO}{info.id}"].strip()
    new = found.rename(info.id, wanted)
    taken = f" (“{wanted}” is taken)" if new != wanted else ""
    return f"Renamed “{info.name}” to “{new}”{taken}."


def _duplicate(found: Store, info: ScenarioInfo) -> str:
    copy = found.get(found.duplicate(info.id)).name
    return f"Duplicated “{info.name}” as “{copy}”."


def _delete(found: Store, info: ScenarioInfo) -> str:
    found.delete(info.id)
    return f"Deleted “{info.name}”."


def _import(found: Store) -> str:
    upload = st.session_state.get(session.IMPORT_FILE)
    if upload is None:
        raise InputError("Choose a scenario file (.json) first.")
    try:
        scenario = read_scenario_json(upload.getvalue())
    except ScenarioFileError as err:
        raise InputError(f"{upload.name} was not imported: {err}. Nothing was changed.") from None
    stored = found.get(found.save(scenario)).name
    return f"Imported “{stored}” from {upload.name}."


def actions(found: Store, info: ScenarioInfo) -> None:
    """What can be done with the chosen scenario."""
    name = literal(info.name)
    opened = st.button(f"Open “{name}” on the Plan page", key="open_scenario", type="primary")
    if opened and open_scenario(info.id):
        st.switch_page(PLAN_PAGE)
    rename, copy, export, delete = st.columns(4)
    with rename.popover("Rename", icon=":material/edit:", use_container_width=True):
        # One field per scenario: it starts from that scenario's own name.
        st.text_input(
            "New name", value=info.name, key=f"{session.RENAME_TO}{info.id}", max_chars=120
        )
        st.button("Rename", key="rename", on_click=_act, args=(_rename, found, info))
    copy.button(
        "Duplicate",
        key="duplicate",
        on_click=_act,
        args=(_duplicate, found, info),
        icon=":material/content_copy:",
        use_container_width=True,
    )
    try:
        data = scenario_json(found.get(info.id))
    except ScenarioNotFound:
        data = b""
    export.download_button(
        "Export JSON",
        data,
        f"{info.name}.json",
        "application/json",
        key="export_scenario",
        icon=":material/download:",
        use_container_width=True,
        disabled=not data,
    )
    with delete.popover("Delete", icon=":material/delete:", use_container_width=True):
        st.write(f"Delete “{name}” for everyone who shares this store? This cannot be undone.")
        st.button(
            "Delete for good",
            key="delete",
            on_click=_act,
            args=(_delete, found, info),
            type="primary",
        )


def import_form(found: Store) -> None:
    with st.expander("Import a scenario file", icon=":material/upload:"):
        chosen = st.file_uploader("Scenario (.json)", type=["json"], key=session.IMPORT_FILE)
        st.button(
            "Import", key="import", on_click=_act, args=(_import, found), disabled=chosen is None
        )


def render() -> None:
    found = scenario_store()
    message = st.session_state.pop(session.SCENARIO_MESSAGE, None)
    if message is not None:
        kind, text = message
        (st.success if kind == "success" else st.error)(text)
    if found is None:
        return
    try:
        infos = found.list()
    except StoreError as err:
        st.error(literal(str(err)), icon=":material/error:")
        return
    if not infos:
        st.info("No saved scenarios yet: on the Plan page, use “Save scenario”.")
    else:
        listing(infos)
        chosen = st.selectbox(
            "Scenario",
            infos,
            format_func=lambda i: f"{i.name} · {i.goal}, {money(i.budget)}",
            key="chosen_scenario",
        )
        if chosen is not None:
            actions(found, chosen)
    import_form(found)


st.title("Scenarios")
st.caption(
    "Each scenario keeps a brief and the plan it gave. Open one to plan from it, or put "
    "2 to 4 side by side on the Compare page."
)
render()
