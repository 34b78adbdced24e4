"""The budget frontier: never decreasing, above greedy, below its bound, None exactly where no
plan exists, and the budgets it is drawn at."""

from __future__ import annotations

import itertools
import math
import threading

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from planner import calibration as cal
from planner.brief import Brief, Goal, MixRule
from planner.errors import InfeasibleBriefError
from planner.forecast import GOAL_METRIC
from planner.optimize import frontier as frontier_module
from planner.optimize.frontier import (
    HIGHEST,
    LOWEST,
    SERIES,
    FrontierPoint,
    budgets_around,
    frontier,
    marginal_value,
)
from planner.optimize.instance import candidates
from planner.optimize.mixes import alternatives
from planner.optimize.optimizer import SMALL_MODEL, Planner
from planner.plan import make_plan
from planner.roster.sample import generate_roster
from planner.roster.schema import validate_roster
from planner.rules import violations
from tests.helpers.hard_briefs import CROWDED
from tests.helpers.hard_briefs import SEED as CROWDED_SEED
from tests.helpers.instances import Enumeration, mix_rules
from tests.helpers.instances import instance as goalseek_instance

TOL = 1e-6

# ---------------------------------------------------------------------------------------------
# budgets_around
# ---------------------------------------------------------------------------------------------


@given(
    budget=st.floats(100, 3e6),
    points=st.integers(1, 40),
    low=st.floats(0.05, 1.0),
    high=st.floats(1.0, 10.0),
)
def test_budgets_around_properties(budget: float, points: int, low: float, high: float) -> None:
    budgets = budgets_around(budget, points, low, high)
    assert budget in budgets, "the budget itself, exactly"
    assert budgets == sorted(set(budgets)), "ascending, no repeats"
    assert 1 <= len(budgets) <= points
    for b in budgets:
        if b != budget:
            assert b % 100 == 0
            assert LOWEST <= b <= HIGHEST
            # Within the asked range, give or take the rounding to $100.
            assert min(max(low * budget, LOWEST), HIGHEST) - 50 <= b
            assert b <= min(max(high * budget, LOWEST), HIGHEST) + 50


def test_budgets_around_default_is_geometric() -> None:
    budgets = budgets_around(50_000)
    assert len(budgets) == 20
    assert budgets[0] == 12_500
    assert budgets[-1] == 100_000
    assert 50_000 in budgets
    others = [b for b in budgets if b != 50_000]
    ratios = [b / a for a, b in itertools.pairwise(others)]
    expected = 8 ** (1 / 19)  # 0.25x to 2x in 19 steps
    # Each step is one or two grid steps (where the budget replaced a grid point).
    assert all(abs(r - expected) < 0.01 or abs(r - expected**2) < 0.02 for r in ratios), ratios


def test_budgets_around_keeps_to_its_range() -> None:
    assert budgets_around(2_000)[0] == LOWEST
    assert budgets_around(900_000)[-1] == HIGHEST
    assert budgets_around(3e6)[-1] == 3e6, "the budget itself, even above the range"
    assert budgets_around(123.0) == [123.0, 1_000.0]
    assert budgets_around(50_000, points=1) == [50_000]


@pytest.mark.parametrize(
    ("args", "says"),
    [((0,), "budget"), ((float("nan"),), "budget"), ((1e4, 0), "points"), ((1e4, 5, 2.0), "low")],
)
def test_budgets_around_refuses(args: tuple, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        budgets_around(*args)


# ---------------------------------------------------------------------------------------------
# The frontier on random briefs over a 300-row roster
# ---------------------------------------------------------------------------------------------


@st.composite
def briefs(draw, roster: pd.DataFrame) -> Brief:
    handles = sorted(roster["handle"])
    pinned = draw(st.lists(st.sampled_from(handles), max_size=2, unique=True))
    return Brief(
        budget=draw(st.integers(2_000, 200_000)),
        goal=draw(st.sampled_from(list(Goal))),
        tier_rules=draw(st.dictionaries(st.sampled_from(cal.TIERS), mix_rules(), max_size=3)),
        platform_rules=draw(
            st.dictionaries(st.sampled_from(cal.PLATFORMS), mix_rules(allow_min=False), max_size=2)
        ),
        max_posts=draw(st.integers(1, 3)),
        max_share_per_influencer=draw(st.sampled_from([1.0, 0.5, 0.25, 0.1])),
        max_fake_share=draw(st.sampled_from([1.0, 0.3, 0.15])),
        pinned=pinned,
        content_format=draw(st.sampled_from(cal.FORMATS)),
    )


def check_frontier(points: list[FrontierPoint], brief: Brief, budgets: list[float]) -> None:
    """Every property that holds whatever the brief."""
    assert [p.budget for p in points] == sorted(set(budgets))
    for series in ("optimal", "micro", "macro"):
        values = [getattr(p, series) for p in points]
        known = [v for v in values if v is not None]
        # None only below some budget: a plan at one budget is a plan at every higher one.
        assert values[len(values) - len(known) :] == known, (series, values)
        for smaller, larger in itertools.pairwise(known):
            assert larger >= smaller, f"{series} decreases: {values}"
    for p in points:
        assert set(p.timed_out) <= set(SERIES), p.timed_out
        for series in ("optimal", "greedy", "micro", "macro"):
            why = p.missing(series)
            assert (why is None) == (getattr(p, series) is not None), (series, why)
            assert series not in p.timed_out or "time limit" in why
        if p.optimal is None:
            assert p.plan is None and p.greedy is None and p.bound is None
            continue
        assert p.plan is not None
        assert p.plan.objective == p.optimal
        assert p.plan.brief.budget == p.budget
        assert violations(p.plan.rows, brief.with_budget(p.budget)) == [], p.budget
        if p.bound is not None:
            assert p.bound >= p.optimal - TOL * max(1.0, p.optimal)
        if p.greedy is not None:
            assert p.optimal >= p.greedy - TOL * max(1.0, p.greedy)


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_frontier_on_random_briefs(small_roster, data) -> None:
    roster = small_roster
    brief = data.draw(briefs(roster))
    budgets = budgets_around(brief.budget, points=6, low=0.1, high=3.0)
    seen: list[float] = []
    points = frontier(roster, brief, budgets, progress=seen.append)
    assert seen == sorted(set(seen)) and seen[-1] == 1.0 and len(seen) >= len(points)
    check_frontier(points, brief, budgets)
    missing = [p for p in points if p.optimal is None]
    event(f"{len(missing)} of {len(points)} budgets without a plan")
    event(
        "greedy breaks a rule somewhere"
        if any(p.greedy is None and p.optimal is not None for p in points)
        else "greedy keeps the rules"
    )
    # Where the series are None is checked against brute force below: asking the optimizer
    # here would take minutes on briefs whose MIP finds no plan in its time (it diagnoses).


# ---------------------------------------------------------------------------------------------
# Brute force: every plan of small random instances (tests/test_goalseek.py)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(30))
def test_frontier_matches_brute_force(seed: int) -> None:
    """Each series is None exactly where no plan keeps its rules, and otherwise the best plan
    (the optimizer proves small models optimal); greedy and the bound on their sides of it."""
    roster, brief = goalseek_instance(seed)
    metric = GOAL_METRIC[brief.goal]
    everything = {}
    for series, label in SERIES.items():
        alt = alternatives(brief)[label]
        try:
            cands, _ = candidates(roster, alt)
        except InfeasibleBriefError:
            cands = roster.iloc[:0]
        everything[series] = Enumeration(cands, alt, metric) if len(cands) else None
    # Budgets around where plans become possible, and the plans' own least budgets.
    least = everything["optimal"].budget[everything["optimal"].keeps_rules]
    spots = np.quantile(least, [0, 0.1, 0.5, 1.0]) if least.size else np.array([500.0])
    budgets = sorted({float(b) for b in (*spots, spots[0] * 0.8, spots[0] * 1.25, 10.0) if b > 0})
    points = frontier(roster, brief, budgets)
    check_frontier(points, brief, budgets)
    for p in points:
        for series, every in everything.items():
            got = getattr(p, series)
            best = None
            if every is not None:
                ok = every.keeps_rules & (every.budget <= p.budget)
                best = float(every.value[ok].max()) if ok.any() else None
            where = f"seed {seed}, {series} at {p.budget:,.2f}"
            assert (got is None) == (best is None), f"{where}: frontier {got}, brute force {best}"
            if best is not None:
                assert got <= best * (1 + 1e-9) + TOL, where
                assert got >= best * (1 - 1e-4) - TOL, f"{where}: {got} < best {best}"
        if p.bound is not None:
            assert p.bound >= p.optimal - TOL
        if p.greedy is not None:
            assert p.greedy <= p.optimal + TOL


# ---------------------------------------------------------------------------------------------
# Specific cases
# ---------------------------------------------------------------------------------------------


def test_plain_frontier_rises_and_reports_progress(small_roster) -> None:
    brief = Brief(budget=20_000)
    budgets = budgets_around(brief.budget, points=8)
    seen: list[float] = []
    points = frontier(small_roster, brief, budgets, progress=seen.append)
    check_frontier(points, brief, budgets)
    # Rising, once per value, at least once per budget of the brief's own series (the other
    # two series, in worker threads, add steps), ending at 1.
    assert seen == sorted(set(seen)) and seen[0] > 0 and seen[-1] == 1.0
    assert len(seen) >= len(budgets)
    assert all(p.optimal is not None and p.micro is not None for p in points)
    assert points[-1].optimal > 1.5 * points[0].optimal, "the budget should bind"
    # The mix does at least as well as either tier group alone.
    for p in points:
        assert p.optimal >= max(p.micro, p.macro) * (1 - 1e-3)


def test_series_are_none_where_impossible(small_roster) -> None:
    tier = pd.cut(small_roster["followers"], [0, 10_000, 100_000, 500_000, math.inf], right=False)
    big = small_roster["followers"] >= 500_000
    micro_youtube = (tier.cat.codes == 1) & (small_roster["platform"] == "youtube")
    # No macro or mega at all; no micro on YouTube, and at least 2 YouTube influencers asked.
    roster = small_roster[~big & ~micro_youtube]
    brief = Brief(budget=30_000, platform_rules={"youtube": MixRule(min_count=2)})
    budgets = [1_000.0, 5_000.0, 30_000.0, 120_000.0]
    points = frontier(roster, brief, budgets)
    check_frontier(points, brief, budgets)
    assert all(p.macro is None for p in points), "no macro or mega in the roster"
    assert all(p.micro is None for p in points), "micro only cannot have 2 YouTube influencers"
    assert points[-1].optimal is not None
    youtube = roster[roster["platform"] == "youtube"]
    cheapest_two = youtube["cost_per_post"].nsmallest(2).sum()
    for p in points:  # exactly where two YouTube influencers are affordable
        assert (p.optimal is not None) == (p.budget >= cheapest_two), (p.budget, cheapest_two)


def test_no_plan_at_any_budget(small_roster) -> None:
    megas = int((small_roster["followers"] >= 1_000_000).sum())
    brief = Brief(tier_rules={"mega": MixRule(min_count=megas + 1)})
    points = frontier(small_roster, brief, [10_000, 1_000_000])
    assert all(p.optimal is None and p.greedy is None and p.macro is None for p in points)
    assert all(p.micro is not None for p in points), "micro only drops the mega minimum"


def test_a_worse_plan_at_a_higher_budget_is_replaced(small_roster, monkeypatch) -> None:
    """Where the optimizer returns a worse plan at a higher budget, the frontier keeps the
    better plan from the lower budget, re-priced at the higher one."""
    brief = Brief(budget=20_000, tier_rules={"micro": MixRule(min_count=2)})
    budgets = [10_000.0, 20_000.0, 40_000.0]
    original, original_keeps = Planner.solve, frontier_module.keeps_rules

    def worse_at_40k(self, budget=None, **kwargs):
        if budget == 40_000:  # the plan of 10,000: feasible at 40,000, worse than 20,000's
            return original(self, 10_000.0, **kwargs)
        return original(self, budget, **kwargs)

    def no_greedy_at_40k(model, chosen, budget, lower, upper):
        return budget != 40_000 and original_keeps(model, chosen, budget, lower, upper)

    monkeypatch.setattr(Planner, "solve", worse_at_40k)
    monkeypatch.setattr(frontier_module, "keeps_rules", no_greedy_at_40k)
    points = frontier(small_roster, brief, budgets)
    check_frontier(points, brief, budgets)
    at_20k, at_40k = points[1], points[2]
    assert at_40k.carried
    assert at_40k.optimal == at_20k.optimal
    assert at_40k.plan.brief.budget == 40_000
    assert set(at_40k.plan.rows["handle"]) == set(at_20k.plan.rows["handle"])
    assert at_40k.micro >= at_20k.micro and at_40k.macro >= at_20k.macro


def test_progress_comes_from_the_callers_thread_and_an_error_there_ends_every_series(
    small_roster,
) -> None:
    """Streamlit draws only from its script's thread, and stops a run by raising from a
    call such as the progress bar's: that error ends the run, with no worker thread left."""
    brief = Brief(budget=20_000, goal="reach")
    budgets = budgets_around(brief.budget, points=8)
    threads: set[str] = set()
    frontier(small_roster, brief, budgets, progress=lambda _: threads.add(_thread_name()))
    assert threads == {_thread_name()}

    class Rerun(Exception):
        pass

    def stop(_: float) -> None:
        raise Rerun

    before = set(threading.enumerate())
    with pytest.raises(Rerun):
        frontier(small_roster, brief, budgets, progress=stop)
    assert set(threading.enumerate()) <= before, "no worker thread left running"


def _thread_name() -> str:
    return threading.current_thread().name


def test_budgets_come_back_sorted_and_once(small_roster) -> None:
    points = frontier(small_roster, Brief(), [30_000, 10_000, 30_000.0, 20_000])
    assert [p.budget for p in points] == [10_000, 20_000, 30_000]
    called: list[float] = []
    assert frontier(small_roster, Brief(), [], progress=called.append) == []
    assert called == [1.0]


# ---------------------------------------------------------------------------------------------
# The solver's time limit
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_no_plan_in_time_is_missing_not_impossible() -> None:
    """helpers/hard_briefs.py's CROWDED brief on its roster: rounding the LP fails and the MIP
    needs seconds for a first plan, and greedy breaks a rule. With a time limit of 0 (HiGHS
    stops before it starts, on any machine) the optimizer raises SolverTimeLimitError at every
    budget: the frontier still comes back, those points have no plan and say the time limit is
    why, not that no plan keeps the rules. With the default time the same budget has a plan."""
    roster = validate_roster(generate_roster(3000, CROWDED_SEED))
    crowded = Brief.parse({"budget": 100_000, **CROWDED})
    budgets = [50_000.0, 100_000.0, 200_000.0]
    seen: list[float] = []
    points = frontier(roster, crowded, budgets, time_limit=0, progress=seen.append)
    assert seen[-1] == 1.0
    check_frontier(points, crowded, budgets)
    for p in points:
        assert p.optimal is None and p.plan is None and p.bound is None
        assert "optimal" in p.timed_out
        assert p.missing("optimal").startswith("no plan found within the solver's time limit")
        assert p.missing("greedy") == p.missing("optimal"), "not drawn without the optimal plan"
    # The same budget with time: the point above was right not to say "impossible".
    (timed,) = frontier(roster, crowded, [100_000.0])
    assert timed.optimal is not None and timed.timed_out == ()
    assert violations(timed.plan.rows, crowded) == []


def test_missing_says_why() -> None:
    late = FrontierPoint(1_000, None, None, None, None, 5.0, timed_out=("optimal", "micro"))
    assert "time limit" in late.missing("optimal") and "time limit" in late.missing("micro")
    assert late.missing("greedy") == late.missing("optimal")
    assert late.missing("macro") is None
    impossible = FrontierPoint(1_000, None, None, None, None, None)
    assert impossible.missing("optimal") == "no plan keeps every rule at this budget"
    assert impossible.missing("greedy") == impossible.missing("optimal")
    broken = FrontierPoint(1_000, 10.0, 12.0, None, 3.0, None)
    assert broken.missing("greedy") == "the greedy plan breaks a rule"
    assert broken.missing("optimal") is None


# ---------------------------------------------------------------------------------------------
# Marginal value
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cheap_roster() -> pd.DataFrame:
    """Nobody dearer than the lowest budget tried: the LP bound is then a fractional
    knapsack, concave in the budget (else it jumps where a dear influencer becomes
    affordable). Big enough for the live path, whose bound is the LP's (small models get a
    MIP's tighter bound)."""
    roster = validate_roster(generate_roster(1_500, 11))
    cheap = roster[roster["cost_per_post"] <= 5_000]
    assert len(cheap) > SMALL_MODEL
    return cheap


def test_marginal_value_is_the_slope_of_the_bound(cheap_roster) -> None:
    brief = Brief(budget=20_000)
    points = frontier(cheap_roster, brief, budgets_around(brief.budget, points=10))
    bounds = [(p.budget, p.bound) for p in points]
    for (b0, v0), (b1, v1) in itertools.pairwise(bounds):
        middle = (b0 + b1) / 2
        assert marginal_value(points, middle) == pytest.approx((v1 - v0) / (b1 - b0) * 1_000)
    # No rules, nobody out of reach: each $1,000 is worth less than the one before.
    pairs = itertools.pairwise(points)
    slopes = [marginal_value(points, (a.budget + b.budget) / 2) for a, b in pairs]
    assert all(s > 0 for s in slopes)
    for earlier, later in itertools.pairwise(slopes):
        assert later <= earlier * (1 + 1e-9)
    assert marginal_value(points, points[-1].budget) == pytest.approx(slopes[-1])
    with pytest.raises(ValueError, match="outside"):
        marginal_value(points, points[-1].budget + 1)


def test_marginal_value_needs_two_budgets_with_a_plan() -> None:
    point = FrontierPoint(1_000, None, None, None, None, None)
    with pytest.raises(ValueError, match="two budgets"):
        marginal_value([point, FrontierPoint(2_000, 5.0, 6.0, None, None, None)], 1_500)


def test_marginal_value_lies_between_the_lp_duals(cheap_roster) -> None:
    """The bound's slope over a segment lies between the LP's shadow prices of the budget at
    its two ends (the LP bound is concave in the budget when nothing else depends on it)."""
    brief = Brief(budget=15_000)
    points = frontier(cheap_roster, brief, [15_000, 16_000])
    planner = Planner(cheap_roster, brief)
    model, h = planner.model, planner.highs
    n = len(model.variables)

    def shadow_price(budget: float) -> float:
        affordable = (model.cost * model.post <= budget).astype(float)
        h.changeColsBounds(n, np.arange(n, dtype=np.int32), np.zeros(n), affordable)
        h.changeRowBounds(planner.budget_row, -math.inf, budget)
        h.run()
        return abs(h.getSolution().row_dual[planner.budget_row]) * 1_000

    slope = marginal_value(points, 15_500)
    assert shadow_price(15_999) * (1 - 1e-9) <= slope <= shadow_price(15_001) * (1 + 1e-9)
    assert slope > 0


# ---------------------------------------------------------------------------------------------
# The greedy baseline, checked on the model's columns
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_greedy_series_is_the_planners_greedy_plan(small_roster, seed: int) -> None:
    """The frontier fills the greedy plan on the model and checks its rules there: the same
    value as the Planner's greedy plan, None exactly where that plan breaks a rule."""
    rng = np.random.default_rng(seed)
    brief = Brief(
        budget=float(rng.integers(5_000, 60_000)),
        tier_rules={"micro": MixRule(min_count=int(rng.integers(0, 6)), min_share=0.3)},
        platform_rules={"tiktok": MixRule(max_share=float(rng.choice([0.2, 0.5, 1.0])))},
        max_posts=int(rng.integers(1, 3)),
        max_share_per_influencer=float(rng.choice([1.0, 0.3])),
    )
    budgets = budgets_around(brief.budget, points=5, low=0.1, high=2.0)
    points = frontier(small_roster, brief, budgets)
    planner = Planner(small_roster, brief)
    for p in points:
        if p.optimal is None:
            continue
        baseline = planner.greedy(p.budget)
        if baseline.violations:
            assert p.greedy is None, (p.budget, baseline.violations)
        else:
            assert p.greedy == pytest.approx(baseline.objective, rel=1e-9)


def test_keeps_rules_agrees_with_the_plan_checker(small_roster) -> None:
    """Random column sets: `keeps_rules` on the model says what `rules.violations` says of the
    plan's rows."""
    brief = Brief(
        budget=30_000,
        tier_rules={"micro": MixRule(min_count=3, max_count=12, min_share=0.2, max_share=0.8)},
        platform_rules={"tiktok": MixRule(max_share=0.5)},
        max_share_per_influencer=0.2,
    )
    planner = Planner(small_roster, brief)
    model, rng = planner.model, np.random.default_rng(0)
    lower = np.zeros(len(model.cost))
    upper = (model.cost <= 0.2 * brief.budget).astype(float)
    verdicts = set()
    for _ in range(300):
        chosen = (rng.random(len(model.cost)) < rng.uniform(0.005, 0.1)).astype(float)
        plan = make_plan(
            planner.cands, planner.posts(chosen), brief,
            status="feasible", method="live", bound=math.nan, solve_seconds=0.0,
        )  # fmt: skip
        keeps = frontier_module.keeps_rules(model, chosen, brief.budget, lower, upper)
        assert keeps == (violations(plan.rows, brief) == []), plan.rows["cost"].sum()
        verdicts.add(keeps)
    assert verdicts == {True, False}
