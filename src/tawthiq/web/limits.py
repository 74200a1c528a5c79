"""Limits on the size of request bodies, enforced while the body streams in.

A request with files (``multipart/form-data``: evidence uploads) may be up to ``TAWTHIQ_MAX_UPLOAD_MB``; any other
body (a form, JSON) up to ``MAX_BODY``. A larger one is refused with 413 as soon as its declared length or the
bytes received so far pass the limit, before the rest is read: the form parser closes the spooled parts it had
started (anonymous temporary files, gone once closed) and nothing reaches the evidence store or the database.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MIB = 1024 * 1024
MAX_BODY = 8 * MIB  # the longest form or JSON body: a report's text (200,000 characters) fits many times over


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
        files = headers.get("content-type", "").lower().startswith("multipart/form-data")
        limit = self.upload_bytes if files else self.other_bytes
        declared = headers.get("content-length", "")
        received = 0

        async def limited() -> Message:
            nonlocal received
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit)  # refused before a byte of the body is read
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited, send)
