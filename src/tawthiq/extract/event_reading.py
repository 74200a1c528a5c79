"""Whether a violation trigger tells of an act that happened: the clause cues before it and its event reading.

A trigger preceded in its clause by a negation ("no one was killed", "denied", "لم يُقتل") or by a threat or
hypothetical ("threatened to execute", "هدد بإعدام") tells of no act (``cued``). A denial ("denied reports that … was
shelled", "نفى … صحة الأنباء"), a warning ("warned that the detainees face torture", "محذرة تعرض … لعمليات تعذيب") and a
demand to stop ("called for an end to torture", "urged X to cease") reach back over their whole clause, past the
commas of a list of things ("residential areas, hospitals, schools"); a warning followed by a word of time ("warned
after shelling killed two") opens an act that did happen (``warned``).

A trigger needs an event reading (the "event_reading" table of data/violation_triggers.json, ``event_reading``): a
word that names a place, a time, a source or an exchange tells of no act. So a place noun after a landmark cue ("near
the prison", "قرب السجن"), a trigger inside a time or an exchange ("at the time of the evening prayer", "prisoner
exchange", "تبادل الأسرى"), a noun trigger that reports rather than suffers ("our correspondent said", "وأفاد الدفاع
المدني", "according to the White Helmets"; tawthiq.extract.reporting), a trigger after an accusation or a purpose in
its clause ("accused of detonating", "بتهمة تفجير", "to prevent any looting"), and a killing, an injury or a shelling
whose victims or target are fighters ("سقوط قتلى في صفوف المليشيات", "struck military positions", "185 ISIS jihadists
have been killed") in a sentence that names no civilian do not, nor do the "others" wounded beside fighters killed
("مقتل 4 عناصر، وإصابة 5 آخرين": ``others_of_fighters``). The same table names the background words ("the
destroyed city"), the other causes of a type's signs ("other_cause": tear gas for suffocation) and the words that go
on with an act told before them ("continuing"), which tawthiq.extract.violations reads through ``reading_cues``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tawthiq.extract.agent_cues import CLAUSE_BREAK, breaks_clause
from tawthiq.extract.agents import MAX_CLAUSE_WORDS
from tawthiq.extract.lexicon import Lexicon, PatternSet, compile_pattern, data_file
from tawthiq.extract.reporting import quoted_source, reports, responds, source_apposition
from tawthiq.extract.spans import Document, Word, norm_word

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


@dataclass(frozen=True)
class ReadingCues:
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
def reading_cues() -> ReadingCues:
    """The "event_reading" table of data/violation_triggers.json, compiled once."""
    table = data_file("violation_triggers.json")["event_reading"]

    def cues(name: str) -> PatternSet:
        return PatternSet(compile_pattern(p, lang) for lang, ps in table[name].items() for p in ps)

    return ReadingCues(frozenset(table["place_types"]), cues("landmark"), cues("not_event"), cues("reporting_before"),
                       cues("reporting_after"), cues("unreal"), cues("background"), frozenset(table["combatant_types"]),
                       cues("combatants"), cues("civilians"), cues("agent_before"), cues("casualty_nouns"),
                       frozenset(table["responder_types"]), cues("responding_after"),
                       {slug: PatternSet(compile_pattern(p, lang) for lang, ps in langs.items() for p in ps)
                        for slug, langs in table["other_cause"].items() if slug != "about"},
                       {slug: (frozenset(rule.get("after", ())), frozenset(rule.get("before", ())),
                               PatternSet(compile_pattern(p, lang) for lang in ("en", "ar") for p in rule[lang]))
                        for slug, rule in table["continuing"].items() if slug != "about"})


def event_reading(doc: Document, slug: str, noun: bool, start: int, end: int, lo: int, hi: int) -> bool:
    """Whether the trigger at [start, end) may tell of an act: it stands in no time or exchange, names no landmark,
    is no source of a report and follows no accusation or purpose in its clause (see the module docstring)."""
    reading, words = reading_cues(), doc.words
    if covers(words, reading.not_event, start, max(lo, start - PHRASE_WORDS), hi):
        return False  # "after Maghrib prayers", "prisoner exchange"
    if slug in reading.place_types and _governed(doc, reading.landmark, start, lo, LANDMARK_WINDOW):
        return False  # "near the prison"
    if noun and (_governed(doc, reading.reporting_before, start, lo) or reports(doc, reading.reporting_after, end, hi)
                 or source_apposition(doc, reading.reporting_after, start, end)
                 or quoted_source(doc, reading.reporting_before, start, lo)):
        return False  # "according to our correspondent", "the White Helmets said", "X, a media activist, told Y"
    if noun and slug in reading.responder_types and responds(doc, reading.responding_after, end, hi):
        return False  # "فرق الإطفاء التابعة له تمكنت من إخماد الحريق": responders at work, not an attack on them
    if slug in reading.combatant_types and (against_combatants(doc, reading, end, lo, hi)
                                            or _fighters_suffered(doc, reading, start, lo, hi)):
        return False  # "سقوط قتلى في صفوف المليشيات", "strikes on military positions": no civilian was harmed
    return not cued(doc, reading.unreal, start, lo, UNREAL_WINDOW, lists=True)


def against_combatants(doc: Document, reading: ReadingCues, end: int, lo: int, hi: int) -> bool:
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
    return not names_civilians(doc, reading, lo, hi)


_AUXILIARIES = frozenset("been were was are is have has had be being".split())


# The words that name more victims of the kind told before them ("وإصابة 5 آخرين", "wounding three others").
_OTHERS = frozenset(norm_word(w) for w in "others another آخرين آخرون آخر أخرى".split())


def others_of_fighters(doc: Document, start: int, end: int, lo: int, hi: int) -> bool:
    """Whether the words of a trigger or right around it name its victims as "others" ("مقتل 4 عناصر، وإصابة 5 آخرين",
    "killing six soldiers and wounding three others"): they are more of the victims told before them in the sentence,
    so where those were fighters, these are too."""
    return any(w.norm in _OTHERS for w in doc.words[max(lo, start - 2):min(hi, end + COMBATANT_WINDOW)])


def _fighters_suffered(doc: Document, reading: ReadingCues, start: int, lo: int, hi: int) -> bool:
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
                return not names_civilians(doc, reading, lo, hi)
    return False


def covers(words: Sequence[Word], phrases: PatternSet, at: int, first: int, hi: int) -> bool:
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


def warned(doc: Document, lexicon: Lexicon, trigger: int, lo: int) -> bool:
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


def cued(doc: Document, cues: PatternSet, trigger: int, lo: int, window: int,
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


def other_cause(doc: Document, slug: str, lo: int, hi: int) -> bool:
    """Whether the sentence of words [lo, hi) names what explains the signs a type's triggers read ("tear gas" for
    suffocation: no chemical attack)."""
    cues = reading_cues().other_cause.get(slug)
    return cues is not None and any(next(cues.starting_at(doc.words, k, hi), None) is not None for k in range(lo, hi))


def names_civilians(doc: Document, reading: ReadingCues, lo: int, hi: int) -> bool:
    """Whether the sentence of words [lo, hi) names a civilian."""
    return any(next(reading.civilians.starting_at(doc.words, k, hi), None) is not None for k in range(lo, hi))

