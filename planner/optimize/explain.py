"""What each binding rule of a brief costs the plan, and which rule leaves budget unspent.

Every rule the brief sets (the budget, the per-influencer cap, the team's capacity, each mix
rule, the niche and platform filters, the fake-follower cap, each pin) is relaxed by one step
(`relaxations`) and the brief planned again. A rule binds when the relaxed plan reaches more
than the plan's own proven bound: no better plan under the rule exists, so the rule (not the
search) holds the plan back. Measured by re-planning, not from LP duals: the model is a MIP,
where duals say nothing of a step.

The audience countries are not relaxed: they say where the product is sold, and so what counts
as a result (an audience elsewhere is worth nothing), not a rule the plan could break.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from planner.brief import Brief
from planner.errors import PlannerError
from planner.forecast import GOAL_METRIC
from planner.optimize.optimizer import Planner
from planner.plan import RESOLUTION, Plan
from planner.rules import Relaxation, describe, members, relaxations
from planner.wording import metric_noun, money, number

Replan = Callable[[Brief], Plan]  # plans a brief on the roster of the plan being explained
UNSPENT_LEFT = 0.01  # budget left over counts as unspent past this share of the budget


@dataclass(frozen=True)
class RuleCost:
    """A rule that binds: what relaxing it one step gains, and the relaxed plan."""

    relaxation: Relaxation
    plan: Plan  # the plan of the relaxed brief
    gain: float  # in the goal's unit
    share: float  # the gain relative to the plan's result (inf for a plan delivering nothing)
    extra_spend: float  # what the relaxed plan spends more

    @property
    def kind(self) -> str:
        return self.relaxation.kind


@dataclass(frozen=True)
class Explanation:
    """The binding rules, most costly first, the rules that do not bind, and why budget is
    left unspent."""

    costs: list[RuleCost]
    free: list[Relaxation]  # relaxed one step, no better plan: these rules do not bind
    unspent_why: str  # "" when nothing worth saying is left unspent
    seconds: float  # wall time of the re-plans
    replans: int


def explain(plan: Plan, replan: Replan, cands: pd.DataFrame) -> Explanation:
    """Relax each rule of the plan's brief one step and plan again (`replan`); the rules that
    bind, most costly first, and why budget is left unspent (`cands`: the plan's candidates).
    A relaxed brief with no plan in time is left out: it proves nothing either way."""
    start, brief = time.perf_counter(), plan.brief
    costs: list[RuleCost] = []
    free: list[Relaxation] = []
    proven = plan.objective if math.isnan(plan.bound) else max(plan.objective, plan.bound)
    replans = 0
    for relaxation in relaxations(brief):
        replans += 1
        try:
            relaxed = replan(relaxation.fix.apply(brief))
        except PlannerError:
            continue
        if relaxed.objective <= proven + RESOLUTION / 2:
            free.append(relaxation)
            continue
        gain = relaxed.objective - plan.objective
        extra = relaxed.totals["cost"] - plan.totals["cost"]
        share = gain / plan.objective if plan.objective > 0 else math.inf
        costs.append(RuleCost(relaxation, relaxed, gain, share, extra))
    costs.sort(key=lambda c: -c.gain)
    why = unspent_why(plan, cands, costs)
    return Explanation(costs, free, why, time.perf_counter() - start, replans)


def unspent(plan: Plan) -> float:
    """The budget the plan leaves unspent, where that is more than UNSPENT_LEFT of it; else 0."""
    left = plan.brief.budget - plan.totals["cost"]
    return left if left > UNSPENT_LEFT * plan.brief.budget else 0.0


def unspent_why(plan: Plan, cands: pd.DataFrame, costs: list[RuleCost] | None = None) -> str:
    """Why budget is left unspent ("" when little is): a minimum share whose group cannot take
    more (all it could buy, divided by the share, caps the plan); else no one left out that
    costs so little; else, with `costs` (explain's), the binding rule whose relaxed plan spends
    the most more, mix rules before targeting. Without `costs`, "" where only they can tell."""
    left = unspent(plan)
    if not left:
        return ""
    brief, spent = plan.brief, plan.totals["cost"]
    said = f"{money(left)} of the {money(brief.budget)} budget is unspent"
    capped = share_cap(plan, cands)
    if capped is not None:
        return f"{said}: {capped.why}"
    out = cands[~cands["handle"].isin(plan.rows["handle"])]
    if out.empty:
        return f"{said}: every candidate the targeting allows is already in the plan."
    cheapest = float(out["unit_cost"].min()) + brief.cost_per_influencer
    if cheapest > left:
        return (
            f"{said}: no influencer left out costs that little (the cheapest costs "
            f"{money(cheapest)} with the running cost)."
        )
    if costs is None:
        return ""
    order = {"mix": 0, "pin": 1, "targeting": 2}
    spenders = sorted(
        (c for c in costs if c.kind != "budget" and c.extra_spend > UNSPENT_LEFT * left),
        key=lambda c: (order[c.kind], -c.extra_spend),
    )
    if not spenders:
        return (
            f"{said}: no rule of the brief holds it; the influencers left out would add "
            "nothing to the goal within the rules."
        )
    c = spenders[0]
    return (
        f"{said}: '{c.relaxation.rule}' holds the plan at {money(spent)}. Relaxed one step "
        f"({c.relaxation.fix}), the plan spends {money(c.extra_spend)} more and delivers "
        f"{number(c.gain)} more {metric_noun(GOAL_METRIC[brief.goal])}."
    )


@dataclass(frozen=True)
class ShareCap:
    """A minimum share that caps the plan's spend: the rule, in words, and why."""

    rule: str  # "at least 60% of spend on micro influencers"
    why: str  # "the 48 micro influencers ... caps the plan at $12,655 ÷ 60% = $21,092."
    cap: float


def share_cap(plan: Plan, cands: pd.DataFrame) -> ShareCap | None:
    """The minimum share that caps the plan's spend, or None: a group whose every candidate,
    with every post, costs A in all lets a plan with at least a share s of its spend there
    spend A / s at most; the lowest such cap, where the plan's unspent budget is nearly all
    above it."""
    brief, spent = plan.brief, plan.totals["cost"]
    left = brief.budget - spent
    most = cands["unit_cost"] * brief.max_posts + brief.cost_per_influencer
    found: list[ShareCap] = []
    for group, rules in brief.rule_groups().items():
        for member, rule in rules.items():
            if rule.min_share <= 0:
                continue
            inside = cands[group].astype(str) == str(member)
            available = float(most[inside].sum())
            cap = available / rule.min_share
            if cap - spent <= 0.1 * left:
                what = describe("min_share", group, member, rule.min_share)
                why = (
                    f"the {int(inside.sum()):,} {members(group, member)} the targeting allows "
                    f"cost {money(available)} in all, so '{what}' caps the plan at "
                    f"{money(available)} ÷ {rule.min_share:.0%} = {money(cap)}."
                )
                found.append(ShareCap(what, why, cap))
    return min(found, key=lambda c: c.cap, default=None)


def replanner(roster: pd.DataFrame, time_limit: float | None = None) -> Replan:
    """Plans briefs on `roster`, one Planner per brief structure (a budget step re-solves
    warm): `explain`'s `replan` outside the app, whose own caches do this."""
    planners: dict[str, Planner] = {}

    def replan(brief: Brief) -> Plan:
        key = brief.structure()
        if key not in planners:
            planners[key] = Planner(roster, brief)
        planner = planners[key]
        if time_limit is None:
            return planner.plan(brief.budget)
        return planner.plan(brief.budget, time_limit=time_limit)

    return replan
