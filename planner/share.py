"""The brief in a URL: query parameters that hold exactly the brief, and back.

Only fields that differ from the defaults are written, under their field names, in the
order of the brief's fields:
    budget=80000&goal=reach&platforms=instagram,tiktok&tier_rules={"micro":{"min_count":5}}
- numbers as the shortest text that reads back to the same float (80000, 0.035);
- lists comma-joined; a list whose items could not be told apart that way (an item that is
  empty or holds a comma, or a first item starting with "[") is written as a JSON array;
- rules and tier bands as compact JSON, each rule with only its non-default fields;
- "no limit" (None, e.g. max_influencers) as the word none.
The caller URL-encodes (urllib.parse.urlencode, st.query_params). Reading back gives an equal
brief for any valid brief; a bad or forged parameter raises BriefError naming it, and
parameters that are not brief fields are ignored (the page may use them).
"""

from __future__ import annotations

import json
import typing
from collections.abc import Mapping
from enum import Enum

from pydantic import BaseModel

from planner.brief import Brief
from planner.errors import BriefError

NONE = "none"  # a field left without a limit
MAX_CHARS = 100_000  # longer than any URL a browser sends; a forged value is refused early
_DEFAULTS = Brief()


def to_query(brief: Brief) -> dict[str, str]:
    """The brief's non-default fields as query parameters, in field order."""
    out: dict[str, str] = {}
    for name in Brief.model_fields:
        value = getattr(brief, name)
        if value == getattr(_DEFAULTS, name):
            continue
        out[name] = _encode(value)
    return out


def _encode(value: object) -> str:
    if value is None:
        return NONE
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, list):
        items = [str(v) for v in value]
        plain = items and all(i and "," not in i for i in items) and not items[0].startswith("[")
        return ",".join(items) if plain else _json(items)
    if isinstance(value, dict):
        return _json({str(k): _plain(v) for k, v in value.items()})
    raise TypeError(f"cannot put a {type(value).__name__} in a URL")


def _number(x: float) -> str:
    """The shortest text that reads back to x: 80000 rather than 80000.0."""
    if x.is_integer() and abs(x) < 2**53:
        return str(int(x))
    return repr(x)


def _plain(value: object) -> object:
    """JSON-ready: a rule as its non-default fields, whole floats as integers."""
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value.model_dump(exclude_defaults=True).items()}
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def from_query(params: Mapping[str, str | list[str]]) -> Brief:
    """The brief written by `to_query`; missing fields take their defaults.

    A parameter given more than once, too long, not valid JSON where JSON is expected, or
    with a value the brief refuses raises BriefError naming the parameter.
    """
    data: dict[str, object] = {}
    for name, field in Brief.model_fields.items():
        if name not in params:
            continue
        raw = params[name]
        if isinstance(raw, list | tuple):
            if len(raw) != 1:
                raise BriefError(f"URL parameter '{name}' is given {len(raw)} times, not once")
            raw = raw[0]
        if not isinstance(raw, str):
            raise BriefError(f"URL parameter '{name}' must be text, not {type(raw).__name__}")
        if len(raw) > MAX_CHARS:
            raise BriefError(f"URL parameter '{name}' is too long ({len(raw):,} characters)")
        if raw == NONE and type(None) in typing.get_args(field.annotation):
            data[name] = None
            continue
        data[name] = _decode(name, raw, typing.get_origin(field.annotation))
    return Brief.parse(data)


def _decode(name: str, raw: str, origin: object) -> object:
    if origin is list:
        if raw.startswith("["):
            items = _load(name, raw)
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise BriefError(f"URL parameter '{name}' must be a list of names")
            return items
        return raw.split(",")
    if origin is dict:
        value = _load(name, raw)
        if not isinstance(value, dict):
            raise BriefError(f"URL parameter '{name}' must be a JSON object, e.g. {{}}")
        return value
    return raw  # numbers, the goal and the format: the brief's own validation reads text


def _load(name: str, raw: str) -> object:
    def refuse(constant: str) -> float:
        raise ValueError(f"{constant} is not a number JSON allows")

    try:
        return json.loads(raw, parse_constant=refuse)
    except (ValueError, RecursionError) as err:
        reason = "nested too deeply" if isinstance(err, RecursionError) else err
        raise BriefError(f"URL parameter '{name}' is not valid JSON: {reason}") from None
