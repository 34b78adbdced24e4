"""Widgets bound to the control store, so their values outlive the page that draws them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from planner.brief import Brief
from planner.errors import BriefError
from ui.state import init, rounded_fields, store_values

WIDGET = "w_"  # widget keys are WIDGET + the control's name in the store
PAGE = "page_in_view"  # session_state: the title of the page the current run draws
DRAWN = "drawn_controls"  # session_state: control name -> the page that last drew it


def store() -> dict[str, Any]:
    return init(st.session_state)


def _sync(name: str, then: Callable[[], None] | None) -> None:
    store()[name] = st.session_state[WIDGET + name]
    if then is not None:
        then()


def bound(
    fn: Callable,
    label: str,
    name: str,
    *args: Any,
    value_arg: str = "value",
    then: Callable[[], None] | None = None,
    **kwargs: Any,
) -> Any:
    """Draw `fn(label, ...)` showing the stored value; every change is written back."""
    key = WIDGET + name
    st.session_state.setdefault(DRAWN, {})[name] = st.session_state.get(PAGE)
    if key not in st.session_state:
        kwargs[value_arg] = store()[name]
    return fn(label, *args, key=key, on_change=_sync, args=(name, then), **kwargs)


def on_page(title: str) -> None:
    """Say which page this run draws (app.py, before the page): set_value needs it."""
    st.session_state[PAGE] = title


def set_value(name: str, value: Any) -> None:
    """Change a control from code (in a callback or before it is drawn): the store, and the
    widget's own state. A widget drawn on the page in view takes the value in place
    (dropping its state would redraw it and lose a slider's keyboard focus); for one on
    another page, its state is dropped and `bound` draws it from the store (a value written
    into it would be lost: it came back at its minimum on the Plan page after Adopt on the
    Budget frontier page)."""
    store()[name] = value
    key = WIDGET + name
    page = st.session_state.get(PAGE)
    if key in st.session_state and st.session_state.get(DRAWN, {}).get(name) == page:
        st.session_state[key] = value
    else:
        st.session_state.pop(key, None)


def choose_many(label: str, name: str, options: list, **kwargs: Any) -> list:
    """A multiselect bound to the store; empty means "all"."""
    return bound(st.multiselect, label, name, options, value_arg="default", **kwargs)


def load_brief(brief: Brief) -> list[str]:
    """Set every control to describe `brief` (in a callback, or before the widgets are drawn).

    Returns the brief's fields that the controls could only approximate, for the caller to
    tell the user. A budget under the exact-budget field's $1 raises BriefError.
    """
    if brief.budget < 1:
        raise BriefError(f"the budget of ${brief.budget:g} is below the dashboard's least, $1")
    for name, value in store_values(brief).items():
        set_value(name, value)
    return rounded_fields(brief)
