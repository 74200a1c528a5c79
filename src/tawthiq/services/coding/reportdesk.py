"""Report intake on the web: pasted text becomes a report with extraction suggestions, which a person accepts
or rejects one by one (services.review does the coding); the text is shown with each suggestion marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, ensure
from tawthiq.intake.language import detect_language
from tawthiq.services.accounts.users import Account
from tawthiq.services.coding import review
from tawthiq.services.coding.extraction import Extractor
from tawthiq.services.records import access
from tawthiq.services.workspace import Workspace

MAX_TEXT = 200_000
# violations span whole sentences: listed, not marked
MARKED = ("places", "actors", "persons", "dates", "sources", "counts")


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
class ReviewView:
    report: dict[str, Any]
    suggestions: dict[str, list[dict[str, Any]]]  # by field, each with its status
    segments: list[Segment]
    event_id: str | None
    editable: bool


def review_view(ws: Workspace, account: Account, *, report: str) -> ReviewView:
    """The report's text cut into plain and marked pieces, and its suggestions with their status. NotFound if
    unreadable."""
    record = access.read_record(ws, account, kind="report", ident=report)
    listed = review.list_suggestions(ws, report=record["id"])
    return ReviewView(record, {f: listed[f] for f in review.FIELDS}, _segments(record.get("text") or "", listed),
                      listed.get("event_id"), access.may(account, Action.EDIT, record))


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


def decide(ws: Workspace, account: Account, *, report: str, accept: list[str], reject: list[str],
           event: str | None = None) -> review.ReviewOutcome:
    """Accept and reject suggestions (``field:index``) as ``account``; accepted ones become records linked to an
    event: ``event`` when given (an id or prefix), else the one an earlier review made, else a new one. The account
    must be allowed to edit the report and that event.

    Raises NotFound (the report or event missing or above the clearance), Forbidden, or InvalidInput (a bad or
    already decided suggestion): nothing written then.
    """
    record = access.read_record(ws, account, kind="report", ident=report)
    ensure(account, Action.EDIT, access.target(record, record["effective_level"]), what=f"report {report}")
    accepted, rejected = [review.Decision.parse(d) for d in accept], [review.Decision.parse(d) for d in reject]
    into = event or (review.list_suggestions(ws, report=record["id"]).get("event_id") if accepted else None)
    if into:
        chosen = access.read_record(ws, account, kind="event", ident=into)
        ensure(account, Action.EDIT, access.target(chosen, chosen["effective_level"]), what=f"event {into}")
        into = chosen["id"]
    return review.review_report(access.acting(ws, account), report=record["id"], accept=accepted, reject=rejected,
                                event=into)
