"""Exact means exact: on hard knapsack families (bench/knapsacks.py) the exact path returns the
optimum a dynamic program finds, and "optimal" is said only of a plan proven so."""

from __future__ import annotations

import json

import pytest

from bench.knapsacks import FAMILIES, as_brief, as_roster, best_value, knapsack
from planner.optimize.optimizer import Planner
from planner.plan import RESOLUTION, Status
from planner.wording import gap_words
from tests.helpers.cli import run_cli

# (items, r): values up to r; 10,000 items with r = 100 keeps the dynamic program to seconds.
SIZES = [(120, 1000), (1000, 1000), (10_000, 100)]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(("items", "r"), SIZES)
def test_the_exact_plan_is_the_optimum_of_the_dynamic_program(family, items, r):
    costs, values, budget = knapsack(family, items, r)
    best = best_value(costs, values, budget)
    plan = Planner(as_roster(costs, values), as_brief(budget), time_limit=60).plan(exact=True)
    assert plan.status == Status.OPTIMAL
    assert plan.objective == pytest.approx(best, rel=1e-12, abs=1e-6)
    assert plan.bound - plan.objective < RESOLUTION / 2
    assert plan.totals["cost"] <= budget


@pytest.mark.parametrize("family", FAMILIES)
def test_a_live_plan_is_called_optimal_only_when_it_is_the_optimum(family):
    costs, values, budget = knapsack(family, 120, 1000)
    best = best_value(costs, values, budget)
    planner = Planner(as_roster(costs, values), as_brief(budget))
    for share in (0.2, 0.35, 0.5, 0.65):
        cut = round(costs.sum() * share)
        plan = planner.plan(cut)
        optimum = best if cut == budget else best_value(costs, values, cut)
        assert plan.objective <= optimum + 1e-6
        if plan.status == Status.OPTIMAL:
            assert plan.objective == pytest.approx(optimum, rel=1e-12, abs=1e-6), cut
        else:
            assert plan.bound - plan.objective >= RESOLUTION / 2, cut
            assert gap_words(plan.gap).startswith("within "), cut


def test_the_cli_exact_plan_of_the_strongly_correlated_knapsack_is_its_optimum(tmp_path):
    costs, values, budget = knapsack("strongly correlated", 120, 1000)
    roster, brief = tmp_path / "knapsack.csv", tmp_path / "brief.json"
    as_roster(costs, values).to_csv(roster, index=False)
    brief.write_text(as_brief(budget).model_dump_json(), encoding="utf-8")
    result = run_cli("plan", "--roster", str(roster), "--brief", str(brief), "--exact")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "optimal"
    assert summary["objective"] == best_value(costs, values, budget)
