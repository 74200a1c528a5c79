"""An optional statistical model of person names (spaCy), used beside the rules when one is installed.

Never required: the rules of :mod:`tawthiq.extract.persons` find names on their own. A team that has installed
spaCy and a pipeline with a named-entity recogniser (for example ``xx_ent_wiki_sm`` for both languages) names it
in ``TAWTHIQ_SPACY_MODEL``; its PERSON/PER entities then join the rules' candidates and pass the same checks
(never an actor, a place or a common word).
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

PERSON_LABELS = frozenset({"PERSON", "PER"})


class NameModel(Protocol):
    def person_spans(self, text: str, language: str) -> list[tuple[int, int]]:
        """(start, end) of every person name the model sees in ``text``."""
        ...


class SpacyNames:
    """A loaded spaCy pipeline, asked for its person entities."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def person_spans(self, text: str, language: str) -> list[tuple[int, int]]:
        return [(e.start_char, e.end_char) for e in self.nlp(text).ents if e.label_ in PERSON_LABELS]


def load_spacy_names(model: str) -> tuple[SpacyNames | None, str | None]:
    """The model named, or None and why not (spaCy missing, the model missing or broken)."""
    try:
        spacy = importlib.import_module("spacy")  # an optional extra: `pip install 'tawthiq[nlp]'`
        return SpacyNames(spacy.load(model)), None
    except Exception as error:  # any failure leaves the rules alone at work, and says so
        return None, f"persons: spaCy model {model!r} is not available ({type(error).__name__}: {error}); rules only"
