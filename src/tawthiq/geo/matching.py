"""Comparing gazetteer places: spelling similarity of names, distance between points.

Plain values and pure functions, shared by the resolver (:mod:`tawthiq.services.coding.geocoding`) and its tests.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

MIN_SIMILARITY = 0.8
VOWELS = re.compile(r"[aeiouy]+")
# A city outweighs the governorate of the same name unless the text says "province" (see cues.AREA_AFTER).
FEATURE_WEIGHT = {"country": 3.0, "governorate": 2.6, "region": 2.4, "city": 2.8, "district": 1.8, "town": 1.5,
                  "subdistrict": 1.2, "village": 1.0, "camp": 0.9, "neighbourhood": 0.8, "site": 0.8, "locality": 0.8,
                  "area": 0.8}
COUNTRY_PRIOR = {"SY": 1.0, "IQ": 0.3}
PRECISION = {"country": "country", "governorate": "region", "region": "region", "district": "region",
             "subdistrict": "region", "area": "region", "city": "near", "town": "near"}
AREAS = ("governorate", "district", "subdistrict")
AMBIGUOUS_KM = 50.0
OUTSIDE_AREA_KM = 150.0
FUZZY_FEATURES = frozenset({"country", "governorate", "district", "subdistrict", "region", "city", "town"})
# what a neighbourhood cue ("حي X", "the X neighbourhood") may resolve to: never a namesake town elsewhere
QUARTERS = frozenset({"neighbourhood", "locality", "district", "subdistrict", "camp"})
POPULATED = frozenset({"city", "town", "village", "region", "governorate", "district", "subdistrict", "neighbourhood"})


@dataclass(frozen=True, slots=True)
class GazetteerPlace:
    """What resolving needs of a place: plain values, read once (no ORM object per place)."""

    id: str
    name: str
    feature: str
    country_code: str | None
    parent_id: str | None
    latitude: float | None
    longitude: float | None
    gazetteer_id: str | None


def close(core: str, name: str) -> bool:
    """Whether two spellings of a name are alike (difflib ratio at least MIN_SIMILARITY)."""
    matcher = SequenceMatcher(None, core, name)
    # the cheap upper bounds first: most names of a shared key are nowhere near
    return (matcher.real_quick_ratio() >= MIN_SIMILARITY and matcher.quick_ratio() >= MIN_SIMILARITY
            and matcher.ratio() >= MIN_SIMILARITY)


def vowelless(core: str) -> str:
    """A Latin spelling with every run of vowels alike: "Jindires" and "Jindayris" agree, "Saddam" and "Seydim" too."""
    return VOWELS.sub("a", core)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
