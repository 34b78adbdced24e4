"""Bring your own roster: real-world exports read, mapped, parsed and validated row by row."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from planner.brief import Brief
from planner.errors import RosterError, RosterProblem
from planner.optimize.optimizer import optimize
from planner.roster import ingest
from planner.roster.ingest import (
    NOT_A_NUMBER,
    Mapping,
    apply_mapping,
    load_any,
    read_table,
    suggest_mapping,
)
from planner.roster.schema import REQUIRED_COLUMNS, validate_roster
from tests.helpers.mixed_fees import EURO_FEE, MIXED_FEES, READ_FEES

EXPORT = (
    "Username;Full Name;Platform;Niche;Country;Subscribers;ER;Price\n"
    "@zoe;Zoë Dupont;Instagram;Café;FR;3.3k;4,5%;€1.200,50\n"
    "@max;Max Müller;TikTok;food;DE;1.2M;2,1%;€ 900\n"
    "@kim;Kim Lee;YouTube;tech;US;250k;3%;€2.500\n"
)


def problems_of(data: bytes, name: str = "export.csv", **kwargs) -> list[RosterProblem]:
    with pytest.raises(RosterError) as info:
        load_any(data, name, **kwargs)
    return info.value.problems


def as_tuples(problems: list[RosterProblem]) -> list[tuple]:
    return [(p.row, p.column, p.value, p.reason) for p in problems]


def xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


# --- read_table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ("handle,category\n@zoe,Café\n".encode(), "utf8.csv"),
        ("handle,category\n@zoe,Café\n".encode("utf-8-sig"), "bom.csv"),
        ("handle,category\n@zoe,Café\n".encode("latin-1"), "latin1.csv"),
        ("handle;category\n@zoe;Café\n".encode("cp1252"), "cp1252.csv"),
        ("handle\tcategory\n@zoe\tCafé\n".encode(), "tabs.tsv"),
        ("handle\tcategory\n@zoe\tCafé\n".encode(), "tabs.txt"),
        ("handle\tcategory\r\n@zoe\tCafé\r\n".encode("utf-16"), "unicode.txt"),
    ],
)
def test_read_table_encodings_and_delimiters(data, name):
    table = read_table(data, name)
    assert list(table.columns) == ["handle", "category"]  # no BOM glued to the first header
    assert table.values.tolist() == [["@zoe", "Café"]]


def test_read_table_latin1_keeps_accented_names_and_euro_sign():
    text = "Name;Niche;Price\nZoë;Café;€1.200,50\nRenée;Crème;€80\n"
    table = read_table(text.encode("cp1252"), "agency.csv")
    assert table["Name"].tolist() == ["Zoë", "Renée"]
    assert table["Niche"].tolist() == ["Café", "Crème"]
    assert table["Price"].tolist() == ["€1.200,50", "€80"]


def test_read_table_semicolon_file_with_decimal_commas_keeps_cells_as_text():
    text = "Username;Subscribers;Price\n@a;1.200;1.200,50\n@b;3,3k;99,5\n"
    table = read_table(text.encode(), "x.csv")
    assert table.values.tolist() == [["@a", "1.200", "1.200,50"], ["@b", "3,3k", "99,5"]]


def test_read_table_delimiter_sniffed_then_checked_against_the_header():
    text = 'Name\tNote\n@a\tsaid "hi", "yo", "ok"\n'  # csv.Sniffer alone picks the comma
    table = read_table(text.encode(), "x.txt")
    assert table.values.tolist() == [["@a", 'said "hi", "yo", "ok"']]
    assert list(read_table(b"handle\n@a\n@b\n", "one column.csv").columns) == ["handle"]


def test_read_table_quoted_commas_and_short_rows():
    text = 'handle,price,note\n@a,"1,200",ok\n@b,90\n\n'
    table = read_table(text.encode(), "x.csv")
    assert table.values.tolist() == [["@a", "1,200", "ok"], ["@b", "90", ""], ["", "", ""]]


def test_read_table_numbers_are_text_and_nothing_is_nan():
    table = read_table(b"handle,followers,note\n@a,0012,NA\n@b,,null\n", "x.csv")
    assert table.values.tolist() == [["@a", "0012", "NA"], ["@b", "", "null"]]


def test_read_table_blank_and_repeated_headers_become_unique():
    table = read_table(b"Price, ,Price,Price\n1,2,3,4\n", "x.csv")
    assert list(table.columns) == ["Price", "Unnamed: 1", "Price.1", "Price.2"]


def test_read_table_xlsx_first_sheet_as_text():
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"Username": ["@zoe", "@max"], "Followers": [3300, 1_200_000]}).to_excel(
            writer, sheet_name="roster", index=False
        )
        pd.DataFrame({"other": [1]}).to_excel(writer, sheet_name="notes", index=False)
    for name in ("roster.xlsx", "download"):  # by extension, or by the zip magic bytes
        table = read_table(buffer.getvalue(), name)
        assert list(table.columns) == ["Username", "Followers"]
        assert table.values.tolist() == [["@zoe", "3300"], ["@max", "1200000"]]


@pytest.mark.parametrize("data", [b"", b"   \n\r\n  ", "\ufeff".encode()])
def test_read_table_empty_file(data):
    with pytest.raises(RosterError, match=r"x\.csv is empty"):
        read_table(data, "x.csv")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,
        bytes(range(1, 256)) * 8,  # no NUL byte, but control characters everywhere
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"handle,followers\n@a,100\n\x00\x00\x00",
    ],
)
def test_read_table_binary_junk(data):
    with pytest.raises(RosterError, match="looks like a binary file"):
        read_table(data, "x.csv")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"PK\x03\x04 this is not a workbook", "roster.xlsx"),
        (b"handle,followers\n@a,100\n", "roster.xlsx"),  # text named .xlsx
    ],
)
def test_read_table_unreadable_excel(data, name):
    with pytest.raises(RosterError, match="not a readable Excel workbook"):
        read_table(data, name)


def test_read_table_old_xls_is_refused_with_advice():
    with pytest.raises(RosterError, match=r"old Excel \.xls.*save it as \.xlsx or CSV"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "roster.xls")


def test_read_table_row_with_too_many_cells():
    with pytest.raises(RosterError, match="not a readable table"):
        read_table(b"handle,followers\n@a,100\n@b,200,300,400\n", "x.csv")


def test_row_cap(monkeypatch):
    monkeypatch.setattr(ingest, "ROW_CAP", 3)
    rows = "".join(f"@u{i},{i + 1}\n" for i in range(4))
    assert len(read_table(("handle,followers\n" + rows[: rows.rfind("@u3")]).encode(), "x")) == 3
    with pytest.raises(RosterError, match="more than 3 rows"):
        read_table(("handle,followers\n" + rows).encode(), "big.csv")
    frame = pd.DataFrame({"handle": [f"@u{i}" for i in range(4)], "followers": range(1, 5)})
    with pytest.raises(RosterError, match="more than 3 rows"):
        read_table(xlsx(frame), "big.xlsx")


# --- suggest_mapping -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("Followers", "followers"),
        ("subscribers", "followers"),
        ("followers_count", "followers"),
        ("Follower Count", "followers"),
        ("Instagram Followers", "followers"),
        ("ER", "engagement_rate"),
        ("engagement rate", "engagement_rate"),
        ("60_day_eng_rate", "engagement_rate"),
        ("Avg. Engagement Rate (%)", "engagement_rate"),
        ("Eng. rate (30d)", "engagement_rate"),
        ("ER %", "engagement_rate"),
        ("price", "cost_per_post"),
        ("rate", "cost_per_post"),
        ("fee", "cost_per_post"),
        ("Price (USD)", "cost_per_post"),
        ("Story Price (USD)", "cost_per_story"),
        ("Reel price", "cost_per_video"),
        ("Username", "handle"),
        ("TikTok Username", "handle"),
        ("@handle", "handle"),
        ("Full Name", "name"),
        ("Creator Name", "handle"),  # the only id of the creator in the file
        ("Niche", "category"),
        ("  Nichè  ", "category"),  # accents, case and spaces do not matter
        ("Vertical", "category"),
        ("Network", "platform"),
        ("Top Country", "audience_country"),
        ("Audience location", "audience_country"),
        ("Top country share", "audience_country_share"),
        ("Audience country %", "audience_country_share"),
        ("Country share", "audience_country_share"),
        ("Main country share (%)", "audience_country_share"),
        ("Fake followers %", "fake_follower_share"),
        ("Suspicious followers", "fake_follower_share"),
        ("Reach rate", "reach_rate"),
        ("ER std", "engagement_rate_sd"),
        ("Engagement rate std dev", "engagement_rate_sd"),
    ],
)
def test_suggest_mapping_synonyms(header, target):
    mapping = suggest_mapping(["something else", header])
    assert mapping.columns[target] == header
    assert [t for t, h in mapping.columns.items() if h == header] == [target]


@pytest.mark.parametrize(
    "header", ["Followers growth", "Avg engagements", "Reach", "Audience quality score", "Notes"]
)
def test_suggest_mapping_leaves_lookalikes_unmapped(header):
    assert set(suggest_mapping([header]).columns.values()) == {None}


def test_suggest_mapping_exact_beats_within_and_each_header_is_used_once():
    headers = ["Instagram Followers", "Followers", "Engagement Rate", "ER std", "Price", "Fee"]
    mapping = suggest_mapping(headers)
    assert mapping.columns["followers"] == "Followers"
    assert mapping.columns["engagement_rate"] == "Engagement Rate"
    assert mapping.columns["engagement_rate_sd"] == "ER std"
    assert mapping.columns["cost_per_post"] == "Price"  # earlier synonym wins
    mapped = [h for h in mapping.columns.values() if h is not None]
    assert len(mapped) == len(set(mapped))


def test_suggest_mapping_tells_the_country_from_its_share():
    mapping = suggest_mapping(["Top country share", "Top Country", "Country share %"])
    assert mapping.columns["audience_country"] == "Top Country"
    assert mapping.columns["audience_country_share"] == "Top country share"


def test_apply_mapping_country_share_percent():
    raw = frame_of(Share=["62%", "50%", "100%"], Pct=["62", "45", "80"], Plain=["0.62", "1", ".4"])
    for header, expected in (("Share", [0.62, 0.5, 1.0]), ("Pct", [0.62, 0.45, 0.8])):
        frame, problems = apply_mapping(raw, Mapping({"audience_country_share": header}))
        assert problems == []
        assert frame["audience_country_share"].tolist() == pytest.approx(expected), header
    frame, _ = apply_mapping(raw, Mapping({"audience_country_share": "Plain"}))
    assert frame["audience_country_share"].tolist() == pytest.approx([0.62, 1.0, 0.4])


def test_suggest_mapping_shares_creator_between_handle_and_name():
    assert suggest_mapping(["Influencer"]).columns["handle"] == "Influencer"
    assert suggest_mapping(["Influencer"]).columns["name"] is None
    both = suggest_mapping(["Influencer", "Username"])
    assert (both.columns["handle"], both.columns["name"]) == ("Username", "Influencer")


def test_suggest_mapping_is_deterministic_and_names_every_roster_column():
    headers = ["Username", "Full Name", "Platform", "Niche", "Country", "Subscribers", "ER"]
    first = suggest_mapping(headers)
    assert first == suggest_mapping(list(headers))
    assert list(first.columns) == list(ingest.TARGETS)
    assert first.missing() == ["cost_per_post"]


# --- apply_mapping ---------------------------------------------------------------------------


def frame_of(**columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns, dtype=str)


def test_apply_mapping_renames_parses_and_drops_unmapped_columns():
    raw = frame_of(User=["@a", "@b"], Subs=["3.3k", "1,234.6"], Cost=["$1,200", "80"], X=["", ""])
    mapping = Mapping({"handle": "User", "followers": "Subs", "cost_per_post": "Cost"})
    frame, problems = apply_mapping(raw, mapping)
    assert problems == []
    assert list(frame.columns) == ["handle", "followers", "cost_per_post"]
    assert frame["followers"].tolist() == [3300, 1235]  # rounded to whole followers
    assert frame["cost_per_post"].tolist() == [1200.0, 80.0]


def test_apply_mapping_reports_unparseable_cells_by_row_and_source_header():
    raw = frame_of(User=["@a", "@b", "@c", "@d"], Subs=["10k", "lots", "", "(500)"])
    frame, problems = apply_mapping(raw, Mapping({"handle": "User", "followers": "Subs"}))
    assert as_tuples(problems) == [
        (3, "Subs", "lots", NOT_A_NUMBER),
        (5, "Subs", "(500)", NOT_A_NUMBER),
    ]
    assert frame["followers"].tolist()[:2] == [10_000, "lots"]  # text kept: validation rejects it
    assert pd.isna(frame.at[2, "followers"])


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        ("ER", ["2.5", "3.1", "0.8"], [0.025, 0.031, 0.008]),  # most above 1: percentages
        ("ER", ["0.025", "0.03", "0.008"], [0.025, 0.03, 0.008]),  # fractions stay
        ("ER", ["0.02", "0.03", "2.5"], [0.02, 0.03, 2.5]),  # a slip stays (validation says)
        ("ER", ["2.5%", "3.1", "0.03"], [0.025, 0.031, 0.0003]),  # "%" counts as a vote
        ("ER %", ["0.8", "0.5"], [0.008, 0.005]),  # the header says percent
        ("Engagement pct", ["0.8"], [0.008]),
        ("ER", ["4,5%", "0", "1,2"], [0.045, 0.0, 0.012]),  # 0 does not vote
    ],
)
def test_apply_mapping_engagement_rate_percent_rule(header, cells, expected):
    raw = frame_of(**{header: cells})
    frame, problems = apply_mapping(raw, Mapping({"engagement_rate": header}))
    assert problems == []
    assert frame["engagement_rate"].tolist() == pytest.approx(expected)


def test_apply_mapping_fake_share_percent_and_sd_follows_engagement_rate():
    raw = frame_of(ER=["2.5", "3"], SD=["0.5", "0.9"], Fake=["12", "3.5"], Reach=["25%", "30%"])
    mapping = Mapping(
        {
            "engagement_rate": "ER",
            "engagement_rate_sd": "SD",
            "fake_follower_share": "Fake",
            "reach_rate": "Reach",
        }
    )
    frame, _ = apply_mapping(raw, mapping)
    assert frame["engagement_rate"].tolist() == pytest.approx([0.025, 0.03])
    assert frame["engagement_rate_sd"].tolist() == pytest.approx([0.005, 0.009])
    assert frame["fake_follower_share"].tolist() == pytest.approx([0.12, 0.035])
    assert frame["reach_rate"].tolist() == pytest.approx([0.25, 0.30])
    assert frame.attrs[ingest.PERCENT] == {  # Reach: every number has its "%", nothing guessed
        "engagement_rate": ("2.5", "most of its numbers are above 1 or written with %"),
        "engagement_rate_sd": ("0.5", "as engagement_rate's are"),
        "fake_follower_share": ("12", "most of its numbers are above 1 or written with %"),
    }


@pytest.mark.parametrize(
    ("header", "cells", "said"),
    [
        ("ER", ["0.5", "1.7", "2.5"], "'ER' read as percentages (0.5 is 0.5%): most of its "
         "numbers are above 1 or written with %"),
        ("ER %", ["0.8", "0.5"], "'ER %' read as percentages (0.8 is 0.8%): its header says so"),
        ("ER", ["2.5%", "3.1%"], None),  # no plain number: nothing guessed
        ("ER", ["0.025", "0.03"], None),  # fractions
    ],
)  # fmt: skip
def test_load_any_says_which_share_columns_it_read_as_percentages(header, cells, said):
    rows = "".join(f"@{n},instagram,food,10k,{c},100\n" for n, c in enumerate(cells))
    data = f"handle,platform,category,followers,{header},cost\n{rows}".encode()
    roster, mapping, problems = load_any(data, "x.csv")
    assert problems == []
    assert mapping.percent_notes() == ([said] if said else [])
    assert roster["engagement_rate"].max() < 0.04


def test_apply_mapping_decimal_comma_from_the_file_when_a_column_does_not_tell():
    raw = frame_of(
        Subs=["3.3k", "1.200"],  # "3.3k" does not tell, "1.200" reads either way
        ER=["4,5%", "2,1%"],  # decimal commas: the file's numbers use them
        Price=["€1.200", "€900"],
    )
    mapping = Mapping({"followers": "Subs", "engagement_rate": "ER", "cost_per_post": "Price"})
    frame, problems = apply_mapping(raw, mapping)
    assert problems == []
    assert frame["followers"].tolist() == [3300, 1200]
    assert frame["engagement_rate"].tolist() == pytest.approx([0.045, 0.021])
    assert frame["cost_per_post"].tolist() == [1200.0, 900.0]


def test_apply_mapping_decimal_comma_per_column_when_the_file_is_mixed():
    raw = frame_of(Price=["1.200,50", "2.500"], Story=["1,200.50", "2,500"])
    frame, _ = apply_mapping(raw, Mapping({"cost_per_post": "Price", "cost_per_story": "Story"}))
    assert frame["cost_per_post"].tolist() == [1200.5, 2500.0]
    assert frame["cost_per_story"].tolist() == [1200.5, 2500.0]


def test_apply_mapping_dot_file_reads_grouping_commas():
    raw = frame_of(Subs=["1,200", "15,000"], ER=["2.5%", "1.1%"])
    frame, _ = apply_mapping(raw, Mapping({"followers": "Subs", "engagement_rate": "ER"}))
    assert frame["followers"].tolist() == [1200, 15000]


def test_apply_mapping_accepts_numbers_in_a_frame_built_in_code():
    raw = pd.DataFrame({"Subs": [1200, 3300.0, None], "ER": [0.02, 0.03, 0.04]})
    frame, problems = apply_mapping(raw, Mapping({"followers": "Subs", "engagement_rate": "ER"}))
    assert problems == []
    assert frame["followers"].tolist()[:2] == [1200, 3300]
    assert frame["engagement_rate"].tolist() == [0.02, 0.03, 0.04]


def test_apply_mapping_rejects_unknown_targets_and_headers():
    raw = frame_of(User=["@a"])
    with pytest.raises(RosterError) as info:
        apply_mapping(raw, Mapping({"handel": "User", "followers": "Subs"}))
    assert as_tuples(info.value.problems) == [
        (None, "handel", None, f"not a roster column; they are {', '.join(ingest.TARGETS)}"),
        (None, "Subs", None, "mapped to followers but not a header of the file"),
    ]


# --- decimal comma or decimal point ----------------------------------------------------------

# MIXED_FEES (tests/helpers/mixed_fees.py): a user trial with one fee in a European format.


def fees(roster: pd.DataFrame) -> dict[str, float]:
    return dict(zip(roster["handle"], roster["cost_per_post"], strict=True))


def test_a_fee_written_with_a_decimal_comma_among_dollars_is_read_and_an_ambiguous_one_not(
    tmp_path,
):
    path = tmp_path / "trial.csv"
    path.write_text(MIXED_FEES, encoding="utf-8")
    roster, _, problems = load_any(path.read_bytes(), path.name)
    assert fees(roster) == READ_FEES  # "€1.200,50" is 1200.50; "$15,000" still 15000
    assert as_tuples(problems) == [EURO_FEE]
    assert roster["followers"].tolist() == [3300, 1_200_000, 4_500_000, 250_000, 80_000]
    assert roster["engagement_rate"].tolist() == pytest.approx([0.0139, 0.008, 0.011, 0.021, 0.034])


def test_the_same_column_without_the_euro_rows_reads_the_same(tmp_path):
    path = tmp_path / "trial.csv"
    path.write_text(MIXED_FEES.rsplit("Euro Elk", 1)[0], encoding="utf-8")
    roster, _, problems = load_any(path.read_bytes(), path.name)
    assert problems == []
    assert fees(roster) == {h: f for h, f in READ_FEES.items() if h != "Euro Elk"}


def test_the_ambiguous_fee_fixed_as_the_message_says_is_read(tmp_path):
    path = tmp_path / "trial.csv"
    path.write_text(MIXED_FEES.replace('"€2.500"', "€2500"), encoding="utf-8")
    roster, _, problems = load_any(path.read_bytes(), path.name)
    assert problems == []
    assert fees(roster) == {**READ_FEES, "Euro Emu": 2500.0}


def test_a_rate_written_with_a_decimal_comma_among_points_is_read_as_one():
    raw = frame_of(ER=["1.39%", "0.8%", "2,9%", "0.5%"], Price=["12.5", "900.75", "12,5", "3.25"])
    frame, problems = apply_mapping(
        raw, Mapping({"engagement_rate": "ER", "cost_per_post": "Price"})
    )
    assert problems == []
    assert frame["engagement_rate"].tolist() == pytest.approx([0.0139, 0.008, 0.029, 0.005])
    assert frame["cost_per_post"].tolist() == [12.5, 900.75, 12.5, 3.25]


def test_a_mixed_column_follows_most_of_its_cells_either_way():
    dollars = ["$1,200", "$15,000", "$2,000", "€1.200,50", "€2.500", "", ""]  # 3 points, 1 comma
    euros = ["€1.200,50", "€2.500,00", "€12,5", "€900,00", "$15,000", "2.5%", "1,200,000"]
    raw = frame_of(Post=dollars, Story=euros)  # Story: 4 decimal commas, 3 points
    mapping = Mapping({"cost_per_post": "Post", "cost_per_story": "Story"})
    frame, problems = apply_mapping(raw, mapping)
    assert frame["cost_per_post"].tolist()[:4] == [1200.0, 15000.0, 2000.0, 1200.5]
    assert frame["cost_per_story"].tolist() == [
        1200.5,
        2500.0,
        12.5,
        900.0,
        "$15,000",
        0.025,
        1.2e6,
    ]
    either = "(this column writes decimals both with commas and with points): write the one meant"
    assert as_tuples(problems) == [
        (6, "Post", "€2.500", f"could be €2.5 or €2500 {either}"),
        (6, "Story", "$15,000", f"could be $15 or $15000 {either}"),
    ]


@pytest.mark.parametrize(
    ("delimiter", "read", "problems_expected"),
    [
        (",", [1200.5, 15000.0], []),
        (
            ";",
            [1200.5, "$15,000"],
            [(3, "price", "$15,000", "could be $15 or $15000 (this column writes decimals both "
              "with commas and with points): write the one meant")],
        ),
    ],
)  # fmt: skip
def test_a_tie_goes_to_decimal_points_unless_the_file_is_separated_by_semicolons(
    tmp_path, delimiter, read, problems_expected
):
    path = tmp_path / "tie.csv"
    path.write_text(
        f'handle{delimiter}price\n@a{delimiter}"€1.200,50"\n@b{delimiter}"$15,000"\n',
        encoding="utf-8",
    )
    raw = read_table(path.read_bytes(), path.name)
    frame, problems = apply_mapping(raw, Mapping({"cost_per_post": "price"}))
    assert frame["cost_per_post"].tolist() == read
    assert as_tuples(problems) == problems_expected


def test_a_semicolon_file_where_nothing_else_tells_has_decimal_commas():
    raw = read_table(b"handle;followers;price\n@a;12.500;1.200\n@b;1.200;900\n", "export.csv")
    assert raw.attrs[ingest.DELIMITER] == ";"
    mapping = Mapping({"handle": "handle", "followers": "followers", "cost_per_post": "price"})
    frame, problems = apply_mapping(raw, mapping)
    assert problems == []
    assert frame["followers"].tolist() == [12500, 1200]
    assert frame["cost_per_post"].tolist() == [1200.0, 900.0]


def test_a_column_of_english_thousands_keeps_them_in_a_file_of_decimal_commas():
    raw = frame_of(Subs=["12,500", "3,400"], ER=["4,5%", "2,1%"], Price=["€1.200,50", "€900"])
    mapping = Mapping({"followers": "Subs", "engagement_rate": "ER", "cost_per_post": "Price"})
    frame, problems = apply_mapping(raw, mapping)
    assert problems == []
    assert frame["followers"].tolist() == [12500, 3400]  # not 12 and 3
    assert frame["engagement_rate"].tolist() == pytest.approx([0.045, 0.021])
    assert frame["cost_per_post"].tolist() == [1200.5, 900.0]


def test_a_column_that_does_not_tell_in_a_mixed_file_reports_what_it_would_divide():
    raw = frame_of(Subs=["3.3k", "1.200"], Post=["1,200.50", "15,000"], Story=["12,5", "9,5"])
    mapping = Mapping({"followers": "Subs", "cost_per_post": "Post", "cost_per_story": "Story"})
    frame, problems = apply_mapping(raw, mapping)
    assert frame["followers"].tolist() == [3300, "1.200"]
    assert frame["cost_per_post"].tolist() == [1200.5, 15000.0]
    assert frame["cost_per_story"].tolist() == [12.5, 9.5]
    assert as_tuples(problems) == [
        (
            3,
            "Subs",
            "1.200",
            "could be 1.2 or 1200 (this file writes decimals both with commas and with points): "
            "write the one meant",
        )
    ]


# --- load_any --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_load_any_real_world_export_plans(encoding):
    roster, mapping, problems = load_any(EXPORT.encode(encoding), "agency export.csv")
    assert problems == []
    assert mapping.columns["handle"] == "Username"
    assert mapping.columns["cost_per_post"] == "Price"
    assert roster["handle"].tolist() == ["@zoe", "@max", "@kim"]
    assert roster["name"].tolist() == ["Zoë Dupont", "Max Müller", "Kim Lee"]
    assert roster["platform"].tolist() == ["instagram", "tiktok", "youtube"]
    assert roster["category"].tolist() == ["Café", "food", "tech"]
    assert roster["audience_country"].tolist() == ["FR", "DE", "US"]
    assert roster["followers"].tolist() == [3300, 1_200_000, 250_000]
    assert roster["engagement_rate"].tolist() == pytest.approx([0.045, 0.021, 0.03])
    assert roster["cost_per_post"].tolist() == [1200.5, 900.0, 2500.0]
    assert roster.equals(validate_roster(roster))  # what validate_roster accepts and returns
    plan = optimize(roster, Brief(budget=3000))
    assert plan.status in ("optimal", "feasible")
    assert 0 < plan.totals["cost"] <= 3000
    assert set(plan.rows["handle"]) <= {"@zoe", "@max", "@kim"}


def test_load_any_xlsx_export():
    frame = pd.DataFrame(
        {
            "Username": ["@zoe", "@max"],
            "Platform": ["Instagram", "TikTok"],
            "Category": ["beauty", "food"],
            "Followers": [3300, 1_200_000],
            "Engagement Rate": [0.045, 0.021],  # a percent-formatted cell holds the fraction
            "Price": ["$1,200", 900],
        }
    )
    roster, _, problems = load_any(xlsx(frame), "roster.xlsx")
    assert problems == []
    assert roster["followers"].tolist() == [3300, 1_200_000]
    assert roster["engagement_rate"].tolist() == [0.045, 0.021]
    assert roster["cost_per_post"].tolist() == [1200.0, 900.0]


def test_a_workbook_formula_with_no_saved_value_is_reported_as_one_not_read_as_blank():
    frame = pd.DataFrame(
        {
            "handle": ["@zoe", "@max", "@kim"],
            "platform": ["Instagram", "TikTok", "TikTok"],
            "category": ["beauty", '=IF(A3="","food","")', "food"],  # a text column too
            "followers": [3300, 12_000, 50_000],
            "engagement_rate": [0.045, 0.021, 0.03],
            "cost_per_post": [1200, 900, 400],
            "reach_rate": ["", "", "=0.2*2"],  # optional: blank would take the default
        }
    )
    roster, _, problems = load_any(xlsx(frame), "roster.xlsx")
    assert as_tuples(problems) == [
        (3, "category", '=IF(A3="","food","")', ingest.FORMULA),
        (4, "reach_rate", "=0.2*2", ingest.FORMULA),
    ]
    assert roster["handle"].tolist() == ["@zoe"]


def test_load_any_reports_bad_rows_and_keeps_the_good_ones():
    lines = EXPORT.splitlines()
    text = "\n".join(
        [
            *lines[:3],  # rows 2, 3: good
            "@bad;Bad;Instagram;food;DE;lots;2%;€100",  # row 4: followers not a number
            ";;;;;;;",  # row 5: blank, skipped
            lines[3],  # row 6: good
            "@pct;Pct;Instagram;food;DE;10k;250%;€100",  # row 7: rate above 100%
            "@kim;Kim 2;YouTube;tech;US;250k;3%;",  # row 8: duplicate handle, no price
            "@neg;Neg;Instagram;;DE;-5;2%;€100",  # row 9: no niche, negative followers
        ]
    )
    roster, _, problems = load_any(text.encode(), "export.csv")
    assert roster["handle"].tolist() == ["@zoe", "@max", "@kim"]
    assert as_tuples(problems) == [
        (4, "Subscribers", "lots", NOT_A_NUMBER),
        (7, "ER", "250%", "must be above 0 and at most 1 (a fraction, e.g. 0.025 for 2.5%)"),
        (8, "Username", "@kim", "duplicate handle: first seen on row 6"),
        (8, "Price", "", "is empty"),
        (9, "Niche", "", "is empty"),
        (9, "Subscribers", "-5", "must be greater than 0"),
    ]


def test_load_any_no_usable_row_lists_every_problem():
    header = "handle,platform,category,followers,engagement_rate,price"
    problems = problems_of(f"{header}\n@a,ig,x,lots,2%,1\n@b,ig,x,5,2%,\n".encode())
    assert str(problems[0]) == "no usable row: all 2 rows with data have problems"
    assert as_tuples(problems[1:]) == [
        (2, "followers", "lots", NOT_A_NUMBER),
        (3, "price", "", "is empty"),
    ]


@pytest.mark.parametrize("body", ["", "\n\n", ";;;;;;;\n"])
def test_load_any_headers_only(body):
    data = ("Username;Full Name;Platform;Niche;Country;Subscribers;ER;Price\n" + body).encode()
    problems = problems_of(data, "only headers.csv")
    assert [str(p) for p in problems] == [
        "no usable row: only headers.csv has a header row but no data rows"
    ]


def test_load_any_missing_required_column_names_it_and_the_headers():
    data = b"Username;Subscribers;ER;Price\n@a;10k;2%;100\n"
    problems = problems_of(data)
    assert [p.column for p in problems] == ["platform", "category"]
    seen = "headers seen: 'Username', 'Subscribers', 'ER', 'Price'"
    assert {p.reason for p in problems} == {f"required, but no header matches it ({seen})"}


def test_load_any_uses_a_given_mapping():
    data = b"Who;Where;What;Fans;Rate;Cost\n@a;instagram;food;10k;2%;100\n"
    headers = ["Who", "Where", "What", "Fans", "Rate", "Cost"]
    given = Mapping(dict(zip(REQUIRED_COLUMNS, headers, strict=True)))
    roster, mapping, problems = load_any(data, "x.csv", given)
    assert mapping == given
    assert problems == []
    assert roster.loc[0, ["handle", "followers", "engagement_rate", "cost_per_post"]].tolist() == [
        "@a",
        10_000,
        0.02,
        100.0,
    ]


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "is empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"PK\x03\x04junk", "not a readable Excel workbook"),
    ],
)
def test_load_any_unreadable_files(data, match):
    with pytest.raises(RosterError, match=match):
        load_any(data, "x.xlsx" if data.startswith(b"PK") else "x.csv")
