"""People counted once inside the optimizer: its plans against brute force where audiences
overlap hard, the branch and bound's bound and plan against the same, and what the model
claims against the exact formula on random instances."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from planner.audience import cells
from planner.brief import Brief
from planner.optimize.branch import branch_and_bound
from planner.optimize.greedy import greedy
from planner.optimize.optimizer import OPTIMAL_GAP, Planner
from planner.roster.sample import generate_roster
from tests.helpers.instances import Enumeration, plan_values, random_roster

PEOPLE_GOALS = ("reach", "clicks", "conversions")


def tight_pools(roster: pd.DataFrame, brief: Brief, rng: np.random.Generator) -> dict:
    """Pools of 0.3-1.5x the reach each cell's whole roster would have: plans saturate."""
    planner = Planner(roster, brief)
    where = cells(planner.cands, brief)
    summed = np.bincount(where.cell, where.amounts(planner.cands["reach"].to_numpy(float)))
    return {
        str(name): float(max(1.0, s * rng.uniform(0.3, 1.5)))
        for name, s in zip(where.names, summed, strict=True)
    }


def overlapping_instance(seed: int) -> tuple[pd.DataFrame, Brief]:
    """A small random roster and a people goal, its pools tight."""
    rng = np.random.default_rng(seed)
    roster = random_roster(rng, int(rng.integers(8, 12)))
    brief = Brief(
        budget=1,
        goal=PEOPLE_GOALS[seed % 3],
        max_posts=int(rng.integers(1, 3)),
        countries=["US", "GB"] if rng.random() < 0.3 else [],
        cost_per_influencer=int(rng.integers(0, 60)),
    )
    full = (roster["cost_per_post"].sum() + len(roster) * brief.cost_per_influencer) * 2
    brief = brief.model_copy(update={"budget": float(int(full * rng.uniform(0.1, 0.5)) + 1)})
    brief = Brief.parse({**brief.model_dump(), "audience_pools": tight_pools(roster, brief, rng)})
    return roster, brief


@pytest.mark.parametrize("seed", range(30))
def test_plans_of_overlapping_audiences_match_brute_force(seed):
    """Every plan enumerated and valued by the exact formula N (1 - prod(1 - r/N)) per cell:
    the optimizer's plan is within its optimal gap of the best, and its value is the formula's."""
    roster, brief = overlapping_instance(seed)
    planner = Planner(roster, brief)
    every = Enumeration(planner.cands, brief, brief.goal.value)
    affordable = every.keeps_rules & (every.budget <= brief.budget)
    best = float(every.value[affordable].max())
    plan = planner.plan(exact=True)
    posts = planner.cands.index.map(plan.rows["posts"]).fillna(0).to_numpy(int)[None, :]
    value = float(plan_values(posts, planner.cands, brief, brief.goal.value)[0])
    assert plan.objective == pytest.approx(value, rel=1e-9)
    assert plan.objective >= best * (1 - OPTIMAL_GAP)
    assert plan.objective <= best * (1 + 1e-9)
    assert plan.bound >= best * (1 - 1e-9)


def test_overlap_changes_the_plan_somewhere():
    """The pools bind: on some of these instances the best plan by summed reach is not the
    best by people (else the brute-force test above would not test the saturation)."""
    differ = 0
    for seed in range(30):
        roster, brief = overlapping_instance(seed)
        cands = Planner(roster, brief).cands
        every = Enumeration(cands, brief, brief.goal.value)
        ok = every.keeps_rules & (every.budget <= brief.budget)
        summed = (every.posts > 0) @ cands[brief.goal.value].to_numpy(float)
        by_sum = np.flatnonzero(ok)[np.argmax(summed[ok])]
        differ += every.value[by_sum] < every.value[ok].max() * (1 - 1e-6)
    assert differ >= 5


@pytest.mark.parametrize("seed", range(12))
def test_branch_and_bound_run_out_finds_the_optimum_under_a_valid_bound(seed):
    roster, brief = overlapping_instance(seed)
    planner = Planner(roster, brief)
    every = Enumeration(planner.cands, brief, brief.goal.value)
    affordable = every.keeps_rules & (every.budget <= brief.budget)
    best = float(every.value[affordable].max())
    bounds = planner.bounds(brief.budget)
    lp_bound, x, _ = planner._solve_lp(brief, bounds)
    start = greedy(planner.model, brief.budget, bounds.lower, bounds.upper)
    chosen, value, bound = branch_and_bound(
        planner,
        brief,
        bounds,
        (lp_bound, x),
        (start, planner.value(start)),
        gap=0.0,
        deadline=time.perf_counter() + 30,
    )
    assert bound >= best * (1 - 1e-9)
    assert value == pytest.approx(best, rel=1e-4)
    assert value == pytest.approx(planner.value(chosen), rel=1e-12)


@pytest.mark.parametrize(("seed", "goal"), [(s, g) for s in range(3) for g in PEOPLE_GOALS])
def test_what_the_model_claims_is_within_half_a_percent_of_the_people_reached(seed, goal):
    """On 1,500 sample rows whose pools the plans saturate, at several budgets: the model's
    value of the live plan (its LP with the plan's columns fixed) is never below the people
    the plan reaches by the exact formula (an outer approximation) and at most 0.5% above."""
    roster = generate_roster(1_500, seed=seed)
    rng = np.random.default_rng(seed)
    brief = Brief(budget=20_000, goal=goal)
    brief = Brief.parse({**brief.model_dump(), "audience_pools": tight_pools(roster, brief, rng)})
    planner = Planner(roster, brief)
    n = planner.columns
    for budget in (5_000, 20_000, 80_000):
        found = planner.solve(budget)
        plan = planner.plan_of(found, budget)
        h = planner.highs
        h.changeColsBounds(n, np.arange(n, dtype=np.int32), found.chosen, found.chosen)
        h.run()
        claimed = -h.getInfo().objective_function_value
        true = plan.totals[goal]
        assert found.objective == pytest.approx(true, rel=1e-9)
        assert claimed >= true * (1 - 1e-9)
        assert claimed <= true * 1.005
        assert plan.bound >= true * (1 - 1e-9)
