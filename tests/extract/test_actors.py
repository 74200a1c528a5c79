from __future__ import annotations

from datetime import date

import pytest

from tawthiq.extract import Lexicon
from tawthiq.extract.actors import find_actors
from tawthiq.extract.spans import Document


def _found(text: str, lexicon: Lexicon, published_on: date | None = None) -> list[tuple[str, str]]:
    hits = find_actors(Document(text, "en", published_on), lexicon)
    for hit in hits:
        assert text[hit["start"] : hit["end"]] == hit["text"]
    return [(h["text"], h["slug"]) for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Daesh fighters entered the town.", [("Daesh", "islamic-state")]),
        ("IS-controlled areas and the SDF's checkpoints",
         [("IS", "islamic-state"), ("SDF", "syrian-democratic-forces")]),
        ("Fighters of Hay'at Tahrir al-Sham arrested him.", [("Hay'at Tahrir al-Sham", "hayat-tahrir-al-sham")]),
        ("the Islamic State of Iraq and the Levant said", [("Islamic State of Iraq and the Levant", "islamic-state")]),
        ("Jabhat al-Nusra and the YPG clashed", [("Jabhat al-Nusra", "jabhat-al-nusra"), ("YPG", "ypg")]),
        ("Hayyat Tahrir el-Sham fighters", [("Hayyat Tahrir el-Sham", "hayat-tahrir-al-sham")]),
        ("regime forces shelled the town", [("regime forces", "syrian-government-forces")]),
    ],
)
def test_english_aliases_are_found_with_their_spans(text: str, expected: list[tuple[str, str]],
                                                    lexicon: Lexicon) -> None:
    assert _found(text, lexicon) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اقتحم عناصر داعش القرية", [("داعش", "islamic-state")]),
        ("وأعدم تنظيم الدولة الإسلامية شابين", [("تنظيم الدولة الإسلامية", "islamic-state")]),
        ("اشتباكات بين قسد وبقوات النظام",
         [("قسد", "syrian-democratic-forces"), ("وبقوات النظام", "syrian-government-forces")]),
        ("قصفت الطائرات الروسية المدينة", [("الطائرات الروسية", "russian-forces")]),
        ("انسحبت هيئة تحرير الشام", [("هيئة تحرير الشام", "hayat-tahrir-al-sham")]),
    ],
)
def test_arabic_aliases_are_found_with_attached_particles(text: str, expected: list[tuple[str, str]],
                                                          lexicon: Lexicon) -> None:
    assert _found(text, lexicon) == expected


@pytest.mark.parametrize(
    "text",
    [
        "This is what is left of the town; it is much worse than before.",
        "The tip of the iceberg is here, said the sniper.",
        "Is it true? Much of the city is gone.",
        "هو في المدينة وهي في القرية",
    ],
)
def test_ordinary_words_are_not_actors(text: str, lexicon: Lexicon) -> None:
    assert _found(text, lexicon) == []


def test_the_longest_overlapping_mention_wins(lexicon: Lexicon) -> None:
    assert _found("Turkistan Islamic Party in Syria fighters", lexicon) == [
        ("Turkistan Islamic Party in Syria", "turkistan-islamic-party")]


def test_a_shared_alias_goes_to_the_actor_of_the_publication_date(lexicon: Lexicon) -> None:
    assert _found("Syrian government forces raided the village.", lexicon, date(2015, 5, 1)) == [
        ("Syrian government forces", "syrian-government-forces")]
    assert _found("Syrian government forces raided the village.", lexicon, date(2025, 3, 1)) == [
        ("Syrian government forces", "syrian-government-forces-post-2024")]


def test_actors_added_by_users_are_found_in_both_scripts() -> None:
    lexicon = Lexicon.from_actors([("a-1", "Martyrs of Example Brigade", ["Example Brigade", "لواء المثال"])])
    assert _found("The Example Brigade and لواء المثال", lexicon) == [
        ("Example Brigade", "a-1"), ("لواء المثال", "a-1")]


def test_every_mention_span_gives_one_suggestion(lexicon: Lexicon) -> None:
    assert _found("IS fighters, IS emirs and Daesh", lexicon) == [
        ("IS", "islamic-state"), ("IS", "islamic-state"), ("Daesh", "islamic-state")]
