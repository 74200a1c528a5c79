"""Violation types a report describes, one suggestion per type and sentence, with their perpetrators and places.

Triggers come from data/violation_triggers.json in English and Arabic. A trigger preceded in its clause by a
negation ("no one was killed", "denied", "لم يُقتل") or by a threat or hypothetical ("threatened to execute",
"هدد بإعدام") is not suggested: a person reviewing suggestions would have to reject it, and a missed
threat is cheaper than a recorded act that never happened. A denial ("denied reports that … was shelled",
"نفى … صحة الأنباء") reaches back over its whole clause. The "supersedes" table of the data file keeps one
type where another says the same more precisely: "extrajudicial-execution" over "killing" and "torture"
over "ill-treatment" in a sentence, "hostage-taking" over "abduction" in a whole report. The actors of a
suggestion are those that committed it (tawthiq.extract.agents), not every actor its sentence names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypedDict

from tawthiq.extract.actors import ActorHit
from tawthiq.extract.agents import CLAUSE_BREAK, MAX_CLAUSE_WORDS, Agents
from tawthiq.extract.lexicon import Lexicon, PatternSet
from tawthiq.extract.spans import Document

# How many words before a trigger a negation or a hypothetical cue may stand.
CUE_WINDOW = 5
# How many words around a trigger its context (a "harm" word for "hospital") may stand.
CONTEXT_WINDOW = 10


class ViolationHit(TypedDict):
    """One violation type found in one sentence; ``text`` is ``report[start:end]``, the sentence."""

    type: str
    text: str
    start: int
    end: int
    actors: list[str]
    places: list[str]


def find_violations(doc: Document, lexicon: Lexicon, actors: Sequence[ActorHit],
                    places: Sequence[Mapping[str, object]]) -> list[ViolationHit]:
    """Every (violation type, sentence) pair of ``doc``, in text order, with its perpetrators and the sentence's
    places."""
    hits: list[ViolationHit] = []
    agents = Agents(doc, lexicon, actors)
    for index, sentence in enumerate(doc.sentences):
        lo, hi = sentence.first_word, sentence.last_word
        matches: list[tuple[str, int, int]] = []  # (type, first word, word after the trigger)
        for i in range(lo, hi):
            for pattern, end in lexicon.violation_set.starting_at(doc.words, i, hi):
                if pattern.context and not _near(doc, lexicon.context_sets.get(pattern.context), i, end, lo, hi):
                    continue
                if (_cued(doc, lexicon.negation_set, i, lo, CUE_WINDOW, lexicon.not_negation_set)
                        or _cued(doc, lexicon.hypothetical_set, i, lo, CUE_WINDOW)
                        or _cued(doc, lexicon.denial_set, i, lo, min(i - lo, MAX_CLAUSE_WORDS))):
                    continue
                matches.append((pattern.slug, i, end))
        types = list(dict.fromkeys(slug for slug, _i, _end in matches))
        if not types:
            continue
        found = _superseded(types, lexicon.supersedes.get("sentence", {}))
        place_names = [str(p.get("name") or p.get("text")) for p in places
                       if isinstance(p.get("start"), int) and sentence.start <= int(str(p["start"])) < sentence.end]
        for slug in found:
            perpetrators = [a for _slug, i, _end in matches if _slug == slug for a in agents.of_trigger(index, i)]
            hits.append(ViolationHit(type=slug, text=doc.text[sentence.start : sentence.end], start=sentence.start,
                                     end=sentence.end, actors=list(dict.fromkeys(perpetrators)),
                                     places=list(dict.fromkeys(place_names))))
    kept = set(_superseded(list(dict.fromkeys(h["type"] for h in hits)), lexicon.supersedes.get("report", {})))
    return [h for h in hits if h["type"] in kept]


def _superseded(types: list[str], supersedes: Mapping[str, list[str]]) -> list[str]:
    """Drop the types that a present type makes redundant ("hostage-taking" over "abduction")."""
    redundant = {other for slug in types for other in supersedes.get(slug, [])}
    return [slug for slug in types if slug not in redundant]


def _near(doc: Document, context: PatternSet | None, start: int, end: int, lo: int, hi: int) -> bool:
    """Whether a phrase of ``context`` stands within CONTEXT_WINDOW words of the trigger at [start, end)."""
    if context is None:
        return False
    first, last = max(lo, start - CONTEXT_WINDOW), min(hi, end + CONTEXT_WINDOW)
    for k in range(first, last):
        if start <= k < end:
            continue
        if next(context.starting_at(doc.words, k, last), None) is not None:
            return True
    return False


def _cued(doc: Document, cues: PatternSet, trigger: int, lo: int, window: int,
          exceptions: PatternSet | None = None) -> bool:
    """Whether a cue (not one of ``exceptions``) ends in the same clause at most ``window`` words before the trigger."""
    words = doc.words
    for k in range(max(lo, trigger - window), trigger):
        for _pattern, end in cues.starting_at(words, k, trigger):
            if CLAUSE_BREAK.search(doc.text, words[end - 1].end, words[trigger].start):
                continue
            if exceptions is not None and next(exceptions.starting_at(words, k, trigger + 1), None) is not None:
                continue  # "not only", "لا يزال" (still): not a negation
            return True
    return False
