"""The optimizer: proven optimal against brute force, rule-keeping on random briefs, exact on
plain knapsacks, consistent across budget re-plans, and faithful to pins and excludes."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bench.knapsacks import best_value
from planner import calibration as cal
from planner.brief import Brief, Goal, MixRule
from planner.errors import InfeasibleBriefError
from planner.optimize.optimizer import OPTIMAL_GAP, Planner, optimize
from planner.rules import violations
from tests.helpers.brute import BruteForce, random_instance
from tests.helpers.instances import (
    mix_rules,
)
from tests.helpers.rosters import make_roster

# ---------------------------------------------------------------------------------------------
# 1. Brute force: every plan of a small random instance, checked by integer arithmetic and
#    cross-checked against `planner.rules.violations`.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_exact_plan_matches_brute_force(seed: int) -> None:
    roster, brief = random_instance(seed)
    try:
        planner = Planner(roster, brief)
    except InfeasibleBriefError:  # only a missing pin fails this early; none is missing here
        pytest.fail("Planner raised before planning although every pin is in the roster")
    brute = BruteForce(planner.cands, brief)

    # The integer check agrees with the independent checker on a sample of plans: the best
    # feasible ones, some feasible at random and some infeasible at random.
    rng = np.random.default_rng(1000 + seed)
    feasible = np.flatnonzero(brute.feasible)
    infeasible = np.flatnonzero(~brute.feasible)
    best_first = feasible[np.argsort(-brute.objective[feasible], kind="stable")]
    sample = [
        *best_first[:3],
        *rng.choice(feasible, min(8, feasible.size), replace=False),
        *rng.choice(infeasible, min(8, infeasible.size), replace=False),
    ]
    for index in sample:
        broken = violations(brute.rows(index), brief)
        assert (not broken) == brute.feasible[index], (
            f"posts {brute.posts[index].tolist()}: integer check says "
            f"{'feasible' if brute.feasible[index] else 'infeasible'}, violations() says "
            f"{broken}"
        )

    optimum = brute.optimum()
    if optimum is None:
        with pytest.raises(InfeasibleBriefError):
            planner.plan(exact=True)
        with pytest.raises(InfeasibleBriefError):
            planner.plan()
        return

    tol = 1e-6 * max(1.0, optimum)
    exact = planner.plan(exact=True)
    assert violations(exact.rows, brief) == []
    assert exact.status == "optimal"
    assert exact.objective == pytest.approx(optimum, rel=OPTIMAL_GAP, abs=1e-6), (
        f"exact {exact.objective} vs brute force {optimum} over {len(feasible)} feasible plans"
    )
    assert exact.objective <= optimum + tol
    assert exact.bound >= optimum - tol

    live = planner.plan()
    assert violations(live.rows, brief) == []
    assert live.totals["cost"] <= brief.budget
    assert live.objective <= optimum + tol
    assert live.bound >= optimum - tol, "the live plan's bound is not an upper bound"
    assert live.objective >= optimum * (1 - live.gap) - tol


def test_brute_force_instances_are_varied() -> None:
    """The 40 instances exercise what they claim to: infeasible briefs, 2-post plans, pins,
    share rules, per-influencer caps, running costs and capacities, and plans that differ from
    taking everything."""
    seen = {"infeasible": 0, "two_posts": 0, "pins": 0, "shares": 0, "cap": 0, "binding": 0}
    seen |= {"running": 0, "capacity": 0, "full": 0}
    for seed in range(40):
        roster, brief = random_instance(seed)
        planner = Planner(roster, brief)
        brute = BruteForce(planner.cands, brief)
        seen["infeasible"] += not brute.feasible.any()
        seen["two_posts"] += brief.max_posts == 2
        seen["pins"] += bool(brief.pinned)
        seen["cap"] += brief.max_share_per_influencer < 1
        seen["running"] += brief.cost_per_influencer > 0
        seen["capacity"] += brief.max_influencers is not None
        if brief.max_influencers is not None and brute.feasible.any():  # the capacity binds
            best = brute.posts[np.argmax(np.where(brute.feasible, brute.objective, -1))]
            seen["full"] += int((best > 0).sum()) == brief.max_influencers
        seen["shares"] += any(
            r.min_share > 0 or r.max_share < 1
            for rules in brief.rule_groups().values()
            for r in rules.values()
        )
        everything = np.full(len(planner.cands), brief.max_posts)
        seen["binding"] += bool(brute.feasible.any()) and not np.array_equal(
            brute.posts[np.argmax(np.where(brute.feasible, brute.objective, -1))], everything
        )
    assert min(seen.values()) >= 4, seen


# ---------------------------------------------------------------------------------------------
# 2. Properties on random briefs over a 300-row synthetic roster.
# ---------------------------------------------------------------------------------------------


@st.composite
def briefs(draw, roster: pd.DataFrame) -> Brief:
    handles = sorted(roster["handle"])
    countries = sorted(set(roster["audience_country"]))
    pinned = draw(st.lists(st.sampled_from(handles), max_size=2, unique=True))
    excluded = draw(
        st.lists(st.sampled_from(handles).filter(lambda h: h not in pinned), max_size=3)
    )
    return Brief(
        budget=draw(st.integers(1_000, 1_000_000)),
        goal=draw(st.sampled_from(list(Goal))),
        tier_rules=draw(st.dictionaries(st.sampled_from(cal.TIERS), mix_rules(), max_size=3)),
        platform_rules=draw(
            st.dictionaries(st.sampled_from(cal.PLATFORMS), mix_rules(allow_min=False), max_size=2)
        ),
        max_posts=draw(st.integers(1, 3)),
        max_share_per_influencer=draw(st.sampled_from([1.0, 0.5, 0.25, 0.1, 0.05])),
        max_fake_share=draw(st.sampled_from([1.0, 0.3, 0.15, 0.05])),
        countries=draw(st.lists(st.sampled_from(countries), max_size=4, unique=True)),
        pinned=pinned,
        excluded=sorted(set(excluded)),
        content_format=draw(st.sampled_from(cal.FORMATS)),
    )


@pytest.fixture(scope="module")
def roster300(small_roster: pd.DataFrame) -> pd.DataFrame:
    return small_roster


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_briefs_keep_every_rule_and_beat_greedy(roster300, data) -> None:
    roster = roster300
    brief = data.draw(briefs(roster))
    planner = Planner(roster, brief, time_limit=5)
    baseline = planner.greedy()
    pins_cost = planner.cands.loc[planner.cands["handle"].isin(brief.pinned), "unit_cost"].sum()
    if pins_cost <= brief.budget:
        assert baseline.totals["cost"] <= brief.budget * (1 + 1e-9), "greedy over budget"
    else:  # the pins alone break the budget: greedy keeps them and says so
        assert any("over the budget" in v for v in baseline.violations), baseline.violations
    try:
        plan = planner.plan()
    except InfeasibleBriefError as err:
        event("infeasible")
        assert baseline.violations, (
            f"optimizer says infeasible ({err}) but greedy found a rule-keeping plan "
            f"worth {baseline.objective}"
        )
        return
    event("greedy keeps the rules" if not baseline.violations else "greedy breaks rules")
    exact = planner.plan(exact=True)
    event(f"exact {exact.status}")
    for found in (plan, exact):
        assert violations(found.rows, brief) == [], found.method
        assert found.totals["cost"] <= brief.budget * (1 + 1e-9), found.method
        assert found.bound >= found.objective - 1e-6 * max(1.0, found.objective), found.method
    assert exact.bound >= plan.objective * (1 - OPTIMAL_GAP) - 1e-6
    if not baseline.violations:
        assert plan.objective >= baseline.objective - 1e-6, (
            f"live plan {plan.objective} below the rule-keeping greedy {baseline.objective}"
        )
        # The exact plan may stop within OPTIMAL_GAP of its bound, so it is allowed that much.
        assert exact.objective >= baseline.objective - OPTIMAL_GAP * exact.bound - 1e-6, (
            f"exact plan {exact.objective} below the rule-keeping greedy {baseline.objective}"
        )
        assert plan.bound >= baseline.objective - 1e-6 * max(1.0, baseline.objective)


# ---------------------------------------------------------------------------------------------
# 3. No rules, one post each: a 0/1 knapsack, solved by dynamic programming (bench.knapsacks).
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def knapsack_roster() -> pd.DataFrame:
    rng = np.random.default_rng(2024)
    rows = [
        {
            "handle": f"k{i:02d}",
            "followers": int(rng.integers(1_000, 200_000)),
            "engagement_rate": round(float(rng.uniform(0.005, 0.06)), 4),
            "cost_per_post": int(rng.integers(20, 800)),
        }
        for i in range(40)
    ]
    return make_roster(rows)


@pytest.mark.parametrize("budget", [50, 333, 1_000, 2_500, 6_000])
def test_exact_plan_solves_the_plain_knapsack(knapsack_roster: pd.DataFrame, budget: int) -> None:
    roster = knapsack_roster
    costs = roster["cost_per_post"].to_numpy().astype(int)
    values = roster["followers"].to_numpy() * roster["engagement_rate"].to_numpy()
    running = 30  # each influencer costs its fee and the running cost: still a knapsack
    assert budget < costs.sum(), "the budget must bind"
    best = best_value(costs + running, values, budget)
    brief = Brief(budget=budget, cost_per_influencer=running, max_influencers=None)
    plan = Planner(roster, brief).plan(exact=True)
    assert plan.status == "optimal"
    assert plan.objective == pytest.approx(best, rel=OPTIMAL_GAP)
    assert plan.objective <= best * (1 + 1e-9)
    assert plan.totals["cost"] <= budget


# ---------------------------------------------------------------------------------------------
# 4. The forecast of one post, with no targeting and no fake followers.
# ---------------------------------------------------------------------------------------------


def test_one_post_engagement_is_followers_times_rate() -> None:
    roster = make_roster(
        [
            {
                "handle": "solo",
                "followers": 123_457,
                "engagement_rate": 0.0317,
                "cost_per_post": 90,
            },
            {"handle": "duo", "followers": 45_001, "engagement_rate": 0.0723, "cost_per_post": 40},
            {"handle": "dear", "followers": 8_000, "engagement_rate": 0.01, "cost_per_post": 999},
        ]
    )
    # (90 + 250) + (2 x 40 + 250) = 670 with the default running cost of $250 each: solo with
    # one post and duo with two; "dear" does not fit.
    brief = Brief(budget=670, max_posts=2)
    assert brief.cost_per_influencer == 250
    planner = Planner(roster, brief)
    cands = planner.cands.set_index("handle")
    assert cands.loc["solo", "engagement"] == pytest.approx(123_457 * 0.0317, rel=1e-12)
    plan = planner.plan(exact=True)
    rows = plan.rows.set_index("handle")
    assert rows["posts"].to_dict() == {"solo": 1, "duo": 2}
    assert rows.loc["solo", "expected_engagement"] == pytest.approx(123_457 * 0.0317, rel=1e-12)
    factor = brief.extra_post_factor
    assert rows.loc["duo", "expected_engagement"] == pytest.approx(
        45_001 * 0.0723 * (1 + factor), rel=1e-12
    )
    assert plan.objective == pytest.approx(123_457 * 0.0317 + 45_001 * 0.0723 * (1 + factor))


# ---------------------------------------------------------------------------------------------
# 5. Re-planning at another budget reuses the model and gives what a fresh model gives.
# ---------------------------------------------------------------------------------------------

REPLAN_BRIEF = Brief(
    budget=50_000,
    tier_rules={"micro": MixRule(min_count=5, min_share=0.2), "mega": MixRule(max_count=1)},
    max_share_per_influencer=0.2,
)
BUDGETS = [20_000, 50_000, 80_000, 30_000]


def test_budget_replan_matches_fresh_models(sample_roster: pd.DataFrame) -> None:
    planner = Planner(sample_roster, REPLAN_BRIEF)
    model = planner.model
    exact_by_budget = {}
    for budget in BUDGETS:
        brief = REPLAN_BRIEF.with_budget(budget)
        live = planner.plan(budget)
        fresh = optimize(sample_roster, brief)
        assert planner.model is model
        assert live.brief.budget == budget
        assert violations(live.rows, brief) == []
        allowed = max(live.gap, fresh.gap, OPTIMAL_GAP) * max(live.bound, fresh.bound)
        assert abs(live.objective - fresh.objective) <= allowed + 1e-6, (
            f"budget {budget}: re-planned {live.objective} vs fresh {fresh.objective}"
        )
        exact = planner.plan(budget, exact=True)
        fresh_exact = optimize(sample_roster, brief, exact=True)
        assert exact.status == fresh_exact.status == "optimal"
        assert exact.objective == pytest.approx(fresh_exact.objective, rel=OPTIMAL_GAP)
        assert violations(exact.rows, brief) == []
        exact_by_budget[budget] = exact.objective
    ordered = [exact_by_budget[b] for b in sorted(BUDGETS)]
    for smaller, larger in itertools.pairwise(ordered):
        assert larger >= smaller * (1 - OPTIMAL_GAP), ordered
    assert ordered[-1] > ordered[0] * 1.5, "the budget should bind on this brief"


# ---------------------------------------------------------------------------------------------
# 6. Pins and excludes.
# ---------------------------------------------------------------------------------------------


def test_pins_and_excludes_are_honoured(sample_roster: pd.DataFrame) -> None:
    base = Brief(budget=30_000, platforms=["tiktok"])
    unpinned = Planner(sample_roster, base).plan()
    assert set(unpinned.rows["platform"]) == {"tiktok"}
    # Exclude the best two of the free plan; pin the cheapest instagram mid (off-platform).
    favourites = unpinned.rows.nlargest(2, "expected_engagement")["handle"].tolist()
    mids = sample_roster[
        (sample_roster["platform"] == "instagram") & sample_roster["followers"].between(1e5, 5e5)
    ]
    pin = mids.nsmallest(1, "cost_per_post")["handle"].item()
    brief = base.model_copy(update={"pinned": [pin], "excluded": favourites})
    for exact in (False, True):
        plan = Planner(sample_roster, brief).plan(exact=exact)
        handles = set(plan.rows["handle"])
        assert pin in handles
        assert not handles & set(favourites)
        assert violations(plan.rows, brief) == []
        assert plan.rows.set_index("handle").loc[pin, "platform"] == "instagram"


def test_missing_pin_is_named(sample_roster: pd.DataFrame) -> None:
    present = sample_roster["handle"].iloc[0]
    brief = Brief(pinned=[present, "no_such_handle_42"])
    with pytest.raises(InfeasibleBriefError, match="no_such_handle_42") as info:
        Planner(sample_roster, brief).plan()
    assert present not in str(info.value)
    assert info.value.conflict.rules == ("pinned handles",)


# ---------------------------------------------------------------------------------------------
# 7. The goal funnel: each goal its own roster; brand fit by niche.
# ---------------------------------------------------------------------------------------------


def _small_share(plan) -> float:
    rows = plan.rows
    return rows.loc[rows["tier"].isin(["nano", "micro"]), "cost"].sum() / rows["cost"].sum()


def test_reach_clicks_and_conversions_choose_different_rosters(sample_roster: pd.DataFrame):
    plans = {
        g: Planner(sample_roster, Brief(goal=g)).plan(50_000)
        for g in ("reach", "clicks", "conversions")
    }
    chosen = {g: set(p.rows["handle"]) for g, p in plans.items()}
    for a, b in itertools.combinations(chosen, 2):
        # At least a tenth of the handles in either plan is in only one of them.
        assert len(chosen[a] ^ chosen[b]) >= 0.1 * len(chosen[a] | chosen[b]), (a, b)
    # Conversions trust smaller audiences (a higher conversion rate of clicks in small tiers).
    assert _small_share(plans["conversions"]) >= _small_share(plans["reach"]) + 0.05


def test_the_better_fitting_niche_is_preferred_at_equal_cost():
    same = {"followers": 50_000, "engagement_rate": 0.02, "cost_per_post": 100}
    roster = make_roster(
        [
            {**same, "handle": "lip", "category": "beauty"},
            {**same, "handle": "pan", "category": "food"},
        ]
    )
    for fit, expected in (({"beauty": 0.4, "food": 0.9}, "pan"), ({"food": 0.5}, "lip")):
        for goal in Goal:
            # One influencer fits: a fee of $100 and the running cost of $250.
            brief = Brief(budget=450, goal=goal, category_fit=fit)
            assert optimize(roster, brief).rows["handle"].tolist() == [expected], (fit, goal)
    # A fit of 0 leaves the niche out, as the plain include list does.
    brief = Brief(budget=1_000, category_fit={"food": 0})
    assert optimize(roster, brief).rows["handle"].tolist() == ["lip"]
