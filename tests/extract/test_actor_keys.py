"""Common words never become actor aliases: "US military" names the US armed forces, "Military" alone nothing."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tawthiq.extract.actors import find_actors
from tawthiq.extract.spans import Document


def _found(text: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    return [(h["text"], h["slug"]) for h in find_actors(Document(text, "en", None), lexicon)]


def test_saydnaya_military_prison_is_no_us_forces(lexicon: Lexicon) -> None:
    assert _found("He spent two years in Saydnaya Military Prison.", lexicon) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US military said the strike hit a depot.", [("US military", "us-forces")]),
        ("U.S. forces raided the house.", [("U.S. forces", "us-forces")]),
        ("US troops withdrew from the base.", [("US troops", "us-forces")]),
    ],
)
def test_us_forces_are_found_in_their_spellings(text: str, expected: list[tuple[str, str]], lexicon: Lexicon) -> None:
    assert _found(text, lexicon) == expected


@pytest.mark.parametrize(
    "word",
    ["Military", "Forces", "Army", "Security", "Government", "Police", "Prison", "Intelligence", "Division",
     "Brigade", "Court", "Branch", "State", "Front", "Troops", "Guards", "Group", "Units", "Movement"],
)
def test_a_common_word_alone_names_no_actor(word: str, lexicon: Lexicon) -> None:
    assert _found(f"{word} sources gave no figures.", lexicon) == []
    assert _found(f"Residents spoke of the {word} in the town.", lexicon) == []


def test_an_alias_whose_key_would_lose_an_acronym_gets_no_loose_matching() -> None:
    # "AS" reads as an article: the key of "AS Military" would be that of "Military"
    lexicon = Lexicon.from_actors([("example-army", "Example Army", ["AS Military"])])
    assert _found("The Military Council met.", lexicon) == []
    assert _found("Fighters of the AS Military entered.", lexicon) == [("AS Military", "example-army")]
