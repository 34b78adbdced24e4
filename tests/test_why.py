"""Why an influencer is out of the plan (a filter, or the fee at which a re-plan takes them),
or in it."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.brief import Brief
from planner.optimize.instance import candidates
from planner.optimize.optimizer import Planner
from planner.optimize.why import FEE_TOLERANCE, filtered_out, why_in, why_out
from tests.helpers.hard_briefs import CAPPED, MICRO_RULE
from tests.helpers.rosters import make_roster


def _replan(brief: Brief):
    return lambda roster: Planner(roster, brief).plan(brief.budget)


def _with_fee(roster: pd.DataFrame, handle: str, fee: float) -> pd.DataFrame:
    changed = roster.copy()
    changed.loc[changed["handle"] == handle, "cost_per_post"] = fee
    return changed


@pytest.fixture(scope="module")
def capped(sample_roster):
    brief = Brief.parse(CAPPED)
    plan = Planner(sample_roster, brief).plan(brief.budget)
    return brief, plan, candidates(sample_roster, brief)[0]


def test_the_fee_found_is_one_at_which_a_re_plan_takes_them(sample_roster, capped):
    """For candidates left out (the best per dollar among them, and the dearest), a re-plan at
    the fee found takes them, and one at the least fee found too high leaves them out, within
    1% of the list fee or $10."""
    brief, plan, cands = capped
    out = cands[~cands["handle"].isin(plan.rows["handle"])]
    per_dollar = (out["value"] / out["unit_cost"]).sort_values(ascending=False)
    handles = [per_dollar.index[0], out["unit_cost"].idxmax()]
    replan = _replan(brief)
    for handle in out.loc[handles, "handle"]:
        found = why_out(sample_roster, plan, handle, replan)
        assert found.fee is not None and found.refused_fee is not None, found.reason
        assert 0 <= found.fee < found.list_fee
        step = max(FEE_TOLERANCE[0] * found.list_fee, FEE_TOLERANCE[1])
        assert found.refused_fee - found.fee <= step
        taken = replan(_with_fee(sample_roster, handle, found.fee))
        assert handle in set(taken.rows["handle"])
        refused = replan(_with_fee(sample_roster, handle, found.refused_fee))
        assert handle not in set(refused.rows["handle"])
        assert set(found.displaced) == set(plan.rows["handle"]) - set(taken.rows["handle"])
        assert f"at ${found.fee:,.0f} a re-plan takes them" in found.reason
        # The micro share holds the plan's spend: said of those outside micro, whom it keeps
        # out, not of a micro candidate, who would only help to meet it.
        micro = cands.loc[cands["handle"] == handle, "tier"].iloc[0] == "micro"
        room = f"'{MICRO_RULE}' leaves too little room for them" in found.reason
        assert room != micro


def test_a_candidate_a_filter_drops_is_told_which_filter():
    base = {"followers": 20_000, "cost_per_post": 200, "audience_country": "US"}
    roster = make_roster(
        [
            {**base, "handle": "kept"},
            {**base, "handle": "banned"},
            {**base, "handle": "chef", "category": "food"},
            {**base, "handle": "tok", "platform": "tiktok"},
            {**base, "handle": "bots", "fake_follower_share": 0.5},
            {**base, "handle": "paris", "audience_country": "FR"},
            {**base, "handle": "nowhere", "audience_country": ""},
            {**base, "handle": "star", "followers": 2_000_000},
        ]
    )
    brief = Brief.parse(
        {
            "excluded": ["banned"],
            "categories": ["beauty"],
            "platforms": ["instagram"],
            "max_fake_share": 0.2,
            "countries": ["US"],
            "tier_rules": {"mega": {"max_count": 0}},
        }
    )
    reasons = {h: filtered_out(roster, brief, h) for h in roster["handle"]}
    assert reasons["kept"] == ""
    assert reasons["banned"] == "it is excluded"
    assert reasons["chef"] == "it is outside the chosen niches (beauty)"
    assert reasons["tok"] == "it is outside the chosen platforms (instagram)"
    assert reasons["bots"] == "it is over the fake-follower cap of 20%"
    assert reasons["paris"] == "its audience is in FR, outside the target countries (US)"
    assert (
        reasons["nowhere"]
        == "its audience country is not given, so it counts for none of the target countries (US)"
    )
    assert "closed by 'at most 0' (mega)" in reasons["star"]
    # A pin overrides the filters, as in candidates().
    pinned = brief.model_copy(update={"pinned": ["chef"]})
    assert filtered_out(roster, pinned, "chef") == ""


def test_an_influencer_in_the_plan_is_told_its_result_per_dollar_and_the_rule_it_meets(capped):
    _, plan, cands = capped
    micro = plan.rows[plan.rows["tier"] == "micro"].iloc[0]
    said = why_in(plan, cands, micro["handle"])
    assert f"'{MICRO_RULE}'" in said and f"of {len(cands):,} candidates" in said
    per_dollar = cands["value"] / cands["unit_cost"]
    rank = int((per_dollar > micro["conversions"] / micro["unit_cost"]).sum()) + 1
    assert f"number {rank:,} of" in said
    other = plan.rows[plan.rows["tier"] != "micro"].iloc[0]
    assert MICRO_RULE not in why_in(plan, cands, other["handle"])
