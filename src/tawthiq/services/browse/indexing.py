"""Keeping the search index in step: each queued record's document is rebuilt from the records, in bulk.

A document's body is the normalised tokens of everything a searcher might type for the record, in both
scripts: its own text, its place and the enclosing areas, the violation types' labels, the actors' names and
aliases. Facets (type, actor, place, status) are tokens too, with every ancestor in their hierarchy, so that
"killing" finds extrajudicial executions and "Deir ez-Zor governorate" finds Albu Kamal. So are the kind, the
confidentiality and the status: the full-text match alone then applies a viewer's clearance and those filters.

A document holds nothing above its own level. Its level is the record's effective level (an act's is at least
its event's); an event's document takes the words and facets of its acts, perpetrators and place only where
those are at or below the event's level, and so on for every record a document draws on. A reader who may
read the document may therefore read every word and facet value in it. When a record changes, the documents
that draw on it are rebuilt too (an event's acts, the acts and events of an actor, the events at a place).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from tawthiq.db.models import Act, Actor, Concept, Event, Involvement, Person, Place, Report, Victim
from tawthiq.db.search import PlaceName, SearchDocument, SearchQueue
from tawthiq.search.backend import FullText
from tawthiq.search.tokens import facet_tokens, without_area_words
from tawthiq.services.records.levels import LEVELS, highest
from tawthiq.text import match_key, tokens

BATCH = 1000
SUMMARY = 300
TOP = LEVELS[-1]


def within(level: str, ceiling: str) -> bool:
    """Whether something of ``level`` may appear in a document of level ``ceiling``."""
    return LEVELS.index(level) <= LEVELS.index(ceiling)


@dataclass
class Lookups:
    """Small reference tables, loaded once per indexing run: concepts, actors and places with their parents."""

    concepts: dict[str, Concept]
    actors: dict[str, Actor]
    places: dict[str, Place]

    @classmethod
    def load(cls, session: Session) -> Lookups:
        return cls(
            {c.id: c for c in session.execute(select(Concept)).scalars()},
            {a.id: a for a in session.execute(select(Actor)).scalars()},
            {p.id: p for p in session.execute(select(Place)).scalars()},
        )

    def lineage(self, table: dict[str, Any], ident: str | None, level: str = TOP) -> list[Any]:
        """The record and its ancestors, nearest first (cycles cut), those of a level above ``level`` left out."""
        out: list[Any] = []
        seen: set[str] = set()
        while ident and ident in table and ident not in seen:
            seen.add(ident)
            if within(table[ident].confidentiality, level):
                out.append(table[ident])
            ident = table[ident].parent_id
        return out

    def concept_words(self, ident: str | None) -> list[str]:
        return [w for c in self.lineage(self.concepts, ident)
                for w in (c.slug.replace("-", " "), c.label_en, c.label_ar)]

    def actor_words(self, ident: str | None, level: str = TOP) -> list[str]:
        actor = self.actors.get(ident or "")
        return ([actor.name, actor.name_ar or "", *actor.aliases] if actor and within(actor.confidentiality, level)
                else [])

    def place_words(self, ident: str | None, level: str = TOP) -> list[str]:
        return [w for p in self.lineage(self.places, ident, level) for w in (p.name, p.name_ar or "", *p.alt_names)]


Content = tuple[list[str | None], dict[str, set[str]]]  # the words and facet values a document holds


class Builder:
    """Builds the documents of records. A record has one document per distinct view of it: for each clearance from
    the record's effective level up, the words and facets of what that clearance may read. Most records look the
    same to every clearance that may read them and have one document; an internal event with a restricted act has
    two (internal, and restricted with the act's words). Each document says which clearances it serves."""

    def __init__(self, session: Session, lookups: Lookups) -> None:
        self.session = session
        self.look = lookups

    def documents(self, kind: str, record: Any, content: Callable[[str], Content], title: str, summary: str = "",
                  start: Any = None, end: Any = None, status: str | None = None, level: str | None = None
                  ) -> list[dict[str, Any]]:
        """The documents of one record of effective ``level`` (its own level by default): ``content(ceiling)`` gives
        what a reader of clearance ``ceiling`` may find the record by."""
        level = level or record.confidentiality
        out: list[dict[str, Any]] = []
        for ceiling in LEVELS[LEVELS.index(level):]:
            words, facets = content(ceiling)
            facets = {k: v for k, v in facets.items() if v}
            body = " ".join(tokens(" ".join(w for w in words if w)))
            if out and out[-1]["body"] == body and out[-1]["facet_values"] == {k: sorted(v) for k, v in facets.items()}:
                out[-1]["serves_to"] = LEVELS.index(ceiling)
                continue
            out.append({
                "kind": kind, "record_id": record.id, "confidentiality": level, "status": status,
                "start_date": start, "end_date": end, "title": title[:500], "summary": (summary or "")[:SUMMARY],
                "body": body, "facet_values": {k: sorted(v) for k, v in facets.items()},
                "serves_from": LEVELS.index(ceiling), "serves_to": LEVELS.index(ceiling), "_facets": facets,
            })
        for document in out:
            served = set(LEVELS[document["serves_from"]:document["serves_to"] + 1])
            document["facets"] = facet_tokens(document.pop("_facets"), kind, level, status, start, end, served)
        return out

    def types(self, concept_id: str | None) -> set[str]:
        return {c.id for c in self.look.lineage(self.look.concepts, concept_id)}

    def actors(self, actor_id: str | None, level: str = TOP) -> set[str]:
        return {a.id for a in self.look.lineage(self.look.actors, actor_id, level)}

    def places(self, place_id: str | None, level: str = TOP) -> set[str]:
        return {p.id for p in self.look.lineage(self.look.places, place_id, level)}

    def acts_of(self, event_ids: list[str]) -> dict[str, list[Act]]:
        acts: dict[str, list[Act]] = {}
        query = select(Act).where(Act.event_id.in_(event_ids), Act.deleted_at.is_(None))
        for act in self.session.execute(query).scalars():
            acts.setdefault(act.event_id, []).append(act)
        return acts

    def involvements_of(self, act_ids: list[str]) -> dict[str, list[Involvement]]:
        out: dict[str, list[Involvement]] = {}
        query = select(Involvement).where(Involvement.act_id.in_(act_ids), Involvement.deleted_at.is_(None))
        for inv in self.session.execute(query).scalars():
            out.setdefault(inv.act_id, []).append(inv)
        return out

    def act_parts(self, act: Act, involvements: list[Involvement], ceiling: str) -> Content:
        """The words and facets of an act for a reader of clearance ``ceiling``: its perpetrators within it."""
        words: list[str | None] = [act.description, act.victim_description, *self.look.concept_words(act.type_id),
                                   *self.look.concept_words(act.method_id)]
        facets: dict[str, set[str]] = {"type": self.types(act.type_id), "actor": set()}
        for inv in involvements:
            if within(inv.confidentiality, ceiling):
                words += self.look.actor_words(inv.actor_id, ceiling)
                facets["actor"] |= self.actors(inv.actor_id, ceiling)
        return words, facets

    def events(self, ids: list[str]) -> Iterator[dict[str, Any]]:
        rows = self.session.execute(select(Event).where(Event.id.in_(ids), Event.deleted_at.is_(None))).scalars().all()
        acts = self.acts_of([e.id for e in rows])
        involvements = self.involvements_of([a.id for group in acts.values() for a in group])
        for e in rows:
            def content(ceiling: str, e: Event = e) -> Content:
                words: list[str | None] = [e.title, e.description, e.place_text,
                                           *self.look.place_words(e.place_id, ceiling)]
                facets: dict[str, set[str]] = {"place": self.places(e.place_id, ceiling), "status": {e.status},
                                               "type": set(), "actor": set()}
                for act in acts.get(e.id, []):
                    if within(act.confidentiality, ceiling):  # a restricted act's words find its event only for those
                        act_words, act_facets = self.act_parts(act, involvements.get(act.id, []), ceiling)
                        words += act_words
                        facets["type"] |= act_facets["type"]
                        facets["actor"] |= act_facets["actor"]
                return words, facets
            yield from self.documents("event", e, content, e.title, e.description, e.start_date, e.end_date, e.status)

    def acts(self, ids: list[str]) -> Iterator[dict[str, Any]]:
        rows = self.session.execute(select(Act, Event).join(Event, Event.id == Act.event_id)
                                    .where(Act.id.in_(ids), Act.deleted_at.is_(None))).all()
        involvements = self.involvements_of([a.id for a, _ in rows])
        for act, event in rows:
            def content(ceiling: str, act: Act = act, event: Event = event) -> Content:
                words, facets = self.act_parts(act, involvements.get(act.id, []), ceiling)
                words += [event.title, event.place_text, *self.look.place_words(event.place_id, ceiling)]
                facets["place"] = self.places(event.place_id, ceiling)
                return words, facets
            level = highest([act.confidentiality, event.confidentiality])  # an act is at least as closed as its event
            label = self.look.concepts[act.type_id].label_en if act.type_id in self.look.concepts else act.type_id
            yield from self.documents("act", act, content, f"{label}: {event.title}", act.description,
                                      act.start_date or event.start_date, act.end_date or event.end_date, event.status,
                                      level)

    def reports(self, ids: list[str]) -> Iterator[dict[str, Any]]:
        for r in self.session.execute(select(Report).where(Report.id.in_(ids), Report.deleted_at.is_(None))).scalars():
            yield from self.documents("report", r, partial(self._report, r), r.title, r.text, r.published_on,
                                      r.published_on)

    def _report(self, r: Report, _ceiling: str) -> Content:
        return [r.title, r.text], {}

    def persons(self, ids: list[str]) -> Iterator[dict[str, Any]]:
        # protected_notes stay out of the index: search results carry no protected field.
        for p in self.session.execute(select(Person).where(Person.id.in_(ids), Person.deleted_at.is_(None))).scalars():
            yield from self.documents("person", p, partial(self._person, p), p.name, p.role_title or "")

    def _person(self, p: Person, ceiling: str) -> Content:
        return ([p.name, p.name_ar, *p.other_names, p.role_title, p.description],
                {"actor": self.actors(p.affiliation_id, ceiling)})

    def actor_docs(self, ids: list[str]) -> Iterator[dict[str, Any]]:
        for ident in ids:
            a = self.look.actors.get(ident)
            if a is not None and a.deleted_at is None:
                yield from self.documents("actor", a, partial(self._actor, a), a.name, a.description)

    def _actor(self, a: Actor, ceiling: str) -> Content:
        words: list[str | None] = [*self.look.actor_words(a.id, ceiling), a.description,
                                   *self.look.concept_words(a.kind_id)]
        return words, {"actor": self.actors(a.id, ceiling)}

    def place_docs(self, ids: list[str]) -> Iterator[dict[str, Any]]:
        for ident in ids:
            p = self.look.places.get(ident)
            if p is not None and p.deleted_at is None:
                yield from self.documents("place", p, partial(self._place, p), p.name, p.feature)

    def _place(self, p: Place, ceiling: str) -> Content:
        return list(self.look.place_words(p.id, ceiling)), {"place": self.places(p.id, ceiling)}


def _affected(session: Session, queued: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Which documents the queued writes change: an involvement changes its act and that act's event…"""
    out: dict[str, set[str]] = {k: set() for k in ("event", "act", "report", "person", "actor", "place")}
    by_kind: dict[str, set[str]] = {}
    for kind, ident in queued:
        by_kind.setdefault(kind, set()).add(ident)
    acts = set(by_kind.get("act", set()))
    for kind, model in (("involvement", Involvement), ("victim", Victim)):
        ids = list(by_kind.get(kind, set()))
        for start in range(0, len(ids), BATCH):
            acts |= set(session.execute(select(model.act_id).where(model.id.in_(ids[start:start + BATCH]))).scalars())
    events = set(by_kind.get("event", set()))
    places = list(by_kind.get("place", set()))
    for start in range(0, len(places), BATCH):  # a place's names and level are in its events' documents
        events |= set(session.scalars(select(Event.id).where(Event.place_id.in_(places[start:start + BATCH]))))
    actors = list(by_kind.get("actor", set()))
    for start in range(0, len(actors), BATCH):  # an actor's names are in its acts' and members' documents
        chunk = actors[start:start + BATCH]
        acts |= set(session.scalars(select(Involvement.act_id).where(Involvement.actor_id.in_(chunk))))
        by_kind.setdefault("person", set()).update(
            session.scalars(select(Person.id).where(Person.affiliation_id.in_(chunk)))
        )
    event_ids = list(events)
    for start in range(0, len(event_ids), BATCH):  # an event's title and level are in its acts' documents
        acts |= set(session.scalars(select(Act.id).where(Act.event_id.in_(event_ids[start:start + BATCH]))))
    out["act"] = acts
    out["event"] = events
    act_ids = list(acts)
    for start in range(0, len(act_ids), BATCH):
        out["event"] |= set(
            session.execute(select(Act.event_id).where(Act.id.in_(act_ids[start:start + BATCH]))).scalars())
    for kind in ("report", "person", "actor", "place"):
        out[kind] = set(by_kind.get(kind, set()))
    return out


def catch_up(session: Session, backend: FullText) -> int:
    """Rebuild the documents of every queued record, then empty the queue. Returns how many documents were written.

    Runs inside the caller's transaction (search calls it first, so results are never stale).
    """
    queued = session.execute(
        select(SearchQueue.id, SearchQueue.kind, SearchQueue.record_id).order_by(SearchQueue.id)
    ).all()
    if not queued:
        return 0
    builder = Builder(session, Lookups.load(session))
    affected = _affected(session, [(k, r) for _i, k, r in queued])
    builders = {"event": builder.events, "act": builder.acts, "report": builder.reports, "person": builder.persons,
                "actor": builder.actor_docs, "place": builder.place_docs}
    written = 0
    # documents get ids in the order of the writes (a record written again moves up): "most recent first" is id order
    position = {(k, r): i for i, k, r in queued}
    for kind, ids in affected.items():
        def written_order(record_id: str, kind: str = kind) -> tuple[int, str]:
            return position.get((kind, record_id), 0), record_id
        ordered = sorted(ids, key=written_order)
        for start in range(0, len(ordered), BATCH):
            chunk = ordered[start:start + BATCH]
            old = list(session.execute(select(SearchDocument.id).where(SearchDocument.kind == kind,
                                                                       SearchDocument.record_id.in_(chunk))).scalars())
            backend.forget(session, old)
            session.execute(delete(SearchDocument).where(SearchDocument.id.in_(old)))
            documents = sorted(builders[kind](chunk), key=lambda d: written_order(d["record_id"]))
            if documents:
                session.execute(insert(SearchDocument), documents)
                stored = session.execute(
                    select(SearchDocument.id, SearchDocument.body, SearchDocument.facets)
                    .where(SearchDocument.kind == kind,
                           SearchDocument.record_id.in_([d["record_id"] for d in documents]))
                ).all()
                backend.store(session, [(i, b, f) for i, b, f in stored])
            written += len(documents)
    _refresh_place_names(session, builder.look, sorted(affected["place"]))
    session.execute(delete(SearchQueue).where(SearchQueue.id <= queued[-1][0]))
    return written


def _refresh_place_names(session: Session, lookups: Lookups, place_ids: list[str]) -> None:
    """Re-key every name of these places; deleted places lose their names (they are no longer offered)."""
    for start in range(0, len(place_ids), BATCH):
        chunk = place_ids[start:start + BATCH]
        session.execute(delete(PlaceName).where(PlaceName.place_id.in_(chunk)))
        rows = []
        for ident in chunk:
            place = lookups.places.get(ident)
            if place is None or place.deleted_at is not None:
                continue
            names = [place.name, place.name_ar or "", *place.alt_names]
            # "محافظة دير الزور" is also found as "دير الزور": index each name without its generic area words too
            for name in dict.fromkeys([*names, *(without_area_words(n) for n in names)]):
                key = match_key(name)
                if key:
                    rows.append({"place_id": ident, "name": name[:300], "key": key[:300]})
        if rows:
            session.execute(insert(PlaceName), rows)
