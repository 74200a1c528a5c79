"""Reading records for a publication: the collector's base (see :mod:`tawthiq.services.publishing.collect`).

Rows are read in chunks of ids, or in one pass over a table past :data:`ONE_PASS` ids, as plain tuples; every field
and date leaves only as the profile lets it (the rest goes to the withheld log); a place is coarsened to the
profile's level (a coarser one for sensitive incidents), and free text that names a place the coarsening hid is
held back (:func:`~tawthiq.services.publishing.redaction.names_any`).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from tawthiq.db.models import Concept, Place
from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.publication import PLACE_LEVELS, Profile, PublicAct, PublicPlace, Withheld, WithheldEntry
from tawthiq.services.publishing.redaction import coarsen_date, coarser_level, geo_precision, names_any, place_rank
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.levels import readable_clause, readable_ids

PUBLIC = [Confidentiality.PUBLIC.value]
VOCABULARIES = ("violation-types", "source-kinds", "reliability")
CHUNK = 2000  # ids per IN list: few round trips at 100,000 events, far below the bound parameters SQLite allows
ONE_PASS = 20_000  # ids past which a table is read in one pass rather than by chunks of ids (see Reader.rows)


def chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


def columns_of(model: Any) -> list[Any]:
    """Every column of ``model``."""
    return [getattr(model, attribute.key) for attribute in inspect(model).column_attrs]


def flagged_columns(model: Any, kind: str) -> list[Any]:
    """Every column of ``model``, and ``is_public``: whether the record is public (what ``readable_ids`` tells), read
    in the same pass."""
    return [*columns_of(model), readable_clause(kind, PUBLIC).label("is_public")]


_SHAPES: dict[tuple[str, ...], Any] = {}


def as_tuples(rows: Iterable[Any], columns: Sequence[Any]) -> list[Any]:
    """Rows as plain named tuples (fields named like the model's attributes), not as objects: building a hundred
    thousand records, or reading a database row's fields, costs several times the reading."""
    names = tuple(c.key for c in columns)
    shape: Any = _SHAPES.get(names)
    if shape is None:
        shape = _SHAPES[names] = namedtuple("Row", names)  # noqa: PYI024
    return [shape._make(r) for r in rows]


class Reader:
    """What collecting needs around its queries: rows read in chunks or in one pass, the withheld log, each
    event's latest change, the profile's fields, free text and dates as the profile lets them out, and places
    coarsened to its level (with the names the coarsening hid)."""

    def __init__(self, session: Session, profile: Profile) -> None:
        self.session, self.profile = session, profile
        self.fields = {(kind, field) for kind, fields in profile.fields.items() for field in fields}
        self.withheld: list[WithheldEntry] = []
        self.stamps: dict[str, datetime] = {}  # each published event's latest change among the records it draws on
        self.order: dict[str, tuple[date, datetime, str]] = {}  # each published event's place in the set's order
        self.concepts = {c.id: c for c in as_tuples(session.execute(select(*columns_of(Concept)).where(
            Concept.vocabulary.in_([*VOCABULARIES, "involvement-degrees"]))), columns_of(Concept))}

    def hold(self, kind: str, ident: str, reason: Withheld, field: str | None = None,
             event: str | None = None) -> None:
        self.withheld.append(WithheldEntry(kind, ident, reason, field, event))

    def stamp(self, event: str, at: datetime) -> None:
        if event not in self.stamps or at > self.stamps[event]:
            self.stamps[event] = at

    def listed(self, kind: str, field: str) -> bool:
        return (kind, field) in self.fields

    def rows(self, model: Any, column: Any, ids: Sequence[str], *extra: Any, columns: Sequence[Any] = ()
             ) -> list[Any]:
        """The rows whose ``column`` is one of ``ids`` (and that meet ``extra``). A long list is read in one pass
        over the table, filtered here: SQLite would rather scan the table by its index on ``deleted_at`` once per
        chunk of ids, which at 100,000 events is quadratic. Only ``columns`` are read (default: all), as tuples."""
        wanted = set(ids)
        columns = list(columns) or columns_of(model)
        query = select(*columns)
        if len(wanted) > ONE_PASS:
            at = [c.key for c in columns].index(column.key)
            return as_tuples((r for r in self.session.execute(query.where(*extra)) if r[at] in wanted), columns)
        out: list[Any] = []
        for chunk in chunks(sorted(wanted)):
            out.extend(self.session.execute(query.where(column.in_(chunk), *extra)))
        return as_tuples(out, columns)

    def public_ids(self, kind: str, ids: Sequence[str]) -> set[str]:
        """Which of these records are public (``readable_ids``); many are found in one pass over the table, as in
        :meth:`rows`."""
        wanted = set(ids)
        if len(wanted) <= ONE_PASS:
            return readable_ids(self.session, kind, wanted, PUBLIC)
        model = KINDS[kind].model
        return {i for i in self.session.scalars(select(model.id).where(readable_clause(kind, PUBLIC))) if i in wanted}

    def text(self, row: Any, kind: str, field: str) -> str:
        value = str(getattr(row, field) or "")
        if self.listed(kind, field):
            return value
        if value:
            self.hold(kind, row.id, Withheld.PROTECTED_FIELD, field, getattr(row, "event_id", row.id))
        return ""

    def when(self, row: Any, kind: str, start: date | None, end: date | None, precision: str | None
             ) -> tuple[date | None, date | None, str]:
        event = getattr(row, "event_id", row.id)
        if not self.listed(kind, "date"):
            if start is not None:
                self.hold(kind, row.id, Withheld.PROTECTED_FIELD, "date", event)
            return None, None, "unknown"
        first, last, shown, coarsened = coarsen_date(start, end, precision, self.profile.date_level)
        if coarsened:
            self.hold(kind, row.id, Withheld.DATE_COARSENED, "date", event)
        return first, last, shown

    # --- places ------------------------------------------------------------------------------------------------

    def places(self, events: list[Any]) -> dict[str, Any]:
        """The events' places and every place above them."""
        found: dict[str, Any] = {}
        frontier = {e.place_id for e in events if e.place_id}
        while frontier:
            rows = self.rows(Place, Place.id, list(frontier))
            found.update({p.id: p for p in rows})
            frontier = {p.parent_id for p in rows if p.parent_id} - set(found)
        return found

    def place(self, event: Any, places: dict[str, Any], sensitive: bool
              ) -> tuple[PublicPlace | None, str | None, list[str]]:
        """The event's place as published, its place text if that may leave, and the names the coarsening hid
        (the places climbed past, and the place text held back: free text must not name them)."""
        recorded = places.get(event.place_id) if event.place_id else None
        if not self.listed("event", "place"):
            if recorded is not None or event.place_text:
                self.hold("event", event.id, Withheld.PROTECTED_FIELD, "place", event.id)
            return None, None, []
        level = coarser_level(self.profile.place_level, self.profile.sensitive_place_level) if sensitive \
            else self.profile.place_level
        target = PLACE_LEVELS.index(level)
        node, guard, hidden = recorded, 0, []
        while node is not None and guard < 20 and (place_rank(node.feature) < target or not is_shown(node)):
            hidden += [name for name in (node.name, node.name_ar, *(node.alt_names or ())) if name]
            node, guard = places.get(node.parent_id) if node.parent_id else None, guard + 1
        kept = node is not None and node is recorded and target == 0
        if (recorded is not None and not kept) or (event.latitude is not None and not kept):
            self.hold("event", event.id, Withheld.PLACE_COARSENED, "place", event.id)
        place_text = event.place_text if kept or (recorded is None and target == 0) else None
        if event.place_text and place_text is None:
            self.hold("event", event.id, Withheld.PLACE_COARSENED, "place_text", event.id)
            hidden.append(event.place_text)
        if node is None:
            return None, place_text, hidden
        self.stamp(event.id, node.updated_at)
        admin, parent, guard = [], places.get(node.parent_id) if node.parent_id else None, 0
        while parent is not None and is_shown(parent) and guard < 20:
            admin.append((parent.feature, parent.name, parent.name_ar))
            parent, guard = places.get(parent.parent_id) if parent.parent_id else None, guard + 1
        latitude, longitude = (None, None)
        if self.listed("event", "coordinates"):
            own = kept and event.latitude is not None and event.longitude is not None
            latitude, longitude = (event.latitude, event.longitude) if own else (node.latitude, node.longitude)
        return PublicPlace(node.id, node.name, node.name_ar, node.feature, tuple(reversed(admin)),
                           tuple(node.alt_names or ()), latitude, longitude,
                           geo_precision(event.geo_precision, place_rank(node.feature), kept)), place_text, hidden

    def unnamed(self, act: PublicAct, hidden: list[str], event: str) -> PublicAct:
        """The act, its free text held back where it names a place the coarsening hid."""
        held = [name for name in ("description", "victim_description") if hidden and names_any(getattr(act, name),
                                                                                               hidden)]
        for name in held:
            self.hold("act", act.id, Withheld.PLACE_COARSENED, name, event)
        if "description" in held:
            act = replace(act, description="")
        return replace(act, victim_description="") if "victim_description" in held else act

def is_shown(row: Any) -> bool:
    """A record with no owner (a place, an actor, a person, a concept) that may be published: public and live."""
    return bool(row.confidentiality == PUBLIC[0] and row.deleted_at is None)
