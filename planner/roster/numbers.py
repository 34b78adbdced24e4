"""Read the numbers people type into spreadsheets: "3.3k", "1.2M", "$1,200", "€1.200,50", "2.5%".

A number may carry a currency (a symbol such as $ € £, or a code such as USD before or after
it), a sign, grouping of thousands (comma, dot, space, no-break space or apostrophe), a
decimal mark (dot or comma), and then either a scale (k thousand, m/mn million, b/bn billion;
any case) or a percent sign (the value becomes a fraction: "1.39%" is 0.0139).

Which of comma and dot is the decimal mark is read from the number's shape when it can be:
"1.200,50" and "1,200.50" (both marks: the last one is decimal), "12,5" and "0,025" (not a
group of three digits after a leading group of 1-3 digits: decimal), "1,200,000" (repeated:
thousands). Only a single mark followed by exactly three digits ("1,200", "1.200") is
ambiguous; `decimal_comma` settles it, and `detect_decimal_comma` guesses it for a column.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

_CURRENCY_MARK = "¤"  # every currency symbol (Unicode category Sc) is replaced by this one
_NUMBER = re.compile(
    r"""
    (?:[A-Z]{3}|[A-Z]{0,2}¤)?           # currency before: USD, US$, €
    (?P<sign>[-+]?)
    (?:[A-Z]{0,2}¤)?                    # or after the sign: -$5
    (?P<digits>\d[\d.,]*\d|\d|[.,]\d+)
    (?:(?P<scale>(?i:k|mn|m|bn|b))|(?P<percent>%))?
    (?:¤|[A-Z]{3})?                     # currency after: 1.200,50 €, 1200 EUR
    """,
    re.VERBOSE,
)
_EXPONENT = re.compile(r"[-+]?\d+(?:\.\d+)?[eE][-+]?\d+")  # 1.2E+06, as Excel writes it
_SCALE = {"k": 10**3, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9}
_GROUP_SPACE = re.compile(r"(?<=\d)[\s'\u2019](?=\d{3}(?!\d))")  # "1 200", "1'200"
_ODD_SPACE = re.compile(r"\d\s+\d")  # "12 34": spaces that do not group thousands
_SPACE = re.compile(r"\s+")


@functools.cache
def _currencies() -> dict[int, str]:
    """A str.translate table: every currency symbol (Unicode category Sc) in the BMP to ¤."""
    return {c: _CURRENCY_MARK for c in range(0x10000) if unicodedata.category(chr(c)) == "Sc"}


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """The number written in `text`, or None when it is blank or not a number.

    "(500)" (an accountant's negative), "n/a", "-" and "1.2.3" are not numbers. `decimal_comma`
    only decides the ambiguous "1,200" / "1.200" (see the module docstring). Never raises.
    """
    normal = _normalise(text)
    if normal is None:
        return None
    if _EXPONENT.fullmatch(normal):
        return float(normal)
    match = _NUMBER.fullmatch(normal)
    if not match:
        return None
    value = _plain(match["digits"], decimal_comma)
    if value is None:
        return None
    if match["scale"]:
        value *= _SCALE[match["scale"].lower()]
    elif match["percent"]:
        value /= 100
    return float(-value if match["sign"] == "-" else value)


def detect_decimal_comma(values: Iterable[str], *, default: bool = False) -> bool:
    """Whether the values write decimals with a comma ("1.200,50", "12,5", "0,025").

    True when some value can only be read with a decimal comma and none only with a decimal
    dot ("1,200.50", "2.5%"); `default` when no value tells, e.g. "1,200" reads either way.
    Abbreviations such as "3.3k" do not tell: they are often copied from a platform that
    writes English whatever the language of the file.
    """
    comma = dot = False
    for text in values:
        normal = _normalise(text)
        match = _NUMBER.fullmatch(normal) if normal else None
        mark = _decimal_mark(match["digits"]) if match and not match["scale"] else None
        comma |= mark == ","
        dot |= mark == "."
    return (comma and not dot) if (comma or dot) else default


def _normalise(text: object) -> str | None:
    """Text without spaces, every currency symbol as ¤; None if not text or spaced oddly."""
    if not isinstance(text, str):
        return None
    text = _GROUP_SPACE.sub("", text.strip())
    if _ODD_SPACE.search(text):
        return None
    return _SPACE.sub("", text).translate(_currencies())


def _decimal_mark(digits: str) -> str | None:
    """The mark the digits' shape says is decimal: ",", "." or None (no mark, or ambiguous)."""
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        return "," if digits.rfind(",") > digits.rfind(".") else "."
    if commas + dots == 0:
        return None
    mark = "," if commas else "."
    if commas + dots > 1:  # repeated: it groups thousands, so the other mark is decimal
        return "." if mark == "," else ","
    whole, _, fraction = digits.partition(mark)
    return None if _groups_thousands(whole, fraction) else mark


def _groups_thousands(whole: str, rest: str) -> bool:
    """Whether whole + mark + rest could be a number with its thousands grouped by the mark."""
    return 1 <= len(whole) <= 3 and not whole.startswith("0") and len(rest) == 3


def _plain(digits: str, decimal_comma: bool) -> Decimal | None:
    """The value of digits and marks, without sign, scale or percent; None if malformed."""
    mark = _decimal_mark(digits)
    if mark is None and digits.count(",") + digits.count(".") == 1:  # ambiguous "1,200"
        sep = "," if "," in digits else "."
        mark = sep if (sep == ",") == decimal_comma else None  # else it groups thousands
    whole, fraction = digits, ""
    if mark is not None and mark in digits:
        whole, _, fraction = digits.rpartition(mark)
    for sep in ",.":
        if sep in whole:
            head, *groups = whole.split(sep)
            valid = 1 <= len(head) <= 3 and all(len(g) == 3 and g.isdigit() for g in groups)
            if not valid or not head.isdigit():
                return None
            whole = "".join([head, *groups])
    return Decimal(f"{whole or 0}.{fraction or 0}")
