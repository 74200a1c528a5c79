"""Limits on the size of request bodies, enforced while the body streams in.

A request with files (``multipart/form-data``: evidence uploads) may be up to ``TAWTHIQ_MAX_UPLOAD_MB``; any other
body (a form, JSON) up to ``MAX_BODY``. A larger one is refused with 413 as soon as its declared length or the
bytes received so far pass the limit, before the rest is read: the form parser closes the spooled parts it had
started (anonymous temporary files, gone once closed) and nothing reaches the evidence store or the database.

A page's plain form (``application/x-www-form-urlencoded``, outside ``/api/``) is the exception: a person pasted too
much into a field, and deserves the form back with that field named rather than an error page. Such a body, sent to
one of the routes in ``CUT_FORMS`` (each checks :func:`cut_problems` before anything else), is read up to
``PAGE_FORM_CEILING`` (beyond it, refused as above), but the route gets only its first ``MAX_BODY`` bytes, and
:func:`cut_problems` names the field that was cut; the route shows its form with that error and saves nothing. Any
other route refuses such a body as above: it must never get a cut form it could save.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tawthiq.domain.errors import Problem

MIB = 1024 * 1024
MAX_BODY = 8 * MIB  # the longest form or JSON body: a report's text (200,000 characters) fits many times over
PAGE_FORM_CEILING = 4 * MAX_BODY  # a page's plain form is read (and cut) up to this; beyond, refused
CUT_KEY = "tawthiq.form_cut"  # in the request's scope: the field cut, the limit and the bytes sent
_NAME_HEAD = 200  # bytes of a field's name kept to name the field that was cut
CUT_FORMS = re.compile(r"/reports|/events(/[^/]+)?")  # POST routes that show their form again with a cut field


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request is larger than {limit // MIB} MiB / الطلب أكبر من {limit // MIB} ميغابايت")


class BodyLimit:
    """ASGI middleware: counts the bytes of each request body and stops the request at its limit.

    The error is raised from ``receive``, inside the route that reads the body, so the application's error
    handlers answer it (an error page for a page, JSON for the API).
    """

    def __init__(self, app: ASGIApp, *, upload_bytes: int, other_bytes: int = MAX_BODY) -> None:
        self.app = app
        self.upload_bytes = upload_bytes
        self.other_bytes = other_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        kind = headers.get("content-type", "").lower()
        files = kind.startswith("multipart/form-data")
        limit = self.upload_bytes if files else self.other_bytes
        page_form = (kind.startswith("application/x-www-form-urlencoded") and scope.get("method") == "POST"
                     and CUT_FORMS.fullmatch(scope["path"]) is not None)
        ceiling = max(limit, PAGE_FORM_CEILING) if page_form else limit
        declared = headers.get("content-length", "")
        received = 0
        head = b""  # the start of the last field seen in what the route gets: its name, should it be cut

        async def limited() -> Message:
            nonlocal received, head
            if declared.isdigit() and int(declared) > ceiling:
                raise BodyTooLarge(limit)  # refused before a byte of the body is read
            message = await receive()
            if message["type"] == "http.request":
                body = message.get("body", b"")
                received += len(body)
                if received > ceiling:
                    raise BodyTooLarge(limit)
                if page_form:
                    kept = body[: max(0, limit - (received - len(body)))]
                    head = _field_head(head, kept)
                    if len(kept) < len(body):
                        cut: dict[str, Any] = scope.setdefault(CUT_KEY, {"field": _field_name(head), "limit": limit})
                        cut["sent"] = received
                        message = {**message, "body": kept}
            return message

        await self.app(scope, limited, send)


def _field_head(head: bytes, kept: bytes) -> bytes:
    """The first bytes of the last field of a urlencoded body, after ``kept`` more of it."""
    at = kept.rfind(b"&")
    if at >= 0:
        return kept[at + 1: at + 1 + _NAME_HEAD]
    return head + kept[: max(0, _NAME_HEAD - len(head))]


def _field_name(head: bytes) -> str:
    return unquote_plus(head.split(b"=", 1)[0].decode("ascii", "replace"))


def cut_problems(scope: Scope) -> list[Problem]:
    """The error of a page's form whose body was cut at its limit (see the module's docstring); none otherwise."""
    cut = scope.get(CUT_KEY)
    if not cut:
        return []
    sent, limit = -(-cut["sent"] // MIB), cut["limit"] // MIB
    return [Problem(cut["field"] or "form",
                    f"too long: over {sent - 1} MiB sent, the form takes at most {limit} MiB; nothing was saved",
                    f"\u200fطويل جداً: أُرسل أكثر من {sent - 1} ميغابايت، والنموذج يقبل {limit} ميغابايت على الأكثر؛ "
                    "لم يُحفظ شيء")]
