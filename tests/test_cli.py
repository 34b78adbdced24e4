"""The command line end to end: real processes for the happy paths, `main()` for bad input."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from planner.cli import main, shown
from planner.optimize.optimizer import OPTIMAL_GAP
from planner.roster.sample import generate_roster
from planner.roster.schema import load_roster
from planner.wording import gap_words
from tests.helpers.cli import ROOT, run_cli
from tests.helpers.hard_briefs import FREE_RUNNING, SHARES

SAMPLE = ROOT / "data" / "influencers.csv"
SUMMARY_KEYS = {"status", "goal", "objective", "total_cost", "count_by_tier", "gap"} | {
    "solve_seconds"
}
CSV_COLUMNS = [
    "handle", "name", "platform", "category", "tier", "followers", "posts", "cost",
    "expected_engagement", "expected_reach",
]  # fmt: skip
SMALL = """handle,platform,category,followers,engagement_rate,cost_per_post
alpha,instagram,beauty,5000,0.03,100
beta,tiktok,food,50000,0.05,200
gamma,youtube,tech,2000000,0.01,20000
"""


def plan_ok(*args: str) -> tuple[dict, subprocess.CompletedProcess]:
    result = run_cli("plan", *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout), result


def read_plan(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"handle": str, "name": str}, keep_default_na=False)


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- happy paths, in real processes ---------------------------------------------------------


@pytest.fixture(scope="module")
def engagement_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "plan.csv"
    summary, _ = plan_ok("--roster", "data/influencers.csv", "--budget", "50000", "--out", str(out))
    return summary, read_plan(out)


def test_plan_prints_a_json_summary(engagement_run):
    summary, _ = engagement_run
    assert set(summary) >= SUMMARY_KEYS
    assert summary["goal"] == "engagement"
    assert summary["status"] in {"optimal", "feasible"}
    assert 0 <= summary["gap"] < 0.01
    assert summary["solve_seconds"] >= 0
    assert summary["budget"] == 50_000
    assert 0 < summary["total_cost"] <= 50_000
    assert summary["violations"] == []


def test_plan_csv_matches_the_summary(engagement_run):
    summary, table = engagement_run
    assert set(CSV_COLUMNS) <= set(table.columns)
    assert len(table) > 0
    assert table["handle"].is_unique
    assert summary["objective"] == pytest.approx(table["expected_engagement"].sum(), rel=1e-6)
    assert summary["total_cost"] == pytest.approx(table["cost"].sum(), rel=1e-9)
    assert table["cost"].sum() <= 50_000
    counts = table["tier"].value_counts().to_dict()
    assert summary["count_by_tier"] == {t: counts.get(t, 0) for t in summary["count_by_tier"]}
    assert list(summary["count_by_tier"]) == ["nano", "micro", "mid", "macro", "mega"]
    roster = load_roster(SAMPLE).set_index("handle")
    assert set(table["handle"]) <= set(roster.index)
    assert (table["followers"].to_numpy() == roster.loc[table["handle"], "followers"]).all()


def test_goal_reach_with_exact(tmp_path):
    out = tmp_path / "reach.csv"
    summary, _ = plan_ok(
        "--roster", str(SAMPLE), "--budget", "20000", "--goal", "reach", "--exact",
        "--time-limit", "10", "--out", str(out),
    )  # fmt: skip
    table = read_plan(out)
    assert summary["goal"] == "reach"
    assert summary["method"] == "exact"
    assert summary["objective"] == pytest.approx(summary["totals"]["reach"], rel=1e-6)
    gross = summary["totals"]["gross_reach"]
    assert gross == pytest.approx(table["expected_reach"].sum(), rel=1e-6)
    assert summary["totals"]["frequency"] == pytest.approx(gross / summary["objective"], abs=1e-4)
    assert summary["objective"] != pytest.approx(table["expected_engagement"].sum(), rel=1e-3)
    assert summary["total_cost"] <= 20_000
    if summary["status"] == "optimal":
        assert summary["gap"] <= 1e-4


def test_brief_tier_rules_are_respected(tmp_path):
    brief = write_json(
        tmp_path / "brief.json",
        {
            "budget": 20_000,
            "tier_rules": {
                "nano": {"min_count": 10, "max_count": 15},
                "mega": {"max_count": 0},
                "macro": {"min_count": 1},
            },
        },
    )
    out = tmp_path / "plan.csv"
    summary, _ = plan_ok("--roster", str(SAMPLE), "--brief", str(brief), "--out", str(out))
    counts = summary["count_by_tier"]
    assert 10 <= counts["nano"] <= 15
    assert counts["mega"] == 0
    assert counts["macro"] >= 1
    assert summary["budget"] == 20_000
    assert summary["total_cost"] <= 20_000
    table = read_plan(out)
    assert (table["tier"] == "nano").sum() == counts["nano"]
    assert (table["tier"] == "mega").sum() == 0


def test_budget_flag_overrides_the_brief_budget(tmp_path):
    brief = write_json(tmp_path / "brief.json", {"budget": 5_000, "goal": "reach"})
    summary, _ = plan_ok("--roster", str(SAMPLE), "--brief", str(brief), "--budget", "30000")
    assert summary["budget"] == 30_000
    assert summary["goal"] == "reach"  # the rest of the brief still applies
    assert 5_000 < summary["total_cost"] <= 30_000


def test_bad_input_in_a_real_process_exits_2_without_traceback(tmp_path):
    result = run_cli("plan", "--roster", str(tmp_path / "missing.csv"), "--budget", "1000")
    assert result.returncode == 2
    assert result.stderr.startswith("error:")
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_sample_writes_a_roster_load_roster_reads(tmp_path, suffix):
    out = tmp_path / "sub" / f"roster{suffix}"
    result = run_cli("sample", "--rows", "57", "--seed", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    roster = load_roster(out)
    assert len(roster) == 57
    assert roster["handle"].is_unique


def test_sample_is_deterministic(tmp_path):
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert main(["sample", "--rows", "40", "--seed", "11", "--out", str(a)]) == 0
    assert main(["sample", "--rows", "40", "--seed", "11", "--out", str(b)]) == 0
    assert main(["sample", "--rows", "40", "--seed", "12", "--out", str(c)]) == 0
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()


# --- bad input, through main() --------------------------------------------------------------


@pytest.fixture
def small_roster(tmp_path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(SMALL, encoding="utf-8")
    return path


def bad(capsys, argv: list[str], *fragments: str) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("error:"), err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    assert "Traceback" not in out + err
    assert out == ""
    return err


def test_missing_roster_file(capsys, tmp_path):
    missing = tmp_path / "nope.csv"
    bad(capsys, ["plan", "--roster", str(missing)], str(missing), "does not exist")


def test_malformed_roster_names_the_spreadsheet_row(capsys, tmp_path):
    path = tmp_path / "roster.csv"
    lines = SMALL.splitlines()
    lines[2] = "beta,tiktok,food,-50,0.05,200"  # file row 3 (the header is row 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = bad(capsys, ["plan", "--roster", str(path)], "row 3", "column 'followers'", "'-50'")
    assert "must be greater than 0" in err
    assert "row 2" not in err and "row 4" not in err


def test_roster_with_several_problems_lists_them_all(capsys, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(SMALL.replace(",0.03,", ",3,").replace(",200\n", ",free\n"), encoding="utf-8")
    err = bad(capsys, ["plan", "--roster", str(path)], "2 rows of the roster have problems")
    assert "row 2, column 'engagement_rate'" in err and "row 3, column 'cost_per_post'" in err
    assert "--drop-bad-rows to plan with the 1 row left" in err


def test_roster_of_unknown_type(capsys, tmp_path):
    path = tmp_path / "roster.json"
    path.write_text(SMALL, encoding="utf-8")
    bad(capsys, ["plan", "--roster", str(path)], "unknown file type '.json'", ".xlsx or .parquet")


def test_brief_not_json(capsys, tmp_path, small_roster):
    path = tmp_path / "brief.json"
    path.write_text("{budget: 5000", encoding="utf-8")
    bad(capsys, ["plan", "--roster", str(small_roster), "--brief", str(path)], "not valid JSON")


@pytest.mark.parametrize("content", [[1, 2], 5000, "budget", None])
def test_brief_json_not_an_object(capsys, tmp_path, small_roster, content):
    path = write_json(tmp_path / "brief.json", content)
    bad(capsys, ["plan", "--roster", str(small_roster), "--brief", str(path)], "JSON object")


def test_brief_file_missing(capsys, tmp_path, small_roster):
    path = tmp_path / "nope.json"
    bad(capsys, ["plan", "--roster", str(small_roster), "--brief", str(path)], "does not exist")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"budget": -5}, "'budget'"),
        ({"max_posts": 50}, "'max_posts'"),
        ({"max_fake_share": 2}, "'max_fake_share'"),
        ({"goal": "likes"}, "'goal'"),
        ({"tier_rules": {"mega": {"min_count": -1}}}, "'tier_rules.mega.min_count'"),
        ({"content_format": "reel"}, "content_format"),
    ],
)
def test_brief_field_out_of_range_names_the_field(capsys, tmp_path, small_roster, data, field):
    path = write_json(tmp_path / "brief.json", data)
    bad(capsys, ["plan", "--roster", str(small_roster), "--brief", str(path)], field)


def test_unknown_brief_field(capsys, tmp_path, small_roster):
    path = write_json(tmp_path / "brief.json", {"budget": 100, "colour": "red"})
    bad(
        capsys,
        ["plan", "--roster", str(small_roster), "--brief", str(path)],
        "'colour'",
        "Extra inputs are not permitted",
    )


@pytest.mark.parametrize(
    ("budget", "fragment"),
    [("-5", "greater than 0"), ("0", "greater than 0"), ("1e12", "less than or equal"),
     ("nan", "'budget'"), ("inf", "'budget'")],
)  # fmt: skip
def test_budget_flag_out_of_range(capsys, small_roster, budget, fragment):
    bad(capsys, ["plan", "--roster", str(small_roster), "--budget", budget], "'budget'", fragment)


def test_impossible_brief_says_how_to_fix_it(capsys, tmp_path):
    """Five mega at $5,000: each mega fits the budget alone, five together do not."""
    path = write_json(tmp_path / "brief.json", {"tier_rules": {"mega": {"min_count": 5}}})
    argv = ["plan", "--roster", str(SAMPLE), "--brief", str(path), "--budget", "5000"]
    bad(capsys, argv, "mega", "raise the budget to at least $")


def test_impossible_brief_when_no_mega_fits_suggests_raising_the_budget(capsys, tmp_path):
    path = write_json(
        tmp_path / "brief.json", {"budget": 1000, "tier_rules": {"mega": {"min_count": 5}}}
    )
    bad(capsys, ["plan", "--roster", str(SAMPLE), "--brief", str(path)], "mega", "raise the budget")


def test_pinned_handle_not_in_roster(capsys, tmp_path, small_roster):
    path = write_json(tmp_path / "brief.json", {"pinned": ["alpha", "nobody_here"]})
    err = bad(
        capsys,
        ["plan", "--roster", str(small_roster), "--brief", str(path)],
        "pinned handles not in the roster: nobody_here",
    )
    assert "alpha" not in err.splitlines()[0].split("roster:")[1]


def test_output_in_a_missing_directory(capsys, tmp_path, small_roster):
    out = tmp_path / "no" / "such" / "plan.csv"
    bad(
        capsys,
        ["plan", "--roster", str(small_roster), "--budget", "1000", "--out", str(out)],
        "cannot write",
        str(out),
        "No such file or directory",
    )
    assert not out.parent.exists()


def test_output_is_a_directory(capsys, tmp_path, small_roster):
    argv = ["plan", "--roster", str(small_roster), "--budget", "1000", "--out", str(tmp_path)]
    bad(capsys, argv, "cannot write", str(tmp_path))


def test_argparse_errors_exit_2_without_traceback(capsys, small_roster):
    for argv in (
        ["plan", "--roster", str(small_roster), "--budget", "lots"],
        ["plan", "--roster", str(small_roster), "--goal", "likes"],
        ["plan", "--budget", "100"],
        ["frobnicate"],
    ):
        with pytest.raises(SystemExit) as info:
            main(argv)
        out, err = capsys.readouterr()
        assert info.value.code == 2
        assert "error:" in err
        assert "Traceback" not in out + err


def test_brief_path_is_a_directory_is_reported_as_a_read_problem(capsys, tmp_path, small_roster):
    err = bad(capsys, ["plan", "--roster", str(small_roster), "--brief", str(tmp_path)], "brief")
    assert "cannot write" not in err


@pytest.mark.parametrize("rows", ["0", "-3"])
def test_sample_rows_must_be_positive(capsys, tmp_path, rows):
    with pytest.raises(SystemExit) as info:
        main(["sample", "--rows", rows, "--out", str(tmp_path / "r.csv")])
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert f"argument --rows: must be 1 or more, not {rows}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "data",
    [{"countries": ["ZZ"]}, {"categories": ["nothing"]}, {"platforms": ["Youtube"]}],
)
def test_brief_that_filters_out_every_row_has_no_traceback(capsys, tmp_path, small_roster, data):
    path = write_json(tmp_path / "brief.json", data)
    code = main(["plan", "--roster", str(small_roster), "--brief", str(path), "--budget", "5000"])
    out, err = capsys.readouterr()
    assert code in (0, 2)
    assert "Traceback" not in out + err
    if code == 2:
        assert err.startswith("error:")
    else:
        assert json.loads(out)["count_by_tier"] == dict.fromkeys(
            ["nano", "micro", "mid", "macro", "mega"], 0
        )


def test_platform_names_in_a_brief_match_whatever_their_case(capsys, tmp_path, small_roster):
    path = write_json(tmp_path / "brief.json", {"platforms": ["Instagram"]})
    code = main(
        [
            "plan",
            "--roster",
            str(small_roster),
            "--brief",
            str(path),
            "--budget",
            "5000",
            "--out",
            str(tmp_path / "plan.csv"),
        ]
    )
    capsys.readouterr()
    assert code == 0
    platforms = set(pd.read_csv(tmp_path / "plan.csv")["platform"])
    assert platforms == {"instagram"}


def test_map_corrects_the_suggested_mapping(capsys, tmp_path):
    path = tmp_path / "roster.tsv"
    path.write_text(SMALL.replace(",", "\t").replace("category", "Topic label"), encoding="utf-8")
    bad(capsys, ["plan", "--roster", str(path)], "column 'category': required, but no header")
    assert main(["plan", "--roster", str(path), "--map", "category=Topic label"]) == 0
    out, err = capsys.readouterr()
    assert err == ("note: reading category from 'Topic label'; correct with --map FIELD=HEADER\n")
    assert json.loads(out)["total_cost"] > 0


@pytest.mark.parametrize(
    ("option", "fragment"),
    [
        ("colour=platform", "column 'colour': not a roster column; they are handle, "),
        ("platform=Network", "column 'Network': mapped to platform but not a header of the file"),
    ],
)
def test_map_to_an_unknown_field_or_header(capsys, small_roster, option, fragment):
    bad(capsys, ["plan", "--roster", str(small_roster), "--map", option], fragment)


def test_map_needs_field_equals_header(capsys, small_roster):
    with pytest.raises(SystemExit) as info:
        main(["plan", "--roster", str(small_roster), "--map", "platform"])
    assert info.value.code == 2
    assert "expected FIELD=HEADER, e.g. followers=Subscribers" in capsys.readouterr().err


# --- text from a hostile file cannot act on the terminal ------------------------------------

PADDING = [f"user{i},instagram,beauty,{5000 + i},0.03,{100 + i}" for i in range(30)]


def hostile(path: Path, header: str, *rows: str) -> Path:
    """A roster whose last rows carry control characters; the 30 good rows before them keep
    those characters under the share at which the file would be taken for binary."""
    path.write_text("\n".join([header, *PADDING, *rows, ""]), encoding="utf-8", newline="")
    return path


def test_control_characters_from_the_file_are_shown_escaped(capsys, tmp_path):
    path = hostile(
        tmp_path / "hostile.csv",
        "handle,platform,category,followers,engagement_rate,cost_per_post",
        "\x1b[31mevil\x1b[0m,instagram,beauty,5000,0.03,100",
        "\x1b[31mevil\x1b[0m,tiktok,food,50000,0.05,200",  # the handle again: listed
        'good,instagram,food,"\x1b]0;pwned\x07 12\r\x9b",0.04,300',
        "\u202egnp.exe,youtube,tech,9000,\t3%\x7f,\u202e09",
    )
    err = bad(capsys, ["plan", "--roster", str(path)])
    assert err == (
        "error: 3 rows of the roster have problems; fix them in the file, or add "
        "--drop-bad-rows to plan with the 31 rows left:\n"
        r"  row 33, column 'handle', value '\x1b[31mevil\x1b[0m': duplicate handle: first "
        "seen on row 32\n"
        r"  row 34, column 'followers', value '\x1b]0;pwned\x07 12\r\x9b': not a number, "
        "e.g. 3.3k, 1.2M, $1,200, 2.5%\n"
        r"  row 35, column 'engagement_rate', value '\t3%\x7f': not a number, e.g. 3.3k, "
        "1.2M, $1,200, 2.5%\n"
        r"  row 35, column 'cost_per_post', value '\u202e09': not a number, e.g. 3.3k, "
        "1.2M, $1,200, 2.5%\n"
    )
    # Planning with the good rows says the same, as a warning.
    assert main(["plan", "--roster", str(path), "--drop-bad-rows", "--budget", "1000"]) == 0
    _, err = capsys.readouterr()
    assert r"value '\x1b[31mevil\x1b[0m'" in err and "\x1b" not in err and "\r" not in err


def test_control_characters_in_headers_are_shown_escaped(capsys, tmp_path):
    header = "handle,\x1b[2J\x1b[Hplatform,category,followers,engagement_rate,cost_per_post"
    path = hostile(tmp_path / "hostile.csv", header)
    err = bad(capsys, ["plan", "--roster", str(path)])
    assert err == (
        "error: roster has 1 problem; fix them in the file and load it again:\n"
        "  column 'platform': required, but no header matches it (headers seen: 'handle', "
        r"'\x1b[2J\x1b[Hplatform', 'category', 'followers', 'engagement_rate', "
        "'cost_per_post')\n"
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("\x1b[31mred\x1b[0m", r"\x1b[31mred\x1b[0m"),
        ("over\rwrite", r"over\rwrite"),
        ("two\nlines", r"two\nlines"),
        ("tab\there", r"tab\there"),
        ("\x00\x07\x08\x7f\x85\x9b", r"\x00\x07\x08\x7f\x85\x9b"),  # C0, DEL, C1
        ("\u202eexe.txt\u2066\u200f\u061c", r"\u202eexe.txt\u2066\u200f\u061c"),  # bidi
        ("a\u2028b\u2029c", r"a\u2028b\u2029c"),
        # Printable text, however unusual, is left alone: backslashes too.
        (
            "zoë 東京 🌸 👨\u200d👩\u200d👧 C:\\data\\x1b",
            "zoë 東京 🌸 👨\u200d👩\u200d👧 C:\\data\\x1b",
        ),
    ],
)
def test_shown_escapes_what_a_terminal_would_act_on(text, escaped):
    assert shown(text) == escaped


def test_shown_keeps_the_line_breaks_of_a_message_when_asked():
    assert shown("error: one\n  two \x1b[2J", lines=True) == "error: one\n  two \\x1b[2J"


# --- the time limit -------------------------------------------------------------------------

# SHARES (tests/helpers/hard_briefs.py): tight spend shares, which rounding the LP keeps but only
# a MIP proves best. Why 0.1 s stops the proof on any machine: the live path rounds the LP,
# finds its plan at the second rounding (always made: the dive may take 3 roundings' time) and
# never comes within 0.05% of the LP bound, so it dives on until its deadline, at least the
# time limit after the plan began (the dive ends by itself only after ~2,000 LP re-solves,
# 30 s here); the exact MIP then starts with no time left and HiGHS stops at once.


def test_exact_plan_cut_short_by_the_time_limit_says_how_close_it_is(tmp_path):
    roster, out = tmp_path / "roster.csv", tmp_path / "plan.csv"
    generate_roster(3000, 3).to_csv(roster, index=False)
    brief = write_json(tmp_path / "brief.json", {"budget": 100_000, **SHARES, **FREE_RUNNING})
    summary, result = plan_ok(
        "--roster", str(roster), "--brief", str(brief), "--exact", "--time-limit", "0.1",
        "--out", str(out),
    )  # fmt: skip
    took = re.fullmatch(
        r"note: time limit hit after (\S+) s; plan (within .*); raise --time-limit for a better "
        r"one\n",
        result.stderr,
    )
    assert took, result.stderr
    assert float(took[1]) >= 0.1
    assert summary["gap"] > OPTIMAL_GAP and took[2] == gap_words(summary["gap"])
    assert [summary[k] for k in ("status", "method", "timed_out")] == ["feasible", "exact", True]
    assert summary["bound"] > summary["objective"] > 0 and summary["violations"] == []
    assert len(read_plan(out)) == sum(summary["count_by_tier"].values())


def test_the_goals_choose_different_rosters_on_the_sample(tmp_path):
    """At $50k on the sample, reach, clicks and conversions each pick their own roster, and
    the conversions plan (trust: nano and micro convert best) spends a larger share on nano
    and micro than the reach plan."""
    handles, small_share = {}, {}
    for goal in ("reach", "clicks", "conversions"):
        out = tmp_path / f"{goal}.csv"
        summary, _ = plan_ok(
            "--roster", str(SAMPLE), "--budget", "50000", "--goal", goal, "--out", str(out)
        )
        handles[goal] = frozenset(read_plan(out)["handle"])
        spend = summary["spend_by_tier"]
        small_share[goal] = (spend["nano"] + spend["micro"]) / sum(spend.values())
    assert len(set(handles.values())) == 3
    for a, b in (("reach", "clicks"), ("reach", "conversions"), ("clicks", "conversions")):
        assert len(handles[a] ^ handles[b]) >= 5, (a, b)
    assert small_share["conversions"] > 2 * small_share["reach"]
