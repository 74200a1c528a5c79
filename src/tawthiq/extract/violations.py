"""Violation types a report describes, one suggestion per type and sentence, with their perpetrators and places.

Triggers come from data/violation_triggers.json in English and Arabic. A trigger preceded in its clause by a
negation ("no one was killed", "denied", "لم يُقتل") or by a threat or hypothetical ("threatened to execute",
"هدد بإعدام") is not suggested: a person reviewing suggestions would have to reject it, and a missed
threat is cheaper than a recorded act that never happened. A denial ("denied reports that … was shelled",
"نفى … صحة الأنباء"), a warning ("warned that the detainees face torture", "محذرة تعرض … لعمليات تعذيب") and a demand
to stop ("called for an end to torture", "urged X to cease") reach back over their whole clause, past the commas of a
list of things ("residential areas, hospitals, schools"). The "supersedes" table of the data file keeps one
type where another says the same more precisely: "extrajudicial-execution" over "killing" and "torture"
over "ill-treatment" in a sentence, "hostage-taking" over "abduction" in a whole report. The actors of a
suggestion are those that committed it (tawthiq.extract.agents), not every actor its sentence names; its
method (data/methods.json: "barrel bomb", "sniper") is the one named nearest one of its triggers in the same clause,
among the methods that fit its type.

A trigger needs an event reading (the "event_reading" table of the data file): a word that names a place, a time, a
source or an exchange tells of no act. So a place noun after a landmark cue ("near the prison", "قرب السجن"), a
trigger inside a time or an exchange ("at the time of the evening prayer", "prisoner exchange", "تبادل الأسرى"), a
noun trigger that reports rather than suffers ("our correspondent said", "وأفاد الدفاع المدني", "according to the
White Helmets"), a trigger after an accusation or a purpose in its clause ("accused of detonating", "بتهمة
تفجير", "to prevent any looting"), and a killing, an injury or a shelling whose victims or target are fighters
("سقوط قتلى في صفوف المليشيات", "struck military positions") in a sentence that names no civilian are not
suggested; nor does a background word ("the destroyed city", "المدينة المدمرة") stand as the attack a "hospital" or a
"school" needs near it. Each act of a clause is its own suggestion
("seized, looted and then burned the houses": confiscation, looting and property destruction), one per type. A type
is not suggested where its sentence names another cause of its signs ("other_cause": tear gas for suffocation), where
its words go on with an act told before them ("continuing": "اختطفت الطفلة … واقتادتها"), or where "and other" names the
kind of act its context read otherwise ("beatings and other ill-treatment"); the "uncounted" table of "supersedes" drops
torture told beside a single death under torture (docs/extraction.md). Plain shelling is an indiscriminate attack only
beside a word that makes it one ("heavily", "residential", "عشوائي": the "area" context), and fighters killed in the
passive ("185 ISIS jihadists have been killed") in a sentence naming no civilian are no violation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypedDict

from tawthiq.extract.actors import ActorHit
from tawthiq.extract.agent_cues import CLAUSE_BREAK, NUMBER_WORDS, breaks_clause
from tawthiq.extract.agents import MAX_CLAUSE_WORDS, Agents
from tawthiq.extract.lexicon import GAP_LONG, GAP_SHORT, Lexicon, PatternSet, compile_pattern, data_file
from tawthiq.extract.reporting import quoted_source, reports, responds, source_apposition
from tawthiq.extract.spans import Document, Word, norm_word

# How many words before a trigger a negation or a hypothetical cue may stand.
CUE_WINDOW = 5
# How many words around a trigger its context (a "harm" word for "hospital") may stand.
CONTEXT_WINDOW = 10
# How many words from a trigger its method ("barrel bombs") may stand.
METHOD_WINDOW = 10
# How many words may stand between a landmark or a reporting cue and the noun it governs ("near the central prison").
GOVERN_WINDOW = 3
# ... and between a landmark cue and its place ("near the central prison", "قرب سيارة الإسعاف"), no more.
LANDMARK_WINDOW = 2
# The most words a phrase of the event_reading table spans ("المعروف باسم الدفاع المدني الخوذ البيضاء").
PHRASE_WORDS = 8
# How many words before a trigger an accusation or a purpose may stand ("accused of planting the bomb").
UNREAL_WINDOW = 8
# How many words after a killing or an attack may name its victims or target as fighters ("قتلى في صفوف").
COMBATANT_WINDOW = 4
# What may stand between a reporting verb and its subject: words, but no "that" ("said that the hospital was hit").
_THAT = frozenset({"that", "ان", "بان", "لان", "انه", "بانه"})
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
                 if not _other_cause(doc, slug, lo, hi)]
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
    reading, words = _reading(), doc.words
    found: list[tuple[str, int, int, bool]] = []  # ... and whether the phrase has no gap
    civilians: bool | None = None  # whether the sentence names a civilian, once asked
    for i in range(lo, hi):
        for pattern, end in lexicon.violation_set.starting_at(words, i, hi):
            if pattern.context and not _near(doc, lexicon.context_sets.get(pattern.context), i, end, lo, hi):
                continue
            if (_cued(doc, lexicon.negation_set, i, lo, CUE_WINDOW, lexicon.not_negation_set)
                    or _cued(doc, lexicon.hypothetical_set, i, lo, CUE_WINDOW, lexicon.not_negation_set)
                    or _cued(doc, lexicon.denial_set, i, lo, min(i - lo, MAX_CLAUSE_WORDS))
                    or _warned(doc, lexicon, i, lo)
                    or not _event_reading(doc, pattern.slug, pattern.context not in _ACT_CONTEXTS, i, end, lo, hi)):
                if pattern.slug in reading.combatant_types and _against_combatants(doc, reading, end, lo, hi):
                    casualties.fighters_only = True
                continue
            if pattern.context and _kind_of(doc, lexicon, pattern.slug, end, hi):
                continue  # "beatings and other ill-treatment of the detainees": the beatings are ill-treatment
            if pattern.slug in reading.combatant_types:
                civilians = _names_civilians(doc, reading, lo, hi) if civilians is None else civilians
                if civilians:
                    casualties.fighters_only = False
                elif casualties.fighters_only and _covers(words, reading.casualty_nouns, i, i, hi):
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
        slug in reading.continuing and _covers(words, reading.continuing[slug][2], i, i, hi)
        and any((other in reading.continuing[slug][0] and a < i) or (other in reading.continuing[slug][1] and a > i)
                for other, a, _b in kept))]


def _other_cause(doc: Document, slug: str, lo: int, hi: int) -> bool:
    """Whether the sentence of words [lo, hi) names what explains the signs a type's triggers read ("tear gas" for
    suffocation: no chemical attack)."""
    cues = _reading().other_cause.get(slug)
    return cues is not None and any(next(cues.starting_at(doc.words, k, hi), None) is not None for k in range(lo, hi))


def _names_civilians(doc: Document, reading: _Reading, lo: int, hi: int) -> bool:
    return any(next(reading.civilians.starting_at(doc.words, k, hi), None) is not None for k in range(lo, hi))


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
    background = _reading().background
    for k in range(first, last):
        if start <= k < end:
            continue
        if next(context.starting_at(doc.words, k, last), None) is not None and not _covers(
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


@dataclass(frozen=True)
class _Reading:
    """The cues of the "event_reading" table of data/violation_triggers.json, compiled."""

    place_types: frozenset[str]
    landmark: PatternSet
    not_event: PatternSet
    reporting_before: PatternSet
    reporting_after: PatternSet
    unreal: PatternSet
    background: PatternSet
    combatant_types: frozenset[str]
    combatants: PatternSet
    civilians: PatternSet
    agent_before: PatternSet
    casualty_nouns: PatternSet
    responder_types: frozenset[str]
    responding_after: PatternSet
    other_cause: dict[str, PatternSet]  # a type -> what, named in its sentence, explains its signs otherwise
    # a type -> the types its words go on with (told before), prepare (told after), the words
    continuing: dict[str, tuple[frozenset[str], frozenset[str], PatternSet]]


@lru_cache(maxsize=1)
def _reading() -> _Reading:
    table = data_file("violation_triggers.json")["event_reading"]

    def cues(name: str) -> PatternSet:
        return PatternSet(compile_pattern(p, lang) for lang, ps in table[name].items() for p in ps)

    return _Reading(frozenset(table["place_types"]), cues("landmark"), cues("not_event"), cues("reporting_before"),
                    cues("reporting_after"), cues("unreal"), cues("background"), frozenset(table["combatant_types"]),
                    cues("combatants"), cues("civilians"), cues("agent_before"), cues("casualty_nouns"),
                    frozenset(table["responder_types"]), cues("responding_after"),
                    {slug: PatternSet(compile_pattern(p, lang) for lang, ps in langs.items() for p in ps)
                     for slug, langs in table["other_cause"].items() if slug != "about"},
                    {slug: (frozenset(rule.get("after", ())), frozenset(rule.get("before", ())),
                            PatternSet(compile_pattern(p, lang) for lang in ("en", "ar") for p in rule[lang]))
                     for slug, rule in table["continuing"].items() if slug != "about"})


def _event_reading(doc: Document, slug: str, noun: bool, start: int, end: int, lo: int, hi: int) -> bool:
    """Whether the trigger at [start, end) may tell of an act: it stands in no time or exchange, names no landmark,
    is no source of a report and follows no accusation or purpose in its clause (see the module docstring)."""
    reading, words = _reading(), doc.words
    if _covers(words, reading.not_event, start, max(lo, start - PHRASE_WORDS), hi):
        return False  # "after Maghrib prayers", "prisoner exchange"
    if slug in reading.place_types and _governed(doc, reading.landmark, start, lo, LANDMARK_WINDOW):
        return False  # "near the prison"
    if noun and (_governed(doc, reading.reporting_before, start, lo) or reports(doc, reading.reporting_after, end, hi)
                 or source_apposition(doc, reading.reporting_after, start, end)
                 or quoted_source(doc, reading.reporting_before, start, lo)):
        return False  # "according to our correspondent", "the White Helmets said", "X, a media activist, told Y"
    if noun and slug in reading.responder_types and responds(doc, reading.responding_after, end, hi):
        return False  # "فرق الإطفاء التابعة له تمكنت من إخماد الحريق": responders at work, not an attack on them
    if slug in reading.combatant_types and (_against_combatants(doc, reading, end, lo, hi)
                                            or _fighters_suffered(doc, reading, start, lo, hi)):
        return False  # "سقوط قتلى في صفوف المليشيات", "strikes on military positions": no civilian was harmed
    return not _cued(doc, reading.unreal, start, lo, UNREAL_WINDOW, lists=True)


def _against_combatants(doc: Document, reading: _Reading, end: int, lo: int, hi: int) -> bool:
    """Whether the words right after a trigger name fighters or military sites as its victims or target (not as its
    agent: "على يد عناصر", "by fighters"), and its sentence names no civilian at all."""
    words = doc.words
    for k in range(end, min(hi, end + COMBATANT_WINDOW)):
        if next(reading.agent_before.starting_at(words, k, hi), None) is not None:
            return False
        if next(reading.combatants.starting_at(words, k, hi), None) is not None:
            break
    else:
        return False
    return not _names_civilians(doc, reading, lo, hi)


_AUXILIARIES = frozenset("been were was are is have has had be being".split())


def _fighters_suffered(doc: Document, reading: _Reading, start: int, lo: int, hi: int) -> bool:
    """Whether an English trigger in the passive has fighters as its subject ("more than 185 ISIS jihadists have been
    killed", "twelve soldiers were wounded") and its sentence names no civilian."""
    words = doc.words
    k = start
    while k > lo and words[k - 1].norm in _AUXILIARIES:
        k -= 1
    if doc.language == "ar" or k == start:
        return False
    for first in range(max(lo, k - 3), k):
        for _pattern, stop in reading.combatants.starting_at(words, first, k):
            if stop == k and not CLAUSE_BREAK.search(doc.text, words[first].end, words[k].start):
                return not _names_civilians(doc, reading, lo, hi)
    return False


def _covers(words: Sequence[Word], phrases: PatternSet, at: int, first: int, hi: int) -> bool:
    """Whether a phrase starting at or after ``first`` (and ending by ``hi``, the sentence's end) covers word ``at``."""
    for k in range(first, at + 1):
        for _pattern, stop in phrases.starting_at(words, k, hi):
            if stop > at:
                return True
    return False


def _governed(doc: Document, cues: PatternSet, trigger: int, lo: int, window: int = GOVERN_WINDOW) -> bool:
    """Whether a cue ends at most ``window`` words before the trigger, in its clause, with no "that" between."""
    words = doc.words
    for k in range(max(lo, trigger - window - 3), trigger):
        for _pattern, stop in cues.starting_at(words, k, trigger):
            if trigger - stop > window or any(words[m].norm in _THAT for m in range(stop, trigger)):
                continue
            if stop == trigger or not CLAUSE_BREAK.search(doc.text, words[stop - 1].end, words[trigger].start):
                return True
    return False


# a word of time after a warning opens an act that did happen ("warned after shelling killed two")
_HAPPENED = frozenset(norm_word(w) for w in "after following since بعد عقب إثر اثر منذ".split())


def _warned(doc: Document, lexicon: Lexicon, trigger: int, lo: int) -> bool:
    """Whether a warning of what may come stands before the trigger in its clause ("warned that the detainees face
    torture", "محذرة تعرض أفراد العائلة لعمليات تعذيب"), with no word of time between."""
    words = doc.words
    for k in range(max(lo, trigger - MAX_CLAUSE_WORDS), trigger):
        for _pattern, end in lexicon.warning_set.starting_at(words, k, trigger):
            if not breaks_clause(doc.text, words[end - 1].end, words[trigger].start) and not any(
                    words[j].norm in _HAPPENED for j in range(end, trigger)):
                return True
    return False


# a "but" opens a clause of its own: no cue before it reaches a trigger after it
_ADVERSATIVE = frozenset({"but", "لكن", "ولكن"})


def _breaks(text: str, start: int, end: int) -> bool:
    return CLAUSE_BREAK.search(text, start, end) is not None


def _cued(doc: Document, cues: PatternSet, trigger: int, lo: int, window: int,
          exceptions: PatternSet | None = None, *, lists: bool = False) -> bool:
    """Whether a cue (not one of ``exceptions``) ends in the same clause at most ``window`` words before the trigger;
    with ``lists``, the commas of a list of things ("lawlessness, including attacks, ambushes, and kidnappings") end
    no clause."""
    words = doc.words
    for k in range(max(lo, trigger - window), trigger):
        for _pattern, end in cues.starting_at(words, k, trigger):
            if (breaks_clause if lists else _breaks)(doc.text, words[end - 1].end, words[trigger].start) or any(
                    words[j].norm in _ADVERSATIVE for j in range(end, trigger)):
                continue  # "tried to run away, but a militant opened fire on him, killing a child": the killing is real
            if exceptions is not None and next(exceptions.starting_at(words, k, trigger + 1), None) is not None:
                continue  # "not only", "لا يزال" (still): not a negation
            return True
    return False
