"""Arabic personal names, in either script, split into the parts the linkage model compares.

A Syrian victim list may write one man as "Mohammad Khaled Al-Ahmad", "محمد خالد الأحمد",
"Al-Ahmad Muhammad", "محمد بن خالد الاحمد" or "Abu Khaled". We read:

* the **kunya** ("Abu X", أبو X, glued or not): kept apart, since it names a child, not the person;
* **nasab** markers (bin, ibn, bint, ben, بن, ابن, بنت): the word after one is the father's name;
* the **given** name (first word), the **family** name (last word) and the middle words (the
  father's, then the grandfather's name, as lists usually write them);
* "X al-Din" (نور الدين, Nour Eddin), written in two words: one name;
* a family name written first: when the first word carries the article ("Al-Ahmad", الأحمد) and the
  last does not, the order is swapped back.

Every part is reduced with :func:`tawthiq.text.match_key`, so both scripts and the common
transliterations meet; "Abd al-Rahman" and عبدالرحمن are one word. That key is coarse: Mohammad and
Mahmoud (محمد, محمود) share it. So each part also gets a finer :func:`spelling` key within its script:
the folded Arabic word, or for Latin the word's shape (vowel runs as one vowel, doubled letters as one),
which keeps Mohammad ("mahamad") apart from Mahmoud ("mahmad") while "Mohammed" and "Muhammad" meet.
Pure functions; never raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tawthiq.text import fold_arabic, match_key, normalise

__all__ = ["NameParts", "parse_name", "spelling"]

_KUNYA = frozenset({"abu", "abou", "abo", "abi", "abe", "ابو", "ابي", "um", "umm", "om", "ام"})
_DIN = frozenset({"الدين", "al din", "el din", "ad din", "ed din", "eddin", "uddin", "addin", "aldin", "eldin", "din"})
_GLUED_DIN = re.compile(r"(?<=\S\S)الدين$")
_NASAB = frozenset({"bin", "ibn", "ben", "bint", "binti", "بن", "ابن", "بنت"})
_COMPOUND_PREFIX = frozenset({"abd", "abdul", "abdel", "abdal", "عبد", "abu", "abou", "abo", "abi", "abe", "ابو"})
# Transliterations vary the vowels of "Abdul" (Abdil, Abdol, Abdoul), alone or glued ("Abdoulrahman"): one
# spelling, so that the match key is the Arabic one (عبدالرحمن); "Abdo" (عبدو) has no l and stays.
_ABD_VARIANT = re.compile(r"^((?:al|el)[- ]?)?abd[aeiou]+l(?=[a-z]{3}|$)", re.IGNORECASE)
# "al-Din" with other vowels (al-Den, el Dun, Doun), the article detached or left out.
_DIN_VARIANT = re.compile(r"^(?:(?:al|el|ad|ed|ud)[- ]?)?d[aeiou]{1,2}n$")
_LEADING_ARTICLE = re.compile(r"^(?:al|el)[- ]?(?=\S)")
# "AlAswad": the article glued on with the name's capital kept.
_GLUED_ARTICLE = re.compile(r"^([AaEe]l)(?=[A-Z][a-z])")
_ARTICLE_WORD = re.compile(r"^(al|el|ال)(\s|-|$)|^(al|el)-|^ال", re.IGNORECASE)
_GLUED_KUNYA = re.compile(r"^ابو(?=\S{2,})")  # not ام: امجد, امل, اميرة are names
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN_ARTICLE = re.compile(r"^(?:al|el)[- ]?(?=[a-z]{3})")
_LATIN_ABD = re.compile(r"^abd[- ]?(?:[aeiou]{1,2}l|[aeiou]{1,2})?[- ]?(?=[a-z]{3})")  # Abdul, Abdil, Abdoul, Abdou
# "al-Din" after a space with any vowels (al-Den, el Dun, ad-Deen); glued only as "-eddin" and the like, since
# "Khaldoun" ends in "aldoun" too.
_LATIN_DIN = re.compile(r"(?: (?:al|el|ad|ed|ud)?[ -]?d[aeiou]{1,2}n|(?:eddin|uddin|addin|aldin|eldin))$")
_VOWELS = re.compile(r"[aeiou]+")
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1+")


@dataclass(frozen=True)
class NameParts:
    """Match keys of a name's parts; ``""`` where a part is unknown."""

    given: str
    family: str
    father: str
    grandfather: str
    kunya: str
    tokens: tuple[str, ...]
    #: :func:`spelling` keys of the given, family and father's names; ``""`` where unknown.
    spellings: tuple[str, str, str] = ("", "", "")
    #: "ar" when the name is written in Arabic script, "la" in Latin, "" when there is no name.
    script: str = ""

    @property
    def sorted_key(self) -> str:
        """The name's word keys in alphabetical order: the same for any order of the same words."""
        return " ".join(sorted(set(self.tokens)))


def _words(text: str) -> list[str]:
    """Words of a name with article and compound prefixes kept attached to their word."""
    raw = [w for w in re.split(r"[\s,;/|]+", fold_arabic(text).strip()) if w]
    words: list[str] = []
    pending = ""
    for word in raw:
        word = _ABD_VARIANT.sub(r"\1abdul", _GLUED_ARTICLE.sub(r"\1-", word))
        low = normalise(word)
        if not low:
            continue
        if low in ("al", "el", "ال"):  # a detached article belongs to the next word
            pending += word + " "
            continue
        # "Al-Abdul Karim" (العبدالكريم) as "Abdul Karim": the article does not end the compound.
        article_only = normalise(pending) in ("", "al", "el", "ال")
        if _LEADING_ARTICLE.sub("", low) in _COMPOUND_PREFIX and article_only:
            pending += word + " "
            continue
        if words and (low in _DIN or _DIN_VARIANT.match(low)) and article_only:
            words[-1] += " " + pending + word  # "Nour al-Din", "Izz el Din", نور الدين: one name
            pending = ""
            continue
        word = _GLUED_DIN.sub(" الدين", word)  # نورالدين keys as نور الدين
        words.append((pending + word).strip())
        pending = ""
    if pending.strip():
        words.append(pending.strip())
    return words


@lru_cache(maxsize=1 << 16)
def spelling(word: str | None) -> str:
    """A name's spelling key within its script (finer than :func:`tawthiq.text.match_key`).

    Arabic: the folded word without the article and spaces (محمد ≠ محمود, الأحمد = الاحمد = احمد).
    Latin: case-folded, article and "Abdul/Abd al-" unified, each run of vowels one "a", doubled
    letters single: "Mohammed", "Muhammad" → "mahamad"; "Mahmoud" → "mahmad"; "Kahled" keeps its
    letter order, so a typo is one edit away. ``""`` for no word.
    """
    text = normalise(word or "")
    if not text:
        return ""
    if _ARABIC.search(text):
        text = text.replace(" ", "")
        if text.startswith("ال") and len(text) > 4:
            text = text[2:]
        return text
    text = _LATIN_DIN.sub("din", _LATIN_ABD.sub("abd", _LATIN_ARTICLE.sub("", text))).replace(" ", "")
    text = _DOUBLED.sub(r"\1", _VOWELS.sub("a", text))
    return text[:-1] if len(text) > 3 and text.endswith("ah") else text


def _has_article(word: str) -> bool:
    return bool(_ARTICLE_WORD.match(normalise(word) if word.isascii() else word))


# Lists repeat names endlessly: a national count of 320,000 rows has far fewer distinct names.
@lru_cache(maxsize=1 << 18)
def parse_name(
    full_name: str | None = None, *, given: str | None = None, family: str | None = None, father: str | None = None,
) -> NameParts:
    """Split a full name (and any separately given parts) into comparable keys.

    Args:
        full_name: The name as written, in any script and order; may be empty.
        given, family, father: Separately given parts; they take precedence over the full name.

    Returns:
        The parts' match keys. A name of one word is a given name only.
    """
    words = _words(full_name or "")
    # A part given in its own column is spelt as freely as in a full name ("Abdil Rahman", "Nour el Den").
    given, family, father = (" ".join(_words(part)) or None if part else part for part in (given, family, father))
    kunya = ""
    father_key = ""
    father_text = ""
    kept: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        low = normalise(word)
        head = low.split(" ")[0] if low else ""
        glued = _GLUED_KUNYA.match(low)
        # A kunya opens a name; "Abu X" at the end is a family name (Abu Zeid, Abu Shaar).
        if not kept and head in _KUNYA and (" " in low or index + 1 < len(words)):
            target = low if " " in low else f"{low} {normalise(words[index + 1])}"
            kunya = match_key(target)
            index += 1 if " " in low else 2
            continue
        if not kept and glued:
            kunya = match_key(low)
            index += 1
            continue
        if low in _NASAB and index + 1 < len(words):
            if not father_key:
                father_key, father_text = match_key(words[index + 1]), words[index + 1]
            index += 2
            continue
        kept.append(word)
        index += 1
    if len(kept) >= 2 and _has_article(kept[0]) and not _has_article(kept[-1]):
        kept = [*kept[1:], kept[0]]  # "Al-Ahmad Mohammad" is Mohammad of the Ahmad family
    named = [(w, k) for w, k in ((w, match_key(w)) for w in kept) if k]
    keys = [k for _w, k in named]
    given_word = given or (named[0][0] if named else "")
    family_word = family or (named[-1][0] if len(named) >= 2 else "")
    middle = keys[1:-1] if len(keys) >= 3 else []
    if father:
        father_word = father
    elif father_key:
        father_word = father_text
    else:
        father_word = named[1][0] if len(named) >= 3 else ""
    father_key = match_key(father_word) if father_word else ""
    grandfather = middle[1] if len(middle) >= 2 else ""
    given_key, family_key = match_key(given_word), match_key(family_word)
    tokens = tuple(k for k in (given_key, *middle, family_key) if k)
    text = " ".join(x for x in (full_name, given, family, father) if x)
    script = ("ar" if _ARABIC.search(text) else "la") if tokens else ""
    spellings = (spelling(given_word), spelling(family_word), spelling(father_word))
    return NameParts(given_key, family_key, father_key, grandfather, kunya, tokens, spellings, script)
