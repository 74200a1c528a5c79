"""Downloads from the web: the event list's current search as CSV or JSON Lines, and an event's BagIt evidence
package as a zip. As everywhere, the routes hold no permission checks: the services ask the policy, and both
downloads are recorded in the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from tawthiq.services.browse.downloads import download_search
from tawthiq.services.evidence.package_zip import package_zip
from tawthiq.web.csrf import page_csrf
from tawthiq.web.deps import EventFilters, workspace
from tawthiq.web.pages import PageCaller
from tawthiq.web.ranges import content_disposition

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_csrf)])


def _download(request: Request, caller: PageCaller, filters: EventFilters, q: str, fmt: str) -> Response:
    filters.kinds = ["event"]
    found = download_search(workspace(request), caller.account, query=q, filters=filters, fmt=fmt)
    headers = {"Content-Disposition": content_disposition(f"tawthiq-events.{fmt}", "attachment"),
               "X-Total-Count": str(found.total)}
    return StreamingResponse(iterate_in_threadpool(found.chunks), media_type=found.media_type, headers=headers)


@router.get("/events.csv")
def events_csv(request: Request, caller: PageCaller, filters: EventFilters,
               q: Annotated[str, Query(max_length=500)] = "") -> Response:
    """The event list's search (the same ``q`` and filters) as CSV, within the caller's clearance."""
    return _download(request, caller, filters, q, "csv")


@router.get("/events.jsonl")
def events_jsonl(request: Request, caller: PageCaller, filters: EventFilters,
                 q: Annotated[str, Query(max_length=500)] = "") -> Response:
    """The event list's search as JSON Lines, one event a line."""
    return _download(request, caller, filters, q, "jsonl")


@router.get("/events/{ident}/package")
async def event_package(request: Request, caller: PageCaller, ident: str) -> Response:
    """The event's signed BagIt evidence package as a zip, for the roles that may make packages."""
    made = await run_in_threadpool(package_zip, workspace(request), caller.account, event=ident)
    headers = {"Content-Disposition": content_disposition(made.name, "attachment"), "Content-Length": str(made.size)}
    return StreamingResponse(iterate_in_threadpool(made.chunks()), media_type="application/zip", headers=headers)
