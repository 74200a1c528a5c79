"""Pages of record linkage: the review queue, a pair side by side with Accept and Reject, the merges with Unmerge,
and a "Find matches" button that runs the linkage. services.linkreview decides who may see and do what; the
routes read forms and render."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tawthiq.domain.errors import InvalidInput
from tawthiq.services.linkage import review as linkreview
from tawthiq.web.csrf import page_csrf
from tawthiq.web.deps import pager, render, workspace
from tawthiq.web.pages import PageCaller
from tawthiq.web.security import Caller

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_csrf)])
KindQuery = Annotated[str, Query(max_length=10)]
LongText = Annotated[str, Form(max_length=20_000)]  # the service names a note or reason that is too long


QUEUE_PAGE = 200


def _queue_page(request: Request, caller: Caller, kind: str, *, summary: linkreview.RunSummary | None = None,
                problems: list[Any] | None = None, status: int = 200, page: int = 1) -> Response:
    items, total = linkreview.queue(workspace(request), caller.account, kind=kind, limit=QUEUE_PAGE,
                                    offset=(page - 1) * QUEUE_PAGE)
    return render(request, "linkage_review.html", caller, status=status, kind=kind, items=items, total=total,
                  summary=summary, problems=problems or [], fields=linkreview.FIELD_LABELS,
                  may_decide=linkreview.may_decide_links(caller.account), pager=pager(request, page, total, QUEUE_PAGE))


@router.get("/linkage/review", response_class=HTMLResponse)
def review(request: Request, caller: PageCaller, kind: KindQuery = "person",
           page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    return _queue_page(request, caller, kind, page=page)


@router.post("/linkage/run", response_class=HTMLResponse)
def run(request: Request, caller: PageCaller, kind: Annotated[str, Form(max_length=10)] = "person") -> Response:
    """Score the persons or events again (synchronously) and show the queue with the number of clusters."""
    try:
        summary = linkreview.run(workspace(request), caller.account, kind=kind)
    except InvalidInput as exc:
        return _queue_page(request, caller, kind, problems=exc.problems, status=422)
    return _queue_page(request, caller, kind, summary=summary)


def _pair_page(request: Request, caller: Caller, kind: str, candidate: int, *, note: str = "",
               problems: list[Any] | None = None, status: int = 200) -> Response:
    view = linkreview.pair_view(workspace(request), caller.account, kind=kind, candidate=candidate)
    return render(request, "linkage_pair.html", caller, status=status, view=view, note=note, problems=problems or [])


@router.get("/linkage/{kind}/pairs/{candidate}", response_class=HTMLResponse)
def pair(request: Request, caller: PageCaller, kind: str, candidate: int) -> Response:
    return _pair_page(request, caller, kind, candidate)


@router.post("/linkage/{kind}/pairs/{candidate}", response_class=HTMLResponse)
def decide(request: Request, caller: PageCaller, kind: str, candidate: int,
           decision: Annotated[str, Form(max_length=10)] = "", note: LongText = "") -> Response:
    """Accept (merge) or reject the pair, then open the next pair waiting (or the queue when none is left)."""
    try:
        done = linkreview.decide(workspace(request), caller.account, kind=kind, candidate=candidate, decision=decision,
                                 note=note)
    except InvalidInput as exc:
        return _pair_page(request, caller, kind, candidate, note=note, problems=exc.problems, status=422)
    target = f"/linkage/{kind}/pairs/{done.next}" if done.next is not None else f"/linkage/review?kind={kind}"
    return RedirectResponse(target, status_code=303)


def _merges_page(request: Request, caller: Caller, kind: str, *, problems: list[Any] | None = None,
                 failed: str = "", status: int = 200) -> Response:
    merges = linkreview.list_merges(workspace(request), caller.account, kind=kind or None)
    return render(request, "linkage_merges.html", caller, status=status, kind=kind, merges=merges,
                  problems=problems or [], failed=failed, may_decide=linkreview.may_decide_links(caller.account))


@router.get("/linkage/merges", response_class=HTMLResponse)
def merges(request: Request, caller: PageCaller, kind: KindQuery = "") -> Response:
    return _merges_page(request, caller, kind)


@router.post("/linkage/merges/{merge_id}/unmerge", response_class=HTMLResponse)
def unmerge(request: Request, caller: PageCaller, merge_id: str, reason: LongText = "") -> Response:
    """Undo a merge with a reason (required); the merge stays on the page, marked as undone."""
    try:
        linkreview.undo_merge(workspace(request), caller.account, merge=merge_id, reason=reason)
    except InvalidInput as exc:
        return _merges_page(request, caller, "", problems=exc.problems, failed=merge_id, status=422)
    return RedirectResponse(f"/linkage/merges#merge-{merge_id}", status_code=303)
