"""Nouns of a report's sources and responders that tell of no act done to them: "the White Helmets said", "X, a media
activist with Y, told Z", "وقالت منظمة “الدفاع المدني السوري - الخوذ البيضاء”", "rescuers pulled out"
(tawthiq.extract.event_reading)."""

from __future__ import annotations

import re

from tawthiq.extract.agent_cues import CLAUSE_BREAK, SENTENCE_BREAK
from tawthiq.extract.lexicon import PatternSet
from tawthiq.extract.spans import Document

# How many words after a noun of responders may stand the verb of their work ("فرق الإطفاء التابعة له تمكنت").
RESPOND_WINDOW = 3
# The most appositions, and words in each, between a source's name and its reporting verb
_APPOSITIONS = 2
_APPOSITION_WORDS = 10
_DETERMINERS = frozenset({"a", "an", "the"})
# The most words of a name given to a source ("known as the White Helmets") and a word after it ("also")
_NAME_WORDS = 4


def reports(doc: Document, cues: PatternSet, end: int, hi: int) -> bool:
    """Whether a reporting verb follows the noun ending before ``end`` at once or after one word ("X's media office
    said" is rare: one word), in its clause; a name given to the noun may stand between ("first responders known as
    the White Helmets also reported")."""
    words = doc.words
    if end + 1 < hi and words[end].norm == "known" and words[end + 1].norm == "as":
        return any(next(cues.starting_at(words, k, hi), None) is not None  # the verb after the name, or a word after
                   for k in range(end + 3, min(hi, end + 3 + _NAME_WORDS)))
    for k in range(end, min(hi, end + 2)):
        if CLAUSE_BREAK.search(doc.text, words[k - 1].end, words[k].start):
            return False
        if next(cues.starting_at(words, k, hi), None) is not None:
            return True
    return False


def source_apposition(doc: Document, cues: PatternSet, start: int, end: int) -> bool:
    """Whether the English noun of words [start, end) stands in an apposition on a source, its reporting verb after it
    and at most one more apposition ("Riyan Ma'aroof, a media activist with 'Suwayda 24', a local news organization,
    told Syria Direct"): the noun says who reports, not who suffered."""
    words, text = doc.words, doc.text
    if doc.language == "ar":
        return False
    lo = start  # the apposition opens after a comma with a determiner, a few words before the noun
    while lo > 0 and start - lo < _APPOSITION_WORDS and not CLAUSE_BREAK.search(text, words[lo - 1].end,
                                                                                  words[lo].start):
        lo -= 1
    if lo < 1 or words[lo].norm not in _DETERMINERS or not text[words[lo - 1].end:words[lo].start].strip().startswith(
            ","):
        return False
    k = _clause_end(doc, end)
    for _ in range(_APPOSITIONS):
        if k is None or k >= len(words) or SENTENCE_BREAK.search(text, words[k - 1].end, words[k].start):
            return False
        if next(cues.starting_at(words, k, min(len(words), k + 2)), None) is not None:
            return True
        if words[k].norm not in _DETERMINERS:
            return False
        k = _clause_end(doc, k + 1)  # another apposition ("…, a local news organization,"), if short
    return False


def _clause_end(doc: Document, k: int) -> int | None:
    """The first word after a clause break from word ``k`` on, within an apposition's length."""
    words, text = doc.words, doc.text
    return next((j for j in range(max(k, 1), min(len(words), k + _APPOSITION_WORDS))
                 if CLAUSE_BREAK.search(text, words[j - 1].end, words[j].start)), None)


def responds(doc: Document, cues: PatternSet, end: int, hi: int) -> bool:
    """Whether a verb of responders at work follows the noun ending before ``end`` within RESPOND_WINDOW words, in its
    clause ("rescuers pulled out", "فرق الإطفاء التابعة له تمكنت")."""
    words = doc.words
    for k in range(end, min(hi, end + RESPOND_WINDOW)):
        if CLAUSE_BREAK.search(doc.text, words[k - 1].end, words[k].start):
            return False
        if next(cues.starting_at(words, k, hi), None) is not None:
            return True
    return False


# the quotation marks that open and close a name ("منظمة “الدفاع المدني السوري-الخوذ البيضاء”")
_OPENING, _CLOSING = "“«\"", "”»\""
# what ends a clause inside a quoted name: not its dashes ("Syrian Civil Defence – White Helmets")
_NAME_BREAK = re.compile(r"[,;:()\[\]،؛]")
# The most words between a reporting verb and the quotation mark of the name it governs ("وقالت منظمة “"), and the
# most words of a quoted name
_QUOTE_GAP = 2
_QUOTED_NAME_WORDS = 6


def quoted_source(doc: Document, cues: PatternSet, start: int, lo: int) -> bool:
    """Whether the noun at word ``start`` stands inside a quoted name, in its clause, that a reporting verb governs
    ("وقالت منظمة “الدفاع المدني السوري-الخوذ البيضاء” أن", "according to the “Syrian Civil Defence – White
    Helmets”"): every word of the source's name is the source, however long the name."""
    words, text = doc.words, doc.text
    first = start
    while first > lo and not any(c in text[words[first - 1].end:words[first].start] for c in _OPENING):
        if any(c in text[words[first - 1].end:words[first].start] for c in _CLOSING) or _NAME_BREAK.search(
                text, words[first - 1].end, words[first].start):
            return False
        first -= 1
    if first == lo or first == start or start - first > _NAME_WORDS - 1:
        return False  # no quotation opened before the noun in its clause, the noun opens it, or it is a speech
    closing = next((k for k in range(start, min(len(words), first + _QUOTED_NAME_WORDS + 1))
                    if any(c in text[words[k].end:words[k + 1].start if k + 1 < len(words) else len(text)]
                           for c in _CLOSING)), None)
    if closing is None:
        return False  # a long quotation is what someone said, not a name
    for k in range(max(lo, first - _QUOTE_GAP - 2), first):
        for _pattern, stop in cues.starting_at(words, k, first):
            # a word between ("وقالت منظمة “", "according to the “"): "said “…”" opens what was said, not a name
            if 0 < first - stop <= _QUOTE_GAP and not CLAUSE_BREAK.search(text, words[stop - 1].end,
                                                                          words[first].start):
                return True
    return False
