"""Content-based media type detection.

The media type of an evidence file is decided from its bytes only. File
names and extensions are supplied by whoever uploaded the file and are
trivially wrong or deliberately misleading, so they are never consulted.
"""

from __future__ import annotations

import codecs
import logging

import filetype  # type: ignore[import-untyped]

__all__ = ["SNIFF_BYTES", "OCTET_STREAM", "sniff_media_type"]

logger = logging.getLogger(__name__)

#: How many leading bytes callers should pass; filetype never looks further.
SNIFF_BYTES = 8192

OCTET_STREAM = "application/octet-stream"

_UTF8_BOM = codecs.BOM_UTF8
# HTML allows leading whitespace before the doctype; these are the ASCII
# whitespace bytes the HTML standard recognises.
_ASCII_WHITESPACE = b" \t\n\r\f"
_HTML_PREFIXES = (b"<!doctype html", b"<html")
# Bytes that may legitimately follow "<html" / "<!doctype html" in a real
# document; anything else ("<htmlfoo") is not an HTML opening tag.
_HTML_TAG_END = frozenset(b" \t\n\r\f>")

# filetype formats that are themselves plain text. For every other format
# filetype knows, a real file always contains a NUL or a byte sequence that
# is invalid UTF-8 in its first few bytes, so a head that is clean UTF-8 text
# means filetype matched a short printable signature ("BM", "MZ", "GIF",
# "ID3", ...) at the start of ordinary prose.
_TEXTUAL_FILETYPE_TYPES = frozenset(
    {"application/pdf", "application/postscript", "application/rtf"}
)


def sniff_media_type(head: bytes) -> str:
    """Detect the media type of content from its leading bytes.

    Args:
        head: The first bytes of the content. Pass at least
            :data:`SNIFF_BYTES` (8192) bytes when the content is that long;
            fewer bytes make the text heuristics less reliable. ``bytearray``
            and ``memoryview`` are accepted as well.

    Returns:
        A lower-case ``type/subtype`` string such as ``"image/jpeg"``,
        ``"application/pdf"``, ``"text/html"``, ``"text/plain"``; content
        that cannot be classified (including empty content) is
        ``"application/octet-stream"``.

        Detection order: the ``filetype`` library's magic numbers; then
        ``%PDF``; then an HTML doctype or ``<html`` tag (after an optional
        UTF-8 BOM and whitespace, case-insensitive, any encoding); then
        ``text/plain`` for NUL-free UTF-8 (optional BOM, a multibyte
        sequence cut off at the very end of ``head`` is tolerated). A
        filetype match on a short printable signature is ignored when the
        whole head is clean UTF-8 text, so a note starting "BMW ..." is
        text, not a bitmap.

    Raises:
        TypeError: if ``head`` is not bytes-like. A ``str`` is refused on
            purpose: ``filetype`` would treat it as a path and read that file.
    """
    if isinstance(head, (bytearray, memoryview)):
        head = bytes(head)
    if not isinstance(head, bytes):
        raise TypeError(
            f"sniff_media_type() needs the content's bytes, got {type(head).__name__}"
        )
    if not head:
        return OCTET_STREAM

    is_text = _is_utf8_text(head)
    detected = _filetype_guess(head)
    if detected is not None and detected != OCTET_STREAM:
        if not is_text or detected in _TEXTUAL_FILETYPE_TYPES:
            return detected

    body = _strip_bom_and_whitespace(head)
    if body.startswith(b"%PDF"):
        return "application/pdf"
    if _looks_like_html(body):
        return "text/html"
    if is_text:
        return "text/plain"
    return OCTET_STREAM


def _filetype_guess(head: bytes) -> str | None:
    """Return filetype's MIME guess, or None when it has none or fails."""
    try:
        kind = filetype.guess(head)
    except Exception:
        # A matcher bug must not abort ingestion, and sniffing has no
        # warnings channel: log it so it is visible, then use the fallbacks.
        logger.warning("filetype.guess failed; using fallback heuristics", exc_info=True)
        return None
    if kind is None:
        return None
    mime = getattr(kind, "mime", None)
    return mime.lower() if isinstance(mime, str) and "/" in mime else None


def _strip_bom_and_whitespace(head: bytes) -> bytes:
    if head.startswith(_UTF8_BOM):
        head = head[len(_UTF8_BOM) :]
    return head.lstrip(_ASCII_WHITESPACE)


def _looks_like_html(body: bytes) -> bool:
    """True if ``body`` (BOM and leading whitespace removed) opens an HTML document."""
    lowered = body[:32].lower()
    for prefix in _HTML_PREFIXES:
        if lowered.startswith(prefix):
            rest = lowered[len(prefix) :]
            # A head that ends right after the prefix is given the benefit of
            # the doubt: there is nothing to contradict it.
            return not rest or rest[0] in _HTML_TAG_END
    return False


def _is_utf8_text(head: bytes) -> bool:
    """True if ``head`` is non-empty, NUL-free UTF-8 (BOM allowed).

    The incremental decoder with ``final=False`` accepts an incomplete
    multibyte sequence only at the end of its input, which is exactly where
    cutting a longer file to ``SNIFF_BYTES`` can split a character.
    """
    if b"\x00" in head:
        return False
    body = head[len(_UTF8_BOM) :] if head.startswith(_UTF8_BOM) else head
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        text = decoder.decode(body, final=False)
    except UnicodeDecodeError:
        return False
    # Nothing decoded (a lone BOM, or only a partial character): there is no
    # text to speak of, so do not claim text/plain.
    return bool(text)
