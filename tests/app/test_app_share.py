"""AppTest: the brief lives in the page URL; a link reproduces the same plan."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from planner import share
from planner.brief import Brief
from tests.helpers.app import APP, TIMEOUT, start
from ui.session import LAST_PLAN


def open_link(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_the_url_follows_the_controls():
    at = start()
    at.select_slider(key="w_budget_slider").set_value(200_000).run()
    at.segmented_control(key="w_goal").set_value("reach").run()
    assert not at.exception
    assert share.from_query(at.query_params) == at.session_state[LAST_PLAN].brief
    assert at.query_params["budget"] == "200000" and at.query_params["goal"] == "reach"


def test_a_link_reproduces_the_same_plan():
    at = start()
    at.number_input(key="w_budget").set_value(123_456).run()
    at.segmented_control(key="w_goal").set_value("clicks").run()
    at.slider(key="w_max_fake_pct").set_value(20).run()
    at.number_input(key="w_min_micro").set_value(5).run()
    shown = at.session_state[LAST_PLAN]
    link = dict(at.query_params)

    opened = open_link(link)
    assert not opened.exception
    again = opened.session_state[LAST_PLAN]
    assert again.brief == shown.brief
    assert again.rows["handle"].tolist() == shown.rows["handle"].tolist()
    assert again.objective == shown.objective
    assert opened.number_input(key="w_budget").value == 123_456
    assert opened.number_input(key="w_min_micro").value == 5


def test_a_link_with_rules_the_sidebar_lacks_keeps_them():
    brief = Brief.parse(
        {"budget": 40_000, "platform_rules": {"tiktok": {"max_share": 0.25}}, "goal": "reach"}
    )
    opened = open_link(share.to_query(brief))
    assert not opened.exception
    plan = opened.session_state[LAST_PLAN]
    assert plan.brief == brief
    tiktok = plan.rows.loc[plan.rows["platform"] == "tiktok", "cost"].sum()
    assert tiktok <= 0.25 * 40_000 + 1e-6


def test_a_broken_link_says_which_parameter_and_keeps_the_defaults():
    opened = open_link({"budget": "lots", "goal": "[win](http://e.vil)"})
    assert not opened.exception
    assert [e.value for e in opened.error] == [
        "The link's brief could not be read; the controls keep their defaults.\n\n"
        "- brief field 'budget'\\: Input should be a valid number, unable to parse string as "
        "a number \\(given\\: 'lots'\\)\n"
        "- brief field 'goal'\\: Input should be 'engagement', 'reach', 'clicks' or "
        "'conversions' \\(given\\: '\\[win\\]\\(http\\://e.vil\\)'\\)"
    ]
    assert opened.session_state[LAST_PLAN].brief == Brief()


def test_a_link_made_on_another_roster_says_so():
    opened = open_link({"budget": "60000", "roster": "upload:0123456789abcdef"})
    assert not opened.exception
    assert opened.session_state[LAST_PLAN].brief.budget == 60_000
    assert any("upload\\:0123456789abcdef" in w.value for w in opened.warning)


def test_a_link_names_its_roster_file_as_text():
    opened = open_link(
        {"budget": "60000", "roster": "upload:0123", "roster_file": "[x](http://e.vil) *b*.csv"}
    )
    assert not opened.exception
    assert [w.value for w in opened.warning] == [
        "This link's plan was made on the roster “\\[x\\]\\(http\\://e.vil\\) \\*b\\*.csv” "
        "(upload\\:0123), which this session does not have: the plan below is on the roster in "
        "use. Upload the same file on the Roster data page to reproduce it."
    ]


def test_a_budget_in_cents_is_held_in_whole_dollars_and_says_so():
    opened = open_link({"budget": "1234.5"})
    assert not opened.exception
    assert opened.number_input(key="w_budget").value == 1_235
    assert opened.session_state[LAST_PLAN].brief.budget == 1_235
    assert [w.value for w in opened.warning] == [
        "The controls round the budget up to whole dollars, so the plan may differ slightly "
        "from the link's."
    ]
