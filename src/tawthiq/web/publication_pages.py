"""Publication pages for the roles that publish (admins and coordinators): the publication profiles (each one's
settings, its versions, and a form to save the next version) and the withheld log (each run, and what one run held
back, grouped by reason).

As everywhere, the routes hold no permission checks: the publishing services ask the policy (Action.PUBLISH), and
every other role gets 403. A profile is saved as the JSON that ``tawthiq profile show`` prints; the service checks
each key, and a refused save keeps what was typed on the page, naming each bad key in English and Arabic.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tawthiq.domain.errors import InvalidInput, Problem
from tawthiq.domain.grading import GRADE_LABELS, Grade
from tawthiq.domain.publication import PUBLISHABLE, Withheld, WithheldEntry
from tawthiq.services.publishing import profiles, withheld
from tawthiq.services.publishing.logview import readable_entries
from tawthiq.services.records.vocabularies import list_concepts
from tawthiq.web.csrf import page_csrf
from tawthiq.web.deps import render, workspace
from tawthiq.web.forms import record_link
from tawthiq.web.pages import PageCaller
from tawthiq.web.security import Caller

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_csrf)])

SHOWN_PER_REASON = 200  # a run over a large collection may hold back thousands: each reason lists its first ones

# Each reason code of the withheld log, explained (Arabic in web/locales/ar.json), in the order the page shows them.
REASONS: dict[Withheld, str] = {
    Withheld.NOT_PUBLIC: "Its confidentiality (or that of the record it belongs to) is above public.",
    Withheld.NOT_VERIFIED: "Its event's status is below the profile's minimum.",
    Withheld.DISPUTED: "A disputed or false event, and the profile leaves those out.",
    Withheld.NO_CONSENT: "A source that has not consented to publication.",
    Withheld.SOURCES_OFF: "The profile publishes no sources.",
    Withheld.VICTIMS_UNNAMED: "The profile does not name victims.",
    Withheld.PROTECTED_FIELD: "A field the profile does not list, or one that may never be published.",
    Withheld.PLACE_COARSENED: "The place is published at a coarser level than recorded.",
    Withheld.DATE_COARSENED: "The date is published less precisely than recorded.",
    Withheld.EVIDENCE_OFF: "The profile publishes no evidence.",
    Withheld.EVIDENCE_NOT_DERIVED: "No copy of this file fit to publish: none made yet, or its type cannot be "
                                   "stripped of metadata.",
    Withheld.FACES_NOT_BLURRED: "The profile asks for blurred faces, and this file has only a copy with metadata "
                                "removed.",
    Withheld.DELETED: "Deleted after an earlier publication: its page is removed from the site.",
}
COUNTS = {"events": "Incidents", "acts": "Acts", "sources": "Sources", "files": "Files", "withheld": "Held back"}
RUN_KINDS = {"site": "Public site and open data", "report": "PDF report", "data": "Open data"}
SOURCES = {"none": "No sources", "pseudonyms": "Pseudonyms only, of sources that consented to publication"}
EVIDENCE = {"none": "No evidence", "stripped": "Copies with metadata removed",
            "blurred": "Copies with metadata removed and faces blurred"}


def _grades(names: Sequence[str], language: str) -> list[str]:
    labels = {g.value: GRADE_LABELS[g] for g in Grade}
    return [labels[n][1] if language == "ar" else labels[n][0] for n in names if n in labels]


def _profile_page(request: Request, caller: Caller, name: str, *, version: int | None = None, text: str | None = None,
                  problems: Sequence[Problem] = (), status: int = 200) -> Response:
    ws = workspace(request)
    versions = profiles.profile_history(ws, caller.account, name)
    latest = versions[-1]
    deleted = latest.deleted if latest.origin == "saved" else None
    if version is None and deleted is not None:  # a deleted profile shows the keys it would get back
        version = next(v.version for v in reversed(versions) if v.deleted is None)
    shown = profiles.show_profile(ws, caller.account, name, version)
    current = latest.version
    if text is None:  # the form starts from the version shown, as `tawthiq profile show` prints it
        text = json.dumps(profiles.profile_data(shown), ensure_ascii=False, indent=2)
    fields = [(kind, sorted(shown.fields.get(kind, ())), sorted(PUBLISHABLE[kind] - shown.fields.get(kind, set())))
              for kind in PUBLISHABLE]
    return render(request, "publication_profile.html", caller, status=status, profile=shown, versions=versions,
                  current=current, deleted=deleted, deletable=latest.origin == "saved" and deleted is None,
                  fields=fields, text=text, problems=list(problems), sources=SOURCES,
                  evidence=EVIDENCE, grades=_grades, type_labels={
                      c["slug"]: (c["label_en"], c["label_ar"]) for c in list_concepts(ws, "violation-types")})


@router.get("/publication/profiles", response_class=HTMLResponse)
def profile_list(request: Request, caller: PageCaller) -> Response:
    """Every profile (built-in and saved) in its current version."""
    found = profiles.list_profiles(workspace(request), caller.account)
    return render(request, "publication_profiles.html", caller, profiles=found)


@router.get("/publication/profiles/{name}", response_class=HTMLResponse)
def profile_page(request: Request, caller: PageCaller, name: str,
                 version: Annotated[int | None, Query(ge=1)] = None) -> Response:
    """One profile's settings (its current version, or ``version``), its versions, and the form for the next."""
    return _profile_page(request, caller, name, version=version)


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput.single("profile", f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                                  f"ليس JSON صالحاً: {exc.msg} (السطر {exc.lineno}، العمود {exc.colno})") from None


@router.post("/publication/profiles/{name}", response_class=HTMLResponse)
def save_profile(request: Request, caller: PageCaller, name: str,
                 profile: Annotated[str, Form(max_length=100_000)] = "") -> Response:
    """Save the JSON typed as the next version of the profile it names (a new name makes a new profile). A refused
    save (422) shows the page again with what was typed and each bad key named; nothing is saved."""
    ws = workspace(request)
    try:
        data = _parse(profile)
        saved = profiles.save_profile(ws, caller.account, data)
    except InvalidInput as exc:
        profiles.show_profile(ws, caller.account, name)  # the page exists (NotFound) and may be seen (Forbidden)
        return _profile_page(request, caller, name, text=profile, problems=exc.problems, status=422)
    return RedirectResponse(f"/publication/profiles/{saved.name}", status_code=303)


@router.post("/publication/profiles/{name}/delete", response_class=HTMLResponse)
def delete_profile(request: Request, caller: PageCaller, name: str,
                   reason: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """Delete a saved profile, with a reason (every version kept; restored from the same page). A refusal (422) shows
    the page again with the field named."""
    return _change(request, caller, name, reason, profiles.delete_profile)


@router.post("/publication/profiles/{name}/restore", response_class=HTMLResponse)
def restore_profile(request: Request, caller: PageCaller, name: str,
                    reason: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """Undo the deletion of a saved profile, with a reason."""
    return _change(request, caller, name, reason, profiles.restore_profile)


def _change(request: Request, caller: Caller, name: str, reason: str, change: Callable[..., object]) -> Response:
    try:
        change(workspace(request), caller.account, name, reason=reason)
    except InvalidInput as exc:
        return _profile_page(request, caller, name, problems=exc.problems, status=422)
    return RedirectResponse(f"/publication/profiles/{name}", status_code=303)


@router.get("/publication/log", response_class=HTMLResponse)
def run_list(request: Request, caller: PageCaller) -> Response:
    """Every publication run, latest first: kind, profile and version, who, when, where to, and its counts."""
    runs = withheld.withheld_log(workspace(request), caller.account)
    return render(request, "publication_log.html", caller, runs=runs, run=None, kinds=RUN_KINDS, counts=counts_shown)


def _groups(entries: Sequence[WithheldEntry]) -> list[tuple[Withheld, int, list[WithheldEntry]]]:
    by_reason: dict[Withheld, list[WithheldEntry]] = {}
    for entry in entries:
        by_reason.setdefault(entry.reason, []).append(entry)
    return [(reason, len(by_reason[reason]), by_reason[reason][:SHOWN_PER_REASON]) for reason in REASONS
            if reason in by_reason]


@router.get("/publication/log/{run}", response_class=HTMLResponse)
def run_page(request: Request, caller: PageCaller, run: str) -> Response:
    """One run and what it held back, grouped by reason code, each reason explained; a record id links to the
    record's page when the reader may read it."""
    ws = workspace(request)
    found = withheld.withheld_log(ws, caller.account, run)[0]
    groups = _groups(found.withheld)
    readable = readable_entries(ws, caller.account, [e for _, _, shown in groups for e in shown])

    def link(kind: str, ident: str | None) -> str | None:
        return record_link(kind, ident) if ident and (kind, ident) in readable else None

    return render(request, "publication_log.html", caller, runs=[found], run=found, groups=groups, reasons=REASONS,
                  kinds=RUN_KINDS, counts=counts_shown, link=link, shown_per_reason=SHOWN_PER_REASON)


def counts_shown(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """A run's counts as labelled (English; the page translates), without the per-reason ones
    (``withheld:REASON``), which a run's own page groups."""
    return [(COUNTS.get(key, key), value) for key, value in counts.items() if not key.startswith("withheld:")]
