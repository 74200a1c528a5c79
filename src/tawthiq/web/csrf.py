"""Cross-site request forgery, checked once per router: every request that changes something and comes with the
session cookie must carry that session's CSRF token — in the form field ``csrf`` on the pages, in the header
``X-CSRF-Token`` on the API. A Bearer request needs none (browsers never send it on their own). Routes declare
nothing; the login routes, which have no session yet (the login page has a token of its own), are exempt.

A page's form is read here first, with the limits its route declares (:func:`form_limits`): the route then gets
the same form (Starlette keeps it), so no form is ever read without limits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Header, HTTPException, Request

from tawthiq.domain.errors import InvalidInput
from tawthiq.web.deps import optional_caller
from tawthiq.web.limits import MAX_BODY
from tawthiq.web.security import csrf_ok

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MIB = 1024 * 1024
FORM_LIMITS: dict[str, int] = {"max_files": 0, "max_fields": 50, "max_part_size": MIB}
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


class CsrfRejected(InvalidInput):
    """A page's form without the session's token: an old page, or a form posted from another site."""


def form_limits(**limits: int) -> Callable[[Endpoint], Endpoint]:
    """Declare how a page route's form is read: ``max_files``, ``max_fields``, ``max_part_size`` (bytes)."""
    def mark(endpoint: Endpoint) -> Endpoint:
        endpoint.form_limits = {**FORM_LIMITS, **limits}  # type: ignore[attr-defined]
        return endpoint
    return mark


def csrf_exempt(endpoint: Endpoint) -> Endpoint:
    """A route that needs no session token: the logins (they check their own)."""
    endpoint.csrf_exempt = True  # type: ignore[attr-defined]
    return endpoint


def _checked(request: Request) -> bool:
    endpoint = request.scope.get("endpoint")
    return request.method not in SAFE_METHODS and not getattr(endpoint, "csrf_exempt", False)


async def page_csrf(request: Request) -> None:
    """Dependency of every page router. Raises CsrfRejected (422, the form named) for a missing or wrong token."""
    if not _checked(request):
        return
    caller = optional_caller(request)
    if caller is None:
        return  # the route sends the browser to the login page
    limits = getattr(request.scope.get("endpoint"), "form_limits", FORM_LIMITS)
    if request.headers.get("content-type", "").lower().startswith("application/x-www-form-urlencoded"):
        # a plain form is bounded by the body's limit: a field over its own length gets the form's error, not a 400
        limits = {**limits, "max_part_size": max(limits["max_part_size"], MAX_BODY)}
    form = await request.form(**limits)
    token = form.get("csrf")
    if not csrf_ok(caller, token if isinstance(token, str) else None):
        await form.close()  # the route will not run to close the uploaded files
        raise CsrfRejected.single("csrf", "the form has expired: reload the page and try again",
                                  "انتهت صلاحية النموذج: أعد تحميل الصفحة وحاول مجدداً")


def api_csrf(request: Request, x_csrf_token: Annotated[str | None, Header(
        description="The session's CSRF token (returned by POST /api/v1/auth/login): needed by every request that "
                    "changes something and is sent with the session cookie; not with a Bearer token.")] = None) -> None:
    """Dependency of every API router. Raises 403 for a missing or wrong token."""
    if not _checked(request):
        return
    caller = optional_caller(request)
    if caller is not None and not csrf_ok(caller, x_csrf_token):
        raise HTTPException(403, "missing or wrong X-CSRF-Token header (returned by POST /api/v1/auth/login)")
