"""Resolving place mentions in text against a gazetteer, using the context around them. Pure: the places and
their names are handed in (services/coding/geocoding.py loads them from the database).

A mention becomes a place only when one candidate clearly wins. Context counts: an enclosing area named
anywhere in the text ("… in the eastern countryside of Deir ez-Zor"), other places nearby, Syria over its
neighbours. A candidate far outside the area the text names, a town abroad that nothing in the text is near, or
two far-apart candidates that score alike, leave the mention unresolved: a wrong coordinate is worse than none.

A name of several words is matched whole or not at all (:mod:`tawthiq.geo.names`): where a known name is only the
first words of a longer one ("Hammam Turkman", "Tal Amees", "حمام التركمان"), the longer name keeps its whole text,
unresolved (reported only where the text uses it as a place, never after "of": "the regime of Bashar al-Assad"), and
never becomes the big town that shares its first word; a body named after a place ("Raqqa Watch") is no place.

What the text says about a name counts too (:mod:`tawthiq.geo.cues`): "the villages of X and Y", "حيي X وY",
"مشفى X", "Raqqa's X neighbourhood". A neighbourhood is never resolved to a same-named town; an unknown village,
neighbourhood or site keeps its text and falls back to the place around it (the town in its own name, its owner,
the area named right after it, or the city just named) at region precision.

Finding the mentions is :mod:`tawthiq.geo.mentions`; this module decides which of them the text uses as places and
what an unknown one falls back to. Scoring and choosing among the candidates is :mod:`tawthiq.geo.choosing`.
"""

from __future__ import annotations

import re
from typing import Any

from tawthiq.geo.choosing import Mention, core_of, spelling
from tawthiq.geo.cues import NEIGHBOURHOOD, SITE, name_lists
from tawthiq.geo.frames import CITY_AFTER, CITY_BEFORE, CONTAINED, COORDINATED, LOCATIVE
from tawthiq.geo.matching import AREAS, COUNTRY_PRIOR, FUZZY_FEATURES, PRECISION
from tawthiq.geo.mentions import SHORT_NAME, MentionFinder
from tawthiq.geo.names import EVENT_OWNED, ON_NEARBY

__all__ = ["GazetteerResolver", "Mention", "spelling"]  # spelling: for the pickers' ranking

# a list of names is a list of places when this many of its items are towns or villages the text names
LIST_KNOWN = 2
LIST_FEATURES = frozenset({"city", "town", "village", "neighbourhood"})
POSSESSIVE = re.compile(r"['’]s\s+")
# the ending of an Arabic adjective of origin: "ليرة سورية", "12 سورياً"
ADJECTIVE_AR = re.compile(r"(?:ي|ية|يه|يون|يين|ياً|يا\u064b)$")
# "شمال غربي سورية": a direction before a country's name makes it the country, as "في" does
DIRECTION_AR = re.compile(r"(?:شمال|جنوب|شرق|غرب|وسط)(?:ي|ي?\s+(?:شرق|غرب)ي?)?\s+$")


class GazetteerResolver(MentionFinder):
    """Resolves the places of a text against ``places`` and their ``names`` ((place id, name, matching key) each)."""

    def resolve(self, text: str, language: str) -> list[dict[str, Any]]:
        """One suggestion per place mention, in text order, in the extraction output's format."""
        mentions = self._mentions(text)
        self._choose(mentions, text)
        mentions = sorted(mentions + self._listed(text, mentions), key=lambda m: m.start)
        self._enclose(mentions, text)
        # An ambiguous name is reported only where the text uses it as a place ("in X"); otherwise it is
        # more likely a person ("the Chechen Omar") and saying nothing is right.
        suggestions = [self._suggestion(m) for m in mentions if self._reported(m, text, mentions)]
        return sorted(suggestions, key=lambda s: s["start"])

    def _listed(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """The unknown names of a list whose other items are, at least two of them, towns and villages the text
        names ("… targeted Haas, al-Bara, Kafr Nabl and Babulin"): places too, unresolved (LIST_KNOWN)."""
        out: list[Mention] = []
        for items in name_lists(text):
            # the mentions over each item that are reported: a name only like a village's ("Ma’ershmarin" is not
            # Ma‘arratmişrīn) is not, and its item stays an unknown place rather than a wrong one
            shown = [[m for m in mentions if m.start < c.end and c.start < m.end and self._reported(m, text, mentions)]
                     for c in items]
            known = sum(any(m.cued or (m.chosen and self.places[m.chosen].feature in LIST_FEATURES) for m in ms)
                        for ms in shown)
            if known < LIST_KNOWN:
                continue
            for c, ms in zip(items, shown, strict=True):
                if not ms:
                    for m in mentions:
                        if m.start < c.end and c.start < m.end:
                            m.shown = False
                    out.append(Mention(c.start, c.end, c.name, [], listed=True))
        return out

    def _reported(self, m: Mention, text: str, mentions: list[Mention]) -> bool:
        """Whether the text uses the mention as a place. Cities, towns and areas stand on their own; a small
        place, or a name that stayed unresolved, needs a cue ("the village of") or a locative ("in", "في"),
        since thousands of villages share names with people and common words."""
        if not m.shown:
            return False
        if m.possessive and not EVENT_OWNED.match(text, m.end) and not any(
                POSSESSIVE.fullmatch(text, m.end, o.start) for o in mentions if o is not m):
            return False  # "Ankara’s operation" is the state's, not a place of the events (but "Syria’s war" is)
        if m.cued or m.listed:
            return True
        before = text[max(0, m.start - 14):m.start]
        if m.longer and not m.chosen:
            # "the regime of Bashar al-Assad": a longer name after "of" is a person's as often as a place's
            at = LOCATIVE.search(before)
            return bool(at and at.group().split()[0].lower() != "of") or bool(ON_NEARBY.search(before))
        # "in Iraq’s Anbar province": a place owned by a place is as good as "in"
        owned = any(o.chosen and POSSESSIVE.fullmatch(text, o.end, m.start) for o in mentions if o is not m)
        locative = bool(LOCATIVE.search(before)) or owned or (bool(COORDINATED.search(before)) and any(
            o.end <= m.start <= o.end + 6 and (o.chosen or o.cued) for o in mentions if o is not m))
        if m.chosen:
            place = self.places[m.chosen]
            if place.feature == "country":
                # "ليرة سورية" is the Syrian pound: a country spelled like its adjective needs "in", "to"…
                return locative or bool(DIRECTION_AR.search(text[max(0, m.start - 24):m.start])) or not (
                    ADJECTIVE_AR.search(m.text) and not m.text.isascii())
            if " " not in m.text.strip() and not m.text.isascii() and not self._spelled_as(m.chosen, m.text):
                # Arabic has no capitals: a word only like a town's name ("في محاولة") is a word; only cities and
                # areas are written so often in so many ways that a variant after "في" is the place
                return locative and place.feature in ("city", "governorate", "country")
            if " " not in m.text.strip() and len(core_of(m.text)) <= SHORT_NAME and not (
                    place.country_code == "SY" and place.feature in FUZZY_FEATURES) and not self._known_city(m):
                return locative  # "Ali" and "وإن" are names and words far more often than Ağrı and Van
            return place.feature in FUZZY_FEATURES or place.country_code in COUNTRY_PRIOR or locative
        return locative and (m.text[:1].isascii() or " " in m.text)

    def _known_city(self, m: Mention) -> bool:
        """Whether a short Latin name is a Syrian or Iraqi city spelled as the gazetteer spells it, capitalised ("west
        Mosul", "ERBIL, Kurdistan Region"): a city of the region is named for itself, with or without "in"."""
        place = self.places[m.chosen] if m.chosen else None
        return (place is not None and place.feature == "city" and place.country_code in COUNTRY_PRIOR
                and m.text.isascii() and m.text[:1].isupper() and len(core_of(m.text)) >= 4
                and self._spelled_as(place.id, m.text))

    # --- output --------------------------------------------------------------------------------------------

    def _suggestion(self, m: Mention) -> dict[str, Any]:
        if m.chosen is None:
            out: dict[str, Any] = {"text": m.text, "start": m.start, "end": m.end, "name": m.text, "lat": None,
                                   "lon": None, "gazetteer_id": None, "precision": "unresolved"}
            if m.fallback:
                area = self.places[m.fallback]
                out.update(lat=area.latitude, lon=area.longitude, gazetteer_id=area.gazetteer_id, precision="region",
                           within=area.name)
            return out
        place = self.places[m.chosen]
        return {"text": m.text, "start": m.start, "end": m.end, "name": place.name, "lat": place.latitude,
                "lon": place.longitude,
                "gazetteer_id": place.gazetteer_id, "place_id": place.id,
                "precision": PRECISION.get(place.feature, "exact")}

    def _enclose(self, mentions: list[Mention], text: str) -> None:
        """An unknown place the text cues falls back to the place around it: the one its own words name ("مشفى
        دركوش", "Afrin's Mahmoudiya neighbourhood"), the city just named ("the city's X", "حي X بالمدينة"), or the
        first place named after it in the same sentence ("حي الحميدية بدير الزور")."""
        for m in mentions:
            if m.chosen or m.fallback or not (m.cued or m.namesake):
                continue
            before = CITY_BEFORE.search(text[max(0, m.start - 16):m.start])
            alias = [o for o in mentions
                     if o.chosen and o.start > m.end and re.fullmatch(r"\s*\(\s*", text[m.end:o.start])]
            if alias and m.kind != SITE:
                m.chosen = alias[0].chosen  # "بلدة شيه (الشيخ حديد)": the name in brackets is the same place's
            elif (after := self._enclosing_after(text, m.end, mentions)) is not None:
                m.fallback = after  # "Alaya prison in Qamishli": what the text says outweighs the name
            elif m.around is not None and m.around.chosen:
                m.fallback = m.around.chosen
            elif before or CITY_AFTER.match(text, m.end):
                m.fallback = self._city_before(mentions, m.start,
                                               ("city",) if before and before.group(1) == "city" else ())
            else:
                m.fallback = self._only_area(mentions)
                if m.fallback is None and m.kind == NEIGHBOURHOOD:  # "In Ras al-Ain, … the Zaradasht neighbourhood"
                    paragraph = text.rfind("\n\n", 0, m.start)
                    m.fallback = self._city_before([o for o in mentions if o.start > paragraph], m.start, ())

    def _city_before(self, mentions: list[Mention], position: int, features: tuple[str, ...]) -> str | None:
        """The last city (or town) named before ``position``: the one "the city's" refers to."""
        for wanted in (*features, ("city", "town")):
            found = [o.chosen for o in mentions
                     if o.end <= position and o.chosen and self.places[o.chosen].feature in wanted]
            if found:
                return found[-1]
        return None

    def _enclosing_after(self, text: str, position: int, mentions: list[Mention]) -> str | None:
        """The resolved place that the words right after ``position`` put it in: "X in Y", "X, in the eastern
        countryside of Y", "حي X بدير الزور"."""
        for m in mentions:
            if m.start >= position and m.chosen:
                return m.chosen if CONTAINED.match(text[position:m.start]) else None
        return None

    def _only_area(self, mentions: list[Mention]) -> str | None:
        """The one governorate or city a text is about, when every town it names lies in it."""
        chosen = [m.chosen for m in mentions if m.chosen and self.places[m.chosen].feature != "country"]
        areas = {c for c in chosen if self.places[c].feature in ("city", *AREAS)}
        if len(areas) != 1:
            return None
        [area] = areas
        return area if all(self._within(c, area) for c in chosen) else None
