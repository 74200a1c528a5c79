"""Arabic perpetrator phrases made of a noun of force and an adjective: "طائرات حربية روسية", "الطيران الروسي",
"غارات روسية", "قصف مدفعي تركي", "طيران مجهول" (data/actor_phrases.json); and their English counterparts,
"Russian airstrikes", "Turkish artillery shelling", "Turkey's forces", "unidentified drones".

Arabic names a foreign attacker by an adjective after the noun ("Russian warplanes" is "طائرات حربية روسية"),
and the adjective agrees with the noun in gender and definiteness. Rather than list every agreement as an alias,
the phrase is read here: a noun of force (aircraft, strikes, shelling, forces; the article and و ب ل ف may be
attached), at most two modifiers ("حربية", "مسيرة", "مدفعي"), then an adjective of nationality or of an unknown
attacker, the noun and the adjective both definite or both indefinite; a second adjective joined by و names a
second actor ("الطيران الروسي والسوري"). Aircraft and air strikes go to the actor's
"air" slug (a state's air arm, or the unidentified aircraft), the other nouns to its "forces" slug.

English puts the adjective first ("Russian warplanes"), or a state's name with the possessive ("Turkey's forces"):
the same reading runs the other way, over the "english" table; "Russian and Syrian jets" names two actors, and
"pro-Turkish", "anti-Russian" and "Turkish-backed" name none (another actor's alias does).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from tawthiq.extract.spans import Document, clitic_forms, norm_word

MAX_MODIFIERS = 2


@dataclass(frozen=True)
class _Parts:
    nouns: dict[str, str]  # bare normalised noun -> "air" or "forces"
    modifiers: frozenset[str]  # bare normalised modifiers
    adjectives: dict[str, dict[str, str]]  # bare normalised adjective -> {"air": slug, "forces": slug}
    negated: dict[str, dict[str, str]]  # ... after "غير" ("غير معروفة": unknown)
    hedges: tuple[tuple[str, ...], ...]  # normalised words of doubt before the adjective ("يرجح انها")
    alternatives: frozenset[str]  # "أم", "أو": another possible attacker


def _bare(norm: str) -> tuple[str, bool]:
    """A normalised word without its article, and whether it had one."""
    if norm.startswith("ال") and len(norm) > 3:
        return norm[2:], True
    return norm, False


@cache
def _parts() -> _Parts:
    data: dict[str, Any] = json.loads((resources.files("tawthiq.extract") / "data" / "actor_phrases.json")
                                      .read_text(encoding="utf-8"))
    nouns = {_bare(norm_word(n))[0]: kind for kind, words in data["nouns"].items() for n in words}
    modifiers = frozenset(_bare(norm_word(m))[0] for m in data["modifiers"])
    adjectives = {_bare(norm_word(form))[0]: {k: v for k, v in a.items() if k not in ("forms", "negated")}
                  for a in data["adjectives"] for form in a["forms"]}
    negated = {_bare(norm_word(form))[0]: {k: v for k, v in a.items() if k not in ("forms", "negated")}
               for a in data["adjectives"] for form in a.get("negated", [])}
    hedges = tuple(tuple(norm_word(w) for w in h.split()) for h in data["hedges"]["phrases"])
    return _Parts(nouns, modifiers, adjectives, negated, hedges,
                  frozenset(norm_word(w) for w in data["hedges"]["alternatives"]))


def _readings(norm: str) -> Iterator[tuple[str, bool]]:
    """Each reading of a word without its attached particles: (bare word, definite)."""
    for form in clitic_forms(norm):
        yield _bare(form)


def find_phrases(doc: Document) -> list[tuple[int, int, str]]:
    """(first word, word after, slug) of every noun-of-force phrase of a document."""
    if doc.language != "ar":
        return _english(doc)
    parts = _parts()
    words, text = doc.words, doc.text
    found: list[tuple[int, int, str]] = []
    for i, word in enumerate(words):
        noun = next(((kind, definite, bare) for bare, definite in _readings(word.norm)
                     if (kind := parts.nouns.get(bare)) is not None), None)
        if noun is None:
            continue
        kind, definite, head = noun
        k, hedged = i + 1, 0
        while k < len(words) and k - i - hedged <= MAX_MODIFIERS + 1 and (
                _together(text, words[k - 1].end, words[k].start)
                or _BRACKETED.fullmatch(text, words[k - 1].end, words[k].start)):
            if (negated := _negated(doc, parts, k, kind, definite)) is not None:
                found.append((i, negated, parts.negated[_bare(words[negated - 1].norm)[0]][kind]))
                break
            bare, article = _bare(words[k].norm)
            if bare in parts.adjectives and article == definite:
                slug = parts.adjectives[bare].get(kind)
                if slug:
                    end = k + 1
                    if end < len(words) and words[end].norm == "الهويه":  # "مجهولة الهوية"
                        end += 1
                    found.append((i, end, slug))
                    found += _coordinated(doc, parts, end, kind, definite)
                    if head in _ALLIANCE:  # "قوات الحلف السوري الروسي": the alliance of both
                        found += _juxtaposed(doc, parts, end, kind, definite)
                    if hedged:  # "لا يعلم إذا كانت سورية أم روسية": either may have done it
                        found += _alternatives(doc, parts, end, kind, definite)
                break
            if not hedged and (size := _hedge(doc, parts, k)):
                k, hedged = k + size, size  # "غارات يرجح أنها روسية"
                continue
            if bare not in parts.modifiers or article != definite:
                break
            k += 1
    return found


# "طائرة حربية، (غير معروفة)": the adjective in brackets after the phrase still describes its noun
_BRACKETED = re.compile(r"\s*[،,]?\s*[(\[]\s*")


def _negated(doc: Document, parts: _Parts, k: int, kind: str, definite: bool) -> int | None:
    """The word after a negated adjective of an attacker that starts at word ``k`` ("غير معروفة": an unknown one), or
    None."""
    words = doc.words
    if words[k].norm != "غير" or k + 1 >= len(words) or not _together(doc.text, words[k].end, words[k + 1].start):
        return None
    bare, article = _bare(words[k + 1].norm)
    return k + 2 if kind in parts.negated.get(bare, {}) and article == definite else None


def _hedge(doc: Document, parts: _Parts, k: int) -> int:
    """The number of words of a phrase of doubt that starts at word ``k`` ("يرجح أنها"), or 0."""
    words = doc.words
    for hedge in parts.hedges:
        end = k + len(hedge)
        if end < len(words) and all(words[k + n].norm == w for n, w in enumerate(hedge)) and all(
                _together(doc.text, words[m - 1].end, words[m].start) for m in range(k + 1, end + 1)):
            return len(hedge)
    return 0


def _alternatives(doc: Document, parts: _Parts, k: int, kind: str, definite: bool) -> list[tuple[int, int, str]]:
    """An adjective after "أم" or "أو" behind a doubted one ("سورية أم روسية"): another possible attacker."""
    words = doc.words
    if k + 1 >= len(words) or words[k].norm not in parts.alternatives:
        return []
    bare, article = _bare(words[k + 1].norm)
    slug = parts.adjectives.get(bare, {}).get(kind) if article == definite else None
    return [(k + 1, k + 2, slug)] if slug else []


def _coordinated(doc: Document, parts: _Parts, k: int, kind: str, definite: bool) -> list[tuple[int, int, str]]:
    """A second adjective joined by و to the first ("الطيران الروسي والسوري": Syrian aircraft too)."""
    words = doc.words
    if k >= len(words) or not _together(doc.text, words[k - 1].end, words[k].start):
        return []
    norm = words[k].norm
    if not norm.startswith("و"):
        return []
    bare, article = _bare(norm[1:])
    slug = parts.adjectives.get(bare, {}).get(kind) if article == definite else None
    return [(k, k + 1, slug)] if slug else []


# An alliance named by two adjectives side by side ("الحلف السوري الروسي"); elsewhere a second adjective without و
# describes something else ("طائرة سورية روسية الصنع": a Syrian aircraft made in Russia)
_ALLIANCE = frozenset({"حلف"})


def _juxtaposed(doc: Document, parts: _Parts, k: int, kind: str, definite: bool) -> list[tuple[int, int, str]]:
    """A second adjective right after the first, in an alliance's name: its second member."""
    words = doc.words
    if k >= len(words) or not _together(doc.text, words[k - 1].end, words[k].start):
        return []
    bare, article = _bare(words[k].norm)
    slug = parts.adjectives.get(bare, {}).get(kind) if article == definite else None
    return [(k, k + 1, slug)] if slug else []


def _together(text: str, end: int, start: int) -> bool:
    """Nothing but spaces between two words (a comma or a full stop ends the phrase)."""
    return not text[end:start].strip()


@dataclass(frozen=True)
class _English:
    nouns: dict[str, str]  # normalised noun -> "air" or "forces"
    modifiers: frozenset[str]
    air_modifiers: frozenset[str]
    adjectives: dict[str, dict[str, str]]  # the adjective as written ("Russian", "Russia's", "U.S.") -> its slugs


@cache
def _english_parts() -> _English:
    data: dict[str, Any] = json.loads((resources.files("tawthiq.extract") / "data" / "actor_phrases.json")
                                      .read_text(encoding="utf-8"))["english"]
    return _English({n: kind for kind, words in data["nouns"].items() for n in words}, frozenset(data["modifiers"]),
                    frozenset(data["air_modifiers"]),
                    {form: {k: v for k, v in a.items() if k != "forms"} for a in data["adjectives"]
                     for form in a["forms"]})


def _english(doc: Document) -> list[tuple[int, int, str]]:
    parts = _english_parts()
    found: list[tuple[int, int, str]] = []
    k = 0
    while k < len(doc.words):
        phrase = _english_at(doc, parts, k)
        if phrase:
            found += phrase
            k = phrase[-1][1]
        else:
            k += 1
    return found


def _adjective(doc: Document, parts: _English, i: int) -> tuple[dict[str, str], int, int] | None:
    """The slugs of the adjective that starts at word ``i`` ("Russian", "Turkey's", "U.S."), the word after it and
    the character offset where it ends."""
    words, text = doc.words, doc.text
    word = words[i]
    if text[max(0, word.start - 5):word.start].lower().endswith(("pro-", "anti-", "non-")):
        return None
    end, written = i + 1, word.surface
    if end < len(words) and words[end].surface == "s" and text[word.end:words[end].start] in ("'", "’"):
        end, written = end + 1, f"{written}'s"  # "Turkey's forces"
    elif written == "U" and text[word.end:word.end + 3] == ".S." and end < len(words):
        slugs = parts.adjectives.get("U.S.")
        return (slugs, end + 1, words[end].end + 1) if slugs else None
    slugs = parts.adjectives.get(written.replace("’", "'"))
    return (slugs, end, words[end - 1].end) if slugs else None


def _english_at(doc: Document, parts: _English, i: int) -> list[tuple[int, int, str]]:
    """The phrases that start at word ``i``: one, or two for "Russian and Syrian warplanes"; else nothing."""
    words, text = doc.words, doc.text
    adjective = _adjective(doc, parts, i)
    if adjective is None:
        return []
    slugs, k, after = adjective
    if k < len(words) and text[after:words[k].start] == "-" and _adjective(doc, parts, k) is not None:
        return _shared(doc, parts, i, k, k, slugs)  # "Russian-Syrian strikes", "the Syrian-Russian alliance"
    if k + 1 < len(words) and words[k].norm in ("and", "or") and _together(text, after, words[k].start):
        return _shared(doc, parts, i, k, k + 1, slugs)  # "Russian and Syrian warplanes"
    if k < len(words) and text[after:words[k].start].strip():
        return []  # "Turkish-backed", "Russian, Syrian": no phrase
    last, air = None, False
    for m in range(k, min(len(words), k + MAX_MODIFIERS + 1)):
        if m > k and not _together(text, words[m - 1].end, words[m].start):
            break
        norm = words[m].norm
        if norm in parts.nouns:
            last = m
        elif norm in parts.air_modifiers:
            air = True
        elif norm not in parts.modifiers:
            break
    if last is None:
        return []
    slug = slugs.get("air" if air else parts.nouns[words[last].norm])
    return [(i, last + 1, slug)] if slug else []


def _shared(doc: Document, parts: _English, i: int, k: int, second_at: int,
            slugs: dict[str, str]) -> list[tuple[int, int, str]]:
    """The adjective of words [i, k) and the phrase that starts at word ``second_at``, whose noun they share."""
    words = doc.words
    second = _english_at(doc, parts, second_at)
    kind = parts.nouns.get(words[second[-1][1] - 1].norm) if second else None
    if not second or not kind:
        return []
    if any(words[m].norm in parts.air_modifiers for m in range(second_at, second[-1][1])):
        kind = "air"
    slug = slugs.get(kind)
    return ([(i, k, slug)] if slug else []) + second
