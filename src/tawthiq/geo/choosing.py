"""Choosing among the gazetteer's candidates for a place mention (the second half of
:mod:`tawthiq.geo.resolver`): each candidate scores by its kind of place, the country it lies in, the enclosing
areas and the nearby places the text names; a mention resolves only when one candidate clearly wins, and a
settlement far outside the area the text names, or a town abroad that nothing in the text is near, stays
unresolved. Also the spelling key every comparison of names uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from tawthiq.geo.frames import AREA_AFTER, AREA_BEFORE
from tawthiq.geo.matching import (
    AMBIGUOUS_KM,
    AREAS,
    COUNTRY_PRIOR,
    FEATURE_WEIGHT,
    FUZZY_FEATURES,
    OUTSIDE_AREA_KM,
    GazetteerPlace,
    haversine,
)
from tawthiq.search.tokens import without_area_words
from tawthiq.text import match_key, normalise

# A name the text calls a desert, a steppe or a wide region, after it in apposition or before it (tawthiq.geo.resolver)
WIDE_AFTER = re.compile(r"(?:[\"”’]?,[\"”’]?\s+(?:the|a|an)\s+(?:(?:vast|large|wide|open|huge|arid|sprawling)\s+)*"
                        r"(?:desert|steppe|badia|plain|plains|desert region|wilderness)|\s+(?:desert|steppe|badia))\b")
WIDE_BEFORE = re.compile(r"(?:\b(?:desert|steppe|badia) of\s+(?:the\s+)?|(?:بادية|صحراء|البادية)\s+)$")
WIDE_FEATURES = frozenset({"country", "governorate", "region", "district", "subdistrict", "area"})
# "(Beirut) –", "(Dohuk, Iraq) –" opening a paragraph: where the report was issued, which says nothing of where
# the places of the events lie (tawthiq.extract.places drops it); and the wire services' datelines, a
# city in capitals ("ERBIL, Kurdistan Region –", "DEIR EZ-ZOR, Syria —") or a city before an agency in brackets
# ("BEIRUT (Reuters) -", "Damascus (AFP) –"), with the region or country written after it, before a dash or a colon
# ("BEIRUT: Air strikes …")
DATELINE = re.compile(r"^[ \t]*(?:\(([^()\n]{1,60})\)|("
                      r"(?:[A-Z][A-Z’'.-]+[ \t]?){1,4}(?:,[ \t]*[A-Z][^\n,()–—]{1,40}){0,2}"
                      r"|(?:[A-Z][\w’'.-]+[ \t]?){1,3}(?:,[ \t]*[A-Z][^\n,()–—]{1,40})?(?=[ \t]*\([A-Z][\w ]{1,20}\))"
                      r"))[ \t]*(?:\([A-Z][\w ]{1,20}\)[ \t]*)?[–—:-]", re.MULTILINE)
# a word of a small settlement before or after a name ("بلدة X", "قرية X", "the village of X", "X village")
SMALL_BEFORE = re.compile(r"(?:(?:^|\s)[وب]?(?:بلدة|قرية|بلدتي|قريتي)|\b(?i:village|town)\s+of)\s+$")
SMALL_AFTER = re.compile(r"\s+(?i:village|town)\b")
VILLAGE_BEFORE = re.compile(r"(?:(?:^|\s)[وب]?(?:قرية|قريتي)|\b(?i:village)\s+of)\s+$")
VILLAGE_AFTER = re.compile(r"\s+(?i:village)\b")
ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|az|ash|at|an|ath|adh|ez|es|et|en|ال)[\s-]+|^(?:[وبفك]?ال|لل)")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    candidates: list[str]
    chosen: str | None = None
    cued: bool = False  # introduced as a place ("the village of X", "حي X", "X hospital")
    fallback: str | None = None  # the enclosing area to fall back on when no candidate can be trusted
    scores: dict[str, float] = field(default_factory=dict)
    kind: str = ""  # a cue's kind of place (settlement, neighbourhood, site); "" for a plain name
    shown: bool = True  # False for the town inside a site's name: the site is the suggestion
    around: Mention | None = None  # the place a cued name lies in by its own words ("مشفى دركوش", "Afrin's")
    longer: bool = False  # an unknown name that begins with a known one ("Tal Amees")
    listed: bool = False  # an unknown name in a list of places ("Haas, al-Bara, Kafr Nabl and Babulin")
    border: bool = False  # a country of "the Syria-Turkey border": it says nothing of where other places lie
    possessive: bool = False  # "Iraq’s Anbar province": a place only as the owner of the place named after it
    small: bool = False  # after a word of a town or a village ("بلدة صيدا", "the village of X"): never a city abroad
    village: bool = False  # the text calls it a village ("Kotana village", "قرية X"): a town of that name is a namesake
    namesake: bool = False  # its best candidate lies far outside the areas the text names: it falls back as a cued one


class PlaceChooser:
    """Scores and chooses the candidates of mentions among ``places``, whose ``names`` are (place id, name, matching
    key) each; the resolver finds the mentions."""

    def __init__(self, places: dict[str, GazetteerPlace], names: Iterable[tuple[str, str, str]]) -> None:
        self.places = places
        self.keys: dict[str, list[tuple[str, str]]] = {}
        for place_id, name, key in names:
            if place_id in self.places:
                self.keys.setdefault(key, []).append((place_id, core_of(name)))

    def _ancestors(self, place_id: str) -> list[str]:
        out, current = [], self.places[place_id].parent_id
        while current and current in self.places and current not in out:
            out.append(current)
            current = self.places[current].parent_id
        return out

    def _choose(self, mentions: list[Mention], text: str) -> None:
        datelines = [d.span(1) if d.group(1) is not None else d.span(2) for d in DATELINE.finditer(text)]
        for m in mentions:
            if any(a <= m.start and m.end <= b for a, b in datelines):
                m.border = True  # "ERBIL, Kurdistan Region –": villages near Erbil are no likelier for it
        for m in mentions:
            if WIDE_AFTER.match(text, m.end) or WIDE_BEFORE.search(text[max(0, m.start - 16):m.start]):
                # "Jazira, the vast desert stretching …", "the Anbar desert", "بادية الشام": a wide area, no town or
                # village; an area abroad only where the text names its country
                m.candidates = [pid for pid in m.candidates if self.places[pid].feature in WIDE_FEATURES and (
                    self._country_named(self.places[pid].country_code, mentions))]
            named = {pid for other in mentions if other is not m and not other.border for pid in other.candidates}
            before = text[max(0, m.start - 16):m.start]
            m.small = bool(SMALL_BEFORE.search(before) or SMALL_AFTER.match(text, m.end))
            m.village = bool(VILLAGE_BEFORE.search(before) or VILLAGE_AFTER.match(text, m.end))
            area_cue = (bool(AREA_AFTER.match(text, m.end))
                        or bool(AREA_BEFORE.search(text[max(0, m.start - 12):m.start])))
            for pid in m.candidates:
                place = self.places[pid]
                score = FEATURE_WEIGHT.get(place.feature, 0.8) + COUNTRY_PRIOR.get(place.country_code or "", 0.0)
                # an enclosing area named elsewhere in the text is strong evidence
                score += 3.0 * sum(1 for a in self._ancestors(pid) if a in named)
                if area_cue and place.feature in AREAS:
                    score += 2.0  # "Deir ez-Zor province", "ريف دير الزور": the area, not the city
                m.scores[pid] = score
        # a second pass rewards candidates near the places already settled
        settled = [s for s in (self._best(m) for m in mentions if len(m.candidates) == 1 and not m.border) if s]
        for m in mentions:
            for pid in m.candidates:
                if any(s != pid and self._km(pid, s) < 100 for s in settled):
                    m.scores[pid] += 1.5
        for m in mentions:
            if m.candidates:
                m.chosen = self._confident(m, mentions, settled)

    def _best(self, m: Mention) -> str | None:
        return max(m.scores, key=lambda pid: m.scores[pid]) if m.scores else None

    def _confident(self, m: Mention, mentions: list[Mention], settled: list[str]) -> str | None:
        ranked = sorted(m.candidates, key=lambda pid: -m.scores[pid])
        best = ranked[0]
        for other in ranked[1:]:
            if self._same_area(best, other):
                continue
            if m.scores[best] - m.scores[other] < 1.0 and self._km(best, other) > AMBIGUOUS_KM:
                return None  # two far-apart places fit equally well
        areas = self._areas_named(mentions, exclude=m)
        # towns and cities the text names without doubt, other than this one: a settlement near them is no namesake
        near = [s for s in settled if s not in m.candidates and self.places[s].feature in ("city", "town", "village")]
        place = self.places[best]
        exact = self._spelled_as(best, m.text)
        # a settlement far outside the area the text names is a namesake; countries, areas and cities are not, nor a
        # town, unless the text calls it a village ("nearby Kotana village" in a report on Afrin is not Qatana by
        # Damascus). Spelled exactly as the gazetteer spells it, a settlement near a town the text names is no
        # namesake either.
        small = place.feature not in FUZZY_FEATURES or (place.feature == "town" and m.village)
        if small and areas and not any(self._within(best, area) for area in [*areas, *(near if exact else [])]):
            inside = [c for c in ranked[1:] if any(self._within(c, area) for area in areas)]
            if inside:
                return inside[0]
            m.namesake = True
            country = self.places[areas[0]].country_code
            if len(set(areas)) == 1 and all(self._within(s, areas[0]) for s in near
                                            if self.places[s].country_code == country):
                m.fallback = areas[0]  # the text places it in an area this candidate is far from
            return None  # of several areas or towns the text names apart, which one holds it is a guess
        # a town or an area abroad that nothing else in the text is near, in a country the text never names
        # ("positions in Maan" in a report on Hama is not Jordan's Ma'an); big cities (Gaziantep) are named for
        # themselves
        if (place.feature != "country" and (place.feature != "city" or not exact)
                and place.country_code not in COUNTRY_PRIOR and [*areas, *near]
                and not any(self._within(best, other) for other in [*areas, *near])
                and not self._country_named(place.country_code, mentions)):
            return None
        # a city abroad that the text calls a town or a village is a namesake ("في بلدة صيدا" in a report on Daraa
        # is not Lebanon's Sidon), unless the text names its country
        if (m.small and place.feature == "city" and place.country_code not in COUNTRY_PRIOR
                and not self._country_named(place.country_code, mentions)):
            return None
        return best

    def _spelled_as(self, pid: str, span: str) -> bool:
        """Whether the gazetteer spells one of this place's names as the text does (not only alike)."""
        core = core_of(span)
        return any(p == pid and name == core for p, name in self.keys.get(key_of(span), []))

    def _country_named(self, code: str | None, mentions: list[Mention]) -> bool:
        return any(self.places[pid].feature == "country" and self.places[pid].country_code == code
                   for other in mentions if not other.border for pid in other.candidates)

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
            if other is exclude or other.border:
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
        return haversine(pa.latitude or 0.0, pa.longitude or 0.0, pb.latitude or 0.0, pb.longitude or 0.0)


@lru_cache(maxsize=65536)
def key_of(span: str) -> str:
    return match_key(span)


@lru_cache(maxsize=65536)
def core_of(name: str) -> str:
    """A name for spelling comparison: normalised, without area words or a leading article, without spaces."""
    return ARTICLE.sub("", normalise(without_area_words(name))).replace(" ", "")


def spelling(name: str) -> str:
    """How a name is spelled, for telling the same spelling from a mere transliteration variant ("Douma" and "Dūmā"
    alike, "Dim" not): the comparison the resolver makes, for the type-ahead to rank by."""
    return core_of(name)
