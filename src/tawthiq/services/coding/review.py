"""Review of extraction suggestions: a person accepts or rejects each one; accepting creates or links records.

All decisions on one report are one transaction: a bad choice anywhere and nothing is written. The report keeps
every suggestion with its decision and the records it produced (``records``), and the choices of a review left
half done (``draft``), so a second review continues where the first stopped. What may be chosen, and what is
proposed, is in :mod:`tawthiq.services.coding.decisions`.

Nothing here asks who is acting: :mod:`tawthiq.services.coding.reportdesk` (``suggestions``, ``decide``) checks the
account and is what the web and the command line call.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tawthiq.db.models import Act, Concept, Information, Place
from tawthiq.domain.errors import InvalidInput, Problem
from tawthiq.services.coding import decisions as rules
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.store import References, Writer, find_id, load_row
from tawthiq.services.records.validation import from_user_input
from tawthiq.services.workspace import Workspace

FIELDS = ("places", "actors", "persons", "dates", "violations", "sources", "counts")
GEO = {"exact": "exact", "near": "near", "region": "region", "country": "country", "unresolved": "region"}
MAX_CHOICE = 300  # characters of one kept choice (a pseudonym is the longest)


def _problem(key: str, reason: str, reason_ar: str) -> Problem:
    return Problem(key, reason, reason_ar)


@dataclass
class Decision:
    """One suggestion decided, with what the reviewer chose for it (see ``decisions.OPTIONS``): a person's role
    and act, a count's act, a violation's method…"""

    field: str
    index: int
    options: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.field}:{self.index}"

    @classmethod
    def parse(cls, text: str, options: dict[str, str] | None = None) -> Decision:
        """``violations:0`` → Decision("violations", 0). Raises InvalidInput naming the decision."""
        name, _, number = text.partition(":")
        if name not in FIELDS or not number.isdigit():
            raise InvalidInput.single("decision", f"{text[:40]!r}: write FIELD:INDEX, FIELD one of {', '.join(FIELDS)}",
                                      "اكتب الحقل:الرقم")
        return cls(name, int(number), {k: str(v).strip() for k, v in (options or {}).items() if str(v).strip()})


@dataclass
class ReviewOutcome:
    event_id: str | None
    created: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # figures kept as words rather than written over another


def list_suggestions(ws: Workspace, *, report: str) -> dict[str, Any]:
    """The report's suggestions, each with its ``status`` (pending, accepted, rejected)."""
    with ws.reading() as session:
        row = load_row(session, KINDS["report"], report)
    suggestions = row["suggestions"] or {}
    return {"report_id": row["id"], "event_id": suggestions.get("event_id"),
            "draft": suggestions.get("draft") or {"choices": {}, "event": None},
            **{f: [{"status": "pending", **s} for s in suggestions.get(f, [])] for f in FIELDS}}


def save_draft(ws: Workspace, *, report: str, choices: dict[str, dict[str, str]], event: str | None) -> None:
    """Keep the choices of a review left half done (decision and options per pending suggestion, and the event
    chosen), so that the page shows them again. Unchanged choices write nothing."""
    with ws.transaction() as session:
        current = load_row(session, KINDS["report"], report)
        suggestions = copy.deepcopy(current["suggestions"] or {})
        kept = {"choices": _pending_choices(suggestions, choices), "event": (event or None)}
        if kept == (suggestions.get("draft") or {"choices": {}, "event": None}):
            return
        suggestions["draft"] = kept
        writer = Writer(session, ws.user)
        writer.change(KINDS["report"], current, {"suggestions": suggestions}, change="review draft")
        writer.flush()


def _pending_choices(suggestions: dict[str, Any], choices: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The choices that name a pending suggestion, each value cut to MAX_CHOICE characters."""
    kept: dict[str, dict[str, str]] = {}
    for key, chosen in choices.items():
        name, _, number = key.partition(":")
        items = suggestions.get(name, []) if name in FIELDS else []
        if not number.isdigit() or int(number) >= len(items) or items[int(number)].get("status") in (
                "accepted", "rejected"):
            continue
        allowed = rules.OPTIONS.get(name, frozenset()) | {"decision"}
        values = {k: str(v)[:MAX_CHOICE] for k, v in chosen.items() if k in allowed and str(v).strip()}
        if values:
            kept[key] = values
    return kept


def review_report(ws: Workspace, *, report: str, accept: list[Decision], reject: list[Decision],
                  event: str | None = None, source_level: str = "restricted",
                  draft: dict[str, dict[str, str]] | None = None) -> ReviewOutcome:
    """Apply decisions. Accepting links the report to an event (the one given, the one a previous review made,
    or a new unverified event titled after the report), with an information saying the report supports it, and
    then per field:

    places → the event's place (an unresolved one becomes a new place inside its enclosing area); dates → the
    event's span; violations → an act of that type, with its method and its actors as perpetrators; actors →
    perpetrators of the act chosen (else, for an actor suggested as a perpetrator, of the acts accepted in the
    same review; one suggested in another role, a victim's side, a target, a controller, is made no one's perpetrator
    unless an act is chosen for it); persons → by the role chosen:
    a victim of the act chosen (with its harm), a perpetrator of it, a witness (a person whose source record, of
    kind witness, supports the event) or a source (a pseudonym only: the name the report gives is not kept);
    sources → a source (``source_level``) whose information supports the event; counts → the figure of their own
    kind on the act chosen, their breakdowns and the missing as words in its "victims as described".

    An act is chosen as ``violations:N`` (accepted now or before) or by the id of an act of the event. ``draft``
    replaces the choices kept for the suggestions left pending. Raises InvalidInput naming every bad decision and
    choice (``persons:0.role``); nothing is written then.
    """
    with ws.transaction() as session:
        current = load_row(session, KINDS["report"], report)
        suggestions = copy.deepcopy(current["suggestions"] or {})
        _check(suggestions, accept, reject)
        writer = Writer(session, ws.user)
        outcome = ReviewOutcome(None)
        if accept:
            target = event or suggestions.get("event_id")
            outcome.event_id = find_id(session, "event", target) if target else _new_event(writer, current)
            suggestions["event_id"] = outcome.event_id
            _link_report(session, writer, current, outcome)
            _apply(session, writer, current, suggestions, accept, outcome, source_level)
        for d, status in [*((d, "accepted") for d in accept), *((d, "rejected") for d in reject)]:
            for index in [d.index, *_parts(suggestions, d)]:
                suggestions[d.field][index]["status"] = status
        kept = (suggestions.get("draft") or {}).get("choices", {}) if draft is None else draft
        suggestions["draft"] = {"choices": _pending_choices(suggestions, kept),
                                "event": (suggestions.get("draft") or {}).get("event")}
        writer.change(KINDS["report"], current, {"suggestions": suggestions}, change="review")
        writer.flush()
    return outcome


def _parts(suggestions: dict[str, Any], d: Decision) -> list[int]:
    """The breakdowns of a count: decided with it."""
    if d.field != "counts":
        return []
    return [n for n, c in enumerate(suggestions.get("counts", [])) if c.get("part_of") == d.index]


def _check(suggestions: dict[str, Any], accept: list[Decision], reject: list[Decision]) -> None:
    """Every decision names a pending suggestion once, never a breakdown alone, with options of its field only."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for d in [*accept, *reject]:
        items = suggestions.get(d.field, [])
        if d.index >= len(items):
            problems.append(_problem(d.key, f"there is no suggestion {d.key}", "لا يوجد اقتراح بهذا الرقم"))
            continue
        item = items[d.index]
        if item.get("status") in ("accepted", "rejected"):
            problems.append(_problem(d.key, f"{d.key} was already {item['status']}", "تمت مراجعة هذا الاقتراح من قبل"))
        elif d.key in seen:
            problems.append(_problem(d.key, "is both accepted and rejected", "مقبول ومرفوض معاً"))
        elif isinstance(item.get("part_of"), int):
            total = f"counts:{item['part_of']}"
            problems.append(_problem(d.key, f"is a breakdown of {total}: decide {total}, and it goes with it",
                                     f"جزء من {total}: قرّر بشأن {total} ويتبعه هذا الجزء"))
        for option in sorted(set(d.options) - rules.OPTIONS.get(d.field, frozenset())):
            problems.append(_problem(f"{d.key}.{option}", f"is not a choice for {d.field}", "ليس خياراً لهذا الحقل"))
        seen.add(d.key)
    if problems:
        raise InvalidInput(problems)


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


def _link_report(session: Session, writer: Writer, report: dict[str, Any], outcome: ReviewOutcome) -> None:
    """The report supports the event it is coded into (once, whichever review first codes it there)."""
    linked = session.execute(select(Information.id).where(
        Information.report_id == report["id"], Information.event_id == outcome.event_id,
        Information.source_id.is_(None), Information.deleted_at.is_(None))).first()
    if not linked:
        _insert(session, writer, "information", {"report": report["id"], "event": outcome.event_id,
                                                  "relation": "supports", "connection": "documentary"}, outcome)


def _apply(session: Session, writer: Writer, report: dict[str, Any], suggestions: dict[str, Any],
           accept: list[Decision], outcome: ReviewOutcome, source_level: str = "restricted") -> None:
    plan = _Plan(session, suggestions, outcome.event_id or "")
    plan.check(accept)
    chosen = {f: [suggestions[f][d.index] for d in accept if d.field == f] for f in FIELDS}
    event = load_row(session, KINDS["event"], outcome.event_id or "")
    changes: dict[str, Any] = {}
    for place in chosen["places"][:1]:
        changes.update(place_text=place["text"], geo_precision=GEO.get(place["precision"], "region"))
        changes["place_id"] = _new_place(session, writer, place, outcome)
    for span in chosen["dates"][:1]:
        changes.update(start_date=date.fromisoformat(span["start"]), end_date=date.fromisoformat(span["end"]),
                       date_precision=span["precision"])
    if changes:
        writer.change(KINDS["event"], event, changes, change="review")
    for d in accept:
        if d.field == "violations":
            violation = suggestions["violations"][d.index]
            method = d.options.get("method", violation.get("method") or "")
            act_id = _insert(session, writer, "act", {"event": outcome.event_id, "type": violation["type"],
                                                      "description": violation["text"][:2000],
                                                      **({"method": method} if method else {})}, outcome)
            plan.acts[d.key] = act_id
            violation["records"] = {"act": act_id}
    involved: set[tuple[str, str]] = set()

    def perpetrate(act_id: str, slug: str) -> None:
        if (act_id, slug) not in involved:
            involved.add((act_id, slug))
            _insert(session, writer, "involvement", {"act": act_id, "actor": slug, "degree": "carried-out"}, outcome)

    for d in accept:
        if d.field == "violations":
            for slug in suggestions["violations"][d.index].get("actors", []):
                perpetrate(plan.acts[d.key], slug)
    for d in accept:
        if d.field == "actors":
            actor = suggestions["actors"][d.index]
            if not d.options.get("act") and actor.get("role", "perpetrator") != "perpetrator":
                targets = []  # the victims' side, a controller, a target: a perpetrator only where the reviewer says
            else:
                targets = [plan.act(d)] if d.options.get("act") or not plan.new_acts() else plan.new_acts()
            for act_id in targets:
                perpetrate(act_id, actor["slug"])
            actor["records"] = {"acts": targets}
    for d in accept:
        if d.field == "persons":
            _person(session, writer, report, suggestions, d, plan, outcome, source_level)
        elif d.field == "sources":
            source = suggestions["sources"][d.index]
            source_id = _insert(session, writer, "source", {
                "pseudonym": (d.options.get("pseudonym") or source["text"])[:300],
                "kind": "insider" if source.get("anonymous") else "witness",
                "confidentiality": source_level, "consent_publish": False}, outcome)
            info = _insert(session, writer, "information", {"report": report["id"], "source": source_id,
                                                            "event": outcome.event_id, "relation": "supports"}, outcome)
            source["records"] = {"source": source_id, "information": info}
    _counts(session, writer, report, suggestions, [d for d in accept if d.field == "counts"], plan, outcome)


class _Plan:
    """The acts the decisions name, checked before anything is written: ``violations:N`` (accepted now, or
    before and kept as ``records``) or an act of the event by its id."""

    def __init__(self, session: Session, suggestions: dict[str, Any], event_id: str) -> None:
        self.session, self.suggestions, self.event_id = session, suggestions, event_id
        self.acts: dict[str, str] = {}  # "violations:N" -> the act made from it in this review
        self.accepted: set[str] = set()
        self.parents = {slug: parent.split(":", 1)[1] if parent else None for slug, parent in session.execute(
            select(Concept.slug, Concept.parent_id).where(Concept.vocabulary == "violation-types"))}
        self.slugs = {vocab: set(session.scalars(select(Concept.slug).where(
            Concept.vocabulary == vocab, Concept.deleted_at.is_(None)))) for vocab in ("methods", "victim-groups")}

    def new_acts(self) -> list[str]:
        return list(self.acts.values())

    def check(self, accept: list[Decision]) -> None:
        self.accepted = {d.key for d in accept if d.field == "violations"}
        problems: list[Problem] = []
        for d in accept:
            problems += self._problems(d)
        if problems:
            raise InvalidInput(problems)

    def _problems(self, d: Decision) -> list[Problem]:
        out: list[Problem] = []
        role, method, harm = d.options.get("role", ""), d.options.get("method", ""), d.options.get("harm", "")
        if d.field == "persons" and role not in rules.ROLES:
            out.append(_problem(f"{d.key}.role", f"choose a role: {', '.join(rules.ROLES)}",
                                "اختر دوراً: ضحية أو مرتكب أو شاهد أو مصدر"))
        if method and method not in self.slugs["methods"]:
            out.append(_problem(f"{d.key}.method", f"{method[:40]!r} is not a method", "ليس أسلوباً معروفاً"))
        if harm and harm not in self.slugs["victim-groups"]:
            out.append(_problem(f"{d.key}.harm", f"{harm[:40]!r} is not a harm", "ليس ضرراً معروفاً"))
        needs_act = (d.field == "persons" and role in rules.NEEDS_ACT) or d.field == "counts" or (
            d.field == "actors" and d.options.get("act"))
        if needs_act:
            try:
                self._target(d)
            except InvalidInput as exc:
                out += exc.problems
        return out

    def _default(self, d: Decision) -> str | None:
        item = self.suggestions[d.field][d.index]
        violations = [{**v, "status": "accepted" if f"violations:{n}" in self.accepted else v.get("status")}
                      for n, v in enumerate(self.suggestions.get("violations", []))]
        violations = [v if v.get("status") == "accepted" else {**v, "status": "rejected"} for v in violations]
        return rules.default_act(d.field, item, violations, self.parents)

    def _target(self, d: Decision) -> tuple[str, str]:
        """("new", "violations:N") or ("act", id). Raises InvalidInput naming ``KEY.act``."""
        chosen = d.options.get("act") or self._default(d)
        if not chosen:
            raise InvalidInput.single(f"{d.key}.act", "choose the act it belongs to (accept a violation for it)",
                                      "اختر الفعل الذي ينتمي إليه (اقبل انتهاكاً له)")
        if chosen.startswith(rules.ACT_REF):
            number = chosen.removeprefix(rules.ACT_REF)
            violations = self.suggestions.get("violations", [])
            if not number.isdigit() or int(number) >= len(violations):
                raise InvalidInput.single(f"{d.key}.act", f"there is no suggestion {chosen[:40]}",
                                          "لا يوجد اقتراح بهذا الرقم")
            if chosen in self.accepted:
                return "new", chosen
            made = (violations[int(number)].get("records") or {}).get("act")
            if violations[int(number)].get("status") != "accepted" or not made:
                raise InvalidInput.single(f"{d.key}.act", f"{chosen} is not accepted: accept it too, or choose "
                                          "another act", "هذا الانتهاك غير مقبول: اقبله أيضاً أو اختر فعلاً آخر")
            chosen = str(made)
        act = self.session.execute(select(Act.id).where(Act.id == chosen, Act.event_id == self.event_id,
                                                        Act.deleted_at.is_(None))).scalar()
        if act is None:
            raise InvalidInput.single(f"{d.key}.act", "is not an act of the event the report is coded into",
                                      "ليس فعلاً من أفعال الحدث الذي يُرمَّز فيه التقرير")
        return "act", str(act)

    def act(self, d: Decision) -> str:
        """The id of the act a decision goes to (after the violations of this review are written)."""
        kind, ref = self._target(d)
        return self.acts[ref] if kind == "new" else ref

    def act_type(self, act_id: str) -> str:
        type_id = self.session.execute(select(Act.type_id).where(Act.id == act_id)).scalar() or ""
        return str(type_id).split(":", 1)[-1]


def _person(session: Session, writer: Writer, report: dict[str, Any], suggestions: dict[str, Any], d: Decision,
            plan: _Plan, outcome: ReviewOutcome, source_level: str) -> None:
    """A person by the role chosen (see :func:`review_report`)."""
    item = suggestions["persons"][d.index]
    role = d.options["role"]
    records: dict[str, str] = {}
    if role != "source":
        records["person"] = _insert(session, writer, "person", {
            "name": item["name"][:300], "confidentiality": report["confidentiality"]}, outcome)
    if role == "victim":
        act_id = plan.act(d)
        harm = d.options.get("harm") or rules.harm_for(plan.act_type(act_id), plan.parents)
        records["victim"] = _insert(session, writer, "victim", {"act": act_id, "person": records["person"],
                                                                **({"harm": harm} if harm else {})}, outcome)
    elif role == "perpetrator":
        records["involvement"] = _insert(session, writer, "involvement", {
            "act": plan.act(d), "person": records["person"], "degree": "carried-out"}, outcome)
    else:
        name = d.options.get("pseudonym") or rules.pseudonym(d.index + 1, report["id"], report.get("language") or "")
        records["source"] = _insert(session, writer, "source", {
            "pseudonym": name[:300], "confidentiality": source_level, "consent_publish": False,
            **({"kind": "witness", "person": records["person"]} if role == "witness" else {})}, outcome)
        records["information"] = _insert(session, writer, "information", {
            "report": report["id"], "source": records["source"], "event": outcome.event_id, "relation": "supports",
            **({"connection": "eyewitness"} if role == "witness" else {})}, outcome)
    item["records"] = records
    item["role"] = role


def _counts(session: Session, writer: Writer, report: dict[str, Any], suggestions: dict[str, Any],
            accepted: list[Decision], plan: _Plan, outcome: ReviewOutcome) -> None:
    """Each figure to its own kind's column of the act chosen, never another's; what the act cannot hold as a
    figure (the missing, a breakdown, a figure where the act already has another) as words beside it."""
    counts = suggestions.get("counts", [])
    title, language = str(report.get("title") or "")[:80], str(report.get("language") or "")
    written: dict[tuple[str, str], str] = {}
    changes: dict[str, dict[str, Any]] = {}
    notes: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for d in accepted:
        item, act_id = counts[d.index], plan.act(d)
        kind, value = str(item["kind"]), int(item["value"])
        act = load_row(session, KINDS["act"], act_id)
        lines = notes.setdefault(act_id, [])
        if kind in rules.ACT_FIGURES and (act_id, kind) in written:
            problems.append(_problem(f"{d.key}.act", f"{written[act_id, kind]} already gives this act its {kind} "
                                     "figure: choose another act, or reject one", "هذا الفعل أخذ رقمه من اقتراح آخر"))
        elif kind in rules.ACT_FIGURES and act.get(kind) is None:
            changes.setdefault(act_id, {})[kind] = value
            written[act_id, kind] = d.key
        elif kind not in rules.ACT_FIGURES or act.get(kind) != value:
            lines.append(rules.figure_note(kind, value, str(item.get("text", ""))[:200], title, language))
            if kind in rules.ACT_FIGURES:
                outcome.notes.append(f"{d.key}: the act already records {kind} {act.get(kind)}; {value} is kept "
                                     "in its victims as described")
        for part in counts:
            if part.get("part_of") == d.index:
                lines.append(rules.breakdown_note(kind, value, str(part.get("group") or ""), int(part["value"]),
                                                  str(part.get("text", ""))[:200], title, language))
        item["records"] = {"act": act_id}
    if problems:
        raise InvalidInput(problems)
    for act_id in dict.fromkeys([*changes, *(a for a, lines in notes.items() if lines)]):
        act = load_row(session, KINDS["act"], act_id)
        values = dict(changes.get(act_id, {}))
        if notes.get(act_id):
            values["victim_description"] = "\n".join(x for x in (act.get("victim_description"), *notes[act_id]) if x)
        writer.change(KINDS["act"], act, values, change="review")


def _new_place(session: Session, writer: Writer, place: dict[str, Any], outcome: ReviewOutcome) -> str:
    """The place an accepted suggestion names, created only when no record of it exists: the resolved place (or,
    merged or deleted since the suggestion was made, the one live place of its name at its point); else the one
    place of that name directly in the area the text put it in (an earlier review may have made it); else a new
    place there. One record per real place: a second report on the same village finds the first one's."""
    from tawthiq.services.coding.duplicates import find_same_place

    if place.get("place_id"):
        live = session.execute(select(Place.id).where(Place.id == place["place_id"], Place.deleted_at.is_(None)))
        found = live.scalar() or find_same_place(session, place["name"], near=(place.get("lat"), place.get("lon")))
        if found:
            return str(found)
    parent = None
    if place.get("gazetteer_id"):
        parent = session.execute(select(Place.id).where(Place.gazetteer_id == place["gazetteer_id"],
                                                        Place.deleted_at.is_(None))).scalar()
    existing = find_same_place(session, place["name"], parent=parent)
    if existing:
        return existing
    data = {"name": place["name"][:300], "feature": "locality", "parent": parent, "confidentiality": "public"}
    return _insert(session, writer, "place", data, outcome)
