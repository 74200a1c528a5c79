"""What the web shows of events: the event page (everything linked to one event) and the dashboard counts.

Both read only what the account's clearance allows (through services.access); each linked record is checked
on its own confidentiality, so an internal event may show its public acts and hide its restricted sources.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, or_, select, union_all
from sqlalchemy.orm import Session

from tawthiq.db.base import Base
from tawthiq.db.models import (
    Act,
    Actor,
    AuditHead,
    Concept,
    Event,
    EventLink,
    EvidenceItem,
    EvidenceLink,
    Information,
    Involvement,
    Person,
    Report,
    Source,
    Victim,
)
from tawthiq.domain.dates import period_key, period_rows
from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.policy import Action, clearance, readable_levels
from tawthiq.services.accounts.users import Account
from tawthiq.services.browse.search import Filters, search
from tawthiq.services.records import access
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.levels import readable_clause
from tawthiq.services.records.store import PROTECTED_MARK, jsonable
from tawthiq.services.workspace import Workspace

# The vocabularies of the links the event page adds: a perpetrator's degree, a victim's group, a source's connection,
# a relation between events.
LINK_VOCABULARIES = ("involvement-degrees", "victim-groups", "source-connections", "event-relations")
ACT_VOCABULARIES = ("violation-types", "methods")  # the add-an-act form's


@dataclass
class ActView:
    act: dict[str, Any]
    perpetrators: list[dict[str, Any]] = field(default_factory=list)  # involvement + actor or person name + degree
    victims: list[dict[str, Any]] = field(default_factory=list)  # victim + person name + harm
    editable: bool = False  # whether the reader may change the act, add to it or remove what it links
    deletable: bool = False


@dataclass(frozen=True, slots=True)
class Choice:
    """A concept as a form's list shows it: attributes, not a dict (a template reads five of each of a hundred on
    every event page, and an attribute is found at once where a dict key is looked for after an attribute)."""

    slug: str
    parent: str | None
    depth: int
    label_en: str
    label_ar: str


@dataclass
class EventPage:
    event: dict[str, Any]
    acts: list[ActView]
    sources: list[dict[str, Any]]  # information + source pseudonym, reliability, report title
    evidence: list[dict[str, Any]]
    labels: dict[str, tuple[str, str]]  # concept id -> (English, Arabic)
    editable: bool
    deletable: bool = False
    # event links both ways: the link + the other event's id and title, and "outgoing" (this event is the first)
    links: list[dict[str, Any]] = field(default_factory=list)
    # the lists of the page's forms by vocabulary, as ``vocabularies.list_concepts`` orders one: those of the
    # add-a-link forms (LINK_VOCABULARIES) for a reader who may change the event or one of its acts, and the
    # add-an-act form's (FORM_VOCABULARIES) for one who may change the event; none for others
    lists: dict[str, list[Choice]] = field(default_factory=dict)


# The event page's statements by (kind, condition, readable levels): each is built once, its values bound at each
# read (building a statement, with its clearance clause, takes longer than SQLite takes to answer it).
_STATEMENTS: dict[tuple[str, str, tuple[str, ...]], Any] = {}


def _visible(session: Session, account: Account, kind: str, name: str,
             condition: Callable[[], ColumnElement[bool]], *, order: Any = None, **values: Any) -> list[Any]:
    """The live rows of ``kind``'s table meeting ``condition`` (named ``name``; its bound parameters ``values``)
    whose effective level the account may read: plain rows of its columns, not ORM objects (an event page may read
    a thousand; each object costs several times more to build and leaves more for the garbage collector)."""
    levels = tuple(readable_levels(account))
    query = _STATEMENTS.get((kind, name, levels))
    if query is None:
        model = KINDS[kind].model
        query = select(*Base.metadata.tables[KINDS[kind].table].columns).where(
            condition(), model.deleted_at.is_(None), readable_clause(kind, list(levels)))
        query = _STATEMENTS[(kind, name, levels)] = query if order is None else query.order_by(order)
    return list(session.execute(query, values))


def _among(session: Session, account: Account, kind: str, column: Any, ids: Collection[str]) -> list[Any]:
    """:func:`_visible` for the rows whose ``column`` is one of ``ids``: none without a query when there are none
    (an event without sources or evidence asks nothing of their tables)."""
    return _visible(session, account, kind, f"{column.key} in", lambda: column.in_(_ids("page_ids")),
                    page_ids=list(ids)) if ids else []


def _ids(name: str) -> Any:
    """A bound list of ids (``IN``), given at each read."""
    return bindparam(name, expanding=True)


# the labels shown and the forms' lists, in one statement
_CONCEPTS = (select(Concept.vocabulary, Concept.id, Concept.slug, Concept.parent_id, Concept.label_en, Concept.label_ar,
                    Concept.deleted_at)
             .where(or_(Concept.id.in_(_ids("page_concepts")), Concept.vocabulary.in_(_ids("page_forms"))))
             .order_by(Concept.slug))


def _as_dict(kind: str, row: Any, **more: Any) -> dict[str, Any]:
    """The row as the record's JSON-safe values (``store.row_dict``), protected fields hidden, and ``more``: one dict
    per linked record, built once."""
    spec = KINDS[kind]
    shown = dict(zip(row._fields, map(jsonable, row), strict=True))  # a row of the table's columns (``_visible``)
    for key in spec.protected:
        if shown.get(key):
            shown[key] = PROTECTED_MARK
    shown.update(more)
    return shown


def event_page(ws: Workspace, account: Account, *, ident: str) -> EventPage:
    """The event with its acts, perpetrators, victims, sources (with reliability) and evidence.

    Raises NotFound when the event does not exist or is above the account's clearance.
    """
    event = access.read_record(ws, account, kind="event", ident=ident)
    with ws.reading() as session:
        acts = _visible(session, account, "act", "of the event", lambda: Act.event_id == bindparam("page_event"),
                        order=Act.created_at, page_event=event["id"])
        act_ids = [a.id for a in acts]
        involvements = _among(session, account, "involvement", Involvement.act_id, act_ids)
        victims = _among(session, account, "victim", Victim.act_id, act_ids)
        actors = {a.id: a for a in _among(session, account, "actor", Actor.id,
                                          {i.actor_id for i in involvements if i.actor_id})}
        persons = {p.id: p for p in _among(session, account, "person", Person.id, {
            i.person_id for i in involvements if i.person_id} | {v.person_id for v in victims})}
        information = _visible(session, account, "information", "on the event or its acts", lambda: or_(
            Information.event_id == bindparam("page_event"), Information.act_id.in_(_ids("page_acts"))),
                               order=Information.created_at, page_event=event["id"], page_acts=act_ids)
        sources = {s.id: s for s in _among(session, account, "source", Source.id,
                                           {i.source_id for i in information if i.source_id})}
        reports = {r.id: r for r in _among(session, account, "report", Report.id,
                                           {i.report_id for i in information if i.report_id})}
        related = _visible(session, account, "event_link", "either way", lambda: or_(
            EventLink.from_event_id == bindparam("page_event"), EventLink.to_event_id == bindparam("page_event")),
                           order=EventLink.created_at, page_event=event["id"])
        others = {e.id: e for e in _among(session, account, "event", Event.id, [
            x.to_event_id if x.from_event_id == event["id"] else x.from_event_id for x in related])}
        links = _visible(session, account, "evidence_link", "to the event or its acts", lambda: or_(
            EvidenceLink.event_id == bindparam("page_event"), EvidenceLink.act_id.in_(_ids("page_acts"))),
                         page_event=event["id"], page_acts=act_ids)
        items = _among(session, account, "evidence", EvidenceItem.id, [x.evidence_id for x in links])
        concept_ids = {a.type_id for a in acts} | {a.method_id for a in acts if a.method_id} | {
            i.degree_id for i in involvements} | {v.harm_id for v in victims if v.harm_id} | {
            s.reliability_id for s in sources.values() if s.reliability_id} | {
            i.connection_id for i in information if i.connection_id} | {x.relation_id for x in related}
        checks = _Permissions(account)
        by_act: dict[str, ActView] = {}
        for act in acts:
            shown = _as_dict("act", act)
            by_act[act.id] = ActView(shown, editable=checks.may(Action.EDIT, shown),
                                     deletable=checks.may(Action.DELETE, shown))
        editable = checks.may(Action.EDIT, event)
        forms = (*(LINK_VOCABULARIES if editable or any(v.editable for v in by_act.values()) else ()),
                 *(ACT_VOCABULARIES if editable else ()))
        concepts = session.execute(_CONCEPTS, {"page_concepts": list(concept_ids), "page_forms": list(forms)}).all()
    labels = {c.id: (c.label_en, c.label_ar) for c in concepts if c.id in concept_ids}
    lists = _cached_lists([c for c in concepts if c.vocabulary in forms and c.deleted_at is None], forms)
    for inv in involvements:  # grouped in one pass: an event with hundreds of acts stays linear
        who = actors.get(inv.actor_id or "") or persons.get(inv.person_id or "")
        if who is not None:  # an actor or person above the clearance is left out with its involvement
            by_act[inv.act_id].perpetrators.append(_removable(checks, _as_dict(
                "involvement", inv, name=who.name, name_ar=who.name_ar,
                actor_kind="actor" if inv.actor_id else "person")))
    for victim in victims:
        person = persons.get(victim.person_id)
        if person is not None:
            by_act[victim.act_id].victims.append(_removable(checks, _as_dict(
                "victim", victim, name=person.name, name_ar=person.name_ar)))
    views = list(by_act.values())
    shown_sources = []
    for info in information:
        source = sources.get(info.source_id or "")
        report = reports.get(info.report_id or "")
        if source is None and report is None:
            continue  # its origin is above the clearance: showing the link alone would hint at it
        shown_sources.append(_removable(checks, _as_dict(
            "information", info, pseudonym=source.pseudonym if source else None,
            reliability_id=source.reliability_id if source else None,
            report_title=report.title if report else None)))
    shown_links = []
    for link in related:
        outgoing = link.from_event_id == event["id"]
        other = others.get(link.to_event_id if outgoing else link.from_event_id)
        if other is not None:  # the other event above the clearance: the link is not shown either
            shown_links.append(_removable(checks, _as_dict("event_link", link, outgoing=outgoing,
                                                            other_id=other.id, other_title=other.title)))
    # each item with its attachment to this event (or else to one of its acts): what its "remove" detaches
    attached: dict[str, dict[str, Any]] = {}
    for attachment in sorted(links, key=lambda x: x.event_id is None):
        attached.setdefault(attachment.evidence_id, _removable(checks, _as_dict("evidence_link", attachment)))
    evidence = [_as_dict("evidence", i, link_id=attached[i.id]["id"], removable=attached[i.id]["removable"])
                for i in items]
    return EventPage(event, views, shown_sources, evidence, labels, editable, checks.may(Action.DELETE, event),
                     shown_links, lists)


class _Permissions:
    """``access.may`` for one reader, each answer kept by all that the policy reads of a record (its levels and its
    author): an event page asks the same few questions of hundreds of acts and links."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.known: dict[tuple[Action, Any, Any, Any], bool] = {}

    def may(self, action: Action, record: dict[str, Any]) -> bool:
        key = (action, record.get("effective_level"), record.get("confidentiality"), record.get("created_by"))
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = access.may(self.account, action, record)
        return found


def _removable(checks: _Permissions, link: dict[str, Any]) -> dict[str, Any]:
    """A link record (involvement, victim, information, event or evidence link) with whether the reader may remove it:
    removing is a soft deletion of the link, so the policy's delete rule decides."""
    link["removable"] = checks.may(Action.DELETE, link)
    return link


@dataclass
class Dashboard:
    events: int
    by_type: list[tuple[str, str, int]]  # (English label, Arabic label, count)
    by_perpetrator: list[tuple[str, str, int]]
    # (period, count), oldest first: "2015-07" within one month, "2015" within one year but not one month (a date
    # known only to the year is never counted in January), "2014/2016" over several years (domain.dates.period_key)
    by_month: list[tuple[str, int]]
    undated: int = 0  # events whose date is unknown
    # what the event list filters by to show each row of by_type and by_perpetrator, in their order: "type" the
    # violation type's concept id, "actor" the actor's id
    keys: dict[str, list[str]] = field(default_factory=dict)


class DashboardCache:
    """Dashboards by clearance, kept until the next write: the audit head moves with every write, so it is the key.

    The counts take about 60 ms at 100,000 events on SQLite; most page views come between writes and take none.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[str, int], Dashboard] = {}
        self._lock = threading.Lock()

    def get(self, ws: Workspace, account: Account) -> Dashboard:
        with ws.reading() as session:
            head = session.scalar(select(AuditHead.seq).where(AuditHead.id == 1)) or 0
        key = (clearance(account).value, head)
        with self._lock:
            found = self._kept.get(key)
        if found is None:
            found = dashboard(ws, account)
            with self._lock:
                self._kept = {k: v for k, v in self._kept.items() if k[1] == head}  # older heads are stale
                self._kept[key] = found
        return found


# A range the index answers: `deleted_at IS NOT NULL` makes SQLite scan the table instead.
DELETED = datetime(1970, 1, 1, tzinfo=UTC)
HIDDEN_AS_LIST = 1_000  # up to this many hidden parents are sent as a list, more as a subquery


def dashboard(ws: Workspace, account: Account, *, top: int = 12) -> Dashboard:
    """Counts of the events, acts and perpetrators the account may read.

    Each count reads one covering index in order (migration 0007: live rows, then the grouped column, then
    the confidentiality), never the table. Parents that are deleted or above the clearance are looked up first,
    through the same indexes, and the few there usually are excluded by list; the confidentiality is tested
    only when the clearance leaves a level out. About 60 ms at 100,000 events on SQLite (0.6 s before).
    """
    allowed = readable_levels(account)
    above = [c.value for c in Confidentiality if c.value not in allowed]
    with ws.reading() as session:
        hidden_events = _hidden(session, Event, above)
        hidden_acts = _hidden(session, Act, above,
                              Act.event_id.in_(hidden_events) if hidden_events is not None else None)
        by_date = session.execute(
            select(Event.start_date, Event.end_date, func.count())
            .where(Event.deleted_at.is_(None), *_within(Event, above, allowed))
            .group_by(Event.start_date, Event.end_date)).all()
        by_type = session.execute(
            select(Act.type_id, func.count())
            .where(Act.deleted_at.is_(None), *_within(Act, above, allowed), *_outside(Act.event_id, hidden_events))
            .group_by(Act.type_id)).all()
        by_type = sorted(by_type, key=lambda row: -row[1])[:top]
        type_labels = {c.id: (c.label_en, c.label_ar) for c in session.scalars(
            select(Concept).where(Concept.id.in_([t for t, _n in by_type])))}
        by_actor = session.execute(
            select(Involvement.actor_id, func.count(func.distinct(Involvement.act_id)))
            .where(Involvement.deleted_at.is_(None), Involvement.actor_id.is_not(None),
                   *_within(Involvement, above, allowed), *_outside(Involvement.act_id, hidden_acts))
            .group_by(Involvement.actor_id)).all()
        by_actor = sorted(by_actor, key=lambda row: -row[1])
        actors = {a.id: (a.name, a.name_ar) for a in session.scalars(
            select(Actor).where(Actor.id.in_([a for a, _n in by_actor]), Actor.confidentiality.in_(allowed),
                                Actor.deleted_at.is_(None)))}
    periods: dict[str, int] = {}
    for start, end, count in by_date:  # folded here: grouping by a computed period would sort every row in SQL
        key = period_key(start, end)
        periods[key] = periods.get(key, 0) + count
    return Dashboard(sum(n for _s, _e, n in by_date),
                     [(*_labels(type_labels.get(t), t), n) for t, n in by_type],
                     [(*_labels(actors.get(str(a)), str(a)), n) for a, n in by_actor if str(a) in actors][:top],
                     period_rows(periods, fill=False), periods.get("", 0),
                     {"type": [str(t) for t, _n in by_type],
                      "actor": [str(a) for a, _n in by_actor if str(a) in actors][:top]})


Hidden = list[str] | Select[Any] | None  # None: nothing hidden


def _hidden(session: Session, model: Any, above: list[str], *more: ColumnElement[bool] | None) -> Hidden:
    """The ids of ``model`` rows that are deleted, above the clearance, or match ``more``: a list when few."""
    parts = [select(model.id).where(model.deleted_at > DELETED)]
    if above:
        parts.append(select(model.id).where(model.deleted_at.is_(None), model.confidentiality.in_(above)))
    parts += [select(model.id).where(condition) for condition in more if condition is not None]
    query = union_all(*parts)
    found = list(session.scalars(select(query.subquery().c.id).limit(HIDDEN_AS_LIST + 1)))
    if not found:
        return None
    return found if len(found) <= HIDDEN_AS_LIST else select(query.subquery().c.id)


def _within(model: Any, above: list[str], allowed: list[str]) -> list[ColumnElement[bool]]:
    return [model.confidentiality.in_(allowed)] if above else []


def _outside(column: Any, hidden: Hidden) -> list[ColumnElement[bool]]:
    return [] if hidden is None else [column.not_in(hidden)]


def _labels(found: tuple[str, str | None] | None, fallback: str) -> tuple[str, str]:
    english, arabic = found or (fallback, None)
    return english, arabic or english


TIMELINE_SAMPLE = 1_000


@dataclass
class Timeline:
    total: int  # every match
    counted: int  # the best matches the months are counted over (at most TIMELINE_SAMPLE)
    # (period, n) as the dashboard's by_month, oldest first; months without events in between are included
    months: list[tuple[str, int]]
    undated: int = 0  # matches whose date is unknown


def timeline(ws: Workspace, account: Account, *, query: str, filters: Filters) -> Timeline:
    """Events matching the query and filters, counted by period within the account's clearance: in their month when
    their dates lie within one month, else in a row of their own year (or years), never on their first day."""
    result = search(ws, account, query=query, filters=Filters(**{**vars(filters), "kinds": ["event"]}),
                    limit=TIMELINE_SAMPLE, precision=False)
    counts: dict[str, int] = {}
    for hit in result.hits:
        key = period_key(hit.start_date, hit.end_date)
        counts[key] = counts.get(key, 0) + 1
    return Timeline(result.total, len(result.hits), period_rows(counts, fill=True), counts.get("", 0))


# The forms' lists by the concept rows they are made from (every column read): vocabularies change seldom, and
# ordering a hundred concepts into their tree on every event page costs more than reading them.
_LISTS: dict[tuple[Any, ...], dict[str, list[Choice]]] = {}
MAX_LISTS = 32  # sets of lists kept (a few: one per combination of forms, and of vocabulary versions)


def _cached_lists(rows: list[Any], names: tuple[str, ...]) -> dict[str, list[Choice]]:
    """:func:`_lists`, kept for the same rows (the key holds all their values, so any change of a concept is a new
    key); each call gets lists of its own (of the same immutable choices)."""
    key = (names, tuple(rows))
    found = _LISTS.get(key)
    if found is None:
        if len(_LISTS) >= MAX_LISTS:
            _LISTS.clear()
        found = _LISTS[key] = _lists(rows, names)
    return {name: list(choices) for name, choices in found.items()}


def _lists(rows: list[Any], names: tuple[str, ...]) -> dict[str, list[Choice]]:
    """The live concepts ``rows`` (by slug) of each vocabulary named, in the order ``vocabularies.list_concepts``
    lists one (parents before children), each with what a form's list shows (slug, parent, depth, labels)."""
    children: dict[tuple[str, str | None], list[Any]] = {}
    for row in rows:
        children.setdefault((row.vocabulary, row.parent_id), []).append(row)
    out: dict[str, list[Choice]] = {name: [] for name in names}

    def walk(name: str, parent: str | None, depth: int) -> None:
        for c in children.get((name, parent), []):
            out[name].append(Choice(c.slug, c.parent_id.split(":", 1)[1] if c.parent_id else None, depth, c.label_en,
                                    c.label_ar))
            walk(name, c.id, depth + 1)

    for name in names:
        walk(name, None, 0)
    return out
