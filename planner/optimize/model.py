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

from planner.brief import Brief, MixRule
from planner.forecast import post_weights


@dataclass(frozen=True)
class RuleRow:
    """One named constraint that came from a rule of the brief."""

    name: str
    kind: str  # "min_count", "max_count", "min_share", "max_share"
    group: str  # "tier", "platform", "category"; "plan" for the whole plan (max_influencers)
    member: str  # e.g. "micro"; "" for the whole plan
    limit: float
    inside: np.ndarray = field(repr=False, compare=False)  # columns of the group's members


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
    prob += _expr(all_cols, value, variables), "expected_result"
    prob += _expr(all_cols, cost, variables) <= brief.budget, "budget"

    model = Model(prob, variables, cand, post, cost, value, fee * post + running)
    if brief.max_influencers is not None:
        _add_rule(model, "plan", "", MixRule(max_count=brief.max_influencers), post > 0)
    for group, rules in brief.rule_groups().items():
        labels = cands[group].astype(str).to_numpy()
        for member, rule in rules.items():
            _add_rule(model, group, member, rule, labels[cand] == str(member))
    for c in np.flatnonzero(post > 1):
        prob += variables[c] - variables[c - 1] <= 0, f"order_{cand[c]}_{post[c]}"
    return model


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
