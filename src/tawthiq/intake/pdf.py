"""Text layer of a PDF, page by page, with pypdf.

A PDF from the field may be damaged, encrypted, scanned or built to break
readers. pypdf runs with ``strict=False`` (it repairs what it can), every
page is extracted on its own so one bad page costs only that page, and the
page count is capped. What pypdf reports while repairing, through Python
warnings or its logger, becomes warnings on the result rather than noise in
the logs or, under ``filterwarnings = error``, an exception.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

__all__ = ["MAX_PAGES", "PdfContent", "PdfUnreadable", "extract_pdf"]

#: Pages read at most; a longer PDF is read up to here, with a warning.
MAX_PAGES = 2_000

_MAX_WARNINGS = 20
_GARBLED_SHARE = 0.1
# A line ending a sentence and shorter than the page's full lines ends a paragraph.
_SENTENCE_END = (".", "!", "?", "؟", "۔")
_CLOSERS = "\"'”’»)"
_SHORT_LINE = 0.8
_FILE_NAME_TITLE = re.compile(r"\.(?:docx?|pdf|indd|odt|rtf|txt|pages|qxd)$", re.IGNORECASE)
_WORD_PREFIX = "microsoft word - "
_PLACEHOLDER_TITLES = frozenset({"untitled", "title", "document", "document1"})


@dataclass
class PdfContent:
    """What :func:`extract_pdf` found: paragraphs in page order, a title, warnings."""

    paragraphs: list[str]
    title: str | None
    warnings: list[str]


class PdfUnreadable(Exception):
    """The PDF gives no text: damaged, password-protected, or without a text layer."""

    def __init__(self, reason: str, reason_ar: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_ar = reason_ar


_DAMAGED = ("the PDF is damaged or not a PDF", "ملف PDF تالف أو ليس PDF")
_NEEDS_AES = (
    "the PDF is encrypted with AES, which needs the optional 'cryptography' package",
    "ملف PDF مشفّر بخوارزمية AES، وقراءته تحتاج الحزمة الاختيارية cryptography",
)
_NO_TEXT = (
    "the PDF has no text layer (scanned? OCR is an optional extra)",
    "لا يحتوي ملف PDF على طبقة نصية (ممسوح ضوئياً؟ التعرّف الضوئي على النص إضافة اختيارية)",
)


def extract_pdf(data: bytes, *, max_pages: int = MAX_PAGES) -> PdfContent:
    """Extract the text layer of a PDF.

    Args:
        data: The whole PDF file.
        max_pages: Pages read at most.

    Returns:
        A :class:`PdfContent`: paragraphs (blank lines, page ends and short
        lines ending a sentence separate them), the metadata title unless it
        is a placeholder or a file name, else the first line of text, and
        warnings such as ``"pdf: page 3 unreadable (KeyError)"``.

    Raises:
        PdfUnreadable: damaged beyond repair, encrypted with a password other
            than the empty one (or with AES, which needs the optional
            ``cryptography`` package), or no text on any page.
    """
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught, _pypdf_log_into(found):
        warnings.simplefilter("always")
        try:
            content = _extract(data, max_pages, found)
        except PdfUnreadable:
            raise
        except DependencyError as exc:
            # AES streams are decrypted lazily, so the missing package can
            # surface at any object, not only when the password is checked.
            raise PdfUnreadable(*_NEEDS_AES) from exc
        except Exception as exc:  # RecursionError included: a crafted PDF nests without end
            raise PdfUnreadable(*_DAMAGED) from exc
    found.extend(f"pdf: {w.message}" for w in caught)
    content.warnings.extend(list(dict.fromkeys(found))[:_MAX_WARNINGS])
    return content


def _extract(data: bytes, max_pages: int, problems: list[str]) -> PdfContent:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise PdfUnreadable("the PDF is password-protected", "ملف PDF محمي بكلمة مرور")
    count = len(reader.pages)
    if count > max_pages:
        problems.append(f"pdf: only the first {max_pages} of {count} pages read")
    pages: list[str] = []
    failed = 0
    for number in range(min(count, max_pages)):
        try:
            pages.append(reader.pages[number].extract_text())
        except DependencyError:
            raise
        except Exception as exc:
            failed += 1
            problems.append(f"pdf: page {number + 1} unreadable ({type(exc).__name__})")
    if not any(page.strip() for page in pages):
        # No pages, or every page failing, means a damaged file, not a scan.
        raise PdfUnreadable(*(_DAMAGED if failed == min(count, max_pages) else _NO_TEXT))
    if not any(ch.isalnum() for page in pages for ch in page):
        raise PdfUnreadable(*_NO_TEXT)  # only marks or U+FFFD: fonts whose codes map to no characters
    garbled = sum(page.count("\ufffd") for page in pages)
    if garbled > _GARBLED_SHARE * sum(len(page) for page in pages):
        problems.append("pdf: much of the text could not be decoded (fonts without a character map)")
    paragraphs = [p for page in pages for p in _page_paragraphs(page)]
    return PdfContent(paragraphs, _title(reader, problems) or _first_line(pages), [])


def _page_paragraphs(text: str) -> list[str]:
    """Split one page into paragraphs; pypdf gives lines, rarely blank lines between paragraphs."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    full = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        if current and (
            not line or (line.rstrip(_CLOSERS).endswith(_SENTENCE_END) and len(line) < _SHORT_LINE * full)
        ):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _title(reader: PdfReader, problems: list[str]) -> str | None:
    try:
        meta = reader.metadata
        title = meta.title if meta is not None else None
    except Exception as exc:
        problems.append(f"pdf: metadata unreadable ({type(exc).__name__})")
        return None
    if not isinstance(title, str):
        return None
    title = " ".join(title.split())
    if title.lower().startswith(_WORD_PREFIX):
        title = title[len(_WORD_PREFIX) :]
    if _FILE_NAME_TITLE.search(title) or title.lower() in _PLACEHOLDER_TITLES:
        return None
    return title or None


def _first_line(pages: list[str]) -> str | None:
    for page in pages:
        for line in page.splitlines():
            if line.strip():
                return " ".join(line.split())
    return None


class _ThreadRecords(logging.Handler):
    """Collects pypdf's log messages emitted by this thread only."""

    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.into.append(f"pdf: {record.getMessage()}")


@contextmanager
def _pypdf_log_into(into: list[str]) -> Iterator[None]:
    # pypdf reports repairs ("EOF marker not found") by logging, not by
    # warnings; they say the file is damaged, so the user should see them.
    logger = logging.getLogger("pypdf")
    handler = _ThreadRecords(into)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
