"""Load an influencer roster from CSV or Parquet and check every cell before it is used.

Required columns: handle, platform, category, followers, engagement_rate, cost_per_post.
Fractions are fractions, not percentages: an engagement rate of 2.5% is written 0.025.

Optional columns, and what an absent column or an empty cell means:

- ``name``: the handle.
- ``audience_country``: "" (unknown: the row counts only when the brief targets no countries).
- ``audience_country_share``: the share of the audience that lives in ``audience_country``,
  0 < x <= 1; by default, by tier of the default bands (an assumption,
  ``calibration.AUDIENCE_COUNTRY_SHARE``): 0.7 nano falling to 0.4 mega.
- ``fake_follower_share``: 0.0 (no fake followers assumed).
- ``reach_rate``: the median share of followers who see one post for an account of that size
  (Minter.io medians, ``calibration.REACH_RATE_POST``): 0.377 under 20k followers, 0.229 up
  to 1M, 0.191 from 1M.
- ``engagement_rate_sd``: 0.0, read as unknown: the range of outcomes then assumes a spread of
  35% of the rate (``calibration.RATE_CV``) and says so.
- ``cost_per_story``: cost_per_post x 1.15 (``calibration.FORMAT_COST_FACTOR["story"]``).
- ``cost_per_video``: cost_per_post x 1.45 (``calibration.FORMAT_COST_FACTOR["video"]``).

Problems are collected with pandera (lazy validation) and reported all at once, each with
its spreadsheet row number (the header is row 1), column, value and reason.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from planner import calibration as cal
from planner.brief import MAX_BUDGET
from planner.errors import RosterError, RosterProblem

REQUIRED_COLUMNS = (
    "handle",
    "platform",
    "category",
    "followers",
    "engagement_rate",
    "cost_per_post",
)
OPTIONAL_DEFAULTS = {
    "name": "the handle",
    "audience_country": '"" (unknown: counts only when the brief targets no countries)',
    "audience_country_share": "by tier (assumption): "
    + ", ".join(f"{fig.value} {tier}" for tier, fig in cal.AUDIENCE_COUNTRY_SHARE.items()),
    "fake_follower_share": "0.0",
    "reach_rate": "by follower band (Minter.io medians): "
    + ", ".join(f"{rate} from {floor:,}" for floor, rate in cal.REACH_RATE_POST.items()),
    "engagement_rate_sd": "0.0: unknown, so the range of outcomes assumes a spread of "
    f"{cal.RATE_CV.value:.0%} of the rate",
    "cost_per_story": f"cost_per_post x {cal.FORMAT_COST_FACTOR['story'].value}",
    "cost_per_video": f"cost_per_post x {cal.FORMAT_COST_FACTOR['video'].value}",
}
_TEXT_COLUMNS = ("handle", "name", "platform", "category", "audience_country")
_MAX_SHOWN = 50
_NO_ROWS = "the roster has no rows"
_DUPLICATE = "duplicate handle"
_MISSING = f"required column is missing (required: {', '.join(REQUIRED_COLUMNS)})"


def _blank_cells(column: pd.Series) -> pd.Series:
    return column.isna() | column.astype("str").str.strip().eq("")


def _fail(reason: str) -> RosterError:
    return RosterError([RosterProblem(None, None, None, reason)])


def _number(*checks: pa.Check, required: bool = False) -> pa.Column:
    finite = pa.Check(np.isfinite, error="must be a finite number")
    return pa.Column(float, [finite, *checks], nullable=not required, required=required)


def _fraction(example: str, *, zero_ok: bool = False) -> pa.Check:
    """A share: above 0 and at most 1, or (zero_ok) at least 0 and below 1."""
    bounds = "at least 0 and below 1" if zero_ok else "above 0 and at most 1"
    reason = f"must be {bounds} (a fraction, e.g. {example})"
    return pa.Check.in_range(0, 1, include_min=zero_ok, include_max=not zero_ok, error=reason)


_POSITIVE = pa.Check.gt(0, error="must be greater than 0")
_WHOLE = pa.Check(lambda s: s == np.floor(s), error="must be a whole number")
MAX_FOLLOWERS = 10_000_000_000  # more than there are people; also keeps int64 exact
_PEOPLE = pa.Check.le(MAX_FOLLOWERS, error=f"must be at most {MAX_FOLLOWERS:,}")
MAX_COST = MAX_BUDGET  # a post dearer than any budget (the solver reads 1e20 as infinite)
_PRICE = pa.Check.le(MAX_COST, error=f"must be at most {MAX_COST:,} (the largest budget)")
_SCHEMA = pa.DataFrameSchema(
    {
        "handle": pa.Column(str, pa.Check(lambda s: ~s.duplicated(), error=_DUPLICATE)),
        "platform": pa.Column(str),
        "category": pa.Column(str),
        "name": pa.Column(str, nullable=True, required=False),
        "audience_country": pa.Column(str, nullable=True, required=False),
        "followers": _number(_POSITIVE, _WHOLE, _PEOPLE, required=True),
        "engagement_rate": _number(_fraction("0.025 for 2.5%"), required=True),
        "cost_per_post": _number(_POSITIVE, _PRICE, required=True),
        "cost_per_story": _number(_POSITIVE, _PRICE),
        "cost_per_video": _number(_POSITIVE, _PRICE),
        "fake_follower_share": _number(_fraction("0.1 for 10%", zero_ok=True)),
        "audience_country_share": _number(_fraction("0.6 for 60% of the audience")),
        "reach_rate": _number(_fraction("0.2 for 20% of followers")),
        "engagement_rate_sd": _number(
            pa.Check.in_range(0, 1, error="must be at least 0 and at most 1 (a fraction)")
        ),
    }
)
_NUMERIC_COLUMNS = tuple(c for c in _SCHEMA.columns if c not in _TEXT_COLUMNS)


def load_roster(source: str | Path | bytes | BinaryIO, *, name: str | None = None) -> pd.DataFrame:
    """Read a CSV or Parquet roster and return it validated (see `validate_roster`)."""
    if isinstance(source, str | Path):
        name = name or Path(source).name
        data = read_file(source)
    elif isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        data = source.read()
        data = data.encode() if isinstance(data, str) else data
        name = name or getattr(source, "name", None)
    label = str(name) if name else "the roster file"
    suffix = Path(str(name)).suffix.lower() if name else ".csv"
    if data[:4] == b"PAR1" or suffix in (".parquet", ".pq"):
        try:
            frame = pd.read_parquet(io.BytesIO(data))
        except (OSError, ValueError, NotImplementedError):
            raise _fail(
                f"{label} is not a readable Parquet file: it is damaged or not "
                "Parquet; export it again"
            ) from None
    elif suffix == ".csv":
        frame = _read_csv(data, label)
    else:
        raise _fail(
            f"{label}: unknown file type '{suffix or '(none)'}'; "
            "a roster must be .csv or .parquet (.pq)"
        )
    return validate_roster(frame)


def read_file(path: str | Path) -> bytes:
    """The bytes of a roster file, or RosterError saying why it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise _fail(f"roster file {path} does not exist") from None
    except OSError as err:
        raise _fail(f"roster file {path} cannot be read: {err.strerror}") from None


def _read_csv(data: bytes, label: str) -> pd.DataFrame:
    if b"\x00" in data:
        raise _fail(f"{label} looks like a binary file, not CSV text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _fail(
            f"{label} is not UTF-8 text (bad byte at position {err.start}); save it as 'CSV UTF-8'"
        ) from None
    try:  # Every cell as text (raw values kept for problems); header read as a row so that
        # a row longer than the header is an error, not silently taken as an index.
        table = pd.read_csv(
            io.StringIO(text), header=None, dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except pd.errors.EmptyDataError:
        raise _fail(_NO_ROWS) from None
    except pd.errors.ParserError as err:
        detail = str(err).strip().removeprefix("Error tokenizing data. C error: ")
        raise _fail(f"{label} is not a readable CSV file: {detail}") from None
    header = [name if name.strip() else f"Unnamed: {i}" for i, name in enumerate(table.iloc[0])]
    return table.iloc[1:].set_axis(header, axis=1)


def validate_roster(df: pd.DataFrame) -> pd.DataFrame:
    """Check every cell and return a new clean roster, or raise RosterError listing all problems.

    Required columns are checked, optional ones added with their defaults, numbers coerced,
    text stripped and platforms lower-cased; rows that are blank in every cell are skipped.
    """
    raw = df.reset_index(drop=True)
    known = {*REQUIRED_COLUMNS, *OPTIONAL_DEFAULTS}
    names = {c: c.strip().lower() for c in raw.columns if isinstance(c, str)}
    raw = raw.rename(columns={c: n for c, n in names.items() if n in known and n not in raw})
    raw = raw[~raw.apply(_blank_cells).all(axis=1)] if len(raw.columns) else raw
    if raw.empty:
        raise _fail(_NO_ROWS)
    if raw.columns.duplicated().any():
        twice = sorted({str(c) for c in raw.columns[raw.columns.duplicated()]})
        raise RosterError(
            [RosterProblem(None, c, None, "column appears more than once") for c in twice]
        )
    clean, problems = raw.copy(), []
    for col in (c for c in _TEXT_COLUMNS if c in clean):
        text = clean[col].astype("str").str.strip()
        clean[col] = text.mask(text == "")
    if "platform" in clean:
        clean["platform"] = clean["platform"].str.lower()
    for col in (c for c in _NUMERIC_COLUMNS if c in clean):
        clean[col] = pd.to_numeric(clean[col], errors="coerce").astype("float64")
        bad = clean[col].isna() & ~_blank_cells(raw[col])
        problems += [
            RosterProblem(i + 2, col, raw.at[i, col], "must be a number") for i in bad[bad].index
        ]
    try:
        _SCHEMA.validate(clean, lazy=True)
    except SchemaErrors as err:
        problems += _describe(err.failure_cases, clean, raw)
    if problems:
        columns = dict.fromkeys([*REQUIRED_COLUMNS, *clean.columns])
        order = {c: n for n, c in enumerate(columns)}
        unique = {(p.row, p.column): p for p in reversed(problems)}  # first per cell wins
        raise RosterError(
            sorted(unique.values(), key=lambda p: (p.row or 0, order.get(p.column, -1)))
        )
    return _fill_defaults(clean).reset_index(drop=True)


class _FailureCase(Protocol):
    """A row of pandera's `SchemaErrors.failure_cases`, as `itertuples` gives it."""

    check: str
    column: str | None
    failure_case: Any  # the failing value, or the missing column's name
    index: float | None  # the row label; NaN or None for a check of the whole column


def _describe(cases: pd.DataFrame, clean: pd.DataFrame, raw: pd.DataFrame) -> list[RosterProblem]:
    """Turn pandera's failure cases into problems that name the file's rows and raw values."""
    firsts = clean["handle"].dropna().drop_duplicates() if "handle" in clean else pd.Series()
    first_row = {handle: i + 2 for i, handle in zip(firsts.index, firsts, strict=True)}
    problems = []
    # pandas-stubs types a row's fields as scalars, and `index` as tuple.index: wrong here
    rows = cases.sort_values("check_number", na_position="first").itertuples()
    for case in cast("Iterator[_FailureCase]", rows):
        if case.check == "column_in_dataframe":
            problems.append(RosterProblem(None, case.failure_case, None, _MISSING))
            continue
        col, reason = case.column, {"not_nullable": "is empty"}.get(case.check, case.check)
        if pd.isna(case.index):  # a check that failed as a whole (not expected: a safety net)
            problems.append(RosterProblem(None, col, case.failure_case, reason))
            continue
        row = int(case.index)
        if case.check == _DUPLICATE:
            reason = f"duplicate handle: first seen on row {first_row[clean.at[row, col]]}"
        problems.append(RosterProblem(row + 2, col, raw.at[row, col], reason))
    return problems


def _reach_by_band(followers: pd.Series) -> np.ndarray:
    """`calibration.reach_rate(followers, "post")` for a whole column at once."""
    floors = np.array(list(cal.REACH_RATE_POST))
    rates = np.array(list(cal.REACH_RATE_POST.values()))
    return rates[np.clip(np.searchsorted(floors, followers, side="right") - 1, 0, None)]


def _country_share_by_tier(followers: pd.Series) -> np.ndarray:
    """`calibration.AUDIENCE_COUNTRY_SHARE` for each account's tier under the default bands."""
    floors = np.array(list(cal.DEFAULT_TIER_BANDS.values()))
    shares = np.array([cal.AUDIENCE_COUNTRY_SHARE[t].value for t in cal.DEFAULT_TIER_BANDS])
    return shares[np.clip(np.searchsorted(floors, followers, side="right") - 1, 0, None)]


def _fill_defaults(df: pd.DataFrame) -> pd.DataFrame:
    defaults = {
        "name": df["handle"],
        "audience_country": pd.Series("", index=df.index),
        "audience_country_share": pd.Series(
            _country_share_by_tier(df["followers"]), index=df.index
        ),
        "fake_follower_share": pd.Series(0.0, index=df.index),
        "reach_rate": pd.Series(_reach_by_band(df["followers"]), index=df.index),
        "engagement_rate_sd": pd.Series(0.0, index=df.index),
        "cost_per_story": df["cost_per_post"] * cal.FORMAT_COST_FACTOR["story"].value,
        "cost_per_video": df["cost_per_post"] * cal.FORMAT_COST_FACTOR["video"].value,
    }
    for col, default in defaults.items():
        df[col] = df[col].fillna(default) if col in df else default
    for col in _TEXT_COLUMNS:
        df[col] = df[col].astype("str")
    df["followers"] = df["followers"].astype("int64")
    return df.astype({c: "float64" for c in _NUMERIC_COLUMNS if c != "followers"})
