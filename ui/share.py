"""The brief in the page URL: the address bar always holds the current brief, and opening
such a link loads its brief into the controls, so it reproduces the same plan."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from planner import share
from planner.brief import Brief
from planner.errors import BriefError
from ui import session
from ui.state import rounding_words
from ui.text import literal

ROSTER_PARAM = "roster"  # which roster the link's plan was made on (its content key)
FILE_PARAM = "roster_file"  # and the name of its file, to say which file to upload


def load_from_url() -> None:
    """On a session's first run, set the controls from a brief in the URL, if it holds one."""
    state = st.session_state
    if state.get(session.URL_LOADED):
        return
    state[session.URL_LOADED] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    if not set(params) & set(Brief.model_fields):
        return
    try:
        rounded = session.load_brief(share.from_query(params))
    except BriefError as err:
        problems = "\n".join(f"- {literal(line)}" for line in str(err).splitlines())
        state[session.URL_NOTE] = (
            "error",
            "The link's brief could not be read; the controls keep their defaults.\n\n" + problems,
        )
        return
    state[session.URL_ROSTER] = tuple(
        (params.get(p) or [""])[0] for p in (ROSTER_PARAM, FILE_PARAM)
    )
    if rounded:
        state[session.URL_NOTE] = (
            "warning",
            f"{rounding_words(rounded)}, so the plan may differ slightly from the link's.",
        )


def show_notes(roster_key: str) -> None:
    """What happened to the link's brief, once; and whether it was made on another roster."""
    note = st.session_state.pop(session.URL_NOTE, None)
    if note is not None:
        kind, text = note
        (st.error if kind == "error" else st.warning)(text, icon=":material/link:")
    wanted, file = st.session_state.pop(session.URL_ROSTER, ("", ""))
    if wanted and wanted != roster_key:
        which = f"“{literal(file)}” ({literal(wanted)})" if file else literal(wanted)
        st.warning(
            f"This link's plan was made on the roster {which}, which this session does not "
            "have: the plan below is on the roster in use. Upload the same file on the Roster "
            "data page to reproduce it.",
            icon=":material/link_off:",
        )


def query(brief: Brief, roster_key: str) -> dict[str, str]:
    out = share.to_query(brief)
    if roster_key != session.SAMPLE_KEY:
        out[ROSTER_PARAM] = roster_key
        upload = session.upload()
        if upload is not None:
            out[FILE_PARAM] = upload.name
    return out


def share_link(roster_key: str) -> None:
    """Keep the address bar on the controls' brief (no rerun) and offer the link to copy.

    A brief the controls cannot make yet (the sidebar says why) leaves the address as it was.
    """
    try:
        brief = session.brief()
    except BriefError:
        return
    params = query(brief, roster_key)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    link = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))
    with st.popover("Share link", icon=":material/link:", use_container_width=True):
        st.caption("Opening this link shows the same brief and plan on the same roster.")
        st.code(link, language=None, wrap_lines=True)
