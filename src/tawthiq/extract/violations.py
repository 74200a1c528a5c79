"""Violation types a report describes, one suggestion per type and sentence, with their perpetrators and places.

Triggers come from data/violation_triggers.json in English and Arabic. A trigger that tells of no act that happened
is not suggested (tawthiq.extract.event_reading): one after a negation, a threat, a denial or a warning in its clause
("no one was killed", "threatened to execute", "لم يُقتل"), since a person reviewing suggestions would have to reject
it and a missed threat is cheaper than a recorded act that never happened; and one without an event reading (a place
after "near", a time, an exchange, a source of the report, an accusation, fighters as its only victims). The
"supersedes" table of the data file keeps one type where another says the same more precisely:
"extrajudicial-execution" over "killing" and "torture" over "ill-treatment" in a sentence, "hostage-taking" over
"abduction" in a whole report. The actors of a suggestion are those that committed it (tawthiq.extract.agents), not
every actor its sentence names; its method (data/methods.json: "barrel bomb", "sniper") is the one named nearest one
of its triggers in the same clause, among the methods that fit its type.

A background word ("the destroyed city", "المدينة المدمرة") does not stand as the attack a "hospital" or a "school"
needs near it. Each act of a clause is its own suggestion ("seized, looted and then burned the houses": confiscation,
looting and property destruction), one per type. A type is not suggested where its sentence names another cause of
its signs ("other_cause": tear gas for suffocation), where its words go on with an act told before them
("continuing": "اختطفت الطفلة … واقتادتها"), or where "and other" names the kind of act its context read otherwise
("beatings and other ill-treatment"); the "uncounted" table of "supersedes" drops torture told beside a single death
under torture (docs/extraction.md). Plain shelling is an indiscriminate attack only beside a word that makes it one
("heavily", "residential", "عشوائي": the "area" context), and fighters killed in the passive ("185 ISIS jihadists have
been killed") in a sentence naming no civilian are no violation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypedDict

from tawthiq.extract.actors import ActorHit
from tawthiq.extract.agent_cues import CLAUSE_BREAK, NUMBER_WORDS
from tawthiq.extract.agents import MAX_CLAUSE_WORDS, Agents
from tawthiq.extract.event_reading import (
    against_combatants,
    covers,
    cued,
    event_reading,
    names_civilians,
    other_cause,
    others_of_fighters,
    reading_cues,
    warned,
)
from tawthiq.extract.lexicon import GAP_LONG, GAP_SHORT, Lexicon, PatternSet, compile_pattern, data_file
from tawthiq.extract.spans import Document, norm_word

# How many words before a trigger a negation or a hypothetical cue may stand.
CUE_WINDOW = 5
# How many words around a trigger its context (a "harm" word for "hospital") may stand.
CONTEXT_WINDOW = 10
# How many words from a trigger its method ("barrel bombs") may stand.
METHOD_WINDOW = 10
# Contexts that qualify an act rather than name its object ("heavily shelled", "اعتقالات عشوائية"): a trigger that needs
# one is a word of the act, not a noun that may report ("our correspondent said the regime heavily shelled…").
_ACT_CONTEXTS = frozenset({None, "area", "explosive"})
# The words of an elliptic list item: a number, then one of these, then the noun ("nine on civil defence centres").
_ELLIPSIS = frozenset({"on", "against", "at", "على", "ضد"})


class ViolationHit(TypedDict):
    """One violation type found in one sentence; ``text`` is ``report[start:end]``, the sentence."""

    type: str
    text: str
    start: int
    end: int
    actors: list[str]
    places: list[str]
    method: str | None  # a slug of the methods vocabulary, when the clause names one


def find_violations(doc: Document, lexicon: Lexicon, actors: Sequence[ActorHit],
                    places: Sequence[Mapping[str, object]],
                    counts: Sequence[Mapping[str, object]] = ()) -> list[ViolationHit]:
    """Every (violation type, sentence) pair of ``doc``, in text order, with its perpetrators and the sentence's
    places; ``counts`` (tawthiq.extract.counts) tell which sentences count several victims."""
    hits: list[ViolationHit] = []
    agents = Agents(doc, lexicon, actors)
    casualties = _Casualties()
    named_anywhere: set[str] = set()
    for index, sentence in enumerate(doc.sentences):
        lo, hi = sentence.first_word, sentence.last_word
        matches = _matches(doc, lexicon, lo, hi, casualties)
        types = [slug for slug in dict.fromkeys(slug for slug, _i, _end in matches)
                 if not other_cause(doc, slug, lo, hi)]
        if not types:
            continue
        # a list item that leaves out its noun ("… and nine on civil defence centres") is an object of its own: it
        # makes no other item of the list redundant
        whole = {slug for slug, i, _end in matches if not _elliptic(doc, i, lo)}
        found = _superseded(types, lexicon.supersedes.get("sentence", {}), whole)
        named = _named(doc, lexicon, matches)  # "torture and other ill-treatment": both, though one covers the other
        named_anywhere |= named
        found = [slug for slug in types if slug in found or slug in named]
        place_names = [str(p.get("name") or p.get("text")) for p in places
                       if isinstance(p.get("start"), int) and sentence.start <= int(str(p["start"])) < sentence.end]
        methods = _methods(doc, lo, hi)
        sentence_rule = lexicon.supersedes.get("sentence", {})
        for slug in found:
            # the agent of a type this one made redundant did this act, said more precisely: "داعش قتل 28 مدنياً …
            # خلال إعدامات ميدانية" (a killing, then executions) makes the group the executions' perpetrator
            covered = {slug} | {other for other in sentence_rule.get(slug, ()) if other not in found}
            perpetrators = [a for _slug, i, _end in matches if _slug in covered for a in agents.of_trigger(index, i)]
            triggers = [(i, end) for _slug, i, end in matches if _slug == slug]
            hits.append(ViolationHit(type=slug, text=doc.text[sentence.start : sentence.end], start=sentence.start,
                                     end=sentence.end, actors=list(dict.fromkeys(perpetrators)),
                                     places=list(dict.fromkeys(place_names)),
                                     method=_method(doc, methods, triggers, _lineage(slug, lexicon))))
    # a type named by its own general term ("sexual assault and slavery") stays beside the type that covers it in the
    # report, as it does in its sentence
    kept = set(_superseded(list(dict.fromkeys(h["type"] for h in hits)), lexicon.supersedes.get("report", {})))
    kept |= named_anywhere
    return _uncounted([h for h in hits if h["type"] in kept], lexicon, counts)


def _uncounted(hits: list[ViolationHit], lexicon: Lexicon,
               counts: Sequence[Mapping[str, object]]) -> list[ViolationHit]:
    """Drop the types that a type of the report makes redundant where neither counts several victims (the "uncounted"
    table): the torture a man suffered before he died under torture, told in a sentence of its own, is that death's;
    torture in a sentence that counts several victims ("605 detainees were released, many bearing the marks of
    torture"), or beside several deaths ("at least two women died in the cell"), may be of others, and stands."""
    several = [(int(str(c["start"])), int(str(c["end"]))) for c in counts
               if isinstance(c.get("value"), int) and int(str(c["value"])) > 1]

    def counted(hit: ViolationHit) -> bool:
        return any(hit["start"] <= a and b <= hit["end"] for a, b in several)

    rule = lexicon.supersedes.get("uncounted", {})
    # one death told of ("he died under torture"), not several ("at least two women died in the cell")
    single = {h["type"] for h in hits} - {h["type"] for h in hits if counted(h)}
    redundant = {other for slug in single for other in rule.get(slug, [])}
    return [h for h in hits if h["type"] not in redundant or counted(h)]


@dataclass
class _Casualties:
    """What a report has told of its casualties so far: only fighters ("سقوط قتلى في صفوف المليشيات"), so that a
    later bare "القتلى" (the dead) in a sentence naming no civilian refers back to them."""

    fighters_only: bool = False


def _matches(doc: Document, lexicon: Lexicon, lo: int, hi: int, casualties: _Casualties) -> list[tuple[str, int, int]]:
    """The triggers of the sentence of words [lo, hi) that tell of an act: (type, first word, word after)."""
    reading, words = reading_cues(), doc.words
    found: list[tuple[str, int, int, bool]] = []  # ... and whether the phrase has no gap
    civilians: bool | None = None  # whether the sentence names a civilian, once asked
    fighters_here = False  # whether a killing or an injury of the sentence had fighters as its victims
    for i in range(lo, hi):
        for pattern, end in lexicon.violation_set.starting_at(words, i, hi):
            if pattern.context and not _near(doc, lexicon.context_sets.get(pattern.context), i, end, lo, hi):
                continue
            if (cued(doc, lexicon.negation_set, i, lo, CUE_WINDOW, lexicon.not_negation_set)
                    or cued(doc, lexicon.hypothetical_set, i, lo, CUE_WINDOW, lexicon.not_negation_set)
                    or cued(doc, lexicon.denial_set, i, lo, min(i - lo, MAX_CLAUSE_WORDS))
                    or warned(doc, lexicon, i, lo)
                    or not event_reading(doc, pattern.slug, pattern.context not in _ACT_CONTEXTS, i, end, lo, hi)):
                if pattern.slug in reading.combatant_types and against_combatants(doc, reading, end, lo, hi):
                    casualties.fighters_only = fighters_here = True
                continue
            if fighters_here and pattern.slug in reading.combatant_types and others_of_fighters(doc, i, end, lo, hi):
                continue  # "مقتل 4 عناصر، وإصابة 5 آخرين": the others are fighters too
            if pattern.context and _kind_of(doc, lexicon, pattern.slug, end, hi):
                continue  # "beatings and other ill-treatment of the detainees": the beatings are ill-treatment
            if pattern.slug in reading.combatant_types:
                civilians = names_civilians(doc, reading, lo, hi) if civilians is None else civilians
                if civilians:
                    casualties.fighters_only = False
                elif casualties.fighters_only and covers(words, reading.casualty_nouns, i, i, hi):
                    continue  # "عدد القتلى مرشح للارتفاع" after "سقوط قتلى في صفوف المليشيات": the same fighters
            found.append((pattern.slug, i, end, GAP_SHORT not in pattern.parts and GAP_LONG not in pattern.parts))
    # a trigger that opens a longer phrase of a type that supersedes it there is that phrase's head ("احتجاز الرهائن" is
    # hostage-taking, not a detention of its own)
    heads = lexicon.supersedes.get("phrase", {})
    kept = [(slug, i, end) for slug, i, end, _whole in found if not any(
        slug in heads.get(other, ()) and whole and a == i and end < b for other, a, b, whole in found)]
    # "اختطفت الطفلة … واقتادتها إلى معسكرات": the leading away goes on with the abduction before it, no detention
    # "طوّقت عدة أحياء … واعتقلت 20 شاباً", "encircled the quarter and arrested": a cordon for the arrest after it
    return [(slug, i, end) for slug, i, end in kept if not (
        slug in reading.continuing and covers(words, reading.continuing[slug][2], i, i, hi)
        and any((other in reading.continuing[slug][0] and a < i) or (other in reading.continuing[slug][1] and a > i)
                for other, a, _b in kept))]



def _methods(doc: Document, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The methods a sentence names, (first word, word after, slug); a longer phrase hides those inside it."""
    found = sorted(((i, end, p.slug) for i in range(lo, hi) for p, end in _method_set().starting_at(doc.words, i, hi)),
                   key=lambda m: (m[0] - m[1], m[0]))
    kept: list[tuple[int, int, str]] = []
    for first, end, slug in found:
        if not any(first < e and s < end for s, e, _slug in kept):
            kept.append((first, end, slug))
    return kept


def _method(doc: Document, methods: list[tuple[int, int, str]], triggers: list[tuple[int, int]],
            lineage: set[str]) -> str | None:
    """The fitting method nearest one of the triggers, in its clause and within METHOD_WINDOW words."""
    fits = _fits()
    best: tuple[int, int, str] | None = None
    for first, end, slug in methods:
        if not lineage & fits.get(slug, frozenset()):
            continue
        for start, stop in triggers:
            lo, hi = (stop, first) if stop <= first else (end, start) if end <= start else (start, start)
            distance = hi - lo
            if distance > METHOD_WINDOW or not _same_clause(doc, lo, hi, start if hi == start else None):
                continue
            if best is None or (distance, first) < best[:2]:
                best = (distance, first, slug)
    return best[2] if best else None


def _same_clause(doc: Document, lo: int, hi: int, trigger: int | None) -> bool:
    """No clause break between words ``lo - 1`` and ``hi``; but a trigger that opens its clause (", killing five")
    tells of what the clause before it did, so one break right before it is crossed."""
    if hi <= lo:
        return True
    words, text = doc.words, doc.text
    breaks = [k for k in range(lo, hi + 1) if CLAUSE_BREAK.search(text, words[k - 1].end, words[k].start)]
    return not breaks or (trigger is not None and breaks == [trigger])


def _lineage(slug: str, lexicon: Lexicon) -> set[str]:
    """A violation type and every type above it."""
    out: set[str] = set()
    current: str | None = slug
    while current and current not in out:
        out.add(current)
        current = lexicon.violation_types.get(current)
    return out


@lru_cache(maxsize=1)
def _method_set() -> PatternSet:
    data = data_file("methods.json")["methods"]
    return PatternSet(compile_pattern(p, lang, slug) for slug, langs in data.items() for lang, ps in langs.items()
                      for p in ps)


@lru_cache(maxsize=1)
def _fits() -> dict[str, frozenset[str]]:
    return {slug: frozenset(types) for slug, types in data_file("methods.json")["fits"].items()}


def _named(doc: Document, lexicon: Lexicon, matches: Sequence[tuple[str, int, int]]) -> set[str]:
    """The types of ``matches`` whose trigger is the type's own general term ("ill-treatment", "العنف الجنسي"): a report
    that names one beside a graver type ("torture and other ill-treatment") tells of both."""
    named = lexicon.supersedes.get("named", {})
    out = set()
    for slug, i, end in matches:
        if slug in named:
            terms = {norm_word(term) for term in named[slug]}
            rest = [w.norm for w in doc.words[i + 1:end]]
            # the first word with or without an attached particle ("وسوء المعاملة")
            if any(" ".join([form, *rest]) in terms for form in doc.words[i].forms):
                out.add(slug)
    return out


# What joins an act to the general term of its kind: "beatings and other ill-treatment", "الضرب وغيره من سوء المعاملة".
_AND_OTHER = (("and", "other"), ("or", "other"), ("وغيره", "من"), ("وغيرها", "من"), ("وغيره", "من", "ضروب"),
              ("وغيرها", "من", "ضروب"), ("وسائر",))


def _kind_of(doc: Document, lexicon: Lexicon, slug: str, end: int, hi: int) -> bool:
    """Whether the trigger ending before word ``end`` is followed by "and other" and the general term of another type
    ("beatings and other ill-treatment"): the report says which kind of act it is, so a trigger read from its context
    (beatings in custody as torture) gives way to that type."""
    words = doc.words
    for joint in _AND_OTHER:
        stop = end + len(joint)
        if stop >= hi or tuple(w.norm for w in words[end:stop]) != joint:
            continue
        for other, terms in lexicon.supersedes.get("named", {}).items():
            if other == slug:
                continue
            for term in terms:
                parts = [norm_word(p) for p in term.split()]
                if [w.norm for w in words[stop:stop + len(parts)]] == parts:
                    return True
    return False


def _superseded(types: list[str], supersedes: Mapping[str, list[str]], by: set[str] | None = None) -> list[str]:
    """Drop the types that a present type (one of ``by``, when given) makes redundant ("hostage-taking" over
    "abduction")."""
    redundant = {other for slug in types if by is None or slug in by for other in supersedes.get(slug, [])}
    return [slug for slug in types if slug not in redundant]


def _near(doc: Document, context: PatternSet | None, start: int, end: int, lo: int, hi: int) -> bool:
    """Whether a phrase of ``context`` stands within CONTEXT_WINDOW words of the trigger at [start, end), not as a
    background word ("the destroyed city")."""
    if context is None:
        return False
    first, last = max(lo, start - CONTEXT_WINDOW), min(hi, end + CONTEXT_WINDOW)
    if _elliptic(doc, start, lo):
        first = lo  # "28 attacks on schools, 11 on places of worship and nine on civil defence centres"
    background = reading_cues().background
    for k in range(first, last):
        if start <= k < end:
            continue
        if next(context.starting_at(doc.words, k, last), None) is not None and not covers(
                doc.words, background, k, max(lo, k - 1), hi):
            return True
    return False


def _elliptic(doc: Document, start: int, lo: int) -> bool:
    """Whether the trigger at ``start`` follows a number and "on" with no noun between ("… and nine on civil defence
    centres"): a list that leaves out the noun it repeats ("attacks"), which may stand anywhere before in the
    sentence."""
    words = doc.words
    if start - 2 < lo or words[start - 1].norm not in _ELLIPSIS:
        return False
    number = words[start - 2].norm
    return number.isdigit() or number in NUMBER_WORDS
