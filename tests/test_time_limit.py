"""The solver's time limit: a plan cut short is the best found, with an honest gap; no plan in
time is neither called impossible nor left blank. Real instances, limited to 0 seconds so
that HiGHS stops before it starts (deterministic on any machine); no timed asserts."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from planner.brief import Brief
from planner.errors import InfeasibleBriefError, SolverTimeLimitError
from planner.optimize.optimizer import Planner
from planner.roster.sample import generate_roster
from planner.roster.schema import validate_roster
from planner.rules import violations
from planner.wording import gap_words
from tests.helpers.hard_briefs import CROWDED, FREE_RUNNING, SEED, SHARES

ROOT = Path(__file__).resolve().parent.parent
# Rounding the LP fails here too (as for CROWDED), but greedy finds a plan that keeps the rule.
FEW_YOUTUBE = {"platform_rules": {"youtube": {"max_count": 2, "min_share": 0.5}}}


@pytest.fixture(scope="module")
def roster() -> pd.DataFrame:
    return validate_roster(generate_roster(3000, SEED))


def brief(rules: dict, budget: float) -> Brief:
    """The hard briefs were found under fees alone: no running cost, no capacity."""
    return Brief.parse({"budget": budget, **rules, **FREE_RUNNING})


def test_a_plan_cut_short_is_the_best_found_with_its_gap(roster: pd.DataFrame) -> None:
    shares = brief(SHARES, 100_000)
    planner = Planner(roster, shares, time_limit=0)
    plan = planner.plan(exact=True)
    assert plan.status == "feasible" and plan.timed_out
    assert violations(plan.rows, shares) == []
    assert plan.bound >= plan.objective > 0
    assert 0 < plan.gap < 1
    assert plan.summary()["timed_out"] is True


def test_no_plan_in_time_is_not_called_impossible(roster: pd.DataFrame) -> None:
    crowded = brief(CROWDED, 100_000)
    planner = Planner(roster, crowded, time_limit=0)
    assert planner.greedy().violations, "greedy must break a rule for this test"
    with pytest.raises(SolverTimeLimitError, match="raise the time limit") as info:
        planner.plan()
    assert not isinstance(info.value, InfeasibleBriefError)
    assert "0 s" in str(info.value)
    # With time, the same brief has a plan: the error was right not to say "impossible".
    plan = planner.plan(time_limit=60)
    assert violations(plan.rows, crowded) == []


def test_no_plan_in_time_falls_back_on_a_greedy_plan_that_keeps_the_rules() -> None:
    roster = validate_roster(generate_roster(2000, SEED))
    few = brief(FEW_YOUTUBE, 50_000)
    planner = Planner(roster, few, time_limit=0)
    plan = planner.plan()
    assert (plan.status, plan.method, plan.timed_out) == ("feasible", "greedy", True)
    assert violations(plan.rows, few) == [] and not plan.rows.empty
    # Its gap is measured against the LP bound: honest, and never "optimal".
    assert math.isfinite(plan.bound) and plan.bound > plan.objective
    assert 0 < plan.gap < 1


@pytest.mark.parametrize(
    ("gap", "words"),
    [
        (0.0, "within 0% of the best possible"),
        (0.008, "within 0.8% of the best possible"),
        (0.00044, "within 0.044% of the best possible"),
        (1e-7, "within 0.01% of the best possible"),  # rounded up: the gap is at most this
        (0.183, "within 18% of the best possible"),
        (math.nan, "with no known bound on the best possible"),
    ],
)
def test_gap_in_words(gap: float, words: str) -> None:
    assert gap_words(gap) == words


# --- the command line, in real processes ----------------------------------------------------


def run_plan(tmp_path: Path, rows: int, rules: dict, budget: float, *args: str):
    roster, brief_json = tmp_path / "roster.csv", tmp_path / "brief.json"
    generate_roster(rows, SEED).to_csv(roster, index=False)
    brief_json.write_text(json.dumps({"budget": budget, **rules}), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "planner", "plan", "--roster", roster, "--brief", brief_json, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_says_when_the_time_limit_cut_the_plan_short(tmp_path: Path) -> None:
    result = run_plan(tmp_path, 3000, SHARES, 100_000, "--exact", "--time-limit", "1e-9")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "feasible" and summary["timed_out"] is True
    note = next(line for line in result.stderr.splitlines() if line.startswith("note: time"))
    assert "time limit hit after" in note
    assert f"plan {gap_words(summary['gap'])}" in note


def test_cli_no_plan_in_time_says_what_to_do(tmp_path: Path) -> None:
    result = run_plan(tmp_path, 3000, CROWDED, 100_000, "--time-limit", "1e-9")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "found no plan" in result.stderr and "raise the time limit" in result.stderr
    assert "No plan keeps every rule" not in result.stderr


@pytest.mark.parametrize("seconds", ["0", "-1", "nan"])
def test_cli_refuses_a_time_limit_that_is_not_positive(tmp_path: Path, seconds: str) -> None:
    result = run_plan(tmp_path, 50, {}, 10_000, "--time-limit", seconds)
    assert result.returncode == 2
    assert "must be above 0 seconds" in result.stderr
