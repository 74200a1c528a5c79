"""The monthly report's tables, counted from a :class:`PublicSet` alone (no database, no clock).

Rules, as the methodology page states them: headline figures count only the events whose grade the profile admits
(``PublicEvent.counted``); a figure is a min–max span per category and categories are never added together; an
event whose accounts give no figure of a category adds nothing to it, and a category no counted event reports is
"not reported" (``None``), never 0. An event with several perpetrators counts under each of them, so the rows of
that table may add up to more than the total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tawthiq.domain.dates import period_key, period_order
from tawthiq.domain.publication import Figures, PublicAct, PublicEvent, PublicSet, VocabularyTerm

CATEGORIES = ("killed", "injured", "detained", "displaced")
SEXES = ("female", "male", "unknown")
AGE_GROUPS = ("child", "adult", "unknown")
# Violation types that are attacks on protected persons and objects: these roots of violation-types.json and every
# type under them.
PROTECTED_ROOTS = frozenset({"attacks-on-specially-protected", "attack-on-civilian-objects"})


@dataclass(frozen=True)
class Span:
    """A min–max figure summed over events of one category (``accounts``: how many events gave one)."""

    min: int
    max: int
    events: int


@dataclass(frozen=True)
class Row:
    """One row of a table by something: its key (a period key, a name), its labels and its span."""

    key: str
    label_en: str
    label_ar: str | None
    span: Span


@dataclass
class Tallies:
    """What the monthly report shows, besides the annex (which lists ``events`` itself)."""

    events: list[PublicEvent]  # every published event, by date
    counted: list[PublicEvent]
    totals: Mapping[str, Figures]  # the set's headline totals
    deaths_by_month: list[Row] = field(default_factory=list)
    deaths_by_governorate: list[Row] = field(default_factory=list)
    deaths_by_perpetrator: list[Row] = field(default_factory=list)
    victims: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (sex, age group) -> listed victims
    detention: list[PublicEvent] = field(default_factory=list)  # published events reporting detained people
    displacement: list[PublicEvent] = field(default_factory=list)
    protected: list[tuple[PublicEvent, PublicAct]] = field(default_factory=list)  # acts on protected objects
    withheld_reasons: list[str] = field(default_factory=list)  # reason codes that applied, never the entries


def tally(pset: PublicSet) -> Tallies:
    """The monthly report's tables for ``pset`` (already restricted to the month by ``collect``)."""
    events = sorted(pset.events, key=event_order)
    counted = [e for e in events if e.counted]
    protected_types = _descendants(pset.vocabularies.get("violation-types", ()), PROTECTED_ROOTS)
    by_month: dict[str, list[Figures]] = {}
    by_place: dict[tuple[str, str | None], list[Figures]] = {}
    by_actor: dict[tuple[str, str | None], list[Figures]] = {}
    for event in counted:
        killed = event.figures.get("killed")
        if killed is None:
            continue
        by_month.setdefault(period_key(event.start, event.end), []).append(killed)
        by_place.setdefault(governorate(event), []).append(killed)
        for actor in {(a.name, a.name_ar) for act in event.acts for a in act.perpetrators}:
            by_actor.setdefault(actor, []).append(killed)
    victims: Counter[tuple[str, str]] = Counter(
        (_known(v.sex, SEXES), _known(v.age_group, AGE_GROUPS))
        for event in counted for act in event.acts for v in act.victims)
    return Tallies(
        events=events, counted=counted, totals=pset.totals,
        deaths_by_month=[Row(key, key, None, add(by_month[key])) for key in sorted(by_month, key=period_order)],
        deaths_by_governorate=_largest_first(by_place),
        deaths_by_perpetrator=_largest_first(by_actor),
        victims=dict(victims),
        detention=[e for e in events if "detained" in e.figures],
        displacement=[e for e in events if "displaced" in e.figures],
        protected=[(e, act) for e in events for act in e.acts if act.type in protected_types],
        withheld_reasons=sorted({entry.reason.value for entry in pset.withheld}),
    )


def add(figures: Iterable[Figures]) -> Span:
    """The sum of one category's spans over several events: lowest with lowest, highest with highest."""
    listed = list(figures)
    return Span(sum(f.min for f in listed), sum(f.max for f in listed), len(listed))


def governorate(event: PublicEvent) -> tuple[str, str | None]:
    """The governorate an event's place lies in (its own name when the place is one), or ("", None) if unknown."""
    place = event.place
    if place is None:
        return ("", None)
    if place.feature == "governorate":
        return (place.name, place.name_ar)
    for feature, name, name_ar in place.admin:
        if feature == "governorate":
            return (name, name_ar)
    return ("", None)


def event_order(event: PublicEvent) -> tuple[str, str]:
    return (event.start.isoformat() if event.start else "9999", event.id)


def _largest_first(rows: Mapping[tuple[str, str | None], list[Figures]]) -> list[Row]:
    made = [Row(name, name, name_ar, add(figures)) for (name, name_ar), figures in rows.items()]
    return sorted(made, key=lambda r: (-r.span.max, -r.span.min, r.key == "", r.key))


def _descendants(terms: Sequence[VocabularyTerm], roots: frozenset[str]) -> frozenset[str]:
    parents = {t.slug: t.parent for t in terms}
    found = set(roots)
    for slug in parents:
        step: str | None = slug
        while step is not None and step not in found:
            step = parents.get(step)
        if step is not None:
            found.add(slug)
    return frozenset(found)


def _known(value: str, allowed: tuple[str, ...]) -> str:
    return value if value in allowed else "unknown"
