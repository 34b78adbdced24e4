"""Audience countries in words: the picker's labels hold the name, the code and the aliases a
person types."""

from __future__ import annotations

import pytest

from planner.countries import country_label
from planner.roster.schema import load_roster
from tests.helpers.rosters import SAMPLE_CSV


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("GB", "GB · United Kingdom (UK)"),
        ("US", "US · United States (USA)"),
        ("DE", "DE · Germany"),
        ("KR", "KR · South Korea"),  # pycountry's common name, not "Korea, Republic of"
        ("gb", "GB · United Kingdom (UK)"),
        ("XX", "XX"),  # no ISO country: the code as written
        ("", ""),
    ],
)
def test_labels(code: str, label: str):
    assert country_label(code) == label


@pytest.mark.parametrize(
    ("typed", "code"),
    [("UK", "GB"), ("United Kingdom", "GB"), ("usa", "US"), ("United States", "US"), ("GB", "GB")],
)
def test_what_a_person_types_finds_the_country(typed: str, code: str):
    """Streamlit's multiselect filters its options by the label: every sample country whose
    label holds what was typed, case aside, is offered, and the one meant is among them."""
    countries = sorted(c for c in load_roster(SAMPLE_CSV)["audience_country"].unique() if c)
    offered = [c for c in countries if typed.casefold() in country_label(c).casefold()]
    assert code in offered
