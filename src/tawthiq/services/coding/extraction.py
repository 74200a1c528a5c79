"""Extraction suggestions for a text: the pipeline with this workspace's actors and gazetteer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select

from tawthiq.db.models import Actor
from tawthiq.extract import Lexicon, extract
from tawthiq.extract.names import NameModel, load_spacy_names
from tawthiq.services.coding.geocoding import GazetteerResolver, open_resolver
from tawthiq.services.workspace import Workspace

# Suggestions are for a person to review: past this many characters a document is summarised, not coded.
MAX_EXTRACT_CHARS = 200_000


class Extractor:
    """Built once per batch of documents: the actor lexicon and the gazetteer are read from the database."""

    def __init__(self, lexicon: Lexicon, places: GazetteerResolver, names: NameModel | None = None,
                 notes: Sequence[str] = ()) -> None:
        self.lexicon = lexicon
        self.places = places
        self.names = names
        self.notes = list(notes)  # said with every result: an optional model that was asked for but is missing

    @classmethod
    def for_workspace(cls, ws: Workspace) -> Extractor:
        resolver = open_resolver(ws)
        with ws.reading() as session:
            actors = [
                (a.slug or a.id, a.name, [x for x in (a.name_ar, *a.aliases) if x])
                for a in session.execute(select(Actor).where(Actor.deleted_at.is_(None))).scalars()
            ]
        names, note = load_spacy_names(ws.settings.spacy_model) if ws.settings.spacy_model else (None, None)
        return cls(Lexicon.from_actors(actors), resolver, names, [note] if note else [])

    def extract(self, text: str, *, language: str, published_on: date | None) -> dict[str, Any]:
        """The suggestions object (see `tawthiq extract --json`); never raises for any text."""
        result: dict[str, Any] = extract(text[:MAX_EXTRACT_CHARS],
                                         language=language if language in ("ar", "en") else "en",
                                         published_on=published_on, lexicon=self.lexicon, places=self.places,
                                         names=self.names)
        result["warnings"] = [*result.get("warnings", []), *self.notes]
        if len(text) > MAX_EXTRACT_CHARS:
            result.setdefault("warnings", []).append(
                f"extraction covers the first {MAX_EXTRACT_CHARS:,} characters of {len(text):,}")
        return result
