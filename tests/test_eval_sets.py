"""The hand-annotated report sets in bench/ (development, held-out and the real set) are well-formed: every span
stands at its offset, every slug is in the shipped vocabularies, and the annotation rules that can be checked
mechanically hold."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tawthiq.services.records.vocabularies import shipped_actors, shipped_vocabularies

BENCH = Path(__file__).resolve().parents[1] / "bench"
SETS = {"eval": BENCH / "extraction_eval", "heldout": BENCH / "extraction_heldout"}
REPORTS = sorted(p for folder in SETS.values() for p in folder.glob("*.json"))
FIELDS = ("places", "actors", "persons", "dates", "violations", "sources", "counts")
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
            "الاثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6}


def _load(path: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return report


def _violation_types() -> tuple[set[str], set[str]]:
    """Usable violation slugs, and the grouping headings (top-level concepts with children) plus `other`."""
    vocab = next(v for v in shipped_vocabularies() if v["vocabulary"] == "violation-types")
    parents = {c["parent"] for c in vocab["concepts"]}
    headings = {c["slug"] for c in vocab["concepts"] if c["parent"] is None and c["slug"] in parents} | {"other"}
    return {c["slug"] for c in vocab["concepts"]} - headings, headings


def _span(field: str, annotation: dict[str, Any]) -> str:
    return str(annotation["sentence"] if field == "violations" else annotation["text"])


def test_both_sets_are_present_with_enough_reports_in_each_language() -> None:
    for name, minimum in (("eval", {"en": 30, "ar": 10}), ("heldout", {"en": 16, "ar": 8})):
        languages = [_load(p)["language"] for p in SETS[name].glob("*.json")]
        for language, least in minimum.items():
            assert languages.count(language) >= least, (name, language)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_report_has_the_documented_shape(path: Path) -> None:
    report = _load(path)
    assert report["id"] == path.stem
    assert report["language"] in ("en", "ar")
    date.fromisoformat(report["published_on"])
    assert set(report["expected"]) == set(FIELDS)
    words = len(report["text"].split())
    assert 80 <= words <= 600, words


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_annotated_span_stands_at_its_offset(path: Path) -> None:
    report = _load(path)
    text = report["text"]
    for field in FIELDS:
        for annotation in report["expected"][field]:
            span, offset = _span(field, annotation), annotation["offset"]
            assert text[offset:offset + len(span)] == span, (field, span, offset)
            for other in annotation.get("other_texts", []):
                assert other in text, (field, other)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_violation_and_actor_slugs_are_in_the_vocabularies(path: Path) -> None:
    usable, headings = _violation_types()
    actors = {a["slug"] for a in shipped_actors()["actors"]}
    expected = _load(path)["expected"]
    types = [v["type"] for v in expected["violations"]]
    assert set(types) <= usable, set(types) - usable
    assert len(types) == len(set(types)), "a type is annotated twice"
    assert {a["slug"] for a in expected["actors"]} <= actors
    assert {s for v in expected["violations"] for s in v["actors"]} <= actors


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_perpetrators_are_exactly_the_actors_of_the_violations(path: Path) -> None:
    expected = _load(path)["expected"]
    perpetrators = {a["slug"] for a in expected["actors"] if a["role"] == "perpetrator"}
    assert perpetrators == {s for v in expected["violations"] for s in v["actors"]}
    assert {a["role"] for a in expected["actors"]} <= {"perpetrator", "victim", "other"}


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_dates_resolve_to_ordered_days_that_match_named_weekdays(path: Path) -> None:
    for d in _load(path)["expected"]["dates"]:
        start, end = date.fromisoformat(d["start"]), date.fromisoformat(d["end"])
        assert start <= end and d["precision"] in ("day", "week", "month", "year"), d
        words = [w if w in WEEKDAYS else w.removeprefix("و") for w in re.findall(r"\w+", d["text"].lower())]
        named = [WEEKDAYS[w] for w in words if w in WEEKDAYS]  # "الأحد والاثنين": و is a proclitic
        if named:
            assert (start.weekday(), end.weekday()) == (named[0], named[-1]), d


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_counts_are_positive_victim_figures_and_breakdowns_point_at_a_total(path: Path) -> None:
    counts = _load(path)["expected"]["counts"]
    totals = {c["text"] for c in counts}
    for c in counts:
        assert c["kind"] in ("killed", "injured", "detained", "displaced") and c["value"] >= 1, c
        assert c.get("part_of", c["text"]) in totals, c


# The real set: excerpts of published reporting coded by hand (bench/extraction_real/), a third held out, and a
# second coding of some of them by another coder (bench/extraction_real_second/), whose offsets point into the first
# file's text.
REAL = sorted((BENCH / "extraction_real").glob("*.json"))
SECOND = sorted((BENCH / "extraction_real_second").glob("*.json"))
REAL_FIELDS = ("places", "actors", "violations", "counts")
ROLES = ("perpetrator", "victim", "target", "controller", "mentioned")


def test_the_real_set_has_forty_reports_fifteen_arabic_and_a_third_held_out() -> None:
    reports = [_load(p) for p in REAL]
    assert len(reports) >= 40
    assert sum(r["language"] == "ar" for r in reports) >= 15
    assert {r["split"] for r in reports} == {"tuning", "heldout"}
    held = [r for r in reports if r["split"] == "heldout"]
    assert 0.25 <= len(held) / len(reports) <= 0.4, len(held)
    assert {r["language"] for r in held} == {"en", "ar"}
    usable, _headings = _violation_types()
    assert len({v["type"] for r in reports for v in r["expected"]["violations"]} & usable) >= 10


def _real(path: Path) -> dict[str, Any]:
    """A report of the real set; a second coding with the first file's text, language, split and source."""
    report = _load(path)
    if path.parent.name != "extraction_real_second":
        return report
    assert set(report) == {"id", "notes", "expected"}, sorted(report)
    return {**_load(BENCH / "extraction_real" / path.name), "notes": report["notes"], "expected": report["expected"]}


@pytest.mark.parametrize("path", REAL + SECOND, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_real_report_has_the_documented_shape_and_spans(path: Path) -> None:
    report = _real(path)
    assert report["id"] == path.stem and report["language"] in ("en", "ar")
    assert report["split"] in ("tuning", "heldout")
    assert report["source"]["url"].startswith(("https://", "http://")) and report["source"]["publisher"]
    if report["published_on"] is not None:
        date.fromisoformat(report["published_on"])
    assert 50 <= len(report["text"].split()) <= 600
    assert set(report["expected"]) == set(REAL_FIELDS)
    text = report["text"]
    for field in REAL_FIELDS:
        for annotation in report["expected"][field]:
            span, offset = _span(field, annotation), annotation["offset"]
            assert text[offset:offset + len(span)] == span, (field, span, offset)
            for other in annotation.get("other_texts", []):
                assert other in text, (field, other)


@pytest.mark.parametrize("path", REAL + SECOND, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_real_report_roles_slugs_and_perpetrators_agree(path: Path) -> None:
    usable, _headings = _violation_types()
    actors = {a["slug"] for a in shipped_actors()["actors"]}
    expected = _real(path)["expected"]
    for a in expected["actors"]:
        assert a["role"] in ROLES, a
        assert a["slug"] in actors if a["slug"] else a.get("named"), a  # an actor the list lacks says who it is
    types = [v["type"] for v in expected["violations"]]
    assert set(types) <= usable and len(types) == len(set(types))
    perpetrators = {a["slug"] for a in expected["actors"] if a["role"] == "perpetrator" and a["slug"]}
    of_violations = {s for v in expected["violations"] for s in v["actors"]}
    optional = {s for v in expected["violations"] for s in v.get("optional_actors", [])}
    assert of_violations <= perpetrators <= of_violations | optional
    for c in expected["counts"]:
        assert c["kind"] in ("killed", "injured", "detained", "missing", "displaced") and c["value"] >= 1, c
