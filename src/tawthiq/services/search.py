"""Full-text search with facets over events, acts, reports, persons, actors and places, for one viewer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from tawthiq.db.models import Actor, Concept, Place
from tawthiq.db.search import SearchDocument, SearchQueue
from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.errors import Ambiguous, InvalidInput, NotFound
from tawthiq.search.backend import FullText, full_text_for
from tawthiq.services.indexing import catch_up, facet_token
from tawthiq.services.records import find_id
from tawthiq.services.workspace import Workspace
from tawthiq.text import tokens

SEARCHABLE = ("event", "act", "report", "person", "actor", "place")
FACET_SAMPLE = 1_000  # facet counts are taken over the best-ranked matches up to this many (a result's leading edge)
LEVELS = list(Confidentiality)


@dataclass(frozen=True)
class Viewer:
    """Who is searching, and the highest confidentiality they may see."""

    name: str
    clearance: Confidentiality

    def allowed(self) -> list[str]:
        return [level.value for level in LEVELS[: LEVELS.index(self.clearance) + 1]]


@dataclass
class Filters:
    kinds: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # violation-type slugs; a parent includes its children
    actors: list[str] = field(default_factory=list)  # actor slugs, ids or prefixes; a parent includes its units
    places: list[str] = field(default_factory=list)  # place ids or prefixes; an area includes what lies in it
    statuses: list[str] = field(default_factory=list)
    confidentiality: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Hit:
    kind: str
    record_id: str
    title: str
    summary: str
    confidentiality: str
    status: str | None
    start_date: date | None
    end_date: date | None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]


@dataclass(frozen=True)
class FacetValue:
    value: str  # what a filter takes: a slug, an id, a status
    label: str
    count: int


def search_records(ws: Workspace, *, viewer: Viewer, query: str, filters: Filters | None = None, limit: int = 20) -> SearchResult:
    """Records whose text matches every word of ``query`` (in either script, any common spelling), within the filters
    and the viewer's clearance, best first, with facet counts. The index first catches up with recent writes.

    Raises InvalidInput for an unknown filter value (naming the filter).
    """
    chosen = filters or Filters()
    backend = full_text_for(ws.engine.dialect.name)
    with ws.reading() as session:
        pending = session.scalar(select(SearchQueue.id).limit(1)) is not None
    if pending:  # only then take the write lock: a search never waits behind a long import for nothing
        with ws.transaction() as session:
            catch_up(session, backend)
    with ws.reading() as session:
        groups = [[t] for t in tokens(query)] + _facet_groups(session, chosen)
        matched = _matched(backend, groups, viewer, chosen).subquery()
        order = (matched.c.rank, matched.c.id)
        unranked = _matched(backend, groups, viewer, chosen, ranked=False).subquery()
        total = session.scalar(select(func.count()).select_from(unranked)) or 0
        # one ranked pass serves both: its first rows are the page, all of them the facet sample
        rows = session.execute(select(matched).order_by(*order).limit(max(limit, FACET_SAMPLE))).all()
        hits = [Hit(r.kind, r.record_id, r.title, r.summary, r.confidentiality, r.status, r.start_date, r.end_date)
                for r in rows[:limit]]
        facets = _facet_counts(session, [(r.kind, r.facet_values, r.status, r.confidentiality) for r in rows[:FACET_SAMPLE]])
    return SearchResult(total, hits, facets)


def _matched(backend: FullText, groups: list[list[str]], viewer: Viewer, filters: Filters, *, ranked: bool = True) -> Any:
    conditions: list[ColumnElement[bool]] = [SearchDocument.confidentiality.in_(viewer.allowed())]
    if filters.kinds:
        # Through a function, so no index on kind can tempt the planner to run the full-text match once per
        # document: the match must drive the query and fetch documents by primary key.
        conditions.append(func.coalesce(SearchDocument.kind, "").in_(filters.kinds))
    if filters.statuses:
        conditions.append(SearchDocument.status.in_(filters.statuses))
    if filters.confidentiality:
        conditions.append(SearchDocument.confidentiality.in_(filters.confidentiality))
    # A date range keeps the records whose span overlaps it; records without dates drop out.
    if filters.date_from:
        conditions.append(func.coalesce(SearchDocument.end_date, SearchDocument.start_date) >= filters.date_from)
    if filters.date_to:
        conditions.append(func.coalesce(SearchDocument.start_date, SearchDocument.end_date) <= filters.date_to)
    columns = (SearchDocument.id, SearchDocument.kind, SearchDocument.record_id, SearchDocument.title, SearchDocument.summary,
               SearchDocument.confidentiality, SearchDocument.status, SearchDocument.start_date, SearchDocument.end_date,
               SearchDocument.facet_values)
    if not groups:  # filters alone: the most recently indexed first
        return select(*columns, (-SearchDocument.id).label("rank")).where(*conditions)
    hits = backend.matching(groups, ranked=ranked).subquery()
    return select(*columns, hits.c.rank.label("rank")).join(hits, hits.c.id == SearchDocument.id).where(*conditions)


def _facet_groups(session: Session, filters: Filters) -> list[list[str]]:
    groups = []
    for facet, values in (("type", [_concept(session, v) for v in filters.types]),
                          ("actor", [_record(session, "actor", v) for v in filters.actors]),
                          ("place", [_record(session, "place", v) for v in filters.places])):
        if values:
            groups.append([facet_token(facet, v) for v in values])
    return groups


def _concept(session: Session, slug: str) -> str:
    ident = slug if ":" in slug else f"violation-types:{slug}"
    if session.get(Concept, ident) is None:
        raise InvalidInput.single("type", f"{slug!r} is not a violation type", f"‏{slug!r} ليس نوع انتهاك معروفاً")
    return ident


def _record(session: Session, kind: str, ident: str) -> str:
    try:
        return find_id(session, kind, ident)
    except (NotFound, Ambiguous) as exc:
        raise InvalidInput.single(kind, str(exc), "لا يشير إلى سجل واحد موجود") from None


def _facet_counts(session: Session, sample: Sequence[Any]) -> dict[str, list[FacetValue]]:
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("kind", "type", "actor", "place", "status", "confidentiality")}
    for kind, values, status, confidentiality in sample:
        counts["kind"][kind] += 1
        counts["confidentiality"][confidentiality] += 1
        if status:
            counts["status"][status] += 1
        for facet in ("type", "actor", "place"):
            counts[facet].update(values.get(facet, []))
    labels: dict[str, dict[str, tuple[str, str]]] = {
        "type": {c.id: (c.slug, c.label_en) for c in
                 session.execute(select(Concept).where(Concept.id.in_(list(counts["type"])))).scalars()},
        "actor": {a.id: (a.slug or a.id, a.name) for a in
                  session.execute(select(Actor).where(Actor.id.in_(list(counts["actor"])))).scalars()},
        "place": {p.id: (p.id, p.name) for p in session.execute(select(Place).where(Place.id.in_(list(counts["place"])))).scalars()},
    }
    return {
        facet: [FacetValue(*labels.get(facet, {}).get(key, (key, key)), count) for key, count in counter.most_common()]
        for facet, counter in counts.items()
    }
