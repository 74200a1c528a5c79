"""Review of extraction suggestions: a person accepts or rejects each one; accepting creates or links records.

All decisions on one report are one transaction. The report keeps every suggestion with its decision and
the records it produced, so a second review continues where the first stopped.

Nothing here asks who is acting: :mod:`tawthiq.services.coding.reportdesk` (``suggestions``, ``decide``) checks the
account and is what the web and the command line call.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tawthiq.db.models import Place
from tawthiq.domain.errors import InvalidInput
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.store import References, Writer, find_id, load_row
from tawthiq.services.records.validation import from_user_input
from tawthiq.services.workspace import Workspace

FIELDS = ("places", "actors", "persons", "dates", "violations", "sources", "counts")
GEO = {"exact": "exact", "near": "near", "region": "region", "country": "country", "unresolved": "region"}


@dataclass
class Decision:
    field: str
    index: int

    @classmethod
    def parse(cls, text: str) -> Decision:
        """``violations:0`` → Decision("violations", 0). Raises InvalidInput naming the decision."""
        name, _, number = text.partition(":")
        if name not in FIELDS or not number.isdigit():
            raise InvalidInput.single("decision", f"{text!r}: write FIELD:INDEX, FIELD one of {', '.join(FIELDS)}",
                                      "اكتب الحقل:الرقم")
        return cls(name, int(number))


@dataclass
class ReviewOutcome:
    event_id: str | None
    created: dict[str, list[str]] = field(default_factory=dict)


def list_suggestions(ws: Workspace, *, report: str) -> dict[str, Any]:
    """The report's suggestions, each with its ``status`` (pending, accepted, rejected)."""
    with ws.reading() as session:
        row = load_row(session, KINDS["report"], report)
    suggestions = row["suggestions"] or {}
    return {"report_id": row["id"], "event_id": suggestions.get("event_id"),
            **{f: [{"status": "pending", **s} for s in suggestions.get(f, [])] for f in FIELDS}}


def review_report(ws: Workspace, *, report: str, accept: list[Decision], reject: list[Decision],
                  event: str | None = None) -> ReviewOutcome:
    """Apply decisions. Accepting links the report to an event (the one given, the one a previous review made,
    or a new unverified event titled after the report), and then per field:

    places → the event's place (an unresolved one becomes a new place inside its enclosing area); dates → the
    event's span; violations → an act of that type with its actors as perpetrators; actors → perpetrators of
    the acts accepted in the same review; persons → new persons; sources → a new restricted source whose
    information supports the event; counts → the figure on the act of the same sentence (else the first act).
    """
    with ws.transaction() as session:
        current = load_row(session, KINDS["report"], report)
        suggestions = copy.deepcopy(current["suggestions"] or {})
        for d in [*accept, *reject]:
            items = suggestions.get(d.field, [])
            if d.index >= len(items):
                raise InvalidInput.single(d.field, f"there is no suggestion {d.field}:{d.index}",
                                          "لا يوجد اقتراح بهذا الرقم")
            if items[d.index].get("status") in ("accepted", "rejected"):
                raise InvalidInput.single(d.field, f"{d.field}:{d.index} was already {items[d.index]['status']}",
                                          "تمت مراجعة هذا الاقتراح من قبل")
        writer = Writer(session, ws.user)
        outcome = ReviewOutcome(None)
        if accept:
            target = event or suggestions.get("event_id")
            outcome.event_id = find_id(session, "event", target) if target else _new_event(writer, current)
            suggestions["event_id"] = outcome.event_id
            if not target:
                _insert(session, writer, "information", {"report": current["id"], "event": outcome.event_id,
                                                          "relation": "supports", "connection": "documentary"}, outcome)
            _apply(session, writer, current, suggestions, accept, outcome)
        for d in accept:
            suggestions[d.field][d.index]["status"] = "accepted"
        for d in reject:
            suggestions[d.field][d.index]["status"] = "rejected"
        writer.change(KINDS["report"], current, {"suggestions": suggestions}, change="review")
        writer.flush()
    return outcome


def _new_event(writer: Writer, report: dict[str, Any]) -> str:
    values = from_user_input(KINDS["event"], {"title": report["title"][:500], "status": "unverified",
                                              "confidentiality": report["confidentiality"]}, partial=False)
    return str(writer.insert(KINDS["event"], values)["id"])


def _insert(session: Session, writer: Writer, kind: str, data: dict[str, Any], outcome: ReviewOutcome) -> str:
    spec = KINDS[kind]
    refs = References(session)
    for known in outcome.created.get(KINDS["act"].plural, []):
        refs.add("act", known)
    if outcome.event_id:
        refs.add("event", outcome.event_id)
    values = refs.resolve(spec, from_user_input(spec, data, partial=False))
    row = writer.insert(spec, values)
    writer.flush()
    outcome.created.setdefault(spec.plural, []).append(row["id"])
    return str(row["id"])


def _apply(session: Session, writer: Writer, report: dict[str, Any], suggestions: dict[str, Any],
           accept: list[Decision], outcome: ReviewOutcome) -> None:
    chosen = {f: [suggestions[f][d.index] for d in accept if d.field == f] for f in FIELDS}
    event = load_row(session, KINDS["event"], outcome.event_id or "")
    changes: dict[str, Any] = {}
    for place in chosen["places"][:1]:
        changes.update(place_text=place["text"], geo_precision=GEO.get(place["precision"], "region"))
        changes["place_id"] = place.get("place_id") or _new_place(session, writer, place, outcome)
    for span in chosen["dates"][:1]:
        changes.update(start_date=date.fromisoformat(span["start"]), end_date=date.fromisoformat(span["end"]),
                       date_precision=span["precision"])
    if changes:
        writer.change(KINDS["event"], event, changes, change="review")
    acts: list[tuple[str, dict[str, Any]]] = []
    for violation in chosen["violations"]:
        act_id = _insert(session, writer, "act", {"event": outcome.event_id, "type": violation["type"],
                                                  "description": violation["text"][:2000]}, outcome)
        acts.append((act_id, violation))
    perpetrators = {a["slug"] for a in chosen["actors"]}
    for act_id, violation in acts:
        for slug in dict.fromkeys([*violation.get("actors", []), *perpetrators]):
            _insert(session, writer, "involvement", {"act": act_id, "actor": slug, "degree": "carried-out"}, outcome)
    for person in chosen["persons"]:
        _insert(session, writer, "person", {"name": person["name"][:300], "confidentiality": report["confidentiality"]},
                outcome)
    for source in chosen["sources"]:
        source_id = _insert(session, writer, "source", {
            "pseudonym": source["text"][:300], "kind": "insider" if source.get("anonymous") else "witness",
            "confidentiality": "restricted", "consent_publish": False}, outcome)
        _insert(session, writer, "information", {"report": report["id"], "source": source_id, "event": outcome.event_id,
                                                  "relation": "supports"}, outcome)
    for count in chosen["counts"]:
        target = _act_for(count, acts) or next(iter(outcome.created.get("acts", [])), None)
        if target:
            act = load_row(session, KINDS["act"], target)
            if act.get(count["kind"]) is None:
                writer.change(KINDS["act"], act, {count["kind"]: int(count["value"])}, change="review")


def _act_for(count: dict[str, Any], acts: list[tuple[str, dict[str, Any]]]) -> str | None:
    for act_id, violation in acts:
        if violation.get("start", -1) <= count.get("start", -2) < violation.get("end", -1):
            return act_id
    return None


def _new_place(session: Session, writer: Writer, place: dict[str, Any], outcome: ReviewOutcome) -> str:
    """A settlement the gazetteer lacks: a new place, inside the area the text put it in when there was one."""
    parent = None
    if place.get("gazetteer_id"):
        parent = session.execute(select(Place.id).where(Place.gazetteer_id == place["gazetteer_id"])).scalar()
    data = {"name": place["name"][:300], "feature": "locality", "parent": parent, "confidentiality": "public"}
    return _insert(session, writer, "place", data, outcome)
