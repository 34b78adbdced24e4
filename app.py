"""Influencer campaign planner: routes to the pages; the work is in planner/ and ui/."""

import logging

import streamlit as st

from ui import session, share

st.set_page_config(
    page_title="Influencer campaign planner", page_icon=":material/campaign:", layout="wide"
)
page = st.navigation(
    [
        st.Page("views/plan.py", title="Plan", icon=":material/insights:", default=True),
        st.Page("views/roster.py", title="Roster", icon=":material/groups:"),
        st.Page("views/data.py", title="Roster data", icon=":material/upload_file:"),
        st.Page("views/scenarios.py", title="Scenarios", icon=":material/bookmarks:"),
        st.Page("views/compare.py", title="Compare", icon=":material/compare:"),
        st.Page("views/frontier.py", title="Budget frontier", icon=":material/show_chart:"),
        st.Page("views/method.py", title="Method", icon=":material/menu_book:"),
    ]
)
session.on_page(page.title)
try:
    share.load_from_url()  # a shared link's brief, on the session's first run
    page.run()
except Exception as err:  # the last line of defence: a message, never a traceback
    logging.getLogger("planner").exception("page %s failed", page.title)
    st.error(
        f"Something went wrong while drawing this page ({type(err).__name__}). Your brief "
        "and your last plan are kept: change a control or reload the page. The details are "
        "in the server log.",
        icon=":material/error:",
    )
