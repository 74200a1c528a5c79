"""Linkage use cases: find the same person or event across sources, review pairs, merge and unmerge.

Scores come from the Splink models in :mod:`tawthiq.linkage`; decisions and merges live in the tables of
:mod:`tawthiq.db.linkage`. A reviewer's accept is a merge, a reject keeps the pair apart in every later
run, and every merge, unmerge and decision has an audit entry. Records themselves are never changed.

Nothing here asks who is acting: this is the layer under :mod:`tawthiq.services.linkage.review`, which checks the
account and its clearance and is what the web and the command line call.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from tawthiq.db.linkage import LinkCandidate, LinkDecision, Merge, MergeMember, PersonListing
from tawthiq.db.models import Act, Event, Information, Involvement, Person, Place, Report, Source
from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.linkage.graph import Cluster, Facts, Pair, connected_clusters, vetoed_clusters
from tawthiq.services.records.levels import LEVELS, readable_clause
from tawthiq.services.records.store import Writer, find_id
from tawthiq.services.workspace import Workspace
from tawthiq.text import match_key

if TYPE_CHECKING:  # the Splink models import Splink and DuckDB: only a linkage run loads them
    from tawthiq.linkage.engine import LinkResult
    from tawthiq.linkage.persons import PlaceResolver

__all__ = ["LinkReport", "decide_pair", "link_events", "link_persons", "merge_records", "review_queue",
           "unmerge"]

_KINDS = {"person": Person, "event": Event}
#: Two persons scored below this are two people (their given names differ: brothers, namesakes); no
#: chain of other links puts them in one cluster. Events have no such rule: only rejections keep them apart.
VETO = 0.05
_EPOCH = date(1970, 1, 1).toordinal()


@dataclass
class LinkReport:
    """The outcome of a linkage run: clusters (two or more records) and the scored candidate pairs."""

    kind: str
    records: int
    clusters: list[dict[str, Any]]
    pairs: list[Pair]
    notes: list[str]
    baseline: list[dict[str, Any]] | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"clusters": self.clusters}
        if self.baseline is not None:
            out["baseline"] = {"rule": "acled: same actors, same day, same location", "clusters": self.baseline}
        return out


def _check_threshold(threshold: float) -> None:
    if not 0.0 < threshold <= 1.0:
        raise InvalidInput.single("threshold", "must be a probability above 0 and at most 1",
                                  "يجب أن تكون احتمالاً بين 0 و1")


def place_resolver(session: Session) -> PlaceResolver:
    """Place text → (place, parent, grandparent) ids from the gazetteer, by match key of any name."""
    rows = session.execute(select(Place.id, Place.parent_id, Place.name, Place.name_ar, Place.alt_names)
                           .where(Place.deleted_at.is_(None)).order_by(Place.id)).all()
    parent = {r.id: r.parent_id for r in rows}
    by_key: dict[str, str] = {}
    for r in rows:
        for name in (r.name, r.name_ar, *(r.alt_names or [])):
            key = match_key(name or "")
            if key:
                by_key.setdefault(key, r.id)

    def resolve(text: str) -> tuple[str, ...] | None:
        place = by_key.get(match_key(text))
        if place is None:
            return None
        up = parent.get(place)
        return (place, up or "", (parent.get(up) if up else None) or "")

    return resolve


def _merged_edges(session: Session, kind: str) -> tuple[list[tuple[str, str, float]], set[frozenset[str]]]:
    """Edges from active merges (probability 1) and the pairs reviewers rejected."""
    edges: list[tuple[str, str, float]] = []
    members: dict[str, list[str]] = {}
    for merge_id, record_id in session.execute(
        select(MergeMember.merge_id, MergeMember.record_id).join(Merge, Merge.id == MergeMember.merge_id)
        .where(Merge.kind == kind, Merge.undone_at.is_(None)).order_by(MergeMember.merge_id, MergeMember.record_id)
    ):
        members.setdefault(merge_id, []).append(record_id)
    for ids in members.values():
        edges.extend((ids[0], other, 1.0) for other in ids[1:])
    latest: dict[frozenset[str], str] = {}
    for left, right, decision in session.execute(
        select(LinkDecision.left_id, LinkDecision.right_id, LinkDecision.decision)
        .where(LinkDecision.kind == kind).order_by(LinkDecision.id)
    ):
        latest[frozenset((left, right))] = decision
    return edges, {pair for pair, decision in latest.items() if decision == "reject"}


def cluster_id(members: Iterable[str]) -> str:
    """A stable id for a set of records: the same members give the same id in every run."""
    return hashlib.sha256("\n".join(sorted(members)).encode()).hexdigest()[:12]


def _finish(session: Session, kind: str, result: LinkResult, threshold: float,
            facts: Mapping[str, Facts] | None = None,
            decisions: tuple[list[tuple[str, str, float]], set[frozenset[str]]] | None = None,
            ) -> tuple[list[Pair], list[Cluster]]:
    """Store the candidate pairs for review and cluster them with the reviewers' decisions.

    A merge joins its records whatever the model says; a rejected pair, and a pair the model holds to be
    two entities (``result.apart``), is never put in one cluster, not even through a chain of links; nor are two
    records whose ``facts`` contradict each other (another sex, birth years or deaths far apart, other parents).
    """
    merged, rejected = decisions or _merged_edges(session, kind)  # link_persons reads them before its run
    kept = [p for p in result.pairs if frozenset((p.left, p.right)) not in rejected]
    edges = [(p.left, p.right, p.probability) for p in kept]
    session.execute(delete(LinkCandidate).where(LinkCandidate.kind == kind))
    now = datetime.now(UTC)
    if kept:
        session.execute(insert(LinkCandidate), [
            {"kind": kind, "left_id": p.left, "right_id": p.right, "probability": p.probability, "reasons": p.reasons,
             "run_at": now} for p in kept])
    apart = [(left, right) for left, right in map(sorted, rejected)] + result.apart
    forced = [(left, right) for left, right, _probability in merged]
    return kept, vetoed_clusters(edges, threshold, veto=0.0, apart=apart, forced=forced, facts=facts)


def _members(session: Session, ids: list[str]) -> dict[str, dict[str, str]]:
    found = {pid: {"source": s, "external_id": e} for pid, s, e in session.execute(
        select(PersonListing.person_id, PersonListing.source, PersonListing.external_id)
        .where(PersonListing.person_id.in_(ids)))}
    return {i: found.get(i, {"source": "tawthiq", "external_id": i}) for i in ids}


def link_persons(ws: Workspace, *, threshold: float = 0.9, candidate_threshold: float = 0.2) -> LinkReport:
    """Score every pair of live persons that share a blocking key, and cluster those at ``threshold``.

    Features come from each person's victim-list row where there is one, else from the record (name,
    sex, birth year). Accepted pairs and active merges join clusters; rejected pairs never do. The
    candidate pairs are kept for ``review_queue``. Raises InvalidInput for a threshold outside (0, 1].
    """
    from tawthiq.linkage.bulk import FACT_COLUMNS
    from tawthiq.linkage.engine import run_linkage
    from tawthiq.linkage.persons import PERSON_MODEL, person_table

    _check_threshold(threshold)
    with ws.transaction() as session:
        listing = {r.person_id: r for r in session.execute(select(PersonListing)).scalars()}
        rows: list[tuple[str, dict[str, Any]]] = []
        for person in session.execute(select(Person).where(Person.deleted_at.is_(None)).order_by(Person.id)).scalars():
            row = listing.get(person.id)
            if row is not None:
                rows.append((person.id, {c: getattr(row, c) for c in (
                    "source", "full_name", "given_name", "family_name", "father_name", "mother_name", "sex",
                    "birth_date", "birth_year", "death_date", "place")}))
            else:
                rows.append((person.id, {"full_name": person.name, "sex": person.sex, "birth_year": person.birth_year}))
        table = person_table(rows, place_resolver(session))
        decisions = _merged_edges(session, "person")  # a merge's groups meet the model's cannot-links too
        result = run_linkage(table, PERSON_MODEL, threshold=threshold, candidate_threshold=candidate_threshold,
                             veto=VETO, joined=[(left, right) for left, right, _probability in decisions[0]])
        facts = {ident: Facts(*(table[c][n] for c in FACT_COLUMNS)) for n, ident in enumerate(table["unique_id"])}
        pairs, clusters = _finish(session, "person", result, threshold, facts, decisions)
        members = _members(session, [m for c in clusters for m in c.members])
    return LinkReport("person", len(rows), [_cluster_json(c, members) for c in clusters], pairs, result.notes)


def _cluster_json(cluster: Cluster, members: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {"id": cluster_id(cluster.members), "members": [members[m] for m in cluster.members],
            "probability": round(cluster.probability, 6), "records": list(cluster.members)}


def _event_rows(session: Session) -> list[tuple[str, dict[str, Any]]]:
    resolve = place_resolver(session)
    parent = {r.id: r.parent_id for r in session.execute(select(Place.id, Place.parent_id))}
    acts: dict[str, dict[str, Any]] = {}
    for act_id, event_id, type_id, killed in session.execute(
        select(Act.id, Act.event_id, Act.type_id, Act.killed).where(Act.deleted_at.is_(None))):
        entry = acts.setdefault(event_id, {"types": set(), "killed": None, "acts": []})
        entry["types"].add(type_id)
        entry["acts"].append(act_id)
        if killed is not None:
            entry["killed"] = (entry["killed"] or 0) + killed
    actor_of: dict[str, set[str]] = {}
    for act_id, actor_id in session.execute(
        select(Involvement.act_id, Involvement.actor_id).where(Involvement.deleted_at.is_(None),
                                                               Involvement.actor_id.is_not(None))):
        if actor_id:
            actor_of.setdefault(act_id, set()).add(actor_id)
    rows = []
    for event in session.execute(select(Event).where(Event.deleted_at.is_(None)).order_by(Event.id)).scalars():
        if event.place_id:
            up = parent.get(event.place_id)
            levels: tuple[str, ...] | None = (event.place_id, up or "", (parent.get(up) if up else None) or "")
        else:
            levels = resolve(event.place_text) if event.place_text else None
        info = acts.get(event.id, {"types": set(), "killed": None, "acts": []})
        actors = set().union(*(actor_of.get(a, set()) for a in info["acts"])) if info["acts"] else set()
        place0, place1, place2 = ((levels or ()) + ("", "", ""))[:3]
        rows.append((event.id, {
            "day": event.start_date.toordinal() - _EPOCH if event.start_date else None,
            "last": event.end_date.toordinal() - _EPOCH if event.end_date else None,
            "place0": place0, "place1": place1, "place2": place2, "types": info["types"], "actors": actors,
            "killed": info["killed"], "text": f"{event.title} {event.description}",
        }))
    return rows


def link_events(ws: Workspace, *, threshold: float = 0.9, candidate_threshold: float = 0.2) -> LinkReport:
    """Find events reported by several sources: blocked by a date window within an admin area, compared
    on violation types, actors, victim counts, places and words. ACLED's rule is computed alongside."""
    from tawthiq.linkage.engine import run_linkage
    from tawthiq.linkage.events import EVENT_MODEL, acled_baseline, event_table, uncompared

    _check_threshold(threshold)
    with ws.transaction() as session:
        rows = _event_rows(session)
        table = event_table(rows)
        result = run_linkage(table, EVENT_MODEL, threshold=threshold, candidate_threshold=candidate_threshold)
        pairs, clusters = _finish(session, "event", result, threshold)
        members = {m: {"source": "tawthiq", "external_id": m} for c in clusters for m in c.members}
        baseline = acled_baseline(table)
        members.update({m: {"source": "tawthiq", "external_id": m} for c in baseline for m in c.members})
        notes = list(result.notes)
        if coarse := uncompared(table):
            notes.append(f"{coarse} events dated only to a year, over more than a month or not at all were not "
                         "compared: such a date cannot tell incidents apart (compare them by hand)")
        report = LinkReport("event", len(rows), [_cluster_json(c, members) for c in clusters], pairs, notes,
                            baseline=[_cluster_json(c, members) for c in baseline])
        for cluster in report.clusters:
            cluster["sources"] = independent_sources(session, cluster["records"])
    return report


# --- review, merge, unmerge -------------------------------------------------------------------------------


def review_queue(ws: Workspace, *, kind: str = "person", limit: int | None = None) -> list[dict[str, Any]]:
    """Candidate pairs of the last run neither rejected nor in one active merge, most likely first.

    A pair whose merge was undone comes back: the reviewer who undid it decides again.
    """
    _check_kind(kind)
    with ws.reading() as session:
        merged, rejected = _merged_edges(session, kind)
        group_of = {m: n for n, c in enumerate(connected_clusters(merged, 1.0)) for m in c.members}
        out = []
        for c in session.execute(select(LinkCandidate).where(LinkCandidate.kind == kind)
                                 .order_by(LinkCandidate.probability.desc(), LinkCandidate.id)).scalars():
            together = c.left_id in group_of and group_of[c.left_id] == group_of.get(c.right_id)
            if together or frozenset((c.left_id, c.right_id)) in rejected:
                continue
            out.append({"id": c.id, "left": c.left_id, "right": c.right_id, "probability": c.probability,
                        "reasons": c.reasons})
            if limit and len(out) >= limit:
                break
    return out


def _check_kind(kind: str) -> None:
    if kind not in _KINDS:
        raise InvalidInput.single("kind", f"{kind!r} is not person or event", "ليس person أو event")


def decide_pair(ws: Workspace, *, candidate: int, decision: str, note: str = "") -> dict[str, Any]:
    """Accept (merge the pair) or reject (keep it apart in later runs) a candidate pair. Audited."""
    if decision not in ("accept", "reject"):
        raise InvalidInput.single("decision", "must be accept or reject", "يجب أن يكون قبولاً أو رفضاً")
    with ws.transaction() as session:
        pair = session.get(LinkCandidate, candidate)
        if pair is None:
            raise NotFound("candidate pair", str(candidate))
        writer = Writer(session, ws.user)
        seq = writer.chain.append(actor=ws.user, action=f"link-{decision}", kind=pair.kind, record_id=pair.left_id,
                                  details={"pair": [pair.left_id, pair.right_id], "probability": pair.probability})
        writer.flush()
        session.execute(insert(LinkDecision).values(
            kind=pair.kind, left_id=pair.left_id, right_id=pair.right_id, decision=decision,
            probability=pair.probability,
            reasons=pair.reasons, decided_by=ws.user, decided_at=datetime.now(UTC), audit_seq=seq))
        merge = None
        if decision == "accept":
            merge = _merge(session, writer, pair.kind, [pair.left_id, pair.right_id], pair.probability, pair.reasons,
                           note or "accepted in review")
    return {"candidate": candidate, "decision": decision, "merge": merge}


def _merge(session: Session, writer: Writer, kind: str, ids: list[str], probability: float | None,
           reasons: dict[str, Any], note: str) -> str:
    merge_id = str(uuid.uuid4())
    seq = writer.chain.append(actor=writer.actor, action="merge", kind=kind, record_id=merge_id,
                              details={"members": sorted(ids), "probability": probability, "reasons": reasons})
    writer.flush()
    session.execute(insert(Merge).values(id=merge_id, kind=kind, probability=probability, reasons=reasons, note=note,
                                         created_by=writer.actor, created_at=datetime.now(UTC), audit_seq=seq))
    session.execute(insert(MergeMember), [{"merge_id": merge_id, "record_id": i} for i in sorted(set(ids))])
    return merge_id


def merge_records(ws: Workspace, *, kind: str, idents: list[str], note: str = "") -> dict[str, Any]:
    """Record that these persons (or events) are one. Ids or unique prefixes; at least two distinct records."""
    _check_kind(kind)
    with ws.transaction() as session:
        ids = sorted({find_id(session, kind, i) for i in idents})
        if len(ids) < 2:
            raise InvalidInput.single("ids", "a merge needs at least two different records",
                                      "الدمج يحتاج إلى سجلين مختلفين")
        writer = Writer(session, ws.user)
        merge_id = _merge(session, writer, kind, ids, None, {}, note or "merged by hand")
    return {"id": merge_id, "kind": kind, "members": ids}


def unmerge(ws: Workspace, *, merge: str, reason: str) -> dict[str, Any]:
    """Undo a merge: it is stamped as undone (who, when, why) and kept; its records are apart again."""
    if not reason.strip():
        raise InvalidInput.single("reason", "undoing a merge needs a reason", "إلغاء الدمج يحتاج إلى سبب")
    with ws.transaction() as session:
        matches = (
            session.execute(select(Merge).where(Merge.id.startswith(merge, autoescape=True)).limit(2)).scalars().all()
        )
        if len(matches) != 1 or len(merge) < 4:
            raise NotFound("merge", merge)
        row = matches[0]
        if row.undone_at is not None:
            raise InvalidInput.single("merge", "this merge is already undone", "هذا الدمج أُلغي من قبل")
        writer = Writer(session, ws.user)
        seq = writer.chain.append(actor=ws.user, action="unmerge", kind=row.kind, record_id=row.id,
                                  details={"reason": reason})
        writer.flush()
        row.undone_at, row.undone_by, row.undo_reason, row.undo_audit_seq = (datetime.now(UTC), ws.user,
                                                                             reason.strip(), seq)
    return {"id": row.id, "undone_by": ws.user, "reason": reason.strip()}


def merged_events(session: Session, event_id: str) -> list[str]:
    """The event and every event merged with it (through active merges), by id."""
    merged, _rejected = _merged_edges(session, "event")
    return next((sorted(c.members) for c in connected_clusters(merged, 1.0) if event_id in c.members), [event_id])


def independent_sources(session: Session, event_ids: Sequence[str], allowed: Sequence[str] = LEVELS) -> int:
    """Independent sources behind these events: distinct live sources, else a report's source, else the report
    itself, counting only information, sources and reports of an effective level in ``allowed`` (a readable
    report whose source is not readable counts as itself). The one count every page and command shows."""
    def readable(model: Any, ids: Iterable[str | None]) -> Any:
        return select(model).where(model.id.in_({i for i in ids if i}), model.deleted_at.is_(None),
                                   model.confidentiality.in_(allowed))

    rows = session.execute(select(Information.source_id, Information.report_id).where(
        Information.event_id.in_(event_ids), Information.deleted_at.is_(None),
        readable_clause("information", allowed))).all()
    if not rows:
        return 0
    reports = {r.id: r.source_id for r in session.scalars(readable(Report, (rep for _src, rep in rows)))}
    sources = {s.id for s in session.scalars(readable(Source, [src for src, _rep in rows] + list(reports.values())))}
    keys = set()
    for src, rep in rows:
        if src in sources:
            keys.add(src)
        elif rep in reports:
            via = reports[rep]
            keys.add(via if via in sources else f"report:{rep}")
    return len(keys)
