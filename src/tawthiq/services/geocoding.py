"""Resolving place mentions in text against the gazetteer, using the context around them.

A mention becomes a place only when one candidate clearly wins. Context counts: an enclosing area named
anywhere in the text ("… in the eastern countryside of Deir ez-Zor"), other places nearby, Syria over its
neighbours. A candidate far outside the area the text names, or two far-apart candidates that score alike,
leave the mention unresolved: a wrong coordinate is worse than none. An unknown village or neighbourhood
("the village of X", "حي X") keeps its text and falls back to the enclosing area at region precision.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tawthiq.db.models import Place
from tawthiq.db.search import PlaceName
from tawthiq.search.backend import full_text_for
from tawthiq.services.indexing import catch_up, without_area_words
from tawthiq.services.workspace import Workspace
from tawthiq.text import match_key, normalise, tokens

MAX_WORDS = 5
MIN_KEY = 2  # below this ("b" for Al-Bab, and for "Abu") only the exact spelling counts
MIN_SIMILARITY = 0.8
# nisbas ("al-Halabi", "اللبناني") name people and peoples: they match a place only when spelled as one
NISBA = re.compile(r"(?:i|iyy?eh|iyy?ah|ي|ية|يه|يون|يين)$")
SHORT_NAME = 5  # names this short differ by a letter from too many others to allow any variation
NAME_HEADS = frozenset("jabal jebel jbal tal tell ain ayn deir dayr kafr kfar khan ras umm abu bab wadi jisr bir khirbet "
                       "khirbat tall qasr ard hay hayy".split())
GAP = re.compile(r"[ \t\u00a0-]+")
ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|az|ash|at|an|ath|adh|ez|es|et|en|ال)[\s-]+|^(?:[وبفك]?ال|لل)")
LOCATIVE = re.compile(r"(?:\b(?:in|at|near|from|into|outside|around)\s+(?:the\s+)?|(?:في|من|قرب|إلى|الى|نحو|على)\s+|\bب)$")
LATIN_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|az|ash|at|an)-")
# words a place name never starts or ends with: "Maarat al-Numan in" is Maarat al-Numan
EDGE_STOP = frozenset("in of on at to the and or near by from into east west north south eastern western northern "
                      "southern countryside city town village province".split())
# Arabic letters, marks and digits, not Arabic punctuation (، ؛ ؟ lie in the same block)
_LETTERS = r"\w\u0621-\u065F\u0660-\u0669\u0670-\u06D3'’ʿʾ`"
WORD = re.compile(rf"[{_LETTERS}]+(?:-[{_LETTERS}]+)*")
# A city outweighs the governorate of the same name unless the text says "province" (see AREA_AFTER).
FEATURE_WEIGHT = {"country": 3.0, "governorate": 2.6, "region": 2.4, "city": 2.8, "district": 1.8, "town": 1.5, "subdistrict": 1.2,
                  "village": 1.0, "camp": 0.9, "neighbourhood": 0.8, "site": 0.8, "locality": 0.8, "area": 0.8}
COUNTRY_PRIOR = {"SY": 1.0, "IQ": 0.3}
PRECISION = {"country": "country", "governorate": "region", "region": "region", "district": "region", "subdistrict": "region", "area": "region",
             "city": "near", "town": "near"}
AREAS = ("governorate", "district", "subdistrict")
AMBIGUOUS_KM = 50.0
OUTSIDE_AREA_KM = 150.0
# "the village of X", "X village", "حي X": a settlement the gazetteer may not know
_NAME_WORD = r"(?:(?:al|el|ad|ar|as|az|ash|at|an)-)?[A-Z][\w'’-]*"
# Arabic has no capitals: one word, or two when the first is a usual head of a place name (تل تمر، عين عيسى)
_ARABIC_NAME = (r"(?:(?:تل|عين|دير|كفر|خان|جسر|رأس|راس|معرة|أبو|ابو|أم|ام|بئر|جبل|سوق|باب|قصر|حوش|خربة)\s+)?"
                r"[\u0621-\u064A][\u0621-\u064A\u064B-\u0652]*")
_SITES = (r"prison|air ?base|military airport|airport|hospital|school|camp|crossing|square|bakery|water station|dam|"
          r"bridge|mosque|church|neighbou?rhood|district|quarter|roundabout|checkpoint")
_SITE_WORDS = frozenset("prison airbase air base military airport hospital school camp crossing square bakery water station "
                        "dam bridge mosque church neighbourhood neighborhood district quarter roundabout checkpoint".split())
UNKNOWN_CUES = re.compile(
    rf"\b(?:village|town|neighbou?rhood|district|camp|hamlet) of ({_NAME_WORD}(?: {_NAME_WORD}){{0,2}})"
    rf"|(?<![\u0621-\u064A])(?:قرية|بلدة|حي|حيي|مخيم|مزرعة|مشفى|مستشفى|قاعدة|ساحة|دوار|سجن|مطار|مدرسة|جامع|مسجد|معبر)"
    rf"\s+({_ARABIC_NAME})"
    rf"|\b((?:the )?{_NAME_WORD}(?: {_NAME_WORD}){{0,2}} (?:{_SITES}))\b"
)
AREA_AFTER = re.compile(r"\s*(?:province|governorate|countryside|region|rural|Governorate|Province)\b")
AREA_BEFORE = re.compile(r"(?:محافظة|ريف|بريف|منطقة)\s*$")
FUZZY_FEATURES = frozenset({"country", "governorate", "district", "subdistrict", "region", "city", "town"})
# Capitalised words that open sentences or name peoples, and Arabic words of direction and kind: never places alone.
LATIN_STOP = frozenset("""The A An In On At Of And But Or If As By For From To With Without Into Over After Before During
While When Where Which Who Whom Whose What Why How There Here Then Than This That These Those It Its He She They We You I
His Her Their Our Your My Me Him Them Us Also Moreover However Meanwhile According Since Until Although Because Some Many
Most Several Another Other Each Every All Both No Not Nor Yet Still Later Earlier Today Yesterday Tomorrow Last Next
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September
October November December IS ISIS ISIL SDF YPG HTS SNA FSA UN Syrian Syrians Iraqi Iraqis Turkish Kurdish Kurds Arab Arabs
Russian Russians Iranian Lebanese Jordanian American Americans Regime Government Forces Army State Islamic Leave Reply
About Related Posts Your Email""".split())
ARABIC_STOP = frozenset("""المدينة مدينة الحي القرية البلدة السوق الطريق الساحة الجيب المعارضة الإدارة الأمن الدولة
المنطقة الحدود الجانب الشام المدني المدنيين السوري الروسي التركي الإيراني العراقي شرق غرب شمال جنوب شرقي غربي شمالي جنوبي الشرقي الغربي الشمالي الجنوبي الشرقية الغربية
الشمالية الجنوبية شرقية غربية شمالية جنوبية واحد اثنان اثنين ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة
عشر عشرات مئة مائة ألف ريف مدينة قرية بلدة حي منطقة محافظة الشرق الغرب الشمال الجنوب
وسط أطراف مركز داخل خارج قرب بالقرب جانب""".split())


@dataclass
class Mention:
    start: int
    end: int
    text: str
    candidates: list[str]
    chosen: str | None = None
    cued: bool = False  # introduced as a settlement ("the village of X", "حي X")
    fallback: str | None = None  # the enclosing area to fall back on when no candidate can be trusted
    scores: dict[str, float] = field(default_factory=dict)


class GazetteerResolver:
    """Resolves the places of a text against the places in the database (loaded once per resolver)."""

    def __init__(self, session: Session) -> None:
        self.places: dict[str, Place] = {p.id: p for p in session.execute(select(Place).where(Place.deleted_at.is_(None))).scalars()}
        self.keys: dict[str, list[tuple[str, str]]] = {}
        for place_id, name, key in session.execute(select(PlaceName.place_id, PlaceName.name, PlaceName.key)):
            if place_id in self.places:
                self.keys.setdefault(key, []).append((place_id, _core(name)))
        for session_object in self.places.values():
            session.expunge(session_object)

    def resolve(self, text: str, language: str) -> list[dict[str, Any]]:
        """One suggestion per place mention, in text order, in the extraction output's format."""
        mentions = self._mentions(text)
        self._choose(mentions, text)
        # An ambiguous name is reported only where the text uses it as a place ("in X"); otherwise it is
        # more likely a person ("the Chechen Omar") and saying nothing is right.
        suggestions = [self._suggestion(m) for m in mentions if self._reported(m, text)]
        suggestions += self._unknown(text, mentions)
        return sorted(suggestions, key=lambda s: s["start"])

    # --- finding mentions ---------------------------------------------------------------------------------

    def _mentions(self, text: str) -> list[Mention]:
        words = [(m.start(), m.end()) for m in WORD.finditer(text)]
        # a name neither starts nor ends on a word that carries no letters of its own ("in", "و")
        keyed = [bool(tokens(text[a:b])) and text[a:b] not in EDGE_STOP for a, b in words]  # "Eastern Ghouta" is a name
        # a name never runs across punctuation or a line break: mark where each run of words ends
        joined = [bool(GAP.fullmatch(text[words[i][1]:words[i + 1][0]])) for i in range(len(words) - 1)]
        taken = [False] * len(words)
        found: list[Mention] = []
        # "the village of X": X is matched whole or left to _unknown, never split into smaller names
        for cue in UNKNOWN_CUES.finditer(text):
            start, end, name = _cued_name(cue)
            if not _named(name):
                continue
            inside = [i for i, (a, b) in enumerate(words) if a >= start and b <= end]
            ids = self._similar(name, self.keys.get(match_key(name), []))
            if ids:
                found.append(Mention(start, end, name, ids, cued=True))
            for i in inside:
                taken[i] = True
        for size in range(MAX_WORDS, 0, -1):
            for i in range(len(words) - size + 1):
                if any(taken[i:i + size]) or not all(joined[i:i + size - 1]) or not (keyed[i] and keyed[i + size - 1]):
                    continue
                start, end = words[i][0], words[i + size - 1][1]
                span = text[start:end]
                if not self._plausible(span):
                    continue
                ids = self._similar(span, self.keys.get(match_key(span), []))
                if ids:
                    found.append(Mention(start, end, span, ids))
                    taken[i:i + size] = [True] * size
        return sorted(found, key=lambda m: m.start)

    def _similar(self, span: str, entries: list[tuple[str, str]]) -> list[str]:
        """The places whose name is spelled close to the mention, not only sharing its consonant skeleton:
        "Dier Ezzor" is Deir ez-Zor, but "Saddam" is not the village Seydim. Small places (villages,
        neighbourhoods, sites) outside Syria and Iraq need their spelling exactly: there are thousands, and first
        names look like them."""
        core = _core(span)
        latin = core[:1].isascii()
        chosen = []
        for pid, name in entries:
            if name == core:
                chosen.append(pid)
            elif (len(core) <= SHORT_NAME or len(match_key(span)) < MIN_KEY or NISBA.search(span)
                  or not self._fuzzy_allowed(self.places[pid])):
                continue  # short names ("Ali" is not Ağrı) and small foreign places: the exact spelling or nothing
            elif name[:1].isascii() != latin:
                continue  # across scripts the key alone lets common Arabic words meet Latin names: compare like with like
            elif SequenceMatcher(None, core, name).ratio() >= MIN_SIMILARITY:
                chosen.append(pid)
        return list(dict.fromkeys(chosen))

    @staticmethod
    def _fuzzy_allowed(place: Place) -> bool:
        # The data types most Syrian and Iraqi towns as villages (no population): trust spelling variants there.
        return place.feature in FUZZY_FEATURES or place.country_code in COUNTRY_PRIOR

    @staticmethod
    def _plausible(span: str) -> bool:
        letters = [c for c in span if c.isalpha()]
        if len(letters) < 3:
            return False
        first = span.split()[0]
        if " " not in span and first.lower() in NAME_HEADS:
            return False  # "Jabal", "Tal", "Khan" begin names; alone they are not one
        if not letters[0].isascii():
            return _core(first) not in ARABIC_STOP_CORES
        # In Latin script a place name is written with a capital ("homes" is not Homs), after any article ("al-Bab").
        bare = LATIN_ARTICLE.sub("", span)
        return bool(bare) and bare[0].isupper() and first not in LATIN_STOP

    # --- choosing ------------------------------------------------------------------------------------------

    def _ancestors(self, place_id: str) -> list[str]:
        out, current = [], self.places[place_id].parent_id
        while current and current in self.places and current not in out:
            out.append(current)
            current = self.places[current].parent_id
        return out

    def _choose(self, mentions: list[Mention], text: str) -> None:
        for m in mentions:
            named = {pid for other in mentions if other is not m for pid in other.candidates}
            area_cue = bool(AREA_AFTER.match(text, m.end)) or bool(AREA_BEFORE.search(text[max(0, m.start - 12):m.start]))
            for pid in m.candidates:
                place = self.places[pid]
                score = FEATURE_WEIGHT.get(place.feature, 0.8) + COUNTRY_PRIOR.get(place.country_code or "", 0.0)
                # an enclosing area named elsewhere in the text is strong evidence
                score += 3.0 * sum(1 for a in self._ancestors(pid) if a in named)
                if area_cue and place.feature in AREAS:
                    score += 2.0  # "Deir ez-Zor province", "ريف دير الزور": the area, not the city
                m.scores[pid] = score
        # a second pass rewards candidates near the places already settled
        settled = [self._best(m) for m in mentions if len(m.candidates) == 1]
        for m in mentions:
            for pid in m.candidates:
                if any(s and s != pid and self._km(pid, s) < 100 for s in settled):
                    m.scores[pid] += 1.5
            m.chosen = self._confident(m, mentions)

    def _best(self, m: Mention) -> str | None:
        return max(m.scores, key=lambda pid: m.scores[pid]) if m.scores else None

    def _confident(self, m: Mention, mentions: list[Mention]) -> str | None:
        ranked = sorted(m.candidates, key=lambda pid: -m.scores[pid])
        best = ranked[0]
        for other in ranked[1:]:
            if self._same_area(best, other):
                continue
            if m.scores[best] - m.scores[other] < 1.0 and self._km(best, other) > AMBIGUOUS_KM:
                return None  # two far-apart places fit equally well
        areas = self._areas_named(mentions, exclude=m)
        small = self.places[best].feature not in FUZZY_FEATURES
        # a settlement far outside the area the text names is a namesake; countries, areas and cities are not
        if small and areas and not any(self._within(best, area) for area in areas):
            inside = [c for c in ranked[1:] if any(self._within(c, area) for area in areas)]
            if inside:
                return inside[0]
            m.fallback = areas[0]  # the text places it in an area this candidate is far from
            return None
        return best

    def _within(self, place: str, area: str) -> bool:
        return place == area or area in self._ancestors(place) or self._km(place, area) <= OUTSIDE_AREA_KM

    def _same_area(self, a: str, b: str) -> bool:
        """Two gazetteers' records of one governorate or district (their points differ: seat town or centroid)."""
        pa, pb = self.places[a], self.places[b]
        return pa.feature == pb.feature and pa.feature in AREAS and pa.country_code == pb.country_code

    def _areas_named(self, mentions: list[Mention], exclude: Mention) -> list[str]:
        """Governorates and districts the text names unambiguously ("Deir ez-Zor" may be the city or its
        governorate: the governorate counts, since the city lies in it)."""
        areas = []
        for other in mentions:
            if other is exclude:
                continue
            candidates = [self.places[c] for c in other.candidates]
            named = [p for p in candidates if p.feature in AREAS]
            if len(named) == 1 and all(p.id == named[0].id or named[0].id in self._ancestors(p.id) for p in candidates):
                areas.append(named[0].id)
        return areas

    def _km(self, a: str, b: str) -> float:
        pa, pb = self.places[a], self.places[b]
        if None in (pa.latitude, pa.longitude, pb.latitude, pb.longitude):
            return 0.0
        return _haversine(pa.latitude or 0.0, pa.longitude or 0.0, pb.latitude or 0.0, pb.longitude or 0.0)

    def _reported(self, m: Mention, text: str) -> bool:
        """Whether the text uses the mention as a place. Cities, towns and areas stand on their own; a small
        place, or a name that stayed unresolved, needs a cue ("the village of") or a locative ("in", "في"),
        since thousands of villages share names with people and common words."""
        if m.cued:
            return True
        locative = bool(LOCATIVE.search(text[max(0, m.start - 14):m.start]))
        if m.chosen:
            place = self.places[m.chosen]
            if " " not in m.text.strip() and len(_core(m.text)) <= SHORT_NAME and not (
                    place.country_code == "SY" and place.feature in FUZZY_FEATURES):
                return locative  # "Ali" and "وإن" are names and words far more often than Ağrı and Van
            return place.feature in FUZZY_FEATURES or place.country_code in COUNTRY_PRIOR or locative
        return locative and (m.text[:1].isascii() or " " in m.text)

    # --- output --------------------------------------------------------------------------------------------

    def _suggestion(self, m: Mention) -> dict[str, Any]:
        if m.chosen is None:
            out: dict[str, Any] = {"text": m.text, "start": m.start, "end": m.end, "name": m.text, "lat": None, "lon": None,
                                   "gazetteer_id": None, "precision": "unresolved"}
            if m.fallback:
                area = self.places[m.fallback]
                out.update(lat=area.latitude, lon=area.longitude, gazetteer_id=area.gazetteer_id, precision="region",
                           within=area.name)
            return out
        place = self.places[m.chosen]
        return {"text": m.text, "start": m.start, "end": m.end, "name": place.name, "lat": place.latitude, "lon": place.longitude,
                "gazetteer_id": place.gazetteer_id, "place_id": place.id, "precision": PRECISION.get(place.feature, "exact")}

    def _unknown(self, text: str, mentions: list[Mention]) -> list[dict[str, Any]]:
        """Settlements named by a cue word but missing from the gazetteer: their text, and the area around them."""
        out = []
        covered = [(m.start, m.end) for m in mentions]
        for match in UNKNOWN_CUES.finditer(text):
            start, end, name = _cued_name(match)
            if not _named(name):
                continue
            if any(s <= start < e or start <= s < end for s, e in covered):
                continue
            area = self._enclosing_after(text, end, mentions)
            suggestion: dict[str, Any] = {"text": name, "start": start, "end": end, "name": name,
                                          "lat": None, "lon": None, "gazetteer_id": None, "precision": "unresolved"}
            if area is not None:
                place = self.places[area]
                suggestion.update(lat=place.latitude, lon=place.longitude, gazetteer_id=place.gazetteer_id,
                                  precision="region", within=place.name)
            out.append(suggestion)
        return out

    def _enclosing_after(self, text: str, position: int, mentions: list[Mention]) -> str | None:
        """The first resolved place named after ``position`` in the same sentence."""
        sentence_end = min([i for i in (text.find(".", position), text.find("\n", position), text.find("،", position)) if i >= 0],
                           default=len(text))
        for m in mentions:
            if position <= m.start < sentence_end and m.chosen:
                return m.chosen
        return None


def open_resolver(ws: Workspace) -> GazetteerResolver:
    """A resolver over the workspace's places, after the place-name keys have caught up with recent edits."""
    with ws.transaction() as session:
        catch_up(session, full_text_for(ws.engine.dialect.name))
    with ws.reading() as session:
        return GazetteerResolver(session)


def _cued_name(match: re.Match[str]) -> tuple[int, int, str]:
    group = next(g for g in (1, 2, 3) if match.group(g) is not None)
    start, text = match.start(group), match.group(group)
    if text.startswith("the "):
        start, text = start + 4, text[4:]
    return start, start + len(text), text


def _named(text: str) -> bool:
    """A cue's name says something: "The school" names no place."""
    return any(word not in LATIN_STOP and word.lower() not in _SITE_WORDS for word in text.split())


def _core(name: str) -> str:
    """A name for spelling comparison: normalised, without area words or a leading article, without spaces."""
    return ARTICLE.sub("", normalise(without_area_words(name))).replace(" ", "")


ARABIC_STOP_CORES = frozenset(_core(word) for word in ARABIC_STOP)


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
