"""Intake of documents: the text, title, language and publication date of a report file.

:func:`read_document` turns a plain-text, HTML or PDF file (English or
Arabic) into a :class:`Document` for the extraction step. The file's
content decides its type, never its name. Problems that still leave text
(a bad PDF page, invalid UTF-8) are warnings on the result; a file that
gives no text raises :class:`UnreadableDocument` with the reason in English
and Arabic.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tawthiq.domain.errors import TawthiqError
from tawthiq.intake.dates import find_publication_date, parse_date_text
from tawthiq.intake.html import extract_html
from tawthiq.intake.language import (
    decode_text,
    detect_language,
    looks_like_cp1256_arabic,
    looks_like_damaged_utf8,
)
from tawthiq.intake.pdf import PdfUnreadable, extract_pdf
from tawthiq.media import SNIFF_BYTES, sniff_media_type

__all__ = [
    "DEFAULT_MAX_BYTES",
    "TITLE_MAX_CHARS",
    "Document",
    "UnreadableDocument",
    "detect_language",
    "find_publication_date",
    "parse_date_text",
    "read_document",
]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
TITLE_MAX_CHARS = 200
_TITLE_SEARCH_CHARS = 64 * 1024

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Saved pages and fragments without a doctype still open with one of these.
_HTML_FRAGMENT_STARTS = (b"<!--", b"<head", b"<body", b"<meta", b"<title", b"<article", b"<main")
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Readers accept a PDF header anywhere in the first kilobyte.
_PDF_HEADER_WINDOW = 1024
# A blank line (spaces allowed) between two lines separates paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
# Control characters (PostgreSQL rejects NUL), the zero-width no-break space,
# and presentation forms: Arabic letters in their contextual shapes and Latin
# ligatures, which PDFs and old pages use and which search must see as letters.
_UNWANTED = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufb00-\ufb06\ufb50-\ufdff\ufe70-\ufeff]+")
_DROP_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, 0xFEFF])


class UnreadableDocument(TawthiqError):
    """The file gives no text: wrong type, damaged, encrypted, scanned, empty or too large.

    Attributes:
        reason: Why, in English.
        reason_ar: Why, in Arabic.
    """

    def __init__(self, reason: str, reason_ar: str) -> None:
        super().__init__(f"{reason} / {reason_ar}")
        self.reason = reason
        self.reason_ar = reason_ar


@dataclass(frozen=True)
class Document:
    """A document's text and what it says about itself.

    Attributes:
        text: The main text; paragraphs separated by ``"\\n\\n"``, whitespace
            within a paragraph collapsed to single spaces.
        title: At most 200 characters, or None.
        language: ``"ar"``, ``"en"`` or ``"other"`` (see :func:`detect_language`).
        published_on: The publication date the document states, if any.
        media_type: ``"text/plain"``, ``"text/html"`` or ``"application/pdf"``.
        warnings: Best-effort problems, e.g. ``"pdf: page 3 unreadable (KeyError)"``.
    """

    text: str
    title: str | None
    language: str
    published_on: date | None
    media_type: str
    warnings: list[str]


def read_document(path: Path, media_type: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a text, HTML or PDF file into a :class:`Document`.

    Args:
        path: The file.
        media_type: A type already known (e.g. sniffed at upload); a
            ``charset`` parameter is honoured for text and HTML. When None,
            the content is sniffed with :func:`tawthiq.media.sniff_media_type`,
            and what it leaves unclassified is checked for UTF-16/32 text, a
            PDF header later in the first kilobyte, windows-1256 Arabic and
            UTF-8 text with a few invalid bytes.
        max_bytes: Larger files are refused; the caller sets the cap.

    Returns:
        The document. Plain text is decoded as UTF-8 (BOM allowed), UTF-16/32
        with a BOM, or windows-1256 when that yields Arabic, else UTF-8 with
        replacement characters and a warning; its title is its first
        non-empty line. HTML is reduced to its main text
        (:func:`tawthiq.intake.html.extract_html`); PDF gives its text layer
        (:func:`tawthiq.intake.pdf.extract_pdf`).

    Raises:
        UnreadableDocument: not text, HTML or PDF; a PDF that is damaged,
            password-protected or without a text layer; no text at all; or
            more than ``max_bytes`` bytes.
        OSError: the file cannot be read at all (missing, a directory, no
            permission): a storage fault, not a property of the document.
    """
    with Path(path).open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnreadableDocument(
            f"larger than the limit of {max_bytes:,} bytes", f"أكبر من الحد المسموح ({max_bytes:,} بايت)"
        )
    if not data:
        raise UnreadableDocument("empty document", "مستند فارغ")
    essence, charset = _parse_media_type(media_type) if media_type else (_sniff(data), None)
    title: str | None
    date_meta: list[str] = []
    if essence in _HTML_TYPES:
        page = extract_html(data, charset)
        essence, paragraphs, title = "text/html", page.paragraphs, page.title
        date_meta, warnings = page.date_meta, page.warnings
    elif essence == "application/pdf":
        try:
            pdf = extract_pdf(data)
        except PdfUnreadable as exc:
            raise UnreadableDocument(exc.reason, exc.reason_ar) from exc
        paragraphs, title, warnings = pdf.paragraphs, pdf.title, pdf.warnings
    elif essence.startswith("text/"):
        decoded, warnings = decode_text(data, charset)
        if "\r" in decoded:  # old Mac line ends; CRLF first so it stays one line end
            decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
        essence, paragraphs, title = "text/plain", _PARAGRAPH_BREAK.split(decoded), _first_line(decoded)
    else:
        raise UnreadableDocument("not a text, HTML or PDF document", "ليس مستنداً نصياً أو HTML أو PDF")
    cleaned = [p for p in map(_clean, paragraphs) if p]
    if not cleaned:
        raise UnreadableDocument("empty document", "مستند فارغ")
    text = "\n\n".join(cleaned)
    return Document(
        text=text,
        title=_clip(_clean(title)) if title else None,
        language=detect_language(text),
        published_on=find_publication_date(text, date_meta),
        media_type=essence,
        warnings=warnings,
    )


def _parse_media_type(media_type: str) -> tuple[str, str | None]:
    essence, _, params = media_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'")
    return essence.strip().lower(), charset


def _sniff(data: bytes) -> str:
    """The content's type: the shared sniffer, plus the text it cannot classify."""
    head = data[:SNIFF_BYTES]
    sniffed = sniff_media_type(head)
    if sniffed == "text/plain" and head.lstrip().lower().startswith(_HTML_FRAGMENT_STARTS):
        return "text/html"
    if sniffed != "application/octet-stream":
        return sniffed
    if head.startswith(_WIDE_BOMS):
        # The sniffer reads ASCII-compatible text only; wide text is checked here.
        opening, _ = decode_text(head[:512])
        return "text/html" if opening.lstrip().lower().startswith(("<!doctype html", "<html")) else "text/plain"
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:
        return "application/pdf"
    if looks_like_cp1256_arabic(head) or looks_like_damaged_utf8(head):
        return "text/plain"  # the sniffer counts any invalid UTF-8 as binary
    return sniffed


def _clean(paragraph: str) -> str:
    if _UNWANTED.search(paragraph):
        paragraph = _UNWANTED.sub(_fold_unwanted, paragraph)
    return " ".join(paragraph.split())


def _fold_unwanted(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match[0]).translate(_DROP_CONTROLS)


def _first_line(text: str) -> str | None:
    # Only the start is looked at, so a file of blank lines costs nothing.
    return next((line for line in text[:_TITLE_SEARCH_CHARS].splitlines() if line.strip()), None)


def _clip(title: str) -> str | None:
    if len(title) <= TITLE_MAX_CHARS:
        return title or None
    return title[: TITLE_MAX_CHARS - 1].rstrip() + "…"
