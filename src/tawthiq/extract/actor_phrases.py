"""Arabic perpetrator phrases made of a noun of force and an adjective: "طائرات حربية روسية", "الطيران الروسي",
"غارات روسية", "قصف مدفعي تركي", "طيران مجهول" (data/actor_phrases.json).

Arabic names a foreign attacker by an adjective after the noun ("Russian warplanes" is "طائرات حربية روسية"),
and the adjective agrees with the noun in gender and definiteness. Rather than list every agreement as an alias,
the phrase is read here: a noun of force (aircraft, strikes, shelling, forces; the article and و ب ل ف may be
attached), at most two modifiers ("حربية", "مسيرة", "مدفعي"), then an adjective of nationality or of an unknown
attacker, the noun and the adjective both definite or both indefinite; a second adjective joined by و names a
second actor ("الطيران الروسي والسوري"). Aircraft and air strikes go to the actor's
"air" slug (a state's air arm, or the unidentified aircraft), the other nouns to its "forces" slug.
"""

from __future__ import annotations

import json
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
    adjectives = {_bare(norm_word(form))[0]: {k: v for k, v in a.items() if k != "forms"}
                  for a in data["adjectives"] for form in a["forms"]}
    return _Parts(nouns, modifiers, adjectives)


def _readings(norm: str) -> Iterator[tuple[str, bool]]:
    """Each reading of a word without its attached particles: (bare word, definite)."""
    for form in clitic_forms(norm):
        yield _bare(form)


def find_phrases(doc: Document) -> list[tuple[int, int, str]]:
    """(first word, word after, slug) of every noun-of-force phrase of an Arabic document."""
    if doc.language != "ar":
        return []
    parts = _parts()
    words, text = doc.words, doc.text
    found: list[tuple[int, int, str]] = []
    for i, word in enumerate(words):
        noun = next(((kind, definite) for bare, definite in _readings(word.norm)
                     if (kind := parts.nouns.get(bare)) is not None), None)
        if noun is None:
            continue
        kind, definite = noun
        k = i + 1
        while k < len(words) and k - i <= MAX_MODIFIERS + 1 and _together(text, words[k - 1].end, words[k].start):
            bare, article = _bare(words[k].norm)
            if bare in parts.adjectives and article == definite:
                slug = parts.adjectives[bare].get(kind)
                if slug:
                    end = k + 1
                    if end < len(words) and words[end].norm == "الهويه":  # "مجهولة الهوية"
                        end += 1
                    found.append((i, end, slug))
                    found += _coordinated(doc, parts, end, kind, definite)
                break
            if bare not in parts.modifiers or article != definite:
                break
            k += 1
    return found


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


def _together(text: str, end: int, start: int) -> bool:
    """Nothing but spaces between two words (a comma or a full stop ends the phrase)."""
    return not text[end:start].strip()
