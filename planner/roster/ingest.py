"""Turn a real-world influencer export (agency spreadsheet, platform export) into a roster.

    raw = read_table(data, "export.csv")           # every cell as text
    mapping = suggest_mapping(list(raw.columns))   # roster column -> the file's header
    frame, problems = apply_mapping(raw, mapping)  # numbers parsed: "3.3k", "€1.200,50", "4,5%"
    roster, mapping, problems = load_any(data, "export.csv")  # all of it, bad rows set aside
    roster, mapping, problems = load_table(raw, "export.csv", mapping)  # the same, from raw

Problems name the file's own header and spreadsheet row (the header is row 1), so that a
user can find each one in the file they exported.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import cast

import numpy as np
import openpyxl
import pandas as pd

from planner.errors import RosterError, RosterProblem
from planner.roster.numbers import detect_decimal_comma, parse_number
from planner.roster.schema import OPTIONAL_DEFAULTS, REQUIRED_COLUMNS, validate_roster

ROW_CAP = 200_000
TARGETS = (*REQUIRED_COLUMNS, *OPTIONAL_DEFAULTS)
NOT_A_NUMBER = "not a number, e.g. 3.3k, 1.2M, $1,200, 2.5%"
_TEXT_TARGETS = ("handle", "name", "platform", "category", "audience_country")
_FRACTIONS = (
    "engagement_rate",
    "fake_follower_share",
    "reach_rate",
    "engagement_rate_sd",
    "audience_country_share",
)
_DELIMITERS = ",;\t"
_SAMPLE_CHARS = 64_000
DELIMITER = "delimiter"  # read_table's frame.attrs key: the text file's delimiter
PERCENT = "percent"  # apply_mapping's frame.attrs key: Mapping.percent
FORMULAS = "formulas"  # read_table's frame.attrs key: (row, header) -> formula with no value
FORMULA = (
    "a formula with no saved value: open and save the file in a spreadsheet, which saves its "
    "values, or type the value"
)
# What a cell's writing tells of its decimal mark (see `_Cell`).
_DECIMAL_COMMA, _DECIMAL_POINT = ",", "."  # "1.200,50", "12,5" / "1,200.50", "0.5", "1,200,000"
_COMMA_BEFORE_3, _DOT_BEFORE_3 = "1,200", "1.200"  # either way: a group of thousands, or not
_SHEET_XML = re.compile(r"xl/worksheets/[^/]+\.xml")
_FORMULA_XML = re.compile(rb"<(?:\w+:)?f[\s>/]")  # <f>A1*2</f>, <x:f t="shared" .../>
_NUMBER_SPAN = re.compile(r"[.,]?\d(?:[\d.,'\u2019\s]*\d)?")  # the number within "€ 1.200,50"


# Per roster column: headers that match exactly, then patterns that may match within a
# longer header, as normalised names (see `_normalise`). A pattern matches when each of its
# "_"-separated tokens is a token of the header ("eng*": any token starting with "eng"). The
# earlier synonym wins; the table's order breaks ties between roster columns, so the more
# specific columns (fake followers, story price, rate SD) come before the general ones.
_SYNONYMS = {
    "handle": (
        "handle username user_name user account account_name channel channel_name"
        " instagram_handle ig_handle tiktok_username tiktok_handle youtube_channel profile"
        " creator_handle influencer_handle creator influencer creator_name influencer_name",
        "handle username user_name",
    ),
    "name": (
        "name full_name display_name creator_name influencer_name real_name profile_name"
        " channel_title creator influencer",
        "full_name display_name",
    ),
    "platform": (
        "platform network social_network social_platform social_media site",
        "platform network",
    ),
    "category": (
        "category categories niche niches vertical topic topics genre industry main_category"
        " primary_category content_category",
        "category categories niche vertical",
    ),
    "audience_country_share": (
        "audience_country_share country_share top_country_share main_country_share"
        " audience_country_percent country_percent top_country_percent audience_country_pct",
        "country_share country_percent country_pct geo_share geo_percent",
    ),
    "audience_country": (
        "audience_country country top_country audience_location main_country geo top_geo"
        " audience_geo location top_audience_country country_code market",
        "country geo",
    ),
    "fake_follower_share": (
        "fake_follower_share fake_followers fake_follower fake fakes bots bot_followers"
        " suspicious_followers suspicious_accounts fake_share",
        "fake bots suspicious",
    ),
    "followers": (
        "followers follower_count followers_count subscribers subscriber_count"
        " subscribers_count subs audience audience_size fans fan_count total_followers",
        "followers follower subscribers subscriber fans",
    ),
    "engagement_rate_sd": (
        "engagement_rate_sd engagement_rate_std er_sd er_std engagement_sd engagement_std"
        " er_stdev engagement_rate_stdev",
        "eng*_sd eng*_std* eng*_deviation er_sd er_std*",
    ),
    "engagement_rate": (
        "er engagement_rate engagement eng_rate avg_engagement_rate average_engagement_rate"
        " 60_day_eng_rate engagement_rate_60d er_percent engagement_percent",
        "eng*_rate engagement er",
    ),
    "reach_rate": (
        "reach_rate avg_reach_rate reach_percent reach_share",
        "reach_rate reach_percent",
    ),
    "cost_per_story": (
        "cost_per_story story_price price_per_story story_cost story_rate story_fee stories_price",
        "story_price story_cost story_rate story_fee stories_price stories_cost",
    ),
    "cost_per_video": (
        "cost_per_video video_price price_per_video video_cost video_rate video_fee"
        " reel_price reels_price",
        "video_price video_cost video_rate video_fee reel_price reels_price reel_cost",
    ),
    "cost_per_post": (
        "cost_per_post price rate fee cost price_per_post post_price post_cost post_rate"
        " post_fee rate_per_post fee_per_post",
        "price cost fee post_rate",
    ),
}
# A header with one of these tokens describes a change, not the thing: never matched within.
_CHANGE_WORDS = {"growth", "change", "gain", "gained", "lost", "delta"}


@dataclass(frozen=True)
class Mapping:
    """Roster column -> the file's header it is read from (None: not in the file).

    `percent`, filled in on the mapping `load_table` returns: share column -> one of its plain
    numbers as written and why its plain numbers were read as percentages (`apply_mapping`).
    """

    columns: dict[str, str | None]
    percent: dict[str, tuple[str, str]] = field(default_factory=dict)

    def percent_notes(self, quote: Callable[[str], str] = str) -> list[str]:
        """ "'ER' read as percentages (1.7 is 1.7%): its header says so", per share column;
        `quote` escapes the file's text for where it is shown."""
        notes = []
        for target, (example, why) in self.percent.items():
            header, number = quote(str(self.columns[target])), quote(example)
            notes.append(f"'{header}' read as percentages ({number} is {number}%): {why}")
        return notes

    def missing(self) -> list[str]:
        """Required roster columns that no header is mapped to."""
        return [t for t in REQUIRED_COLUMNS if not self.columns.get(t)]


def _fail(reason: str) -> RosterError:
    return RosterError([RosterProblem(None, None, None, reason)])


def read_table(data: bytes, name: str) -> pd.DataFrame:
    """The first sheet of an .xlsx workbook, a Parquet file, or a CSV / TSV / TXT table, every
    cell as text.

    Text may be UTF-8 (with or without BOM), UTF-16 with BOM, or else Windows-1252/Latin-1;
    the delimiter (comma, semicolon or tab) is sniffed. The first row is the header; the
    frame's row i is spreadsheet row i + 2. For a text file, `frame.attrs[DELIMITER]` is its
    delimiter (a semicolon hints at decimal commas: see `apply_mapping`); for a workbook,
    `frame.attrs[FORMULAS]` maps (frame row, header) to each formula read as blank because its
    value was never saved.
    """
    label = name or "the file"
    if not data.strip():
        raise _fail(f"{label} is empty")
    if data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
        table = _read_excel(data, label)
    elif data[:4] == b"PAR1" or name.lower().endswith((".parquet", ".pq")):
        table = _read_parquet(data, label)
    elif data[:4] == b"\xd0\xcf\x11\xe0":
        raise _fail(f"{label} is an old Excel .xls workbook: save it as .xlsx or CSV")
    else:
        table = _read_text(data, label)
    if len(table) - 1 > ROW_CAP:
        raise _fail(f"{label} has more than {ROW_CAP:,} rows, the most that can be loaded")
    headers, seen = [], set()
    if table.empty:
        raise _fail(f"{label} is empty")
    for i, cell in enumerate(table.iloc[0]):
        header = (cell.strip() if isinstance(cell, str) else "") or f"Unnamed: {i}"
        unique, n = header, 1
        while unique in seen:  # the mapping names columns by header: make each one unique
            unique, n = f"{header}.{n}", n + 1
        seen.add(unique)
        headers.append(unique)
    formulas = table.attrs.pop(FORMULAS, {})
    table = table.iloc[1:].fillna("").set_axis(headers, axis=1).reset_index(drop=True)
    table.attrs[FORMULAS] = {(r - 1, headers[c]): f for (r, c), f in formulas.items() if r}
    return table


def _read_excel(data: bytes, label: str) -> pd.DataFrame:
    """The first sheet's saved values as text; `attrs[FORMULAS]`: (row, column) position ->
    formula, for the blank cells that hold a formula whose value was never saved (a file
    written by a program, not by a spreadsheet)."""
    try:
        table = pd.read_excel(
            io.BytesIO(data),
            sheet_name=0,
            header=None,
            dtype=str,
            keep_default_na=False,
            nrows=ROW_CAP + 2,
            engine="openpyxl",
        )
        blank = (table == "").to_numpy()
        if blank.any() and _has_formulas(data):
            table.attrs[FORMULAS] = _unsaved_formulas(data, blank)
    except Exception:  # a damaged workbook fails in many ways inside openpyxl
        raise _fail(
            f"{label} is not a readable Excel workbook: it is damaged or not .xlsx; "
            "export it again as .xlsx or CSV"
        ) from None
    return table


def _has_formulas(data: bytes) -> bool:
    """Whether any sheet of the workbook holds a formula (an <f> element), read in chunks from
    the zip: much faster than openpyxl, which _unsaved_formulas needs only then."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in book.namelist():
            if not _SHEET_XML.fullmatch(name):
                continue
            with book.open(name) as sheet:
                tail = b""
                while chunk := sheet.read(1 << 20):
                    if _FORMULA_XML.search(tail + chunk):
                        return True
                    tail = chunk[-16:]  # an element split between two chunks
    return False


def _unsaved_formulas(data: bytes, blank: np.ndarray) -> dict[tuple[int, int], str]:
    """(row, column) -> formula text, for the cells `blank` marks that hold a formula with no
    saved value (not one whose value is empty text)."""
    formulas = {
        at: text
        for at, text in _cells(data, blank.shape, data_only=False)
        if blank[at] and isinstance(text, str) and text.startswith("=")
    }
    if formulas:  # rare: only then read the saved values again, to tell None from ""
        saved = dict(_cells(data, blank.shape, data_only=True))
        formulas = {at: text for at, text in formulas.items() if saved.get(at) is None}
    return formulas


def _cells(
    data: bytes, shape: tuple[int, int], *, data_only: bool
) -> Iterator[tuple[tuple[int, int], object]]:
    """((row, column), value) of the first sheet's cells within `shape`, as openpyxl reads
    them: formulas as text, or with `data_only` their saved values (None: never saved)."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    try:
        rows, columns = shape
        for r, row in enumerate(book.worksheets[0].iter_rows(max_row=rows, values_only=True)):
            for c, cell in enumerate(row[:columns]):
                if cell is not None:
                    yield (r, c), getattr(cell, "text", cell)  # an array formula's text
    finally:
        book.close()


def _read_parquet(data: bytes, label: str) -> pd.DataFrame:
    """The header as the first row, then every cell as text ("" for a missing value)."""
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except (OSError, ValueError, NotImplementedError):
        raise _fail(
            f"{label} is not a readable Parquet file: it is damaged or not Parquet; export it again"
        ) from None
    text = frame.astype(str).mask(frame.isna(), "")
    header = pd.DataFrame([[str(c) for c in frame.columns]], columns=frame.columns)
    return pd.concat([header, text], ignore_index=True).set_axis(range(frame.shape[1]), axis=1)


def _read_text(data: bytes, label: str) -> pd.DataFrame:
    text = _decode(data)
    sample = text[:_SAMPLE_CHARS]
    controls = sum(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n" for ch in sample)
    if "\x00" in sample or controls > len(sample) / 100:
        raise _fail(f"{label} looks like a binary file, not a table: upload CSV or .xlsx")
    delimiter = _sniff_delimiter(sample)
    try:
        table = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            nrows=ROW_CAP + 2,
        )
    except pd.errors.EmptyDataError:
        raise _fail(f"{label} is empty") from None
    except pd.errors.ParserError as err:
        detail = str(err).strip().removeprefix("Error tokenizing data. C error: ")
        raise _fail(f"{label} is not a readable table: {detail}") from None
    table.attrs[DELIMITER] = delimiter  # kept by the slicing in read_table, and by pickling
    return table


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode Text" export
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


def _sniff_delimiter(sample: str) -> str:
    """Comma, semicolon or tab: csv.Sniffer, or else the one most common in the header line."""
    sample = sample[: sample.rfind("\n") + 1] or sample  # whole lines only
    header = sample.lstrip("\ufeff").split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ""
    if delimiter and delimiter in header:
        return delimiter
    return max(_DELIMITERS, key=header.count) if any(d in header for d in _DELIMITERS) else ","


def _normalise(header: str) -> str:
    """ "Avg. Engagement Rate (%)" -> "avg_engagement_rate_percent"; "Pays/Zoë" -> "pays_zoe"."""
    text = unicodedata.normalize("NFKD", header.replace("%", " percent "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", "_", text).strip("_")


def _within(pattern: list[str], tokens: list[str]) -> bool:
    return all(
        any(t.startswith(p[:-1]) if p.endswith("*") else t == p for t in tokens) for p in pattern
    )


def suggest_mapping(headers: list[str]) -> Mapping:
    """Guess which header holds each roster column, from a table of synonyms.

    Exact synonyms beat a synonym found within a longer header ("Instagram followers"),
    longer patterns beat shorter ones, then the table's order. Each header and each roster
    column is used at most once; the same headers always give the same mapping.
    """
    candidates = []  # (tier, -pattern length, target order, synonym order, header order)
    for h, header in enumerate(headers):
        norm = _normalise(str(header))
        tokens = norm.split("_")
        for order, (target, (exact, within)) in enumerate(_SYNONYMS.items()):
            if norm in exact.split():
                candidates.append((0, 0, order, exact.split().index(norm), h, target))
            elif not _CHANGE_WORDS & set(tokens):
                for rank, pattern in enumerate(p.split("_") for p in within.split()):
                    if _within(pattern, tokens):
                        candidates.append((1, -len(pattern), order, rank, h, target))
    columns: dict[str, str | None] = dict.fromkeys(TARGETS)
    used: set[int] = set()
    for *_, h, target in sorted(candidates):
        if columns[target] is None and h not in used:
            columns[target] = headers[h]
            used.add(h)
    return Mapping(columns)


def apply_mapping(raw: pd.DataFrame, mapping: Mapping) -> tuple[pd.DataFrame, list[RosterProblem]]:
    """The mapped columns under their roster names, numbers parsed; and the unparseable cells.

    Numbers are read with `parse_number`; followers are rounded to whole numbers. Whether the
    comma or the dot is the decimal mark is decided per column, from the cells whose writing
    tells (`_Cell`): "1.200,50", "12,5", "0,5" have a decimal comma; "1,200.50", "0.5",
    "1.39%", "1,200,000" and "15,000" (a comma before three digits: thousands, as in English)
    a decimal point. Abbreviations ("3.3k") do not tell, nor does "1.200": 1200 in a column of
    decimal commas, else 1.2. A column where no cell tells follows what the file's numeric
    columns tell together, by the same rule; when nothing in the file tells, a file separated
    by semicolons has decimal commas (`read_table` notes its delimiter), any other decimal
    points.

    A column with cells of both kinds is mixed: each cell that tells is read as it tells
    ("€1.200,50" among dollars is 1200.50: it can mean nothing else), and the cells that do
    not follow the kind most of its cells have (a tie: decimal commas in a file separated by
    semicolons, else decimal points), so that no single cell changes how the others are read.
    Its cells such as "1,200" that its kind would read as 1.2 while the other reads 1200 are
    reported, not read ("could be $15 or $15000 (...): write the one meant"). Likewise "1.200"
    in a column where no cell tells, when the file is mixed and reads it as 1.2.

    Shares (engagement_rate, fake_follower_share, reach_rate, engagement_rate_sd,
    audience_country_share) must be fractions. "2.5%" always is 0.025. A column's plain numbers
    are percentages, and divided by 100, when its header says so ("ER %", "engagement
    percent", "pct") or when most of its non-zero values are above 1 or written with "%";
    engagement_rate_sd follows engagement_rate. Such a column, if it has plain numbers, is in
    `frame.attrs[PERCENT]` (as in `Mapping.percent`), for the user to check the guess. A share
    column with some values above 1 and most below keeps them as written, and validation
    reports the ones above 1.

    A cell that is not a number, or not read as said above, keeps its text (validation would
    reject it) and is reported; so is a workbook's formula whose value was never saved
    (`read_table`'s `attrs[FORMULAS]`), which would otherwise read as blank. Each is reported
    by row = spreadsheet row (header = row 1) and column = the file's header.
    """
    formulas = raw.attrs.get(FORMULAS, {})
    raw = raw.reset_index(drop=True)
    _check_mapping(raw, mapping)
    sources = {t: s for t, s in mapping.columns.items() if s is not None}
    frame = pd.DataFrame({t: raw[s] for t, s in sources.items()}, index=raw.index)
    numeric = sorted((t for t in sources if t not in _TEXT_TARGETS), key=TARGETS.index)
    cells = {t: {v: _Cell.of(v) for v in pd.unique(frame[t])} for t in numeric}
    shapes = {t: {v: c.shape for v, c in cells[t].items() if c.shape} for t in numeric}
    votes = {t: Counter(frame[t].map(shapes[t]).value_counts().to_dict()) for t in numeric}
    semicolon = raw.attrs.get(DELIMITER) == ";"
    in_file = _marks(sum(votes.values(), Counter()), semicolon, "file")
    in_file = in_file or _Marks(decimal_comma=semicolon, mixed=False, scope="file")
    problems: list[RosterProblem] = []
    scaled: set[str] = set()  # the share columns whose plain numbers are percentages
    percent: dict[str, tuple[str, str]] = {}  # Mapping.percent: those with plain numbers
    for target in numeric:  # in roster order: engagement_rate before its sd
        source, texts = sources[target], frame[target]
        marks = _marks(votes[target], semicolon, "column") or in_file
        reasons = {v: r for v, shape in shapes[target].items() if (r := _unread(v, shape, marks))}
        parsed = {
            v: None if v in reasons else c.comma if marks.decimal_comma else c.point
            for v, c in cells[target].items()
        }
        values = texts.map(parsed).astype("float64")
        blank = texts.isna() | texts.astype(str).str.strip().eq("")
        bad = values.isna() & ~blank
        problems += [
            RosterProblem(i + 2, source, texts[i], reasons.get(texts[i], NOT_A_NUMBER))
            for i in bad[bad].index
        ]
        if target in _FRACTIONS:
            written = texts.astype(str).str.contains("%", regex=False)
            why = _in_percent(source, values, written)
            if target == "engagement_rate_sd" and "engagement_rate" in scaled:
                why = why or "as engagement_rate's are"
            plain = texts[values.notna() & values.ne(0) & ~written]
            if why:
                scaled.add(target)
                values = values.mask(~written, values / 100)
            if why and not plain.empty:
                percent[target] = (str(plain.iloc[0]).strip(), why)
        if target == "followers":
            values = values.round()
        frame[target] = values.astype(object).mask(bad, texts)
    mapped = set(sources.values())
    problems += [
        RosterProblem(i + 2, header, formula, FORMULA)
        for (i, header), formula in formulas.items()
        if header in mapped
    ]
    frame.attrs[PERCENT] = percent
    order: dict[str | None, int] = {header: n for n, header in enumerate(raw.columns)}
    return frame, sorted(problems, key=lambda p: (p.row, order[p.column]))


def _check_mapping(raw: pd.DataFrame, mapping: Mapping) -> None:
    problems = [
        RosterProblem(None, target, None, f"not a roster column; they are {', '.join(TARGETS)}")
        for target in mapping.columns
        if target not in TARGETS
    ]
    problems += [
        RosterProblem(None, source, None, f"mapped to {target} but not a header of the file")
        for target, source in mapping.columns.items()
        if source is not None and source not in raw.columns
    ]
    if problems:
        raise RosterError(problems)


@dataclass(frozen=True)
class _Marks:
    """How a column's numbers are read: with a decimal comma or a decimal point; whether the
    cells that tell were of both kinds; and where they were: in the "column" or the "file"."""

    decimal_comma: bool
    mixed: bool
    scope: str


@dataclass(frozen=True)
class _Cell:
    """A cell read with a decimal comma and with a decimal point (None: not a number), and what
    its writing tells of its decimal mark:

    _DECIMAL_COMMA: only a decimal comma reads it ("1.200,50", "12,5", "0,025", "1.200.000");
    _DECIMAL_POINT: only a decimal point ("1,200.50", "0.5", "2.5%", "1,200,000");
    _COMMA_BEFORE_3 / _DOT_BEFORE_3: one mark before three digits, read either way ("1,200",
    "$15,000" / "1.200"); None: no mark, not a number, or an abbreviation ("3.3k", "3,3k").
    """

    comma: float | None
    point: float | None
    shape: str | None

    @classmethod
    def of(cls, cell: object) -> _Cell:
        if not isinstance(cell, str) or ("," not in cell and "." not in cell):
            value = _number(cell, False)
            return cls(value, value, None)
        comma = parse_number(cell, decimal_comma=True)
        point = parse_number(cell, decimal_comma=False)
        if comma is None or point is None:
            return cls(comma, point, None)
        if comma != point:  # "1,200" is 1.2 with a decimal comma, "1.200" 1200
            return cls(comma, point, _COMMA_BEFORE_3 if abs(comma) < abs(point) else _DOT_BEFORE_3)
        if detect_decimal_comma([cell]):
            return cls(comma, point, _DECIMAL_COMMA)
        if not detect_decimal_comma([cell], default=True):
            return cls(comma, point, _DECIMAL_POINT)
        return cls(comma, point, None)


def _marks(votes: Counter, semicolon: bool, scope: str) -> _Marks | None:
    """The kind most cells that tell have (a tie: decimal commas after semicolons), or None
    when none tells."""
    comma = votes[_DECIMAL_COMMA]
    point = votes[_DECIMAL_POINT] + votes[_COMMA_BEFORE_3]
    if not comma and not point:
        return None
    return _Marks(comma > point or (comma == point and semicolon), bool(comma and point), scope)


def _unread(text: str, shape: str | None, marks: _Marks) -> str | None:
    """Why a cell of a mixed column (or file) is not read, or None to read it: it is "1,200"
    that the column's way reads as 1.2 and the other as 1200. A cell only one way reads
    ("12,5", "2.5%") is read that way, whatever the rest of its column."""
    if not marks.mixed or shape is None:
        return None
    mark = "," if marks.decimal_comma else "."
    if shape == (_COMMA_BEFORE_3 if marks.decimal_comma else _DOT_BEFORE_3):
        small, large = _rewritten(text, mark, mark, trim=True), _rewritten(text, None, mark)
        return (
            f"could be {small} or {large} (this {marks.scope} writes decimals both with commas "
            "and with points): write the one meant"
        )
    return None


def _rewritten(text: str, own: str | None, mark: str, *, trim: bool = False) -> str:
    """`text` with its number ungrouped and `mark` as its decimal mark: "€1.200,50" (own ",",
    mark ".") -> "€1200.50". `own`: the mark the number has as decimal, None for none;
    `trim`: without the fraction's trailing zeros ("15,000" -> "15")."""
    text = text.strip()
    span = _NUMBER_SPAN.search(text)
    assert span is not None  # only cells that read as numbers are rewritten
    digits = re.sub(r"[\s'\u2019]", "", span[0])
    whole, fraction = digits, ""
    if own is not None and own in digits:
        whole, _, fraction = digits.rpartition(own)
    whole = whole.replace(",", "").replace(".", "") or "0"
    fraction = fraction.rstrip("0") if trim else fraction
    return f"{text[: span.start()]}{whole}{mark if fraction else ''}{fraction}{text[span.end() :]}"


def _number(cell: object, decimal_comma: bool) -> float | None:
    if pd.api.types.is_number(cell):  # a frame built in code rather than read from a file
        number = cast(float, cell)  # is_number admits any numbers.Number; a roster's are real
        return None if pd.isna(number) else float(number)
    return parse_number(cell, decimal_comma=decimal_comma) if isinstance(cell, str) else None


def _in_percent(header: str, values: pd.Series, written: pd.Series) -> str | None:
    """Why a share column's plain numbers are percentages, or None if they are not (see
    `apply_mapping`)."""
    if {"percent", "pct"} & set(_normalise(header).split("_")):
        return "its header says so"
    counted = values.notna() & values.ne(0)  # 0 is 0 in both readings
    if (written | values.gt(1))[counted].sum() > counted.sum() / 2:
        return "most of its numbers are above 1 or written with %"
    return None


def load_any(
    data: bytes, name: str, mapping: Mapping | None = None
) -> tuple[pd.DataFrame, Mapping, list[RosterProblem]]:
    """Read any export into a validated roster; rows with problems are set aside and reported.

    Returns the roster of the good rows (as `validate_roster` returns it), the mapping used
    (`suggest_mapping`'s unless one is given; its `percent` says which share columns were read
    as percentages) and every problem found in the other rows, by
    spreadsheet row, the file's header, the cell as written and the reason. Raises RosterError
    when the file cannot be read, a required roster column has no header, or no row is usable.
    """
    return load_table(read_table(data, name), name, mapping)


def load_table(
    raw: pd.DataFrame, name: str, mapping: Mapping | None = None
) -> tuple[pd.DataFrame, Mapping, list[RosterProblem]]:
    """`load_any` for a table already read by `read_table` (e.g. to show its headers first)."""
    check_shape(raw, name)
    mapping = mapping or suggest_mapping(list(raw.columns))
    seen = "headers seen: " + ", ".join(f"'{h}'" for h in raw.columns)
    missing = [
        RosterProblem(None, target, None, f"required, but no header matches it ({seen})")
        for target in mapping.missing()
    ]
    if missing:
        raise RosterError(missing)
    frame, problems = apply_mapping(raw, mapping)
    mapping = replace(mapping, percent=frame.attrs[PERCENT])
    sources = {t: s for t, s in mapping.columns.items() if s is not None}
    has_data = _has_data(frame)
    while True:  # validate, set the rows with problems aside, again until none is found
        bad = sorted({p.row - 2 for p in problems if p.row is not None})  # all have a row
        if not has_data.drop(index=bad).any():
            count = int(has_data.sum())
            reason = f"no usable row: all {count} rows with data have problems"
            raise RosterError([RosterProblem(None, None, None, reason), *_ordered(problems, raw)])
        rows = frame.copy()  # blank rows are skipped, and the others keep their row numbers
        rows.loc[bad] = None
        try:
            return validate_roster(rows), mapping, _ordered(problems, raw)
        except RosterError as err:
            found = [_in_file(p, raw, sources) for p in err.problems]
        if any(p.row is None or p.row - 2 in bad for p in found) or not found:
            raise RosterError(found)  # about the file, not rows (or, never, a set-aside row)
        problems += found


def check_shape(raw: pd.DataFrame, name: str) -> None:
    """Raise RosterError unless the table has data rows and more than one column."""
    label = name or "the file"
    if not _has_data(raw).any():
        raise _fail(f"no usable row: {label} has a header row but no data rows")
    if len(raw.columns) == 1:
        raise _fail(
            f"{label} has a single column, headed '{raw.columns[0]}': a roster's columns must "
            "be separated by commas, semicolons or tabs"
        )


def _has_data(frame: pd.DataFrame) -> pd.Series:
    """Per row: whether any cell is other than blank."""
    return ~frame.apply(lambda c: c.isna() | c.astype(str).str.strip().eq("")).all(axis=1)


def _in_file(problem: RosterProblem, raw: pd.DataFrame, sources: dict[str, str]) -> RosterProblem:
    """A problem found by `validate_roster` told in the file's terms: its header and text."""
    if problem.row is None:
        return problem
    column = problem.column
    source = None if column is None else sources.get(column, column)
    value = raw.at[problem.row - 2, source] if source in raw else problem.value
    return RosterProblem(problem.row, source, value, problem.reason)


def _ordered(problems: list[RosterProblem], raw: pd.DataFrame) -> list[RosterProblem]:
    """By row, then the file's column order; one per cell (the first found)."""
    unique = {(p.row, p.column): p for p in reversed(problems)}
    order: dict[str | None, int] = {header: n for n, header in enumerate(raw.columns)}
    return sorted(unique.values(), key=lambda p: (p.row or 0, order.get(p.column, -1)))
