"""What the web shows of events: the event page (everything linked to one event) and the dashboard counts.

Both read only what the account's clearance allows (through services.access); each linked record is checked
on its own confidentiality, so an internal event may show its public acts and hide its restricted sources.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select, union_all
from sqlalchemy.orm import Session

from tawthiq.db.models import (
    Act,
    Actor,
    AuditHead,
    Concept,
    Event,
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
from tawthiq.services.records.store import hide_protected, row_dict
from tawthiq.services.workspace import Workspace


@dataclass
class ActView:
    act: dict[str, Any]
    perpetrators: list[dict[str, Any]] = field(default_factory=list)  # involvement + actor or person name + degree
    victims: list[dict[str, Any]] = field(default_factory=list)  # victim + person name + harm


@dataclass
class EventPage:
    event: dict[str, Any]
    acts: list[ActView]
    sources: list[dict[str, Any]]  # information + source pseudonym, reliability, report title
    evidence: list[dict[str, Any]]
    labels: dict[str, tuple[str, str]]  # concept id -> (English, Arabic)
    editable: bool


def _visible(session: Session, account: Account, kind: str, query: Select[Any]) -> list[Any]:
    """The live rows of ``query`` (on ``kind``'s table) whose effective level the account may read."""
    model = KINDS[kind].model
    return list(session.scalars(query.where(model.deleted_at.is_(None),
                                            readable_clause(kind, readable_levels(account)))))


def _as_dict(kind: str, row: Any) -> dict[str, Any]:
    return hide_protected(KINDS[kind], row_dict(KINDS[kind], row))


def event_page(ws: Workspace, account: Account, *, ident: str) -> EventPage:
    """The event with its acts, perpetrators, victims, sources (with reliability) and evidence.

    Raises NotFound when the event does not exist or is above the account's clearance.
    """
    event = access.read_record(ws, account, kind="event", ident=ident)
    with ws.reading() as session:
        acts = _visible(session, account, "act",
                        select(Act).where(Act.event_id == event["id"]).order_by(Act.created_at))
        act_ids = [a.id for a in acts]
        involvements = _visible(session, account, "involvement",
                                select(Involvement).where(Involvement.act_id.in_(act_ids)))
        victims = _visible(session, account, "victim", select(Victim).where(Victim.act_id.in_(act_ids)))
        actors = {a.id: a for a in _visible(session, account, "actor", select(Actor).where(
            Actor.id.in_([i.actor_id for i in involvements if i.actor_id])))}
        persons = {p.id: p for p in _visible(session, account, "person", select(Person).where(
            Person.id.in_([i.person_id for i in involvements if i.person_id] + [v.person_id for v in victims])))}
        information = _visible(session, account, "information", select(Information).where(
            or_(Information.event_id == event["id"], Information.act_id.in_(act_ids))).order_by(Information.created_at))
        sources = {s.id: s for s in _visible(session, account, "source", select(Source).where(
            Source.id.in_([i.source_id for i in information if i.source_id])))}
        reports = {r.id: r for r in _visible(session, account, "report", select(Report).where(
            Report.id.in_([i.report_id for i in information if i.report_id])))}
        links = _visible(session, account, "evidence_link", select(EvidenceLink).where(
            or_(EvidenceLink.event_id == event["id"], EvidenceLink.act_id.in_(act_ids))))
        items = _visible(session, account, "evidence",
                         select(EvidenceItem).where(EvidenceItem.id.in_([x.evidence_id for x in links])))
        concept_ids = {a.type_id for a in acts} | {a.method_id for a in acts if a.method_id} | {
            i.degree_id for i in involvements} | {v.harm_id for v in victims if v.harm_id} | {
            s.reliability_id for s in sources.values() if s.reliability_id} | {
            i.connection_id for i in information if i.connection_id}
        labels = {c.id: (c.label_en, c.label_ar)
                  for c in session.scalars(select(Concept).where(Concept.id.in_(concept_ids)))}
    by_act: dict[str, ActView] = {act.id: ActView(_as_dict("act", act)) for act in acts}
    for inv in involvements:  # grouped in one pass: an event with hundreds of acts stays linear
        who = actors.get(inv.actor_id or "") or persons.get(inv.person_id or "")
        if who is not None:  # an actor or person above the clearance is left out with its involvement
            by_act[inv.act_id].perpetrators.append({**_as_dict("involvement", inv), "name": who.name,
                                                    "name_ar": who.name_ar,
                                                    "actor_kind": "actor" if inv.actor_id else "person"})
    for victim in victims:
        person = persons.get(victim.person_id)
        if person is not None:
            by_act[victim.act_id].victims.append({**_as_dict("victim", victim), "name": person.name,
                                                  "name_ar": person.name_ar})
    views = list(by_act.values())
    shown_sources = []
    for info in information:
        source = sources.get(info.source_id or "")
        report = reports.get(info.report_id or "")
        if source is None and report is None:
            continue  # its origin is above the clearance: showing the link alone would hint at it
        shown_sources.append({**_as_dict("information", info),
                              "pseudonym": source.pseudonym if source else None,
                              "reliability_id": source.reliability_id if source else None,
                              "report_title": report.title if report else None})
    return EventPage(event, views, shown_sources, [_as_dict("evidence", i) for i in items], labels,
                     access.may(account, Action.EDIT, event))


@dataclass
class Dashboard:
    events: int
    by_type: list[tuple[str, str, int]]  # (English label, Arabic label, count)
    by_perpetrator: list[tuple[str, str, int]]
    # (period, count), oldest first: "2015-07" within one month, "2015" within one year but not one month (a date
    # known only to the year is never counted in January), "2014/2016" over several years (domain.dates.period_key)
    by_month: list[tuple[str, int]]
    undated: int = 0  # events whose date is unknown


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
                     period_rows(periods, fill=False), periods.get("", 0))


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
                           limit=TIMELINE_SAMPLE)
    counts: dict[str, int] = {}
    for hit in result.hits:
        key = period_key(hit.start_date, hit.end_date)
        counts[key] = counts.get(key, 0) + 1
    return Timeline(result.total, len(result.hits), period_rows(counts, fill=True), counts.get("", 0))
