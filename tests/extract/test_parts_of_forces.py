"""Groups, factions or elements "within" a force are a part of it that the text does not name: the force as a whole is
not said to act ("Groups within the Iraqi military are detaining men"), so it is no perpetrator; a force that acts
itself still is."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tests.extract.readings import perpetrators, types


@pytest.mark.parametrize(("text", "act"), [
    ("Groups within the Iraqi military are detaining men fleeing Mosul in secret prisons.", "arbitrary-detention"),
    ("Militias within the Syrian army, which answer to no one, have looted homes in the town.", "looting"),
    ("Elements within the SNA abducted two women, the monitor said.", "abduction"),
])
def test_a_part_within_a_force_does_not_make_the_force_a_perpetrator(lexicon: Lexicon, text: str, act: str) -> None:
    assert act in types(text, lexicon)
    assert perpetrators(text, lexicon) == set()
    # a force that acts itself is still the perpetrator
    assert perpetrators("The Iraqi army detained dozens of men fleeing Mosul.", lexicon) == {"iraqi-forces"}
