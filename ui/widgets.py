"""Widgets bound to the control values, so their values outlive the page that draws them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.session import DRAWN, PAGE, WIDGET, controls


def _sync(name: str, then: Callable[[], None] | None) -> None:
    controls()[name] = st.session_state[WIDGET + name]
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
    """Draw `fn(label, ...)` showing the control's value; every change is written back."""
    key = WIDGET + name
    st.session_state.setdefault(DRAWN, {})[name] = st.session_state.get(PAGE)
    if key not in st.session_state:
        kwargs[value_arg] = controls()[name]
    return fn(label, *args, key=key, on_change=_sync, args=(name, then), **kwargs)


def choose_many(label: str, name: str, options: list, **kwargs: Any) -> list:
    """A multiselect bound to the control values; empty means "all"."""
    return bound(st.multiselect, label, name, options, value_arg="default", **kwargs)
