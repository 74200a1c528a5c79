"""The printed reports from the web: a month's report and an event's dossier as PDF downloads, in English or Arabic.

As everywhere, the routes hold no permission checks: the publishing service (``collect``) asks the policy whether the
caller may publish (others get 403), and admits only what the profile publishes. The PDF is printed by
``publish/pdf.py`` from that redacted set alone, off the event loop.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tawthiq.services.accounts.users import Account
from tawthiq.services.workspace import Workspace
from tawthiq.web.csrf import page_csrf
from tawthiq.web.deps import language_of, workspace
from tawthiq.web.pages import PageCaller
from tawthiq.web.ranges import content_disposition

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_csrf)])
Language = Annotated[str, Query(max_length=8)]
ProfileName = Annotated[str, Query(max_length=60)]


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": content_disposition(name, "attachment")})


def _monthly(ws: Workspace, account: Account, month: str, language: str, profile: str) -> bytes:
    from tawthiq.publish.reports import monthly_report

    return monthly_report(ws, account, month=month, language=language, profile=profile,
                          out=f"web: /reports/monthly?month={month}&lang={language}")[0]


def _event(ws: Workspace, account: Account, ident: str, language: str, profile: str) -> bytes:
    from tawthiq.publish.reports import event_report

    return event_report(ws, account, event=ident, language=language, profile=profile,
                        out=f"web: /events/{ident}/report.pdf?lang={language}")[0]


@router.get("/reports/monthly")
async def monthly_report(request: Request, caller: PageCaller, month: Annotated[str, Query(max_length=20)] = "",
                         lang: Language = "", profile: ProfileName = "public") -> Response:
    """The month's report (``month=YYYY-MM``) as a PDF, in ``lang`` (en or ar; by default the caller's)."""
    language = lang or language_of(request, caller)
    data = await run_in_threadpool(_monthly, workspace(request), caller.account, month, language, profile)
    return _pdf(data, f"tawthiq-{month}-{language}.pdf")


@router.get("/events/{ident}/report.pdf")
async def event_report(request: Request, caller: PageCaller, ident: str, lang: Language = "",
                       profile: ProfileName = "public") -> Response:
    """The event's dossier as a PDF, in ``lang`` (en or ar; by default the caller's)."""
    language = lang or language_of(request, caller)
    data = await run_in_threadpool(_event, workspace(request), caller.account, ident, language, profile)
    return _pdf(data, f"tawthiq-event-{ident}-{language}.pdf")
