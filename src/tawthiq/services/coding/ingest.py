"""Report intake: a document's file into the evidence store, its text into a Report, with extraction suggestions.

Nothing is coded silently: the suggestions are stored on the report for a person to accept or reject.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tawthiq.db.models import EvidenceItem, Report
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.intake import Document, UnreadableDocument, read_document
from tawthiq.services.coding.extraction import Extractor
from tawthiq.services.coding.reportdesk import MAX_TEXT
from tawthiq.services.evidence.store import collect_files, inspect_stored, record_file
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.store import Writer
from tawthiq.services.workspace import Workspace

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


@dataclass
class Ingested:
    path: str
    outcome: str  # "created" | "already ingested" | "rejected"
    report_id: str | None = None
    sha256: str | None = None
    language: str | None = None
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)


def ingest_paths(ws: Workspace, account: Principal, *, paths: list[Path], progress: Callable[[int], None] | None = None
                 ) -> list[Ingested]:
    """Ingest .txt, .html and .pdf files (directories recursively). One transaction per file.

    An unreadable document is rejected with its reason and nothing of it is written; the others go on.
    The same bytes twice are recognised by their hash: the second time changes nothing.
    Raises InvalidInput (nothing written) when a path is missing.
    """
    ensure(account, Action.CREATE, what="report")
    files = collect_files(paths)
    extractor = Extractor.for_workspace(ws)
    results = []
    for file in files:
        results.append(_ingest_one(ws, account, file, extractor))
        if progress:
            progress(1)
    return results


def _ingest_one(ws: Workspace, account: Principal, file: Path, extractor: Extractor) -> Ingested:
    try:
        document = read_document(file, max_bytes=MAX_DOCUMENT_BYTES)
    except UnreadableDocument as exc:
        return Ingested(str(file), "rejected", reason=f"{exc.reason} / {exc.reason_ar}")
    if len(document.text) > MAX_TEXT:  # the limit of a report pasted in the web: a report is read whole by a person
        return Ingested(str(file), "rejected", reason=(
            f"its text is {len(document.text):,} characters, more than a report's {MAX_TEXT:,}: split the document / "
            f"نصه {len(document.text):,} حرفاً، أكثر من حد التقرير ({MAX_TEXT:,}): قسّم المستند"))
    with file.open("rb") as stream:
        stored = ws.blobs.put(stream)
    with ws.reading() as session:
        known = session.execute(
            select(Report.id)
            .join(EvidenceItem, EvidenceItem.id == Report.evidence_id)
            .where(EvidenceItem.sha256 == stored.sha256)
        ).first()
    if known:
        return Ingested(str(file), "already ingested", known[0], stored.sha256, document.language)
    suggestions = extractor.extract(document.text, language=document.language, published_on=document.published_on)
    info = inspect_stored(ws, stored.sha256)
    with ws.transaction() as session:
        added = record_file(session, account, file, stored.sha256, stored.size, info, {})
        writer = Writer(session, account.username)
        report = writer.insert(KINDS["report"], _report_values(document, file, added.evidence_id, suggestions))
        writer.insert(KINDS["evidence_link"], {"evidence_id": added.evidence_id, "report_id": report["id"]})
        writer.flush()
    return Ingested(str(file), "created", report["id"], stored.sha256, document.language,
                    warnings=[*document.warnings, *suggestions.get("warnings", [])])


def _report_values(document: Document, file: Path, evidence_id: str, suggestions: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": (document.title or file.stem)[:500],
        "text": document.text,
        "language": document.language if document.language in ("ar", "en") else "other",
        "published_on": document.published_on,
        "received_on": datetime.now(UTC).date(),
        "evidence_id": evidence_id,
        "suggestions": suggestions,
    }


def extract_file(ws: Workspace, *, path: Path) -> dict[str, Any]:
    """The extraction suggestions for one document, without storing anything."""
    try:
        document = read_document(path, max_bytes=MAX_DOCUMENT_BYTES)
    except UnreadableDocument as exc:
        raise InvalidInput.single("path", f"{path.name}: {exc.reason}", f"\u200f{path.name}: {exc.reason_ar}") from None
    except FileNotFoundError:
        raise InvalidInput.single("path", f"{path} does not exist", "الملف غير موجود") from None
    return Extractor.for_workspace(ws).extract(document.text, language=document.language,
                                               published_on=document.published_on)
