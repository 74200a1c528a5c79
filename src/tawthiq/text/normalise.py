"""Text normalisation and the matching key shared by every name and search feature.

Three levels, from light to aggressive:

* :func:`fold_arabic` only removes what Arabic writers add or vary without changing the word
  (harakat, tatweel, hamza seats, alef/yeh/teh-marbuta variants, Persian letters and digits).
* :func:`normalise` gives comparable, still readable text in the original script: NFKC, case
  folded, Arabic folded, Latin diacritics and apostrophes removed, punctuation turned to spaces.
* :func:`match_key` and :func:`tokens` give script-independent ASCII consonant skeletons, so that
  "Deir ez-Zor", "Dayr az Zawr", "DeirEzzor" and "دير الزور" meet. The rules live in
  :mod:`tawthiq.text.transliterate`.

Everything here is pure ``str`` work with precompiled tables, deterministic, and never raises on
any ``str``. Per-word skeletons are memoised, so repeated names cost a dictionary lookup.
"""

from __future__ import annotations

import re
import unicodedata

from tawthiq.text.transliterate import (
    APOSTROPHES,
    ARABIC_FOLD,
    RUN_RE,
    arabic_skeleton,
    join_skeletons,
    latin_skeleton,
    strip_latin_marks,
)

__all__ = ["fold_arabic", "match_key", "normalise", "script", "tokens"]

_DELETE_APOSTROPHES = {ord(ch): None for ch in APOSTROPHES}
# Before tokenising: apostrophes and harakat vanish (they never split a word), Arabic digits
# become ASCII. Arabic letters stay unfolded because the article test needs the plain alef.
_PREPARE = {
    **_DELETE_APOSTROPHES,
    **{cp: v for cp, v in ARABIC_FOLD.items() if cp < 0xFB50 and (v is None or v.isdigit())},
}
_NON_WORD = re.compile(r"[\W_]+")
# Latin words that are also articles ("Nasr us-Din") but, written in capitals, are the acronyms of the
# United States and the United Nations: "US military" must not key as "military". Their skeletons are
# those of "U.S." and "U.N." (the vowel goes, the consonant stays).
_CAPITAL_ACRONYMS = {"US": "s", "UN": "n"}

_LETTER = re.compile(r"[^\W\d_\u0640\u02b0-\u02ff]")
_ARABIC_LETTER = re.compile(r"[\u0620-\u063f\u0641-\u064a\u066e-\u06d3\u06d5\u06e5\u06e6\u06ee\u06ef\u06fa-\u06ff"
                            r"\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0250-\u02af\u1e00-\u1eff\u2c60-\u2c7f"
                           r"\ua720-\ua7ff\uff21-\uff3a\uff41-\uff5a]")


def fold_arabic(text: str) -> str:
    """Remove orthographic variation from Arabic script, leaving other scripts untouched.

    Args:
        text: Any text.

    Returns:
        The text with harakat (U+064B–U+065F), superscript alef (U+0670), Quranic marks
        (U+0610–U+061A, U+06D6–U+06ED) and tatweel removed; أ إ آ ٱ → ا; ى ی ئ → ي; ؤ → و;
        ة → ه; ک گ → ك; Arabic-Indic and Persian digits → ASCII; presentation forms (U+FB50–U+FDFF,
        U+FE70–U+FEFF) → the folded letters of their NFKC form. Never raises.
    """
    return text.translate(ARABIC_FOLD)


def normalise(text: str) -> str:
    """Light normalisation for comparison and search text, readable and in the original script.

    Args:
        text: Any text.

    Returns:
        NFKC, case-folded, :func:`fold_arabic`-ed text with Latin diacritics folded (ā → a,
        ḩ → h, ş → s), apostrophe-like characters (ʿ ʾ ’ ' ` ´) removed, every run of punctuation,
        symbols, underscores and whitespace turned into one space, and no leading or trailing
        space: ``"Dayr az-Zawr"`` → ``"dayr az zawr"``, ``"دَيْرُ الزُّور"`` → ``"دير الزور"``.
        Never raises.
    """
    if text.isascii():
        return _NON_WORD.sub(" ", text.translate(_DELETE_APOSTROPHES).lower()).strip()
    # Apostrophes go before NFKC, which turns the acute accent ´ into a space plus a mark.
    folded = unicodedata.normalize("NFKC", text.translate(_DELETE_APOSTROPHES)).casefold()
    folded = folded.translate(ARABIC_FOLD)
    if not folded.isascii():
        folded = strip_latin_marks(folded)
    return _NON_WORD.sub(" ", folded).strip()


def _skeletons(text: str) -> list[str]:
    """Per-word skeletons in order, with abu/abd glued to the next word, articles dropped."""
    text = text.translate(_PREPARE)
    if not text.isascii():
        # Harakat go first: NFKC would compose ا + madda into آ and hide the article. Presentation
        # forms can decompose into new harakat, hence the second pass.
        text = unicodedata.normalize("NFKC", text).translate(_PREPARE)
    out: list[str] = []
    pending = ""  # a prefix skeleton (abu, abd…) waiting for the word it belongs to
    # Runs are found before case folding (folding keeps letters letters) so that "US" is told from "us".
    for match in RUN_RE.finditer(text):
        arabic, digits, latin = match.groups()
        if digits is not None:
            if pending:
                out.append(pending)
                pending = ""
            out.append(digits)
            continue
        if arabic is not None:
            skeleton, is_prefix = arabic_skeleton(arabic)
        elif latin in _CAPITAL_ACRONYMS:
            skeleton, is_prefix = _CAPITAL_ACRONYMS[latin], False
        else:
            skeleton, is_prefix = latin_skeleton(latin.casefold())
        if not skeleton:
            continue
        if pending:
            skeleton = join_skeletons(pending, skeleton)
            pending = ""
        if is_prefix:
            pending = skeleton
        else:
            out.append(skeleton)
    if pending:
        out.append(pending)
    return out


def match_key(text: str) -> str:
    """Aggressive, script-independent key for a name (place, actor, person) or a short phrase.

    Spelling variants of one Arabic name, in Arabic script or any common Latin transliteration,
    get the same key: "Deir ez-Zor", "Dier Ezzor", "DeirEzzor", "Dayr az Zawr" and "دير الزور" all
    give ``"drzr"``. See :mod:`tawthiq.text.transliterate` for the rules. Word boundaries are not
    part of the key (the skeletons of all words are concatenated), because writers split and join
    Arabic names freely ("Abu Kamal"/"Albukamal", "Kafr Nabl"/"Kafranbel"). Case does not count, except that
    "US" and "UN" in capitals are acronyms (keyed as "U.S." and "U.N."), not the articles "us" and "un".

    Args:
        text: Any text.

    Returns:
        An ASCII key of lower-case consonant classes and digits (digit groups that would touch are
        separated by one space). ``""`` when the text has no letters that survive: empty text,
        punctuation, digits only, vowels only ("Aya" is ``"y"`` but "a" is ``""``), or letters
        outside the Arabic and Latin scripts. Treat ``""`` as "no key", never as a match.
        Deterministic; never raises. Not idempotent: the key is not meant to be fed back in.
    """
    parts = _skeletons(text)
    key = ""
    has_letter = False
    for part in parts:
        if part[0].isdigit():
            if key[-1:].isdigit():
                key += " "
            key += part
        else:
            has_letter = True
            key = join_skeletons(key, part)
    return key if has_letter else ""


def tokens(text: str) -> list[str]:
    """Search tokens of running text in either script, with the skeleton rules of :func:`match_key`.

    Args:
        text: Any text (a document, a query, a name).

    Returns:
        One ASCII skeleton per word, in order: articles and particle+article prefixes (و ب ل ف ك
        + ال) dropped, words that reduce to nothing dropped, digit runs kept as ASCII digits (and
        split from adjacent letters). "Abu"/"Abd" (أبو, عبد…) are joined to the following word,
        because Arabic often writes them glued. ``tokens("Dayr az Zawr")`` is ``["dr", "zr"]``, as
        is ``tokens("في دير الزور")`` minus the token of ``في``. Deterministic; never raises.
    """
    return _skeletons(text)


def script(text: str) -> str:
    """Say which script the letters of a text are in.

    Args:
        text: Any text. Digits, punctuation, harakat, tatweel and modifier letters (ʿ) are not
            counted.

    Returns:
        ``"ar"`` if at least 80% of the letters are Arabic, ``"latin"`` if at least 80% are
        Latin, ``"none"`` if there are no letters, otherwise ``"mixed"``. Never raises.
    """
    letters = len(_LETTER.findall(text))
    if not letters:
        return "none"
    if len(_ARABIC_LETTER.findall(text)) * 5 >= letters * 4:
        return "ar"
    if len(_LATIN_LETTER.findall(text)) * 5 >= letters * 4:
        return "latin"
    return "mixed"
