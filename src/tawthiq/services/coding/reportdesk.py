"""Report intake on the web: pasted text becomes a report with extraction suggestions, which a person accepts
or rejects one by one (services.review does the coding); the text is shown with each suggestion marked, each
suggestion with labels and the choices it needs (a person's role and act, a count's act…), and the events the
report may be coded into: within the reviewer's clearance, among those it may edit."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.policy import Action, Principal, ensure, readable_levels
from tawthiq.intake.language import detect_language
from tawthiq.services.accounts.users import Account
from tawthiq.services.browse.search import Filters, search
from tawthiq.services.coding import decisions as rules, review
from tawthiq.services.coding.extraction import Extractor
from tawthiq.services.records import access
from tawthiq.services.records.vocabularies import list_concepts
from tawthiq.services.workspace import Workspace

MAX_TEXT = 200_000
# violations span whole sentences: listed, not marked
MARKED = ("places", "actors", "persons", "dates", "sources", "counts")
MAX_EVENTS = 10  # events offered for a search


def intake_text(ws: Workspace, account: Account, *, title: str, text: str,
                confidentiality: str = "internal") -> dict[str, Any]:
    """A report from pasted text, with its extraction suggestions. Raises Forbidden or InvalidInput (nothing
    written)."""
    if not text.strip():
        raise InvalidInput.single("text", "paste the text of the report", "الصق نص التقرير")
    if len(text) > MAX_TEXT:
        raise InvalidInput.single("text", f"at most {MAX_TEXT:,} characters", f"{MAX_TEXT:,} حرف على الأكثر")
    language = detect_language(text)
    suggestions = Extractor.for_workspace(ws).extract(text, language=language, published_on=None)
    heading = title.strip() or text.strip().splitlines()[0][:120]
    return access.create(ws, account, kind="report", data={
        "title": heading, "text": text, "language": language if language in ("ar", "en") else "other",
        "received_on": datetime.now(UTC).date().isoformat(), "suggestions": suggestions,
        "confidentiality": confidentiality,
    })


@dataclass(frozen=True)
class Segment:
    text: str
    field: str | None = None  # the suggestion this piece of text is, if any
    index: int | None = None


@dataclass
class ActChoice:
    value: str  # "violations:N" or an act's id
    label: tuple[str, str]  # English, Arabic
    detail: str


# The role of an actor in a report (extraction's ``role``), in English and Arabic.
ACTOR_ROLE_LABELS = {"perpetrator": ("Perpetrator", "مرتكب"), "victim": ("Victims' side", "طرف الضحايا"),
                     "target": ("Target of the attack", "هدف الهجوم"),
                     "controller": ("In control of the area", "مسيطر على المنطقة"),
                     "mentioned": ("Mentioned only", "مذكور فقط")}


@dataclass
class ReviewView:
    report: dict[str, Any]
    suggestions: dict[str, list[dict[str, Any]]]  # by field, each with its status, ``key`` and ``labels``
    segments: list[Segment]
    event_id: str | None  # the event an earlier review coded the report into
    editable: bool
    event: dict[str, Any] | None = None  # the event the next decisions go to (None: a new one)
    candidates: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # events found for ``find``
    find: str = ""
    choices: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)  # per suggestion: decision and options
    acts: list[ActChoice] = dataclasses.field(default_factory=list)
    methods: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    harms: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    roles: dict[str, tuple[str, str]] = dataclasses.field(default_factory=lambda: dict(rules.ROLE_LABELS))
    kinds: dict[str, tuple[str, str]] = dataclasses.field(default_factory=lambda: dict(rules.KIND_LABELS))


def review_view(ws: Workspace, account: Account, *, report: str, find: str | None = None,
                submitted: dict[str, dict[str, str]] | None = None, event: str | None = None) -> ReviewView:
    """The report's text cut into plain and marked pieces, its suggestions with their status and labels, and the
    choices to show: ``submitted`` (a form sent back after an error), else those kept from a review left half
    done, else the proposed ones. ``find`` searches the events it may be coded into; ``event`` (else the kept or
    earlier one) is the one the page proposes. NotFound if the report is unreadable."""
    record = access.read_record(ws, account, kind="report", ident=report)
    listed = review.list_suggestions(ws, report=record["id"])
    draft = listed["draft"]
    chosen_event = event if event is not None else (draft.get("event") or listed.get("event_id"))
    target = _readable_event(ws, account, chosen_event) if chosen_event else None
    suggestions = {f: listed[f] for f in review.FIELDS}
    view = ReviewView(record, suggestions, _segments(record.get("text") or "", listed), listed.get("event_id"),
                      access.may(account, Action.EDIT, record), target, find=(find or "").strip()[:200])
    concepts = {v: list_concepts(ws, v) for v in ("violation-types", "methods", "victim-groups")}
    view.methods, view.harms = concepts["methods"], concepts["victim-groups"]
    parents = {c["slug"]: c["parent"] for c in concepts["violation-types"]}
    _label(ws, account, suggestions, concepts)
    view.choices = _choices(suggestions, submitted if submitted is not None else draft.get("choices", {}), parents)
    view.acts = _act_choices(ws, account, suggestions, target, listed.get("event_id"), concepts)
    if view.find or find is not None:
        view.candidates = find_events(ws, account, text=view.find)
    return view


def _readable_event(ws: Workspace, account: Account, ident: str) -> dict[str, Any] | None:
    try:
        return access.read_record(ws, account, kind="event", ident=ident)
    except NotFound:
        return None  # deleted since, or now above the clearance: the page proposes a new event


def _label(ws: Workspace, account: Account, suggestions: dict[str, list[dict[str, Any]]],
           concepts: dict[str, list[dict[str, Any]]]) -> None:
    """Labels in both languages for what the suggestions name by slug: violation types, methods, actors, kinds."""
    names = {vocab: {c["slug"]: (c["label_en"], c["label_ar"]) for c in found} for vocab, found in concepts.items()}
    slugs = {a.get("slug") for a in suggestions["actors"]} | {s for v in suggestions["violations"]
                                                            for s in v.get("actors", [])}
    actors = {a["slug"]: (a["name"], a.get("name_ar") or a["name"]) for a in
              access.list_readable(ws, account, kind="actor", limit=None) if a.get("slug") in slugs}
    for field_name, items in suggestions.items():
        for n, item in enumerate(items):
            item["key"] = f"{field_name}:{n}"
            labels: dict[str, Any] = {}
            if field_name == "violations":
                labels["type"] = names["violation-types"].get(item.get("type", ""), (item.get("type"),) * 2)
                labels["method"] = names["methods"].get(item.get("method") or "")
                labels["actors"] = [actors.get(slug, (slug, slug)) for slug in item.get("actors", [])]
            elif field_name == "actors":
                labels["actor"] = actors.get(item.get("slug", ""), (item.get("text"),) * 2)
                labels["role"] = ACTOR_ROLE_LABELS.get(actor_role(item))
            elif field_name == "counts":
                labels["kind"] = rules.KIND_LABELS.get(item.get("kind", ""), (item.get("kind"),) * 2)
                labels["parts"] = [p for p in items if p.get("part_of") == n]
            item["labels"] = labels


def _choices(suggestions: dict[str, list[dict[str, Any]]], kept: dict[str, dict[str, str]],
             parents: dict[str, str | None]) -> dict[str, dict[str, str]]:
    """The choices shown for each pending suggestion: those kept (or sent back), else the proposed ones."""
    out: dict[str, dict[str, str]] = {}
    for field_name, items in suggestions.items():
        for n, item in enumerate(items):
            key = f"{field_name}:{n}"
            if item.get("status") != "pending" or isinstance(item.get("part_of"), int):
                continue
            proposed: dict[str, str] = {"decision": ""}
            if field_name == "persons":
                proposed["role"] = rules.default_role(item, suggestions["sources"])
            if field_name in ("persons", "counts"):
                proposed["act"] = rules.default_act(field_name, item, suggestions["violations"], parents) or ""
            if field_name == "violations":
                proposed["method"] = item.get("method") or ""
            if field_name == "actors":  # a perpetrator of the violation it is named in; any other role, of none
                proposed["act"] = _perpetrated(item, suggestions["violations"]) or ""
            out[key] = {**proposed, **kept.get(key, {})}
    return out


def actor_role(item: dict[str, Any]) -> str:
    """An actor suggestion's role (``tawthiq.extract.roles.ROLES``); one kept from before roles were given is a
    perpetrator, as the review takes it."""
    return str(item.get("role") or "perpetrator")


def _perpetrated(item: dict[str, Any], violations: list[dict[str, Any]]) -> str | None:
    """The violation (``violations:N``) a perpetrator suggestion committed: one not rejected that names its actor,
    the one of its sentence first. None for an actor in another role, or named in no violation."""
    if actor_role(item) != "perpetrator":
        return None
    named = [(n, v) for n, v in enumerate(violations)
             if v.get("status") != "rejected" and item.get("slug") in v.get("actors", [])]
    named.sort(key=lambda pair: not rules.contains(pair[1], item))
    return f"{rules.ACT_REF}{named[0][0]}" if named else None


def _act_choices(ws: Workspace, account: Account, suggestions: dict[str, list[dict[str, Any]]],
                 event: dict[str, Any] | None, earlier: str | None,
                 concepts: dict[str, list[dict[str, Any]]]) -> list[ActChoice]:
    """The acts a person, an actor or a count may go to: the violations of the report not rejected, then the acts
    of the event proposed that the account may edit."""
    types = {c["slug"]: (c["label_en"], c["label_ar"]) for c in concepts["violation-types"]}
    same = bool(event) and event is not None and event["id"] == earlier  # acts made before are in that event
    out = [ActChoice(v["key"], types.get(v["type"], (v["type"], v["type"])), v.get("text", "")[:90])
           for v in suggestions["violations"] if v.get("status") == "pending"
           or (v.get("status") == "accepted" and same and (v.get("records") or {}).get("act"))]
    if event:
        made = {(v.get("records") or {}).get("act") for v in suggestions["violations"]}
        for act in access.related(ws, account, kind="event", ident=event["id"]).get("acts", []):
            if act["id"] not in made and access.may(account, Action.EDIT, act):
                slug = str(act.get("type_id") or "").split(":", 1)[-1]
                out.append(ActChoice(act["id"], types.get(slug, (slug, slug)), (act.get("description") or "")[:90]))
    return out


def event_targets(ws: Workspace, account: Account, *, report: str, text: str) -> list[dict[str, Any]]:
    """:func:`find_events` for a report the account may read. Raises NotFound."""
    access.read_record(ws, account, kind="report", ident=report)
    return find_events(ws, account, text=text)


def find_events(ws: Workspace, account: Account, *, text: str, limit: int = MAX_EVENTS) -> list[dict[str, Any]]:
    """Events whose words match ``text`` (the most recent ones when it is empty) that the account may read and
    edit: those a report may be coded into. Each as :func:`access.read_record` shows it."""
    found = search(ws, account, query=text, filters=Filters(kinds=["event"]), limit=limit * 3)
    out = []
    for hit in found.hits:
        try:
            event = access.read_record(ws, account, kind="event", ident=hit.record_id)
        except NotFound:
            continue
        if access.may(account, Action.EDIT, event):
            out.append(event)
        if len(out) >= limit:
            break
    return out


def _segments(text: str, suggestions: dict[str, Any]) -> list[Segment]:
    spans = []
    for field in MARKED:
        for index, item in enumerate(suggestions.get(field, [])):
            start, end = item.get("start_offset", item.get("start")), item.get("end_offset", item.get("end"))
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
                spans.append((start, end, field, index))
    pieces, position = [], 0
    for start, end, field, index in sorted(spans):
        if start < position:
            continue  # overlapping marks: the first one wins
        if start > position:
            pieces.append(Segment(text[position:start]))
        pieces.append(Segment(text[start:end], field, index))
        position = end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces


@dataclass
class Suggestions:
    """A report's suggestions by field, each with its status (pending, accepted, rejected), and the event that
    its accepted ones were coded into."""

    report_id: str
    event_id: str | None
    suggestions: dict[str, list[dict[str, Any]]]


def suggestions(ws: Workspace, account: Account, *, report: str) -> Suggestions:
    """The suggestions of a report the account may read. Raises NotFound (missing, or above the clearance)."""
    view = review_view(ws, account, report=report)
    return Suggestions(view.report["id"], view.event_id, view.suggestions)


def source_level(account: Principal) -> str:
    """The level of the sources a review creates: restricted, or the account's clearance when that is lower."""
    return readable_levels(account)[-1]


def decide(ws: Workspace, account: Account, *, report: str, accept: list[str], reject: list[str],
           event: str | None = None, options: dict[str, dict[str, str]] | None = None,
           draft: dict[str, dict[str, str]] | None = None) -> review.ReviewOutcome:
    """Accept and reject suggestions (``field:index``) as ``account``; accepted ones become records linked to an
    event: ``event`` when given (an id or prefix), else the one an earlier review made, else a new one. ``options``
    holds what was chosen per suggestion (``{"persons:0": {"role": "victim", "act": "violations:1"}}``, see
    ``decisions.OPTIONS``); an act named by id must be one of that event's. ``draft`` keeps the choices of the
    suggestions left pending. The account must be allowed to edit the report, that event and the acts it names.

    Raises NotFound (the report, event or an act missing or above the clearance), Forbidden, or InvalidInput (a
    bad or already decided suggestion, a choice missing or wrong): nothing written then.
    """
    record = access.read_record(ws, account, kind="report", ident=report)
    ensure(account, Action.EDIT, access.target(record, record["effective_level"]), what=f"report {report}")
    chosen = options or {}
    accepted = [review.Decision.parse(d, chosen.get(d)) for d in accept]
    rejected = [review.Decision.parse(d) for d in reject]
    if accepted:
        ensure(account, Action.CREATE, what="records from a report")
    into = event or (review.list_suggestions(ws, report=record["id"]).get("event_id") if accepted else None)
    if into:
        target = access.read_record(ws, account, kind="event", ident=into)
        ensure(account, Action.EDIT, access.target(target, target["effective_level"]), what=f"event {into}")
        into = target["id"]
    for d in accepted:
        named = d.options.get("act", "")
        if named and not named.startswith(rules.ACT_REF):
            act = access.read_record(ws, account, kind="act", ident=named)
            ensure(account, Action.EDIT, access.target(act, act["effective_level"]), what=f"act {named}")
            d.options["act"] = act["id"]
    return review.review_report(access.acting(ws, account), report=record["id"], accept=accepted, reject=rejected,
                                event=into, source_level=source_level(account), draft=draft)


def keep_choices(ws: Workspace, account: Account, *, report: str, choices: dict[str, dict[str, str]],
                 event: str | None) -> None:
    """Keep the choices of a review left half done, so that the page shows them again. The account must be
    allowed to edit the report; ``event``, when given, must be one it may read. Raises NotFound or Forbidden."""
    record = access.read_record(ws, account, kind="report", ident=report)
    ensure(account, Action.EDIT, access.target(record, record["effective_level"]), what=f"report {report}")
    if event:
        event = access.read_record(ws, account, kind="event", ident=event)["id"]
    review.save_draft(access.acting(ws, account), report=record["id"], choices=choices, event=event)
