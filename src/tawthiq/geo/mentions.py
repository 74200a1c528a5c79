"""Finding the place mentions of a text: the runs of words whose key is a gazetteer key, the names the text cues
("the village of X", "مشفى X"), lists, borders and unknown longer names (:mod:`tawthiq.geo.resolver` decides which
of them the text uses as places, and what they resolve to).

A name of several words is matched whole or not at all (:mod:`tawthiq.geo.names`); only runs of words whose match key
begins some gazetteer key are looked up (a bisection in the sorted keys), so a report costs a few milliseconds.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import replace

from tawthiq.geo.choosing import ARTICLE, Mention, PlaceChooser, core_of, key_of
from tawthiq.geo.cues import (
    ARABIC_COMMON,
    ARABIC_STOP,
    GENERIC_SITES,
    NEIGHBOURHOOD,
    SETTLEMENT,
    SITE,
    Cue,
    arabic_name_ok,
    find_cues,
)
from tawthiq.geo.frames import (
    AR_JOINED,
    GAP,
    INNER_ARTICLES,
    KUNYA,
    LATIN_STOP,
    LOCATIVE,
    NATIONALITIES,
    PROCLITIC,
    WORD,
    edge_ok,
    norm,
)
from tawthiq.geo.matching import (
    COUNTRY_PRIOR,
    FUZZY_FEATURES,
    POPULATED,
    QUARTERS,
    GazetteerPlace,
    close,
    vowelless,
)
from tawthiq.geo.names import BODIES, longer_name, unknown_names

__all__ = ["SHORT_NAME", "MentionFinder"]

MAX_WORDS = 5
# "لواء “شهداء السفيرة”", "كتيبة أحرار حلب", "تجمع أحرار حوران" (an outlet), "شرطة طوارئ السليمانية": a place in the
# name of an armed unit, a police force or a gathering is no place of the events
UNIT_BEFORE = re.compile(r"(?:لواء|ألوية|الوية|كتيبة|كتائب|فصيل|جيش|تجمع|لتجمع|وتجمع)\s*[\"«“]?\s*"
                         r"(?:(?:شهداء|أحرار|احرار|ثوار|صقور|أسود|اسود|فرسان|أنصار|انصار|حماة|جند)\s+)?$"
                         # a police force named by the city it serves ("شرطة طوارئ السليمانية", "شرطة حلب")
                         r"|(?<![\u0621-\u064A])[وفبل]{0,2}(?:شرطة|طوارئ)\s+$")
BORDER = re.compile(r"\b([A-Z][a-z]{3,})[-–]([A-Z][a-z]{3,})(?=\s+border)")
ARTICLE_AFTER_PARTICLE = re.compile(r"[وفبك]{1,2}(?=ال[\u0621-\u064A]{2})")
# the Levant ("Ahrar al-Sham", "the Sham Legion"): Damascus by one of its names, but in reports a part of group names
NOT_ALONE = frozenset("sham al-sham ash-sham el-sham cham".split())
MIN_KEY = 2  # below this ("b" for Al-Bab, and for "Abu") only the exact spelling counts
# nisbas ("al-Halabi", "اللبناني") name people and peoples: they match a place only when spelled as one
NISBA = re.compile(r"(?:i|iyy?eh|iyy?ah|ي|ية|يه|يون|يين)$")
SHORT_NAME = 5  # names this short differ by a letter from too many others to allow any variation
NAME_HEADS = frozenset("jabal jebel jbal tal tell ain ayn deir dayr kafr kfar khan ras umm abu bab wadi jisr bir "
                       "khirbet khirbat tall qasr ard hay hayy".split())
LATIN_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|az|ash|at|an)-")
LATIN_ARTICLES = frozenset("al el ad ar as az ash at an ed es et en ez".split())


class MentionFinder(PlaceChooser):
    """Finds the place mentions of a text among ``places`` and their ``names`` ((place id, name, matching key)
    each); :class:`tawthiq.geo.resolver.GazetteerResolver` chooses and reports them."""

    def __init__(self, places: dict[str, GazetteerPlace], names: Iterable[tuple[str, str, str]]) -> None:
        super().__init__(places, names)
        # every key in order: a run of words is looked up only while its key begins some place's key
        self._sorted_keys = sorted(self.keys)
        self._similar_cache: dict[tuple[str, bool], list[str]] = {}

    def _begins_a_key(self, key: str) -> bool:
        i = bisect_left(self._sorted_keys, key)
        return i < len(self._sorted_keys) and self._sorted_keys[i].startswith(key)

    def _mentions(self, text: str) -> list[Mention]:
        words = [(m.start(), m.end()) for m in WORD.finditer(text)]
        # a name neither starts nor ends on a word that carries no letters of its own ("in", "و")
        keyed = [edge_ok(text[a:b]) for a, b in words]  # "Eastern Ghouta" is a name
        # a name never runs across punctuation or a line break: mark where each run of words ends
        joined = [bool(GAP.fullmatch(text[words[i][1]:words[i + 1][0]])) for i in range(len(words) - 1)]
        taken = [False] * len(words)
        ends = [b for _a, b in words]
        found: list[Mention] = []

        def overlapping(start: int, end: int) -> range:
            """The words that share a character with [start, end) ("Mosul's" goes with its owner "Mosul")."""
            first = bisect_right(ends, start)
            last = first
            while last < len(words) and words[last][0] < end:
                last += 1
            return range(first, last)

        def take(start: int, end: int) -> None:
            for i in overlapping(start, end):
                taken[i] = True

        # "the village of X", "مشفى X": X is matched whole or kept as an unknown place, never split into smaller names
        for cue in find_cues(text):
            if any(taken[i] for i in overlapping(cue.start, cue.end)):
                continue
            if cue.kind != SITE and cue.owner is None and text[cue.start:cue.end] == cue.name:
                last = overlapping(cue.start, cue.end)[-1]
                longer = longer_name(text, words, joined, last, taken)
                if longer is not None:  # "the town of Jisr al Shughur": the cue's name goes on
                    cue = replace(cue, end=words[longer][1], name=text[cue.start:words[longer][1]])
            found += self._cued(text, cue)
            take(cue.start, cue.end)
            if cue.owner:
                take(*cue.owner)
        # then every other run of up to MAX_WORDS words whose key is a place's key, longest first
        runs: list[tuple[int, int, int, str]] = []  # first word, words, characters skipped, key
        for i in range(len(words)):
            if not keyed[i] or taken[i] or (
                    i and norm(text[words[i - 1][0]:words[i - 1][1]]) in KUNYA and joined[i - 1]):
                continue
            clitic = PROCLITIC.match(text[words[i][0]:words[i][1]])
            for skip in (0, clitic.end()) if clitic else (0,):
                for size in range(1, MAX_WORDS + 1):
                    j = i + size - 1
                    if j >= len(words) or taken[j] or (size > 1 and not joined[j - 1]):
                        break
                    owner = _possessive(text, *words[j])  # "Iraq’s Anbar province": Iraq, and Anbar
                    key = key_of(text[words[i][0] + skip:words[j][1] - owner])
                    if not self._begins_a_key(key):
                        break
                    if keyed[j] and key in self.keys:
                        runs.append((i, size, skip, key))
                    if owner:
                        break
        for i, size, skip, _ in sorted(runs, key=lambda r: (-r[1], r[0], r[2])):
            if any(taken[i:i + size]):
                continue
            start, end = words[i][0] + skip, words[i + size - 1][1]
            owner = _possessive(text, *words[i + size - 1])
            end -= owner
            if article := ARTICLE_AFTER_PARTICLE.match(text, start, end):
                start = article.end()  # "بالرقة" is a mention of الرقة
            span = text[start:end]
            if not span.isascii() and UNIT_BEFORE.search(text, max(0, start - 24), start):
                continue
            if (not (self._plausible(span) or self._whole_arabic_name(span) or self._bare_country(span))
                    or norm(span) in ARABIC_COMMON
                    or (skip and size == 1 and len(span) < 4)):
                continue  # "فرقة" is a division, not ف + رقة: a particle comes off a short word never
            ids = self._similar(span, loose=bool(LOCATIVE.search(text[max(0, start - 14):start])))
            longer = None if owner or not ids or any(self.places[pid].feature == "country" for pid in ids) or (
                size > 1 and not span.isascii()) else longer_name(text, words, joined, i + size - 1, taken)
            if longer is not None:
                # the first words of a longer name: that name, unknown, whole (see the module docstring)
                whole = text[start:words[longer][1]]
                found.append(Mention(start, words[longer][1], whole, [], longer=True,
                                     shown=not any(w.lower() in BODIES for w in whole.split()[size:])))
                taken[i:longer + 1] = [True] * (longer + 1 - i)
            elif ids:
                found.append(Mention(start, end, span, ids, possessive=bool(owner)))
                taken[i:i + size] = [True] * size
        found += self._coordinated(text, found)
        found += self._borders(text, found)
        for start, end, name, replaces in unknown_names(text):
            inside = [o for o in found if o.start < end and start < o.end]
            # "Deir Ballut" is not the village Ballut; "in Al Sha’afa" is unknown only where no known place lies
            if not inside or (replaces and all(o.start > start for o in inside)):
                found = [o for o in found if o not in inside] + [Mention(start, end, name, [], listed=True)]
        return sorted(found, key=lambda m: m.start)

    def _borders(self, text: str, found: list[Mention]) -> list[Mention]:
        """The two countries of "the Syria-Turkey border", "the Iraq–Syria border crossing": one word to the word
        matcher, two places."""
        out = []
        for match in BORDER.finditer(text):
            parts = [(match.start(g), match.end(g)) for g in (1, 2)]
            ids = [[pid for pid in self._similar(text[a:b]) if self.places[pid].feature == "country"] for a, b in parts]
            if all(ids) and not any(o.start < match.end(2) and match.start(1) < o.end for o in found):
                out += [Mention(a, b, text[a:b], pids, border=True) for (a, b), pids in zip(parts, ids, strict=True)]
        return out

    def _coordinated(self, text: str, found: list[Mention]) -> list[Mention]:
        """An unknown Arabic name joined by "و" to a place the text puts something in: "في الدانا وسرمدا،"."""
        out = []
        for m in found:
            if not (m.cued or LOCATIVE.search(text[max(0, m.start - 14):m.start])):
                continue
            joined = AR_JOINED.match(text, m.end)
            if joined is None or not arabic_name_ok(joined.group(1)) or any(
                    o.start <= joined.start(1) < o.end for o in found):
                continue
            out.append(Mention(joined.start(1), joined.end(1), joined.group(1), [], cued=True, kind=SETTLEMENT))
        return out

    def _cued(self, text: str, cue: Cue) -> list[Mention]:
        """The mentions a cue gives: the place it names, and the place its own words put it in."""
        out: list[Mention] = []
        owner = None
        if cue.name.isascii() and cue.name.strip().lower() in NAME_HEADS:
            return out  # "the city of Deir ezzor": a head word alone ("Deir", "Tal") names no place
        if cue.owner:
            owner_text = text[cue.owner[0]:cue.owner[1]]
            ids = self._similar(owner_text, loose=True)
            if ids:
                owner = Mention(cue.owner[0], cue.owner[1], owner_text, ids)
                out.append(owner)
        ids = self._similar(cue.name, loose=True)
        if not ids and "th" in cue.name.lower():
            # English writes ذ as "th" as often as "dh": "Thiban" is Dhiban
            dh = re.sub("th", "dh", re.sub("Th", "Dh", cue.name))
            ids = self._similar(dh, loose=True)
        if cue.kind == NEIGHBOURHOOD and cue.head not in ("area", "district"):
            ids = [pid for pid in ids if self.places[pid].feature in QUARTERS]
        if ids:
            out.append(Mention(cue.start, cue.end, cue.name, ids, cued=True, kind=cue.kind, around=owner))
            return out
        if cue.kind == SITE and cue.inner:
            inner_text = text[cue.inner[0]:cue.inner[1]]
            inner_ids = [pid for pid in self._similar(inner_text, loose=True) if self.places[pid].feature in POPULATED
                         and self._spelled_as(pid, inner_text)]  # "Alaya prison" is not in Alanya
            if inner_ids:
                inner = Mention(cue.inner[0], cue.inner[1], inner_text, inner_ids, cued=True)
                if (cue.head in GENERIC_SITES and text[cue.inner[1] + 1:cue.end] == cue.head
                        and inner_text[:1].isascii()):
                    return [*out, inner]  # "Kafranbel hospital" in English names the town's hospital by the town
                inner.shown = False
                return [*out, Mention(cue.start, cue.end, cue.name, [], cued=True, kind=SITE, around=inner), inner]
        if cue.second:
            # "بلدة إدلب الأسبوع الماضي": the second word was no part of a name the gazetteer knows by one word; but
            # "سحم الجولان" is not Saham al Kaffarat, a longer name the first word only begins
            first = cue.name.split()[0]
            ids = [pid for pid in self._similar(first, loose=True) if _one_word(self.places[pid].name)]
            if ids:
                out.append(Mention(cue.start, cue.start + len(first), first, ids, cued=True, kind=cue.kind,
                                   around=owner))
                return out
        out.append(Mention(cue.start, cue.end, cue.name, [], cued=True, kind=cue.kind, around=owner))
        return out

    def _similar(self, span: str, *, loose: bool = False) -> list[str]:
        """The places whose name is spelled close to the mention, not only sharing its consonant skeleton:
        "Dier Ezzor" is Deir ez-Zor, but "Saddam" is not the village Seydim. Small places (villages,
        neighbourhoods, sites) outside Syria and Iraq need their spelling exactly: there are thousands, and first
        names look like them. ``loose`` (the text says it is a place: "in X", "the town of X") also lets a Syrian
        or Iraqi name differ in its vowels ("Jindires" is Jindayris, "Harem" is Harim)."""
        cached = self._similar_cache.get((span, loose))
        if cached is not None:
            return list(cached)
        if len(self._similar_cache) > 50_000:
            self._similar_cache.clear()
        core = core_of(span)
        latin = core[:1].isascii()
        chosen, variants = [], []
        for pid, name in self.keys.get(key_of(span), []):
            if name == core:
                chosen.append(pid)
            elif name[:1].isascii() != latin or len(key_of(span)) < MIN_KEY or NISBA.search(span):
                # across scripts the key alone lets common Arabic words meet Latin names: compare like with like
                continue
            elif (loose and latin and self.places[pid].country_code in COUNTRY_PRIOR
                  and vowelless(core) == vowelless(name)):
                variants.append(pid)  # only when no name is spelled alike ("Mayadin" is Al Mayadin, not Ma'dan)
            elif len(core) <= SHORT_NAME or not self._fuzzy_allowed(self.places[pid]):
                continue  # short names ("Ali" is not Ağrı) and small foreign places: the exact spelling or nothing
            elif close(core, name):
                chosen.append(pid)
        chosen = chosen or variants
        self._similar_cache[(span, loose)] = found = list(dict.fromkeys(chosen))
        return list(found)

    def _bare_country(self, span: str) -> bool:
        """Whether an Arabic word without the article is a country's name ("سورية"), though with the article it is an
        adjective ("السورية", a stop word); where it is written as an adjective ("ليرة سورية") only "في", "من" … make
        it the country (see _reported)."""
        return (" " not in span.strip() and not span[:1].isascii() and ARTICLE.match(span) is None
                and any(self.places[pid].feature == "country" and name == core_of(span)
                        for pid, name in self.keys.get(key_of(span), [])))

    def _whole_arabic_name(self, span: str) -> bool:
        """Whether an Arabic run of several words is a place's name as the gazetteer spells it, whatever word it opens
        with: "ريف دمشق" is the governorate, though "ريف" alone is no place."""
        return " " in span.strip() and not span[:1].isascii() and any(
            name == core_of(span) for _pid, name in self.keys.get(key_of(span), []))

    @staticmethod
    def _fuzzy_allowed(place: GazetteerPlace) -> bool:
        # The data types most Syrian and Iraqi towns as villages (no population): trust spelling variants there.
        return place.feature in FUZZY_FEATURES or place.country_code in COUNTRY_PRIOR

    @staticmethod
    def _plausible(span: str) -> bool:
        letters = [c for c in span if c.isalpha()]
        if len(letters) < 3:
            return False
        first = span.split()[0]
        if " " not in span and (first.lower() in NAME_HEADS or first.lower() in NOT_ALONE):
            return False  # "Jabal", "Tal", "Khan" begin names; alone they are not one
        if not letters[0].isascii():
            return core_of(first) not in ARABIC_STOP_CORES
        # In Latin script a place name is written with a capital ("homes" is not Homs), after any article ("al-Bab"),
        # and its later words too, but for articles ("Dayr az Zawr"): "Sinjar are" is Sinjar.
        bare = LATIN_ARTICLE.sub("", span)
        rest = span.split()[1:]
        return (bool(bare) and bare[0].isupper()
                and (first not in LATIN_STOP or (bool(rest) and first in NATIONALITIES))
                and all(w.lower() in INNER_ARTICLES or any(c.isupper() for c in w) for w in rest)
                and (not rest or any(c.isupper() for c in rest[-1])))


ARABIC_STOP_CORES = frozenset(core_of(word) for word in ARABIC_STOP)


def _one_word(name: str) -> bool:
    """Whether a gazetteer name is one word, its article aside ("Idlib", "Ash Shajarah"; not "Saham al Kaffarat")."""
    words = [w for w in re.split(r"[\s-]+", name) if w.lower() not in LATIN_ARTICLES]
    return len(words) <= 1


def _possessive(text: str, start: int, end: int) -> int:
    """2 when the capitalised Latin word at [start, end) ends in a possessive "'s" ("Iraq’s", "al-Wazir’s"), else 0."""
    bare = LATIN_ARTICLE.sub("", text[start:end])
    return 2 if end - start > 4 and text[end - 2:end] in ("'s", "’s") and bare[:1].isupper() else 0
