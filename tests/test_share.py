"""The brief in a URL: exact round trips for any valid brief, compact parameters, and clear
errors naming a bad or forged parameter."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planner import calibration as cal
from planner.brief import Brief, Goal, MixRule
from planner.errors import BriefError
from planner.share import MAX_CHARS, from_query, to_query

SHARES = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
NAMES = st.text(max_size=12)


@st.composite
def mix_rules(draw, *, room: float = 1.0) -> MixRule:
    low = draw(st.integers(0, 50))
    high = draw(st.one_of(st.none(), st.integers(low, low + 50)))
    min_share = draw(st.one_of(st.just(0.0), st.floats(0.0, room, allow_nan=False)))
    max_share = draw(st.one_of(st.just(1.0), st.floats(min_share, 1.0, allow_nan=False)))
    return MixRule(min_count=low, max_count=high, min_share=min_share, max_share=max_share)


@st.composite
def rule_group(draw, keys: st.SearchStrategy[str]) -> dict[str, MixRule]:
    names = draw(st.lists(keys, max_size=3, unique=True))
    rules, room = {}, 1.0
    for name in names:
        rule = draw(mix_rules(room=room))
        room = max(0.0, room - rule.min_share)
        rules[name] = rule
    return rules


@st.composite
def tier_bands(draw) -> dict[str, int]:
    if draw(st.booleans()):
        return dict(cal.DEFAULT_TIER_BANDS)
    names = draw(st.lists(NAMES, min_size=1, max_size=5, unique=True))
    steps = draw(st.lists(st.integers(1, 10**7), min_size=len(names) - 1, max_size=len(names) - 1))
    floors = [0]
    for step in steps:
        floors.append(floors[-1] + step)
    return dict(zip(names, floors, strict=True))


@st.composite
def briefs(draw) -> Brief:
    """Any valid brief: odd floats, names with commas, brackets, spaces and non-ASCII text."""
    bands = draw(tier_bands())
    pinned = draw(st.lists(NAMES, max_size=3, unique=True))
    data = {
        "budget": draw(st.floats(min_value=0.0, max_value=1e9, exclude_min=True)),
        "goal": draw(st.sampled_from(list(Goal))),
        "tier_bands": bands,
        "tier_rules": draw(rule_group(st.sampled_from(list(bands)))),
        "platform_rules": draw(rule_group(NAMES)),
        "category_rules": draw(rule_group(NAMES)),
        "categories": draw(st.lists(NAMES, max_size=3)),
        "platforms": draw(st.lists(NAMES, max_size=3)),
        "countries": draw(st.lists(NAMES, max_size=3)),
        "max_fake_share": draw(SHARES),
        "max_share_per_influencer": draw(SHARES),
        "cost_per_influencer": draw(st.floats(min_value=0.0, max_value=1e9)),
        "max_influencers": draw(st.one_of(st.none(), st.integers(1, 10**6))),
        "max_posts": draw(st.integers(1, 10)),
        "content_format": draw(st.sampled_from(cal.FORMATS)),
        "pinned": pinned,
        "excluded": draw(st.lists(NAMES.filter(lambda h: h not in pinned), max_size=3)),
        "click_through_rate": draw(SHARES),
        "conversion_rate": draw(SHARES),
        "extra_post_factor": draw(SHARES),
    }
    # Leave some fields at their defaults, as most briefs do.
    for name in draw(st.sets(st.sampled_from(sorted(data)))):
        del data[name]
    try:
        return Brief.parse(data)
    except BriefError:  # e.g. platform rules that name one platform twice in two spellings
        assume(False)
        raise


def assert_same(read: Brief, brief: Brief) -> None:
    assert read == brief
    # Order matters for tiers (their names in order) and is kept for every mapping.
    for name in ("tier_bands", "tier_rules", "platform_rules", "category_rules"):
        assert list(getattr(read, name)) == list(getattr(brief, name)), name


@settings(max_examples=300, deadline=None)
@given(brief=briefs())
def test_round_trip_is_exact(brief: Brief) -> None:
    params = to_query(brief)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in params.items())
    assert_same(from_query(params), brief)
    # Through a real URL: encoded, then parsed as the server would (lists of values).
    assert_same(from_query(parse_qs(urlencode(params), keep_blank_values=True)), brief)
    # Stable: the same brief, rebuilt, gives the same parameters in the same order.
    again = to_query(Brief.parse(brief.model_dump()))
    assert list(again.items()) == list(params.items())


@settings(max_examples=100, deadline=None)
@given(brief=briefs())
def test_only_fields_that_differ_are_written(brief: Brief) -> None:
    params = to_query(brief)
    fields = list(Brief.model_fields)
    assert list(params) == [f for f in fields if f in params], "not in field order"
    default = Brief()
    for name in fields:
        assert (name in params) == (getattr(brief, name) != getattr(default, name)), name


def test_compact_parameters() -> None:
    assert to_query(Brief()) == {}
    brief = Brief(
        budget=80_000,
        goal="reach",
        platforms=["Instagram", "tiktok"],
        tier_rules={"micro": {"min_count": 5, "max_share": 0.6}},
        click_through_rate=0.035,
    )
    assert to_query(brief) == {
        "budget": "80000",
        "goal": "reach",
        "tier_rules": '{"micro":{"min_count":5,"max_share":0.6}}',
        "platforms": "instagram,tiktok",
        "click_through_rate": "0.035",
    }
    assert from_query(to_query(brief)) == brief


def test_lists_that_commas_cannot_hold_go_as_json() -> None:
    brief = Brief(pinned=["a,b", "c"], excluded=["[x", "y"], categories=[""])
    params = to_query(brief)
    assert params["pinned"] == '["a,b","c"]'
    assert params["excluded"] == '["[x","y"]'
    assert params["categories"] == '[""]'
    assert from_query(params) == brief
    assert from_query({"pinned": "a,b"}).pinned == ["a", "b"]


def test_unknown_parameters_are_ignored() -> None:
    assert from_query({"utm_source": "mail", "page": "plan", "budget": "1000"}) == Brief(
        budget=1000
    )
    assert from_query({}) == Brief()


@pytest.mark.parametrize(
    ("params", "named", "says"),
    [
        ({"budget": "abc"}, "budget", "valid number"),
        ({"budget": "-5"}, "budget", "greater than 0"),
        ({"budget": "1e10"}, "budget", "less than or equal"),
        ({"budget": "nan"}, "budget", ""),
        ({"budget": "inf"}, "budget", ""),
        ({"goal": "fame"}, "goal", "engagement"),
        ({"max_posts": "2.5"}, "max_posts", ""),
        ({"max_posts": "99"}, "max_posts", "less than or equal to 10"),
        ({"max_influencers": "0"}, "max_influencers", "greater than or equal to 1"),
        ({"max_influencers": "None"}, "max_influencers", ""),
        ({"max_posts": "none"}, "max_posts", ""),
        ({"cost_per_influencer": "-1"}, "cost_per_influencer", "greater than or equal to 0"),
        ({"max_fake_share": "1.5"}, "max_fake_share", "less than or equal to 1"),
        ({"content_format": "reel"}, "content_format", "post, story, video"),
        ({"tier_rules": "{bad"}, "tier_rules", "not valid JSON"),
        ({"tier_rules": "[1]"}, "tier_rules", "JSON object"),
        ({"tier_rules": '{"micro":{"min_count":-1}}'}, "tier_rules.micro.min_count", ""),
        ({"tier_rules": '{"micro":{"evil":1}}'}, "tier_rules.micro.evil", "not permitted"),
        ({"tier_rules": '{"giga":{}}'}, "giga", "unknown tiers"),
        ({"tier_rules": '{"micro":{"min_share":NaN}}'}, "tier_rules", "NaN"),
        ({"tier_rules": '{"micro":{"min_share":0.7},"mega":{"min_share":0.7}}'}, "tier", ""),
        ({"tier_bands": '{"a":5}'}, "tier_bands", "start at 0"),
        ({"tier_bands": "[" * 100_000}, "tier_bands", ""),
        ({"platform_rules": "{}x"}, "platform_rules", "not valid JSON"),
        ({"pinned": "[1,2]"}, "pinned", "list of names"),
        ({"pinned": "a", "excluded": "a"}, "pinned and excluded", ""),
        ({"max_posts": ["1", "2"]}, "max_posts", "2 times"),
        ({"max_posts": []}, "max_posts", "0 times"),
        ({"budget": 5000}, "budget", "text"),
        ({"countries": "x" * (MAX_CHARS + 1)}, "countries", "too long"),
    ],
)
def test_bad_parameters_are_named(params: dict, named: str, says: str) -> None:
    with pytest.raises(BriefError) as info:
        from_query(params)
    message = str(info.value)
    assert named in message
    assert says in message


def test_parse_qs_style_lists_are_read() -> None:
    brief = Brief(budget=12_345.5, platforms=["youtube"], max_posts=3)
    assert from_query({k: [v] for k, v in to_query(brief).items()}) == brief
