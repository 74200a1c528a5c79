"""Place suggestions checked against the rest of the report: names inside actors and persons are not places.

The resolver knows the gazetteer, not the people and groups of the text, so its suggestions are checked here:
- a place inside an actor's name is part of that name ("قوات سوريا الديمقراطية", "Hay'at Tahrir al-Sham",
  "Sultan Murad Division");
- a one-word place right after a first name, a kunya or "عبد X" is a family name ("Mohammad Kassab", "Abu Jassem",
  "عبد الرحيم الجاسم", "Mahmoud al-Homsi"; also after a kunya and its name: "Abu Aweed Dhiban"), and so is the same
  Latin word alone elsewhere in the text ("al-Jassim said");
- a capital named for its government is no place ("the Damascus regime", "حكومة بغداد", "the government in Damascus"),
  nor a capital as a party ("بتهمة العمالة لحساب دمشق", "الخارجة عن سيطرة دمشق");
- the area of an official's title ("the deputy governor of Karbala", "محافظ نينوى") and the mark a distance is measured
  from ("18 km southeast of Baquba", "10 كم شمال X") are no places of the events, nor the letters of an acronym written
  in Arabic script ("بي كا كا": the PKK, not Turkey's Biga);
- a kunya that is also a town ("Abu Kamal") is a person throughout a text that introduces it as a name ("a baker
  known as Abu Kamal");
- a state or a capital named as an armed group's patron is no place of the events ("the faction affiliated with
  Turkey", "armed and equipped by Ankara", "الفصيل التابع لتركيا": the "patron" cues of data/context_cues.json);
- a place named as a source or an outlet ("according to Shaam", "مراسل حلب اليوم", "شبكة أخبار العراق") is no place
  of the events, and an Arabic word after a particle that only a verb follows ("في حين تدمّر", "قد", "لم") is a verb;
- a dateline at the head of a paragraph, in brackets ("(Beirut) –", "(Dohuk, Iraq) –"), in capitals ("ERBIL,
  Kurdistan Region –") or before a wire agency ("BEIRUT (Reuters) -"), says where the report was issued, not where
  the events took place;
- a place named only as a person's origin ("a fighter originally from X", "who hails from X", "المنحدر من مدينة X")
  and the cities at the ends of a road ("the Damascus-Daraa highway", "طريق دمشق – درعا") are no places of the
  events (the coding conventions of stop 17, docs/extraction.md). A place of residence ("من أهالي قرية X") is, and so
  is the area an origin is placed in ("from X, west of Hama"): the events are often there too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from tawthiq.extract.lexicon import context_cue_set, data_file
from tawthiq.extract.spans import Document, norm_word
from tawthiq.geo.choosing import DATELINE
from tawthiq.geo.names import EVENT_OWNED
from tawthiq.text import match_key

_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \u00a0-]+$")


class _Names:
    """First names and kunya words (normalised), and the cues that introduce a name, from data/persons.json."""

    def __init__(self, data: dict[str, Any]) -> None:
        given = [*data["given_names_en"], *data["given_names_ar"]]
        self.given = frozenset(norm_word(g) for g in given)
        self.kunya = frozenset(norm_word(k) for k in [*data["kunya_en"], *data["kunya_ar"], "أبو", "أبي", "أبا", "أم"])
        self.linking = frozenset(norm_word(w) for w in ("bin", "ibn", "bint", "بن", "ابن", "بنت"))
        cues = sorted({*data["named_en"], *data["named_ar"]}, key=len, reverse=True)
        self.named = re.compile(r"(?:^|\s)(?:" + "|".join(re.escape(c) for c in cues) + r")\s*[\"“'‘]?\s*$")


@lru_cache(maxsize=1)
def _names() -> _Names:
    return _Names(data_file("persons.json"))


def check_places(doc: Document, places: Sequence[Mapping[str, Any]],
                 actors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The place suggestions that are not part of an actor's or a person's name, in their order."""
    names = _names()
    text = doc.text
    actor_spans = [(int(a["start"]), int(a["end"])) for a in actors]
    people = _introduced_kunyas(text, places, names)
    # a family name once written after a first name ("Abdullah al-Jassim") is that person's throughout ("al-Jassim
    # reported"); in Latin script only, where a first name is a capitalised word (Arabic "على", on, reads as "علي")
    # (the same spelling: "al-Homsi" after "Mahmoud" is no reason to drop "Homs")
    family = {str(p["text"]).casefold() for p in places if str(p["text"]).isascii()
              and _after_a_name(text, int(p["start"]), int(p["end"]), names)}
    starts = [w.start for w in doc.words]
    datelines = [m.span(1) if m.group(1) is not None else m.span(2) for m in DATELINE.finditer(text)]
    kept = []
    for place in places:
        start, end = int(place["start"]), int(place["end"])
        if any(start < b and a < end for a, b in actor_spans):
            continue
        if _patron(doc, bisect_right(starts, start) - 1):  # the word that holds it ("لتركيا")
            continue
        if (_after_a_name(text, start, end, names) or match_key(str(place["text"])) in people
                or str(place["text"]).casefold() in family):
            continue
        if any(a <= start and end <= b for a, b in datelines):
            continue
        if (_GOVERNMENT_AFTER.match(text, end) or _GOVERNMENT_BEFORE.search(text, max(0, start - 18), start)
                or _PARTY_BEFORE.search(text, max(0, start - 18), start)):
            continue  # "the Damascus regime", "حكومة بغداد", "لحساب دمشق": a capital standing for its government
        if _spelled_letters(str(place["text"])):
            continue  # "بي كا كا": the letters of an acronym (the PKK), not Turkey's Biga
        if _TITLE_BEFORE.search(text, max(0, start - 30), start) or _DISTANCE_BEFORE.search(text, max(0, start - 60),
                                                                                             start):
            continue  # "the governor of X" said; "(18 km southeast of X)": a measure from X, not a place of the events
        if _SOURCE_BEFORE.search(text, max(0, start - 20), start) or _verb_after_particle(text, start):
            continue  # "according to Shaam", "مراسل حلب اليوم": an outlet; "في حين تدمّر أو خرج": a verb
        if _PERSON_AFTER.match(text, end):
            continue  # "attributed to Belkis Wille, senior Iraq researcher at": a person, by the work the text gives
        if _ORIGIN_BEFORE.search(text, max(0, start - 40), start):
            continue  # "originally from X", "المنحدر من مدينة X": where a person is from
        if _road_end(text, start, end):
            continue  # "the Damascus-Daraa highway", "طريق دمشق – درعا": a road's ends, not where it happened
        kept.append(dict(place))
    return _located(text, kept)


# a capital named for the government that sits in it ("the Damascus regime", "Baghdad authorities", "حكومة دمشق")
_GOVERNMENT_AFTER = re.compile(r"(?:['’]s)?\s+(?:regime|government|authorities)\b")
_GOVERNMENT_BEFORE = re.compile(r"(?:^|\s)(?:حكومة|حكومه|نظام|سلطات)\s+$|\b(?i:government|regime)\s+in\s+$")
# a capital as a party: working for it, to its benefit, under its control ("بتهمة العمالة لحساب دمشق", "الخارجة عن
# سيطرة دمشق", "عاد إلى قبضة دمشق"); "لصالح" and "سيطرة" are never followed by the name of a place of the events
_PARTY_BEFORE = re.compile(r"(?:^|\s)(?:و?لحساب|و?لصالح|و?سيطرة|و?قبضة)\s+$")
# the area of an official's office ("said the deputy governor of Karbala", "محافظ نينوى"): who speaks, not where
_TITLE_BEFORE = re.compile(r"\b(?i:governor|mayor)\s+of\s+(?:the\s+)?$|(?:^|\s)و?(?:محافظ|قائمقام|قائم\s+مقام|"
                           r"رئيس\s+بلدية)\s+$")
# the place a distance is measured from ("Kanaan district (18 km southeast of Baquba)", "على بعد 10 كم شمال X"): the
# place of the events is the one measured, not the mark
_DIR = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
_AR_DIR = r"(?:ال)?(?:شمال|جنوب|شرق|غرب)(?:ي|ية)?"
_DISTANCE_BEFORE = re.compile(rf"\d\s*(?i:km|kilomet(?:er|re)s?|miles?)\s+(?:\([^()]{{1,20}}\)\s+)?(?i:{_DIR})\s+of\s+"
                              rf"(?:the\s+)?(?:(?i:city|town|village)\s+of\s+)?$|\d\s*(?:كم|كيلومترات|كيلومترا|"
                              rf"كيلومتر)\s+(?:إلى\s+|الى\s+)?{_AR_DIR}(?:\s+{_AR_DIR})?\s+(?:من\s+)?(?:مدينة\s+|بلدة\s+)?$")
# the names of Latin letters in Arabic script: a run of two or more spells an acronym ("بي كا كا": the PKK, "واي بي
# جي": the YPG), whatever town the gazetteer writes the same way
_LETTER_NAMES = frozenset(norm_word(w) for w in """إيه ايه أيه اي إي أي بي سي دي إف اف جي إتش اتش آي جيه جاي كي كيه كا
إل ال إم ام إن ان أو او كيو آر ار إس اس تي يو دبليو إكس اكس واي زد""".split())


def _spelled_letters(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and all(norm_word(w) in _LETTER_NAMES for w in words)

# a name right after "according to" or after an outlet's noun in a construct names the source, not a place of the events
_SOURCE_BEFORE = re.compile(r"(?:\b(?i:according to)|(?:^|\s)(?:و?ب?حسب|وفق(?:ا|اً)? ل|و?مراسل(?:ة|و)?|و?موقع|و?شبكة|"
                            r"و?وكالة|و?قناة|و?صحيفة|و?إذاعة|و?تلفزيون)(?:\s+(?:أخبار|اخبار))?)\s+$")
# an apposition that gives a person's work or kin ("X, senior Iraq researcher at HRW", "X, a local activist"): the
# name before it is a person's, whatever place the gazetteer spells so
_PERSON_AFTER = re.compile(r",[ \t]+(?:(?:a|an|the)[ \t]+)?"
                           r"(?:(?!(?:of|in|and|at|for|where|which|whose|with|his|her|their|its|our|my)\b)"
                           r"[\w’'-]+[ \t]+){0,3}"
                           r"(?:researcher|director|spokes(?:man|woman|person)|activist|journalist|reporter|"
                           r"correspondent|lawyer|doctor|nurse|teacher|official|commander|mother|father|brother|"
                           r"sister|son|daughter|wife|husband|widow)s?\b")
# a place named as where a person is from ("a fighter originally from X", "who hails from X", "المنحدر من مدينة X"):
# the person's origin, not a place of the events (the coding convention of stop 17); not a residence ("من أهالي X",
# "ابن بلدة X": where the person lives, often where it happened)
_ORIGIN_BEFORE = re.compile(
    r"(?:\b(?i:originally\s+from|a\s+native\s+of|natives?\s+of|hails?\s+from|hailing\s+from|hometown\s+of|"
    r"(?:is|are|was|were)\s+(?:originally\s+)?from)\s+(?:the\s+)?"
    r"(?:(?i:city|town|village|province|governorate)\s+of\s+(?:the\s+)?)?"
    r"|(?:^|[\s(،,])(?:و?[يت]نحدر(?:ون|ان)?\s+من|و?المنحدر(?:ة|ين|ون|تين|ان)?\s+من)"
    r"\s+(?:(?:مدينة|بلدة|قرية|حي|مخيم|محافظة|منطقة|ريف)\s+)?)$")
# the cities at the ends of a road ("the Damascus-Daraa highway", "the Homs–Hama road", "طريق دمشق – درعا",
# "أوتوستراد حلب-دمشق الدولي"): the road is the place of the events, not its ends (the coding convention of stop 17)
_DASH = r"\s*[–—-]\s*"
_ROAD_AFTER = re.compile(r"\s+(?i:road|highway|motorway)\b")
_FIRST_END_EN = re.compile(rf"{_DASH}[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?\s+(?i:road|highway|motorway)\b")
_SECOND_END_EN = re.compile(rf"[A-Z][\w’'-]*{_DASH}$")
_ROAD_AR = r"(?:^|[\s(])(?:و?ب?ال|و|ب)?(?:طريق|أوتوستراد|اوتوستراد|أوتستراد|اوتستراد)(?:\s+(?:الدولي|السريع|العام))?\s+"
_FIRST_END_AR = re.compile(rf"{_ROAD_AR}$")
_SECOND_END_AR = re.compile(rf"{_ROAD_AR}[\u0621-\u064A]+(?:\s+[\u0621-\u064A]+)?{_DASH}$")
_DASH_AFTER_AR = re.compile(rf"{_DASH}[\u0621-\u064A]")


def _road_end(text: str, start: int, end: int) -> bool:
    """Whether the place at ``start:end`` is one end of a road the text names by its two ends."""
    before = text[max(0, start - 60):start]
    return bool((_FIRST_END_EN.match(text, end) or (_SECOND_END_EN.search(before) and _ROAD_AFTER.match(text, end)))
                or (_FIRST_END_AR.search(before) and _DASH_AFTER_AR.match(text, end))
                or _SECOND_END_AR.search(before))


# Arabic particles that only a verb follows: the word after them is no place ("في حين تدمّر المشفى", "قد حلّ")
_VERB_PARTICLES = frozenset(norm_word(w) for w in "قد وقد لقد فقد لم ولم لن ولن سوف حين عندما لكي".split())


def _verb_after_particle(text: str, start: int) -> bool:
    before = _WORD_BEFORE.search(text, max(0, start - 12), start)
    return before is not None and not before.group(1).isascii() and norm_word(before.group(1)) in _VERB_PARTICLES


# "the Syria-Turkey border", "the Syria border"; "in Idlib, Syria.": a state named as a border or after a place
_BORDER = re.compile(r"(?:[-–][^\W\d_]+)?\s+border\b")
_CLOSING = re.compile(r"\s*(?:[.;)\n]|$)")
_JOINED = re.compile(r"(?:\s+(?:and|or)\s+|\s+و|\s*،\s*|,\s*(?:and\s+)?)$")
# What makes a mention of a state a place: a preposition of place or a direction before it ("in Syria", "into Turkey",
# "northeast Syria", "في سوريا", "شمال غربي سوريا"), or a place before it ("Dohuk, Iraq").
_LOCATIVE_EN = re.compile(r"(?i:\b(?:in|into|inside|from|to|towards?|across|throughout|within|at|near|via|through|"
                          r"between|outside|parts of|areas of|regions of|all over|fled|fleeing|left|leaving|"
                          r"entered|entering|crossed|crossing|reached|border with)\s+(?:the\s+)?|"
                          r"\b(?:north|south|east|west|central|northern|southern|eastern|western|coastal|rural|"
                          r"north-?east(?:ern)?|north-?west(?:ern)?|south-?east(?:ern)?|"
                          r"south-?west(?:ern)?)\s+)$")
_LOCATIVE_AR = re.compile(r"(?:(?:^|[\s(])(?:في|من|إلى|الى|داخل|نحو|عبر|بين|خارج|أنحاء|انحاء|مناطق|ربوع|شمال|جنوب|"
                          r"شرق|غرب|شمالي|جنوبي|شرقي|غربي|وسط|باتجاه|اتجاه|الحدود مع|الحدودية مع|الحدودي مع|"
                          r"الحدود السورية مع)(?:\s+(?:غربي|شرقي|غرب|شرق))?\s+|(?:^|\s)و?[بف]ي?)$")


def _located(text: str, places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop the states named only as actors: a state none of whose mentions follows a preposition of place, a
    direction or another place, or names a border or what happened in it ("Syria’s 2011 uprising") is a party to the
    events ("Turkey wants to control…", "Turkey's president", "وتركيا الداعمة للمعارضة"), not where they took
    place."""
    ends = {int(p["end"]): p for p in places}
    located: set[str] = set()
    where: dict[int, bool] = {}  # a mention's end -> whether it is named as a place
    for p in sorted(places, key=lambda p: int(p["start"])):
        start, end = int(p["start"]), int(p["end"])
        if p.get("precision") != "country":
            where[end] = True
            continue
        before, after = text[max(0, start - 30):start], text[end:end + 30]
        comma = re.search(r",\s*$", before)
        joined = _JOINED.search(before)  # "in Iraq and Syria": as the state before it; "روسيا وتركيا" too
        if joined is not None and start - len(joined.group(0)) in where:
            here = where[start - len(joined.group(0))]
        else:
            here = bool(_LOCATIVE_EN.search(before) or _LOCATIVE_AR.search(before) or _BORDER.match(after)
                        or EVENT_OWNED.match(after)  # "Syria’s 2011 uprising": the state's
                        or (comma is not None and (start - len(comma.group(0)) in ends or _CLOSING.match(after))))
        where[end] = here
        if here:
            located.add(match_key(str(p.get("name") or p["text"])))
    return [p for p in places if p.get("precision") != "country"
            or match_key(str(p.get("name") or p["text"])) in located]


def _patron(doc: Document, first: int) -> bool:
    """Whether a patron cue ends right before word ``first``, with nothing but spaces between."""
    words, cues = doc.words, context_cue_set("patron")
    if first >= len(words):
        return False
    return any(end == first and not doc.text[words[end - 1].end:words[first].start].strip()
               for k in range(max(0, first - 3), first) for _pattern, end in cues.starting_at(words, k, first))


def _after_a_name(text: str, start: int, end: int, names: _Names) -> bool:
    """Whether a one-word place follows a first name, a kunya, "bin" or "عبد X" in the same line."""
    if " " in text[start:end].strip():
        return False
    before = _WORD_BEFORE.search(text[max(0, start - 40):start])
    if before is None:
        return False
    word = norm_word(before.group(1))
    if word in names.given or word in names.kunya or word in names.linking:
        return True
    # "عبد الرحيم الجاسم", "Abd al-Rahman Kassab": the two words before make one first name; so do a kunya and its
    # name ("Abu Aweed Dhiban", "أبو محمد الحلبي": the third word is a family or a group's name)
    pair = re.search(r"([^\W\d_]+)[ \u00a0-]+([^\W\d_]+)[ \u00a0-]+$", text[max(0, start - 60):start])
    if pair is None:
        return False
    first = norm_word(pair.group(1))
    # "Omar Kassem Hasaba": a Latin first name and a capitalised second name (the father's) before the place word
    return (first in ("عبد", "abd", "abdul", "abdel") or first in names.kunya - {"ام"}  # أم is also "or"
            or (first in names.given and pair.group(1)[:1].isupper() and pair.group(2)[:1].isupper()
                and pair.group(2).isascii()))


def _introduced_kunyas(text: str, places: Sequence[Mapping[str, Any]], names: _Names) -> set[str]:
    """Keys of kunya-shaped place names that the text introduces as a person's name ("known as Abu Kamal")."""
    people = set()
    for place in places:
        words = str(place["text"]).split()
        if len(words) < 2 or norm_word(words[0]) not in names.kunya:
            continue
        start = int(place["start"])
        if names.named.search(text[max(0, start - 30):start]):
            people.add(match_key(str(place["text"])))
    return people
