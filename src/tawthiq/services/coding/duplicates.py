"""One record per real place: a place a team entered by hand that the gazetteer has too is merged into the
gazetteer's record. Migration 0009 runs it on what earlier versions left (the demo's own "Syria", "Deir ez-Zor
Governorate"…), and loading or importing a gazetteer runs it on what that load duplicates.

Two places are one only on evidence: the hand-entered one (no gazetteer id) is spelled as one of the gazetteer
place's names (normalised: "Albu Kamal" is "Ālbū Kamāl", "Al-Qaim" is "Al Qā’im"; a shared consonant skeleton
is not enough), is the same kind of place (a city, town or village may be another of the three; a governorate only a
governorate), lies in the same country, and either lies in the same enclosing area (its parent, once merged, is the
gazetteer place's parent) or lies within a few kilometres of it inside an area that encloses both. A gazetteer
place more confidential than the duplicate is never a target (its readers would lose the place). When more than
one gazetteer place fits, nothing is merged and the ambiguity is logged.

A merge moves every reference (events' places, persons' places of origin, the places within it) to the gazetteer's
record and soft-deletes the duplicate with the reason; each change is a version with its audit entry, written by
the Writer as any edit is, so ``tawthiq verify`` holds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from tawthiq.db.base import Base
from tawthiq.geo.matching import haversine
from tawthiq.geo.resolver import spelling
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.levels import LEVELS
from tawthiq.services.records.store import Writer

log = logging.getLogger(__name__)

SETTLEMENTS = frozenset({"city", "town", "village"})
# How far apart two points of one settlement may lie when their records name different enclosing areas: a city's
# point may be its centre or its seat, 10 km off; a village's is never more than a few kilometres off.
NEAR_KM = {"city": 15.0}
DEFAULT_NEAR_KM = 5.0
# what references a place (the places within it are handled apart)
REFERENCES = (("event", "place_id"), ("person", "origin_place_id"))
CHANGE = "place-merge"


@dataclass(frozen=True)
class PlaceMerge:
    duplicate: str
    into: str
    name: str
    why: str  # "same enclosing area", or how far apart and within what


@dataclass(frozen=True)
class _Place:
    id: str
    name: str
    feature: str
    country: str | None
    parent: str | None
    lat: float | None
    lon: float | None
    gazetteer: bool
    level: str
    spellings: frozenset[str]


def merge_duplicate_places(session: Session, writer: Writer) -> list[PlaceMerge]:
    """Merge every live hand-entered place into the gazetteer place it duplicates (see the module's note), inside
    the caller's transaction, with ``writer``'s actor. Returns the merges made; logs each, and each ambiguity."""
    places = _live_places(session)
    merges = plan_merges(places)
    if not merges:
        return []
    into = {m.duplicate: m.into for m in merges}
    now = datetime.now(UTC)
    children: dict[str, list[str]] = {}
    for place in places.values():
        if place.parent:
            children.setdefault(place.parent, []).append(place.id)
    for kind, column in (("place", "parent_id"), *REFERENCES):
        for row in _rows(session, kind, column, sorted(into)):
            if kind == "place" and row["id"] in into:
                continue  # merged too: deleted below
            writer.change(KINDS[kind], row, {column: into[row[column]]}, change=CHANGE,
                          reason=f"place {row[column]} merged into the gazetteer's {into[row[column]]}")
    for merge in merges:
        [row] = _rows(session, "place", "id", [merge.duplicate])
        reason = f"duplicate of the gazetteer's place {merge.into} ({merge.name}): {merge.why}; references moved there"
        writer.change(KINDS["place"], row, {"deleted_at": now, "deleted_by": writer.actor, "deletion_reason": reason},
                      change="delete", reason=reason)
        log.info("place %s merged into %s (%s): %s", merge.duplicate, merge.into, merge.name, merge.why)
        # events at places anywhere below it are indexed under its ancestors: their documents change too
        stack = list(children.get(merge.duplicate, []))
        while stack:
            below = stack.pop()
            writer.to_index.append({"kind": "place", "record_id": below})
            stack += children.get(below, [])
    writer.flush()
    return merges


def plan_merges(places: dict[str, _Place]) -> list[PlaceMerge]:
    """Which hand-entered places are gazetteer places, parents before the places within them (so that a place
    whose parent was merged is compared under the gazetteer's parent)."""
    by_spelling: dict[str, set[str]] = {}
    for place in places.values():
        if place.gazetteer:
            for spelled in place.spellings:
                by_spelling.setdefault(spelled, set()).add(place.id)
    into: dict[str, str] = {}
    out: list[PlaceMerge] = []
    for place in sorted((p for p in places.values() if not p.gazetteer), key=lambda p: (_depth(places, p), p.id)):
        candidates = {c for s in place.spellings for c in by_spelling.get(s, ())}
        fits = [(c, why) for c in sorted(candidates) if (why := _same(places, into, place, places[c]))]
        if len(fits) == 1:
            [(target, why)] = fits
            into[place.id] = target
            out.append(PlaceMerge(place.id, target, places[target].name, why))
        elif fits:
            log.warning("place %s (%s) is like %d gazetteer places (%s): not merged", place.id, place.name, len(fits),
                        ", ".join(c for c, _ in fits))
    return out


def _same(places: dict[str, _Place], into: dict[str, str], place: _Place, other: _Place) -> str | None:
    """Why ``place`` is the gazetteer's ``other``, or None when nothing shows it."""
    if not (place.feature == other.feature or {place.feature, other.feature} <= SETTLEMENTS):
        return None
    if place.country and other.country and place.country != other.country:
        return None
    if LEVELS.index(other.level) > LEVELS.index(place.level):
        return None
    parent = into.get(place.parent or "", place.parent)
    if parent == other.parent and (parent is not None or place.feature == "country"):
        return "same name, same enclosing area"
    above = _ancestors(places, other)
    if None in (place.lat, place.lon, other.lat, other.lon) or (parent is not None and parent not in above):
        return None
    km = haversine(place.lat or 0.0, place.lon or 0.0, other.lat or 0.0, other.lon or 0.0)
    if km > max(NEAR_KM.get(place.feature, DEFAULT_NEAR_KM), NEAR_KM.get(other.feature, DEFAULT_NEAR_KM)):
        return None
    within = f" within {places[parent].name}" if parent in places else ""
    return f"same name, {km:.1f} km apart{within}"


def _ancestors(places: dict[str, _Place], place: _Place) -> list[str]:
    out: list[str] = []
    current = place.parent
    while current and current in places and current not in out:
        out.append(current)
        current = places[current].parent
    return out


def _depth(places: dict[str, _Place], place: _Place) -> int:
    return len(_ancestors(places, place))


def _columns(session: Session, kind: str) -> list[Any]:
    """The kind's columns that the database has: the migration runs this on the schema of its own revision."""
    table = Base.metadata.tables[KINDS[kind].table]
    present = {c["name"] for c in inspect(session.connection()).get_columns(table.name)}
    return [c for c in table.columns if c.name in present]


def _rows(session: Session, kind: str, column: str, values: list[str]) -> list[dict[str, Any]]:
    columns = _columns(session, kind)
    by_name = {c.key: c for c in columns}
    out: list[dict[str, Any]] = []
    for start in range(0, len(values), 500):
        query = select(*columns).where(by_name[column].in_(values[start:start + 500])).order_by(by_name["id"])
        out += [dict(row._mapping) for row in session.execute(query)]
    return out


def _live_places(session: Session) -> dict[str, _Place]:
    columns = {c.key: c for c in _columns(session, "place")}
    wanted = ("id", "name", "name_ar", "alt_names", "feature", "country_code", "parent_id", "latitude", "longitude",
              "gazetteer_id", "confidentiality")
    out: dict[str, _Place] = {}
    for row in session.execute(select(*(columns[c] for c in wanted)).where(columns["deleted_at"].is_(None))):
        from_gazetteer = bool(row.gazetteer_id)
        # a hand-entered place is compared by its own names only: its other names are often looser ("Deir Ezzor"
        # as another name of the governorate)
        names = [row.name, row.name_ar or "", *(row.alt_names or [] if from_gazetteer else [])]
        out[row.id] = _Place(row.id, row.name, row.feature, row.country_code, row.parent_id, row.latitude,
                             row.longitude, from_gazetteer, row.confidentiality,
                             frozenset(spelling(n) for n in names if n) - {""})
    return out


def find_same_place(session: Session, name: str, *, parent: str | None = None,
                    near: tuple[float | None, float | None] | None = None) -> str | None:
    """The one live public place spelled ``name`` that lies directly in ``parent`` (None: at the top, as a place the
    review made without an area), or, given ``near``, within a few kilometres of that point; None when there is
    none or more than one (then a new place is honest, a guess is not)."""
    wanted = spelling(name)
    if not wanted:
        return None
    places = _live_places(session)
    found = []
    for place in places.values():
        if wanted not in place.spellings or place.level != LEVELS[0]:
            continue
        if near is not None:
            lat, lon = near
            if lat is None or lon is None or place.lat is None or place.lon is None:
                continue
            if haversine(lat, lon, place.lat, place.lon) <= NEAR_KM.get(place.feature, DEFAULT_NEAR_KM):
                found.append(place.id)
        elif place.parent == parent:
            found.append(place.id)
    return found[0] if len(found) == 1 else None
