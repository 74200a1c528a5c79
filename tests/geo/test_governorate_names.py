"""English names of a governorate that begin with its capital's name ("Damascus Suburbs", SNHR's name for Rif
Dimashq): read whole as the governorate, never as the capital by their first word (issue 14, item 5)."""

from __future__ import annotations

import pytest

from tawthiq.geo import GazetteerEntry, default_entries
from tests.geo.support import PlaceRow, places_in, resolver_of


@pytest.fixture(scope="module")
def rows() -> list[PlaceRow]:
    wanted = {"Rif Dimashq Governorate", "Damascus"}
    out: list[PlaceRow] = []
    for entry in default_entries():
        if entry.country_code == "SY" and entry.name in wanted and entry.feature in ("governorate", "city"):
            wanted.discard(entry.name)
            out.append(_row(entry))
    assert not wanted
    return out


def _row(entry: GazetteerEntry) -> PlaceRow:
    return (entry.gazetteer_id, entry.name, entry.feature, entry.country_code, None, entry.latitude or 0.0,
            entry.longitude or 0.0, [n for n in (entry.name_ar, *entry.alt_names) if n])


@pytest.mark.parametrize("text", [
    "Damascus Suburbs governorate had the highest number of victims who died under torture.",
    "The network documented eight deaths in Damascus Suburb and two in Daraa.",
])
def test_damascus_suburbs_is_the_governorate_not_the_city(rows: list[PlaceRow], text: str) -> None:
    found = places_in(resolver_of(rows), text)
    name = "Damascus Suburbs" if "Suburbs" in text else "Damascus Suburb"
    assert found[name]["name"] == "Rif Dimashq Governorate"
    assert "Damascus" not in found
