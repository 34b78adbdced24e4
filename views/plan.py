"""Plan: budget and goal in, the best roster and its forecast out, live."""

import streamlit as st

from ui import controls, plan_view, scenarios, session, share, style
from ui.roster import show_in_use

roster_key, roster = session.current_roster()
with st.sidebar:
    show_in_use()
    controls.render(roster)
with style.header("Campaign plan", "the controls"):
    scenarios.save_popover()
    share.share_link(roster_key)
style.presentation(session.controls()["presentation"])
share.show_notes(roster_key)
scenarios.show_note()
plan_view.render(roster_key, roster)
