"""An actor named only as a comparison ("the same tactics used by X", "practices used by X", "mirrors") did nothing
the report tells of: it is mentioned, not a perpetrator."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract


@pytest.mark.parametrize("comparison", [
    "mirrors some of the harsh tactics used by the Syrian government",
    "recalls the practices used by the Syrian government",
])
def test_an_actor_named_as_a_comparison_is_no_perpetrator(comparison: str, lexicon: Lexicon) -> None:
    text = (f"Hayat Tahrir al-Sham detained twelve teachers in Idlib last month. Its crackdown {comparison}, "
            "a researcher said.")
    result = extract(text, language="en", published_on=None, lexicon=lexicon, places=NullPlaces())
    roles = {(a["slug"], a["role"]) for a in result["actors"]}
    assert ("hayat-tahrir-al-sham", "perpetrator") in roles
    assert ("syrian-government-forces", "perpetrator") not in roles
