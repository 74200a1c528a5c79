"""The extraction runner: every step over one report, each failure recorded and the others carried on.

Suggestions are optional help for a person coding the report, so a step that fails must not cost the
others: its field stays empty and ``warnings`` says why ("persons: ValueError: …"). Steps run in an order
that lets later ones use earlier results: places and actors first (persons must not be places or actors,
violations list the actors and places of their sentence; a place inside an actor's name is no place, so
actors come first), dates before counts (a day of the month is not a figure), persons before sources (a named
source is not anonymous), and the actors' roles last (a perpetrator is an actor of a violation).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from tawthiq.extract.actors import find_actors
from tawthiq.extract.counts import find_counts
from tawthiq.extract.dates import find_dates
from tawthiq.extract.lexicon import Lexicon
from tawthiq.extract.names import NameModel
from tawthiq.extract.persons import find_persons
from tawthiq.extract.places import check_places
from tawthiq.extract.roles import assign_roles
from tawthiq.extract.sources import find_sources
from tawthiq.extract.spans import Document
from tawthiq.extract.violations import find_violations

FIELDS = ("places", "actors", "persons", "dates", "violations", "sources", "counts")


class PlaceResolver(Protocol):
    """Finds the places a text names (the gazetteer behind it is the implementer's business)."""

    def resolve(self, text: str, language: str) -> list[dict[str, Any]]:
        """Place suggestions in the "places" format of :func:`extract`, spans into ``text``."""
        ...


class NullPlaces:
    """A resolver that finds no place: for tests, and when no gazetteer is loaded."""

    def resolve(self, text: str, language: str) -> list[dict[str, Any]]:
        """Always nothing."""
        return []


@dataclass
class Context:
    """What a step sees: the report, the lexicon, the resolver, and the results of the steps before it."""

    doc: Document
    lexicon: Lexicon
    places: PlaceResolver
    names: NameModel | None = None
    found: dict[str, list[Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


Step = tuple[str, Callable[[Context], list[Any]]]


def _places(ctx: Context) -> list[Any]:
    text = ctx.doc.text
    found = ctx.places.resolve(text, ctx.doc.language)
    kept = [dict(p) for p in found if isinstance(p, dict) and _span_ok(text, p)]
    if len(kept) < len(found):
        ctx.warnings.append(f"places: {len(found) - len(kept)} suggestion(s) dropped: span does not match the text")
    return check_places(ctx.doc, kept, ctx.found.get("actors", []))


def _roles(ctx: Context) -> list[Any]:
    """Give each actor suggestion its role (tawthiq.extract.roles), once the violations know their perpetrators."""
    ctx.found["actors"] = assign_roles(ctx.doc, ctx.lexicon, ctx.found.get("actors", []),
                                       ctx.found.get("violations", []))
    return []


STEPS: tuple[Step, ...] = (
    ("actors", lambda c: list(find_actors(c.doc, c.lexicon))),
    ("places", _places),
    ("dates", lambda c: list(find_dates(c.doc))),
    ("persons", lambda c: list(find_persons(c.doc, c.lexicon, c.found.get("actors", []), c.found.get("places", []),
                                            c.names.person_spans(c.doc.text, c.doc.language) if c.names else ()))),
    ("counts", lambda c: list(find_counts(c.doc, c.lexicon, c.found.get("dates", [])))),
    ("sources", lambda c: list(find_sources(c.doc, c.found.get("actors", []), c.found.get("persons", [])))),
    ("violations",
     lambda c: list(find_violations(c.doc, c.lexicon, c.found.get("actors", []), c.found.get("places", []),
                                    c.found.get("counts", [])))),
    ("roles", _roles),
)


def extract(text: str, *, language: str, published_on: date | None, lexicon: Lexicon, places: PlaceResolver,
            steps: Sequence[Step] = STEPS, names: NameModel | None = None) -> dict[str, Any]:
    """Suggest places, actors, persons, dates, violations, sources and counts for one report.

    Args:
        text: The report's text; every suggestion's span points into it.
        language: "en" or "ar" (anything starting with "ar" counts as Arabic, anything else as English).
        published_on: The publication date, the anchor of relative dates ("yesterday"); None skips those.
        lexicon: Actors and trigger lexicons (:meth:`Lexicon.shipped` or :meth:`Lexicon.from_actors`).
        places: The place resolver (:class:`NullPlaces` when there is no gazetteer).
        steps: The steps to run, in order (tests replace one with a failing fake).
        names: An optional statistical name model (spaCy) whose person names join the rules' (see extract.names).

    Returns:
        A JSON-serialisable dict: "language", one list per field of FIELDS, and "warnings" with one line per
        step that failed ("persons: ValueError: …"). Each actor carries its "role" (perpetrator, victim, target,
        controller or mentioned: tawthiq.extract.roles). Never raises for any text.
    """
    lang = "ar" if language.lower().startswith("ar") else "en"
    ctx = Context(Document(text, lang, published_on), lexicon, places, names)
    for name, step in steps:
        try:
            ctx.found[name] = step(ctx)
        except Exception as error:  # a failed step costs its own field only (see the module docstring)
            ctx.found[name] = []
            ctx.warnings.append(f"{name}: {type(error).__name__}: {error}")
    return {"language": lang, **{f: ctx.found.get(f, []) for f in FIELDS}, "warnings": ctx.warnings}


def _span_ok(text: str, item: dict[str, Any]) -> bool:
    start, end = item.get("start"), item.get("end")
    return (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
            and text[start:end] == item.get("text"))
