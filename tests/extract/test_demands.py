"""A demand to stop an act ("called for an end to torture", "urged the regime to cease bombing") tells of what should
stop, not of a new event: like a warning it reaches back over its clause, and over every item of a list of things
("residential areas, hospitals, schools, and markets"); an act the text tells beside it is still read. Acts listed as
the kinds of a state of lawlessness ("a high level of lawlessness, including ambushes and kidnappings") are no event."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tests.extract.readings import types


@pytest.mark.parametrize("text", [
    "The statement stressed the urgent need for the Assad regime to cease shelling and the targeting of homes, "
    "clinics, schools, and markets.",
    "Amnesty urged the Assad regime to cease the bombing and the targeting of hospitals and schools.",
    "The statement urged Russian forces to cease airstrikes on schools, hospitals and markets in Idlib.",
    "It also called for an end to torture that has led to the deaths of hundreds of prisoners in detention centres.",
])
def test_a_demand_to_stop_an_act_tells_of_no_new_act(lexicon: Lexicon, text: str) -> None:
    assert types(text, lexicon) == set()
    # an act told beside a demand or a warning is still read, and every item of a list of things it hits
    for told, expected in _TOLD_BESIDE:
        assert types(told, lexicon) == expected


_TOLD_BESIDE = [
    ("Regime forces shelled a hospital in Idlib on Monday; the UN urged them to cease such attacks.",
     {"attack-on-medical-care"}),
    ("Regime forces shelled schools, hospitals and markets in Idlib.",
     {"attack-on-civilian-objects", "attack-on-education", "attack-on-medical-care"}),
    ("The UN warned of famine, and regime forces shelled the market.", {"attack-on-civilian-objects"}),
]


@pytest.mark.parametrize("text", [
    "Since its recapture, the town has seen a high level of lawlessness, including insurgent attacks, ambushes, and "
    "kidnappings.",
    "Iraqi security forces arrived in the town. The area continues to witness lawlessness, including kidnappings.",
    "Residents describe chaos, such as looting and kidnappings, across the province.",
])
def test_acts_listed_as_kinds_of_lawlessness_are_no_event(lexicon: Lexicon, text: str) -> None:
    assert types(text, lexicon) == set()
    assert types("Amid the lawlessness, gunmen kidnapped two aid workers in the town on Monday.", lexicon) >= {
        "abduction"}
