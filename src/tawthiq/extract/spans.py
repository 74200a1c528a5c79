"""A report cut into words and sentences, each with its character offsets into the original text.

Every step works on the same cut so that a suggestion's span always points into the text the user sees;
normalised forms (for matching) are computed per word and never replace the original offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from tawthiq.text import normalise

# Letters and digits plus the combining marks (Arabic harakat, Latin accents), which `\w` leaves out:
# without them "قُتل" would fall apart into two words.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_LETTERS = rf"(?:[^\W\d_]|[{_MARKS}])+"
# An apostrophe inside a word keeps it whole ("Hay'at", "didn't"), as tawthiq.text.normalise does;
# the possessive "'s" stays apart, so that "SDF's" still shows the acronym "SDF".
# Digits are words of their own ("و20" is "و" and "20"), with their thousands separators and decimals.
WORD = re.compile(rf"{_LETTERS}(?:['’ʼʻʿʾ`](?![sS]\b){_LETTERS})*|\d+(?:[.,٫٬]\d+)*")
# Sentence ends: . ! ? ؟ (and a closing quote or bracket after them), then white space.
_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*(?=\s)|\n\s*\n|[.!?؟…]+[\"'”’»)\]]*$")
# A full stop after these is not the end of a sentence.
_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "col", "gen", "lt", "maj", "capt", "brig", "sgt", "st", "no", "vs", "etc", "approx",
     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "u.s", "u.n"}
)
# A single line break ends a sentence after a short line (a heading, a by-line) or after punctuation; a long
# line without final punctuation is a hard wrap from a PDF and the sentence goes on.
_SHORT_LINE = 90


# For the regular-expression steps: Arabic marks, tatweel and direction marks vanish, letter variants and
# Arabic-Indic digits fold, and every folded character remembers where it stood in the original.
_DROPPED = frozenset(chr(c) for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, 0x0640,
                                      *range(0x06D6, 0x06EE), 0x061C, 0x200E, 0x200F, 0x200C, 0x200D])
_FOLDED = {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)},
           "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}


@dataclass(frozen=True)
class Folded:
    """The text folded for regular expressions, with the way back to original offsets."""

    text: str
    offsets: tuple[int, ...]  # offsets[i]: where folded character i stood; one more entry for the end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span [start, end); marks after its last letter stay with it."""
        return self.offsets[start], self.offsets[end]

    def at(self, offset: int) -> int:
        """The folded position of the original ``offset`` (the next kept character)."""
        return bisect_left(self.offsets, offset)


def fold(text: str) -> Folded:
    """Fold ``text`` for matching (see Folded) without losing its offsets."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROPPED:
            continue
        chars.append(_FOLDED.get(ch, ch))
        offsets.append(i)
    offsets.append(len(text))
    return Folded("".join(chars), tuple(offsets))


@dataclass(frozen=True)
class Word:
    """One word of the text: its span, its original form and its light normalised form (for lexicons)."""

    start: int
    end: int
    surface: str
    norm: str
    forms: tuple[str, ...]  # norm, and for Arabic the norm without its attached particles and article


@dataclass(frozen=True)
class Sentence:
    """One sentence: its span (trimmed of surrounding white space) and the indexes of its words."""

    start: int
    end: int
    first_word: int
    last_word: int  # exclusive


@dataclass
class Document:
    """The text of one report with its words and sentences, shared by all steps."""

    text: str
    language: str
    published_on: date | None
    words: list[Word] = field(init=False)
    sentences: list[Sentence] = field(init=False)

    def __post_init__(self) -> None:
        self.words = split_words(self.text)
        self.sentences = split_sentences(self.text, self.words)

    @cached_property
    def folded(self) -> Folded:
        """The text folded for the regular-expression steps (dates, sources)."""
        return fold(self.text)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that holds the character at ``offset``."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo].start <= offset < self.sentences[lo].end:
            return self.sentences[lo]
        return None


@lru_cache(maxsize=65536)
def norm_word(word: str) -> str:
    """The light normalised form of one word (cached: reports repeat their words a lot)."""
    return " ".join(normalise(word).split())


@lru_cache(maxsize=65536)
def clitic_forms(norm: str) -> tuple[str, ...]:
    """A normalised word and, for Arabic, the word without an attached و/ف and ب/ل/ك (the article stays).

    "وبالدولة" gives "بالدولة" and "الدولة", "للدولة" gives "الدولة": a lexicon phrase written without
    particles is found with them. Every reading is kept, since "وحدات" begins with a و of its own.
    """
    if not norm or not ("\u0600" <= norm[0] <= "\u06ff"):
        return (norm,)
    forms = [norm]
    # "ولم" is "لم" too: a conjunction leaves two letters at least
    for word in (norm, norm[1:] if len(norm) > 2 and norm[0] in "وف" else ""):
        if not word:
            continue
        forms.append(word)
        if word.startswith("لل") and len(word) > 3:
            forms.append("ال" + word[2:])
        elif len(word) > 3 and word[0] in "بلك":
            forms.append(word[1:])
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=65536)
def particle_forms(norm: str) -> tuple[str, ...]:
    """The forms a normalised word may take in a trigger lexicon: its clitic forms, and those without the article."""
    forms = clitic_forms(norm)
    bare = [f[2:] for f in forms if f.startswith("ال") and len(f) > 3]
    return tuple(dict.fromkeys([*forms, *bare]))


def split_words(text: str) -> list[Word]:
    """Every word of ``text`` with its offsets, original form and normalised form."""
    words = []
    for m in WORD.finditer(text):
        norm = norm_word(m.group())
        words.append(Word(m.start(), m.end(), m.group(), norm, particle_forms(norm)))
    return words


def _ends(text: str) -> list[int]:
    ends: list[int] = []
    for m in _END.finditer(text):
        if m.group().startswith("."):
            before = re.search(r"([\w.]+)$", text[max(0, m.start() - 24) : m.start()])  # a bounded look back
            token = before.group(1).lower() if before else ""
            # "Dr.", dotted abbreviations ("U.S.", "p.m.") and initials ("J. Smith") do not end a sentence
            if token in _ABBREVIATIONS or "." in token or (len(token) == 1 and token.isalpha() and token.isascii()):
                continue
        ends.append(m.end())
    for m in re.finditer(r"\n", text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : m.start()].strip()
        if line and (len(line) < _SHORT_LINE or line[-1] in ".!?؟:\"”’»"):
            ends.append(m.start())
    return sorted(set(ends))


def split_sentences(text: str, words: list[Word]) -> list[Sentence]:
    """Sentences of ``text`` (trimmed spans), each with the range of its words; empty stretches are dropped."""
    sentences: list[Sentence] = []
    start = 0
    w = 0
    for end in [*_ends(text), len(text)]:
        if end <= start:
            continue
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        s, e = start + lead, start + trail
        start = end
        if s >= e:
            continue
        first = w
        while w < len(words) and words[w].start < e:
            w += 1
        if w > first:
            sentences.append(Sentence(s, e, first, w))
    return sentences
