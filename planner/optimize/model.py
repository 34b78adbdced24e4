"""The PuLP mixed-integer model of a brief: data, variables, named constraints, objective.

Each candidate i may make up to k posts. Binary y[i,j] says "post j of influencer i is
bought"; y[i,1] is "influencer i is in the plan", and y[i,j] <= y[i,j-1] keeps posts in order.
Post j is worth value_i x extra_post_factor^(j-1) and costs unit_cost_i; the first post also
carries the brief's cost_per_influencer (the brand's own cost of running that influencer), so
every part that reads the cost array (budget, share rules, the per-influencer cap, the greedy
filler, the diagnosis, the goal seek, the frontier) counts it as spend on that influencer.

Constraints, each named from its meaning so a conflict can be reported by name:
    budget                         sum cost x y                <= budget
    max_influencers                influencers in the plan     <= the team's capacity
    min_count_tier_micro, ...      influencers in the group    >= / <= the rule's count
    min_share_tier_micro, ...      group spend - share x spend >= 0 (share of the plan's spend)
    order_<i>_<j>                  y[i,j] <= y[i,j-1]
For a goal counted in people (reach, clicks, conversions: planner.audience), the objective is
the people of each audience cell, de-duplicated (planner.optimize.saturation): after the y
columns come one column z_c (people) and one v_c (exposure) per cell, with
    exposure_<c>                   v_c - sum of the columns' exposure in c = 0
    people_<c>_<k>                 z_c - slope_k v_c <= limit_k (the tangent cuts)
    gross_<c>                      z_c - the columns' summed results in c <= 0
The gross rows hold for every plan (people never exceed the sum of the reaches) and keep the
LP from a fraction of one account that would fill its cell: its exposure is near 28 N (the
log of 1 - r/N at r = N), so 4% of it claimed two thirds of the cell: at 50,000 rows and
$50k the reach LP's bound was 34% above the live plan, and is 0.08% above it with these rows.
Budget-dependent parts (the budget row, the per-influencer cap, pins) are bounds, so a budget
change only moves numbers and the solver re-starts from its previous basis.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pulp

from planner.audience import PEOPLE_METRICS, cells
from planner.brief import Brief, MixRule
from planner.forecast import GOAL_METRIC, post_weights, repeat_multiplier
from planner.optimize import saturation
from planner.plan import RESOLUTION


@dataclass(frozen=True)
class RuleRow:
    """One named constraint that came from a rule of the brief."""

    name: str
    kind: str  # "min_count", "max_count", "min_share", "max_share"
    group: str  # "tier", "platform", "category"; "plan" for the whole plan (max_influencers)
    member: str  # e.g. "micro"; "" for the whole plan
    limit: float
    inside: np.ndarray = field(repr=False, compare=False)  # columns of the group's members


@dataclass(frozen=True)
class People:
    """The de-duplicated goal: each cell's exposure as the y columns' weights, its pool, and
    its people column (z) and exposure column (v) in the model."""

    col: np.ndarray  # y column of each (column, cell) part
    cell: np.ndarray  # its cell
    weight: np.ndarray  # what the column adds to the cell's exposure v
    pools: np.ndarray  # people per cell
    names: np.ndarray  # "US/food", ... per cell
    first: int  # the first z column; the v columns follow the z columns

    @property
    def extra_columns(self) -> int:
        return 2 * len(self.pools)

    def exposure(self, chosen: np.ndarray) -> np.ndarray:
        """Each cell's exposure v under these y columns."""
        return np.bincount(
            self.cell, weights=self.weight * chosen[self.col], minlength=len(self.pools)
        )

    def people(self, chosen: np.ndarray) -> float:
        """The people these y columns reach: exact, N (1 - exp(-v / N)) summed over cells."""
        return float(saturation.saturated(self.exposure(chosen), self.pools).sum())

    def cuts_for(
        self, col_value: np.ndarray, *, exact: bool = False
    ) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        """The tangent rows a solution calls for (Kelley's cutting planes): one at each cell
        whose people column claims more than CUT_ERROR above N (1 - exp(-v / N)) of its v;
        `exact`, more than a share of a quarter of RESOLUTION (the claim the exact path's
        proof leaves room for, `planner.plan.proven_best`). As HiGHS's addRows takes them:
        count, row starts, column indices, coefficients; and the rows' upper limits in the
        last (z - slope x v <= limit)."""
        cells = len(self.pools)
        z = col_value[self.first : self.first + cells]
        v = col_value[self.first + cells : self.first + 2 * cells]
        true = saturation.saturated(v, self.pools)
        if exact:
            over = np.flatnonzero(z > true + RESOLUTION / (4 * max(cells, 1)))
        else:
            over = np.flatnonzero(z > true * (1 + saturation.CUT_ERROR) + 1e-6)
        slope, limit = saturation.tangents(self.pools[over], v[over] / self.pools[over])
        index = np.column_stack([self.first + over, self.first + cells + over]).ravel()
        coefs = np.column_stack([np.ones(len(over)), -slope]).ravel()
        return len(over), index.astype(np.int32), coefs, limit


@dataclass
class Model:
    """A built PuLP problem and the arrays that tie its columns to candidates."""

    problem: pulp.LpProblem
    variables: list[pulp.LpVariable]
    cand: np.ndarray  # candidate position of each column
    post: np.ndarray  # post number (1..k) of each column
    cost: np.ndarray  # the post's fee, plus the running cost on an influencer's first post
    value: np.ndarray
    spend_upto: np.ndarray  # the influencer's spend with posts 1..j bought (j: the column's post)
    rules: list[RuleRow] = field(default_factory=list)
    people: People | None = None  # set when the goal is counted in people

    @property
    def first_posts(self) -> np.ndarray:
        return np.flatnonzero(self.post == 1)


def slug(text: str) -> str:
    """A name part for a constraint: accents dropped ("Décor" -> "decor"), other runs of
    non-alphanumerics as "_"."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-zA-Z]+", "_", plain).strip("_").lower() or "blank"


def _expr(cols: np.ndarray, coefs: np.ndarray, variables: list) -> pulp.LpAffineExpression:
    # Built from (variable, coefficient) pairs: 5-10x faster than lpSum over a generator.
    return pulp.LpAffineExpression(
        [(variables[c], float(a)) for c, a in zip(cols, coefs, strict=True)]
    )


def build(cands: pd.DataFrame, brief: Brief) -> Model:
    """Data, variables, constraints and objective, in that order."""
    n, k = len(cands), brief.max_posts
    cand = np.repeat(np.arange(n), k)
    post = np.tile(np.arange(1, k + 1), n)
    fee = cands["unit_cost"].to_numpy(float)[cand]
    running = brief.cost_per_influencer
    cost = fee + running * (post == 1)
    value = (
        cands["value"].to_numpy(float)[cand] * post_weights(k, brief.extra_post_factor)[post - 1]
    )

    prob = pulp.LpProblem("influencer_plan", pulp.LpMaximize)
    # Zero-padded names: PuLP hands columns to the solver sorted by name, so this keeps the
    # solver's column order equal to ours.
    width = len(str(n))
    variables = [
        prob.add_variable(f"y_{i:0{width}d}_{j:02d}", 0, 1, pulp.LpBinary)
        for i, j in zip(cand, post, strict=True)
    ]
    all_cols = np.arange(len(variables))
    model = Model(prob, variables, cand, post, cost, value, fee * post + running)
    if GOAL_METRIC[brief.goal] in PEOPLE_METRICS:
        _add_people(model, cands, brief)
    else:
        prob += _expr(all_cols, value, variables), "expected_result"
    prob += _expr(all_cols, cost, variables) <= brief.budget, "budget"
    if brief.max_influencers is not None:
        _add_rule(model, "plan", "", MixRule(max_count=brief.max_influencers), post > 0)
    for group, rules in brief.rule_groups().items():
        labels = cands[group].astype(str).to_numpy()
        for member, rule in rules.items():
            _add_rule(model, group, member, rule, labels[cand] == str(member))
    for c in np.flatnonzero(post > 1):
        prob += variables[c] - variables[c - 1] <= 0, f"order_{cand[c]}_{post[c]}"
    return model


def _add_people(model: Model, cands: pd.DataFrame, brief: Brief) -> None:
    """The de-duplicated objective: per cell, its exposure row, people column and cuts."""
    k, prob, variables = brief.max_posts, model.problem, model.variables
    where = cells(cands, brief)
    row, cell, pools, names = where.row, where.cell, where.pools, where.names
    amount = where.amounts(cands[GOAL_METRIC[brief.goal]].to_numpy(float))
    upto = repeat_multiplier(np.arange(k + 1), brief.extra_post_factor)
    pool = pools[cell][:, None]
    weight = saturation.exposure(amount[:, None] * upto[:-1], amount[:, None] * upto[1:], pool)
    gross = amount[:, None] * np.diff(upto)
    col = row[:, None] * k + np.arange(k)[None, :]
    most = np.bincount(cell, weights=weight.sum(axis=1), minlength=len(pools))
    width = len(str(len(pools)))
    people = [prob.add_variable(f"zp_{c:0{width}d}", 0, float(n)) for c, n in enumerate(pools)]
    exposure = [prob.add_variable(f"zv_{c:0{width}d}", 0, None) for c in range(len(pools))]
    order = np.argsort(cell, kind="stable")
    parts = np.split(order, np.cumsum(np.bincount(cell, minlength=len(pools)))[:-1])
    for c, part in enumerate(parts):
        terms = col[part].ravel(), weight[part].ravel()
        prob += exposure[c] - _expr(*terms, variables) == 0, f"exposure_{c}"
        prob += (
            people[c] - _expr(col[part].ravel(), gross[part].ravel(), variables) <= 0,
            (f"gross_{c}"),
        )
        start = saturation.start_cuts(pools[c], most[c])
        for j, (slope, limit) in enumerate(zip(*start, strict=True)):
            prob += people[c] - float(slope) * exposure[c] <= float(limit), f"people_{c}_{j}"
    prob += pulp.lpSum(people), "expected_result"
    model.people = People(
        col.ravel(), np.repeat(cell, k), weight.ravel(), pools, names, len(variables)
    )


def _unique(model: Model, name: str) -> str:
    """`name`, or `name_2`, `name_3`... when two members slug alike ("Home Decor", "home decor")."""
    taken = {r.name for r in model.rules}
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    return candidate


def _add_rule(model: Model, group: str, member: str, rule: MixRule, in_group: np.ndarray) -> None:
    first = in_group & (model.post == 1)
    limits = {
        "min_count": rule.min_count if rule.min_count else None,
        "max_count": rule.max_count,
        "min_share": rule.min_share if rule.min_share > 0 else None,
        "max_share": rule.max_share if rule.max_share < 1 else None,
    }
    for kind, limit in limits.items():
        if limit is None:
            continue
        name = "max_influencers" if group == "plan" else f"{kind}_{group}_{slug(member)}"
        name = _unique(model, name)
        if kind.endswith("count"):
            cols = np.flatnonzero(first)
            expr, rhs = _expr(cols, np.ones(len(cols)), model.variables), limit
        else:  # spend in the group minus the share of all spend
            cols = np.arange(len(model.variables))
            expr, rhs = _expr(cols, model.cost * (in_group - limit), model.variables), 0.0
        model.problem += (expr >= rhs) if kind.startswith("min") else (expr <= rhs), name
        model.rules.append(RuleRow(name, kind, group, str(member), float(limit), in_group))
