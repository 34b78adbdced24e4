"""Audience countries in words: an ISO 3166 code with its name and the aliases people type.

The roster and the brief hold ISO alpha-2 codes (GB, US); a person looks for "UK", "USA" or
"United Kingdom". Names come from pycountry (the ISO 3166 tables, shipped with the package);
the aliases that are no ISO name or code (UK) are listed here.
"""

from __future__ import annotations

import functools

import pycountry

ALIASES = {
    "GB": ("UK",),
    "US": ("USA",),
    "AE": ("UAE",),
    "RU": ("Russia",),
    "NL": ("Holland",),
    "TR": ("Turkey",),
}


@functools.cache
def country_label(code: str) -> str:
    """'GB · United Kingdom (UK)': the code first (a chip cut short in the sidebar still shows
    it), the short name, and the aliases a search should find; the code alone when it is no
    ISO country."""
    found = pycountry.countries.get(alpha_2=str(code).upper())
    if found is None:
        return str(code)
    name = getattr(found, "common_name", None) or found.name
    aliases = ALIASES.get(found.alpha_2, ())
    return f"{found.alpha_2} · {name}" + (f" ({', '.join(aliases)})" if aliases else "")
