"""Full-text search with facets over events, acts, reports, persons, actors and places, for one viewer."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import ColumnElement, String, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from tawthiq.db.models import Act, Actor, Concept, Event, Place
from tawthiq.db.search import SearchDocument, SearchQueue
from tawthiq.domain.dates import parse_date_expression
from tawthiq.domain.enums import Confidentiality, VerificationStatus
from tawthiq.domain.errors import Ambiguous, InvalidInput, NotFound, storage_cause
from tawthiq.domain.policy import Principal, readable_levels
from tawthiq.search.backend import FullText, full_text_for
from tawthiq.search.tokens import facet_token, year_token_group
from tawthiq.services.browse.indexing import catch_up
from tawthiq.services.records.store import find_id
from tawthiq.services.workspace import Workspace
from tawthiq.text import tokens

SEARCHABLE = ("event", "act", "report", "person", "actor", "place")
FACET_SAMPLE = 500  # facet counts are taken over the best-ranked matches up to this many (a result's leading edge)
YEAR_GROUP_MAX = 5  # a date range of fewer years than this is also matched by year tokens
COUNT_CAP = 10_000  # matches are counted up to this many; beyond, a result says "more than"
LEVELS = list(Confidentiality)
ORDERS = ("rank", "date")
WIDENED = {"type": "types", "actor": "actors", "place": "places", "status": "statuses"}  # facet -> Filters field
STATUSES = [status.value for status in VerificationStatus]


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
    date_precision: str | None = None  # how precisely the span was recorded: day, week, month, year or unknown


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    capped: bool = False  # more than ``total`` records match
    stale: bool = False  # the index could not catch up (a full or read-only disk): the latest changes may be missing


@dataclass(frozen=True)
class FacetValue:
    value: str  # what a filter takes: a slug, an id, a status
    label: str
    count: int
    label_ar: str = ""  # the Arabic label of a vocabulary concept, actor or place; empty when there is none


def date_range(date_from: str, date_to: str) -> tuple[date | None, date | None]:
    """The days a date filter names, as written in forms: from the first day of ``date_from`` (``2015``, ``2015-07``,
    ``2015-W29``, ``2015-07-14``) to the last day of ``date_to``, so ``from=2015&to=2015`` is all of 2015. A record
    is found when its span overlaps them (see ``_matched``). Raises InvalidInput naming ``from`` or ``to``."""
    start = parse_date_expression(date_from, "from").start if date_from.strip() else None
    end = parse_date_expression(date_to, "to").end if date_to.strip() else None
    if start and end and end < start:
        raise InvalidInput.single("to", f"the range ends ({end}) before it starts ({start})",
                                  f"النطاق ينتهي ({end}) قبل أن يبدأ ({start})")
    return start, end


def search(ws: Workspace, account: Principal, *, query: str, filters: Filters | None = None, limit: int = 20,
           offset: int = 0, clearance: str | None = None, order: str = "rank", widening: bool = False,
           precision: bool = True) -> SearchResult:
    """:func:`search_records` within the account's clearance, or the lower ``clearance`` asked for (to see what a
    lower level sees). With ``widening``, the values of a facet already chosen are counted as if it were not (the
    other filters kept): the other values a page offers to widen that facet with (OR), one more search per chosen
    facet. Raises InvalidInput for a clearance above the account's, or as ``search_records``."""
    levels = readable_levels(account)
    if clearance is not None and clearance not in levels:
        raise InvalidInput.single("clearance", f"must be one of: {', '.join(levels)}",
                                  f"يجب أن تكون من: {', '.join(levels)}")
    viewer = Viewer(account.username, Confidentiality(clearance or levels[-1]))
    result = search_records(ws, viewer=viewer, query=query, filters=filters, limit=limit, offset=offset, order=order,
                            precision=precision)
    for facet, name in WIDENED.items() if widening and filters else ():
        if getattr(filters, name):
            others = Filters(**{**vars(filters), name: []})
            result.facets[facet] = search_records(ws, viewer=viewer, query=query, filters=others, limit=0).facets[facet]
    return result


def search_records(ws: Workspace, *, viewer: Viewer, query: str, filters: Filters | None = None, limit: int = 20,
                   offset: int = 0, order: str = "rank", precision: bool = True) -> SearchResult:
    """Records whose text matches every word of ``query`` (in either script, any common spelling), within the filters
    and the viewer's clearance, best first (the most recently indexed first when no word is given), with facet
    counts. The index first catches up with recent writes. ``total`` counts up to COUNT_CAP; ``capped`` says there
    are more. ``offset`` skips that many hits (a later page); pages reach as far as COUNT_CAP, and the facets are
    those of the best matches whatever the page. ``order="date"`` lists a search without words by date instead,
    the latest start first and undated records last (the event list); with words, the best match still comes first.

    Raises InvalidInput for an unknown filter value (naming the filter), an unknown order, or an offset outside
    0…COUNT_CAP.
    """
    if not 0 <= offset <= COUNT_CAP:
        raise InvalidInput.single("offset", f"must be between 0 and {COUNT_CAP:,}", f"يجب أن يكون بين 0 و{COUNT_CAP}")
    if order not in ORDERS:
        raise InvalidInput.single("order", f"{order!r} is not one of {', '.join(ORDERS)}",
                                  f"\u200f{order!r} ليس من الترتيبات المقبولة: {', '.join(ORDERS)}")
    chosen = filters or Filters()
    backend = full_text_for(ws.engine.dialect.name)
    with ws.reading() as session:
        pending = session.scalar(select(SearchQueue.id).limit(1)) is not None
    stale = False
    if pending:  # only then take the write lock: a search never waits behind a long import for nothing
        try:
            with ws.transaction() as session:
                catch_up(session, backend)
        except Exception as exc:  # a full or read-only disk: search what is indexed, and say it may be behind
            if storage_cause(exc) is None:
                raise
            stale = True
    with ws.reading() as session:
        words = [[t] for t in tokens(query)]
        groups = words + _facet_groups(session, chosen, viewer.allowed()) + _year_groups(session, chosen)
        access = _access_groups(viewer, chosen)
        if access is None:  # the filters leave nothing the viewer may see
            return SearchResult(0, [], _facet_counts(session, []), stale=stale)
        sample = max(offset + limit, FACET_SAMPLE)  # one ranked pass: the page and the facet sample
        by_date = order == "date" and not words
        if by_date:  # the whole match by date: a count (to the cap), and the first ``sample`` of a sort stopping there
            # without a word, facet or year token, clearance, kinds and statuses are the documents' own columns: the
            # documents are read in date order there, not joined to the whole full-text match and sorted
            matched = _matched(backend, groups + access if groups else [], viewer, chosen, ranked=False, by_date=True)
            if chosen.date_from or chosen.date_to:  # dates are columns, not tokens: counted on the documents
                total = session.scalar(select(func.count()).select_from(
                    matched.order_by(None).limit(COUNT_CAP + 1).subquery()))
            else:  # the tokens alone decide: the full-text index counts them by itself
                total = session.scalar(backend.count(groups + access, COUNT_CAP + 1))
            # the facet columns come with the ids: the sample is read once, not again by its 500 ids (counted in the
            # order of the ids, as a look-up by them would give it: equal counts keep their order)
            ordered = session.execute(matched.add_columns(*FACET_COLUMNS).limit(sample)).all()
            ids = [r[0] for r in ordered]
            sampled = _decoded([r[2:] for r in sorted(ordered[:FACET_SAMPLE], key=lambda r: r[0])])
        elif chosen.date_from or chosen.date_to or not groups + access:
            # dates are columns, not tokens; and the full-text match needs at least one term
            # one pass, newest first, each document's dates checked by primary key: the pass is both the count and
            # the window that is ranked (COUNT_CAP + 1 newest matches)
            window = _matched(backend, groups + access, viewer, chosen,
                              ranked=bool(words)).limit(COUNT_CAP + 1).subquery()
            best = session.execute(select(window.c.id, func.count().over().label("total"))
                                   .order_by(window.c.rank, window.c.id.desc()).limit(sample)).all()
            total, ids = (best[0].total if best else 0), [r.id for r in best]
        else:  # the full-text match applies clearance and filters by itself, as fast as the bare index can
            total = session.scalar(backend.count(groups + access, COUNT_CAP + 1))
            ids = list(session.scalars(backend.best(groups + access, sample, ranked=bool(words))))
        wanted = ids[offset:offset + limit]
        # each hit's recorded precision, from the records themselves (read with the page): a page that places or
        # counts thousands of hits by their bounds (the map, the timeline) asks without (``precision=False``;
        # Hit.date_precision is None)
        page = {r.id: r for r in session.execute((_PAGE_WITH_PRECISION if precision else select(*DOCUMENT_COLUMNS))
                                                 .where(SearchDocument.id.in_(wanted)))} if wanted else {}
        rows = [page[i] for i in wanted if i in page]
        hits = [Hit(r.kind, r.record_id, r.title, r.summary, r.confidentiality, r.status, r.start_date, r.end_date,
                    _precision(r) if precision else None) for r in rows]
        facets = _facet_counts(session, sampled if by_date else _facet_sample(session, ids[:FACET_SAMPLE]))
    total = total or 0
    return SearchResult(min(total, COUNT_CAP), hits, facets, capped=total > COUNT_CAP, stale=stale)


def _access_groups(viewer: Viewer, filters: Filters) -> list[list[str]] | None:
    """Clearance, kinds and statuses as groups of facet tokens; None when they leave nothing to find.

    Raises InvalidInput for a kind, status or confidentiality that does not exist.
    """
    for name, values, known in (("kind", filters.kinds, SEARCHABLE), ("status", filters.statuses, STATUSES),
                                ("confidentiality", filters.confidentiality, [level.value for level in LEVELS])):
        for value in values:
            if value not in known:
                raise InvalidInput.single(name, f"{value!r} is not one of {', '.join(known)}",
                                          f"\u200f{value!r} ليست من القيم المقبولة: {', '.join(known)}")
    levels = [v for v in viewer.allowed() if not filters.confidentiality or v in filters.confidentiality]
    if not levels:
        return None
    # each record has exactly one document serving the viewer's clearance: the view of it that clearance may read
    groups = [[facet_token("serves", viewer.clearance.value)]]
    if len(levels) < len(viewer.allowed()):
        groups.append([facet_token("confidentiality", v) for v in levels])
    for facet, values in (("kind", filters.kinds), ("status", filters.statuses)):
        if values:
            groups.append([facet_token(facet, v) for v in values])
    return groups


def _matched(backend: FullText, groups: list[list[str]], viewer: Viewer, filters: Filters, *, ranked: bool,
             by_date: bool = False) -> Any:
    """(id, rank) of the matching documents within the date range, the most recently indexed first (``by_date``:
    (id, start), the latest start first, undated last). A date range keeps the records whose span overlaps it;
    records without dates drop out. With no group for the full-text match, clearance and filters are checked on the
    documents' columns instead."""
    conditions: list[ColumnElement[bool]] = []
    if filters.date_from:
        conditions.append(func.coalesce(SearchDocument.end_date, SearchDocument.start_date) >= filters.date_from)
    if filters.date_to:
        conditions.append(func.coalesce(SearchDocument.start_date, SearchDocument.end_date) <= filters.date_to)
    if not groups:
        served = LEVELS.index(viewer.clearance)
        conditions += [SearchDocument.serves_from <= served, SearchDocument.serves_to >= served]
        for column, values in ((SearchDocument.kind, filters.kinds), (SearchDocument.status, filters.statuses),
                               (SearchDocument.confidentiality, filters.confidentiality)):
            if values:
                conditions.append(column.in_(values))
        if by_date:
            return _dated(select(SearchDocument.id).where(*conditions))
        return (
            select(SearchDocument.id, (-SearchDocument.id).label("rank"))
            .where(*conditions)
            .order_by(SearchDocument.id.desc())
        )
    hits = backend.matching(groups, ranked=ranked).subquery()
    if by_date:
        return _dated(select(hits.c.id).join(SearchDocument, SearchDocument.id == hits.c.id).where(*conditions))
    # the match drives (newest first, as the index itself can walk it) and fetches each document by primary key
    return (select(hits.c.id, (hits.c.rank if ranked else -hits.c.id).label("rank"))
            .join(SearchDocument, SearchDocument.id == hits.c.id).where(*conditions).order_by(hits.c.id.desc()))


def _dated(query: Any) -> Any:
    """``query`` (of document ids) in date order, the latest start first, undated last, with the start (``start``)
    for the query around it to keep that order."""
    return (query.add_columns(SearchDocument.start_date.label("start"))
            .order_by(SearchDocument.start_date.desc().nulls_last(), SearchDocument.id.desc()))


DOCUMENT_COLUMNS = (SearchDocument.id, SearchDocument.kind, SearchDocument.record_id, SearchDocument.title,
                    SearchDocument.summary, SearchDocument.confidentiality, SearchDocument.status,
                    SearchDocument.start_date, SearchDocument.end_date)


_EVENT, _ACT_EVENT = aliased(Event), aliased(Event)
# the page's documents with what their recorded precision is read from: the index keeps the bounds only, and a
# bound alone (1 January) would say more than was recorded
_PAGE_WITH_PRECISION = (
    select(*DOCUMENT_COLUMNS, _EVENT.date_precision.label("event_precision"), Act.start_date.label("act_start"),
           Act.date_precision.label("act_precision"), _ACT_EVENT.date_precision.label("act_event_precision"))
    .outerjoin(_EVENT, (SearchDocument.kind == "event") & (_EVENT.id == SearchDocument.record_id))
    .outerjoin(Act, (SearchDocument.kind == "act") & (Act.id == SearchDocument.record_id))
    .outerjoin(_ACT_EVENT, _ACT_EVENT.id == Act.event_id)
)


def _precision(row: Any) -> str | None:
    """The recorded precision of a page row's span (see ``_PAGE_WITH_PRECISION``): an event's own, an act's own when
    it has dates of its own, else its event's; a dated report's day."""
    found: str | None = None
    if row.kind == "event":
        found = row.event_precision
    elif row.kind == "act":
        found = row.act_precision if row.act_start is not None and row.act_precision else row.act_event_precision
    elif row.kind == "report" and row.start_date:
        found = "day"
    return found


# (kind, facet values, status, confidentiality): only the columns facets need
FACET_COLUMNS = (SearchDocument.kind, type_coerce(SearchDocument.facet_values, String), SearchDocument.status,
                 SearchDocument.confidentiality)


# SQLite: the sample's ids as one JSON array, not as 500 bound parameters (binding each costs more than the read),
# in the order a look-up by a list of ids gives (equal facet counts keep their order)
_SAMPLE_IDS = func.json_each(bindparam("sample_ids")).table_valued("value")
_SQLITE_SAMPLE = (select(*FACET_COLUMNS).where(SearchDocument.id.in_(select(_SAMPLE_IDS.c.value)))
                  .order_by(SearchDocument.id))


def _facet_sample(session: Session, ids: Sequence[int]) -> list[tuple[str, dict[str, list[str]], str | None, str]]:
    """(kind, facet values, status, confidentiality) of these documents, the JSON decoded."""
    if not ids:
        return []
    if session.get_bind().dialect.name == "sqlite":
        return _decoded(session.execute(_SQLITE_SAMPLE, {"sample_ids": json.dumps(list(ids))}).all())
    return _decoded(session.execute(select(*FACET_COLUMNS).where(SearchDocument.id.in_(ids))).all())


def _decoded(rows: Sequence[Any]) -> list[tuple[str, dict[str, list[str]], str | None, str]]:
    """Rows of FACET_COLUMNS with their JSON decoded here (SQLite hands back text; PostgreSQL's driver has already
    decoded it): text in one pass, as one array."""
    texts = [row[1] for row in rows]
    if all(isinstance(text, str) for text in texts):
        decoded = json.loads("[" + ",".join(texts) + "]")
    else:
        decoded = [json.loads(text) if isinstance(text, str) else text for text in texts]
    return [(row[0], values, row[2], row[3]) for row, values in zip(rows, decoded, strict=True)]


def _year_groups(session: Session, filters: Filters) -> list[list[str]]:
    """A date range as the year tokens of the spans that can overlap it; the exact dates are checked on the documents.
    An open end reaches the furthest year the index holds (both date columns are indexed: a lookup, not a scan)."""
    if not (filters.date_from or filters.date_to):
        return []
    if filters.date_from and filters.date_to:
        first, last = filters.date_from.year, filters.date_to.year
    elif filters.date_from:
        first = filters.date_from.year
        last = max([first, *_bound_years(session, func.max)])
    else:
        assert filters.date_to is not None
        last = filters.date_to.year
        first = min([last, *_bound_years(session, func.min)])
    # a narrow range narrows the match; a wide one would only make the index merge many long year lists
    return [year_token_group(first, last)] if last - first < YEAR_GROUP_MAX else []


def _bound_years(session: Session, bound: Any) -> list[int]:
    # one aggregate a statement: only then does SQLite answer min/max from the index
    found = (session.scalar(select(bound(column))) for column in (SearchDocument.start_date, SearchDocument.end_date))
    return [d.year for d in found if d is not None]


def _facet_groups(session: Session, filters: Filters, allowed: list[str]) -> list[list[str]]:
    groups = []
    for facet, values in (("type", [_concept(session, v) for v in filters.types]),
                          ("actor", [_record(session, "actor", v, allowed) for v in filters.actors]),
                          ("place", [_record(session, "place", v, allowed) for v in filters.places])):
        if values:
            groups.append([facet_token(facet, v) for v in values])
    return groups


def _concept(session: Session, slug: str) -> str:
    ident = slug if ":" in slug else f"violation-types:{slug}"
    if session.get(Concept, ident) is None:
        raise InvalidInput.single("type", f"{slug!r} is not a violation type", f"\u200f{slug!r} ليس نوع انتهاك معروفاً")
    return ident


def _record(session: Session, kind: str, ident: str, allowed: list[str]) -> str:
    try:
        return find_id(session, kind, ident, allowed=allowed)
    except (NotFound, Ambiguous) as exc:
        raise InvalidInput.single(kind, str(exc), "لا يشير إلى سجل واحد موجود") from None


def _facet_counts(session: Session, sample: Sequence[Any]) -> dict[str, list[FacetValue]]:
    # each counted in one pass over the sample (a value first seen first among equal counts, as most_common keeps)
    counts: dict[str, Counter[str]] = {
        "kind": Counter(kind for kind, _values, _status, _level in sample),
        **{facet: Counter(chain.from_iterable(values.get(facet, ()) for _kind, values, _status, _level in sample))
           for facet in ("type", "actor", "place")},
        "status": Counter(status for _kind, _values, status, _level in sample if status),
        "confidentiality": Counter(level for _kind, _values, _status, level in sample),
    }
    labels = _labels(session, {facet: list(counts[facet]) for facet in LABELLED})
    out: dict[str, list[FacetValue]] = {}
    for facet, counter in counts.items():
        known = labels.get(facet, {})
        out[facet] = []
        for key, count in counter.most_common():
            value, english, arabic = known.get(key, (key, key, ""))
            out[facet].append(FacetValue(value, english, count, arabic))
    return out


LABELLED = {  # facet -> (indexed value, what a filter takes, English label, Arabic label): columns, not entities
    "type": (Concept.id, Concept.slug, Concept.label_en, Concept.label_ar),
    "actor": (Actor.id, func.coalesce(Actor.slug, Actor.id), Actor.name, Actor.name_ar),
    "place": (Place.id, Place.id, Place.name, Place.name_ar),
}


def _labels(session: Session, keys: dict[str, list[str]]) -> dict[str, dict[str, tuple[str, str, str]]]:
    """(filter value, English label, Arabic label) of these indexed values, by facet."""
    return {facet: {row[0]: (row[1], row[2], row[3] or "")
                    for row in session.execute(select(*LABELLED[facet]).where(LABELLED[facet][0].in_(wanted)))}
            for facet, wanted in keys.items() if wanted}


def active_filters(ws: Workspace, account: Principal, *, filters: Filters) -> list[tuple[str, FacetValue]]:
    """The filters as chosen, each (facet, value with its labels in both languages), in the order of the form:
    what a page shows above its results, each with a link that removes it. A value the account may not read, or
    that names nothing, is shown as written (the search itself refuses it). Counts are 0: not counted here."""
    allowed = readable_levels(account)
    out: list[tuple[str, FacetValue]] = []
    with ws.reading() as session:
        for facet, values in (("type", filters.types), ("actor", filters.actors), ("place", filters.places)):
            for value in values:
                try:
                    key = _concept(session, value) if facet == "type" else _record(session, facet, value, allowed)
                except InvalidInput:
                    out.append((facet, FacetValue(value, value, 0)))
                    continue
                _value, english, arabic = _labels(session, {facet: [key]})[facet].get(key, (value, value, ""))
                out.append((facet, FacetValue(value, english, 0, arabic)))
    out += [("status", FacetValue(v, v, 0)) for v in filters.statuses]
    out += [("confidentiality", FacetValue(v, v, 0)) for v in filters.confidentiality]
    return out
