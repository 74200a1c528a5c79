"""API routes of record linkage, mounted under /api/v1 beside web/api.py: the review queue, a pair side by side,
decisions, runs, merges and unmerges, and an event's corroboration. services.linkreview decides who may do what."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import Field

from tawthiq.services.linkage import review as linkreview
from tawthiq.web.api import Strict
from tawthiq.web.csrf import api_csrf
from tawthiq.web.deps import api_caller, workspace
from tawthiq.web.security import Caller

router = APIRouter(tags=["linkage"], dependencies=[Depends(api_csrf)])
ApiCaller = Annotated[Caller, Depends(api_caller)]
Kind = Literal["person", "event"]
Candidate = Annotated[int, Path(ge=1, le=2**62)]
MergeId = Annotated[str, Path(max_length=64)]
Note = Annotated[str, Field(max_length=linkreview.MAX_NOTE)]


class DecisionIn(Strict):
    decision: Literal["accept", "reject"]
    note: Note = ""


class UnmergeIn(Strict):
    reason: Note  # an empty reason is refused by the service, naming the field in English and Arabic


@router.get("/linkage/{kind}/candidates")
def candidates(request: Request, caller: ApiCaller, kind: Kind,
               limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    """Pairs waiting for a decision, most likely first, with the level each field reached; only pairs whose two
    records the caller may read (admins, coordinators, analysts)."""
    items, total = linkreview.queue(workspace(request), caller.account, kind=kind, limit=limit)
    return {"total": total, "pairs": [asdict(i) for i in items]}


@router.get("/linkage/{kind}/candidates/{candidate}")
def candidate(request: Request, caller: ApiCaller, kind: Kind, candidate: Candidate) -> dict[str, Any]:
    """Both records of a pair field by field, with the reason per field; 404 when a side is above the clearance."""
    return asdict(linkreview.pair_view(workspace(request), caller.account, kind=kind, candidate=candidate))


@router.post("/linkage/{kind}/candidates/{candidate}/decision")
def decide(request: Request, caller: ApiCaller, kind: Kind, candidate: Candidate, body: DecisionIn) -> dict[str, Any]:
    """Accept (merge) or reject a pending pair (admins and coordinators); ``next`` is the next pair waiting."""
    return asdict(linkreview.decide(workspace(request), caller.account, kind=kind, candidate=candidate,
                                    decision=body.decision, note=body.note))


@router.post("/linkage/{kind}/runs")
def run(request: Request, caller: ApiCaller, kind: Kind) -> dict[str, Any]:
    """Score the live persons or events again (admins and coordinators): records, clusters and pairs to review."""
    return asdict(linkreview.run(workspace(request), caller.account, kind=kind))


@router.get("/linkage/merges")
def merges(request: Request, caller: ApiCaller, kind: Kind | None = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> list[dict[str, Any]]:
    """Merges, active and undone, newest first (who, when, probability, members, note, and who undid it why)."""
    return [{**asdict(m), "active": m.active}
            for m in linkreview.list_merges(workspace(request), caller.account, kind=kind, limit=limit)]


@router.post("/linkage/merges/{merge_id}/unmerge")
def unmerge(request: Request, caller: ApiCaller, merge_id: MergeId, body: UnmergeIn) -> dict[str, Any]:
    """Undo a merge with a reason (admins and coordinators); the merge is kept, stamped as undone."""
    return linkreview.undo_merge(workspace(request), caller.account, merge=merge_id, reason=body.reason)


@router.get("/events/{ident}/corroboration")
def corroboration(request: Request, caller: ApiCaller, ident: str) -> dict[str, Any]:
    """Independent sources behind an event and the events merged with it, counting only what the caller may read."""
    return asdict(linkreview.event_corroboration(workspace(request), caller.account, event=ident))
