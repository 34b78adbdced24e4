"""Pick the roster that maximises the brief's goal: a live path and an exact path.

Both start from the LP relaxation of the PuLP model, solved by HiGHS and kept warm, so a
budget change re-solves from the previous basis. A people goal (reach, clicks, conversions)
adds the cuts its LP calls for (planner.optimize.saturation) until it claims no more than
1e-5 above the people it reaches. Then:
- live: round the LP and repair it, diving (fix the most valuable fractional column, re-solve
  warm) while that improves the plan; where the plan is still more than 0.1% from the LP
  bound, a short branch and bound on the warm LP (planner.optimize.branch). Its bound is
  the best of its open nodes, so the gap it reports is proven.
- when rounding finds no plan: a MIP over the "core" (the fractional columns and those
  nearest the LP's break-even value per dollar), widened until it has a plan.
- reduced-cost fixing: a column whose reduced cost exceeds (LP bound - plan value) cannot
  change in any better plan.
- exact (and rosters of under 1,000 candidates): the MIP over every column that could still
  change, warm-started from the live plan, under a time limit; the gap it proves is reported.
The time limit counts from the start of each plan. When it stops the solver, the plan is the
best found by then (status "feasible", its gap to the LP bound reported). When it stops the
MIP before any plan is found, that is no proof the brief is impossible: the greedy plan is
returned if it keeps every rule (with the LP bound, so its gap is honest), else
SolverTimeLimitError says to allow more time.
The solver is HiGHS because the live path keeps its LP warm between budgets, which PuLP's
bundled CBC (a separate program per solve) cannot; bench/solvers.py measures both (bench/README.md).
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
from planner.optimize.branch import branch_and_bound
from planner.optimize.cbc import Cbc, cbc_mip
from planner.optimize.diagnose import diagnose
from planner.optimize.greedy import greedy, repair
from planner.optimize.highs import new_highs
from planner.optimize.instance import (
    Bounds,
    Instance,
    chosen_columns,
    fractional,
    has_solution,
)
from planner.optimize.saturation import CUT_ERROR, ROUNDS
from planner.plan import RESOLUTION, Method, Plan, Status, proven_best
from planner.rules import violations

INF = highspy.kHighsInf
OPTIMAL = highspy.HighsModelStatus.kOptimal
OPTIMAL_GAP = 1e-4  # relative gap at which the live path stops (0.01%): not a proof of best
# The exact MIP: a gap of zero, and an absolute one of a quarter of the result's resolution (half
# proves the plan best, `proven_best`; the plan's value is recomputed from its columns, and the
# other quarter leaves room for the solvers' tolerances).
EXACT_GAPS = {"mip_rel_gap": 0.0, "mip_abs_gap": RESOLUTION / 4}
CBC_SHARE = 0.5  # of the exact MIP's time, for CBC first on a linear goal (planner.optimize.cbc)
LIVE_GAP = 5e-4  # the live path stops once it is this close to the LP bound (0.05%)
SMALL_MODEL = 1_000  # columns: below this the live path also runs the MIP...
SMALL_MODEL_SECONDS = 1.0  # ...for at most this long
DUAL = 1  # HiGHS simplex_strategy: the dual simplex (warm re-solves)
LIVE_SECONDS = 0.25  # time the live path may spend rounding the LP...
LIVE_REPAIRS = 3  # ...or, on large rosters, the time of this many repairs
# ...and stops once this many dive steps in a row found no better plan. Measured on the bench
# briefs with a running cost: 20 steps gave the same gaps as 3 (the branch and bound after the
# dive finds what they found), in 1.5-3x the time (reach at 3,000 rows: 0.14 s against 0.05 s).
LIVE_STALL = 3
# Where the plan is then more than BRANCH_GAP from the LP bound (a weak bound: a dear column's
# fraction), a branch and bound on the warm LP, to that gap, for at most BRANCH_SECONDS: the
# second figure x candidates / BRANCH_ROWS, never below the first nor above the second (the
# re-plan targets: 0.3 s at 3,000 rows, 2 s at 50,000). At 3,000 rows the constrained brief's
# median gap was 0.086-0.10% with 0.15 s (re-plan 0.16 s), 0.068% with 0.25 s (0.26 s); the
# other briefs rarely branch there. At 50,000 rows, median gap over the bench's budget steps:
# 0.15 s left the constrained brief 0.19% and reach 0.10% from the bound (re-plans 0.47 s,
# 0.34 s); 0.6 s, 0.10% and 0.078% (0.85 s, 0.84 s: the branch and bound's time limit makes
# these vary from run to run); 1 s, 0.064% and 0.059% (0.92 s, 1.22 s).
BRANCH_GAP = 1e-3
BRANCH_SECONDS = (0.25, 1.0)
BRANCH_ROWS = 50_000  # candidates (not columns: a roster's posts per influencer multiply them)
CORE_START = 512  # columns set free in the first core MIP (widened until it has a plan)
TIME_LIMIT = 10.0  # solver seconds a plan may take unless the caller says otherwise


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
    method: Method
    timed_out: bool
    solve_seconds: float
    plan: Plan | None = None  # already built: the greedy plan when the MIP found none in time


class Planner(Instance):
    """One roster and the structure of one brief (an `Instance`) with its LP kept warm, and
    the live and exact paths over it.

    Only the budget may differ between calls to `plan`; any other change needs a new Planner.
    Calls are serialised by a lock, as they share the solver's state.
    """

    def __init__(self, roster: pd.DataFrame, brief: Brief, *, time_limit: float = TIME_LIMIT):
        start = time.perf_counter()
        super().__init__(roster, brief)
        self.time_limit = time_limit
        # The cold LP by the primal simplex (Instance: presolve off). Later re-solves start
        # from the previous basis, where the dual simplex is fastest (40 ms after a budget
        # change at 50k rows).
        self.highs.run()
        self.highs.setOptionValue("simplex_strategy", DUAL)
        self._lock = threading.Lock()
        self.build_seconds = time.perf_counter() - start

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
        self,
        budget: float | None = None,
        *,
        exact: bool = False,
        time_limit: float | None = None,
        branch: bool = True,
    ) -> Solution:
        """`plan`'s answer without its table (the costly part when only the value is needed);
        `plan_of` builds the plan. Raises as `plan` does. Without `branch`, the live path
        keeps the LP bound (the frontier: concave in the budget, its slope the marginal
        value) and skips the branch and bound."""
        with self._lock:
            return self._solve(budget, exact=exact, time_limit=time_limit, branch=branch)

    def plan_of(self, found: Solution, budget: float | None = None) -> Plan:
        """The plan of a solution found at this budget."""
        if found.plan is not None:
            return found.plan
        return self.plan_for(
            found.chosen,
            self.brief if budget is None else self.brief.with_budget(budget),
            status=Status.OPTIMAL if found.proven else Status.FEASIBLE,
            method=found.method,
            bound=found.bound,
            solve_seconds=found.solve_seconds,
            timed_out=found.timed_out,
        )

    def _solve(
        self,
        budget: float | None = None,
        *,
        exact: bool = False,
        time_limit: float | None = None,
        branch: bool = True,
    ) -> Solution:
        start = time.perf_counter()
        brief = self.brief if budget is None else self.brief.with_budget(budget)
        limit = self.time_limit if time_limit is None else time_limit
        deadline = start + limit
        bounds = self.bounds(brief.budget)
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
                chosen,
                plan.objective,
                plan.bound,
                False,
                Method.GREEDY,
                True,
                plan.solve_seconds,
                plan,
            )
        bound = lp_bound
        if branch and not small and self.value(chosen) < lp_bound * (1 - BRANCH_GAP):
            seconds = min(_left(deadline), self._branch_seconds)
            root, best = (lp_bound, x), (chosen, self.value(chosen))
            found, _, bound = branch_and_bound(
                self,
                brief,
                bounds,
                root,
                best,
                gap=LIVE_GAP,
                deadline=time.perf_counter() + seconds,
            )
            chosen = found if found is not None else chosen
        value = self.value(chosen)
        done = _done(value, bound, exact)
        if (exact or small) and not done:
            # Reduced-cost fixing: only columns whose reduced cost is within the gap can
            # differ in a better plan; solve the MIP over those, from the live plan.
            could_move = (reduced <= lp_bound - value + _tol(lp_bound)) | fractional(x)
            seconds = _left(deadline) if exact else min(_left(deadline), SMALL_MODEL_SECONDS)
            if exact and self.model.people is None:  # CBC first: HiGHS stalls on some
                cbc = self._cbc(could_move, x, bounds, seconds * CBC_SHARE, chosen)
                if cbc.chosen is not None and (reached := self.value(cbc.chosen)) > value:
                    chosen, value = cbc.chosen, reached
                if cbc.proven:
                    bound = min(bound, value + EXACT_GAPS["mip_abs_gap"])
                done = proven_best(value, bound)
            if not done:
                mip = self._mip(
                    could_move, x, bounds, _left(deadline) if exact else seconds,
                    start=chosen, outer_bound=bound, exact=exact,
                )  # fmt: skip
                assert mip.chosen is not None  # it started from the live plan, so it has one
                chosen, bound, done = mip.chosen, mip.bound, mip.optimal
                timed_out |= mip.timed_out and not _left(deadline)  # not the small model's cap
                value = self.value(chosen)
        return Solution(
            chosen,
            value,
            bound,
            proven_best(value, bound),
            Method.EXACT if exact or small else Method.LIVE,
            timed_out and not done,
            time.perf_counter() - start,
        )

    def greedy(self, budget: float | None = None) -> Plan:
        """The greedy baseline at this budget, with the rules it could not keep."""
        start = time.perf_counter()
        brief = self.brief if budget is None else self.brief.with_budget(budget)
        return self._greedy(brief, self.bounds(brief.budget), start, bound=float("nan"))

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
        plan = self.plan_for(
            chosen,
            brief,
            status=Status.FEASIBLE,
            method=Method.GREEDY,
            bound=bound,
            solve_seconds=time.perf_counter() - start,
            build_seconds=0.0,
        )
        broken = violations(plan.rows, brief)
        return replace(
            plan, violations=broken, status=Status.RULES_BROKEN if broken else Status.FEASIBLE
        )

    def _solve_lp(self, brief: Brief, bounds: Bounds) -> tuple[float, np.ndarray, np.ndarray]:
        if np.any(bounds.lower > bounds.upper):
            raise InfeasibleBriefError(diagnose(self, brief, bounds))
        h, n = self.highs, self.columns
        h.changeRowBounds(self.budget_row, -INF, brief.budget)
        h.changeColsBounds(n, np.arange(n, dtype=np.int32), bounds.lower, bounds.upper)
        if self.resolve() != OPTIMAL:
            raise InfeasibleBriefError(diagnose(self, brief, bounds))
        sol = h.getSolution()
        lp_bound = -h.getInfo().objective_function_value
        return lp_bound, np.asarray(sol.col_value)[:n], np.abs(np.asarray(sol.col_dual))[:n]

    def _dive(
        self, brief: Brief, x: np.ndarray, bounds: Bounds, lp_bound: float, seconds: float
    ) -> np.ndarray | None:
        """Round the LP: round down and repair; then, while time remains and the plan is not
        within LIVE_GAP of the bound, fix the most valuable fractional column to 1 (0 if that
        has no plan), re-solve the LP from its warm basis and repair again. Keeps the best, and
        stops LIVE_STALL steps after its last improvement (while it has no plan, it goes on)."""
        best, best_value, stalled = None, -1.0, 0
        start, deadline = time.perf_counter(), None
        while True:
            chosen = repair(self.model, brief.budget, bounds.upper, x)
            if deadline is None:
                deadline = start + max(seconds, LIVE_REPAIRS * (time.perf_counter() - start))
            stalled += 1
            if chosen is not None and self.value(chosen) > best_value:
                best, best_value, stalled = chosen, self.value(chosen), 0
            frac = np.flatnonzero(fractional(x))
            if (
                best_value >= lp_bound * (1 - LIVE_GAP)
                or not frac.size
                or time.perf_counter() >= deadline
                or (best is not None and stalled >= LIVE_STALL)
            ):
                return best
            col = int(frac[np.argmax(self.model.value[frac] * x[frac])])
            for v in (1.0, 0.0):
                self.highs.changeColBounds(col, v, v)
                self.highs.run()
                if self.highs.getModelStatus() == OPTIMAL:
                    break
            else:
                return best
            x = np.asarray(self.highs.getSolution().col_value)[: self.columns]

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
            free = fractional(x)
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
        exact: bool = False,
    ) -> _Mip:
        """The MIP with every column outside `free` fixed at its LP value (rounded). A people
        goal's MIP is solved again, from its plan, with the cuts its plan calls for (kept in
        the warm LP too), until it calls for none, its plan's people are already within the
        path's gap of its bound (the cuts lie above the curve, so that bound holds for the
        people too), or the time is up. `exact`: to a gap of zero and `EXACT_GAPS`' absolute
        one, else to `_mip_gap`."""
        deadline = time.perf_counter() + limit
        gaps = EXACT_GAPS if exact else {"mip_rel_gap": self._mip_gap}
        for _ in range(ROUNDS):
            mip = self._mip_once(free, x, bounds, _left(deadline), start, target, gaps)
            found = self._outcome(mip, start, outer_bound, exact)  # (tighten changes mip)
            if (
                not self.tighten(mip, self.highs, exact=exact)
                or found.optimal
                or not _left(deadline)
            ):
                break
            start = found.chosen
        return found

    def _outcome(
        self, mip: highspy.Highs, start: np.ndarray | None, outer_bound: float | None, exact: bool
    ) -> _Mip:
        """A solved MIP's plan (else `start`), its bound (at most `outer_bound`) and whether
        the plan is as close to it as the path asks, in people as the plan reaches them."""
        info, status = mip.getInfo(), mip.getModelStatus()
        timed_out = status == highspy.HighsModelStatus.kTimeLimit
        if not has_solution(mip):
            bound = outer_bound if start is not None and outer_bound is not None else 0.0
            return _Mip(start, bound, False, timed_out)
        chosen = chosen_columns(mip, self.columns)
        value = self.value(chosen)
        bound = max(value, -info.mip_dual_bound)
        if outer_bound is not None:
            bound = min(bound, outer_bound)
        return _Mip(chosen, bound, status == OPTIMAL and _done(value, bound, exact), timed_out)

    def _cbc(
        self, free: np.ndarray, x: np.ndarray, bounds: Bounds, limit: float, start: np.ndarray
    ) -> Cbc:
        """`_mip_once`'s MIP (a linear goal's: no cuts to add) by CBC, exactly."""
        lp = self._mip_lp(free, x, bounds)
        return cbc_mip(lp, self.columns, limit, abs_gap=EXACT_GAPS["mip_abs_gap"], start=start)

    def _mip_lp(self, free: np.ndarray, x: np.ndarray, bounds: Bounds) -> highspy.HighsLp:
        """The MIP with every column outside `free` fixed at its LP value (rounded)."""
        lp = self.lp()
        fixed = np.round(x)
        self.set_columns(
            lp, np.where(free, bounds.lower, fixed), np.where(free, bounds.upper, fixed)
        )
        self.integer(lp)
        return lp

    def _mip_once(
        self,
        free: np.ndarray,
        x: np.ndarray,
        bounds: Bounds,
        limit: float,
        start: np.ndarray | None,
        target: float | None,
        gaps: dict[str, float],
    ) -> highspy.Highs:
        lp = self._mip_lp(free, x, bounds)
        mip = new_highs(time_limit=float(limit), **gaps, **self._heuristics)
        if target is not None:  # stop as soon as a plan this good is found
            mip.setOptionValue("objective_target", -target)
        mip.passModel(lp)
        if start is not None:  # (a people goal's z and v: HiGHS completes them)
            mip.setSolution(len(start), np.arange(len(start), dtype=np.int32), start)
        mip.run()
        return mip

    @property
    def _heuristics(self) -> dict[str, bool]:
        """HiGHS's sub-MIP heuristics (RINS, RENS) off on a small model: there each re-solves
        nearly the whole model. Measured on the sample's macro & mega only series, 20 budgets
        at 0.5 s each: reach 4.13 s to 3.40 s (largest gap 0.86% to 0.09%: the time limit
        stopped fewer), constrained 1.78 s to 1.21 s, conversions and simple alike."""
        if len(self.model.cost) > SMALL_MODEL:
            return {}
        return {"mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False}

    @property
    def _branch_seconds(self) -> float:
        """The live path's branch and bound time on this model (BRANCH_SECONDS)."""
        least, most = BRANCH_SECONDS
        return float(np.clip(most * len(self.cands) / BRANCH_ROWS, least, most))

    @property
    def _mip_gap(self) -> float:
        """The MIP's relative gap: OPTIMAL_GAP, less what the cuts of a people goal may claim
        above the people reached (its proof is on the cuts; the plan's gap on the people)."""
        return OPTIMAL_GAP - (2 * CUT_ERROR if self.model.people is not None else 0.0)


def _done(value: float, bound: float, exact: bool) -> bool:
    """Whether a plan is as close to the bound as its path asks: exact, proven best
    (`proven_best`); live, within OPTIMAL_GAP."""
    return proven_best(value, bound) if exact else value >= bound * (1 - OPTIMAL_GAP)


def _left(deadline: float) -> float:
    """Seconds until the deadline (0 once it has passed: HiGHS then stops at once)."""
    return max(0.0, deadline - time.perf_counter())


def _tol(scale: float) -> float:
    return 1e-7 * max(1.0, abs(scale))


def optimize(
    roster: pd.DataFrame, brief: Brief, *, exact: bool = False, time_limit: float = TIME_LIMIT
) -> Plan:
    """Plan one brief from scratch."""
    return Planner(roster, brief, time_limit=time_limit).plan(exact=exact)
