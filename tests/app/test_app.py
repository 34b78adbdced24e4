"""AppTest: every page renders, and the Plan/Roster behaviours a brand manager relies on."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import app_test

from planner.export import plan_csv, shown_table
from planner.plan import RESOLUTION
from tests.helpers.app import APP, RecordingStorage, downloaded, start
from tests.helpers.hard_briefs import CROWDED_CONTROLS
from ui.session import LAST_PLAN

PAGES = [
    "views/plan.py",
    "views/roster.py",
    "views/data.py",
    "views/scenarios.py",
    "views/compare.py",
    "views/frontier.py",
    "views/method.py",
]
SAMPLE = Path(APP).parent / "data" / "influencers.csv"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(page):
    at = start(page)
    assert not at.exception
    assert at.title[0].value in {
        "Campaign plan",
        "Roster",
        "Roster data",
        "Scenarios",
        "Compare scenarios",
        "Budget frontier",
        "Method",
    }


def test_moving_the_budget_changes_the_kpis():
    at = start()
    before = [m.value for m in at.metric]
    at.select_slider(key="w_budget_slider").set_value(200_000).run()
    assert not at.exception
    assert at.number_input(key="w_budget").value == 200_000
    after = [m.value for m in at.metric]
    assert after[0] != before[0] and after[1] != before[1]
    assert at.session_state[LAST_PLAN].brief.budget == 200_000
    # the KPI shows the change since the previous plan
    assert "since last plan" in (at.metric[0].delta or "")


def test_exact_budget_number_moves_the_slider_to_the_nearest_stop():
    at = start()
    at.number_input(key="w_budget").set_value(140_123).run()
    assert at.session_state[LAST_PLAN].brief.budget == 140_123
    assert at.select_slider(key="w_budget_slider").value == 150_000


def test_pinning_puts_a_handle_in_the_plan_and_excluding_takes_it_out():
    at = start()
    chosen = set(at.session_state[LAST_PLAN].rows["handle"])
    roster = pd.read_csv("data/influencers.csv")
    outsider = roster.loc[~roster["handle"].isin(chosen)].sort_values("cost_per_post")
    handle = outsider["handle"].iloc[len(outsider) // 2]
    at = start(pinned=[handle])
    assert handle in set(at.session_state[LAST_PLAN].rows["handle"])
    insider = sorted(chosen)[0]
    at = start(excluded=[insider])
    assert insider not in set(at.session_state[LAST_PLAN].rows["handle"])


def test_an_impossible_brief_shows_what_to_change_and_keeps_the_last_plan():
    at = start()
    good = at.session_state[LAST_PLAN]
    at.number_input(key="w_min_mega").set_value(40).run()
    assert not at.exception
    message = " ".join(e.value for e in at.sidebar.error)
    assert "No plan keeps every rule" in message
    assert "at least 40 mega influencers" in message
    assert "To fix it" in message
    assert at.session_state[LAST_PLAN] is not None
    assert at.session_state[LAST_PLAN].brief == good.brief  # the last good plan stays
    assert any("last plan that worked" in w.value for w in at.warning)


def test_roster_page_download_is_the_plan_shown(monkeypatch):
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", RecordingStorage)
    at = start("views/roster.py")
    plan = at.session_state[LAST_PLAN]
    tables = [d.value for d in at.dataframe if "expected_engagement" in d.value.columns]
    assert len(tables) == 1
    shown = tables[0]
    expected = shown_table(plan)
    pd.testing.assert_frame_equal(shown.reset_index(drop=True), expected, check_dtype=False)
    csv = downloaded(at, "download_csv")
    assert csv.decode() == plan_csv(plan)
    table = pd.read_csv(io.BytesIO(csv))
    pd.testing.assert_frame_equal(table, shown.reset_index(drop=True), check_dtype=False)
    assert table["cost"].sum() == pytest.approx(plan.totals["cost"])
    workbook = pd.read_excel(io.BytesIO(downloaded(at, "download_xlsx")), sheet_name=None)
    assert set(workbook) == {"Plan", "Brief"}
    assert list(workbook["Plan"]["handle"]) == list(expected["handle"])


def test_state_survives_moving_between_pages():
    at = start()
    at.select_slider(key="w_budget_slider").set_value(300_000).run()
    at.switch_page("views/method.py").run()
    at.switch_page("views/plan.py").run()
    assert at.number_input(key="w_budget").value == 300_000
    assert at.session_state[LAST_PLAN].brief.budget == 300_000


def test_presentation_mode_hides_the_controls():
    at = start()
    at.toggle(key="w_presentation").set_value(True).run()
    assert not at.exception
    assert any("stSidebar" in h.proto.body for h in at.get("html"))


def test_tier_cards_count_the_plan_and_show_greedy():
    at = start()
    plan = at.session_state[LAST_PLAN]
    cards = {m.label: m.value for m in at.metric}
    for tier, n in plan.count_by_tier.items():
        assert cards[f"{tier.capitalize()} influencers"] == str(n)
    assert any(c.value.startswith("greedy baseline: ") for c in at.caption)


def test_an_unexpected_error_shows_a_message_not_a_traceback():
    at = start(budget="not a number")  # a corrupt value no widget could produce
    assert not at.exception
    assert any("Something went wrong while drawing this page" in e.value for e in at.error)


def test_one_click_applies_the_suggested_budget_and_the_plan_comes_back():
    at = start()
    at.number_input(key="w_min_mega").set_value(5).run()
    at.select_slider(key="w_budget_slider").set_value(10_000).run()
    assert any("No plan keeps every rule" in e.value for e in at.sidebar.error)
    fix = next(b for b in at.sidebar.button if b.label.startswith("Apply: raise the budget"))
    wanted = int(fix.label.rsplit("$", 1)[1].replace(",", ""))
    fix.click().run()
    assert not at.exception
    assert not any("No plan keeps every rule" in e.value for e in at.sidebar.error)
    plan = at.session_state[LAST_PLAN]
    assert plan.brief.budget == wanted
    assert plan.count_by_tier["mega"] >= 5
    assert at.number_input(key="w_budget").value == wanted


def test_presentation_mode_still_says_why_a_brief_has_no_plan():
    at = start(presentation=True, min_mega=40)
    assert not at.exception
    assert any("This brief has no plan" in e.value and "40 mega" in e.value for e in at.main.error)


@pytest.mark.parametrize(
    ("goal", "label", "source"),
    [
        ("engagement", "Cost per engagement", "engagement rate"),
        ("reach", "Cost per 1,000 people reached", "reach_rate"),
        ("clicks", "Cost per click", "for a post (1.80% instagram, 1.00% tiktok, 1.55% youtube)"),
        ("conversions", "Cost per conversion", "tier (2.41% nano, 2.18% micro, 1.80% mid, 1.42%"),
    ],
)
def test_the_cost_card_is_the_cost_per_unit_of_the_goal(goal, label, source):
    at = start(goal=goal)
    assert not at.exception
    card = next(m for m in at.metric if m.label == label)
    assert source in card.proto.help
    labels = {m.label for m in at.metric}
    others = {"Cost per engagement", "Cost per 1,000 people reached", "Cost per click"}
    assert not (others - {label}) & labels


def test_a_max_count_can_be_cleared_back_to_no_limit():
    at = start()
    at.number_input(key="w_max_micro").set_value(3).run()
    assert at.session_state[LAST_PLAN].brief.tier_rules["micro"].max_count == 3
    at.number_input(key="w_max_micro").set_value(None).run()
    assert not at.exception
    assert at.number_input(key="w_max_micro").value is None
    assert "micro" not in at.session_state[LAST_PLAN].brief.tier_rules


# A small model (766 columns) whose MIP takes about 1.4 s to prove its plan: 0.1 s cuts it short.
HARD_TO_PROVE = {
    "categories": ["tech", "finance"],
    "max_posts": 2,
    "extra_post_pct": 90.0,
    "max_one_pct": 8,
    "share_mid": (30, 31),
    "max_mid": 6,
    "share_micro": (20, 21),
    "share_macro": (10, 11),
    "max_macro": 1,
}


def test_a_plan_cut_short_by_the_time_limit_says_how_close_it_is():
    at = start(**HARD_TO_PROVE)
    at.number_input(key="w_time_limit").set_value(0.1).run()
    assert not at.exception
    note = " ".join(w.value for w in at.main.warning)
    assert "Best plan found in" in note and "% of the best possible" in note
    assert "time limit stopped the search" in note
    # Presenting hides the sidebar, not the note.
    at.toggle(key="w_presentation").set_value(True).run()
    assert any("of the best possible" in w.value for w in at.main.warning)


def test_no_plan_in_the_time_limit_is_not_called_impossible():
    # CROWDED (tests/helpers/hard_briefs.py) as controls: few mid and macro influencers with a
    # large share of spend, 20-25 nano and few YouTube ones with 30%: rounding the LP fails, the
    # dive outlasts the time limit, so the MIP gets no time; greedy breaks a rule.
    at = start(**CROWDED_CONTROLS, time_limit=0.1)
    assert not at.exception
    shown = " ".join(e.value for e in at.main.error)
    assert "No plan found in 0.1 s" in shown and "Solver time limit" in shown
    assert not any("No plan keeps every rule" in e.value for e in at.sidebar.error)


def test_a_budget_too_small_for_any_post_says_what_it_takes():
    # The cheapest fee and the default running cost of $250.
    cheapest = math.ceil(pd.read_csv(SAMPLE)["cost_per_post"].min()) + 250
    at = start(budget=cheapest - 1, budget_slider=1_000)
    assert not at.exception
    assert [w.value for w in at.main.warning] == [
        f"**This plan buys nothing.** The cheapest post of the candidates costs "
        f"${cheapest:,} with the running cost of $250 per influencer, more than the whole "
        "budget: raise the budget to at least that."
    ]


def test_the_rate_tables_show_the_rates_in_use_and_one_rate_for_all_fills_them():
    at = start(goal="conversions")
    assert not at.sidebar.dataframe, "drawn on demand only"
    assert any("the published click-through and conversion rates" in c.value for c in at.caption)
    at.toggle(key="w_rate_tables").set_value(True).run()
    ctr, cvr, fit, _ = (table.value for table in at.sidebar.dataframe)
    assert ctr.loc["instagram", "story"] == 3.5 and ctr.loc["tiktok", "post"] == 1.0
    assert cvr["conversion"].tolist() == [2.41, 2.18, 1.8, 1.42, 0.91]
    assert set(fit["fit"]) == {100.0} and len(fit) > 1  # the roster's niches
    assert at.session_state[LAST_PLAN].brief.click_through_rate is None
    at.number_input(key="w_cvr_pct").set_value(2.0).run()
    assert at.session_state[LAST_PLAN].brief.conversion_rate == 0.02
    assert at.sidebar.dataframe[1].value["conversion"].tolist() == [2.0] * 5
    at.number_input(key="w_cvr_pct").set_value(None).run()
    assert at.session_state[LAST_PLAN].brief.conversion_rate is None


def test_hidden_rate_tables_say_how_many_cells_are_set_over_the_defaults():
    at = start(cvr_tiers={"micro": 3.0}, fit_pct={"food": 50.0, "travel": 0.0}, ctr_pct=2.5)
    assert not at.sidebar.dataframe
    assert at.session_state[LAST_PLAN].brief.category_fit == {"food": 0.5, "travel": 0.0}
    assert (
        "Tables in use: 2.5% click-through for all and the published conversion rates; cells "
        "set over them: conversion 1, brand fit 2."
    ) in [c.value for c in at.caption]
    # A pool held for a country the brief no longer targets is not a cell the table shows.
    at = start(countries=["US"], pools={"GB/food": 1_000.0, "US/food": 2_000.0})
    assert (
        "Tables in use: the published click-through and conversion rates; cells set over "
        "them: audience size 1."
    ) in [c.value for c in at.caption]


def test_people_reached_says_how_duplicates_go_and_a_smaller_pool_reaches_fewer():
    """The reach card's help explains the de-duplication; the pools table shows the pool in
    use; a pool set smaller (the brief's audience_pools) leaves fewer people reached."""
    at = start(goal="reach", countries=["US"], rate_tables=True)
    assert not at.exception
    card = next(m for m in at.metric if m.label == "Expected people reached")
    assert "counts once" in card.proto.help and "N x (1 - (1 - r1/N)" in card.proto.help
    pools = at.sidebar.dataframe[3].value
    assert set(pools.index.str.split("/").str[0]) == {"US"}
    assert pools.loc["US/food", "people"] == pytest.approx(239e6 * 0.22 * 0.1)
    before = at.session_state[LAST_PLAN].totals
    assert before["gross_reach"] >= before["reach"] > 0
    small = {cell: 50_000.0 for cell in pools.index}
    after_at = start(goal="reach", countries=["US"], pools=small, rate_tables=True)
    plan = after_at.session_state[LAST_PLAN]
    assert plan.brief.audience_pools == small
    assert after_at.sidebar.dataframe[3].value["people"].tolist() == [50_000.0] * len(small)
    assert plan.totals["reach"] < 0.5 * before["reach"]
    assert plan.totals["frequency"] > before["frequency"]
    assert any("people reached once each" in m.value for m in after_at.markdown)


def test_the_exact_option_proves_the_plan_best_and_says_so():
    at = start()
    live = at.session_state[LAST_PLAN]
    assert live.method == "live"
    at.toggle(key="w_exact").set_value(True).run()
    assert not at.exception
    plan = at.session_state[LAST_PLAN]
    assert plan.method == "exact" and plan.status == "optimal"
    assert plan.objective >= live.objective - 1e-6
    assert plan.bound - plan.objective < RESOLUTION / 2
    assert any("proven best plan, solved in" in m.value for m in at.main.markdown)
