"""Bring your own roster, end to end: a real-world export maps and plans (command line and
app), a corrected mapping is remembered, hostile handles stay text and exports stay inert,
and the sample roster comes back with one click."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest, app_test

from tests.helpers.app import APP, TIMEOUT, RecordingStorage, downloaded
from tests.helpers.bad_inputs import HOSTILE, csv
from tests.helpers.cli import run_cli
from tests.helpers.mixed_fees import EURO_FEE, MIXED_FEES, READ_FEES
from ui.session import CONTROLS, LAST_PLAN, UPLOADED
from ui.state import DEFAULTS
from ui.text import literal

EXPORT = (
    b"Creator Name,Subscribers,60_day_eng_rate,Fee (USD),Country,Niche,Platform\n"
    b'Sunny Fox,3.3k,1.39%,"$1,200",US,beauty,Instagram\n'
    b'Big Bear,1.2M,0.8%,"$9,500",GB,gaming,YouTube\n'
    b"Tiny Owl,12.5k,4.2%,$150,US,food,TikTok\n"
    b'Mid Cat,250k,2.1%,"$2,400",DE,beauty,Instagram\n'
)
BUDGET = 5_000
NOTE = (
    "note: reading handle from 'Creator Name', platform from 'Platform', category from "
    "'Niche', followers from 'Subscribers', engagement_rate from '60_day_eng_rate', "
    "cost_per_post from 'Fee (USD)', audience_country from 'Country'; correct with "
    "--map FIELD=HEADER\n"
)  # for EXPORT and MIXED_FEES, which have the same headers
MARKDOWN = ("markdown", "caption", "error", "warning", "info", "success")


def on_data_page(**controls) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[CONTROLS] = {**DEFAULTS, **controls}
    return at.switch_page("views/data.py").run()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="upload_file").upload(name, data, "text/csv").run()
    assert not at.exception
    return at


def test_a_real_world_export_maps_and_plans_on_the_command_line(tmp_path):
    path = tmp_path / "agency export.csv"
    path.write_bytes(EXPORT)
    out = tmp_path / "plan.csv"
    result = run_cli("plan", "--roster", str(path), "--budget", str(BUDGET), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == NOTE
    summary = json.loads(result.stdout)
    plan = pd.read_csv(out)
    assert len(plan) > 0
    assert 0 < summary["total_cost"] <= BUDGET
    assert plan["cost"].sum() == pytest.approx(summary["total_cost"])
    followers = dict(zip(plan["handle"], plan["followers"], strict=True))
    assert followers.get("Tiny Owl", 12_500) == 12_500  # "12.5k"
    assert followers.get("Sunny Fox", 3_300) == 3_300  # "3.3k"


def test_a_real_world_export_maps_and_plans_in_the_app():
    at = upload(on_data_page(budget=BUDGET), "agency export.csv", EXPORT)
    handle = next(k for k in map_keys(at) if k.endswith("_handle"))
    assert at.selectbox(key=handle).value == "Creator Name"
    (defaults,) = [c.value for c in at.caption if c.value.startswith("Not in the file")]
    absent = ["name", "audience_country_share", "fake_follower_share", "reach_rate"]
    absent += ["engagement_rate_sd", "cost_per_story", "cost_per_video"]
    assert [f"**{t}**" in defaults for t in absent] == [True] * len(absent)
    assert "**audience_country**" not in defaults  # "Country" is in the file
    at.button(key="use_upload").click().run()
    roster = at.session_state[UPLOADED].roster.set_index("handle")
    assert roster.loc["Big Bear", "followers"] == 1_200_000
    assert roster.loc["Sunny Fox", "engagement_rate"] == pytest.approx(0.0139)
    assert roster.loc["Sunny Fox", "cost_per_post"] == 1_200
    at.switch_page("views/plan.py").run()
    assert not at.exception
    assert at.sidebar.caption[0].value == "Roster: agency export.csv · 4 rows"
    # No engagement_rate_sd in the file: the range is drawn from the assumed spread, and says so.
    line = next(m.value for m in at.main.markdown if "P10–P90 of engagements" in m.value)
    assert "(each influencer's spread assumed at 35%: no engagement_rate_sd in the roster)" in line
    plan = at.session_state[LAST_PLAN]
    assert len(plan.rows) > 0
    assert 0 < plan.totals["cost"] <= BUDGET


def test_an_ambiguous_euro_fee_among_dollars_is_reported_on_the_command_line_not_misread(
    tmp_path,
):
    path = tmp_path / "trial.csv"
    path.write_text(MIXED_FEES, encoding="utf-8")
    row, column, value, reason = EURO_FEE
    listed = f"  row {row}, column '{column}', value '{value}': {reason}\n"
    assert listed == (
        "  row 7, column 'Fee (USD)', value '€2.500': could be €2.5 or €2500 (this column writes "
        "decimals both with commas and with points): write the one meant\n"
    )
    result = run_cli("plan", "--roster", str(path), "--budget", str(BUDGET))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        f"{NOTE}error: 1 row of the roster has problems; fix them in the file, or add "
        f"--drop-bad-rows to plan with the 5 rows left:\n{listed}"
    )
    out = tmp_path / "plan.csv"
    args = ("--budget", str(BUDGET), "--drop-bad-rows", "--out", str(out))
    dropped = run_cli("plan", "--roster", str(path), *args)
    assert dropped.returncode == 0, dropped.stderr
    assert dropped.stderr == (
        f"{NOTE}warning: left out 1 row with problems, planning with the 5 rows left:\n{listed}"
    )
    summary = json.loads(dropped.stdout)
    assert fees_paid(out) == {"Euro Elk": 1200.5, "Mid Cat": 2000.0}  # no mega star for $15
    assert summary["total_cost"] == 3200.5 + 2 * 250  # the fees and the running costs
    assert summary["count_by_tier"]["mega"] == 0
    rich = run_cli("plan", "--roster", str(path), *args[2:], "--budget", "50000")
    assert rich.returncode == 0, rich.stderr
    assert fees_paid(out) == READ_FEES  # every fee as written, when the budget buys them all


def fees_paid(plan_csv) -> dict[str, float]:
    plan = pd.read_csv(plan_csv)
    return dict(zip(plan["handle"], plan["fee"] / plan["posts"], strict=True))


def test_an_ambiguous_euro_fee_among_dollars_is_listed_on_upload_and_the_rest_read():
    at = upload(on_data_page(budget=BUDGET), "trial.csv", MIXED_FEES.encode())
    assert [w.value for w in at.warning] == [
        "1 row of trial.csv has problems, listed below. Fix them in the file and upload it "
        "again, or go on without them."
    ]
    (table,) = [d.value for d in at.dataframe if list(d.value.columns)[:2] == ["row", "column"]]
    assert [tuple(r) for r in table.itertuples(index=False)] == [EURO_FEE]
    at.button(key="use_upload").click().run()
    roster = at.session_state[UPLOADED].roster
    assert dict(zip(roster["handle"], roster["cost_per_post"], strict=True)) == READ_FEES


def map_keys(at: AppTest) -> list[str]:
    return [s.key for s in at.selectbox if s.key and s.key.startswith("map_")]


def test_a_corrected_mapping_is_kept_for_files_with_the_same_headers():
    data = csv("a,instagram,x,5000,0.03,100", header="handle,platform,niche,followers,er,cost")
    odd = data.replace(b"niche", b"Topic label")  # no synonym: the user must say it
    at = upload(on_data_page(), "odd.csv", odd)
    assert [w.value for w in at.warning] == [
        "Choose which column of the file holds category: every roster needs one, and no "
        "header was recognised as such."
    ]
    category = next(k for k in map_keys(at) if k.endswith("_category"))
    at.selectbox(key=category).set_value("Topic label").run()
    assert not at.warning
    assert [s.value for s in at.success] == ["Every row of odd.csv can be planned."]
    again = upload(at, "odd again.csv", odd.replace(b"100", b"120"))
    assert again.selectbox(key=category).value == "Topic label"
    assert [s.value for s in again.success] == ["Every row of odd again.csv can be planned."]


def test_the_sample_roster_comes_back_with_one_click():
    at = upload(on_data_page(), "mine.csv", csv("a,instagram,x,5000,0.03,100"))
    at.button(key="use_upload").click().run()
    assert at.caption[0].value == "Roster: mine.csv · 1 row"
    at.button(key="use_sample").click().run()
    assert UPLOADED not in at.session_state
    assert at.caption[0].value == "Roster: the sample roster (synthetic) · 3,000 rows"
    assert not any(b.key == "use_sample" for b in at.button)


def test_switching_rosters_takes_out_of_the_brief_what_the_new_roster_lacks():
    at = on_data_page(pinned=["sunny_fox_0412"], platforms=["tiktok"], budget=7_000)
    upload(at, "mine.csv", csv("a,instagram,x,5000,0.03,100"))
    at.button(key="use_upload").click().run()
    assert at.session_state[CONTROLS]["pinned"] == []
    assert at.session_state[CONTROLS]["platforms"] == []
    assert at.session_state[CONTROLS]["budget"] == 7_000
    assert [i.value for i in at.info] == [
        r"Not in this roster, so taken out of the brief: tiktok, sunny\_fox\_0412"
    ]


def test_hostile_handles_are_text_on_screen_and_inert_in_exports(monkeypatch):
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", RecordingStorage)
    frame = pd.DataFrame(
        {
            "handle": HOSTILE,
            "platform": "instagram",
            "category": "beauty",
            "followers": [5000, 6000, 7000, 8000, 9000],
            "engagement_rate": 0.03,
            "cost_per_post": [100, 110, 120, 130, 140],
        }
    )
    at = upload(on_data_page(), "hostile.csv", frame.to_csv(index=False).encode())
    at.button(key="use_upload").click().run()
    at.session_state[CONTROLS] = {**DEFAULTS, "pinned": list(HOSTILE[:2]), "budget": 1_000}
    at.switch_page("views/roster.py").run()
    assert not at.exception
    plan = at.session_state[LAST_PLAN]
    assert set(HOSTILE[:2]) <= set(plan.rows["handle"])
    shown = next(d.value for d in at.dataframe if "expected_engagement" in d.value.columns)
    assert set(shown["handle"]) == set(plan.rows["handle"])  # text, exactly as in the file
    assert set(HOSTILE[:2]) <= set(shown["handle"])
    for kind in MARKDOWN:
        for element in at.get(kind):
            assert "**bold**" not in element.value and "](http" not in element.value
    table = pd.read_csv(io.BytesIO(downloaded(at, "download_csv")), dtype=str)
    assert "'" + HOSTILE[1] in set(table["handle"])
    assert not table["handle"].str.match(r"[=+\-@]").any()
    book = openpyxl.load_workbook(io.BytesIO(downloaded(at, "download_xlsx")))
    cells = [c for row in book["Plan"].iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert "'" + HOSTILE[1] in {c.value for c in cells}


PLAIN_PERCENT = EXPORT.replace(b"1.39%", b"1.39").replace(b"0.8%", b"0.8").replace(b"4.2%", b"4.2")
AS_PERCENT = (
    "'60_day_eng_rate' read as percentages (1.39 is 1.39%): most of its numbers are above 1 or "
    "written with %"
)


def test_plain_numbers_read_as_percentages_are_said_on_the_command_line_and_in_the_app(tmp_path):
    path = tmp_path / "agency export.csv"
    path.write_bytes(PLAIN_PERCENT)
    result = run_cli("plan", "--roster", str(path), "--budget", str(BUDGET))
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"{NOTE}note: {AS_PERCENT}\n"
    at = upload(on_data_page(budget=BUDGET), path.name, PLAIN_PERCENT)
    header = literal("60_day_eng_rate")  # Markdown: shown as written
    assert [i.value for i in at.info] == [AS_PERCENT.replace("60_day_eng_rate", header) + "."]
    at.button(key="use_upload").click().run()
    roster = at.session_state[UPLOADED].roster.set_index("handle")
    assert roster.loc["Sunny Fox", "engagement_rate"] == pytest.approx(0.0139)
    assert roster.loc["Big Bear", "engagement_rate"] == pytest.approx(0.008)
