"""Roster data: bring your own roster, see how it is read and which rows have problems.

Upload an export, check how its columns are read, use it. Nothing here changes the roster in
use until a "Use ..." button is clicked: a file that cannot be read, or has problem rows,
leaves the current roster and brief as they were.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from planner.errors import RosterError, RosterProblem
from planner.roster.ingest import (
    ROW_CAP,
    TARGETS,
    Mapping,
    check_shape,
    load_table,
    read_table,
    suggest_mapping,
)
from planner.roster.schema import OPTIONAL_DEFAULTS, REQUIRED_COLUMNS
from ui import session
from ui.roster import describe_in_use, show_in_use, use_roster
from ui.text import literal

TYPES = ["csv", "tsv", "txt", "xlsx"]
NOT_IN_FILE = "(not in the file)"


@st.cache_data(max_entries=4, show_spinner="Reading the file…")
def _read(data: bytes, name: str) -> pd.DataFrame:
    return read_table(data, name)


@st.cache_data(max_entries=8, show_spinner="Checking every row…")
def _load(
    data: bytes, name: str, columns: tuple[tuple[str, str | None], ...]
) -> tuple[pd.DataFrame, list[RosterProblem], list[str]]:
    """The good rows, the problems, and the notes on share columns read as percentages."""
    roster, mapping, problems = load_table(_read(data, name), name, Mapping(dict(columns)))
    return roster, problems, mapping.percent_notes(literal)


def problem_table(problems: list[RosterProblem]) -> pd.DataFrame:
    """Row (the header is row 1), the file's column, the cell as written, and why."""
    return pd.DataFrame(
        {
            "row": pd.array([p.row for p in problems], dtype="Int64"),
            "column": [p.column or "" for p in problems],
            "value": ["" if p.value is None else str(p.value) for p in problems],
            "reason": [p.reason for p in problems],
        }
    )


def _refused(name: str, problems: list[RosterProblem]) -> None:
    general = [p for p in problems if p.row is None]
    rows = [p for p in problems if p.row is not None]
    st.error(
        "This file cannot be used as a roster: "
        f"{literal('; '.join(str(p) for p in general))}. "
        f"The roster in use has not changed: {describe_in_use()}.",
        icon=":material/error:",
    )
    if rows:
        st.dataframe(problem_table(rows), hide_index=True, key="upload_problems")


def _remember(headers: tuple[str, ...], target: str, widget: str) -> None:
    choice = st.session_state[widget]
    st.session_state.setdefault(session.MAPPINGS, {}).setdefault(headers, {})[target] = choice


def mapping_editor(headers: list[str]) -> Mapping:
    """One select box per roster column, showing the file's header it is read from.

    The first time a set of headers is seen, the suggestion of `suggest_mapping`; after a
    correction, the corrected mapping, for every file with the same headers this session.
    """
    known = tuple(headers)
    chosen = {
        **suggest_mapping(headers).columns,
        **st.session_state.get(session.MAPPINGS, {}).get(known, {}),
    }
    tag = hashlib.sha256("\x1f".join(headers).encode()).hexdigest()[:12]
    st.subheader("Columns")
    st.caption(
        "Which column of the file holds each roster column; * marks the required ones. "
        "Correct any that is wrong: the choice is kept for files with the same headers."
    )
    options = [None, *headers]
    picked = {}
    for start in range(0, len(TARGETS), 3):
        for column, target in zip(st.columns(3), TARGETS[start : start + 3], strict=False):
            widget = f"{session.MAPPING}{tag}_{target}"
            picked[target] = column.selectbox(
                f"{target} \\*" if target in REQUIRED_COLUMNS else target,
                options,
                index=options.index(chosen[target]) if chosen[target] in options else 0,
                format_func=_header_label,
                key=widget,
                on_change=_remember,
                args=(known, target, widget),
            )
    return Mapping(picked)


def _header_label(header: str | None) -> str:
    return NOT_IN_FILE if header is None else header


def _offer(
    name: str,
    roster: pd.DataFrame,
    problems: list[RosterProblem],
    notes: list[str],
    absent: list[str],
) -> None:
    """The file's verdict, the notes on how it was read, the defaults taken for the `absent`
    optional columns, and the button to use it."""
    upload = session.Upload.of(name, roster)
    for note in notes:
        st.info(f"{note}.", icon=":material/percent:")
    if absent:
        defaults = "; ".join(f"**{t}**: {literal(OPTIONAL_DEFAULTS[t])}" for t in absent)
        st.caption(f"Not in the file, so taken from the defaults: {defaults}.")
    if problems:
        bad = len({p.row for p in problems})
        st.warning(
            f"{bad:,} row{'s' if bad != 1 else ''} of {literal(name)} "
            f"{'have' if bad != 1 else 'has'} problems, listed below. Fix them in the file "
            "and upload it again, or go on without them.",
            icon=":material/warning:",
        )
        st.dataframe(problem_table(problems), hide_index=True, key="upload_problems")
        label = f"Use the {len(roster):,} good row{'s' if len(roster) != 1 else ''}"
    else:
        st.success(f"Every row of {literal(name)} can be planned.", icon=":material/check:")
        label = f"Use this roster ({len(roster):,} row{'s' if len(roster) != 1 else ''})"
    st.button(
        label,
        key="use_upload",
        type="primary",
        on_click=use_roster,
        args=(upload,),
        icon=":material/upload:",
    )
    st.caption("The first rows as they will be planned:")
    st.dataframe(roster.head(20), hide_index=True, key="upload_preview")


def render() -> None:
    show_in_use()
    limit = st.get_option("server.maxUploadSize")
    file = st.file_uploader(
        "Your roster: an export as CSV, TSV, TXT or Excel (.xlsx)",
        type=TYPES,
        key="upload_file",
        help=f"Up to {limit} MB and {ROW_CAP:,} rows. The first row names the columns; "
        "numbers may be written as in a spreadsheet: 3.3k, 1.2M, $1,200, 2.5%.",
    )
    if file is None:
        return
    name, data = file.name, file.getvalue()
    try:
        raw = _read(data, name)
        check_shape(raw, name)
    except RosterError as err:
        _refused(name, err.problems)
        return
    mapping = mapping_editor(list(raw.columns))
    missing = mapping.missing()
    if missing:
        st.warning(
            f"Choose which column of the file holds {', '.join(missing)}: every roster "
            "needs one, and no header was recognised as such.",
            icon=":material/warning:",
        )
        return
    try:
        roster, problems, notes = _load(data, name, tuple(mapping.columns.items()))
    except RosterError as err:
        _refused(name, err.problems)
        return
    absent = [t for t in OPTIONAL_DEFAULTS if mapping.columns.get(t) is None]
    _offer(name, roster, problems, notes, absent)


st.title("Roster data")
render()
