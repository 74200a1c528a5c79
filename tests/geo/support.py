"""A resolver over a handful of gazetteer places, for the resolver's tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tawthiq.geo.matching import GazetteerPlace
from tawthiq.geo.resolver import GazetteerResolver
from tawthiq.text import match_key

# (id, name, feature, country code, parent id, latitude, longitude, other names)
PlaceRow = tuple[str, str, str, str, str | None, float, float, list[str]]


def resolver_of(rows: Sequence[PlaceRow]) -> GazetteerResolver:
    places = {pid: GazetteerPlace(pid, name, feature, cc, parent, lat, lon, pid)
              for pid, name, feature, cc, parent, lat, lon, _ in rows}
    names = [(pid, n, match_key(n)) for pid, name, *_rest, others in rows for n in [name, *others]]
    return GazetteerResolver(places, names)


def places_in(resolver: GazetteerResolver, text: str) -> dict[str, dict[str, Any]]:
    """The places read in ``text`` (English when it is ASCII, else Arabic), by their text."""
    language = "en" if text.isascii() else "ar"
    return {p["text"]: p for p in resolver.resolve(text, language)}
