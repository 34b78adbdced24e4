"""Which roster is in use, said on every page that plans, and switching between rosters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import session
from ui.text import literal

# Controls that name roster values, and the roster column the values come from.
_NAMED = (
    ("platforms", "platform"),
    ("categories", "category"),
    ("countries", "audience_country"),
    ("f_platform", "platform"),
    ("f_category", "category"),
    ("pinned", "handle"),
    ("excluded", "handle"),
)


def describe_in_use() -> str:
    """The roster in use, in words (Markdown): its file name and rows."""
    upload = session.upload()
    _, roster = session.current_roster()
    name = literal(upload.name) if upload else "the sample roster (synthetic)"
    return f"{name} · {len(roster):,} row{'s' if len(roster) != 1 else ''}"


def show_in_use() -> None:
    """Say which roster the plan uses; offer the sample back when it is an upload."""
    st.caption(f"Roster: {describe_in_use()}")
    left_out = st.session_state.pop(session.ROSTER_SWITCHED, None)
    if left_out:
        st.info(
            "Not in this roster, so taken out of the brief: " + literal(", ".join(left_out)),
            icon=":material/info:",
        )
    if session.UPLOADED in st.session_state:
        st.button(
            "Use the sample roster again",
            key="use_sample",
            on_click=use_roster,
            args=(None,),
            icon=":material/restart_alt:",
        )


def use_roster(upload: session.Upload | None) -> None:
    """Plan with `upload` from now on (None: the sample), in a button's callback.

    The brief stays, less the platforms, niches, countries and handles that the new roster
    does not have (a multiselect cannot hold an option it does not offer); the last plans,
    made from the other roster, go.
    """
    if upload is None:
        st.session_state.pop(session.UPLOADED, None)
    else:
        st.session_state[session.UPLOADED] = upload
    _, roster = session.current_roster()
    left_out = _fit_brief(roster)
    if left_out:
        st.session_state[session.ROSTER_SWITCHED] = left_out
    session.forget_plans()
    fresh_editor()


def _fit_brief(roster: pd.DataFrame) -> list[str]:
    left_out: list[str] = []
    for name, column in _NAMED:
        present = set(roster[column])
        chosen = session.controls()[name]
        kept = [v for v in chosen if v in present]
        if kept != list(chosen):
            session.set_value(name, kept)
            left_out += [v for v in chosen if v not in present and v not in left_out]
    return left_out


def editor_key() -> str:
    """The widget key of the Roster page's editor of pins and exclusions."""
    return f"{session.EDITOR}{st.session_state.setdefault(session.EDITOR_VERSION, 0)}"


def fresh_editor() -> None:
    """Draw the Roster page's editor anew next time, without the ticks it holds for the rows
    it showed."""
    st.session_state[session.EDITOR_VERSION] = st.session_state.get(session.EDITOR_VERSION, 0) + 1
