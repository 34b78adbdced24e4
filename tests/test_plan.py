"""Plan and make_plan: the gap, totals by tier in the brief's order, and the JSON summary the
command line prints."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pandas as pd
import pytest

from planner.brief import Brief, Goal
from planner.optimize.goalseek import least_budget_for
from planner.optimize.instance import candidates
from planner.optimize.optimizer import Planner, optimize
from planner.plan import Plan, better_of, make_plan
from planner.roster.schema import validate_roster
from tests.helpers.rosters import make_roster

# Keys the README promises for `python -m planner plan`.
CLI_KEYS = {
    "status",
    "goal",
    "objective",
    "bound",
    "gap",
    "total_cost",
    "count_by_tier",
    "spend_by_tier",
    "totals",
    "solve_seconds",
}
ROWS = [
    {"handle": "n1", "followers": 5_000, "cost_per_post": 50},
    {"handle": "n2", "followers": 8_000, "cost_per_post": 70, "platform": "tiktok"},
    {"handle": "m1", "followers": 40_000, "cost_per_post": 400},
    {"handle": "k1", "followers": 700_000, "cost_per_post": 7_000, "platform": "youtube"},
    {"handle": "x1", "followers": 3_000_000, "cost_per_post": 30_000},
]
FACTS = {"status": "feasible", "method": "live", "bound": 0.0, "solve_seconds": 0.5}


def plan_of(posts: dict[str, int], brief: Brief, **facts) -> Plan:
    """A plan buying `posts` per handle from the hand-made roster."""
    cands, _ = candidates(make_roster(ROWS), brief)
    by_handle = pd.Series(cands.index, index=cands["handle"])
    series = pd.Series(list(posts.values()), index=by_handle[list(posts)].to_numpy())
    return make_plan(cands, series, brief, **{**FACTS, **facts})


@pytest.fixture(scope="module")
def brief() -> Brief:
    return Brief(
        budget=50_000, max_posts=3, extra_post_factor=0.5, goal=Goal.REACH, cost_per_influencer=100
    )


def test_make_plan_keeps_only_bought_rows(brief):
    plan = plan_of({"n1": 2, "n2": 0, "k1": 1}, brief)
    assert list(plan.rows.sort_values("handle")["handle"]) == ["k1", "n1"]
    assert dict(zip(plan.rows["handle"], plan.rows["posts"], strict=True)) == {"n1": 2, "k1": 1}
    assert plan.totals["influencers"] == 2
    assert plan.totals["posts"] == 3
    assert plan.totals["cost"] == 2 * 50 + 7_000 + 2 * 100  # fees and the running costs
    assert plan.totals["running_cost"] == 2 * 100


def test_objective_is_the_goal_metric_with_repeat_posts_discounted(brief):
    plan = plan_of({"n1": 2, "k1": 1}, brief)
    assert plan.objective == plan.totals["reach"]
    per_post = plan.rows.set_index("handle")["reach"]
    gross = per_post["n1"] * 1.5 + per_post["k1"]
    assert plan.totals["gross_reach"] == pytest.approx(gross)
    assert gross * 0.99 < plan.objective < gross  # one niche: some of the people are shared
    engagement = plan_of({"n1": 2, "k1": 1}, brief.model_copy(update={"goal": Goal.ENGAGEMENT}))
    assert engagement.objective == engagement.totals["engagement"] != plan.objective


@pytest.mark.parametrize(
    ("bound", "objective", "gap"),
    [
        (1_000.0, 900.0, 0.1),
        (1_000.0, 1_000.0, 0.0),
        (1_000.0, 1_000.5, 0.0),  # a bound a hair under the plan (rounding) is not negative
        (0.0, 0.0, 0.0),
        (-5.0, 0.0, 0.0),
        (250.0, 0.0, 1.0),
    ],
)
def test_gap_is_relative_to_the_bound(brief, bound, objective, gap):
    plan = replace(plan_of({"n1": 1}, brief), bound=bound, objective=objective)
    assert plan.gap == pytest.approx(gap)
    assert plan.summary()["gap"] == pytest.approx(gap)


def test_by_tier_follows_the_brief_order_with_empty_tiers(brief):
    plan = plan_of({"n1": 1, "n2": 3, "x1": 1}, brief)
    assert list(plan.count_by_tier) == ["nano", "micro", "mid", "macro", "mega"]
    assert plan.count_by_tier == {"nano": 2, "micro": 0, "mid": 0, "macro": 0, "mega": 1}
    assert list(plan.spend_by_tier) == list(brief.tier_bands)
    assert plan.spend_by_tier == {
        "nano": 50 + 3 * 70 + 2 * 100,
        "micro": 0.0,
        "mid": 0.0,
        "macro": 0.0,
        "mega": 30_000 + 100,
    }
    assert sum(plan.spend_by_tier.values()) == plan.totals["cost"]
    assert all(type(n) is int for n in plan.count_by_tier.values())


def test_by_tier_uses_the_brief_bands_not_the_defaults():
    # Ordered by the brief's own bands (not alphabetically): "big" before "all".
    custom = Brief(budget=50_000, tier_bands={"small": 0, "big": 30_000, "all": 1_000_000})
    plan = plan_of({"m1": 1, "k1": 1}, custom)
    assert list(plan.count_by_tier) == ["small", "big", "all"]
    assert plan.count_by_tier == {"small": 0, "big": 2, "all": 0}
    # Fees and the default running cost of $250 each.
    assert plan.spend_by_tier == {"small": 0.0, "big": 7_400.0 + 2 * 250, "all": 0.0}


def test_summary_is_json_with_the_promised_keys(brief):
    plan = plan_of({"n1": 2, "m1": 1, "x1": 1}, brief, bound=1e9, status="optimal")
    summary = plan.summary()
    assert set(summary) >= CLI_KEYS
    back = json.loads(json.dumps(summary, allow_nan=False))
    assert back["status"] == "optimal"
    assert back["goal"] == "reach"
    assert back["objective"] == pytest.approx(plan.objective, abs=0.01)
    assert back["total_cost"] == 2 * 50 + 400 + 30_000 + 3 * 100
    assert back["count_by_tier"] == {"nano": 1, "micro": 1, "mid": 0, "macro": 0, "mega": 1}
    assert list(back["count_by_tier"]) == list(brief.tier_bands)
    assert back["gap"] == pytest.approx(plan.gap, abs=1e-6) and 0 < back["gap"] < 1
    assert back["solve_seconds"] == 0.5
    assert back["totals"]["posts"] == 4
    assert back["budget"] == 50_000


def test_summary_of_a_solved_plan_round_trips(small_roster):
    plan = optimize(small_roster, Brief(budget=20_000))
    back = json.loads(json.dumps(plan.summary(), allow_nan=False))
    assert back["status"] in {"optimal", "feasible"}
    assert back["total_cost"] <= 20_000
    assert sum(back["count_by_tier"].values()) == len(plan.rows) > 0
    assert back["objective"] <= back["bound"] + 0.01
    assert back["gap"] == pytest.approx(plan.gap, abs=1e-6)
    assert math.isclose(sum(back["spend_by_tier"].values()), back["total_cost"], abs_tol=0.1)


def test_summary_of_an_empty_plan_is_strict_json(small_roster):
    plan = optimize(small_roster, Brief(budget=1))
    assert plan.rows.empty
    assert plan.count_by_tier == dict.fromkeys(plan.brief.tier_bands, 0)
    json.dumps(plan.summary(), allow_nan=False)


def test_better_of_restates_the_goal_seek_plan_when_it_reaches_more():
    roster = validate_roster(pd.read_csv("data/influencers.csv"))
    brief = Brief(budget=50_000, tier_rules={"micro": {"min_share": 0.3}})
    found = least_budget_for(roster, brief, 4_000_000, metric="engagement")
    budget = math.ceil(found.brief.budget)
    live = Planner(roster, brief).plan(budget)
    best = better_of(live, found)
    assert best.brief == live.brief and best.bound == live.bound
    assert best.objective == max(live.objective, found.objective) >= 4_000_000
    assert best.totals["budget"] == budget and best.totals["cost"] <= budget
    # A plan of another brief (here another goal) is never taken.
    reach = replace(found, brief=found.brief.model_copy(update={"goal": Goal.REACH}))
    other = better_of(live, reach)
    assert other is live
