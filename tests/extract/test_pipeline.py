from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tawthiq.extract import FIELDS, Lexicon, NullPlaces, extract
from tawthiq.extract.pipeline import STEPS, Context

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "albu-kamal-internet-cut.txt"
SPANNED = ("places", "actors", "persons", "sources", "counts")


class FixedPlaces:
    """A resolver fake that returns what it was given."""

    def __init__(self, places: list[dict[str, Any]]) -> None:
        self.places = places

    def resolve(self, text: str, language: str) -> list[dict[str, Any]]:
        return self.places


class BrokenPlaces:
    def resolve(self, text: str, language: str) -> list[dict[str, Any]]:
        raise ConnectionError("gazetteer offline")


def _assert_valid(result: dict[str, Any], text: str) -> None:
    assert list(result) == ["language", *FIELDS, "warnings"]
    json.dumps(result)
    for field in SPANNED:
        for item in result[field]:
            assert 0 <= item["start"] < item["end"] <= len(text)
            assert text[item["start"] : item["end"]] == item["text"]
    for item in result["dates"]:
        assert text[item["start_offset"] : item["end_offset"]] == item["text"]
        assert item["start"] <= item["end"] and item["precision"] in ("day", "week", "month", "year")
    for item in result["violations"]:
        assert text[item["start"] : item["end"]] == item["text"]
    for item in result["counts"]:
        assert item["kind"] in ("killed", "injured", "detained", "displaced") and item["value"] > 0


# The sample is third-party text kept in ../shared, never copied into the repository; CI has it beside the checkout.
@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample report is not checked out beside the project")
def test_the_albu_kamal_sample_yields_its_actor_violations_sources_and_persons(lexicon: Lexicon) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    result = extract(text, language="en", published_on=date(2015, 7, 20), lexicon=lexicon, places=NullPlaces())
    _assert_valid(result, text)
    assert result["warnings"] == []
    assert {a["slug"] for a in result["actors"]} == {"islamic-state"}
    assert {"restriction-of-communication", "forced-displacement", "arbitrary-detention",
            "forced-recruitment"} <= {v["type"] for v in result["violations"]}
    sources = {s["text"]: s["anonymous"] for s in result["sources"]}
    assert sources["Abu Khaled, a man closed to IS"] is True
    assert sources["private sources"] is True
    persons = {p["text"] for p in result["persons"]}
    assert {"Belgian Abu Omar", "Chechen Omar", "Saddam Aljamal", "Aladnani"} <= persons
    assert {p["name"] for p in result["persons"]} >= {"Abu Omar al-Baljiki", "Omar al-Shishani"}
    assert not {"Abu Kamal", "Albu Kamal"} & persons  # a town, not a kunya


def test_a_failing_step_is_recorded_and_the_others_go_on(lexicon: Lexicon) -> None:
    def broken(ctx: Context) -> list[Any]:
        raise ValueError("lexicon corrupt")

    steps = [(name, broken if name == "persons" else step) for name, step in STEPS]
    text = "IS fighters arrested three men in Raqqa yesterday."
    result = extract(text, language="en", published_on=date(2016, 3, 2), lexicon=lexicon, places=NullPlaces(),
                     steps=steps)
    assert result["warnings"] == ["persons: ValueError: lexicon corrupt"]
    assert result["persons"] == []
    assert [a["slug"] for a in result["actors"]] == ["islamic-state"]
    assert [v["type"] for v in result["violations"]] == ["arbitrary-detention"]
    assert [(c["kind"], c["value"]) for c in result["counts"]] == [("detained", 3)]
    assert [d["start"] for d in result["dates"]] == ["2016-03-01"]


def test_a_failing_resolver_costs_the_places_only(lexicon: Lexicon) -> None:
    result = extract("IS shelled Raqqa.", language="en", published_on=None, lexicon=lexicon, places=BrokenPlaces())
    assert result["warnings"] == ["places: ConnectionError: gazetteer offline"]
    assert result["places"] == [] and result["actors"]


def test_places_pass_through_and_reach_the_violations_of_their_sentence(lexicon: Lexicon) -> None:
    text = "Regime forces besieged Madaya. Elsewhere all was calm."
    madaya = {"text": "Madaya", "start": 23, "end": 29, "name": "Madaya", "lat": 33.69, "lon": 36.1,
              "gazetteer_id": "170000", "precision": "near"}
    wrong = {**madaya, "start": 0, "end": 6}  # its text is not at that span: dropped, with a warning
    result = extract(text, language="en", published_on=None, lexicon=lexicon, places=FixedPlaces([madaya, wrong]))
    assert result["places"] == [madaya]
    assert result["warnings"] == ["places: 1 suggestion(s) dropped: span does not match the text"]
    assert [(v["type"], v["places"], v["actors"]) for v in result["violations"]] == [
        ("siege", ["Madaya"], ["syrian-government-forces"])]


def test_places_found_by_the_resolver_are_not_persons(lexicon: Lexicon) -> None:
    text = "Umm Batna was shelled while Umm Ahmad slept."
    place = {"text": "Umm Batna", "start": 0, "end": 9, "name": "Umm Batna", "lat": None, "lon": None,
             "gazetteer_id": None, "precision": "unresolved"}
    result = extract(text, language="en", published_on=None, lexicon=lexicon, places=FixedPlaces([place]))
    assert [p["name"] for p in result["persons"]] == ["Umm Ahmad"]


@pytest.mark.parametrize(("language", "expected"), [("en", "en"), ("ar", "ar"), ("ar-SY", "ar"), ("fr", "en")])
def test_the_language_is_one_of_the_two_the_pipeline_reads(language: str, expected: str, lexicon: Lexicon) -> None:
    result = extract("", language=language, published_on=None, lexicon=lexicon, places=NullPlaces())
    assert result["language"] == expected
    assert all(result[f] == [] for f in FIELDS) and result["warnings"] == []


def test_an_arabic_report_end_to_end(lexicon: Lexicon) -> None:
    text = ("أعدم تنظيم داعش أمس ثلاثة شبان في الميادين، وقال مصدر خاص فضّل عدم الكشف عن اسمه إن القيادي "
            "أبو عائشة التونسي تلا الحكم.")
    result = extract(text, language="ar", published_on=date(2016, 7, 18), lexicon=lexicon, places=NullPlaces())
    _assert_valid(result, text)
    assert [a["slug"] for a in result["actors"]] == ["islamic-state"]
    assert [v["type"] for v in result["violations"]] == ["extrajudicial-execution"]
    assert [(d["text"], d["start"]) for d in result["dates"]] == [("أمس", "2016-07-17")]
    assert [(c["kind"], c["value"]) for c in result["counts"]] == [("killed", 3)]
    assert [(s["text"], s["anonymous"]) for s in result["sources"]] == [("مصدر خاص", True)]
    assert [p["name"] for p in result["persons"]] == ["أبو عائشة التونسي"]


def test_the_lexicon_of_the_database_actors_is_used(lexicon: Lexicon) -> None:
    users = Lexicon.from_actors([("b-7", "Brigade of the Example", ["Example Brigade", "كتيبة المثال"])])
    text = "The Example Brigade arrested two men; IS was not there."
    result = extract(text, language="en", published_on=None, lexicon=users, places=NullPlaces())
    assert [a["slug"] for a in result["actors"]] == ["b-7"]


@lru_cache(maxsize=1)
def _shipped() -> Lexicon:
    return Lexicon.shipped()


_WORDS = ["IS", "is", "Daesh", "داعش", "killed", "arrested", "قتل", "اعتقال", "yesterday", "أمس", "at least", "12",
          "١٢", "Abu", "Omar", "أبو", "عمر", "said", "قال", "according to", "July", "تموز", "2015", "no one", "لم",
          "“", "”", ",", ".", "\n", "(", ")", "al-", "between", "and", "dozens", "عشرات", "Tuesday", "الثلاثاء"]
_TEXT = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6),
                           st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=6),
                           st.text(alphabet=st.characters(min_codepoint=0x0660, max_codepoint=0x0669), max_size=3)),
                 max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, language=st.sampled_from(["en", "ar"]), published=st.one_of(st.none(), st.dates()))
def test_any_text_gives_the_structure_with_valid_spans_and_no_warning(text: str, language: str,
                                                                     published: date | None) -> None:
    # the lexicon is not a fixture argument: hypothesis would print all of it with every example it reports
    result = extract(text, language=language, published_on=published, lexicon=_shipped(), places=NullPlaces())
    _assert_valid(result, text)
    assert result["warnings"] == []
