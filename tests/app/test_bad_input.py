"""The bad-input matrix (tests/helpers/bad_inputs.py), each case through both front doors.

The command line runs as a real process (`python -m planner plan`): bad input exits 2 with
exactly the expected stderr, never 1 (a crash) or a traceback. The app takes each file
through its upload page with another roster already in use: it shows exactly the expected
message, raises nothing, and keeps that roster and the brief until the user says otherwise.
A brief the time limit cuts short plans in both (exit 0), with the best plan found and how
close it is; none found in time is said so, and never called impossible.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planner.export import neutralise
from planner.roster.ingest import load_any
from planner.wording import seconds_words
from tests.helpers.bad_inputs import (
    CASES,
    FILE_PROBLEM,
    PREVIOUS,
    PREVIOUS_SHOWN,
    Case,
    above_the_row_cap,
    generated,
)
from ui.session import CONTROLS, LAST_PLAN, UPLOADED, Upload
from ui.state import DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
BUDGET = 50_000


def plural(n: int, word: str = "row") -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def data_of(case: Case) -> bytes:
    if case.generated:
        return generated(case.generated)
    return above_the_row_cap() if case.id == "above the row cap" else case.data


def budget_of(case: Case) -> float:
    return case.brief.get("budget", BUDGET)


# --- the command line -----------------------------------------------------------------------


def run_plan(case: Case, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    roster = tmp_path / case.name
    roster.write_bytes(data_of(case))
    args = ["--roster", str(roster), "--budget", str(BUDGET)]
    if case.brief:
        brief = tmp_path / "brief.json"
        brief.write_text(json.dumps(case.brief), encoding="utf-8")
        args = ["--roster", str(roster), "--brief", str(brief)]
    return subprocess.run(
        [sys.executable, "-m", "planner", "plan", *args, *case.flags, *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def rows_stderr(case: Case) -> str:
    bad = len({row for row, *_ in case.problems})
    lines = "".join(
        f"  row {row}, column '{column}'{f', value {value!r}' if value else ''}: {reason}\n"
        for row, column, value, reason in case.problems
    )
    return (
        f"error: {plural(bad)} of the roster {'has' if bad == 1 else 'have'} problems; fix them "
        f"in the file, or add --drop-bad-rows to plan with the {plural(case.good)} left:\n{lines}"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_command_line(case: Case, tmp_path: Path) -> None:
    result = run_plan(case, tmp_path, "--out", str(tmp_path / "plan.csv"))
    if case.kind == "cut short":
        assert result.returncode == 0, result.stderr
        took = re.fullmatch(r"note: time limit hit after (\S+) s; .*\n", result.stderr)
        assert took, result.stderr
        assert result.stderr == case.cli.format(seconds=f"{took[1]} s")
        assert float(took[1]) >= float(case.flags[case.flags.index("--time-limit") + 1])
        summary = json.loads(result.stdout)
        assert (summary["status"], summary["timed_out"]) == ("feasible", True)
        assert summary["violations"] == [] and 0 < summary["total_cost"] <= budget_of(case)
        plan = pd.read_csv(tmp_path / "plan.csv", dtype=str, keep_default_na=False)
        assert len(plan) == sum(summary["count_by_tier"].values()) > 0
        return
    if case.kind == "works":
        assert result.returncode == 0, result.stderr
        assert result.stderr == case.note
        summary = json.loads(result.stdout)
        assert 0 < summary["total_cost"] <= BUDGET
        plan = pd.read_csv(tmp_path / "plan.csv", dtype=str, keep_default_na=False)
        assert len(plan) > 0
        assert set(plan["handle"]) <= {neutralise(h) for h in case.handles}
        return
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "plan.csv").exists()
    if case.kind == "rows":
        assert result.stderr == rows_stderr(case)
        dropped = run_plan(case, tmp_path, "--drop-bad-rows")
        assert dropped.returncode == 0, dropped.stderr
        assert dropped.stderr.startswith(
            f"warning: left out {plural(len({r for r, *_ in case.problems}))} with problems, "
            f"planning with the {plural(case.good)} left:\n"
        )
        assert json.loads(dropped.stdout)["total_cost"] <= BUDGET
    else:
        assert result.stderr == (case.cli or FILE_PROBLEM.format(case.reason))


# --- the app ----------------------------------------------------------------------------------


def previous() -> Upload:
    return Upload.of("previous.csv", load_any(PREVIOUS.encode(), "previous.csv")[0])


def uploaded(case: Case) -> AppTest:
    """The Roster data page after `case`'s file was uploaded, with previous.csv in use and a
    budget of $12,345 in the brief."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[UPLOADED] = previous()
    at.session_state[CONTROLS] = {**DEFAULTS, "budget": 12_345}
    at.switch_page("views/data.py").run()
    at.file_uploader(key="upload_file").upload(case.name, data_of(case), "text/csv").run()
    assert not at.exception
    return at


def problems_shown(at: AppTest) -> list[tuple]:
    tables = [d.value for d in at.dataframe if list(d.value.columns)[:2] == ["row", "column"]]
    if not tables:
        return []
    (table,) = tables
    return [(int(r), c, v, why) for r, c, v, why in table.itertuples(index=False)]


def assert_nothing_changed(at: AppTest) -> None:
    assert at.session_state[UPLOADED].key == previous().key
    assert at.session_state[CONTROLS]["budget"] == 12_345
    assert at.caption[0].value == f"Roster: {PREVIOUS_SHOWN}"


def planned(at: AppTest, case: Case) -> AppTest:
    """The Plan page after using the uploaded roster with `case`'s brief in the controls."""
    at.button(key="use_upload").click().run()
    at.session_state[CONTROLS] = {**DEFAULTS, **case.controls}
    at.switch_page("views/plan.py").run()
    assert not at.exception
    return at


def assert_brief_kept(at: AppTest, case: Case) -> None:
    """The roster and every control of the brief as the user left them."""
    assert at.session_state[UPLOADED].name == case.name
    kept = at.session_state[CONTROLS]
    assert {k: kept[k] for k in case.controls} == case.controls


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_app(case: Case) -> None:
    at = uploaded(case)
    if case.kind == "file":
        assert [e.value for e in at.error] == [
            f"{case.app} The roster in use has not changed: {PREVIOUS_SHOWN}."
        ]
        assert problems_shown(at) == list(case.problems)
        assert_nothing_changed(at)
    elif case.kind == "missing":
        assert [w.value for w in at.warning] == [case.app]
        assert not at.error
        assert_nothing_changed(at)
    elif case.kind == "rows":
        bad = len({row for row, *_ in case.problems})
        assert [w.value for w in at.warning] == [
            f"{plural(bad)} of {case.name} {'has' if bad == 1 else 'have'} problems, listed "
            "below. Fix them in the file and upload it again, or go on without them."
        ]
        assert problems_shown(at) == list(case.problems)
        assert_nothing_changed(at)
        use = at.button(key="use_upload")
        assert use.label == f"Use the {case.good} good {'rows' if case.good != 1 else 'row'}"
        use.click().run()
        assert len(at.session_state[UPLOADED].roster) == case.good
        assert at.caption[0].value == f"Roster: {case.name} · {plural(case.good)}"
    elif case.kind == "works":
        assert [s.value for s in at.success] == [f"Every row of {case.name} can be planned."]
        assert_nothing_changed(at)
        at.button(key="use_upload").click().run()
        at.switch_page("views/plan.py").run()
        assert not at.exception
        plan = at.session_state[LAST_PLAN]
        assert len(plan.rows) > 0
        assert plan.totals["cost"] <= 12_345
        assert set(plan.rows["handle"]) <= set(case.handles)
        assert set(at.session_state[UPLOADED].roster["handle"]) == set(case.handles)
    elif case.kind == "cut short":
        planned(at, case)
        plan = at.session_state[LAST_PLAN]
        assert plan.timed_out and plan.violations == []
        assert not plan.rows.empty and plan.totals["cost"] <= budget_of(case)
        assert [w.value for w in at.main.warning] == [
            case.app.format(seconds=seconds_words(plan.solve_seconds))
        ]
        assert not at.error
        assert [m.value for m in at.metric], "the plan's KPIs are shown"
        assert_brief_kept(at, case)
    elif case.kind == "no plan in time":
        planned(at, case)
        assert [e.value for e in at.main.error] == [case.app]
        assert not at.sidebar.error  # where "No plan keeps every rule" would be
        fixes = [b.label for b in at.sidebar.button if b.label.startswith("Apply: ")]
        assert fixes == []  # no fix offered for a brief that may well have a plan
        assert at.session_state.get(LAST_PLAN) is None
        assert_brief_kept(at, case)
        said = [m.value for m in [*at.info, *at.warning, *at.error]]
        assert not [m for m in said if re.search("cannot be met|No plan keeps|has no plan", m)]
        assert [i.value for i in at.main.info] == [
            "No plan to show yet: raise the solver time limit for this brief's plan."
        ]
    else:
        planned(at, case)
        assert [e.value for e in at.sidebar.error] == [case.app]
        fixes = [b.label for b in at.sidebar.button if b.label.startswith("Apply: ")]
        assert fixes == list(case.fixes)
        assert at.session_state[CONTROLS]["pinned"] == case.controls.get("pinned", [])
