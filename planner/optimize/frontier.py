"""The budget frontier: the best plan's expected result at a range of budgets, beside the
greedy baseline, micro only and macro & mega only.

Work is shared between budgets: one Planner per brief structure (the brief, micro only, macro &
mega only), each visiting the budgets in ascending order so every re-solve starts from the
previous budget's warm LP basis. Each live plan gets PLAN_SECONDS to round the LP on a large
model, SMALL_PLAN_SECONDS for the MIP from the rounded plan on a small one; where rounding finds
no plan and the MIP behind it runs out of that time, the budget is planned again with the
Planner's full time (`time_limit`, the Plan page's). Plans are kept as the model's columns
(`Planner.solve`) and only the optimal series' best plan at each budget becomes a Plan: the
forecast table is the costly part of a point, and micro only and macro & mega only need just
their value. The greedy baseline is filled on the brief's model and checked against its rules
there, likewise without a table.

Where the time limit stops the optimizer before it finds any plan (SolverTimeLimitError) and
no plan is known from a lower budget, the series has no value there, as where no plan keeps
the rules, but the point names it in `FrontierPoint.timed_out`: the budget may well have a
plan, so it is missing, not impossible.

A brief with minimums or pins has no plan below some budget. Asking the optimizer there
costs seconds per budget (it diagnoses why), so each such series first solves the LP of the
least budget (`planner.optimize.goalseek`): budgets below it have no plan. From there up, a MIP that
stops at its first plan (within FEASIBLE_SECONDS, at most `time_limit`) tells whether a
budget has any plan, until one has: a plan at one budget is a plan at every higher one. That
plan also stands in should the optimizer find none in its time.

The frontier never decreases as the budget grows. A plan found at a lower budget is still a
plan at a higher one (every budget-dependent limit, the budget and the per-influencer cap,
only loosens), and the live optimizer stops within a small gap of the LP bound, so at a
higher budget it may return a slightly worse plan. Each series therefore keeps the best plan
found so far and uses it where the new plan is worse; for the brief itself the kept plan is
re-priced at the new budget and returned (`FrontierPoint.plan`, `FrontierPoint.carried`), so
every number on the curve is the value of a real plan that keeps every rule at that budget.
The greedy plan, where it keeps every rule, is a candidate too, so the optimal series is
never below the greedy one.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace

import highspy
import numpy as np
import pandas as pd

from planner.brief import Brief
from planner.errors import InfeasibleBriefError, SolverTimeLimitError
from planner.optimize.goalseek import least_budget_bound
from planner.optimize.greedy import greedy
from planner.optimize.instance import chosen_columns, has_solution, run
from planner.optimize.mixes import BEST_MIX, MACRO_ONLY, MICRO_ONLY, alternatives
from planner.optimize.model import Model
from planner.optimize.optimizer import SMALL_MODEL, TIME_LIMIT, Planner, Solution
from planner.plan import Method, Plan, Status, proven_best
from planner.rules import TOL

LOWEST, HIGHEST = 1_000, 1_000_000  # the range budgets_around keeps to, USD
STEP = 100  # budgets_around rounds to this, USD
# Time each live plan may spend (the Planner's default: 0.25 s rounding the LP, 1 s of MIP on
# a small model). Measured on the sample, 20 points of the constrained brief: 0.05 s took
# 0.3 s more CPU than 0.02 s, for a largest gap to the bound of 0.14% instead of 0.32%.
PLAN_SECONDS = 0.02
# A small model's MIP (planner.optimize.optimizer.SMALL_MODEL). With a goal counted in people
# it is solved again with the cuts its plan calls for, and HiGHS's root work alone (restarts,
# sub-MIP heuristics) took 25-55 ms on 12 candidates: in 0.02 s it was left 3.7% from its
# bound. Such a MIP usually ends in 5-100 ms.
SMALL_PLAN_SECONDS = 0.5
FEASIBLE_SECONDS = 2.0  # time to find whether a budget near the least one has any plan
MARGINAL_STEP = 1_000.0  # marginal_value: the value of this many more dollars
SERIES = {"optimal": BEST_MIX, "micro": MICRO_ONLY, "macro": MACRO_ONLY}
OTHERS = ("micro", "macro")  # the series planned in worker threads, beside the brief's own
PROGRESS_SECONDS = 0.1  # how often progress is reported while the worker threads finish


@dataclass(frozen=True)
class FrontierPoint:
    """The expected result (of the brief's goal) of each series at one budget.

    None: no plan of that series keeps every rule at this budget, or, for the series named
    in `timed_out`, the solver's time limit stopped it before it found any plan (which proves
    nothing: `missing` says which). `bound` is the optimizer's proven bound at this budget, no
    plan can do better: the LP bound, or on a small model (`optimizer.SMALL_MODEL`) the
    tighter bound of its MIP. None also when the optimizer found no plan in its time and the
    point shows a plan kept from a lower budget. `greedy` is None where the greedy plan breaks
    a rule (or where the optimal series has no plan). `plan` is the optimal series' plan;
    `carried` says it was found at a lower budget (or is the greedy plan, or the feasibility
    MIP's) because the optimizer's plan here was worse or missing.
    """

    budget: float
    optimal: float | None
    bound: float | None
    greedy: float | None
    micro: float | None
    macro: float | None
    plan: Plan | None = field(default=None, compare=False, repr=False)
    carried: bool = False
    timed_out: tuple[str, ...] = ()  # series without a plan because of the time limit

    def missing(self, series: str) -> str | None:
        """Why this series has no value here (None: it has one)."""
        if getattr(self, series) is not None:
            return None
        if series == "greedy":  # drawn only where the optimal series has a plan
            return (
                "the greedy plan breaks a rule"
                if self.optimal is not None
                else self.missing("optimal")
            )
        if series in self.timed_out:
            return "no plan found within the solver's time limit (the budget may still have one)"
        return "no plan keeps every rule at this budget"


def budgets_around(
    budget: float, points: int = 20, low: float = 0.25, high: float = 2.0
) -> list[float]:
    """`points` budgets from low x budget to high x budget, evenly spaced on a log scale, each
    rounded to $100 and kept within $1,000-$1,000,000; the budget itself replaces the nearest
    of them, exactly as given (even outside that range). Ascending, no repeats, so fewer than
    `points` when rounding makes neighbours equal."""
    if not (math.isfinite(budget) and budget > 0):
        raise ValueError(f"budget must be a positive number, not {budget!r}")
    if points < 1:
        raise ValueError(f"points must be at least 1, not {points}")
    if not (0 < low <= 1 <= high and math.isfinite(high)):
        raise ValueError(f"need 0 < low <= 1 <= high, not low={low}, high={high}")
    lo = min(max(low * budget, LOWEST), HIGHEST)
    hi = min(max(high * budget, LOWEST), HIGHEST)
    grid = np.geomspace(lo, hi, points) if points > 1 else np.array([budget])
    rounded = np.clip(np.round(grid / STEP) * STEP, LOWEST, HIGHEST)
    nearest = int(np.argmin(np.abs(np.log(grid) - math.log(budget))))
    chosen = {float(b) for i, b in enumerate(rounded) if i != nearest} | {float(budget)}
    return sorted(chosen)


@dataclass(frozen=True)
class _Found:
    """A plan of one series as the model's columns, its value toward the goal and how it was
    found."""

    chosen: np.ndarray
    value: float
    method: Method


class _Series:
    """One brief structure's Planner, where its plans start and its best plan so far.

    Plans are kept as columns: only the optimal series builds a plan table, once per budget
    (`plan_at`); micro only and macro & mega only need just the value."""

    def __init__(self, roster: pd.DataFrame, brief: Brief, time_limit: float):
        self.brief = brief
        self.planner: Planner | None = None
        self.checked = True  # whether some plan is known to exist from `least` up
        self.least = 0.0  # every budget below has no plan (proven)
        self.seed: _Found | None = None  # a plan at `least`, from the feasibility MIP
        self.best: _Found | None = None
        try:
            self.planner = Planner(roster, brief, time_limit=time_limit)
        except InfeasibleBriefError:
            return  # no candidates or a pin missing: no plan at any budget
        self.checked = not _has_minimums(brief)  # the empty plan keeps the rules
        if not self.checked:
            low = least_budget_bound(self.planner)
            if low is None:
                self.planner = None  # the rules cannot hold together at any budget
            else:
                self.least = low * (1 - 1e-9)

    @property
    def p(self) -> Planner:
        """The Planner, where the series has one (`at` returns before asking otherwise)."""
        if self.planner is None:
            raise RuntimeError("this series has no plan at any budget")
        return self.planner

    def _has_plan(self, budget: float) -> bool:
        """Whether some plan keeps the rules at this budget: a MIP that stops at its first
        plan, kept as a seed. Asked at the budgets above the LP's least budget until one has
        a plan: every higher budget has one too. (Unknown after the time limit: assumed.)"""
        p = self.p
        bounds = p.bounds(budget)
        if np.any(bounds.lower > bounds.upper):
            return False
        lp = p.lp()
        lp.col_cost_ = np.zeros(lp.num_col_)
        p.set_columns(lp, bounds.lower, bounds.upper)
        p.integer(lp)
        upper = np.array(lp.row_upper_)
        upper[p.budget_row] = budget
        lp.row_upper_ = upper
        # Presolve is slow on the dense share rows, as in the goal seek.
        h = run(lp, min(FEASIBLE_SECONDS, p.time_limit), presolve="off")
        self.checked = True
        if has_solution(h):
            chosen = chosen_columns(h, p.columns)
            self.seed = _Found(chosen, p.value(chosen), Method.FEASIBILITY)
            return True
        if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            self.checked = False
            return False
        return True  # time limit: let the optimizer try

    def at(self, budget: float) -> tuple[_Found | None, Solution | None, bool]:
        """The best plan known at this budget (None: none), the optimizer's solution here
        (None: it has none), and whether the optimizer's time limit is why there is no plan
        (rather than a proof that none keeps every rule)."""
        p = self.planner
        if p is None or budget < self.least:
            return None, None, False
        if not self.checked and not self._has_plan(budget):
            return None, None, False
        live, timed_out = self._live(budget)
        best = None if live is None else _Found(live.chosen, live.objective, live.method)
        if self.best is not None and (best is None or self.best.value > best.value):
            best = self.best
        if best is None:
            best = self.seed  # the feasibility MIP's plan, where the optimizer found none
        self.best = best
        return best, live, best is None and timed_out

    def _live(self, budget: float) -> tuple[Solution | None, bool]:
        """The optimizer's solution at this budget (None if it has none) and whether its time
        limit stopped it before any plan: within PLAN_SECONDS (at most the Planner's time), or
        where that ran out before any plan but the greedy fallback, within its full time."""
        first = SMALL_PLAN_SECONDS if len(self.p.model.cost) <= SMALL_MODEL else PLAN_SECONDS
        limits = (min(first, self.p.time_limit), None)
        live, timed_out = None, False
        for limit in limits:
            try:
                live, timed_out = self.p.solve(budget, time_limit=limit, branch=False), False
            except InfeasibleBriefError:
                return None, False
            except SolverTimeLimitError:
                live, timed_out = None, True
            if live is not None and not (live.timed_out and live.method == Method.GREEDY):
                break
        return live, timed_out

    def greedy(self, budget: float) -> tuple[float | None, _Found | None]:
        """The greedy baseline's value at this budget (None where it breaks a rule) and its
        columns (None likewise)."""
        p = self.p
        bounds = p.bounds(budget)
        chosen = greedy(p.model, budget, bounds.lower, bounds.upper)
        if not keeps_rules(p.model, chosen, budget, bounds.lower, bounds.upper):
            return None, None
        value = p.value(chosen)
        return value, _Found(chosen, value, Method.GREEDY)

    def offer(self, found: _Found) -> _Found:
        """Keep a rule-keeping plan found elsewhere (the greedy one) if it beats the best, by
        more than float noise; returns the best."""
        if self.best is None or found.value > self.best.value * (1 + 1e-9):
            self.best = found
        return self.best

    def plan_at(self, found: _Found, live: Solution | None, budget: float) -> Plan:
        """The plan of these columns at this budget: the optimizer's own plan when they are its
        solution here, else (a plan kept from a lower budget, the greedy or the feasibility
        plan) re-priced at this budget with the optimizer's bound here."""
        p = self.p
        if live is not None and found.chosen is live.chosen:
            return p.plan_of(live, budget)
        plan = p.plan_for(
            found.chosen,
            self.brief.with_budget(budget),
            status=Status.FEASIBLE,
            method=found.method,
            bound=math.nan,
            solve_seconds=0.0,
        )
        return _status(plan, None if live is None else live.bound)


def _status(plan: Plan, bound: float | None) -> Plan:
    if bound is None:
        return plan
    bound = max(bound, plan.objective)
    status = Status.OPTIMAL if proven_best(plan.objective, bound) else Status.FEASIBLE
    return replace(plan, bound=bound, status=status)


def keeps_rules(
    model: Model, chosen: np.ndarray, budget: float, lower: np.ndarray, upper: np.ndarray
) -> bool:
    """Whether these columns keep every rule at this budget, as `rules.violations` checks a
    plan's rows (same tolerances): budget, cap and pins (column bounds), counts, shares."""
    on = chosen > 0.5
    if np.any(on & (upper < 0.5)) or np.any(~on & (lower > 0.5)):
        return False
    spend = float(model.cost @ on)
    if spend > budget * (1 + TOL):
        return False
    for rule in model.rules:
        members = rule.inside & on
        if rule.kind.endswith("count"):
            count = np.count_nonzero(members & (model.post == 1))
            ok = bool(count >= rule.limit if rule.kind == "min_count" else count <= rule.limit)
        else:  # shares of an empty plan hold vacuously
            share = float(model.cost @ members) / spend if spend else None
            low = rule.kind == "min_share"
            ok = share is None or (share >= rule.limit - TOL if low else share <= rule.limit + TOL)
        if not ok:
            return False
    return True


def _has_minimums(brief: Brief) -> bool:
    """Without pins or minimums the empty plan keeps every rule at any budget."""
    rules = (r for group in brief.rule_groups().values() for r in group.values())
    return bool(brief.pinned) or any(r.min_count > 0 or r.min_share > 0 for r in rules)


def frontier(
    roster: pd.DataFrame,
    brief: Brief,
    budgets: Iterable[float],
    *,
    progress: Callable[[float], None] | None = None,
    time_limit: float = TIME_LIMIT,
) -> list[FrontierPoint]:
    """The frontier at these budgets, in ascending order of budget (repeats dropped).

    Each budget must be one a brief accepts (BriefError otherwise). `time_limit`: the solver
    seconds each plan may take at most, as on the Plan page (`FrontierPoint.timed_out` names
    the series it left without a plan). `progress(fraction)` is called, from the caller's
    thread only, as the series' budgets are planned, ending with 1.0.

    Micro only and macro & mega only are planned in two worker threads beside the brief's own
    series (HiGHS releases the GIL while it solves, and each series has its own Planner), so
    with cores to spare the frontier takes about as long as its slowest series, not their sum
    (sample, reach: 2.17 s to 1.53 s on two cores). An error in any series, or Streamlit
    stopping the run, stops the others at their next budget.
    """
    ordered = sorted({float(b) for b in budgets})
    for b in ordered[:1] + ordered[-1:]:
        brief.with_budget(b)  # BriefError for a budget no brief accepts
    briefs = _briefs(brief)
    run = _Run(len(SERIES) * len(ordered), progress)
    pool = ThreadPoolExecutor(max_workers=len(OTHERS))
    try:
        others = {
            name: pool.submit(_values, roster, briefs[name], ordered, time_limit, run)
            for name in OTHERS
        }
        main = _Series(roster, briefs["optimal"], time_limit)
        points = []
        for budget in ordered:
            points.append(_point(main, budget))
            run.step()
            run.report()
            run.raise_failed(others.values())
        pending = set(others.values())
        while pending:
            pending = wait(pending, timeout=PROGRESS_SECONDS).not_done
            run.report()
        values = {name: future.result() for name, future in others.items()}
    except BaseException:  # an error, or Streamlit stopping the run for a rerun
        run.stop.set()  # the worker threads stop at their next budget
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    for i, point in enumerate(points):
        late = [name for name in OTHERS if values[name][i][1]]
        points[i] = replace(
            point,
            micro=values["micro"][i][0],
            macro=values["macro"][i][0],
            timed_out=point.timed_out + tuple(late),
        )
    run.report(done=True)
    return points


def _point(main: _Series, budget: float) -> FrontierPoint:
    """The brief's own series and the greedy baseline at this budget (the other series'
    values are filled in after)."""
    found, live, late = main.at(budget)
    plan, baseline, bound = None, None, None
    if found is not None:
        baseline, better = main.greedy(budget)
        if better is not None:
            found = main.offer(better)
        plan = main.plan_at(found, live, budget)
        if live is not None:
            bound = max(live.bound, plan.objective)
    return FrontierPoint(
        budget=budget,
        optimal=None if plan is None else float(plan.objective),
        bound=bound,
        greedy=baseline,
        micro=None,
        macro=None,
        plan=plan,
        carried=found is not None and (live is None or found.chosen is not live.chosen),
        timed_out=("optimal",) if late else (),
    )


def _values(
    roster: pd.DataFrame, brief: Brief, budgets: list[float], time_limit: float, run: _Run
) -> list[tuple[float | None, bool]]:
    """One reference series (micro only, macro & mega only) at these budgets: its value (None:
    no plan) and whether the time limit is why there is none. Runs in a worker thread; stops
    early (the list cut short) once the run is told to stop."""
    series = _Series(roster, brief, time_limit)
    values = []
    for budget in budgets:
        if run.stop.is_set():
            break
        found, _, late = series.at(budget)
        values.append((None if found is None else found.value, late))
        run.step()
    return values


class _Run:
    """What the series' threads share: budgets planned so far, over every series, reported to
    `progress` only from the thread that calls `report` (Streamlit draws only from its
    script's thread); and whether to stop."""

    def __init__(self, total: int, progress: Callable[[float], None] | None):
        self.total, self.progress, self.done = total, progress, 0
        self.reported: float | None = None
        self.stop = threading.Event()
        self._lock = threading.Lock()

    def step(self) -> None:
        with self._lock:
            self.done += 1

    def report(self, *, done: bool = False) -> None:
        """Report the fraction done (1.0 once `done`), unless it was the last one reported."""
        fraction = 1.0 if done or not self.total else self.done / self.total
        if self.progress is not None and fraction != self.reported:
            self.reported = fraction
            self.progress(fraction)

    @staticmethod
    def raise_failed(futures: Iterable[Future]) -> None:
        """Raise a worker's error as soon as it is known, rather than after the brief's own
        series has planned every budget."""
        for future in futures:
            if future.done() and (error := future.exception()) is not None:
                raise error


def _briefs(brief: Brief) -> dict[str, Brief]:
    alts = alternatives(brief)
    return {name: alts[label] for name, label in SERIES.items()}


def marginal_value(points: list[FrontierPoint], budget: float) -> float:
    """The expected result of the next $1,000 at `budget`, from the bound of the optimal
    series: the slope of the bound across the frontier segment that holds `budget`, times
    1,000. On the live path the bound is the LP's, so this is the budget's shadow price in the
    LP averaged over that segment; on small models it is the MIP's bound, i.e. the best plans'
    own slope.

    The bound, not the plans: live plans move in whole influencers and stop within a small gap
    of the bound, so the difference of two plans jumps about with which influencers happen to
    fit, while the LP bound is the smooth envelope the plans stay close to. A finite
    difference, not the dual of the budget row: the frontier keeps no LP, and the dual holds
    only until the next influencer becomes affordable. Raises ValueError when `budget` is
    outside the budgets that have a plan, or fewer than two of them have one.
    """
    known = sorted((p.budget, p.bound) for p in points if p.bound is not None)
    if len(known) < 2:
        raise ValueError("the marginal value needs at least two budgets with a plan")
    budgets = [b for b, _ in known]
    if not budgets[0] <= budget <= budgets[-1]:
        raise ValueError(
            f"budget {budget:,.0f} is outside the frontier's budgets with a plan "
            f"({budgets[0]:,.0f} to {budgets[-1]:,.0f})"
        )
    i = min(bisect.bisect_right(budgets, budget), len(budgets) - 1)
    (b0, v0), (b1, v1) = known[i - 1], known[i]
    return (v1 - v0) / (b1 - b0) * MARGINAL_STEP
