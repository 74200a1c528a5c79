"""The record kinds: which table, which fields refer to vocabularies or other records, which are protected."""

from __future__ import annotations

from dataclasses import dataclass, field

from tawthiq.db import models
from tawthiq.db.base import Base, RecordMixin
from tawthiq.domain.enums import Confidentiality


@dataclass(frozen=True)
class KindSpec:
    """How one kind of record is named, checked and shown.

    ``vocab`` maps a column to the vocabulary its concept comes from (the user gives the slug, under the
    column's name without ``_id``); ``refs`` maps a column to the kind of record it points to (the user
    gives an id, a unique id prefix, or for actors a slug). ``span`` kinds take ``start``/``end`` date
    expressions. ``protected`` columns never leave the system unless an authorised user asks.
    """

    name: str
    plural: str
    model: type[RecordMixin]
    title: str
    required: tuple[str, ...]
    summary: tuple[str, ...]
    vocab: dict[str, str] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    span: bool = False
    protected: frozenset[str] = frozenset()
    confidentiality: Confidentiality = Confidentiality.INTERNAL

    @property
    def table(self) -> str:
        return str(getattr(self.model, "__tablename__"))


BOOKKEEPING = frozenset(
    {"id", "version", "created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by", "deletion_reason"}
)

# Order matters: a kind comes after every kind it refers to, so exports import in this order.
KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        KindSpec(
            "concept", "concepts", models.Concept, "slug", ("vocabulary", "slug", "label_en", "label_ar"),
            ("vocabulary", "slug", "label_en", "label_ar"), refs={"parent_id": "concept"},
            confidentiality=Confidentiality.PUBLIC,
        ),
        KindSpec(
            "place", "places", models.Place, "name", ("name",),
            ("name", "name_ar", "feature", "latitude", "longitude"), refs={"parent_id": "place"},
            confidentiality=Confidentiality.PUBLIC,
        ),
        KindSpec(
            "actor", "actors", models.Actor, "name", ("name",), ("slug", "name", "name_ar", "kind_id"),
            vocab={"kind_id": "actor-kinds"}, refs={"parent_id": "actor"}, confidentiality=Confidentiality.PUBLIC,
        ),
        KindSpec(
            "person", "persons", models.Person, "name", ("name",), ("name", "name_ar", "sex", "role_title"),
            refs={"origin_place_id": "place", "affiliation_id": "actor"}, protected=frozenset({"protected_notes"}),
        ),
        KindSpec(
            "source", "sources", models.Source, "pseudonym", ("pseudonym",),
            ("pseudonym", "kind_id", "reliability_id", "consent_publish"),
            vocab={"kind_id": "source-kinds", "reliability_id": "reliability"}, refs={"person_id": "person"},
            protected=frozenset({"identity", "contact"}), confidentiality=Confidentiality.RESTRICTED,
        ),
        KindSpec(
            "evidence", "evidence", models.EvidenceItem, "original_name", ("sha256", "size", "media_type", "original_name"),
            ("sha256", "media_type", "size", "original_name"), refs={"parent_id": "evidence"},
        ),
        KindSpec(
            "report", "reports", models.Report, "title", ("title",), ("title", "language", "published_on", "source_id"),
            refs={"source_id": "source", "evidence_id": "evidence"},
        ),
        KindSpec(
            "event", "events", models.Event, "title", ("title",),
            ("title", "when", "place_text", "status"),
            refs={"place_id": "place"}, span=True,
        ),
        KindSpec(
            "event_link", "event_links", models.EventLink, "relation_id", ("from_event_id", "to_event_id", "relation_id"),
            ("from_event_id", "relation_id", "to_event_id"), vocab={"relation_id": "event-relations"},
            refs={"from_event_id": "event", "to_event_id": "event"},
        ),
        KindSpec(
            "act", "acts", models.Act, "type_id", ("event_id", "type_id"),
            ("event_id", "type_id", "method_id", "when", "killed", "injured", "detained", "displaced"),
            vocab={"type_id": "violation-types", "method_id": "methods"}, refs={"event_id": "event"}, span=True,
        ),
        KindSpec(
            "victim", "victims", models.Victim, "person_id", ("act_id", "person_id"), ("act_id", "person_id", "harm_id"),
            vocab={"harm_id": "victim-groups"}, refs={"act_id": "act", "person_id": "person"},
        ),
        KindSpec(
            "involvement", "involvements", models.Involvement, "degree_id", ("act_id", "degree_id"),
            ("act_id", "actor_id", "person_id", "degree_id"), vocab={"degree_id": "involvement-degrees"},
            refs={"act_id": "act", "actor_id": "actor", "person_id": "person"},
        ),
        KindSpec(
            "information", "information", models.Information, "relation", (),
            ("report_id", "source_id", "event_id", "act_id", "relation", "connection_id"),
            vocab={"connection_id": "source-connections"},
            refs={"report_id": "report", "source_id": "source", "event_id": "event", "act_id": "act"},
        ),
        KindSpec(
            "evidence_link", "evidence_links", models.EvidenceLink, "evidence_id", ("evidence_id",),
            ("evidence_id", "event_id", "act_id", "report_id"),
            refs={"evidence_id": "evidence", "event_id": "event", "act_id": "act", "report_id": "report"},
        ),
    )
}


def kind_spec(name: str) -> KindSpec:
    """The spec of ``name`` (``event``, ``act``…), accepting the plural and dashes too."""
    key = name.replace("-", "_")
    for spec in KINDS.values():
        if key in (spec.name, spec.plural):
            return spec
    raise KeyError(name)


def editable_columns(spec: KindSpec) -> list[str]:
    """The columns a user may set, in table order."""
    table = Base.metadata.tables[spec.table]
    return [c.key for c in table.columns if c.key not in BOOKKEEPING]
