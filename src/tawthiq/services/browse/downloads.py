"""A search downloaded as a file (CSV or JSON Lines): exactly the records the account's search finds, within its
clearance, as the search shows them (no protected field is in the index), recorded in the audit log."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.audit import AuditChain
from tawthiq.services.browse.search import COUNT_CAP, Filters, Hit, search
from tawthiq.services.workspace import Workspace

FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}
COLUMNS = ("kind", "id", "title", "summary", "start_date", "end_date", "date_precision", "status", "confidentiality")
BATCH = 500  # hits fetched per search while the file streams


@dataclass
class SearchDownload:
    total: int  # the records the file holds (at most COUNT_CAP)
    capped: bool  # the search matched more than COUNT_CAP: the file holds the first COUNT_CAP
    media_type: str
    chunks: Iterator[str]  # the file, a batch of lines at a time


def download_search(ws: Workspace, account: Principal, *, query: str, filters: Filters, fmt: str,
                    order: str = "date") -> SearchDownload:
    """The records ``search`` finds for ``query`` and ``filters`` as the account, in the order of its list (``order``),
    as a ``csv`` or ``jsonl`` file streamed in batches. The download is recorded in the audit log (format, query,
    filters, how many) before anything is sent.

    Raises InvalidInput for another format (naming ``format``) or as ``search`` does (nothing is recorded then).
    """
    ensure(account, Action.READ)
    if fmt not in FORMATS:
        raise InvalidInput.single("format", f"{fmt!r} is not csv or jsonl", f"\u200f{fmt!r} ليست csv أو jsonl")
    first = search(ws, account, query=query, filters=filters, limit=BATCH, order=order)
    with ws.transaction() as session:
        chain = AuditChain(session)
        chain.append(actor=account.username, action="search-export", details={
            "format": fmt, "query": query, "filters": _described(filters), "records": first.total,
            "capped": first.capped})
        chain.flush()

    def hits() -> Iterator[list[Hit]]:
        batch, offset = first.hits, 0
        while batch:
            yield batch
            offset += len(batch)
            if offset >= min(first.total, COUNT_CAP) or len(batch) < BATCH:
                return
            batch = search(ws, account, query=query, filters=filters, limit=BATCH, offset=offset, order=order).hits

    return SearchDownload(first.total, first.capped, FORMATS[fmt],
                          _csv(hits()) if fmt == "csv" else _jsonl(hits()))


def _described(filters: Filters) -> dict[str, Any]:
    return {name: value.isoformat() if isinstance(value, date) else value
            for name, value in vars(filters).items() if value}


def _row(hit: Hit) -> dict[str, Any]:
    return {"kind": hit.kind, "id": hit.record_id, "title": hit.title, "summary": hit.summary,
            "start_date": hit.start_date.isoformat() if hit.start_date else None,
            "end_date": hit.end_date.isoformat() if hit.end_date else None,
            "date_precision": hit.date_precision, "status": hit.status, "confidentiality": hit.confidentiality}


BOM = "\ufeff"  # spreadsheet programs read a CSV without it in the system's code page, and Arabic as mojibake
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may take as the start of a formula (OWASP)


def guarded(value: Any) -> str:
    """A cell as a spreadsheet should show it: text that a spreadsheet would run as a formula (starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, the OWASP rule against CSV
    injection; the file is for reading, not for ``tawthiq import`` (whose CSV export stays raw)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(batches: Iterator[list[Hit]]) -> Iterator[str]:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for batch in batches:
        for hit in batch:
            writer.writerow({k: guarded(v) for k, v in _row(hit).items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():  # the header of an empty result
        yield buffer.getvalue()


def _jsonl(batches: Iterator[list[Hit]]) -> Iterator[str]:
    for batch in batches:
        yield "".join(json.dumps(_row(hit), ensure_ascii=False, sort_keys=True) + "\n" for hit in batch)
