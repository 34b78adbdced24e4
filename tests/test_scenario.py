"""Scenarios as JSON files: exact round trips, no formula at the start of any string, and a
clear ScenarioFileError (never anything else) for every file that is not a scenario."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.audience import pool
from planner.brief import Brief
from planner.errors import ScenarioFileError
from planner.export import plan_csv
from planner.optimize.optimizer import Planner, optimize
from planner.scenarios.scenario import (
    FORMAT_VERSION,
    SavedPlan,
    Scenario,
    clean_name,
    read_scenario_json,
    scenario_json,
)

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "party 🎉🦄",
    "مرحبا بالعالم",
    "<script>alert(1)</script>",
    'quote " and \\ backslash',
]
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@pytest.fixture(scope="module")
def hostile_roster(small_roster: pd.DataFrame) -> pd.DataFrame:
    """The small roster with hostile handles on its cheapest rows, one of them with no country."""
    roster = small_roster.copy()
    cheapest = roster["cost_per_post"].nsmallest(len(HOSTILE)).index
    roster.loc[cheapest, "handle"] = HOSTILE
    roster.loc[cheapest[:3], "category"] = ["=cmd|' /C calc'!A0", "-beauty", "@fitness"]
    roster.loc[cheapest[0], "audience_country"] = None
    return roster


@pytest.fixture(scope="module")
def plan(hostile_roster: pd.DataFrame):
    return optimize(hostile_roster, Brief(budget=20_000, pinned=HOSTILE, max_posts=2))


@pytest.fixture(scope="module")
def scenario(plan) -> Scenario:
    return Scenario.of("  Spring launch  ", plan, roster_key="sample", roster_name="Sample")


def assert_same_plan(restored, plan) -> None:
    pd.testing.assert_frame_equal(restored.rows, plan.rows.reset_index(drop=True))
    assert restored.totals.keys() == plan.totals.keys()
    for key, value in plan.totals.items():
        assert restored.totals[key] == value or (
            math.isnan(value) and math.isnan(restored.totals[key])
        )
    for fact in ("status", "method", "objective", "solve_seconds", "candidates", "pruned"):
        assert getattr(restored, fact) == getattr(plan, fact)
    assert restored.violations == plan.violations
    assert restored.brief == plan.brief
    assert restored.bound == plan.bound or (math.isnan(restored.bound) and math.isnan(plan.bound))


def test_scenario_of_plan(scenario, plan):
    assert scenario.name == "Spring launch"
    assert scenario.brief == plan.brief
    assert scenario.format_version == FORMAT_VERSION
    assert set(HOSTILE) <= {row["handle"] for row in scenario.plan.rows}
    assert_same_plan(scenario.plan.to_plan(scenario.brief), plan)


def test_json_round_trip_is_exact(scenario, plan):
    again = read_scenario_json(scenario_json(scenario))
    assert again == scenario
    assert_same_plan(again.plan.to_plan(again.brief), plan)
    assert again.plan.to_plan(again.brief).rows["tier"].cat.categories.tolist() == list(
        plan.brief.tier_bands
    )


def test_no_string_in_the_file_starts_with_a_formula_character(scenario):
    text = scenario_json(scenario).decode()
    strings = JSON_STRING.findall(text)
    assert all(s[1:2] not in {"=", "+", "-", "@"} for s in strings)
    assert "\t" not in text and "\r" not in text
    handles = {row["handle"] for row in json.loads(text)["plan"]["rows"]}
    assert set(HOSTILE) <= handles
    assert '"\\u003dHYPERLINK(' in text and '"\\u002b1"' in text and '"\\u002d2"' in text
    assert '"\\u0040SUM(A1)"' in text and '"\\tx"' in text and '"\\rx"' in text


def test_an_empty_plan_keeps_its_columns_and_dtypes(small_roster):
    empty = optimize(small_roster, Brief(budget=1))
    assert empty.rows.empty
    again = read_scenario_json(scenario_json(Scenario.of("nothing", empty, "k")))
    assert_same_plan(again.plan.to_plan(again.brief), empty)


def test_a_greedy_plan_keeps_its_unknown_bound_and_broken_rules(small_roster):
    brief = Brief(budget=20_000, tier_rules={"mega": {"min_count": 1}})
    greedy = Planner(small_roster, brief).greedy()
    saved = read_scenario_json(scenario_json(Scenario.of("greedy", greedy, "k")))
    assert saved.plan.bound is None
    assert_same_plan(saved.plan.to_plan(saved.brief), greedy)


@pytest.mark.parametrize(
    ("given", "stored"),
    [("  Plan A ", "Plan A"), ("x" * 120, "x" * 120), ("🎉", "🎉"), ("=1+1", "=1+1")],
)
def test_names_are_stripped(given, stored):
    assert clean_name(given) == stored


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_names_need_1_to_120_characters(name, plan):
    with pytest.raises(ValueError, match="a scenario name needs 1 to 120 characters"):
        clean_name(name)
    with pytest.raises(ValueError, match="a scenario name needs 1 to 120 characters"):
        Scenario.of(name, plan, "k")


def _edited(scenario: Scenario, edit) -> bytes:
    data = json.loads(scenario_json(scenario))
    edit(data)
    return json.dumps(data).encode()


BAD_FILES = {
    "empty": (lambda s: b"", "empty file"),
    "blank": (lambda s: b" \n\t ", "empty file"),
    "binary junk": (
        lambda s: b"\x89PNG\r\n\x1a\n\x00\xff",
        "not JSON: byte 1 (0x89) is not UTF-8 text",
    ),
    "not JSON": (
        lambda s: b"{name: 'x'}",
        "not JSON: line 1, column 2: Expecting property name enclosed in double quotes",
    ),
    "truncated": (
        lambda s: scenario_json(s)[:20],
        "not JSON: line 2, column 10: Unterminated string starting at",
    ),
    "NaN": (lambda s: b'{"budget": NaN}', "not JSON: NaN is not a JSON number"),
    "JSON array": (
        lambda s: b"[1, 2]",
        "not a scenario file: it holds an array, where a scenario is an object with name, "
        "brief and plan",
    ),
    "JSON string": (
        lambda s: b'"plan"',
        "not a scenario file: it holds a string, where a scenario is an object with name, "
        "brief and plan",
    ),
    "other JSON object": (
        lambda s: b'{"handle": "x", "followers": 10}',
        "not a scenario file: field 'name': Field required; field 'brief': Field required; "
        "field 'plan': Field required; and 3 more",
    ),
    "missing field": (
        lambda s: _edited(s, lambda d: d.pop("plan")),
        "not a scenario file: field 'plan': Field required",
    ),
    "wrong type": (
        lambda s: _edited(s, lambda d: d["brief"].update(budget="lots")),
        "not a scenario file: field 'brief.budget': Input should be a valid number, unable to "
        "parse string as a number",
    ),
    "out of range": (
        lambda s: _edited(s, lambda d: d["brief"].update(budget=-5)),
        "not a scenario file: field 'brief.budget': Input should be greater than 0",
    ),
    "row of wrong type": (
        lambda s: _edited(s, lambda d: d["plan"]["rows"][0].update(followers="many")),
        "not a scenario file: field 'plan.rows': row 1, column 'followers': 'many' is not int",
    ),
    "row without a column": (
        lambda s: _edited(s, lambda d: d["plan"]["rows"][1].pop("cost")),
        "not a scenario file: field 'plan.rows': row 2 does not have the plan's columns (cost)",
    ),
    "unknown tier": (
        lambda s: _edited(s, lambda d: d["plan"]["rows"][0].update(tier="giga")),
        "not a scenario file: field 'plan.rows': row 1, column 'tier': 'giga' is not a tier of "
        "the brief (nano, micro, mid, macro, mega)",
    ),
    "total not a number": (
        lambda s: _edited(s, lambda d: d["plan"]["totals"].update(cost="$5")),
        "not a scenario file: field 'plan.totals': 'cost' is '$5', not a number",
    ),
    "blank name": (
        lambda s: _edited(s, lambda d: d.update(name=" ")),
        "not a scenario file: field 'name': a scenario name needs 1 to 120 characters, not 0",
    ),
    "newer format": (
        lambda s: _edited(s, lambda d: d.update(format_version=7)),
        "this file is a scenario of format 7, newer than this planner reads (1); update the "
        "planner",
    ),
    "format 0": (
        lambda s: _edited(s, lambda d: d.update(format_version=0)),
        "not a scenario file: field 'format_version': there is no format 0 (formats are 1 to 1)",
    ),
    "format as text": (
        lambda s: _edited(s, lambda d: d.update(format_version="1")),
        "not a scenario file: field 'format_version': '1' is not a whole number",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_files_say_what_is_wrong(case, scenario):
    make, message = BAD_FILES[case]
    with pytest.raises(ScenarioFileError) as err:
        read_scenario_json(make(scenario))
    assert str(err.value) == message


def test_a_file_without_format_version_is_format_1(scenario):
    data = _edited(scenario, lambda d: d.pop("format_version"))
    assert read_scenario_json(data) == scenario


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_scenario_or_a_scenario_file_error(data):
    with contextlib.suppress(ScenarioFileError):
        read_scenario_json(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value[:3]):
            yield from _paths(inner, (*prefix, i))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_edit_of_a_scenario_gives_a_usable_scenario_or_a_scenario_file_error(data, scenario):
    """Replace one value anywhere in a real file; what loads must still draw and re-save."""
    original = json.loads(scenario_json(scenario))
    path = data.draw(st.sampled_from(list(_paths(original))[1:]))
    edited = copy.deepcopy(original)
    target = edited
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(JSON_VALUES)
    try:
        loaded = read_scenario_json(json.dumps(edited).encode())
    except ScenarioFileError:
        return
    loaded.plan.to_plan(loaded.brief)
    assert read_scenario_json(scenario_json(loaded)) == loaded


def test_saved_plan_is_what_the_scenario_holds(scenario, plan):
    assert scenario.plan == SavedPlan.of(plan)


def test_a_scenario_saved_before_the_running_cost_still_opens():
    """A file exported before cost_per_influencer and max_influencers existed: its brief takes
    the defaults, its plan opens as it was costed (all fees, no running cost) and exports."""
    old = Path(__file__).parent / "helpers" / "scenario_before_running_cost.json"
    assert b"running_cost" not in old.read_bytes() and b"max_influencers" not in old.read_bytes()
    scenario = read_scenario_json(old.read_bytes())
    assert (scenario.brief.cost_per_influencer, scenario.brief.max_influencers) == (250, None)
    plan = scenario.plan.to_plan(scenario.brief)
    assert len(plan.rows) == 5
    assert plan.rows["fee"].tolist() == plan.rows["cost"].tolist() == [36, 42, 40, 22, 9]
    assert plan.rows["running_cost"].tolist() == [0.0] * 5
    assert plan.totals["cost"] == 149 and plan.totals["running_cost"] == 0.0
    table = parse_csv(plan_csv(plan))
    assert table["cost"].sum() == 149 and table["running_cost"].sum() == 0
    # Its range of outcomes is drawn from the rows it kept (the brief's swing: the default).
    band = plan.band("engagement")
    assert band["p10"] < plan.totals["engagement"] < band["p90"]


def test_a_scenario_saved_before_people_were_counted_once_opens_with_its_people():
    """Its reach was summed: it opens with that as gross_reach, and its people counted from
    the same rows by the formula (each audience in its main country, as it was then)."""
    old = Path(__file__).parent / "helpers" / "scenario_before_running_cost.json"
    saved = json.loads(old.read_bytes())["plan"]
    assert "gross_reach" not in saved["totals"]
    scenario = read_scenario_json(old.read_bytes())
    plan = scenario.plan.to_plan(scenario.brief)
    rows = plan.rows
    assert plan.totals["gross_reach"] == saved["totals"]["reach"]
    people = 0.0
    for (country, category), cell in rows.groupby(["audience_country", "category"]):
        n = pool(f"{country}/{category}", scenario.brief)
        people += n * (1 - np.prod(1 - cell["expected_reach"] / n))
    assert plan.totals["reach"] == pytest.approx(people, rel=1e-9)
    assert rows["expected_people"].sum() == pytest.approx(people, rel=1e-9)
    table = parse_csv(plan_csv(plan))
    assert table["expected_people"].sum() == pytest.approx(people, rel=1e-6)


def parse_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text))
