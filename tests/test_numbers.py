"""Numbers as people type them: abbreviations, currencies, grouping, decimal commas, percents."""

from __future__ import annotations

import pytest

from planner.roster.numbers import detect_decimal_comma, parse_number

NBSP, NARROW_NBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("3.3k", False, 3300),
        ("3.3K", False, 3300),
        ("475.8m", False, 475_800_000),
        ("475.8M", False, 475_800_000),
        ("1.2M", False, 1_200_000),
        ("2B", False, 2_000_000_000),
        ("1.5bn", False, 1_500_000_000),
        ("3,3k", True, 3300),
        ("$1,200", False, 1200),
        ("US$ 1,200.50", False, 1200.5),
        ("1200 EUR", False, 1200),
        ("€1.200,50", True, 1200.5),
        ("1.200,50 €", True, 1200.5),
        ("€1.200,50", False, 1200.5),  # both marks: the last is decimal, whatever the flag
        ("1,200.50", True, 1200.5),
        ("1 200", False, 1200),
        (f"1{NBSP}200", False, 1200),
        (f"1{NARROW_NBSP}200", False, 1200),
        (f"€{NBSP}1{NBSP}200,50", True, 1200.5),
        ("1'200", False, 1200),
        ("1.39%", False, 0.0139),
        ("2.5 %", False, 0.025),
        ("4,5%", True, 0.045),
        ("12,5", True, 12.5),
        ("12,5", False, 12.5),  # a comma before one digit cannot group thousands
        ("0,025", False, 0.025),  # nor after a leading 0
        ("1,200", False, 1200),
        ("1,200", True, 1.2),
        ("1.200", True, 1200),
        ("1.200", False, 1.2),
        ("1,200,000", False, 1_200_000),
        ("1.200.000", True, 1_200_000),
        ("  42  ", False, 42),
        ("-5", False, -5),
        (".5", False, 0.5),
        ("1.2E+06", False, 1_200_000),
        ("", False, None),
        ("   ", False, None),
        ("-", False, None),
        ("n/a", False, None),
        ("N/A", False, None),
        ("(500)", False, None),
        ("abc", False, None),
        ("1.2.3", False, None),
        ("12 34", False, None),
        ("1,20,0", False, None),
        ("3.3kk", False, None),
        ("nan", False, None),
        ("inf", False, None),
    ],
)
def test_parse_number(text, decimal_comma, expected):
    value = parse_number(text, decimal_comma=decimal_comma)
    if expected is None:
        assert value is None
    else:
        assert value == pytest.approx(expected, rel=1e-12)


def test_parse_number_is_exact_for_scaled_and_percent_values():
    assert parse_number("475.8m") == 475_800_000.0  # no 475800000.00000006
    assert parse_number("1.39%") == 0.0139
    assert parse_number("4,5%", decimal_comma=True) == 0.045


@pytest.mark.parametrize("junk", [None, 12, b"12", ["12"]])
def test_parse_number_returns_none_for_what_is_not_text(junk):
    assert parse_number(junk) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1.200,50", "12,5", "0,025"], True),
        (["4,5%", "€900"], True),
        (["1.200.000", "900"], True),  # repeated dots group thousands
        (["1,200"], False),  # reads either way: not enough
        (["1,200", "1.200"], False),
        (["1,200.50", "12,5"], False),  # one value with a decimal dot is enough to doubt
        (["2.5%", "12,5"], False),
        (["3.3k", "1.2M", "4,5%"], True),  # abbreviations do not tell
        (["n/a", "", "-"], False),
        ([], False),
    ],
)
def test_detect_decimal_comma(values, expected):
    assert detect_decimal_comma(values) is expected


def test_detect_decimal_comma_default_applies_only_when_no_value_tells():
    assert detect_decimal_comma(["1.200", "3.3k"], default=True) is True
    assert detect_decimal_comma(["1.200", "0.5"], default=True) is False
    assert detect_decimal_comma(iter(["12,5"]), default=False) is True  # any iterable
