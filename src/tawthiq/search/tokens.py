"""The tokens of the search index: opaque facet tokens (``kind = event``, ``type = killing``, the years a span
touches, the clearances a document serves) that the full-text match applies like words. Pure: no I/O."""

from __future__ import annotations

import hashlib
import re
from datetime import date

from tawthiq.domain.enums import Confidentiality

MAX_SPAN_YEARS = 60  # a longer span gets the one token WIDE instead of a token per year
WIDE = "wide"
LEVELS = [level.value for level in Confidentiality]


AREA_WORDS = re.compile(r"(?:^|\s)(?:محافظة|محافظه|منطقة|ناحية|governorate|province|district|subdistrict)(?=\s|$)",
                        re.IGNORECASE)


def without_area_words(name: str) -> str:
    return " ".join(AREA_WORDS.sub(" ", name).split())


def facet_token(facet: str, value: str) -> str:
    """An opaque, tokenizer-safe token standing for ``facet = value``."""
    return "f" + hashlib.sha1(f"{facet}={value}".encode()).hexdigest()[:15]


def facet_tokens(facets: dict[str, set[str]], kind: str, confidentiality: str, status: str | None,
                 start: date | None = None, end: date | None = None, serves: set[str] | None = None) -> str:
    """A document's facet column: its facet values with their ancestors, its kind, its record's confidentiality and
    status, every year its span touches (a date filter then narrows the full-text match; see year_groups), and the
    clearances it serves (``serves``, by default every clearance that may read the record)."""
    served = serves if serves is not None else set(LEVELS[LEVELS.index(confidentiality):])
    access = {"kind": {kind}, "confidentiality": {confidentiality}, "status": {status} if status else set(),
              "year": span_years(start, end), "serves": served}
    return " ".join(facet_token(k, v) for k, values in {**facets, **access}.items() for v in sorted(values))


def span_years(start: date | None, end: date | None) -> set[str]:
    first, last = start or end, end or start
    if first is None or last is None:
        return set()
    if last.year - first.year > MAX_SPAN_YEARS:
        return {WIDE}
    return {str(year) for year in range(first.year, last.year + 1)}


def year_token_group(first_year: int, last_year: int) -> list[str]:
    """Tokens of a document whose span touches any year from first_year to last_year (the wide spans included)."""
    return [facet_token("year", WIDE)] + [facet_token("year", str(y)) for y in range(first_year, last_year + 1)]
