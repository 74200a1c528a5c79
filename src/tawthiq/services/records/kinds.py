"""The record kinds with their tables: the field description (domain/kinds.py) joined to the SQLAlchemy models."""

from __future__ import annotations

from dataclasses import dataclass

from tawthiq.db import models
from tawthiq.db.base import RecordMixin
from tawthiq.domain import kinds as described
from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.fields import BOOKKEEPING, Kind

__all__ = ["BOOKKEEPING", "KINDS", "KindSpec", "kind_spec"]


@dataclass(frozen=True)
class KindSpec:
    """How one kind of record is named, checked and stored; everything but the model comes from its description.

    ``vocab`` maps a column to the vocabulary its concept comes from (the user gives the slug, under the field's
    name); ``refs`` maps a column to the kind of record it points to (the user gives an id, a unique id prefix, or
    for actors a slug). ``span`` kinds take ``start``/``end`` date expressions. ``protected`` columns never leave
    the system unless an authorised user asks.
    """

    described: Kind
    model: type[RecordMixin]
    name: str
    plural: str
    title: str
    required: tuple[str, ...]
    summary: tuple[str, ...]
    vocab: dict[str, str]
    refs: dict[str, str]
    span: bool
    protected: frozenset[str]
    confidentiality: Confidentiality

    @property
    def table(self) -> str:
        # B009 is deliberate: the mixin type declares no __tablename__ (each mapped class does), so mypy needs getattr
        return str(getattr(self.model, "__tablename__"))  # noqa: B009


_MODELS: dict[str, type[RecordMixin]] = {
    "concept": models.Concept, "place": models.Place, "actor": models.Actor, "person": models.Person,
    "source": models.Source, "evidence": models.EvidenceItem, "report": models.Report, "event": models.Event,
    "event_link": models.EventLink, "act": models.Act, "victim": models.Victim, "involvement": models.Involvement,
    "information": models.Information, "evidence_link": models.EvidenceLink,
}


def _spec(kind: Kind) -> KindSpec:
    return KindSpec(kind, _MODELS[kind.name], kind.name, kind.plural, kind.title, kind.required, kind.summary,
                    kind.vocab, kind.refs, kind.span, kind.protected, kind.confidentiality)


# In the description's order: a kind comes after every kind it refers to, so exports import in this order.
KINDS: dict[str, KindSpec] = {name: _spec(kind) for name, kind in described.KINDS.items()}


def kind_spec(name: str) -> KindSpec:
    """The spec of ``name`` (``event``, ``act``…), accepting the plural and dashes too. Raises KeyError."""
    return KINDS[described.describe(name).name]
