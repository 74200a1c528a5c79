"""What the map shows: the events that match the current search and filters, grouped by place, within the
account's clearance; and the administrative areas of the gazetteer as labelled points of the base layer.

Grouping is done here, not in the browser: one marker per place (an event's own coordinates, when it has no
place, fall in a cell of about 10 km), so the page stays small however many events match. The browser merges
markers that would overlap at the current zoom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from tawthiq.db.models import Event, Place
from tawthiq.domain.policy import Action, may_read_level, readable_levels
from tawthiq.services.accounts.users import Account
from tawthiq.services.browse.search import Filters, search
from tawthiq.services.records.access import may
from tawthiq.services.workspace import Workspace

MAP_SAMPLE = 2_000  # the best matches that are placed on the map; the page says when there are more
CELL_DEGREES = 0.1  # events with coordinates but no place are grouped in cells this size
SHOWN_PER_MARKER = 5  # events listed in a marker's popup
UNPLACED_SHOWN = 100  # events listed under the map as not placed, each with a link to fix it
AREA_FEATURES = ("governorate",)
CHUNK = 500


@dataclass
class Marker:
    latitude: float
    longitude: float
    label: str
    label_ar: str
    count: int
    place_id: str | None  # None for a cell of events placed by their own coordinates
    events: list[dict[str, str]] = field(default_factory=list)  # the first few: id and title


@dataclass
class Unplaced:
    """An event the map cannot place: no place and no coordinates, or a place without coordinates."""

    id: str
    title: str
    place_text: str  # the place as reported, when there is one
    place: str  # the linked place that has no coordinates ("" for none the reader may see)
    place_ar: str
    editable: bool  # whether the reader may fix it (its edit page)


@dataclass
class EventMap:
    total: int  # every match
    placed: int  # matches among the sample that have a position
    unplaced: int  # matches among the sample without a position
    sampled: int  # how many of the best matches were looked at (at most MAP_SAMPLE)
    markers: list[Marker]
    unplaced_events: list[Unplaced] = field(default_factory=list)  # the first UNPLACED_SHOWN of them, best first


def event_map(ws: Workspace, account: Account, *, query: str, filters: Filters) -> EventMap:
    """Events matching ``query`` and ``filters`` (as on the event list) grouped by place, within the clearance; and
    those it cannot place, so that each can be fixed rather than silently missing from the map.

    Raises InvalidInput for an unknown filter value.
    """
    result = search(ws, account, query=query, filters=Filters(**{**vars(filters), "kinds": ["event"]}),
                    limit=MAP_SAMPLE, precision=False)
    titles = {hit.record_id: hit.title for hit in result.hits}
    ids = list(titles)
    rows: list[Any] = []
    places: dict[str, Any] = {}
    with ws.reading() as session:
        for start in range(0, len(ids), CHUNK):
            rows += session.execute(select(Event.id, Event.place_id, Event.latitude, Event.longitude,
                                           Event.confidentiality, Event.deleted_at, Event.place_text, Event.created_by)
                                    .where(Event.id.in_(ids[start:start + CHUNK]))).all()
        place_ids = sorted({r.place_id for r in rows if r.place_id})
        for start in range(0, len(place_ids), CHUNK):
            for place in session.execute(select(Place.id, Place.name, Place.name_ar, Place.latitude, Place.longitude,
                                                Place.confidentiality, Place.deleted_at)
                                         .where(Place.id.in_(place_ids[start:start + CHUNK]))):
                if place.deleted_at is None and may_read_level(account, place.confidentiality):
                    places[place.id] = place
    markers: dict[str, Marker] = {}
    unplaced = 0
    unplaced_events: list[Unplaced] = []
    order = {ident: n for n, ident in enumerate(ids)}
    fixable: dict[tuple[str, str | None], bool] = {}  # the policy's answer by all it reads: level and author
    for row in sorted(rows, key=lambda r: order[r.id]):  # best match first, so the popup lists the best ones
        if row.deleted_at is not None or not may_read_level(account, row.confidentiality):
            continue
        marker = _marker_for(row, places.get(row.place_id or ""), markers)
        if marker is None:
            unplaced += 1
            if len(unplaced_events) < UNPLACED_SHOWN:
                linked = places.get(row.place_id or "")
                key = (row.confidentiality, row.created_by)
                if key not in fixable:
                    fixable[key] = may(account, Action.EDIT, {"confidentiality": key[0], "created_by": key[1]})
                unplaced_events.append(Unplaced(
                    row.id, titles[row.id], row.place_text or "", linked.name if linked else "",
                    (linked.name_ar or linked.name) if linked else "", fixable[key]))
            continue
        marker.count += 1
        if len(marker.events) < SHOWN_PER_MARKER:
            marker.events.append({"id": row.id, "title": titles[row.id]})
    shown = sorted(markers.values(), key=lambda m: -m.count)
    return EventMap(result.total, sum(m.count for m in shown), unplaced, len(ids), shown, unplaced_events)


def _marker_for(row: Any, place: Any, markers: dict[str, Marker]) -> Marker | None:
    if place is not None and place.latitude is not None and place.longitude is not None:
        key = f"place:{place.id}"
        if key not in markers:
            markers[key] = Marker(place.latitude, place.longitude, place.name, place.name_ar or place.name, 0, place.id)
        return markers[key]
    if row.latitude is None or row.longitude is None:
        return None
    cell = (round(row.latitude / CELL_DEGREES), round(row.longitude / CELL_DEGREES))
    key = f"cell:{cell[0]}:{cell[1]}"
    if key not in markers:
        lat, lon = cell[0] * CELL_DEGREES, cell[1] * CELL_DEGREES
        label = f"{lat:.1f}, {lon:.1f}"
        markers[key] = Marker(lat, lon, label, label, 0, None)
    return markers[key]


@dataclass
class Area:
    name: str
    name_ar: str
    latitude: float
    longitude: float


def admin_areas(ws: Workspace, account: Account) -> list[Area]:
    """The gazetteer's governorates with a position, as labelled points for the offline base layer."""
    query = (select(Place.name, Place.name_ar, Place.latitude, Place.longitude)
             .where(Place.feature.in_(AREA_FEATURES), Place.deleted_at.is_(None), Place.latitude.is_not(None),
                    Place.longitude.is_not(None), Place.confidentiality.in_(readable_levels(account)))
             .order_by(Place.name).limit(500))
    with ws.reading() as session:
        return [Area(r.name, r.name_ar or r.name, r.latitude, r.longitude) for r in session.execute(query)]
