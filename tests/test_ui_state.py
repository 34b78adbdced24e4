"""The controls hold a brief exactly: brief → control values → the same brief."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planner.brief import Brief
from ui.state import DEFAULTS, brief_fields, control_values, rounded_fields

percent = st.integers(0, 100).map(lambda p: p / 100)
rate = st.decimals("0", "100", places=2).map(lambda d: round(float(d) / 100, 12))


def held(brief: Brief) -> Brief:
    return Brief.parse(brief_fields({**DEFAULTS, **control_values(brief)}))


@given(
    budget=st.integers(1, 10**9),
    fake=percent,
    one=st.integers(1, 100).map(lambda p: p / 100),
    ctr=rate,
    cvr=rate,
    extra=rate,
    min_share=st.integers(0, 40),
)
def test_a_brief_of_whole_percents_survives_the_controls(
    budget, fake, one, ctr, cvr, extra, min_share
):
    brief = Brief.parse(
        {
            "budget": budget,
            "max_fake_share": fake,
            "max_share_per_influencer": one,
            "click_through_rate": ctr,
            "conversion_rate": cvr,
            "extra_post_factor": extra,
            "tier_rules": {"micro": {"min_share": min_share / 100, "max_count": 7}},
            "category_rules": {"beauty": {"min_count": 1}},
            "click_through_rates": {"instagram/story": ctr, "youtube/video": extra},
            "conversion_rates": {"micro": cvr},
            "category_fit": {"beauty": fake, "food": cvr},
        }
    )
    assert held(brief) == brief
    assert rounded_fields(brief) == []


def test_a_brief_on_the_tables_stays_on_them():
    brief = Brief.parse({"conversion_rates": {"mega": 0.005}, "category_fit": {"tech": 0}})
    values = control_values(brief)
    assert values["ctr_pct"] is values["cvr_pct"] is None
    assert values["cvr_tiers"] == {"mega": 0.5} and values["fit_pct"] == {"tech": 0}
    assert held(brief) == brief and held(Brief()) == Brief()


def test_fields_the_sliders_round_are_named():
    brief = Brief.parse({"max_fake_share": 0.123, "tier_rules": {"mega": {"max_share": 0.555}}})
    assert rounded_fields(brief) == ["tier_rules", "max_fake_share"]
    assert held(brief).max_fake_share == 0.12
