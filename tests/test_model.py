"""The PuLP model: one named constraint per rule, columns per post, decaying post values, and an
LP file that can be read by a person."""

from __future__ import annotations

import numpy as np
import pulp
import pytest

from planner.brief import Brief
from planner.forecast import per_post
from planner.optimize.highs import pulp_highs
from planner.optimize.instance import candidates
from planner.optimize.model import RuleRow, build, slug
from tests.helpers.rosters import make_roster

# Followers put a, b in micro, c in nano, d in macro, e in mega (default bands).
ROWS = [
    {"handle": "a", "followers": 20_000, "cost_per_post": 200, "category": "Home Décor"},
    {"handle": "b", "followers": 50_000, "cost_per_post": 300, "platform": "tiktok"},
    {"handle": "c", "followers": 5_000, "cost_per_post": 40, "category": "home decor"},
    {"handle": "d", "followers": 600_000, "cost_per_post": 6_000, "platform": "youtube"},
    {"handle": "e", "followers": 2_000_000, "cost_per_post": 20_000, "platform": "tiktok"},
]
BRIEF = Brief(
    budget=30_000,
    max_posts=3,
    extra_post_factor=0.5,
    tier_rules={"micro": {"min_count": 1, "max_share": 0.5}, "mega": {"max_count": 0}},
    platform_rules={"TikTok": {"max_share": 0.4, "min_share": 0.05}},
    category_rules={"home decor": {"min_count": 1}, "Home Décor": {"max_count": 2}},
    cost_per_influencer=100,
    max_influencers=4,
)


@pytest.fixture(scope="module")
def cands():
    # Every row, forecast: `optimizer.candidates` would prune the closed mega tier, and the
    # model must be right whatever rows it is given.
    return per_post(make_roster(ROWS), BRIEF)


@pytest.fixture
def model(cands):
    return build(cands, BRIEF)


def test_slug_is_a_lower_case_identifier():
    assert slug("home decor") == "home_decor"
    assert slug("  Home & Decor!! ") == "home_decor"
    assert slug("TikTok") == "tiktok"
    assert slug("") == "blank"
    assert slug("???") == "blank"
    # Not transliterated: the accent becomes a separator, but the name stays plain ASCII.
    assert slug("Home Décor") == "home_decor"
    for text in ("Home Décor", "Beauty/Care", "18+ gaming", "日本"):
        name = slug(text)
        assert name.isascii() and name == name.lower()
        assert name.replace("_", "").isalnum()


def test_every_rule_of_the_brief_has_a_named_constraint(model):
    expected = {
        "max_influencers",
        "min_count_tier_micro",
        "max_share_tier_micro",
        "max_count_tier_mega",  # a closed tier: max_count 0 is still a rule
        "max_share_platform_tiktok",  # platform names are lower-cased by the brief
        "min_share_platform_tiktok",
        "min_count_category_home_decor",
        f"max_count_category_{slug('Home Décor')}",
    }
    for name in expected:
        assert model.problem.get_constraint_by_name(name) is not None, name
    assert {r.name for r in model.rules} == expected
    # Defaults (min 0, max share 100%, no max count) make no constraint.
    names = [c.name for c in model.problem.constraints()]
    assert len(names) == len(set(names))
    rule_like = {n for n in names if not n.startswith(("order_", "budget"))}
    assert rule_like == expected
    assert model.problem.get_constraint_by_name("min_count_tier_mega") is None
    assert model.problem.get_constraint_by_name("max_count_tier_micro") is None


def test_rule_rows_describe_their_constraints(model, cands):
    rows = {r.name: r for r in model.rules}
    micro = rows["min_count_tier_micro"]
    assert (micro.kind, micro.group, micro.member, micro.limit) == ("min_count", "tier", "micro", 1)
    assert rows["max_count_tier_mega"].limit == 0
    assert rows["max_share_platform_tiktok"].limit == pytest.approx(0.4)
    assert rows["min_count_category_home_decor"].member == "home decor"
    # `inside` marks every column (all posts) of the group's members.
    tiktok = cands["platform"].to_numpy()[model.cand] == "tiktok"
    np.testing.assert_array_equal(rows["max_share_platform_tiktok"].inside, tiktok)
    assert rows["max_share_platform_tiktok"].inside.sum() == 2 * BRIEF.max_posts
    assert isinstance(micro, RuleRow)


def test_count_rules_sum_first_posts_of_the_group(model):
    con = model.problem.get_constraint_by_name("min_count_tier_micro")
    assert con.sense == pulp.LpConstraintGE
    coefs = {v.name: a for v, a in con.items()}
    # Candidates 0 and 1 (a, b) are micro: only their first posts count.
    assert coefs == {"y_0_01": 1.0, "y_1_01": 1.0}
    assert -con.constant == 1
    closed = model.problem.get_constraint_by_name("max_count_tier_mega")
    assert closed.sense == pulp.LpConstraintLE
    assert {v.name for v, _ in closed.items()} == {"y_4_01"}
    assert closed.constant == 0


def test_share_rules_weigh_every_column_by_cost(model):
    con = model.problem.get_constraint_by_name("max_share_platform_tiktok")
    assert con.sense == pulp.LpConstraintLE
    coefs = {v.name: a for v, a in con.items()}
    assert len(coefs) == len(model.variables)
    # Group spend - 40% of all spend <= 0: members get cost x 0.6, others cost x -0.4.
    assert coefs["y_1_02"] == pytest.approx(300 * 0.6)
    assert coefs["y_4_03"] == pytest.approx(20_000 * 0.6)
    # A first post costs its fee and the running cost (100).
    assert coefs["y_0_01"] == pytest.approx(-(200 + 100) * 0.4)
    assert coefs["y_0_02"] == pytest.approx(-200 * 0.4)
    assert coefs["y_3_02"] == pytest.approx(-6_000 * 0.4)
    low = model.problem.get_constraint_by_name("min_share_platform_tiktok")
    assert low.sense == pulp.LpConstraintGE
    assert {v.name: a for v, a in low.items()}["y_0_01"] == pytest.approx(-300 * 0.05)


def test_columns_are_candidates_times_posts(model, cands):
    n, k = len(cands), BRIEF.max_posts
    assert len(model.variables) == model.problem.numVariables() == n * k
    np.testing.assert_array_equal(model.cand, np.repeat(np.arange(n), k))
    np.testing.assert_array_equal(model.post, np.tile([1, 2, 3], n))
    np.testing.assert_array_equal(model.first_posts, np.arange(0, n * k, k))
    # PuLP stores a binary as an integer in [0, 1].
    assert all((v.cat, v.lowBound, v.upBound) == (pulp.LpInteger, 0, 1) for v in model.variables)
    # Names sort in column order (PuLP hands columns to the solver sorted by name).
    names = [v.name for v in model.variables]
    assert names == sorted(names)


def test_post_values_decay_by_the_extra_post_factor(model, cands):
    value = model.value.reshape(len(cands), BRIEF.max_posts)
    cost = model.cost.reshape(len(cands), BRIEF.max_posts)
    np.testing.assert_allclose(value[:, 0], cands["value"].to_numpy(float))
    np.testing.assert_allclose(value[:, 1], 0.5 * value[:, 0])
    np.testing.assert_allclose(value[:, 2], 0.25 * value[:, 0])
    # Every post costs its fee; the first also the running cost of 100.
    fee = np.repeat(cands["unit_cost"].to_numpy(float)[:, None], 3, 1)
    np.testing.assert_array_equal(cost, fee + np.array([100, 0, 0]))
    # An influencer's spend with 1, 2, 3 posts: a (fee 200) 300, 500, 700.
    spend = model.spend_upto.reshape(len(cands), BRIEF.max_posts)
    np.testing.assert_array_equal(spend[0], [300, 500, 700])
    np.testing.assert_array_equal(spend, np.cumsum(cost, axis=1))
    objective = {v.name: a for v, a in model.problem.objective.items()}
    assert objective["y_2_03"] == pytest.approx(model.value[2 * 3 + 2])


def test_capacity_counts_every_influencer_once(model, cands):
    con = model.problem.get_constraint_by_name("max_influencers")
    assert con.sense == pulp.LpConstraintLE
    assert {v.name: a for v, a in con.items()} == {f"y_{i}_01": 1.0 for i in range(len(cands))}
    assert con.constant == -4
    row = next(r for r in model.rules if r.name == "max_influencers")
    assert (row.kind, row.group, row.member, row.limit) == ("max_count", "plan", "", 4)
    assert row.inside.all()
    unlimited = build(cands, BRIEF.model_copy(update={"max_influencers": None}))
    assert unlimited.problem.get_constraint_by_name("max_influencers") is None


def test_posts_are_bought_in_order(model, cands):
    for i in range(len(cands)):
        for j in (2, 3):
            con = model.problem.get_constraint_by_name(f"order_{i}_{j}")
            coefs = {v.name: a for v, a in con.items()}
            assert coefs == {f"y_{i}_{j:02d}": 1.0, f"y_{i}_{j - 1:02d}": -1.0}
    assert model.problem.get_constraint_by_name("order_0_1") is None


def test_candidates_of_a_closed_tier_leave_its_rule_empty():
    cands, pruned = candidates(make_roster(ROWS), BRIEF)
    model = build(cands, BRIEF)
    assert "e" not in set(cands["handle"]) and pruned == 1
    closed = model.problem.get_constraint_by_name("max_count_tier_mega")
    assert closed is not None and len(closed) == 0
    assert len(model.variables) == len(cands) * BRIEF.max_posts


def test_one_post_makes_no_order_rows():
    brief = Brief(budget=1_000, max_posts=1)
    cands, _ = candidates(make_roster(ROWS), brief)
    model = build(cands, brief)
    assert len(model.variables) == len(cands)
    assert not [c for c in model.problem.constraints() if c.name.startswith("order_")]


def test_the_solved_model_keeps_its_rules(model, cands):
    model.problem.solve(pulp_highs())
    assert pulp.LpStatus[model.problem.status] == "Optimal"
    x = np.array([round(v.value()) for v in model.variables], dtype=float)
    spend = model.cost @ x
    assert spend <= BRIEF.budget + 1e-6
    rows = {r.name: r for r in model.rules}
    first = model.post == 1
    assert x[first & rows["min_count_tier_micro"].inside].sum() >= 1
    assert x[first & rows["max_count_tier_mega"].inside].sum() == 0
    tiktok = (
        model.cost[rows["max_share_platform_tiktok"].inside]
        @ x[rows["max_share_platform_tiktok"].inside]
    )
    assert 0.05 * spend - 1e-6 <= tiktok <= 0.4 * spend + 1e-6
    posts = x.reshape(len(cands), BRIEF.max_posts)
    assert np.all(np.diff(posts, axis=1) <= 0)  # no second post without the first
    assert pulp.value(model.problem.objective) == pytest.approx(model.value @ x)


def test_write_lp_shows_the_model_by_name(model, tmp_path):
    path = tmp_path / "m.lp"
    model.problem.writeLP(path)
    text = path.read_text()
    assert "Maximize" in text
    assert "expected_result:" in text
    assert "budget:" in text
    for rule in model.rules:
        assert f"{rule.name}:" in text
    assert "order_4_3:" in text
    assert "Binaries" in text


def test_members_with_colliding_slugs_still_build():
    rows = [
        {"handle": "a", "followers": 20_000, "cost_per_post": 200, "category": "Home Decor"},
        {"handle": "b", "followers": 20_000, "cost_per_post": 200, "category": "home decor"},
    ]
    brief = Brief(
        budget=1_000,
        category_rules={"Home Decor": {"min_count": 1}, "home decor": {"min_count": 1}},
    )
    cands, _ = candidates(make_roster(rows), brief)
    model = build(cands, brief)
    assert {r.name for r in model.rules} - {"max_influencers"} == {
        "min_count_category_home_decor",
        "min_count_category_home_decor_2",
    }
