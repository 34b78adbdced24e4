"""The brief: defaults, validation messages that name the field, budget changes, JSON files."""

from __future__ import annotations

import json
import re

import pytest
from pydantic import ValidationError

from planner import calibration as cal
from planner.brief import Brief, Goal, MixRule
from planner.errors import BriefError


def error_of(data: dict) -> str:
    with pytest.raises(BriefError) as info:
        Brief.parse(data)
    return str(info.value)


def test_defaults():
    b = Brief()
    assert b.budget == 50_000
    assert b.goal is Goal.ENGAGEMENT
    assert b.tier_bands == cal.DEFAULT_TIER_BANDS
    assert b.tier_bands is not cal.DEFAULT_TIER_BANDS  # a copy: editing it cannot leak
    assert b.tier_rules == b.platform_rules == b.category_rules == {}
    assert b.categories == b.platforms == b.countries == []
    assert b.pinned == b.excluded == []
    assert b.max_fake_share == 1.0
    assert b.max_share_per_influencer == 1.0
    assert b.max_posts == 1
    assert b.content_format == "post"
    assert b.click_through_rate is None and b.conversion_rate is None
    assert b.click_through_rates == b.conversion_rates == b.category_fit == {}
    assert b.extra_post_factor == cal.EXTRA_POST_FACTOR.value
    assert b.cost_per_influencer == cal.COST_PER_INFLUENCER.value == 250
    assert b.max_influencers is None  # no capacity unless the team sets one
    assert Brief.parse({}) == b
    assert b.rule_groups() == {"tier": {}, "platform": {}, "category": {}}


def test_mix_rule_defaults_allow_everything():
    r = MixRule()
    assert (r.min_count, r.max_count, r.min_share, r.max_share) == (0, None, 0.0, 1.0)


def test_parse_accepts_a_full_brief():
    b = Brief.parse(
        {
            "budget": 12_345.5,
            "goal": "reach",
            "tier_rules": {"mega": {"max_count": 1}, "nano": {"min_count": 3, "min_share": 0.1}},
            "platform_rules": {"tiktok": {"max_share": 0.5}},
            "category_rules": {"beauty": {"min_count": 2}},
            "countries": ["US", "GB"],
            "max_posts": 3,
            "content_format": "story",
            "pinned": ["a"],
            "excluded": ["b"],
        }
    )
    assert b.goal is Goal.REACH
    assert b.tier_rules["nano"] == MixRule(min_count=3, min_share=0.1)
    assert b.rule_groups()["platform"]["tiktok"].max_share == 0.5


def test_brief_is_frozen():
    with pytest.raises(ValidationError):
        Brief().budget = 10  # type: ignore[misc]


@pytest.mark.parametrize(
    ("data", "fragments"),
    [
        ({"budget": -5}, ["'budget'", "greater than 0", "-5"]),
        ({"budget": 0}, ["'budget'", "greater than 0"]),
        ({"budget": 2e9}, ["'budget'", "less than or equal to"]),
        ({"budget": "lots"}, ["'budget'", "'lots'"]),
        ({"max_posts": 50}, ["'max_posts'", "less than or equal to 10", "50"]),
        ({"max_posts": 0}, ["'max_posts'", "greater than or equal to 1"]),
        ({"goal": "likes"}, ["'goal'", "'likes'"]),
        ({"max_fake_share": 1.5}, ["'max_fake_share'", "less than or equal to 1"]),
        ({"max_share_per_influencer": -0.1}, ["'max_share_per_influencer'"]),
        ({"click_through_rate": 2}, ["'click_through_rate'"]),
        ({"conversion_rate": -1}, ["'conversion_rate'"]),
        ({"extra_post_factor": 1.2}, ["'extra_post_factor'"]),
        ({"click_through_rates": {"tiktok/story": 1.5}}, ["'click_through_rates.tiktok/story'"]),
        ({"conversion_rates": {"micro": -0.1}}, ["'conversion_rates.micro'"]),
        ({"category_fit": {"beauty": 1.2}}, ["'category_fit.beauty'", "1.2"]),
        ({"category_fit": {"beauty": "half"}}, ["'category_fit.beauty'", "'half'"]),
        ({"click_through_rates": {"instagram/reel": 0.02}}, ["instagram/reel", "story"]),
        ({"click_through_rates": {"twitch/post": 0.02}}, ["'click_through_rates'", "twitch/post"]),
        ({"tier_rules": {"mega": {"min_count": -1}}}, ["'tier_rules.mega.min_count'"]),
        ({"platform_rules": {"tiktok": {"max_share": 1.5}}}, ["'platform_rules.tiktok.max_share'"]),
        ({"category_rules": {"food": {"colour": 1}}}, ["'category_rules.food.colour'", "Extra"]),
        ({"colour": "red"}, ["'colour'", "Extra inputs are not permitted", "'red'"]),
    ],
)
def test_field_errors_name_the_field(data, fragments):
    message = error_of(data)
    assert message.startswith("brief field ")
    for fragment in fragments:
        assert fragment in message


def test_every_problem_is_reported_one_per_line():
    lines = error_of({"budget": -5, "max_posts": 50, "colour": "red"}).splitlines()
    assert len(lines) == 3
    assert ["budget" in lines[0], "max_posts" in lines[1], "colour" in lines[2]] == [True] * 3


def test_min_count_above_max_count():
    message = error_of({"tier_rules": {"mega": {"min_count": 3, "max_count": 1}}})
    assert "tier_rules.mega" in message
    assert "max_count 1 is below min_count 3" in message
    assert MixRule(min_count=2, max_count=2).max_count == 2  # equal is fine


def test_min_share_above_max_share():
    message = error_of({"platform_rules": {"tiktok": {"min_share": 0.5, "max_share": 0.2}}})
    assert "platform_rules.tiktok" in message
    assert "max_share 20% is below min_share 50%" in message


def test_minimum_shares_over_100_percent():
    message = error_of({"tier_rules": {"mega": {"min_share": 0.6}, "nano": {"min_share": 0.5}}})
    assert "tier minimum shares add up to 110%, more than 100%" in message
    message = error_of({"category_rules": {"food": {"min_share": 0.7}, "tech": {"min_share": 0.7}}})
    assert "category minimum shares add up to 140%" in message
    # Exactly 100% is allowed, and each group is summed on its own.
    Brief.parse(
        {
            "tier_rules": {"mega": {"min_share": 0.6}, "nano": {"min_share": 0.4}},
            "platform_rules": {"tiktok": {"min_share": 0.9}},
        }
    )


def test_unknown_tier_in_tier_rules():
    message = error_of({"tier_rules": {"giga": {"min_count": 1}, "ultra": {}}})
    assert "tier_rules name unknown tiers: giga, ultra" in message
    # With custom bands, the rules must name the custom tiers.
    bands = {"small": 0, "big": 50_000}
    assert Brief.parse({"tier_bands": bands, "tier_rules": {"big": {"max_count": 2}}})
    message = error_of({"tier_bands": bands, "tier_rules": {"mega": {"max_count": 2}}})
    assert "unknown tiers: mega" in message


def test_conversion_rates_of_a_tier_not_in_the_bands_are_named():
    with pytest.raises(BriefError, match="conversion_rates name unknown tiers: celebrity, star"):
        Brief.parse({"conversion_rates": {"celebrity": 0.01, "star": 0.02, "micro": 0.02}})
    bands = {"small": 0, "celebrity": 1_000_000}
    brief = Brief.parse({"tier_bands": bands, "conversion_rates": {"celebrity": 0.01}})
    assert brief.cvr("celebrity") == 0.01
    assert brief.cvr("small") == cal.CONVERSION_RATE.value  # a tier with no figure: the default


def test_rates_come_from_the_cell_then_the_one_rate_then_the_table():
    table = Brief()
    assert table.ctr("instagram", "story") == 0.035
    assert table.ctr("tiktok", "post") == 0.01
    assert table.ctr("twitch", "post") == cal.CLICK_THROUGH_RATE.value
    assert [table.cvr(t) for t in cal.TIERS] == [0.0241, 0.0218, 0.018, 0.0142, 0.0091]
    brief = Brief.parse(
        {
            "click_through_rates": {" Instagram/Story ": 0.05},
            "conversion_rates": {"micro": 0.025},
            "click_through_rate": 0.01,
        }
    )
    assert brief.click_through_rates == {"instagram/story": 0.05}
    assert brief.ctr("instagram", "story") == 0.05
    assert brief.ctr("instagram", "post") == brief.ctr("twitch", "video") == 0.01
    assert brief.cvr("micro") == 0.025
    assert brief.cvr("mega") == 0.0091  # no conversion_rate: the table


def test_a_brief_written_before_the_funnel_tables_plans_as_it_did():
    old = Brief.parse({"click_through_rate": 0.015, "conversion_rate": 0.02, "goal": "clicks"})
    for platform in (*cal.PLATFORMS, "twitch"):
        for fmt in cal.FORMATS:
            assert old.ctr(platform, fmt) == 0.015
    assert {old.cvr(t) for t in cal.TIERS} == {0.02}


def test_category_fit_defaults_to_one_for_niches_it_does_not_name():
    brief = Brief.parse({"category_fit": {"beauty": 1, "fashion": 0.6}})
    assert (brief.fit("beauty"), brief.fit("fashion"), brief.fit("food")) == (1, 0.6, 1)


def test_pinned_and_excluded_overlap():
    message = error_of({"pinned": ["a", "b", "c"], "excluded": ["c", "b", "z"]})
    assert "handles both pinned and excluded: b, c" in message


@pytest.mark.parametrize(
    "bands",
    [
        {"nano": 5, "micro": 10_000},  # does not start at 0
        {"nano": 0, "micro": 10_000, "mid": 10_000},  # not strictly rising
        {"nano": 0, "mid": 100_000, "micro": 10_000},  # falls
        {},
    ],
)
def test_bad_tier_bands(bands):
    message = error_of({"tier_bands": bands})
    assert "tier_bands must start at 0 and rise strictly" in message


def test_custom_tier_bands_accepted():
    bands = {"nano": 0, "micro": 5_000, "mid": 50_000}
    assert Brief.parse({"tier_bands": bands}).tier_bands == bands


@pytest.mark.parametrize("fmt", ["reel", "Post", ""])
def test_bad_content_format(fmt):
    message = error_of({"content_format": fmt})
    assert "content_format must be one of post, story, video" in message


@pytest.mark.parametrize("fmt", cal.FORMATS)
def test_good_content_formats(fmt):
    assert Brief.parse({"content_format": fmt}).content_format == fmt


def test_with_budget_returns_a_new_brief():
    b = Brief.parse({"budget": 10_000, "tier_rules": {"mega": {"max_count": 1}}})
    c = b.with_budget(25_000)
    assert c.budget == 25_000.0 and isinstance(c.budget, float)
    assert b.budget == 10_000
    assert c.model_dump(exclude={"budget"}) == b.model_dump(exclude={"budget"})
    assert b.with_budget("7500").budget == 7_500.0


@pytest.mark.parametrize("budget", [-5, 0, 2e9])
def test_with_budget_validates_the_budget(budget):
    with pytest.raises(BriefError, match="budget"):
        Brief().with_budget(budget)


def test_from_json_file_reads_an_object(tmp_path):
    path = tmp_path / "brief.json"
    path.write_text(json.dumps({"budget": 1234, "goal": "clicks"}), encoding="utf-8")
    b = Brief.from_json_file(path)
    assert (b.budget, b.goal) == (1234, Goal.CLICKS)
    assert Brief.from_json_file(str(path)) == b


def test_from_json_file_round_trips_model_dump(tmp_path):
    b = Brief.parse({"budget": 999, "tier_rules": {"mega": {"max_count": 1}}, "pinned": ["x"]})
    path = tmp_path / "brief.json"
    path.write_text(b.model_dump_json(), encoding="utf-8")
    assert Brief.from_json_file(path) == b


def test_from_json_file_missing(tmp_path):
    path = tmp_path / "nope.json"
    with pytest.raises(BriefError, match="does not exist") as info:
        Brief.from_json_file(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "content", [b"{budget: 5}", b"", b'{"budget": 5', b"\xff\xfe{}", b"nan nan"]
)
def test_from_json_file_not_json(tmp_path, content):
    path = tmp_path / "brief.json"
    path.write_bytes(content)
    with pytest.raises(BriefError, match="is not valid JSON"):
        Brief.from_json_file(path)


@pytest.mark.parametrize("content", ["[1, 2]", "50000", '"budget"', "null", "true"])
def test_from_json_file_not_an_object(tmp_path, content):
    path = tmp_path / "brief.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BriefError, match="must hold a JSON object"):
        Brief.from_json_file(path)


def test_from_json_file_field_errors_name_the_field(tmp_path):
    path = tmp_path / "brief.json"
    path.write_text('{"budget": -5, "max_posts": 50}', encoding="utf-8")
    with pytest.raises(BriefError) as info:
        Brief.from_json_file(path)
    assert "'budget'" in str(info.value) and "'max_posts'" in str(info.value)


def test_from_json_file_directory_is_a_brief_error(tmp_path):
    with pytest.raises(BriefError, match=re.escape(str(tmp_path))):
        Brief.from_json_file(tmp_path)


def test_a_brief_written_before_the_running_cost_loads_with_the_defaults(tmp_path):
    # Every field a brief had before cost_per_influencer and max_influencers existed.
    old = {
        "budget": 60000, "goal": "reach", "tier_rules": {"micro": {"min_share": 0.6}},
        "platform_rules": {}, "category_rules": {}, "categories": [], "platforms": [],
        "countries": ["US"], "max_fake_share": 0.3, "max_share_per_influencer": 0.2,
        "max_posts": 2, "content_format": "post", "pinned": [], "excluded": [],
        "click_through_rate": 0.015, "conversion_rate": 0.02, "extra_post_factor": 0.7,
    }  # fmt: skip
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    brief = Brief.from_json_file(path)
    assert (brief.cost_per_influencer, brief.max_influencers) == (250, None)
    assert brief.budget == 60_000 and brief.max_posts == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"cost_per_influencer": -1}, "cost_per_influencer"),
        ({"max_influencers": 0}, "max_influencers"),
        ({"max_influencers": 2.5}, "max_influencers"),
    ],
)
def test_running_cost_and_capacity_are_checked(data, field):
    with pytest.raises(BriefError, match=f"brief field '{field}'"):
        Brief.parse(data)
    assert Brief.parse({"max_influencers": None}).max_influencers is None
