"""The gazetteer resolver of a workspace: its places and their names, loaded from the database into
:class:`tawthiq.geo.resolver.GazetteerResolver`, one resolver per database until a place changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from tawthiq.db.models import Place
from tawthiq.db.search import PlaceName, SearchQueue
from tawthiq.domain.policy import Action, Principal
from tawthiq.geo.matching import GazetteerPlace
from tawthiq.geo.resolver import GazetteerResolver
from tawthiq.search.backend import full_text_for
from tawthiq.services.browse.indexing import catch_up
from tawthiq.services.browse.pickers import NameIndex, place_label
from tawthiq.services.records import access
from tawthiq.services.workspace import Workspace

__all__ = ["EventPlace", "GazetteerResolver", "PlaceOffer", "event_place", "load_resolver", "open_resolver"]


def load_resolver(session: Session) -> GazetteerResolver:
    """A resolver over the live places of the database and every name of theirs."""
    columns = (Place.id, Place.name, Place.feature, Place.country_code, Place.parent_id, Place.latitude,
               Place.longitude, Place.gazetteer_id)
    places = {row[0]: GazetteerPlace(*row)
              for row in session.execute(select(*columns).where(Place.deleted_at.is_(None)))}
    names = [(row[0], row[1], row[2])
             for row in session.execute(select(PlaceName.place_id, PlaceName.name, PlaceName.key))]
    return GazetteerResolver(places, names)


# One resolver per database, kept while its places stay as they were: loading the gazetteer is the costly part.
_RESOLVERS: WeakKeyDictionary[Engine, tuple[tuple[Any, ...], GazetteerResolver]] = WeakKeyDictionary()


def open_resolver(ws: Workspace) -> GazetteerResolver:
    """A resolver over the workspace's places, after the place-name keys have caught up with recent edits.

    The same resolver is handed out again while no place has been added, changed or deleted since.
    """
    with ws.reading() as session:
        pending = session.scalar(select(SearchQueue.id).limit(1)) is not None
    if pending:  # only then take the write lock (a page view writes nothing when nothing is waiting)
        with ws.transaction() as session:
            catch_up(session, full_text_for(ws.engine.dialect.name))
    with ws.reading() as session:
        # every change of a place raises its version; adding or deleting one changes the count
        stamp = tuple(session.execute(select(func.count(Place.id), func.sum(Place.version),
                                             func.count(Place.deleted_at))).one())
        cached = _RESOLVERS.get(ws.engine)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        resolver = load_resolver(session)
    _RESOLVERS[ws.engine] = (stamp, resolver)
    return resolver


MAX_OFFERS = 3


@dataclass(frozen=True)
class PlaceOffer:
    """A gazetteer place the words of an event's place resolve to, offered for the editor to link."""

    place_id: str
    label: str  # its name and the areas it lies in, in the reader's language ("Ālbū Kamāl · Deir ez-Zor · Syria")
    precision: str  # what linking it sets as the event's geographic precision


@dataclass(frozen=True)
class EventPlace:
    label: str  # the linked place as the reader may see it ("" for none)
    offers: list[PlaceOffer]  # for an editor, when the event has place words and no linked place


def event_place(ws: Workspace, account: Principal, *, event: dict[str, Any], language: str = "en",
                index: NameIndex | None = None) -> EventPlace:
    """The place of an ``event`` read through the checked services (``access.read_record``): the linked place, and
    — when only the words are there (``place_text``, typed without picking a place) and the account may edit the
    event — the places the extraction's resolver reads in them, so that a place is never silently left unlinked.
    Places the account may not read are neither shown nor offered."""
    from tawthiq.services.coding.gazetteer import resolve_places

    label = place_label(ws, account, ident=event["place_id"], language=language, index=index) if event.get(
        "place_id") else ""
    text = (event.get("place_text") or "").strip()
    if event.get("place_id") or not text or not access.may(account, Action.EDIT, event):
        return EventPlace(label, [])
    arabic = not text[:1].isascii()
    # the words are known to name a place: said after "in", a village is read as one, as in a report
    found = resolve_places(ws, account, text=("في " if arabic else "in ") + text, language="ar" if arabic else "en")
    offers: list[PlaceOffer] = []
    with ws.reading() as session:
        for mention in found:
            ident = mention.get("place_id") or (mention.get("gazetteer_id") and session.scalar(
                select(Place.id).where(Place.gazetteer_id == mention["gazetteer_id"], Place.deleted_at.is_(None))))
            if not ident or any(o.place_id == ident for o in offers):
                continue
            shown = place_label(ws, account, ident=str(ident), language=language, index=index)
            if shown:
                precision = "region" if not mention.get("place_id") else mention["precision"]
                offers.append(PlaceOffer(str(ident), shown, precision))
    return EventPlace(label, offers[:MAX_OFFERS])
