"""Pick the roster that maximises the brief's goal: a live path and an exact path.

Both start from the LP relaxation of the PuLP model, solved by HiGHS and kept warm, so a
budget change re-solves from the previous basis. Then:
- live: a small MIP over the "core" (the columns the LP left fractional or nearly so, by
  reduced cost), everything else fixed at its LP value. Fast, and usually already proven:
- reduced-cost fixing: a column whose reduced cost exceeds (LP bound - plan value) cannot
  change in any better plan. When every fixed column passes that test and the core MIP was
  solved to optimality, the plan is proven optimal for the whole roster.
- exact: when the proof is missing, the MIP over every column that could still change,
  warm-started from the live plan, under a time limit; the gap it proves is reported.
The time limit counts from the start of each plan. When it stops the solver, the plan is the
best found by then (status "feasible", its gap to the LP bound reported). When it stops the
MIP before any plan is found, that is no proof the brief is impossible: the greedy plan is
returned if it keeps every rule (with the LP bound, so its gap is honest), else
SolverTimeLimitError says to allow more time.
The solver is HiGHS because the live path keeps its LP warm between budgets, which PuLP's
bundled CBC (a separate program per solve) cannot; bench/solvers.py measures both (README).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

import highspy
import numpy as np
import pandas as pd

from planner.brief import Brief
from planner.errors import InfeasibleBriefError, SolverTimeLimitError
from planner.forecast import per_post
from planner.optimize.diagnose import diagnose
from planner.optimize.greedy import greedy, repair
from planner.optimize.highs import new_highs, pulp_highs
from planner.optimize.model import Model, build
from planner.plan import Plan, make_plan
from planner.rules import violations

INF = highspy.kHighsInf
OPTIMAL_GAP = 1e-4  # relative gap under which a plan counts as optimal (0.01%)
LIVE_GAP = 5e-4  # the live path stops once it is this close to the LP bound (0.05%)
SMALL_MODEL = 1_000  # columns: below this the live path also runs the MIP...
SMALL_MODEL_SECONDS = 1.0  # ...for at most this long
PRIMAL, DUAL = 4, 1  # HiGHS simplex_strategy values
LIVE_SECONDS = 0.25  # time the live path may spend rounding the LP...
LIVE_REPAIRS = 3  # ...or, on large rosters, the time of this many repairs
CORE_START = 512  # columns set free in the first core MIP (widened until it has a plan)


@dataclass
class Bounds:
    lower: np.ndarray
    upper: np.ndarray


@dataclass
class _Mip:
    """One MIP's outcome: its plan (None if it found none), bound and proof, and whether the
    time limit stopped it."""

    chosen: np.ndarray | None
    bound: float
    optimal: bool
    timed_out: bool


@dataclass(frozen=True)
class Solution:
    """A plan as the optimizer found it, before its table is built (`Planner.solve`): the
    chosen columns, their value toward the goal, the proven bound and how it was found."""

    chosen: np.ndarray  # 0/1 per model column
    objective: float
    bound: float
    proven: bool
    method: str
    timed_out: bool
    solve_seconds: float
    plan: Plan | None = None  # already built: the greedy plan when the MIP found none in time


class Planner:
    """One roster and the structure of one brief: candidates, model and warm solver state.

    Only the budget may differ between calls to `plan`; any other change needs a new Planner
    (`Planner.fits` tells). Calls are serialised by a lock, as they share the solver's state.
    """

    def __init__(self, roster: pd.DataFrame, brief: Brief, *, time_limit: float = 10.0):
        start = time.perf_counter()
        self.brief, self.time_limit = brief, time_limit
        self.cands, self.pruned = candidates(roster, brief)
        if self.cands.empty:
            raise InfeasibleBriefError.single(*_why_no_candidates(roster, brief))
        self.model: Model = build(self.cands, brief)
        # Measured at 50k rows: presolve of the dense share rows took 10 s of a 12 s cold
        # LP; without it the primal simplex takes 1.2 s. Later re-solves start from the
        # previous basis, where the dual simplex is fastest (40 ms after a budget change).
        self.model.problem.solve(pulp_highs(mip=False, presolve="off", simplex_strategy=PRIMAL))
        self.highs: highspy.Highs = self.model.problem.solverModel
        self.highs.setOptionValue("simplex_strategy", DUAL)
        if any(v.index != c for c, v in enumerate(self.model.variables)):
            raise RuntimeError("solver columns are not in model order")
        self.budget_row = self.model.problem.get_constraint_by_name("budget").index
        self.pinned = self.cands["handle"].isin(brief.pinned).to_numpy()[self.model.cand]
        self._lock = threading.Lock()
        self.build_seconds = time.perf_counter() - start

    def fits(self, brief: Brief) -> bool:
        return brief.model_dump(exclude={"budget"}) == self.brief.model_dump(exclude={"budget"})

    def plan(
        self, budget: float | None = None, *, exact: bool = False, time_limit: float | None = None
    ) -> Plan:
        """The best plan at this budget: live (fast, gap reported) or exact (gap proven)."""
        with self._lock:
            return self._plan(budget, exact=exact, time_limit=time_limit)

    def _plan(
        self, budget: float | None = None, *, exact: bool = False, time_limit: float | None = None
    ) -> Plan:
        return self.plan_of(self._solve(budget, exact=exact, time_limit=time_limit), budget)

    def solve(
        self, budget: float | None = None, *, exact: bool = False, time_limit: float | None = None
    ) -> Solution:
        """`plan`'s answer without its table (the costly part when only the value is needed);
        `plan_of` builds the plan. Raises as `plan` does."""
        with self._lock:
            return self._solve(budget, exact=exact, time_limit=time_limit)

    def plan_of(self, found: Solution, budget: float | None = None) -> Plan:
        """The plan of a solution found at this budget."""
        if found.plan is not None:
            return found.plan
        return make_plan(
            self.cands,
            self._posts(found.chosen),
            self.brief if budget is None else self.brief.with_budget(budget),
            status="optimal" if found.proven else "feasible",
            method=found.method,
            bound=found.bound,
            solve_seconds=found.solve_seconds,
            build_seconds=self.build_seconds,
            candidates=len(self.cands),
            pruned=self.pruned,
            timed_out=found.timed_out,
        )

    def _solve(
        self, budget: float | None = None, *, exact: bool = False, time_limit: float | None = None
    ) -> Solution:
        start = time.perf_counter()
        brief = self.brief if budget is None else self.brief.with_budget(budget)
        limit = self.time_limit if time_limit is None else time_limit
        deadline = start + limit
        bounds = self._bounds(brief.budget)
        lp_bound, x, reduced = self._solve_lp(brief, bounds)
        # A small model (few, dear candidates: a weak LP bound) goes straight to the MIP.
        small = len(self.model.cost) <= SMALL_MODEL
        chosen = self._dive(brief, x, bounds, lp_bound, 0.0 if small else min(limit, LIVE_SECONDS))
        timed_out = False
        if chosen is None:
            chosen, timed_out = self._core_mip(brief, x, reduced, bounds, lp_bound, deadline)
        if chosen is None:  # the time limit stopped the MIP before it found any plan
            chosen = greedy(self.model, brief.budget, bounds.lower, bounds.upper)
            plan = self._greedy(brief, bounds, start, bound=lp_bound, chosen=chosen)
            if plan.violations or plan.rows.empty:  # (an empty plan keeps share rules idly)
                raise SolverTimeLimitError(limit)
            plan = replace(plan, timed_out=True)
            return Solution(
                chosen, plan.objective, plan.bound, False, "greedy", True, plan.solve_seconds, plan
            )
        bound, proven = lp_bound, self.model.value @ chosen >= lp_bound * (1 - OPTIMAL_GAP)
        if (exact or small) and not proven:
            # Reduced-cost fixing: only columns whose reduced cost is within the gap can
            # differ in a better plan; solve the MIP over those, from the live plan.
            value = float(self.model.value @ chosen)
            could_move = (reduced <= lp_bound - value + _tol(lp_bound)) | _fractional(x)
            seconds = _left(deadline) if exact else min(_left(deadline), SMALL_MODEL_SECONDS)
            mip = self._mip(could_move, x, bounds, seconds, start=chosen, outer_bound=lp_bound)
            chosen, bound, proven = mip.chosen, mip.bound, mip.optimal
            timed_out |= mip.timed_out and not _left(deadline)  # not the small model's cap
        return Solution(
            chosen,
            float(self.model.value @ chosen),
            bound,
            bool(proven),
            "exact" if exact or small else "live",
            timed_out and not proven,
            time.perf_counter() - start,
        )

    def greedy(self, budget: float | None = None) -> Plan:
        """The greedy baseline at this budget, with the rules it could not keep."""
        start = time.perf_counter()
        brief = self.brief if budget is None else self.brief.with_budget(budget)
        return self._greedy(brief, self._bounds(brief.budget), start, bound=float("nan"))

    def _greedy(
        self,
        brief: Brief,
        bounds: Bounds,
        start: float,
        *,
        bound: float,
        chosen: np.ndarray | None = None,
    ) -> Plan:
        if chosen is None:
            chosen = greedy(self.model, brief.budget, bounds.lower, bounds.upper)
        plan = make_plan(
            self.cands,
            self._posts(chosen),
            brief,
            status="feasible",
            method="greedy",
            bound=bound,
            solve_seconds=time.perf_counter() - start,
            candidates=len(self.cands),
            pruned=self.pruned,
        )
        broken = violations(plan.rows, brief)
        return replace(plan, violations=broken, status="rules broken" if broken else "feasible")

    def _posts(self, chosen: np.ndarray) -> pd.Series:
        """Posts bought per candidate, from the chosen columns."""
        counts = np.bincount(self.model.cand, weights=chosen, minlength=len(self.cands))
        return pd.Series(counts, index=self.cands.index).round().astype(int)

    def _bounds(self, budget: float) -> Bounds:
        cap = self.brief.max_share_per_influencer * budget
        affordable = self.model.cost * self.model.post <= cap * (1 + 1e-9)
        return Bounds(
            lower=(self.pinned & (self.model.post == 1)).astype(float),
            upper=affordable.astype(float),
        )

    def _solve_lp(self, brief: Brief, bounds: Bounds) -> tuple[float, np.ndarray, np.ndarray]:
        if np.any(bounds.lower > bounds.upper):
            raise InfeasibleBriefError(diagnose(self, brief, bounds))
        h, n = self.highs, len(self.model.variables)
        h.changeRowBounds(self.budget_row, -INF, brief.budget)
        h.changeColsBounds(n, np.arange(n, dtype=np.int32), bounds.lower, bounds.upper)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise InfeasibleBriefError(diagnose(self, brief, bounds))
        sol = h.getSolution()
        lp_bound = -h.getInfo().objective_function_value
        return lp_bound, np.asarray(sol.col_value), np.abs(np.asarray(sol.col_dual))

    def _dive(
        self, brief: Brief, x: np.ndarray, bounds: Bounds, lp_bound: float, seconds: float
    ) -> np.ndarray | None:
        """Round the LP: round down and repair; then, while time remains and the plan is not
        within LIVE_GAP of the bound, fix the most valuable fractional column to 1 (0 if that
        has no plan), re-solve the LP from its warm basis and repair again. Keeps the best."""
        best, best_value = None, -1.0
        start, deadline = time.perf_counter(), None
        while True:
            chosen = repair(self.model, brief.budget, bounds.upper, x)
            if deadline is None:
                deadline = start + max(seconds, LIVE_REPAIRS * (time.perf_counter() - start))
            if chosen is not None and self.model.value @ chosen > best_value:
                best, best_value = chosen, float(self.model.value @ chosen)
            frac = np.flatnonzero(_fractional(x))
            if (
                best_value >= lp_bound * (1 - LIVE_GAP)
                or not frac.size
                or time.perf_counter() >= deadline
            ):
                return best
            col = int(frac[np.argmax(self.model.value[frac] * x[frac])])
            for v in (1.0, 0.0):
                self.highs.changeColBounds(col, v, v)
                self.highs.run()
                if self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                    break
            else:
                return best
            x = np.asarray(self.highs.getSolution().col_value)

    def _core_mip(
        self,
        brief: Brief,
        x: np.ndarray,
        reduced: np.ndarray,
        bounds: Bounds,
        lp_bound: float,
        deadline: float,
    ) -> tuple[np.ndarray | None, bool]:
        """When rounding finds no plan: a MIP over the "core" (the fractional columns and those
        nearest the LP's break-even value per dollar), the rest fixed at their LP values,
        widened until it has a plan; the whole MIP last. Returns the plan (None when the
        deadline passed before any was found) and whether the time limit stopped the MIP."""
        order = np.argsort(reduced / np.maximum(self.model.cost, 1e-9), kind="stable")
        size = CORE_START
        while True:
            free = _fractional(x)
            free[order[:size]] = True
            target = lp_bound * (1 - LIVE_GAP)
            mip = self._mip(free, x, bounds, _left(deadline), target=target)
            if mip.chosen is not None or mip.timed_out:
                return mip.chosen, mip.timed_out
            if free.all():  # proven: no plan keeps every rule
                raise InfeasibleBriefError(diagnose(self, brief, bounds, integer=True))
            size *= 4

    def _mip(
        self,
        free: np.ndarray,
        x: np.ndarray,
        bounds: Bounds,
        limit: float,
        *,
        start: np.ndarray | None = None,
        outer_bound: float | None = None,
        target: float | None = None,
    ) -> _Mip:
        """The MIP with every column outside `free` fixed at its LP value (rounded)."""
        lp = self.highs.getLp()
        fixed = np.round(x)
        lp.col_lower_ = np.where(free, bounds.lower, fixed)
        lp.col_upper_ = np.where(free, bounds.upper, fixed)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
        mip = new_highs(time_limit=float(limit), mip_rel_gap=OPTIMAL_GAP)
        if target is not None:  # stop as soon as a plan this good is found
            mip.setOptionValue("objective_target", -target)
        mip.passModel(lp)
        if start is not None:
            mip.setSolution(len(start), np.arange(len(start), dtype=np.int32), start)
        mip.run()
        info, status = mip.getInfo(), mip.getModelStatus()
        timed_out = status == highspy.HighsModelStatus.kTimeLimit
        if info.primal_solution_status != 2:  # 2: a feasible solution is known
            return _Mip(start, outer_bound if start is not None else 0.0, False, timed_out)
        chosen = (np.asarray(mip.getSolution().col_value) > 0.5).astype(float)
        value = float(self.model.value @ chosen)
        bound = max(value, -info.mip_dual_bound)
        if outer_bound is not None:
            bound = min(bound, outer_bound)
        return _Mip(chosen, bound, status == highspy.HighsModelStatus.kOptimal, timed_out)


def _left(deadline: float) -> float:
    """Seconds until the deadline (0 once it has passed: HiGHS then stops at once)."""
    return max(0.0, deadline - time.perf_counter())


def _fractional(x: np.ndarray) -> np.ndarray:
    return np.abs(x - np.round(x)) > 1e-6


def _tol(scale: float) -> float:
    return 1e-7 * max(1.0, abs(scale))


def candidates(roster: pd.DataFrame, brief: Brief) -> tuple[pd.DataFrame, int]:
    """Rows that could be chosen, with per-post forecasts; and how many were pruned.

    Pruned: excluded handles, rows outside the targeted categories and platforms, audiences
    with too many fake followers, rows in a group that a rule closes (at most 0 influencers),
    and rows worth nothing toward the goal (audience outside the target countries). Pinned
    handles stay whatever the filters say (a pin in a closed group is reported as a conflict).
    """
    missing = sorted(set(brief.pinned) - set(roster["handle"]))
    if missing:
        raise InfeasibleBriefError.single(
            "pinned handles",
            f"pinned handles not in the roster: {', '.join(missing)}",
            "unpin them or add them to the roster",
        )
    rows = per_post(roster, brief)
    keep = ~rows["handle"].isin(brief.excluded) & (rows["value"] > 0)
    if brief.categories:
        keep &= rows["category"].isin(brief.categories)
    if brief.platforms:
        keep &= rows["platform"].isin(brief.platforms)
    keep &= rows["fake_follower_share"] <= brief.max_fake_share
    for group, rules in brief.rule_groups().items():  # groups closed by "at most 0"
        closed = [member for member, rule in rules.items() if rule.max_count == 0]
        keep &= ~rows[group].astype(str).isin(closed)
    keep |= rows["handle"].isin(brief.pinned)
    return rows[keep], int((~keep).sum())


def _why_no_candidates(roster: pd.DataFrame, brief: Brief) -> tuple[str, str, str]:
    """The first filter that leaves no candidate: (rule, reason, fix)."""
    rows = per_post(roster, brief)
    steps = [
        (
            "targeting",
            ~rows["handle"].isin(brief.excluded)
            & (rows["category"].isin(brief.categories) if brief.categories else True)
            & (rows["platform"].isin(brief.platforms) if brief.platforms else True)
            & (rows["fake_follower_share"] <= brief.max_fake_share),
            "no influencer matches the targeting (categories, platforms, fake-follower cap, "
            "exclusions)",
            "widen the targeting",
        ),
        (
            "mix rules",
            ~np.logical_or.reduce(
                [
                    rows[g].astype(str).isin([m for m, r in rules.items() if r.max_count == 0])
                    for g, rules in brief.rule_groups().items()
                ]
            ),
            "every influencer left is in a group closed by 'at most 0'",
            "allow at least one influencer in some tier, platform or category",
        ),
        (
            "goal",
            rows["value"] > 0,
            f"no influencer left is worth anything toward {brief.goal.value}: its audience is "
            "outside the target countries, or a rate the goal needs (click-through, conversion) "
            "is 0%",
            "widen the countries or set the rates above 0%",
        ),
    ]
    keep = pd.Series(True, index=rows.index)
    for rule, mask, reason, fix in steps:
        keep &= mask
        if not keep.any():
            return rule, reason, fix
    return "targeting", "no influencer can be chosen", "widen the targeting"


def optimize(
    roster: pd.DataFrame, brief: Brief, *, exact: bool = False, time_limit: float = 10.0
) -> Plan:
    """Plan one brief from scratch."""
    return Planner(roster, brief, time_limit=time_limit).plan(exact=exact)
