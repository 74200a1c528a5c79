"""Persons named in a report: kunyas, nisbas, titles, names introduced as names, and known first names.

English: "Abu Omar", "Umm Ahmad", "Abu Omar al-Shishani", "the Belgian Abu Omar", "the Chechen Omar",
"Colonel Suhail al-Hassan", 'a man named "Saddam Aljamal"', “Aladnani” in quotes, "al-Adnani", "Ahmad
al-Hassan" (a known first name and more). Arabic: "أبو عمر", "أبو عمر الشيشاني", "القيادي صدام الجمل",
"المدعو …", «…». Arabic has no capitals, so outside kunyas and strong titles ("الأمير", "العقيد", "المدعو")
a name must open with a known first name. Once found, a name is found again wherever else it stands.
Actors, places (the resolver's and a short list of place names that look like kunyas: "Abu Kamal") and
organisations ("Omar Street", "Hamza Division") are never persons.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, TypedDict

from tawthiq.extract.lexicon import Lexicon, data_file
from tawthiq.extract.spans import Document, fold
from tawthiq.text import match_key

_AW = r"[\u0621-\u064a]+"
_B, _E = r"(?<![\u0621-\u064a])", r"(?![\u0621-\u064a])"
_LATIN_WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:['’](?!s\b)[a-zà-ÿ]+)?"  # "O'Neil" but not "Nusra's"
_CONNECTOR = r"(?:al|el|Al|El|ad|ar|as|ash|at|az|ibn|bin|bint|abu|abd)-?\s*"
_MAX_WORDS = 4
BARE, TITLE, STRONG = 0, 1, 2  # how strongly the words before an Arabic candidate say a name follows


class PersonHit(TypedDict):
    """One person mention; ``text`` is ``report[start:end]``."""

    text: str
    start: int
    end: int
    name: str


def find_persons(doc: Document, lexicon: Lexicon, actors: Sequence[Mapping[str, Any]] = (),
                 places: Sequence[Mapping[str, Any]] = (),
                 model_spans: Sequence[tuple[int, int]] = ()) -> list[PersonHit]:
    """Every person mention of ``doc`` in text order, minus actors and places. ``model_spans`` are names a
    statistical model found (offsets into ``doc.text``); they pass the same checks after the rules' own."""
    rules = _rules()
    folded = doc.folded
    text = folded.text
    blocked = [(int(x["start"]), int(x["end"])) for x in [*actors, *places]
               if isinstance(x.get("start"), int) and isinstance(x.get("end"), int)]
    blocked_keys = rules.not_person_keys | lexicon.index.all_keys | {match_key(str(p.get("text", ""))) for p in places}
    candidates: list[tuple[int, int]] = []
    for pattern, check in rules.latin:
        for m in pattern.finditer(text):
            if check(m.group("n")):
                candidates.append(m.span("n"))
    for pattern, cue in rules.arabic:
        for m in pattern.finditer(text):
            if (span := _arabic_name(text, m.start("n"), m.end("n"), cue, rules)) is not None:
                candidates.append(span)
    hits: list[PersonHit] = []
    for f_start, f_end in sorted(set(candidates), key=lambda s: (s[0] - s[1], s[0])):
        _add(doc, hits, f_start, f_end, blocked, blocked_keys)
    for start, end in model_spans:
        if 0 <= start < end <= len(doc.text):
            _accept(doc, hits, start, end, blocked, blocked_keys)
    # a name found once is found wherever else it stands ("Aladnani" quoted once, then "Aladnani visit")
    for name in {h["text"] for h in hits if len(h["text"]) >= 4}:
        needle = re.escape(fold(name).text).replace(r"\ ", r"\s+")
        for m in re.finditer(rf"(?<![\w\u0621-\u064a]){needle}(?![\w\u0621-\u064a])", text):
            _add(doc, hits, m.start(), m.end(), blocked, blocked_keys)
    # "Omar" alone, where "Omar Khaled al-Hassan" is named, is that person again, not a new one
    full = [h["text"].split() for h in hits if len(h["text"].split()) > 1]
    hits = [h for h in hits if len(h["text"].split()) > 1 or not any(h["text"] == words[0] for words in full)]
    return sorted(hits, key=lambda h: h["start"])


def _add(doc: Document, hits: list[PersonHit], f_start: int, f_end: int, blocked: list[tuple[int, int]],
         blocked_keys: frozenset[str]) -> None:
    _accept(doc, hits, *doc.folded.span(f_start, f_end), blocked, blocked_keys)


def _accept(doc: Document, hits: list[PersonHit], start: int, end: int, blocked: list[tuple[int, int]],
            blocked_keys: frozenset[str]) -> None:
    """Keep ``doc.text[start:end]`` as a person unless it overlaps an actor, a place or a name already kept, or
    is a blocked word."""
    surface = doc.text[start:end]
    # an ending mark (tanween) or apostrophe is fine inside the span, but white space is not
    trimmed = surface.rstrip()
    end -= len(surface) - len(trimmed)
    if end <= start or any(start < e and s < end for s, e in blocked):
        return
    if any(start < h["end"] and h["start"] < end for h in hits):
        return
    if re.match(r"(?:على|إلى|حتى|لدى)(?![\u0621-\u064a])", trimmed):
        return  # "على" (on) folds to "علي" (Ali)
    key = match_key(trimmed)
    words = trimmed.split()
    if not key or key in blocked_keys or (
            words[0] in _rules().demonyms and match_key(" ".join(words[1:])) in blocked_keys):
        return
    hits.append(PersonHit(text=trimmed, start=start, end=end, name=_name(trimmed)))


def _name(text: str) -> str:
    """The name as a record would hold it: "the Tunisian Abu Yahya" is Abu Yahya al-Tunisi, "أبي عائشة" أبو عائشة."""
    words = text.replace("“", "").replace("”", "").split()
    nisbas = _rules().demonym_nisbas
    if len(words) > 1 and words[0] in nisbas:
        words = [*words[1:], nisbas[words[0]]]
    if words and words[0] in ("أبي", "أبا", "ابي", "ابا"):
        words[0] = "أبو"  # the kunya in the genitive or accusative, named in the nominative
    return " ".join(words)


def _arabic_name(text: str, start: int, end: int, cue: int, rules: _Rules) -> tuple[int, int] | None:
    """The part of an Arabic candidate that is a name: first word (kunya, known first name, or any word after a
    STRONG cue), then further name words (first names, family names with ال, بن/ابن + word, nisbas). Without
    a cue (BARE) a first name needs a second name word; after a TITLE ("الطفلة فاطمة") it does not."""
    words = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(_AW, text[start:end])]
    if not words:
        return None
    first = words[0][2]
    if first not in rules.kunya_ar and len(first) > 3 and first[0] in "وفبل" and first[1:] in rules.kunya_ar:
        first = first[1:]  # "بأبي عائشة": the name starts after the particle
        words[0] = (words[0][0] + 1, words[0][1], first)
    kept = 1
    if first in rules.kunya_ar:
        if len(words) < 2 or words[1][2] in rules.stop_ar or words[1][2] in rules.adjectives_ar:
            return None
        if first == "ام" and words[1][2] not in rules.given_ar:
            return None  # "أم" is also "or"
        kept = 2
    elif first == "عبد" and len(words) > 1:
        kept = 2  # "عبد الله", "عبد الرحيم"
    elif first not in rules.given_ar and (
            cue < STRONG or first.startswith("ال") or first in rules.stop_ar or len(first) < 3):
        return None
    while kept < min(len(words), _MAX_WORDS):
        word = words[kept][2]
        if word in ("بن", "ابن", "بنت", "عبد") and kept + 1 < len(words):
            kept += 2
            continue
        if word in rules.given_ar or word in rules.nisbas_ar or (
                word.startswith("ال") and len(word) > 3 and word not in rules.adjectives_ar
                and word not in rules.stop_ar):
            kept += 1
            continue
        break
    if kept < 2 and cue == BARE:
        return None  # a lone first name is not enough without a cue
    return words[0][0], words[min(kept, len(words)) - 1][1]


class _Rules:
    """The compiled patterns of data/persons.json."""

    def __init__(self, data: dict[str, Any]) -> None:
        def alt(items: list[str]) -> str:
            return "|".join(re.escape(fold(i).text).replace(r"\ ", r"\s+")
                            for i in sorted(items, key=len, reverse=True))

        given_en = frozenset(data["given_names_en"])
        demonyms = alt(data["demonyms_en"])
        org = frozenset(data["org_words_en"])
        kunya = rf"(?:{alt(data['kunya_en'])})\s+(?:(?:al|el)-)?{_LATIN_WORD}(?:\s+(?:al|el|Al|El)-{_LATIN_WORD})?"
        name = rf"{_LATIN_WORD}(?:(?:\s+|-)(?:{_CONNECTOR})?{_LATIN_WORD}){{0,3}}"
        given = rf"(?:{alt(data['given_names_en'])})"

        def named(candidate: str) -> bool:
            words = re.findall(r"[\w'’]+", candidate)
            if not words or any(w in org for w in words):
                return False
            return words[0] in given_en or words[0] in self.kunya_en or len(words) >= 2 and words[0] not in org

        def opens_with_name(candidate: str) -> bool:
            words = re.findall(r"[\w'’]+", candidate)
            if words and words[0] in self.demonyms and len(words) > 1:
                words = words[1:]
            if not words or any(w in org for w in words):
                return False
            return (words[0] in given_en or words[0] in self.kunya_en
                    or bool(re.fullmatch(r"(?:Al[a-z]{4,}i|[Aa]l-[A-Z][a-z]{3,}[iy])", candidate)))

        self.kunya_en = frozenset(data["kunya_en"])
        self.demonym_nisbas: dict[str, str] = data["demonym_nisbas"]
        self.demonyms = frozenset(data["demonyms_en"])
        self.latin: list[tuple[re.Pattern[str], Callable[[str], bool]]] = [
            (re.compile(rf"\b(?P<n>{kunya})"), named),
            (re.compile(rf"\b[Tt]he\s+(?P<n>(?:{demonyms})\s+(?:{kunya}|{name}))"), opens_with_name),
            (re.compile(rf"\b(?:{alt(data['titles_en'])})\.?\s+(?P<n>{kunya}|{name})"), named),
            (re.compile(rf"(?<!so-)\b(?:{alt(data['named_en'])})\s+[\"“”'‘]?\s*(?P<n>{kunya}|{name})"),
             opens_with_name),
            (re.compile(rf"[\"“”]\s*(?P<n>(?:(?:{demonyms})\s+)?(?:{kunya}|{name}))\s*[\"“”]"), opens_with_name),
            (re.compile(rf"\b(?P<n>{given}(?:(?:\s+|-)(?:{_CONNECTOR})?{_LATIN_WORD}){{1,3}})\b"), named),
            (re.compile(r"(?<![A-Za-z][\s-])\b(?P<n>Al[a-z]{4,}i|[Aa]l-[A-Z][a-z]{3,}[iy])\b"), opens_with_name),
            (re.compile(rf"\b(?:said|told|added)\s+(?P<n>{name})"), lambda c: len(c.split()) >= 2 and named(c)),
            (re.compile(rf"\b(?:{alt(data['kinship_en'])}),?\s+(?P<n>{kunya}|{name})"),
             lambda c: not any(w in org for w in c.split())),
            (re.compile(rf"\b(?P<n>{name})\s*\(not\s+(?:his|her|their)\s+real\s+name\)"), lambda c: True),
            (re.compile(rf"\b(?P<n>{given})(?=,\s+(?:who|whose)\b|\s+(?:said|told|says)\b|\s*\()"), lambda c: True),
            (re.compile(rf"\b(?P<n>{name})(?:,\s+(?:a|an)\s+(?:\d+-year-old\s+)?(?:resident|activist|father|mother|man|woman|member|commander|fighter|doctor|teacher|journalist)\b|\s*\(\d{{1,3}}\)|,\s+\d{{1,3}},)"),
             lambda c: len(c.split()) >= 2 and named(c)),
        ]
        self.kunya_ar = frozenset(fold(k).text for k in data["kunya_ar"])
        self.given_ar = frozenset(fold(g).text for g in data["given_names_ar"])
        self.nisbas_ar = frozenset(fold(n).text for n in data["nisbas_ar"])
        self.stop_ar = frozenset(fold(s).text for s in data["stop_ar"])
        self.adjectives_ar = frozenset(fold(a).text for a in data["adjectives_ar"])
        # the words after a cue are looked at, not consumed: they may hold the next cue ("الشاب محمد والطفلة فاطمة")
        span = rf"{_AW}(?:\s+{_AW}){{0,{_MAX_WORDS + 1}}}"
        self.arabic: list[tuple[re.Pattern[str], int]] = [
            (re.compile(rf"{_B}[وفبل]?(?P<n>(?:{alt(data['kunya_ar'])})\s+{span})"), TITLE),
            (re.compile(rf"{_B}[وفبل]?(?:{alt(data['strong_titles_ar'])})\s+(?=(?P<n>{span}))"), STRONG),
            (re.compile(rf"{_B}[وفبل]?(?:{alt(data['named_ar'])})\s*(?=(?P<n>{span}))"), STRONG),
            (re.compile(rf"{_B}[وفبل]?(?:{alt(data['titles_ar'])})\s+(?=(?P<n>{span}))"), TITLE),
            (re.compile(rf"{_B}[وفبل]?(?:{alt(data['kinship_ar'])}){_E}\s*[،,]?\s*(?=(?P<n>{span}))"), TITLE),
            (re.compile(rf"[«\"“]\s*(?P<n>{span})\s*[»\"”]"), TITLE),
            (re.compile(rf"{_B}[وفبل]?(?P<n>(?:{alt(data['given_names_ar'])}|عبد\s+{_AW}){_E}"
                        rf"(?:\s+{_AW}){{1,{_MAX_WORDS}}})"), BARE),
        ]
        self.not_person_keys = frozenset(k for k in (match_key(n) for n in data["not_persons"]) if k)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules(data_file("persons.json"))
