"""Roster loading and validation: good files load, every bad cell is reported precisely."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from planner import calibration as cal
from planner.errors import RosterError, RosterProblem
from planner.roster.schema import OPTIONAL_DEFAULTS, REQUIRED_COLUMNS, load_roster, validate_roster

HEADER = "handle,platform,category,followers,engagement_rate,cost_per_post"
GOOD_ROWS = [
    "@nano_one,Instagram,beauty,5000,0.03,100",
    "@micro_two,tiktok,food,50000,0.05,200",
    "@mega_three,youtube,tech,2000000,0.01,20000",
]
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "influencers.csv"


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def csv_with(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def problems_of(source, **kwargs) -> list[RosterProblem]:
    with pytest.raises(RosterError) as info:
        load_roster(source, **kwargs)
    return info.value.problems


def test_good_csv_loads_clean_typed_frame(tmp_path):
    text = csv_with(" @nano_one ,  Instagram ,beauty,5000,0.03,100", *GOOD_ROWS[1:])
    df = load_roster(write(tmp_path, text))
    assert list(df["handle"]) == ["@nano_one", "@micro_two", "@mega_three"]
    assert list(df["platform"]) == ["instagram", "tiktok", "youtube"]
    assert list(df["followers"]) == [5000, 50000, 2_000_000]
    assert df["followers"].dtype == "int64"
    for col in ("engagement_rate", "cost_per_post", "reach_rate", "cost_per_video"):
        assert df[col].dtype == "float64"
    for col in ("handle", "name", "platform", "category", "audience_country"):
        assert pd.api.types.is_string_dtype(df[col])
    assert isinstance(df.index, pd.RangeIndex)
    assert set(REQUIRED_COLUMNS) | set(OPTIONAL_DEFAULTS) <= set(df.columns)


def test_parquet_file_loads(tmp_path):
    frame = pd.DataFrame(
        {
            "handle": ["@a", "@b"],
            "platform": ["TikTok", "instagram"],
            "category": ["food", "beauty"],
            "followers": [12_000, 300_000],
            "engagement_rate": [0.06, 0.011],
            "cost_per_post": [80.0, 2_500.0],
            "reach_rate": [0.3, None],
        }
    )
    path = tmp_path / "roster.parquet"
    frame.to_parquet(path)
    df = load_roster(path)
    assert list(df["platform"]) == ["tiktok", "instagram"]
    assert list(df["followers"]) == [12_000, 300_000]
    assert list(df["reach_rate"]) == [0.3, 0.229]  # the empty cell gets its band default


def test_parquet_detected_by_magic_bytes_without_a_name(tmp_path):
    buf = io.BytesIO()
    pd.DataFrame([["@a", "x", "y", 10, 0.1, 5]], columns=REQUIRED_COLUMNS).to_parquet(buf)
    assert load_roster(buf.getvalue())["handle"].tolist() == ["@a"]
    assert load_roster(io.BytesIO(buf.getvalue()), name="upload.csv")["followers"].tolist() == [10]


def test_bytes_and_file_objects_load_as_csv():
    data = csv_with(*GOOD_ROWS).encode("utf-8-sig")  # with a byte-order mark, as Excel writes
    assert len(load_roster(data, name="r.csv")) == 3
    assert len(load_roster(io.BytesIO(data))) == 3


def test_defaults_filled_with_documented_numbers(tmp_path):
    df = load_roster(write(tmp_path, csv_with(*GOOD_ROWS)))
    assert list(df["reach_rate"]) == [0.377, 0.229, 0.191]
    assert list(df["name"]) == list(df["handle"])
    assert list(df["audience_country"]) == ["", "", ""]
    assert list(df["fake_follower_share"]) == [0.0, 0.0, 0.0]
    assert list(df["engagement_rate_sd"]) == [0.0, 0.0, 0.0]
    assert list(df["audience_country_share"]) == [0.7, 0.6, 0.4]  # nano, micro, mega (assumed)
    assert list(df["cost_per_story"]) == pytest.approx([115.0, 230.0, 23_000.0])
    assert list(df["cost_per_video"]) == pytest.approx([145.0, 290.0, 29_000.0])


def test_reach_band_default_matches_calibration_at_every_edge(tmp_path):
    sizes = [1, 19_999, 20_000, 99_999, 100_000, 999_999, 1_000_000, 50_000_000]
    rows = [f"@h{n},instagram,x,{n},0.01,10" for n in sizes]
    df = load_roster(write(tmp_path, csv_with(*rows)))
    assert list(df["reach_rate"]) == [cal.reach_rate(n, "post") for n in sizes]


def test_given_optional_values_kept_and_empty_cells_defaulted(tmp_path):
    header = HEADER + ",name,audience_country,fake_follower_share,cost_per_story,extra"
    rows = ["@a,instagram,x,5000,0.03,100,Ann,US,0.2,,=keep", "@b,instagram,x,5000,0.03,100,,,,90,"]
    df = load_roster(write(tmp_path, csv_with(*rows, header=header)))
    assert list(df["name"]) == ["Ann", "@b"]
    assert list(df["audience_country"]) == ["US", ""]
    assert list(df["fake_follower_share"]) == [0.2, 0.0]
    assert list(df["cost_per_story"]) == pytest.approx([115.0, 90.0])
    assert list(df["extra"]) == ["=keep", ""]  # unknown columns untouched


def test_audience_country_share_kept_and_empty_cells_get_the_tier_default(tmp_path):
    header = HEADER + ",audience_country,audience_country_share"
    sizes = [9_999, 10_000, 100_000, 500_000, 1_000_000]
    rows = [f"@h{n},instagram,x,{n},0.01,10,US," for n in sizes]
    rows[0] = rows[0] + "0.85"
    df = load_roster(write(tmp_path, csv_with(*rows, header=header)))
    assert list(df["audience_country_share"]) == [0.85, 0.6, 0.5, 0.45, 0.4]


def test_hostile_handle_kept_verbatim(tmp_path):
    df = load_roster(write(tmp_path, csv_with('"  =cmd()|\' "' + ",instagram,x,10,0.1,5")))
    assert df["handle"].tolist() == ["=cmd()|'"]


BAD_CELLS = [
    ("followers", "-5", "must be greater than 0"),
    ("followers", "0", "must be greater than 0"),
    ("followers", "12k", "must be a number"),
    ("followers", "10.5", "must be a whole number"),
    ("followers", "inf", "must be a finite number"),
    ("cost_per_post", "0", "must be greater than 0"),
    ("cost_per_post", "-1", "must be greater than 0"),
    ("cost_per_post", "$100", "must be a number"),
    ("engagement_rate", "2.5", "a fraction, e.g. 0.025 for 2.5%"),
    ("engagement_rate", "0", "a fraction, e.g. 0.025 for 2.5%"),
    ("engagement_rate", "2.5%", "must be a number"),
    ("engagement_rate", "-inf", "must be a finite number"),
    ("cost_per_story", "0", "must be greater than 0"),
    ("cost_per_video", "-3", "must be greater than 0"),
    ("fake_follower_share", "1", "must be at least 0 and below 1"),
    ("fake_follower_share", "-0.1", "must be at least 0 and below 1"),
    ("reach_rate", "0", "must be above 0 and at most 1"),
    ("reach_rate", "1.5", "must be above 0 and at most 1"),
    ("engagement_rate_sd", "-0.01", "must be at least 0 and at most 1"),
    ("engagement_rate_sd", "3", "must be at least 0 and at most 1"),
    ("followers", "1e11", "must be at most 10,000,000,000"),
    ("cost_per_post", "1e30", "must be at most 1,000,000,000 (the largest budget)"),
    ("cost_per_video", "2e9", "must be at most 1,000,000,000 (the largest budget)"),
    ("engagement_rate_sd", "n/a", "must be a number"),
    ("audience_country_share", "0", "must be above 0 and at most 1"),
    ("audience_country_share", "1.2", "must be above 0 and at most 1 (a fraction, e.g. 0.6"),
    ("audience_country_share", "-0.3", "must be above 0 and at most 1"),
    ("audience_country_share", "62%", "must be a number"),
]


@pytest.mark.parametrize(("column", "value", "reason"), BAD_CELLS)
def test_each_bad_cell_reported_with_row_column_value(tmp_path, column, value, reason):
    good = pd.DataFrame(
        [
            [f"@h{n}", "instagram", "x", 5000, 0.03, 100, 120, 150, 0.1, 0.3, 0.01, 0.6]
            for n in range(3)
        ],
        columns=[
            *REQUIRED_COLUMNS,
            "cost_per_story",
            "cost_per_video",
            "fake_follower_share",
            "reach_rate",
            "engagement_rate_sd",
            "audience_country_share",
        ],
    ).astype(str)
    good.loc[2, column] = value
    path = tmp_path / "roster.csv"
    good.to_csv(path, index=False)
    [problem] = problems_of(path)
    assert (problem.row, problem.column, problem.value) == (4, column, value)
    assert reason in problem.reason


def test_problem_text_names_row_column_value_and_reason():
    problem = RosterProblem(7, "followers", "-5", "must be greater than 0")
    assert str(problem) == "row 7, column 'followers', value '-5': must be greater than 0"
    assert (
        str(RosterProblem(None, None, None, "the roster has no rows")) == "the roster has no rows"
    )


def test_missing_required_columns_each_reported(tmp_path):
    text = "handle,platform,followers,engagement_rate\n@a,instagram,10,0.1\n"
    problems = problems_of(write(tmp_path, text))
    assert [(p.row, p.column) for p in problems] == [(None, "category"), (None, "cost_per_post")]
    assert all(p.reason.startswith("required column is missing") for p in problems)
    assert ", ".join(REQUIRED_COLUMNS) in problems[0].reason


def test_empty_required_cell(tmp_path):
    rows = [GOOD_ROWS[0], "@b,tiktok,   ,10,0.1,", GOOD_ROWS[2]]
    problems = problems_of(write(tmp_path, csv_with(*rows)))
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (3, "category", "is empty"),
        (3, "cost_per_post", "is empty"),
    ]


def test_every_duplicate_after_the_first_names_the_first_row(tmp_path):
    rows = [*GOOD_ROWS, "@micro_two,instagram,x,10,0.1,5", " @micro_two ,youtube,x,10,0.1,5"]
    problems = problems_of(write(tmp_path, csv_with(*rows)))
    assert [(p.row, p.column, p.value) for p in problems] == [
        (5, "handle", "@micro_two"),
        (6, "handle", " @micro_two "),
    ]
    assert all(p.reason == "duplicate handle: first seen on row 3" for p in problems)


def test_several_problems_reported_at_once_in_file_order(tmp_path):
    rows = [
        "@a,instagram,x,abc,0.03,100",
        "@b,instagram,x,-5,3,100",
        "@a,instagram,,10,0.1,0",
    ]
    with pytest.raises(RosterError) as info:
        load_roster(write(tmp_path, csv_with(*rows)))
    got = [(p.row, p.column, p.value) for p in info.value.problems]
    assert got == [
        (2, "followers", "abc"),
        (3, "followers", "-5"),
        (3, "engagement_rate", "3"),
        (4, "handle", "@a"),
        (4, "category", ""),
        (4, "cost_per_post", "0"),
    ]
    text = str(info.value).splitlines()
    assert text[0] == "roster has 6 problems; fix them in the file and load it again:"
    assert text[1].strip() == "row 2, column 'followers', value 'abc': must be a number"
    assert len(text) == 7


def test_long_problem_list_is_cut_at_fifty(tmp_path):
    rows = [f"@h{n},instagram,x,-1,0.1,5" for n in range(60)]
    with pytest.raises(RosterError) as info:
        load_roster(write(tmp_path, csv_with(*rows)))
    assert len(info.value.problems) == 60
    lines = str(info.value).splitlines()
    assert len(lines) == 52
    assert lines[-1].strip() == "... and 10 more"


def test_blank_lines_skipped_but_row_numbers_kept(tmp_path):
    text = csv_with(GOOD_ROWS[0], "", ",,,,,", GOOD_ROWS[1], "@c,tiktok,x,10,0.1,-5")
    problems = problems_of(write(tmp_path, text))
    assert [(p.row, p.column) for p in problems] == [(6, "cost_per_post")]


def test_validate_roster_returns_new_frame_with_range_index():
    rows = [["@a", " TikTok", "c", 10, 0.1, 5], ["@b", "x", "c", 20, 0.2, 6]]
    raw = pd.DataFrame(rows, columns=REQUIRED_COLUMNS, index=[10, 30])
    df = validate_roster(raw)
    assert isinstance(df.index, pd.RangeIndex)
    assert df["platform"].tolist() == ["tiktok", "x"]
    assert raw["platform"].tolist() == [" TikTok", "x"]  # the input is left alone
    raw.loc[30, "followers"] = -1
    with pytest.raises(RosterError) as info:
        validate_roster(raw)
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "followers", -1)


@pytest.mark.parametrize("text", ["", "\n", HEADER + "\n", HEADER + "\n\n,,,,,\n"])
def test_empty_or_headers_only_file(tmp_path, text):
    problems = problems_of(write(tmp_path, text))
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (None, None, "the roster has no rows")
    ]


def test_missing_file(tmp_path):
    [problem] = problems_of(tmp_path / "nope.csv")
    assert "does not exist" in problem.reason
    assert "nope.csv" in problem.reason


def test_unknown_extension_names_supported_ones(tmp_path):
    [problem] = problems_of(write(tmp_path, csv_with(*GOOD_ROWS), "roster.xlsx"))
    assert "'.xlsx'" in problem.reason
    assert ".csv" in problem.reason
    assert ".parquet" in problem.reason


@pytest.mark.parametrize("data", [b"PAR1 this is not really parquet PAR1", b"PAR1", b"junk"])
def test_corrupt_parquet_is_a_clear_error(tmp_path, data):
    path = tmp_path / "roster.parquet"
    path.write_bytes(data)
    with pytest.raises(RosterError) as info:
        load_roster(path)
    [problem] = info.value.problems
    assert problem.reason.startswith("roster.parquet is not a readable Parquet file")
    assert "Arrow" not in str(info.value)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_binary_junk_as_csv(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(bytes(range(256)) * 4)
    [problem] = problems_of(path)
    assert "binary" in problem.reason


def test_non_utf8_text_as_csv():
    data = csv_with("@caf\xe9,instagram,x,10,0.1,5").encode("latin-1")
    [problem] = problems_of(data, name="roster.csv")
    assert "not UTF-8" in problem.reason


@pytest.mark.parametrize("line", [2, 3])
def test_row_longer_than_header_is_a_clear_error(line):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1]]
    rows[line - 2] += ",extra,cells"
    [problem] = problems_of(csv_with(*rows).encode(), name="r.csv")
    assert (
        problem.reason
        == f"r.csv is not a readable CSV file: Expected 6 fields in line {line}, saw 8"
    )


def test_short_row_cells_are_empty_and_repeated_column_reported(tmp_path):
    [problem] = problems_of(write(tmp_path, csv_with("@a,instagram,x,10,0.1")))
    assert (problem.row, problem.column, problem.reason) == (2, "cost_per_post", "is empty")
    [problem] = problems_of(write(tmp_path, csv_with(*GOOD_ROWS, header=HEADER + ",followers")))
    assert (problem.column, problem.reason) == ("followers", "column appears more than once")


def test_column_names_matched_loosely_and_blank_headers_named(tmp_path):
    header = " Handle ,PLATFORM,category,Followers,engagement_rate,cost_per_post,,Notes"
    df = load_roster(write(tmp_path, csv_with("@a,instagram,x,10,0.1,5,,hi", header=header)))
    assert list(df.columns[:8]) == [*REQUIRED_COLUMNS, "Unnamed: 6", "Notes"]


def test_sample_roster_loads_without_problems():
    if not SAMPLE.exists():
        pytest.skip("data/influencers.csv has not been generated yet")
    df = load_roster(SAMPLE)
    assert len(df) == 3000
    assert df["handle"].is_unique
