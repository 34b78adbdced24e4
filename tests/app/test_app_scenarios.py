"""AppTest: saving, opening, renaming, duplicating, deleting, importing and comparing
scenarios, on a real SQLite file of the test's own."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from planner.brief import Brief
from planner.optimize.optimizer import Planner
from planner.scenarios.scenario import Scenario, scenario_json
from planner.scenarios.store import Store
from tests.helpers.app import start
from tests.helpers.rosters import SAMPLE_CSV
from ui import scenarios
from ui.session import LAST_PLAN


@pytest.fixture
def saved(tmp_path, monkeypatch):
    """The app's store on a fresh file, and a second handle on it to check what was written."""
    monkeypatch.setenv("PLANNER_DB_PATH", str(tmp_path / "scenarios.db"))
    monkeypatch.delenv("PLANNER_DB_URL", raising=False)
    scenarios._open_store.clear()
    with Store() as other:
        yield other
    scenarios._open_store.clear()


def save(at, name: str):
    at.text_input(key="save_name").set_value(name).run()
    return at.button(key="save_scenario").click().run()


def seen(markdown: str) -> str:
    """What the user reads: user text reaches markdown escaped, one backslash a character."""
    return re.sub(r"\\(.)", r"\1", markdown)


def names(store: Store) -> list[str]:
    return sorted(i.name for i in store.list())


def test_saving_keeps_the_brief_and_the_plan_shown(saved):
    at = start(budget=80_000, budget_slider=75_000)
    save(at, "Pitch: 80k")
    assert not at.exception
    [info] = saved.list()
    scenario = saved.get(info.id)
    shown = at.session_state[LAST_PLAN]
    assert scenario.name == "Pitch: 80k" and scenario.brief == shown.brief
    assert [r["handle"] for r in scenario.plan.rows] == shown.rows["handle"].tolist()
    assert scenario.roster_key == "sample"
    save(at, "Pitch: 80k")  # the same name again is kept too, apart
    assert names(saved) == ["Pitch: 80k", "Pitch: 80k (2)"]


def test_an_empty_name_saves_under_the_suggested_one_which_follows_the_brief(saved):
    at = start(budget=80_000, budget_slider=75_000)
    assert at.text_input(key="save_name").placeholder == "Engagement, $80,000"
    save(at, "")
    at.segmented_control(key="w_goal").set_value("reach").run()
    assert at.text_input(key="save_name").placeholder == "Reach, $80,000"
    save(at, "")
    assert not at.exception
    assert names(saved) == ["Engagement, $80,000", "Reach, $80,000"]


def test_an_impossible_brief_is_not_saved(saved):
    at = start(min_mega=500)
    save(at, "Impossible")
    assert not at.exception
    assert saved.list() == []
    assert any("nothing to save" in e.value for e in at.error)


def test_scenarios_page_renames_duplicates_and_deletes(saved):
    at = start()
    save(at, "Base")
    at.switch_page("views/scenarios.py").run()
    assert not at.exception
    assert at.dataframe[0].value["Name"].tolist() == ["Base"]
    [base] = saved.list()
    at.text_input(key=f"rename_to_{base.id}").set_value("Base plan").run()
    at.button(key="rename").click().run()
    assert names(saved) == ["Base plan"]
    assert seen(at.success[0].value) == "Renamed “Base” to “Base plan”."
    at.button(key="duplicate").click().run()
    assert names(saved) == ["Base plan", "Base plan (copy)"]
    copy = next(i for i in saved.list() if i.name == "Base plan (copy)")
    at.selectbox(key="chosen_scenario").set_value(copy).run()
    field = at.text_input(key=f"rename_to_{copy.id}")
    assert field.value == "Base plan (copy)"  # the chosen scenario's own name to edit
    field.set_value("Base plan").run()
    at.button(key="rename").click().run()
    assert seen(at.success[0].value) == (
        "Renamed “Base plan (copy)” to “Base plan (2)” (“Base plan” is taken)."
    )
    at.button(key="delete").click().run()
    assert names(saved) == ["Base plan"]
    assert seen(at.success[0].value) == "Deleted “Base plan (2)”."
    assert at.button(key="import").disabled  # no file chosen yet


def test_opening_a_scenario_loads_its_brief_and_plan(saved):
    at = start()
    at.number_input(key="w_budget").set_value(123_000).run()
    save(at, "Big")
    at.number_input(key="w_budget").set_value(20_000).run()
    at.switch_page("views/scenarios.py").run()
    at.button(key="open_scenario").click().run()
    assert not at.exception
    assert at.session_state[LAST_PLAN].brief.budget == 123_000
    at.switch_page("views/plan.py").run()
    assert at.number_input(key="w_budget").value == 123_000
    assert at.info[0].value == "Opened scenario “Big”."


def test_a_scenario_whose_pin_left_the_roster_opens_with_its_saved_plan(saved):
    sample = pd.read_csv(SAMPLE_CSV)
    ghost = sample.iloc[[0]].assign(handle="gone_since_saving")
    roster = pd.concat([sample, ghost], ignore_index=True)
    from planner.roster.schema import validate_roster

    brief = Brief.parse({"budget": 30_000, "pinned": ["gone_since_saving"]})
    plan = Planner(validate_roster(roster), brief).plan()
    saved.save(Scenario.of("Old pitch", plan, "sample"))
    at = start()
    at.switch_page("views/scenarios.py").run()
    at.button(key="open_scenario").click().run()
    assert not at.exception
    at.switch_page("views/plan.py").run()
    shown = at.session_state[LAST_PLAN]
    assert shown.rows["handle"].tolist() == plan.rows["handle"].tolist()
    assert shown.totals["cost"] == pytest.approx(plan.totals["cost"])
    [note] = [w.value for w in at.warning if "Old pitch" in w.value]
    assert seen(note).startswith(
        "Scenario “Old pitch” no longer re-plans against sample roster: pinned handles not in "
        "the roster: gone_since_saving. Below is its plan as saved"
    )


def test_import_of_a_bad_file_changes_nothing_and_a_good_one_is_added(saved, small_roster):
    at = start()
    save(at, "Kept")
    at.switch_page("views/scenarios.py").run()
    at.file_uploader(key="import_file").set_value(("junk.json", b"\x00\xff", "application/json"))
    at.run()
    at.button(key="import").click().run()
    assert not at.exception
    assert seen(at.error[0].value) == (
        "junk.json was not imported: not JSON: byte 2 (0xff) is not UTF-8 text. "
        "Nothing was changed."
    )
    assert names(saved) == ["Kept"]
    plan = Planner(small_roster, Brief.parse({"budget": 9_000})).plan()
    good = scenario_json(Scenario.of("=From a colleague", plan, "upload:0123"))
    at.file_uploader(key="import_file").set_value(("mine.json", good, "application/json"))
    at.run()
    at.button(key="import").click().run()
    assert names(saved) == ["=From a colleague", "Kept"]
    assert seen(at.success[0].value) == "Imported “=From a colleague” from mine.json."


def test_compare_shows_kpis_charts_and_roster_differences(saved):
    at = start(budget=30_000, budget_slider=30_000)
    save(at, "Thirty")
    at.number_input(key="w_budget").set_value(60_000).run()
    save(at, "Sixty")
    at.switch_page("views/compare.py").run()
    assert not at.exception
    picked = at.multiselect(key="compare_picked").value
    assert picked == ["Thirty", "Sixty"]  # the older of the two newest is the baseline
    kpis = at.dataframe[0].value
    base, other = picked
    assert f"{other} vs {base}" in kpis.columns
    assert kpis.at["Budget", "Thirty"] == "$30,000" and kpis.at["Budget", "Sixty"] == "$60,000"
    diff = at.dataframe[1].value
    assert set(diff.columns) >= {"handle", "Thirty", "Sixty"}
    assert (diff["Thirty"] != diff["Sixty"]).all()
    charts = {c.key: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    assert set(charts) == {"compare_spend", "compare_cpe", "compare_results", "compare_outcomes"}
    # One range of outcomes per scenario, named with its P10 and P90 (of the first's goal).
    names = [t["name"] for t in charts["compare_outcomes"]["data"]]
    assert [n.split(":")[0] for n in names] == picked
    assert all("P10" in n and "P90" in n for n in names)


def test_compare_with_fewer_than_two_says_what_to_do(saved):
    at = start()
    at.switch_page("views/compare.py").run()
    assert not at.exception
    assert at.info[0].value.startswith("Pick at least two scenarios.")


def test_saved_scenarios_survive_a_restart(saved):
    at = start(budget=45_000, budget_slider=50_000)
    save(at, "Before the restart")
    scenarios._open_store.clear()  # the server restarts: a new engine on the same file
    again = start("views/scenarios.py")
    assert not again.exception
    assert again.dataframe[0].value["Name"].tolist() == ["Before the restart"]
    assert again.dataframe[0].value["Budget"].tolist() == [45_000]
