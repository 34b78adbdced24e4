"""Plan: budget and goal in, the best roster and its forecast out, live."""

import streamlit as st

from ui import controls, plan_view, roster_source, scenarios, session, share_view, style
from ui.widgets import store

roster_key, roster = session.current_roster()
with st.sidebar:
    roster_source.in_use()
    controls.render(roster)
with style.header("Campaign plan", "the controls"):
    scenarios.save_popover()
    share_view.share_link(roster_key)
style.presentation(store()["presentation"])
share_view.show_notes(roster_key)
scenarios.show_note()
plan_view.render(roster_key, roster)
