"""Serving a stored file over HTTP from any evidence store: byte ranges (RFC 9110 §14), so that audio and video
can seek, and the file's name. ``parse_range`` is pure; ``ranged_response`` streams in constant memory."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

# One range; the unit in any case (RFC 9110 §14.1); ASCII digits only: re's \d would take Arabic-Indic digits too.
_SINGLE = re.compile(r"bytes=([0-9]*)-([0-9]*)", re.IGNORECASE)
# Longer numbers lie past any file, and int() refuses thousands of digits: such a header is ignored.
_MAX_DIGITS = 18


@dataclass(frozen=True)
class ByteRange:
    start: int
    stop: int  # exclusive


class Unsatisfiable(Exception):
    """A well-formed range with no byte of the file in it: answered 416."""


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one range of ``size`` bytes that a Range header asks for; None to send the whole file.

    None for no header, another unit, several ranges (not served as multipart) and malformed or invalid ones,
    which RFC 9110 lets a server ignore. Raises Unsatisfiable for a range that starts at or past the end, or a
    suffix of 0 bytes (and any range of an empty file).
    """
    match = _SINGLE.fullmatch(header.strip()) if header is not None else None
    if match is None or not any(match.groups()) or any(len(text.lstrip("0")) > _MAX_DIGITS for text in match.groups()):
        return None  # not one range of bytes, "bytes=-", or a number past any file
    first_text, last_text = match.groups()
    if not first_text:  # a suffix: the last N bytes
        suffix = _int(last_text)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return ByteRange(max(size - suffix, 0), size)
    first, last = _int(first_text), (_int(last_text) if last_text else None)
    if last is not None and last < first:
        return None  # invalid: ignored
    if first >= size:
        raise Unsatisfiable
    return ByteRange(first, size if last is None else min(last + 1, size))


def _int(digits: str) -> int:
    return int(digits.lstrip("0") or "0")  # leading zeros would count against int()'s limit on digits


def content_disposition(name: str, kind: str = "inline") -> str:
    """The Content-Disposition of a file called ``name``, as Starlette's FileResponse writes it: a name that needs
    encoding (non-ASCII, quotes, separators) goes percent-encoded as UTF-8 in ``filename*`` (RFC 6266)."""
    encoded = quote(name, safe="")
    return f'{kind}; filename="{name}"' if encoded == name else f"{kind}; filename*=utf-8''{encoded}"


def ranged_response(request: Request, size: int, read: Callable[[int, int], Iterator[bytes]], *, media_type: str,
                    headers: Mapping[str, str]) -> Response:
    """The whole file (200) or the one range the request asks for (206), streamed by ``read(start, stop)``; 416 with
    the size for an unsatisfiable range. Every answer says Accept-Ranges: bytes."""
    common = {**headers, "Accept-Ranges": "bytes"}
    # No validator (ETag, Last-Modified) is sent, so an If-Range can never match: the whole file is sent then.
    asked = None if "if-range" in request.headers else request.headers.get("range")
    try:
        wanted = parse_range(asked, size)
    except Unsatisfiable:
        return Response(status_code=416, headers={**common, "Content-Range": f"bytes */{size}"})
    if wanted is None:
        return StreamingResponse(read(0, size), media_type=media_type, headers={**common, "Content-Length": str(size)})
    partial = {**common, "Content-Range": f"bytes {wanted.start}-{wanted.stop - 1}/{size}",
               "Content-Length": str(wanted.stop - wanted.start)}
    return StreamingResponse(read(wanted.start, wanted.stop), status_code=206, media_type=media_type, headers=partial)
