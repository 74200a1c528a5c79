"""The printed reports as one use case for the command line and the web: collect what the profile publishes (the
publishing service asks the policy whether the caller may publish), name the publisher, print the PDF, and record the
run in the withheld log. Each interface only parses its input and delivers the bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tawthiq.domain.errors import NotFound
from tawthiq.publish import pdf
from tawthiq.publish.publisher import published_by

if TYPE_CHECKING:
    from tawthiq.domain.policy import Principal
    from tawthiq.domain.publication import PublicSet
    from tawthiq.services.workspace import Workspace


def monthly_report(ws: Workspace, account: Principal, *, month: str, language: str, profile: str,
                   out: str) -> tuple[bytes, PublicSet]:
    """The month's report (``YYYY-MM``) and the set it was printed from; the run is recorded with ``out``.
    Raises InvalidInput (month, lang), Forbidden, NotFound (profile)."""
    from tawthiq.services.publishing.collect import collect

    period = pdf.parse_month(month)
    pdf.check_language(language)
    pset = published_by(collect(ws, account, profile=profile, period=period), ws.settings)
    made = pdf.monthly_pdf(pset, month=month, language=language)
    _record(ws, account, pset, out)
    return made, pset


def event_report(ws: Workspace, account: Principal, *, event: str, language: str, profile: str,
                 out: str) -> tuple[bytes, str]:
    """The dossier of ``event`` (an id or a unique prefix) and its full id; the run is recorded with ``out``.
    Raises InvalidInput (lang), Forbidden, NotFound (an event above the clearance, or one the profile holds back)."""
    from tawthiq.services.publishing.collect import collect
    from tawthiq.services.records import access

    pdf.check_language(language)
    ident = str(access.read_record(ws, account, kind="event", ident=event)["id"])
    pset = published_by(collect(ws, account, profile=profile, events=[ident]), ws.settings)
    if pset.event(ident) is None:  # held back by the profile (not public, not verified enough…)
        raise NotFound(f"event published under the profile {profile!r}", ident)
    made = pdf.event_pdf(pset, ident, language=language)
    _record(ws, account, pset, out)
    return made, ident


def _record(ws: Workspace, account: Principal, pset: PublicSet, out: str) -> None:
    from tawthiq.services.publishing.withheld import record_run

    record_run(ws, account, pset, kind="report", out=out)
