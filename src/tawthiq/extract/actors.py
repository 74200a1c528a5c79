"""Armed actors named in a report: every alias of every actor, in both scripts, matched by its match key.

Word n-grams of the text are keyed with tawthiq.text.match_key, so "Daesh", "داعش" and "بداعش" all find the
Islamic State. Acronyms ("IS", "YPG", "HTS") match only as written: "is" and "Is" are ordinary words.
Where mentions overlap the longest wins; each mention span gives one suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache
from typing import TypedDict

from tawthiq.extract.actor_phrases import find_phrases
from tawthiq.extract.former_names import drop_restated
from tawthiq.extract.lexicon import Lexicon, PatternSet, compile_pattern, data_file
from tawthiq.extract.spans import WORD, Document, clitic_forms, norm_word
from tawthiq.text import match_key

# What may stand between the words of one name: spaces, hyphens, apostrophes, the dot of "U.S.-led".
_JOINER = re.compile(r"[ \t\u00a0\-'’‘ʿʾ`.\u200c\u200f\u200e]*\n?[ \t\u00a0]*")


class ActorHit(TypedDict):
    """One actor mention; ``text`` is ``report[start:end]``."""

    text: str
    start: int
    end: int
    name: str
    slug: str


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return match_key(text)


def find_actors(doc: Document, lexicon: Lexicon) -> list[ActorHit]:
    """Every actor mention of ``doc``, in text order, longest first where mentions overlap."""
    index = lexicon.index
    words = doc.words
    text = doc.text
    candidates: list[tuple[int, int, str]] = []  # (first word, last word + 1, slug)
    for i, word in enumerate(words):
        firsts = [f for f in clitic_forms(word.norm) if f in index.first_light]
        tiers = (word.surface in index.first_surfaces, bool(firsts),
                 word.surface[:1].isupper() and _key(word.surface) in index.first_fuzzy)
        if not any(tiers):
            continue
        limit = i + 1
        while limit < min(len(words), i + index.max_words) and _joined(text, words[limit - 1].end, words[limit].start):
            limit += 1
        for j in range(limit, i, -1):
            slugs = _lookup(doc, i, j, tiers, firsts, lexicon)
            if slugs:
                if (slug := _choose(slugs, lexicon, doc.published_on)) is not None:
                    candidates.append((i, j, slug))
                break

    def phrase(c: tuple[int, int, str]) -> set[str]:
        return {" ".join([first, *(w.norm for w in words[c[0] + 1 : c[1]])])
                for first in clitic_forms(words[c[0]].norm)}

    if candidates and doc.published_on is not None:  # "in 2019, government forces …": the government of that year
        candidates = [(c[0], c[1], _of_the_year(doc, lexicon, c)) for c in candidates]
    if candidates and doc.published_on is not None:  # "عناصر المخابرات" after the organ ceased to exist: no one
        of_the_day = _of_the_day()
        candidates = [c for c in candidates if not (phrase(c) & of_the_day and _ended(c[2], lexicon, doc.published_on))]
    state: str | None = None
    if candidates and _elsewhere(doc):  # a bare "النظام", "the regime" in a report on Iraq is Iraq's
        bare = _syria_only()[0]
        forces, states = _state_forces()
        state = next((slug for slug, cues in states.items() if _names_any(doc, cues) and slug in lexicon.names), None)
        # "government forces" in a report on Iraq are Iraq's forces; elsewhere, or the bare words, no one named
        candidates = [(c[0], c[1], state) if state and phrase(c) & forces else c for c in candidates
                      if not phrase(c) & bare and (state or not phrase(c) & forces)]
    if candidates:  # "security forces" are the state's only in a report about it, and never "Kurdish security forces"
        local = _local_forces()
        candidates = [c for c in candidates if not phrase(c) & local or (c[2] == state and not _modified(doc, *c[:2]))]
    if candidates:
        candidates = [c for c in candidates if not _modified_head(doc, c[0], c[1]) and not _other_body(doc, c[0], c[1])]
        proxies, patron = _turkey_only()
        if not _names_any(doc, patron):  # "its Syrian proxies" are the SNA only beside Turkey, their patron
            candidates = [c for c in candidates if " ".join(w.norm for w in words[c[0]:c[1]]) not in proxies]
        else:  # "the Libyan National Army": another country's army, though the report names Turkey
            candidates = [c for c in candidates if " ".join(w.norm for w in words[c[0]:c[1]]) not in proxies
                          or not _modified(doc, c[0], c[1])]
    names = lexicon.names
    # Arabic "طائرات حربية روسية", "غارات روسية": a noun of force and an adjective (tawthiq.extract.actor_phrases)
    candidates += [(i, j, slug) for i, j, slug in find_phrases(doc) if slug in names]
    # "by Russia", "على يد جهات مجهولة": a name that is an actor only as the agent
    candidates += [(i, j, slug) for i, j, slug in _after_agent(doc) if slug in names]
    # "the Syrian government and Russia have targeted hospitals": a state listed with an armed party, as the agent
    candidates += [(i, j, slug) for i, j, slug in _listed_states(doc, candidates) if slug in names]
    # Longest first, then leftmost: "Islamic State of Iraq and the Levant" beats "Islamic State" inside it.
    candidates.sort(key=lambda c: (-(words[c[1] - 1].end - words[c[0]].start), c[0]))
    taken: list[tuple[int, int]] = []
    hits: list[ActorHit] = []
    for i, j, slug in candidates:
        if any(i < b and a < j for a, b in taken):
            continue
        taken.append((i, j))
        start, end = words[i].start, words[j - 1].end
        hits.append(ActorHit(text=text[start:end], start=start, end=end, name=names.get(slug, slug), slug=slug))
    # "(HTS, formerly al-Nusra Front)", "the HTS General Security Service": one actor named twice
    return drop_restated(text, sorted(hits, key=lambda h: h["start"]))


def _phrases(aliases: Iterable[str]) -> frozenset[str]:
    """Phrases of a data file, each as its words' normal forms joined by spaces (as the mentions are compared)."""
    return frozenset(" ".join(norm_word(w) for w in WORD.findall(a)) for a in aliases)


@cache
def _syria_only() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The bare aliases that are Syria's unless the report is about another state, the words that make a report
    about Syria, and those that name another state (data/actor_aliases.json)."""
    data = data_file("actor_aliases.json")["syria_only"]
    return _phrases(data["aliases"]), _phrases(data["cues"]), _phrases(data["elsewhere"])


@cache
def _of_the_day() -> frozenset[str]:
    """The bare words that name the state's organ of the day only (data/actor_aliases.json, syria_only.of_the_day)."""
    data = data_file("actor_aliases.json")["syria_only"]["of_the_day"]
    return _phrases(data["aliases"])


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SENTENCE_END = re.compile(r"[.!?؟\n]")


def _of_the_year(doc: Document, lexicon: Lexicon, c: tuple[int, int, str]) -> str:
    """The actor of mention ``c``, or the one its alias named in the year its sentence names, if that year ended
    before the actor existed: in a report of 2025, "the 2019 offensive, when government forces bombed the town" is
    the former government's."""
    since = lexicon.periods.get(c[2], (None, None))[0]
    text, words = doc.text, doc.words
    earlier = since and tuple(s for s in lexicon.index.light.get(" ".join(w.norm for w in words[c[0]:c[1]]), ())
                              if s != c[2])
    if not since or not earlier:
        return c[2]  # most names are no other actor's
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, words[c[0]].start)), default=0)
    end = m.start() if (m := _SENTENCE_END.search(text, words[c[1] - 1].end)) else len(text)
    years = [int(y) for y in _YEAR.findall(text, start, end)]
    if not years or max(years) >= since.year:
        return c[2]
    return _choose(earlier, lexicon, date(max(years), 12, 31)) or c[2]


def _ended(slug: str, lexicon: Lexicon, published_on: date) -> bool:
    until = lexicon.periods.get(slug, (None, None))[1]
    return until is not None and until < published_on


@cache
def _state_forces() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The words for a government's forces ("government forces") and, per shipped actor, the words that make a report
    about its state (data/actor_aliases.json, syria_only.state_forces)."""
    data = data_file("actor_aliases.json")["syria_only"]["state_forces"]
    return _phrases(data["aliases"]), {slug: _phrases(cues) for slug, cues in data["states"].items()}


@cache
def _local_forces() -> frozenset[str]:
    """The words for a state's security forces that name its forces only in a report about that state
    (data/actor_aliases.json, syria_only.state_forces.local)."""
    data = data_file("actor_aliases.json")["syria_only"]["state_forces"]["local"]
    return _phrases(data["aliases"])


def _modified(doc: Document, i: int, j: int) -> bool:
    """Whether the words [i, j) have a name or an adjective of their own: a capitalised word before them inside the
    sentence ("Kurdish security forces", "the Asayish security forces"), or an Arabic adjective after them ("قوات
    الأمن الكردية")."""
    words, text = doc.words, doc.text
    if doc.language == "ar":
        return j < len(words) and _joined(text, words[j - 1].end, words[j].start) and words[j].surface.startswith("ال")
    return i > 0 and words[i - 1].surface[:1].isupper() and _joined(text, words[i - 1].end, words[i].start) and not (
        i == 1 or re.search(r"[.!?:;—–-]\s*$|\n\s*$", text[:words[i - 1].start]))


@cache
def _turkey_only() -> tuple[frozenset[str], frozenset[str]]:
    """The words for Syrian armed groups that are the SNA only in a report naming Turkey, and the words naming it
    (data/actor_aliases.json, turkey_only)."""
    data = data_file("actor_aliases.json")["turkey_only"]
    return _phrases(data["aliases"]), _phrases(data["cues"])


@cache
def _bare_heads() -> tuple[frozenset[str], frozenset[str]]:
    """The bare words of an army ("the army", "الجيش") and the English words after them that make them part of another
    name ("the army of conquest", "the military police"): data/actor_aliases.json, syria_only.bare_heads."""
    data = data_file("actor_aliases.json")["syria_only"]["bare_heads"]
    heads = _phrases(data["aliases"])
    return heads, frozenset(norm_word(w) for w in data["en_after"])


def _modified_head(doc: Document, i: int, j: int) -> bool:
    """Whether the mention of words [i, j) is a bare army word with a modifier after it, in one phrase ("the army of
    Conquest", "the army police", "الجيش اللبناني": an Arabic adjective or noun with the article), or capitalised
    ("the Army"): another name."""
    words = doc.words
    heads, after = _bare_heads()
    if " ".join(w.norm for w in words[i:j]) not in heads and not any(
            form in heads for form in words[i].forms if j == i + 1):
        return False
    if doc.language != "ar" and words[j - 1].surface[:1].isupper():
        return True  # "the Army": a capital makes it some army's name, not the generic word
    if j >= len(words) or not _joined(doc.text, words[j - 1].end, words[j].start):
        return False
    following = words[j].surface
    if doc.language == "ar":
        return following.startswith("ال")
    return words[j].norm in after


@cache
def _other_bodies() -> dict[str, frozenset[str]]:
    data = data_file("actor_aliases.json")["other_bodies"]["heads"]
    return {norm_word(head): frozenset(norm_word(w) for w in before) for head, before in data.items()}


def _other_body(doc: Document, i: int, j: int) -> bool:
    """Whether a one-word mention is the head of another body's name ("the Syrian Opposition Coalition", "the
    National Coalition": a political body, not the US-led coalition): data/actor_aliases.json, other_bodies."""
    before = _other_bodies().get(doc.words[i].norm) if j == i + 1 and i > 0 else None
    return before is not None and doc.words[i - 1].norm in before and _joined(doc.text, doc.words[i - 1].end,
                                                                               doc.words[i].start)


def _names_any(doc: Document, words: frozenset[str]) -> bool:
    return any(form in words for w in doc.words for form in w.forms)


def only_as_perpetrator(doc: Document, hit: ActorHit) -> bool:
    """Whether a mention is a bare word ("الحكومة") to be suggested only as a perpetrator."""
    words = [norm_word(w) for w in WORD.findall(hit["text"])]
    weak = _weak()
    return bool(words) and any(" ".join([first, *words[1:]]) in weak for first in clitic_forms(words[0]))


@cache
def _weak() -> frozenset[str]:
    data = data_file("actor_aliases.json")
    names = data["after_agent"]["names"].values()
    weak = [*data["syria_only"]["only_as_perpetrator"], *(n for ns in names for n in ns)]
    return _phrases(weak)


@cache
def _agent_names() -> tuple[PatternSet, PatternSet, PatternSet]:
    """The agent cues, the names of the "after_agent" table of data/actor_aliases.json, and the cues after a name that
    say it owned the act ("accepted responsibility")."""
    data = data_file("actor_aliases.json")["after_agent"]
    cues = PatternSet(compile_pattern(c, lang) for lang, cs in data["cues"].items() for c in cs)
    names = PatternSet(compile_pattern(n, "ar" if "\u0600" <= n[0] <= "\u06ff" else "en", slug)
                       for slug, ns in data["names"].items() for n in ns)
    owned = PatternSet(compile_pattern(c, lang) for lang in ("en", "ar") for c in data["responsible_after"][lang])
    return cues, names, owned


_COMPOUND = re.compile(r"[-‐‑–][^\W\d_]")


def _after_agent(doc: Document) -> list[tuple[int, int, str]]:
    """(first word, word after, slug) of each name of the "after_agent" table that stands right after an agent cue."""
    cues, names, owned = _agent_names()
    words, text = doc.words, doc.text
    found = []
    firsts = frozenset(p.parts[0] for p in owned.patterns)
    owning = any(form in firsts for w in words for form in w.forms)  # most reports have no such cue: skip the scan
    for k in range(len(words)):
        for _cue, end in cues.starting_at(words, k, len(words)):
            if end >= len(words) or text[words[end - 1].end:words[end].start].strip():
                continue
            # "perpetrated by Turkey-backed armed groups": a name that opens a compound names the groups' patron
            found += [(end, stop, name.slug) for name, stop in names.starting_at(words, end, len(words))
                      if not _COMPOUND.match(text, words[stop - 1].end)]
        # "the United States accepted responsibility for 11 deaths": the name before the cue owned the act
        if owning:
            found += [(k, stop, name.slug) for name, stop in names.starting_at(words, k, len(words))
                      if stop < len(words) and not text[words[stop - 1].end:words[stop].start].strip()
                      and next(owned.starting_at(words, stop, len(words)), None) is not None]
    return found


def _listed_states(doc: Document, candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(first word, word after, slug) of each name of the "after_agent" table joined by "and" to an actor's name ("the
    Syrian government and Russia"): listed with the party, it acts with it. Like the names after an agent cue, it is
    suggested only as a perpetrator (tawthiq.extract.roles). Not in Arabic, whose و joins clauses as often as names
    ("روسيا وإيران حليفتي النظام وتركيا الداعمة للمعارضة")."""
    if not candidates or doc.language == "ar":
        return []
    _cues, names, _owned = _agent_names()
    words, text = doc.words, doc.text
    ends, starts = {j for _i, j, _s in candidates}, {i for i, _j, _s in candidates}

    def joined(end: int, start: int) -> bool:  # the name ending before word ``end`` and the one from word ``start``
        return 0 < end < start < len(words) and _AND.fullmatch(text, words[end - 1].end, words[start].start) is not None

    found = []
    for k in range(len(words)):
        for name, stop in names.starting_at(words, k, len(words)):
            if any(joined(e, k) for e in (k, k - 1, k - 2) if e in ends) or any(
                    joined(stop, s) for s in (stop, stop + 1, stop + 2) if s in starts):
                found.append((k, stop, name.slug))
    return found


# "X and Y", "X and the Y"
_AND = re.compile(r"\s+and\s+(?:the\s+)?")


def _elsewhere(doc: Document) -> bool:
    """Whether the report names another state and nothing of Syria."""
    _aliases, cues, elsewhere = _syria_only()

    def names(words: frozenset[str]) -> bool:
        return any(form in words for w in doc.words for form in w.forms) or any(
            f"{a.norm} {b.norm}" in words for a, b in zip(doc.words, doc.words[1:], strict=False))

    return names(elsewhere) and not names(cues)


def _lookup(doc: Document, i: int, j: int, tiers: tuple[bool, bool, bool], firsts: list[str],
            lexicon: Lexicon) -> tuple[str, ...]:
    index = lexicon.index
    words = doc.words
    surface = doc.text[words[i].start : words[j - 1].end]
    if tiers[0] and (slugs := index.surface.get(" ".join(surface.split()))):
        return slugs
    if tiers[1]:
        rest = [w.norm for w in words[i + 1 : j]]
        for first in firsts:  # "وبقوات النظام" is looked up as "قوات النظام"
            if slugs := index.light.get(" ".join([first, *rest])):
                return slugs
    # Transliteration variants only for what looks like a name: capitalised at both ends, no more words than
    # the alias ("DeirEzzor" may join two words, but a trailing word must not ride along).
    if tiers[2] and (words[j - 1].surface[0].isupper() or words[j - 1].surface[0].isdigit()):
        key = _key(surface)
        if j - i <= index.fuzzy_words.get(key, 0):
            return index.fuzzy.get(key, ())
    return ()


def _joined(text: str, end: int, start: int) -> bool:
    """Whether two neighbouring words may belong to one name (nothing but joiners between them).

    A full stop and a space end a sentence, except after a dotted abbreviation ("U.S. forces")."""
    return _JOINER.fullmatch(text, end, start) is not None and (
        ". " not in text[end:start] or (end >= 2 and text[end - 2] == "."))


def _choose(slugs: tuple[str, ...], lexicon: Lexicon, published_on: date | None) -> str | None:
    """The actor an alias names: none that did not exist yet at publication ("General Security" in 2016), and
    among several, the first that existed then. An actor that has ceased to exist may still be written about."""
    if published_on is None:
        return slugs[0]
    periods = [(slug, *lexicon.periods.get(slug, (None, None))) for slug in slugs]
    existed = [(slug, until) for slug, since, until in periods if since is None or since <= published_on]
    current = [slug for slug, until in existed if until is None or published_on <= until]
    return current[0] if current else existed[0][0] if existed else None
