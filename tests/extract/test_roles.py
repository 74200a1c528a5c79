"""Each actor a report names carries its role, and only perpetrators become perpetrators; Arabic perpetrator phrases
are found as the English ones are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract
from tawthiq.extract.roles import ROLES
from tawthiq.services.coding.ingest import ingest_paths
from tawthiq.services.coding.review import Decision, list_suggestions, review_report
from tawthiq.services.records.store import list_records
from tawthiq.services.records.vocabularies import shipped_actors
from tawthiq.services.workspace import Workspace
from tests.support import OWNER


def _roles(text: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    result = extract(text, language=language, published_on=None, lexicon=lexicon, places=NullPlaces())
    assert all(a["role"] in ROLES for a in result["actors"])
    return [(a["slug"], a["role"]) for a in result["actors"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the enemy a strike was aimed at
        ("Regime forces heavily shelled IS positions near Deir ez-Zor.",
         [("syrian-government-forces", "perpetrator"), ("islamic-state", "target")]),
        # the group controlling the area
        ("اعتقلت قوات النظام شاباً في مناطق سيطرة قسد في ريف دير الزور.",
         [("syrian-government-forces", "perpetrator"), ("syrian-democratic-forces", "controller")]),
        # the victims' side, counted
        ("Turkish drones killed nineteen SDF fighters and two civilians near Qamishli in Syria.",
         [("turkish-forces", "perpetrator"), ("syrian-democratic-forces", "victim")]),
        # named as the source, not as the attacker
        ("The SDF said that Turkish drones killed two civilians in Syria.",
         [("syrian-democratic-forces", "mentioned"), ("turkish-forces", "perpetrator")]),
        # a name repeated in brackets is what the name before it is
        ("Fighters returned to territory previously held by the Islamic State of Iraq and the Levant (ISIL) in "
         "Syria, where YPG fighters demolished homes.",
         [("islamic-state", "controller"), ("islamic-state", "controller"), ("ypg", "perpetrator")]),
    ],
)
def test_every_actor_carries_its_role(text: str, expected: list[tuple[str, str]], lexicon: Lexicon) -> None:
    assert _roles(text, lexicon) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل ثلاثة مدنيين بقصف طائرات حربية روسية على قرية في ريف إدلب.", [("russian-forces", "perpetrator")]),
        ("قتل طفلان جراء غارات روسية على بلدة في ريف إدلب.", [("russian-forces", "perpetrator")]),
        # the adjective agrees with a definite noun, and a second one joined by و names a second attacker
        ("قتل خمسة مدنيين في غارات نفذها الطيران الروسي والسوري على إدلب.",
         [("russian-forces", "perpetrator"), ("syrian-air-force", "perpetrator")]),
        ("أصيب مدنيان بقصف مدفعي تركي على قرية في ريف الحسكة.", [("turkish-forces", "perpetrator")]),
        ("قتل مدني بغارة لطيران مجهول الهوية على سيارة في ريف دير الزور.",
         [("unidentified-aircraft", "perpetrator")]),
        # a bare "النظام" is the Syrian government's forces unless the report is about another state
        ("قصف النظام بلدة في ريف إدلب وقتل ثلاثة مدنيين.", [("syrian-government-forces", "perpetrator")]),
        ("قصفت الحكومة بلدة في ريف إدلب وقتلت ثلاثة مدنيين.", [("syrian-government-forces", "perpetrator")]),
        ("قتل مدنيان برصاص الفصائل الموالية لتركيا في عفرين بسوريا.", [("syrian-national-army", "perpetrator")]),
        ("اعتقل تجمع أحرار الشرقية ثلاثة شبان في رأس العين بسوريا.", [("ahrar-al-sharqiya", "perpetrator")]),
        ("Ahrar al-Sharqiya fighters detained three young men in Ras al-Ain, Syria.",
         [("ahrar-al-sharqiya", "perpetrator")]),
    ],
)
def test_arabic_perpetrator_phrases_are_found(text: str, expected: list[tuple[str, str]], lexicon: Lexicon) -> None:
    assert _roles(text, lexicon) == expected


@pytest.mark.parametrize(
    "text",
    [
        "قصف النظام السابق قرى كردية في شمال العراق.",  # a report on Iraq: another state's regime
        "The regime shelled Kurdish villages in northern Iraq in 1988.",
        "اعتقلت المخابرات التركية ثلاثة أشخاص في إسطنبول.",  # intelligence of the state the sentence names
        "قالت الهيئة المستقلة للانتخابات إن النتائج ستعلن غداً.",  # a committee, not Hay'at Tahrir al-Sham
        "اتهم ناشط في دمشق بالتعاون مع الحكومة.",  # a bare "the government" in passing names no one
    ],
)
def test_generic_words_are_not_taken_for_an_actor(text: str, lexicon: Lexicon) -> None:
    assert _roles(text, lexicon) == []


def test_the_turkish_backed_factions_stand_under_the_syrian_national_army() -> None:
    actors = {a["slug"]: a for a in shipped_actors()["actors"]}
    for slug in ("hamza-division", "sultan-murad-division", "suleiman-shah-division", "ahrar-al-sharqiya"):
        assert actors[slug]["parent"] == "syrian-national-army"
        assert any("\u0600" <= ch <= "\u06ff" for ch in actors[slug]["name_ar"])


def test_the_review_makes_no_perpetrator_of_an_actor_suggested_in_another_role(sqlite_ws: Workspace,
                                                                              tmp_path: Path) -> None:
    page = tmp_path / "strike.txt"
    page.write_text("Regime forces shelled IS positions near the market of al-Mayadin in Syria on 3 May 2016, "
                    "killing four civilians, a local activist said.", encoding="utf-8")
    [result] = ingest_paths(sqlite_ws, OWNER, paths=[page])
    report = result.report_id or ""
    suggestions = list_suggestions(sqlite_ws, report=report)
    roles = {a["slug"]: a["role"] for a in suggestions["actors"]}
    assert roles == {"syrian-government-forces": "perpetrator", "islamic-state": "target"}
    killing = next(n for n, v in enumerate(suggestions["violations"]) if v["type"] == "killing")
    accept = [Decision("violations", killing)] + [Decision("actors", n) for n in range(len(suggestions["actors"]))]
    outcome = review_report(sqlite_ws, report=report, accept=accept, reject=[])
    [act] = list_records(sqlite_ws, kind="act", where={"event_id": outcome.event_id})
    involved = {str(i["actor_id"]) for i in list_records(sqlite_ws, kind="involvement", where={"act_id": act["id"]})}
    slugs = {a["id"]: a["slug"] for a in list_records(sqlite_ws, kind="actor", limit=None)}
    assert {slugs[i] for i in involved} == {"syrian-government-forces"}


def test_extract_json_gives_every_actor_its_role(run_cli: Any, tmp_path: Path) -> None:
    run_cli("init")
    page = tmp_path / "strike.txt"
    page.write_text("Regime forces shelled IS positions in the SDF-held town of Hajin in Syria, killing three "
                    "civilians, the SDF said.", encoding="utf-8")
    result = json.loads(run_cli("extract", str(page), "--json").stdout)
    assert [(a["slug"], a["role"]) for a in result["actors"]] == [
        ("syrian-government-forces", "perpetrator"), ("islamic-state", "target"),
        ("syrian-democratic-forces", "controller"), ("syrian-democratic-forces", "mentioned")]
    assert result["violations"] and all(v["actors"] == ["syrian-government-forces"] for v in result["violations"])
