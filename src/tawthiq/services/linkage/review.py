"""The linkage review pages' use cases: the queue of candidate pairs, a pair side by side, decisions,
merges and unmerges, a run from the web, and an event's corroboration within the caller's clearance.

Who may do what is decided here, never in routes or templates:

- admins and coordinators read the queue, the pairs and the merges, accept and reject pairs, undo
  merges and start a run;
- analysts read the queue, the pairs and the merges, and change nothing;
- documenters and viewers see none of it (Forbidden, 403).

A pair or merge with a record above the caller's clearance is left out of every list and is "not found"
by its id, exactly as a record is. Decisions, merges and unmerges go through :mod:`tawthiq.services.linkage.clusters`
in the caller's name (history and audit log name the web user); records are never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tawthiq.db.linkage import LinkCandidate, LinkDecision, Merge, MergeMember, PersonListing
from tawthiq.db.models import Event, Person, Place
from tawthiq.domain.dates import describe_span
from tawthiq.domain.errors import Ambiguous, InvalidInput, NotFound
from tawthiq.domain.policy import Action, allows, ensure, may_read_level, readable_levels
from tawthiq.services.accounts.users import Account
from tawthiq.services.browse import eventview
from tawthiq.services.linkage import clusters as linkage
from tawthiq.services.records import access
from tawthiq.services.workspace import Workspace

__all__ = ["FIELD_LABELS", "KINDS", "Brief", "Corroboration", "Decided", "FieldRow", "Label", "MergeView", "PairView",
           "QueueItem", "RunSummary", "decide", "event_corroboration", "list_merges", "may_decide_links",
           "may_see_links", "merge", "pair_view", "queue", "run", "run_report", "undo_merge"]

KINDS = ("person", "event")
MAX_NOTE = 2000
_CHUNK = 500  # ids per IN (...) query

# Rows of the side-by-side page: (key, English label, the model field whose reason the row shows).
PERSON_ROWS = (
    ("source", "List", "list"), ("external_id", "Row in the list", ""), ("full_name", "Full name", ""),
    ("given_name", "Given name", "given"), ("family_name", "Family name", "family"),
    ("father_name", "Father's name", "father"), ("mother_name", "Mother's name", "mother"), ("sex", "Sex", "sex"),
    ("birth", "Birth", "birth_year"), ("death_date", "Date of death", "death_date"), ("place", "Place", "place"),
)
EVENT_ROWS = (
    ("title", "Title and description", "text"), ("dates", "Dates", "date"), ("place", "Place", "place"),
    ("types", "Violation types", "types"), ("perpetrators", "Perpetrators", "actors"), ("killed", "Killed", "killed"),
    ("sources", "Sources", ""),
)
# The model's field names as a reviewer reads them (English; the pages translate them).
FIELD_LABELS = {
    "given": "given name", "family": "family name", "father": "father's name", "mother": "mother's name",
    "kunya": "kunya",
    "list": "list", "sex": "sex", "birth_year": "year of birth", "death_date": "date of death", "place": "place",
    "date": "date", "types": "violation type", "actors": "perpetrators", "killed": "killed",
    "text": "words of title and description",
}
_NAME_PARTS = ("given_name", "family_name", "father_name", "mother_name")
# Two different names whose consonants agree (Mohammad, Mahmoud) are a disagreement, whatever the level's rank;
# one name written in both scripts (محمد, Mohammad) is an agreement.
_DISAGREE = frozenset({"different", "another name with the same consonants"})
_AGREE = frozenset({"same name, other script"})


def may_see_links(account: Account | None) -> bool:
    """Whether the account may read the review queue, the pairs and the merges (the nav link shows then)."""
    return account is not None and allows(account, Action.SEE_LINKS)


def may_decide_links(account: Account) -> bool:
    """Whether the account may accept or reject pairs, undo merges and start a run."""
    return allows(account, Action.DECIDE_LINKS)


def _reading(account: Account) -> None:
    ensure(account, Action.SEE_LINKS)


def _deciding(account: Account) -> None:
    ensure(account, Action.DECIDE_LINKS)


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidInput.single("kind", f"{kind!r} is not person or event",
                                  "النوع يجب أن يكون person أو event")
    return kind


# --- views ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A value as shown: its text, and an Arabic form where the value has one (vocabulary labels, names)."""

    text: str
    text_ar: str = ""


@dataclass
class Brief:
    """One side of a pair or one member of a merge, as a list shows it."""

    id: str
    kind: str
    label: str
    label_ar: str
    detail: str  # a person's list and row ("VDC · a1"), an event's date
    confidentiality: str


@dataclass
class QueueItem:
    id: int
    kind: str
    probability: float
    reasons: dict[str, str]
    verdicts: dict[str, str]  # field -> agree, partial, disagree or missing
    left: Brief
    right: Brief


@dataclass
class FieldRow:
    key: str
    label: str  # English; the page translates it
    left: list[Label]
    right: list[Label]
    reason: str  # the level the field reached ("same spelling"), "" where the model does not compare it
    verdict: str  # agree, partial, disagree, missing, or "" without a reason
    # a name part a side did not write apart, which the model read from that side's full name
    left_from_name: bool = False
    right_from_name: bool = False


@dataclass
class PairView:
    id: int
    kind: str
    probability: float
    left: Brief
    right: Brief
    rows: list[FieldRow]
    pending: bool
    decision: dict[str, Any] | None  # the latest decision on the pair: decision, by, at
    may_decide: bool


@dataclass
class Decided:
    candidate: int
    decision: str
    merge: str | None
    next: int | None  # the next pending pair of the same kind the caller may read


@dataclass
class MergeView:
    id: str
    kind: str
    probability: float | None
    note: str
    created_by: str
    created_at: datetime
    members: list[Brief]
    undone_at: datetime | None = None
    undone_by: str | None = None
    undo_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.undone_at is None


@dataclass
class RunSummary:
    kind: str
    records: int
    clusters: int
    pairs: int
    notes: list[str] = field(default_factory=list)


@dataclass
class Corroboration:
    """Independent sources behind an event and the events merged with it, counting only what the caller may read."""

    event: str
    sources: int
    merged: list[Brief]  # the other events of the group the caller may read


def verdict(level: str) -> str:
    """agree (the field's best level), partial (a lower level), disagree or missing, for highlighting."""
    if not level:
        return ""
    if level == "missing":
        return "missing"
    if level in _DISAGREE:
        return "disagree"
    return "agree" if level in _AGREE or level in _best_levels() else "partial"


@cache
def _best_levels() -> frozenset[str]:
    from tawthiq.linkage.events import EVENT_MODEL
    from tawthiq.linkage.persons import PERSON_MODEL

    return frozenset(f.levels[0][0] for model in (PERSON_MODEL, EVENT_MODEL) for f in model.fields if f.levels)


# --- reading records within the clearance -----------------------------------------------------------------


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(ids))
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _person_label(person: Person, listing: PersonListing | None) -> tuple[str, str]:
    if listing is not None:
        parts = " ".join(p for p in (listing.given_name, listing.father_name, listing.family_name) if p)
        return listing.full_name or parts or person.name, ""
    return person.name, person.name_ar or ""


def _briefs(session: Session, account: Account, kind: str, ids: Iterable[str]) -> dict[str, Brief]:
    """The records among ``ids`` the account may read, as list entries; the others are left out."""
    allowed = readable_levels(account)
    found: dict[str, Brief] = {}
    for chunk in _chunks(ids):
        if kind == "person":
            listings = {row.person_id: row for row in session.scalars(
                select(PersonListing).where(PersonListing.person_id.in_(chunk)))}
            for person in session.scalars(select(Person).where(Person.id.in_(chunk),
                                                               Person.confidentiality.in_(allowed))):
                listing = listings.get(person.id)
                label, label_ar = _person_label(person, listing)
                detail = f"{listing.source} · {listing.external_id}" if listing else ""
                found[person.id] = Brief(person.id, kind, label, label_ar, detail, person.confidentiality)
        else:
            for event in session.scalars(select(Event).where(Event.id.in_(chunk), Event.confidentiality.in_(allowed))):
                # "2015", not 2015-01-01: no more precise than recorded
                when = describe_span(event.start_date, event.end_date, event.date_precision)
                detail = when if event.start_date else ""
                found[event.id] = Brief(event.id, kind, event.title, "", detail, event.confidentiality)
    return found


def queue(ws: Workspace, account: Account, *, kind: str, limit: int = 200,
          offset: int = 0) -> tuple[list[QueueItem], int]:
    """The pending pairs of the last run whose two records the account may read, most likely first.

    Returns ``limit`` of them from ``offset`` on, and how many there are in all. Raises Forbidden (role) or
    InvalidInput (kind).
    """
    _reading(account)
    pending = linkage.review_queue(ws, kind=_kind(kind))
    with ws.reading() as session:
        briefs = _briefs(session, account, kind, (i for p in pending for i in (p["left"], p["right"])))
    visible = [p for p in pending if p["left"] in briefs and p["right"] in briefs]
    items = [QueueItem(p["id"], kind, p["probability"], dict(p["reasons"]),
                       {f: verdict(level) for f, level in p["reasons"].items()}, briefs[p["left"]], briefs[p["right"]])
             for p in visible[offset:offset + limit]]
    return items, len(visible)


def _next_pending(ws: Workspace, account: Account, kind: str) -> int | None:
    items, _total = queue(ws, account, kind=kind, limit=1)
    return items[0].id if items else None


def _candidate(session: Session, account: Account, kind: str, candidate: int) -> tuple[LinkCandidate, Brief, Brief]:
    """The candidate pair and its two records; NotFound when it is not of this kind or either side is unreadable."""
    pair = session.get(LinkCandidate, candidate)
    if pair is None or pair.kind != kind:
        raise NotFound("candidate pair", str(candidate))
    briefs = _briefs(session, account, kind, (pair.left_id, pair.right_id))
    if pair.left_id not in briefs or pair.right_id not in briefs:
        raise NotFound("candidate pair", str(candidate))  # not 403: the hidden record's existence stays hidden
    return pair, briefs[pair.left_id], briefs[pair.right_id]


# --- side by side -----------------------------------------------------------------------------------------


def _text(value: object) -> list[Label]:
    return [] if value is None or value == "" else [Label(str(value))]


def _person_cells(session: Session, person_id: str) -> dict[str, list[Label]]:
    """A person as the model compared it: the victim-list row as written, else the record's fields."""
    listing = session.scalars(select(PersonListing).where(PersonListing.person_id == person_id).limit(1)).first()
    if listing is not None:
        cells = {key: _text(getattr(listing, key)) for key in (
            "source", "external_id", "full_name", *_NAME_PARTS, "sex", "death_date", "place")}
        cells["birth"] = _text(listing.birth_date or listing.birth_year)
        return cells
    person = session.get(Person, person_id)
    assert person is not None  # _candidate found it
    name = [Label(person.name, person.name_ar or "")]
    return {"full_name": name, "sex": _text(person.sex), "birth": _text(person.birth_year)}


def _event_cells(ws: Workspace, account: Account, event_id: str) -> dict[str, list[Label]]:
    """An event's fields, with only the acts, actors and sources the account may read (eventview decides)."""
    page = eventview.event_page(ws, account, ident=event_id)
    event = page.event
    dates = describe_span(event.get("start_date"), event.get("end_date"), event.get("date_precision")) \
        if event.get("start_date") else None
    where = _text(event.get("place_text"))
    if event.get("place_id"):
        with ws.reading() as session:
            place = session.get(Place, event["place_id"])
            if place is not None and place.deleted_at is None and may_read_level(account, place.confidentiality):
                where = [Label(place.name, place.name_ar or "")]
    types = {v.act["type_id"]: page.labels.get(v.act["type_id"], (v.act["type_id"], "")) for v in page.acts}
    who = {(p["name"], p["name_ar"] or "") for v in page.acts for p in v.perpetrators}
    killed = [v.act["killed"] for v in page.acts if v.act.get("killed") is not None]
    sources = [s["pseudonym"] or s["report_title"] for s in page.sources]
    return {
        "title": [Label(event["title"])] + _text(event.get("description")), "dates": _text(dates), "place": where,
        "types": [Label(en, ar or "") for en, ar in types.values()], "perpetrators": [Label(*w) for w in sorted(who)],
        "killed": _text(sum(killed) if killed else None), "sources": [Label(s) for s in dict.fromkeys(sources)],
    }


def _rows(kind: str, reasons: dict[str, str], left: dict[str, list[Label]],
          right: dict[str, list[Label]]) -> list[FieldRow]:
    rows = []
    used = set()
    for key, label, field_name in PERSON_ROWS if kind == "person" else EVENT_ROWS:
        level = reasons.get(field_name, "") if field_name else ""
        used.add(field_name)
        read = key in _NAME_PARTS and level not in ("", "missing")
        rows.append(FieldRow(key, label, left.get(key, []), right.get(key, []), level, verdict(level),
                             read and not left.get(key) and bool(left.get("full_name")),
                             read and not right.get(key) and bool(right.get("full_name"))))
    # a field the rows above do not name (the kunya, read from the name) still shows its reason
    rows.extend(FieldRow(name, FIELD_LABELS.get(name, name), [], [], level, verdict(level), kind == "person",
                         kind == "person")
                for name, level in reasons.items() if name not in used and level != "missing")
    return rows


def _latest_decision(session: Session, pair: LinkCandidate) -> dict[str, Any] | None:
    found = session.scalars(select(LinkDecision).where(
        LinkDecision.kind == pair.kind, LinkDecision.left_id.in_((pair.left_id, pair.right_id)),
        LinkDecision.right_id.in_((pair.left_id, pair.right_id))).order_by(LinkDecision.id.desc()).limit(1)).first()
    return None if found is None else {"decision": found.decision, "by": found.decided_by, "at": found.decided_at}


def pair_view(ws: Workspace, account: Account, *, kind: str, candidate: int) -> PairView:
    """Both records of a candidate pair field by field, each field with the level it reached.

    Raises Forbidden (role), NotFound (no such pair of this kind, or a side above the clearance).
    """
    _reading(account)
    _kind(kind)
    with ws.reading() as session:
        pair, left, right = _candidate(session, account, kind, candidate)
        cells = (
            (_person_cells(session, pair.left_id), _person_cells(session, pair.right_id)) if kind == "person" else None
        )
        decision = _latest_decision(session, pair)
        reasons, probability, ids = dict(pair.reasons), pair.probability, (pair.left_id, pair.right_id)
    if cells is None:
        cells = (_event_cells(ws, account, ids[0]), _event_cells(ws, account, ids[1]))
    pending = any(p["id"] == candidate for p in linkage.review_queue(ws, kind=kind))
    return PairView(candidate, kind, probability, left, right, _rows(kind, reasons, *cells), pending, decision,
                    may_decide_links(account))


# --- decisions, merges, runs ------------------------------------------------------------------------------


def decide(ws: Workspace, account: Account, *, kind: str, candidate: int, decision: str, note: str = "") -> Decided:
    """Accept (merge) or reject a pending pair as ``account``; audited in its name.

    Raises Forbidden (role), NotFound (no such pair, or above the clearance), InvalidInput (a decision
    other than accept or reject, a pair already decided, a note over 2,000 characters); nothing is
    written then.
    """
    _reading(account)
    _kind(kind)
    with ws.reading() as session:
        _candidate(session, account, kind, candidate)
    _deciding(account)
    if len(note) > MAX_NOTE:
        raise InvalidInput.single("note", f"is longer than {MAX_NOTE} characters", f"أطول من {MAX_NOTE} حرف")
    if not any(p["id"] == candidate for p in linkage.review_queue(ws, kind=kind)):
        raise InvalidInput.single("candidate", "this pair has already been decided",
                                  "اتُّخذ قرار في هذا الزوج من قبل")
    done = linkage.decide_pair(access.acting(ws, account), candidate=candidate, decision=decision, note=note.strip())
    return Decided(candidate, done["decision"], done["merge"], _next_pending(ws, account, kind))


def list_merges(ws: Workspace, account: Account, *, kind: str | None = None, limit: int = 500) -> list[MergeView]:
    """Merges, active and undone, newest first; a merge with any record above the clearance is left out."""
    _reading(account)
    query = select(Merge).order_by(Merge.created_at.desc(), Merge.id)
    if kind:
        query = query.where(Merge.kind == _kind(kind))
    with ws.reading() as session:
        return _merge_views(session, account, query, limit)


def _merge_views(session: Session, account: Account, query: Any, limit: int) -> list[MergeView]:
    rows = list(session.scalars(query))
    members: dict[str, list[str]] = {}
    for chunk in _chunks(m.id for m in rows):
        for merge_id, record_id in session.execute(select(MergeMember.merge_id, MergeMember.record_id)
                                                   .where(MergeMember.merge_id.in_(chunk)).order_by(MergeMember.record_id)):
            members.setdefault(merge_id, []).append(record_id)
    briefs = {k: _briefs(session, account, k, (r for m in rows if m.kind == k for r in members.get(m.id, [])))
              for k in KINDS}
    out = []
    for m in rows:
        ids = members.get(m.id, [])
        if not ids or any(i not in briefs[m.kind] for i in ids):
            continue
        out.append(MergeView(m.id, m.kind, m.probability, m.note, m.created_by, m.created_at,
                             [briefs[m.kind][i] for i in ids], m.undone_at, m.undone_by, m.undo_reason))
        if len(out) >= limit:
            break
    return out


def undo_merge(ws: Workspace, account: Account, *, merge: str, reason: str) -> dict[str, Any]:
    """Undo a merge (by its id or a unique prefix of 4+ characters) as ``account``: stamped as undone (who, when,
    why) and kept. Audited.

    Raises Forbidden (role), NotFound (no such merge, or a member above the clearance), Ambiguous (a prefix of
    several merges the account may read), InvalidInput (an empty reason, a merge already undone); nothing is
    written then.
    """
    _reading(account)
    if len(merge) < 4:
        raise NotFound("merge", merge)
    with ws.reading() as session:
        found = _merge_views(session, account, select(Merge).where(Merge.id.startswith(merge, autoescape=True)), 2)
    if not found:
        raise NotFound("merge", merge)
    if len(found) > 1:
        raise Ambiguous("merge", merge, len(found))
    _deciding(account)
    if len(reason) > MAX_NOTE:
        raise InvalidInput.single("reason", f"is longer than {MAX_NOTE} characters", f"أطول من {MAX_NOTE} حرف")
    return linkage.unmerge(access.acting(ws, account), merge=found[0].id, reason=reason)


def merge(ws: Workspace, account: Account, *, kind: str, idents: Sequence[str], note: str = "") -> MergeView:
    """Record, as ``account``, that these persons (or events) are one: ids or unique prefixes of records it may
    read, at least two distinct ones. No record is changed; the merge is audited and can be undone.

    Raises Forbidden (role), NotFound (a record missing or above the clearance), InvalidInput (fewer than two
    records, a note over 2,000 characters); nothing is written then.
    """
    _reading(account)
    ids = sorted({access.read_record(ws, account, kind=_kind(kind), ident=i)["id"] for i in idents})
    _deciding(account)
    if len(note) > MAX_NOTE:
        raise InvalidInput.single("note", f"is longer than {MAX_NOTE} characters", f"أطول من {MAX_NOTE} حرف")
    done = linkage.merge_records(access.acting(ws, account), kind=kind, idents=ids, note=note.strip())
    with ws.reading() as session:
        return _merge_views(session, account, select(Merge).where(Merge.id == done["id"]), 1)[0]


def run_report(ws: Workspace, account: Account, *, kind: str, threshold: float = 0.9) -> linkage.LinkReport:
    """Score the live persons or events again as ``account``, and cluster those at ``threshold``: the clusters
    (with ACLED's rule alongside for events) and the candidate pairs, which replace the review queue of that kind.
    A cluster or pair with a record above the account's clearance is left out.

    Raises Forbidden (role) or InvalidInput (kind, a threshold outside (0, 1]).
    """
    _reading(account)
    _deciding(account)
    link = linkage.link_persons if _kind(kind) == "person" else linkage.link_events
    report = link(access.acting(ws, account), threshold=threshold)
    ids = {r for c in [*report.clusters, *(report.baseline or [])] for r in c["records"]}
    ids.update(i for p in report.pairs for i in (p.left, p.right))
    with ws.reading() as session:
        readable = _briefs(session, account, kind, ids)
    report.clusters = [c for c in report.clusters if all(r in readable for r in c["records"])]
    if report.baseline is not None:
        report.baseline = [c for c in report.baseline if all(r in readable for r in c["records"])]
    report.pairs = [p for p in report.pairs if p.left in readable and p.right in readable]
    return report


def run(ws: Workspace, account: Account, *, kind: str) -> RunSummary:
    """A run (:func:`run_report` at 0.9) as the review pages show it: how many records, clusters and pairs.

    Raises Forbidden (role) or InvalidInput (kind).
    """
    report = run_report(ws, account, kind=kind)
    return RunSummary(kind, report.records, len(report.clusters), len(report.pairs), list(report.notes))


def event_corroboration(ws: Workspace, account: Account, *, event: str,
                        record: dict[str, Any] | None = None) -> Corroboration:
    """Independent sources behind an event and every event merged with it, within the account's clearance.

    Only events, information, sources and reports the account may read count: a higher count would hint at
    what it may not see. Any role that reads the event may see it. Raises NotFound (event above the clearance).
    ``record`` is the event as ``access.read_record`` gave it to this account when the caller has it already (the
    event page): it is then not read again.
    """
    if record is None or record["id"] != event:
        record = access.read_record(ws, account, kind="event", ident=event)
    allowed = readable_levels(account)
    with ws.reading() as session:
        # most events are merged with none: one indexed look-up spares the whole merge graph on the event page
        merged = session.scalar(select(MergeMember.merge_id).join(Merge, Merge.id == MergeMember.merge_id).where(
            MergeMember.record_id == record["id"], Merge.kind == "event", Merge.undone_at.is_(None)).limit(1))
        if not merged:  # the event alone, which the account may read (read_record said so)
            return Corroboration(record["id"], linkage.independent_sources(session, [record["id"]], allowed), [])
        visible = _briefs(session, account, "event", linkage.merged_events(session, record["id"]))
        count = linkage.independent_sources(session, list(visible), allowed)
    return Corroboration(record["id"], count, [b for i, b in sorted(visible.items()) if i != record["id"]])
