"""Consonant skeletons of Arabic and Latin words: the rules behind ``match_key`` and ``tokens``.

Arabic names reach us in Arabic script and in many Latin spellings ("Deir ez-Zor", "Dayr az Zawr",
"Dier Ezzor", "دير الزور"). Latin spellings disagree mostly about vowels, about the article and about
letters Latin has no single spelling for (ع, ء, ة, the long vowels). So both scripts are reduced to
the consonants they agree on, each in one of these classes (Arabic letters, Latin spellings):

=====  ======================  ==================================
class  Arabic                  Latin
=====  ======================  ==================================
b      ب پ                     b p
t      ت ط ث                   t, th
j      ج ژ                     j, dj, zh
h      ح ه                     h
x      خ                       kh, x
d      د ض ذ                   d, dh
r z s  ر ز, س ص                r z s
c      ش چ                     sh, ch
g      غ                       g, gh
f      ف ڤ                     f, v, ph
k      ق ك ک گ                 q, k, c
l m n  ل م ن                   l m n
(none) ا أ إ آ ء ؤ ئ ع و ي ى  a e i o u w y and apostrophes
=====  ======================  ==================================

Rules, applied per word in this order (each word is independent, so results can be cached):

1. Articles: a standalone Latin article (``al el il ul l ad an ar as at az ash ath adh ed en er es et
   ez ud un ur us ut uz ush``; not ``US`` and ``UN`` written in capitals, which are acronyms) is dropped, as
   is Arabic ``ال`` at the start of a word, also after an attached particle (``وال بال فال كال``, and ``لل``
   for ل + ال), provided two letters remain (so ``فالح`` and ``والي`` keep theirs). Only the plain-alef
   article counts: ``إلهام`` is not ``ال``, nor (by a short list) the hamza-less given names
   ``الياس الهام الفت``. A bare particle is never stripped (``بشار`` is Bashar), so ``بداعش`` does not meet
   "Daesh".
   Latin ``al``/``el`` glued to a consonant ("Alraqqa", "AlbuKamal") is dropped when three letters
   remain. Assimilated articles ("ez-Zor", "Ezzor", "Arraqqa") need no rule: the vowel goes and the
   doubled consonant collapses. ``عبدال…``/``ابوال…``/``ديرال…`` lose the glued ``ال``, and Latin
   ``abdul``/``abdel``/``abdal`` + rest become ``abd`` + rest.
2. Latin digraphs: sh ch → c, kh → x, gh → g, th → t, dh → d, ph → f, dj zh → j.
3. Word endings: a final ة/ه/ح or Latin ``h`` ("-ah", "-eh", "Salah" for صلاح) is dropped; otherwise
   final ت/ط or Latin ``t`` is dropped. Latin cannot tell ة from ت in "Hay'at", "Ma'arrat", "Khirbet"
   (construct state), nor ة in a name ("Osama", "Fatima") from none, so both sides forget word-final
   t. Before that, ي/و followed only by a final ا/اء/ة/ه, and Latin i/y/w followed only by final a/e,
   count as consonants y/w: "Daraya" (داريا) stays apart from "Daraa" (درعا), "Salamiyeh" meets
   "السلمية".
4. Vowels and weak letters (see the table) are dropped, then runs of one consonant class collapse to
   one, also across a dropped vowel: Arabic omits both shadda and short vowels, so "Raqqa" (رقة) and
   "Sadad" (صدد) must collapse alike; the price is short keys ("Al-Bab" is ``b``, "Azaz" is ``z``).

The result is a key, not a spelling: it is lossy by design and collides for genuinely different
names that differ only in vowels ("Jableh"/"Jebel", "Idlib"/"Adlib").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "APOSTROPHES",
    "ARABIC_FOLD",
    "MARKS",
    "RUN_RE",
    "arabic_skeleton",
    "join_skeletons",
    "latin_skeleton",
    "strip_latin_marks",
]

# Letters and marks that stand for ع/ء or an apostrophe in transliteration; they carry no consonant
# and must vanish without splitting the word ("Dar'a" is one word).
APOSTROPHES = ("'`\u00b4\u2018\u2019\u201b\u2032\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u02c0\u02c1\u0294\u0295"
               "\ua78b\ua78c\uff07\uff40")

# Harakat, superscript alef, Quranic annotation marks, Quranic honorific signs, tatweel.
_HARAKAT = [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]
_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}
_LETTER_FOLD = {
    "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",  # آ أ إ ٱ → ا
    "\u0672": "\u0627", "\u0673": "\u0627",  # wavy-hamza alefs
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u0626": "\u064a",  # ى ی ئ → ي
    "\u0629": "\u0647", "\u06be": "\u0647", "\u06c0": "\u0647",  # ة ھ ۀ → ه
    "\u0624": "\u0648",  # ؤ → و
    "\u06a9": "\u0643", "\u06af": "\u0643",  # ک گ → ك
}


def _build_arabic_fold() -> dict[int, str | None]:
    table: dict[int, str | None] = {cp: None for cp in _HARAKAT}
    table.update(_DIGITS)
    table.update({ord(k): v for k, v in _LETTER_FOLD.items()})
    # Presentation forms (old PDFs, some keyboards) fold to the same letters as their NFKC form.
    base = dict(table)
    for cp in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        if nfkc != chr(cp):
            table[cp] = nfkc.translate(base).strip() or None
    return table


#: ``str.translate`` table behind ``fold_arabic``.
ARABIC_FOLD = _build_arabic_fold()

#: Combining-mark ranges that may follow a Latin letter when no precomposed letter exists ("z̧").
MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_AR_LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08c9"
)
_AR_BLOCKS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
#: One word: a run of Arabic letters (group 1), of ASCII digits (group 2) or of other letters (group 3).
RUN_RE = re.compile(rf"([{_AR_LETTERS}]+)|([0-9]+)|((?:[^\W\d_{_AR_BLOCKS}]|[{MARKS}])+)")

# Letters NFKD does not decompose into ASCII.
_LATIN_SPECIAL = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th", "ð": "dh",
     "ŋ": "n", "ə": "a", "ɛ": "e", "ɔ": "o", "ß": "ss", "ſ": "s"}
)


@lru_cache(maxsize=1)
def _mark_table() -> dict[int, None]:
    # Built on first use (about 8 ms over the BMP) so importing the package stays cheap.
    return {cp: None for cp in range(0x0300, 0x10000) if unicodedata.category(chr(cp))[0] == "M"}


def strip_latin_marks(text: str) -> str:
    """Fold Latin diacritics: ``"Ḩimş"`` → ``"Hims"``, ``"ı"`` → ``"i"``.

    Args:
        text: Any text; NFKD-decomposed, combining marks deleted, a few undecomposable letters
            (ı ł ø đ ħ æ œ þ ð ß …) spelled in ASCII, then NFC-recomposed.

    Returns:
        The folded text. Arabic hamza letters would lose their hamza, so fold Arabic first.
    """
    decomposed = unicodedata.normalize("NFKD", text).translate(_mark_table())
    return unicodedata.normalize("NFC", decomposed.translate(_LATIN_SPECIAL))


_LATIN_ARTICLES = frozenset(
    "al el il ul l ad an ar as at az ash ath adh ed en er es et ez ud un ur us ut uz ush".split()
)
# Kunya and theophoric prefixes. Arabic often writes them glued ("البوكمال", "عبدالله"), so
# ``tokens`` glues them to the next word to make both spellings one token.
_LATIN_PREFIXES = frozenset({"abu", "abou", "abo", "abi", "bu", "bou", "abd"})
_ARABIC_PREFIXES = frozenset({"ابو", "بو", "ابي", "عبد"})
_ARABIC_GLUED = ("عبد", "ابو", "أبو", "دير")
# Given names whose initial alef-lam belongs to the name (إلياس, إلهام, ألفت), as commonly written
# without hamza; stripping an "article" from them would lose a consonant Latin keeps.
_ARABIC_NOT_ARTICLE = frozenset({"الياس", "الهام", "الفت"})
_NOT_AZ = re.compile(r"[^a-z]+")
_REPEAT = re.compile(r"([a-z])\1+")
_LATIN_FINAL_Y = re.compile(r"[iy]+(?=[ae]+$)")
_LATIN_FINAL_W = re.compile(r"w+(?=[ae]+$)")
# Applied before folding, so that the hamza seat ئ of "هيئة" is not mistaken for a yeh.
_ARABIC_FINAL_Y = re.compile("[\u064a\u06cc](?=(?:\u0627|\u0627\u0621|\u0629|\u0647)$)")
_ARABIC_FINAL_W = re.compile("\u0648(?=(?:\u0627|\u0627\u0621|\u0629|\u0647)$)")
_DIGRAPHS = (("sh", "C"), ("ch", "C"), ("kh", "x"), ("gh", "g"), ("th", "T"), ("dh", "D"),
             ("ph", "f"), ("dj", "j"), ("zh", "j"))
# Upper-case letters are markers for classes decided earlier (digraphs, consonantal y/w); the
# input is case-folded, so they cannot come from the text itself.
_LATIN_CLASSES = str.maketrans(
    "bpcqkCdDfvghjlmnrstTxzYW", "bbkkkcddffghjlmnrsttxzyw", "aeiouwy"
)
_ARABIC_CLASSES: dict[int, str | None] = {
    cp: None for cp in [*range(0x0600, 0x0700), *range(0x0750, 0x0780), *range(0x08A0, 0x0900)]
}
_ARABIC_CLASSES.update(
    {ord(k): v for k, v in {
        "ب": "b", "پ": "b", "ت": "t", "ط": "t", "ث": "t", "ج": "j", "ژ": "j", "ح": "h", "ه": "h",
        "خ": "x", "د": "d", "ض": "d", "ذ": "d", "ر": "r", "ڕ": "r", "ز": "z", "ظ": "z", "س": "s",
        "ص": "s", "ش": "c", "چ": "c", "غ": "g", "ف": "f", "ڤ": "f", "ق": "k", "ك": "k", "ل": "l",
        "ڵ": "l", "م": "m", "ن": "n", "Y": "y", "W": "w",
    }.items()}
)


@lru_cache(maxsize=1 << 16)
def latin_skeleton(word: str) -> tuple[str, bool]:
    """Reduce one case-folded Latin-script word to its consonant skeleton.

    Args:
        word: A run of letters (and combining marks) without digits, already case-folded.

    Returns:
        ``(skeleton, is_prefix)``: the ASCII skeleton ("" for articles, vowels-only words and
        letters outside Latin), and whether the word is a prefix (abu, abd…) that glues to the next.
    """
    if not word.isascii():
        word = _NOT_AZ.sub("", strip_latin_marks(word))
    if word in _LATIN_ARTICLES:
        return "", False
    if word in ("albu", "elbu"):
        word = "bu"
    elif len(word) >= 5 and word[0] in "ae" and word[1] == "l" and word[2] not in "aeiouwy":
        word = word[2:]
    if len(word) >= 5 and word.startswith("abd") and word[3] in "aeiou" and word[4] == "l":
        word = "abd" + word[5:]
    is_prefix = word in _LATIN_PREFIXES
    for digraph, marker in _DIGRAPHS:
        word = word.replace(digraph, marker)
    dropped_h = len(word) > 1 and word.endswith("h")
    if dropped_h:
        word = word[:-1]
    word = _LATIN_FINAL_W.sub("W", _LATIN_FINAL_Y.sub("Y", word))
    if not dropped_h:
        word = word.rstrip("t")
    return _REPEAT.sub(r"\1", word.translate(_LATIN_CLASSES)), is_prefix


@lru_cache(maxsize=1 << 16)
def arabic_skeleton(word: str) -> tuple[str, bool]:
    """Reduce one Arabic-script word (harakat already removed) to its consonant skeleton.

    Args:
        word: A run of Arabic letters, not yet folded (the article test needs the plain alef).

    Returns:
        ``(skeleton, is_prefix)`` as for :func:`latin_skeleton`.
    """
    if word.startswith(("وال", "بال", "فال", "كال")) and len(word) >= 5:
        word = word[3:]
    elif word.startswith("لل") and len(word) >= 4:
        word = word[2:]
    elif word.startswith(("ال", "ٱل")) and word not in _ARABIC_NOT_ARTICLE:
        if len(word) == 2:
            return "", False
        if len(word) >= 4:
            word = word[2:]
    for prefix in _ARABIC_GLUED:
        if word.startswith(prefix + "ال") and len(word) >= len(prefix) + 4:
            word = prefix + word[len(prefix) + 2:]
            break
    word = _ARABIC_FINAL_W.sub("W", _ARABIC_FINAL_Y.sub("Y", word)).translate(ARABIC_FOLD)
    is_prefix = word in _ARABIC_PREFIXES
    if word.endswith(("ه", "ح")):
        word = word[:-1]
    else:
        word = word.rstrip("تط")
    return _REPEAT.sub(r"\1", word.translate(_ARABIC_CLASSES)), is_prefix


def join_skeletons(left: str, right: str) -> str:
    """Concatenate two collapsed skeletons, collapsing a letter doubled across the seam."""
    if left and right and left[-1] == right[0] and left[-1].isalpha():
        return left + right[1:]
    return left + right
