"""The redacted collection a publication is made from: :func:`collect` reads what a profile admits, and only that.

Only records whose *effective* confidentiality is public are read (an act of an internal event is not public, an
internal act of a public event is held back), live ones only, and events whose status reaches the profile's
minimum. Each field the profile does not list is left out; places and dates are coarsened
(:mod:`tawthiq.services.publishing.redaction`); sources appear by pseudonym only, and only with consent to
publish; victims by sex and age group (named only when the profile says so); perpetrators are the public actors an
act's involvements name as having done it. Grades and figures are computed from public records only, as the
public would see them (:mod:`tawthiq.services.publishing.grading`), so no restricted source moves a published
grade. Evidence appears only as existing derived copies (:mod:`tawthiq.services.publishing.files`). Every record,
field or file held back is in :attr:`PublicSet.withheld` with its reason code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from tawthiq.db.models import (
    Act,
    Actor,
    Event,
    Information,
    Involvement,
    Person,
    RecordVersion,
    Report,
    Source,
    Victim,
)
from tawthiq.domain.errors import NotFound
from tawthiq.domain.grading import CATEGORIES, PERPETRATOR_DEGREES
from tawthiq.domain.policy import Action, Channel, Principal, Role, ensure
from tawthiq.domain.publication import (
    Figures,
    HistoryStep,
    Profile,
    PublicAct,
    PublicActor,
    PublicEvent,
    PublicSet,
    PublicSource,
    PublicVictim,
    VocabularyTerm,
    Withheld,
    WithheldEntry,
)
from tawthiq.services.accounts.users import Account
from tawthiq.services.publishing import files as evidence_files, grading
from tawthiq.services.publishing.profiles import load_profile
from tawthiq.services.publishing.reading import (
    ONE_PASS,
    PUBLIC,
    VOCABULARIES,
    Reader,
    as_tuples,
    chunks,
    flagged_columns,
    is_shown,
)
from tawthiq.services.publishing.redaction import (
    age_group,
    names_any,
    neutral_title,
)
from tawthiq.services.records.levels import readable_clause
from tawthiq.services.workspace import Workspace

__all__ = ["Gathered", "assemble", "collect", "gather", "with_files"]

# The public, as a reader: grades and figures are computed from what it may see (public records only), and an
# override's reason, which is the editors' own note, is not shown to it.
THE_PUBLIC = Account("the-public", "the-public", Role.VIEWER, "en", Channel.CLI)
STATUS_RANK = {"unverified": 0, "corroborated": 1, "verified": 2}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def collect(ws: Workspace, account: Principal, *, profile: str | Profile = "public",
            events: Sequence[str] | None = None, period: tuple[date, date] | None = None) -> PublicSet:
    """What ``profile`` lets leave, redacted, for the admins and coordinators who publish (Action.PUBLISH).

    ``events`` limits the run to these event ids; ``period`` (first day, last day) to the events whose dates
    meet it. Raises Forbidden (role), NotFound (an unknown profile, or an id of ``events`` that names no live
    event). Reads only; nothing is written (the withheld log is written by ``withheld.record_run``).
    """
    ensure(account, Action.PUBLISH, what="publication")
    chosen = profile if isinstance(profile, Profile) else load_profile(ws, profile)
    with ws.reading() as session:
        built = _Collector(session, chosen).run(events, period)
    return with_files(ws, built)


@dataclass(frozen=True)
class Gathered:
    """A collection with what splicing it into another needs: each published event's place in the set's order and
    the latest change among the records it draws on."""

    pset: PublicSet
    order: dict[str, tuple[date, datetime, str]]
    stamps: dict[str, datetime]


def gather(session: Session, profile: Profile, events: Sequence[str] | None = None) -> Gathered:
    """The collection of ``profile`` (of ``events`` only, when given: an id that names no live event is skipped),
    read in ``session``. For :mod:`tawthiq.services.publishing.incremental`, which has checked the caller."""
    collector = _Collector(session, profile)
    built = collector.run(events, None, missing_ok=True)
    return Gathered(built, collector.order, collector.stamps)


def with_files(ws: Workspace, built: PublicSet) -> PublicSet:
    """``built``, able to read the bytes of the derived copies it publishes (and no other file)."""
    shas = {f.sha256 for e in built.events for f in e.files}

    def read_file(sha256: str) -> bytes:
        if sha256 not in shas:
            raise KeyError(sha256)
        with ws.blobs.open(sha256) as stream:
            return stream.read()

    built.read_file = read_file
    return built


class _Collector(Reader):
    # --- events ------------------------------------------------------------------------------------------------

    def run(self, wanted: Sequence[str] | None, period: tuple[date, date] | None, *, missing_ok: bool = False
            ) -> PublicSet:
        conditions: list[ColumnElement[bool]] = [Event.deleted_at.is_(None)]
        if period is not None:
            first, last = period
            conditions += [Event.start_date.is_not(None), Event.start_date <= last,
                           func.coalesce(Event.end_date, Event.start_date) >= first]
        columns = flagged_columns(Event, "event")
        if wanted is not None:
            rows = self.rows(Event, Event.id, list(wanted), *conditions, columns=columns)
            missing = sorted(set(wanted) - {r.id for r in rows})
            if missing and period is None and not missing_ok:
                raise NotFound("event", missing[0])
        else:
            rows = as_tuples(self.session.execute(select(*columns).where(*conditions)), columns)
        public = {r.id for r in rows if r.is_public}
        published = []
        for row in sorted(rows, key=_order):
            if row.id not in public:
                self.hold("event", row.id, Withheld.NOT_PUBLIC)
            elif row.status in ("disputed", "false"):
                if self.profile.include_disputed:
                    published.append(row)
                else:
                    self.hold("event", row.id, Withheld.DISPUTED)
            elif STATUS_RANK.get(row.status, 0) < STATUS_RANK[self.profile.min_status]:
                self.hold("event", row.id, Withheld.NOT_VERIFIED)
            else:
                published.append(row)
        return self.build(published)

    def build(self, events: list[Any]) -> PublicSet:
        ids = [e.id for e in events]
        acts = self.acts(ids)
        act_ids = [a.id for group in acts.values() for a in group]
        event_of = {a.id: a.event_id for group in acts.values() for a in group}
        sources = self.sources(ids, event_of)
        places = self.places(events)
        perpetrators = self.perpetrators(event_of)
        victims = self.victims(act_ids, {e.id: e for e in events}, event_of)
        files = evidence_files.published_files(self.session, self.profile, ids, event_of, self.hold)
        history = self.history(ids)
        views, merged = self.grades(ids, {e.id: e.status for e in events})
        sensitive = self.sensitive_events(ids)
        out = []
        for event in events:
            place, place_text, hidden = self.place(event, places, event.id in sensitive)
            start, end, precision = self.when(event, "event", event.start_date, event.end_date, event.date_precision)
            view = views[event.id]
            public_acts = tuple(self.unnamed(self.act(a, perpetrators.get(a.id, ()), victims.get(a.id, ())), hidden,
                                             event.id) for a in acts.get(event.id, []))
            title = self.text(event, "event", "title")
            description = self.text(event, "event", "description")
            if hidden and names_any(title, hidden):
                self.hold("event", event.id, Withheld.PLACE_COARSENED, "title", event.id)
                title = ""
            if not title:  # held back, or a profile without titles: an incident's link still needs words
                title = neutral_title([(a.type_en, a.type_ar) for a in public_acts],
                                      (place.name, place.name_ar or place.name) if place else None)
            if hidden and names_any(description, hidden):
                self.hold("event", event.id, Withheld.PLACE_COARSENED, "description", event.id)
                description = ""
            updated = max([event.updated_at, *(a.updated_at for a in acts.get(event.id, []))])
            self.stamp(event.id, updated)
            self.order[event.id] = _order(event)
            show_figures = self.listed("event", "figures")
            out.append(PublicEvent(
                id=event.id, title=title, description=description, start=start, end=end, precision=precision,
                place=place, place_text=place_text,
                status=event.status if self.listed("event", "status") else "",
                grade=view.grade, grade_reason=view.reason, grade_reason_ar=view.reason_ar,
                figures={c: Figures(f["min"], f["max"], f["accounts"]) for c, f in view.figures.items()}
                if show_figures else {},
                acts=public_acts, sources=sources.get(event.id, ()), files=files.get(event.id, ()),
                updated_at=updated, history=history.get(event.id, ()), merged=merged.get(event.id, ()),
                counted=view.grade in self.profile.admitted_grades))
        return assemble(self.profile, out, self.withheld, self.vocabularies(), self.stamps)

    def sensitive_events(self, ids: list[str]) -> set[str]:
        """Events with a live act (of any level) of a sensitive type or a narrower one."""
        if not self.profile.sensitive_types:
            return set()
        parents = {c.slug: (self.concepts[c.parent_id].slug if c.parent_id in self.concepts else None)
                   for c in self.concepts.values() if c.vocabulary == "violation-types"}

        def sensitive(slug: str | None) -> bool:
            guard = 0
            while slug is not None and guard < 20:
                if slug in self.profile.sensitive_types:
                    return True
                slug, guard = parents.get(slug), guard + 1
            return False

        out = set()
        wanted = set(ids)
        for chunk in [None] if len(wanted) > ONE_PASS else chunks(ids):  # one pass for many (see rows)
            where = Act.event_id.in_(chunk) if chunk is not None else Act.event_id.is_not(None)
            for event_id, type_id in self.session.execute(select(Act.event_id, Act.type_id).where(
                    where, Act.deleted_at.is_(None))):
                if event_id in wanted and sensitive(str(type_id).rpartition(":")[2]):
                    out.add(str(event_id))
        return out

    # --- acts, perpetrators, victims ---------------------------------------------------------------------------

    def acts(self, ids: list[str]) -> dict[str, list[Any]]:
        rows = self.rows(Act, Act.event_id, ids, Act.deleted_at.is_(None), columns=flagged_columns(Act, "act"))
        public = {a.id for a in rows if a.is_public}
        out: dict[str, list[Any]] = {}
        for act in sorted(rows, key=lambda a: (a.start_date or date.max, a.created_at, a.id)):
            if act.id in public:
                out.setdefault(act.event_id, []).append(act)
            else:
                self.hold("act", act.id, Withheld.NOT_PUBLIC, event=act.event_id)
        return out

    def act(self, act: Any, perpetrators: Sequence[PublicActor], victims: Sequence[PublicVictim]) -> PublicAct:
        concept = self.concepts.get(act.type_id)
        mappings = (concept.mappings or {}) if concept is not None else {}
        start, end, precision = self.when(act, "act", act.start_date, act.end_date, act.date_precision)
        figures = {c: int(getattr(act, c)) for c in grading.ACT_CATEGORIES if getattr(act, c) is not None}
        if figures and not self.listed("act", "figures"):
            self.hold("act", act.id, Withheld.PROTECTED_FIELD, "figures", act.event_id)
        if perpetrators and not self.listed("act", "perpetrators"):
            self.hold("act", act.id, Withheld.PROTECTED_FIELD, "perpetrators", act.event_id)
        return PublicAct(
            id=act.id, type=concept.slug if concept is not None else str(act.type_id).rpartition(":")[2],
            type_en=concept.label_en if concept is not None else "", type_ar=concept.label_ar if concept else "",
            acled_event_type=mappings.get("acled_event_type"),
            acled_sub_event_type=mappings.get("acled_sub_event_type"),
            description=self.text(act, "act", "description"), start=start, end=end, precision=precision,
            perpetrators=tuple(perpetrators) if self.listed("act", "perpetrators") else (),
            figures=figures if self.listed("act", "figures") else {}, victims=tuple(victims),
            victim_description=self.text(act, "act", "victim_description"))

    def perpetrators(self, event_of: dict[str, str]) -> dict[str, tuple[PublicActor, ...]]:
        rows = self.rows(Involvement, Involvement.act_id, list(event_of), Involvement.deleted_at.is_(None),
                         Involvement.actor_id.is_not(None), readable_clause("involvement", PUBLIC),
                         columns=(Involvement.act_id, Involvement.actor_id, Involvement.degree_id))
        doers = [r for r in rows if str(r.degree_id).rpartition(":")[2] in PERPETRATOR_DEGREES]
        actors: dict[str, Any] = {}
        frontier = {str(r.actor_id) for r in doers}
        while frontier:
            found = self.rows(Actor, Actor.id, list(frontier))
            actors.update({a.id: a for a in found})
            frontier = {a.parent_id for a in found if a.parent_id} - set(actors)
        out: dict[str, dict[str, PublicActor]] = {}
        for row in doers:
            actor = actors.get(str(row.actor_id))
            if actor is None or not is_shown(actor):
                self.hold("actor", str(row.actor_id), Withheld.NOT_PUBLIC, event=event_of.get(row.act_id))
                continue
            parents, parent, guard = [], actors.get(actor.parent_id) if actor.parent_id else None, 0
            while parent is not None and is_shown(parent) and guard < 20:
                parents.append(parent.name)
                parent, guard = actors.get(parent.parent_id) if parent.parent_id else None, guard + 1
            self.stamp(event_of[row.act_id], actor.updated_at)
            out.setdefault(row.act_id, {})[actor.id] = PublicActor(actor.id, actor.name, actor.name_ar, tuple(parents))
        return {act: tuple(sorted(named.values(), key=lambda a: (a.name, a.id))) for act, named in out.items()}

    def victims(self, act_ids: list[str], events: dict[str, Any], event_of: dict[str, str]
                ) -> dict[str, list[PublicVictim]]:
        rows = self.rows(Victim, Victim.act_id, act_ids, Victim.deleted_at.is_(None),
                         columns=(Victim.id, Victim.act_id, Victim.person_id, Victim.created_at, Victim.updated_at,
                                  readable_clause("victim", PUBLIC).label("is_public")))
        public = {v.id for v in rows if v.is_public}
        persons = {p.id: p for p in self.rows(Person, Person.id, [v.person_id for v in rows])}
        out: dict[str, list[PublicVictim]] = {}
        wanted = self.profile.fields.get("victim", frozenset())
        for row in sorted(rows, key=lambda v: (v.created_at, v.id)):
            event = event_of[row.act_id]
            if row.id not in public:
                self.hold("victim", row.id, Withheld.NOT_PUBLIC, event=event)
                continue
            if not wanted:
                self.hold("victim", row.id, Withheld.PROTECTED_FIELD, "victim", event)
                continue
            person = persons.get(row.person_id)
            if person is None or not is_shown(person):
                self.hold("person", row.person_id, Withheld.NOT_PUBLIC, event=event)
                out.setdefault(row.act_id, []).append(PublicVictim(None, None, "unknown", "unknown"))
                continue
            self.stamp(event, max(row.updated_at, person.updated_at))
            named = self.profile.victims_named and "name" in wanted
            if not named:
                self.hold("victim", row.id, Withheld.VICTIMS_UNNAMED, "name", event)
            start = events[event].start_date
            out.setdefault(row.act_id, []).append(PublicVictim(
                person.name if named else None, person.name_ar if named else None,
                person.sex if "sex" in wanted else "unknown",
                age_group(person.age, person.birth_year, start.year if start else None)
                if "age_group" in wanted else "unknown"))
        return out

    # --- sources, history, grades, vocabularies ----------------------------------------------------------------

    def sources(self, ids: list[str], event_of: dict[str, str]) -> dict[str, tuple[PublicSource, ...]]:
        """Each event's sources: cited by public information on it or on its public acts, directly or through a
        public report."""
        act_ids = list(event_of)
        cited_by = (Information.event_id, Information.act_id, Information.report_id, Information.source_id)
        infos = [*self.rows(Information, Information.event_id, ids, Information.deleted_at.is_(None),
                            readable_clause("information", PUBLIC), columns=cited_by),
                 *self.rows(Information, Information.act_id, act_ids, Information.deleted_at.is_(None),
                            readable_clause("information", PUBLIC), columns=cited_by)]
        reports = {r.id: r for r in self.rows(Report, Report.id, [str(i.report_id) for i in infos if i.report_id],
                                              Report.deleted_at.is_(None), readable_clause("report", PUBLIC),
                                              columns=(Report.id, Report.source_id))}
        cited: dict[str, set[str]] = {}
        for info in infos:
            event = str(info.event_id) if info.event_id else event_of.get(str(info.act_id))
            via = reports.get(str(info.report_id)) if info.report_id else None
            for source_id in (info.source_id, via.source_id if via is not None else None):
                if event and source_id:
                    cited.setdefault(source_id, set()).add(event)
        rows = {s.id: s for s in self.rows(Source, Source.id, list(cited), Source.deleted_at.is_(None))}
        public = self.public_ids("source", list(rows))
        out: dict[str, list[PublicSource]] = {}
        for source_id, events in sorted(cited.items()):
            row = rows.get(source_id)
            for event in sorted(events):
                if row is None:
                    continue
                if source_id not in public:
                    self.hold("source", source_id, Withheld.NOT_PUBLIC, event=event)
                elif self.profile.sources != "pseudonyms":
                    self.hold("source", source_id, Withheld.SOURCES_OFF, event=event)
                elif not row.consent_publish:
                    self.hold("source", source_id, Withheld.NO_CONSENT, event=event)
                else:
                    self.stamp(event, row.updated_at)
                    out.setdefault(event, []).append(self.source(row))
        return {e: tuple(sorted(found, key=lambda s: (s.pseudonym, s.kind or ""))) for e, found in out.items()}

    def source(self, row: Any) -> PublicSource:
        kind = self.concepts.get(row.kind_id) if row.kind_id and self.listed("source", "kind") else None
        grade = self.concepts.get(row.reliability_id) if row.reliability_id and self.listed("source",
                                                                                            "reliability") else None
        return PublicSource(row.pseudonym if self.listed("source", "pseudonym") else "",
                            kind.slug if kind else None, kind.label_ar if kind else None,
                            grade.slug if grade else None, grade.label_ar if grade else None)

    def history(self, ids: list[str]) -> dict[str, tuple[HistoryStep, ...]]:
        out: dict[str, list[HistoryStep]] = {}
        wanted = set(ids)
        for chunk in [None] if len(wanted) > ONE_PASS else chunks(ids):  # one pass for many (see rows)
            # the steps only: a version's data (the whole record) is never read
            where = RecordVersion.record_id.in_(chunk) if chunk is not None else RecordVersion.record_id.is_not(None)
            for record_id, at, version, change in self.session.execute(
                    select(RecordVersion.record_id, RecordVersion.changed_at, RecordVersion.version,
                           RecordVersion.change).where(RecordVersion.kind == "event", where)):
                if record_id in wanted:
                    out.setdefault(record_id, []).append(HistoryStep(at, version, change))
                    self.stamp(record_id, at)
        return {k: tuple(sorted(v, key=lambda s: s.version)) for k, v in out.items()}

    def grades(self, ids: list[str], statuses: dict[str, str]
               ) -> tuple[dict[str, grading.GradeView], dict[str, tuple[str, ...]]]:
        """Each published event's grade as the public would see it, and the other published events of its merge
        group."""
        published = set(ids)
        components = grading._merge_groups(self.session, ids, PUBLIC)
        groups = [[member, *(o for o in component if o != member)] if len(component) > 1 else component
                  for component in components for member in component if member in published]
        # all groups in one round: past grading.ONE_PASS ids each table is read once (rounds would each scan it)
        views = grading._views(self.session, THE_PUBLIC, groups, statuses=statuses)
        merged = {group[0]: tuple(sorted(o for o in group[1:] if o in published)) for group in groups}
        return views, merged

    def vocabularies(self) -> dict[str, list[VocabularyTerm]]:
        out: dict[str, list[VocabularyTerm]] = {name: [] for name in VOCABULARIES}
        for concept in sorted(self.concepts.values(), key=lambda c: c.id):
            if concept.vocabulary in out and is_shown(concept):
                parent = self.concepts.get(concept.parent_id) if concept.parent_id else None
                out[concept.vocabulary].append(VocabularyTerm(concept.slug, concept.label_en, concept.label_ar,
                                                              parent.slug if parent else None))
        return out


def assemble(profile: Profile, events: list[PublicEvent], withheld: Iterable[WithheldEntry],
             vocabularies: Mapping[str, Sequence[VocabularyTerm]], stamps: dict[str, datetime]) -> PublicSet:
    """The set of ``events`` (in the set's order): dated by the latest of their ``stamps``, the withheld log in one
    order whatever order it was found in, and the headline totals over the counted events."""
    shown = {e.id for e in events}
    as_of = max((at for event, at in stamps.items() if event in shown), default=EPOCH)
    held = sorted(withheld, key=lambda w: (owner(w), w.kind, w.record_id, w.reason.value, w.field or ""))
    totals = _totals(events, profile) if "figures" in profile.fields.get("event", ()) else {}
    return PublicSet(profile, as_of, events, held, vocabularies, totals)


def owner(entry: WithheldEntry) -> str:
    """The event a withheld entry belongs to (an event's own entry names none: it is the event)."""
    return entry.event_id or entry.record_id


def _totals(events: Sequence[PublicEvent], profile: Profile) -> dict[str, Figures]:
    """Per category, the sums over the counted events, a merge group once (as its first event in the set's order
    grades and counts it)."""
    sums: dict[str, list[int]] = {}
    seen: set[str] = set()
    for event in events:
        if event.id in seen:
            continue
        seen.update([event.id, *event.merged])
        if event.grade not in profile.admitted_grades:
            continue
        for category, figure in event.figures.items():
            total = sums.setdefault(category, [0, 0, 0])
            total[0], total[1], total[2] = total[0] + figure.min, total[1] + figure.max, total[2] + 1
    return {c: Figures(*sums[c]) for c in CATEGORIES if c in sums}


def _order(row: Any) -> tuple[date, datetime, str]:
    """An event's place in the set: by date (undated last), then as recorded."""
    return row.start_date or date.max, row.created_at, row.id
