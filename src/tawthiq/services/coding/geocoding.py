"""The gazetteer resolver of a workspace: its places and their names, loaded from the database into
:class:`tawthiq.geo.resolver.GazetteerResolver`, one resolver per database until a place changes."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from tawthiq.db.models import Place
from tawthiq.db.search import PlaceName
from tawthiq.geo.matching import GazetteerPlace
from tawthiq.geo.resolver import GazetteerResolver
from tawthiq.search.backend import full_text_for
from tawthiq.services.browse.indexing import catch_up
from tawthiq.services.workspace import Workspace

__all__ = ["GazetteerResolver", "load_resolver", "open_resolver"]


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
