"""The incident model: reports of one event from several sources, and ACLED's rule as the baseline.

Columns: ``day`` (days since 1970, only for a date known to the day), ``first_day``/``last_day`` (the span a coarser
date covers: a week, a month, a year), ``place0``/``place1``/``place2`` (place and the admin levels above it),
``types`` and ``actors`` (lists of ids), ``killed`` (lowest credible figure) and ``words`` (match keys of the
title and description words). Candidate pairs are blocked by a date window within an admin area.

A date known only to the week or the month is never "same day": two spans that overlap are "compatible", which
weighs nothing either way. A date coarser than a month (a year, several months) or unknown is not compared at
all: within a year one place sees many incidents by the same actor, so place, type, actor and words would join
distinct incidents (the demo's six events of 2015 were proposed as one at p 0.96–1.0). Compare those by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import splink.comparison_level_library as cll

from tawthiq.linkage.engine import Cluster, Field, Model, connected_clusters
from tawthiq.text import tokens

__all__ = ["COMPARED_SPAN", "EVENT_COLUMNS", "EVENT_MODEL", "acled_baseline", "event_table", "uncompared"]

EVENT_COLUMNS = ("unique_id", "day", "first_day", "last_day", "place0", "place1", "place2", "types", "actors", "killed",
                 "words")
#: The longest span (in days, last - first) the model compares: a month. Longer ones are left out of the pairs.
COMPARED_SPAN = 30
# Words every report of violence uses say nothing about which event it is.
_STOP = frozenset(tokens("the of in and on a an at by to was were killed people civilians attack بال في على من قتل"))


def event_features(row: Mapping[str, Any]) -> dict[str, Any]:
    """One event as model columns: ``row`` has day (the first day, days since 1970), optionally last (the last day,
    the same when left out), place0–2, types, actors, killed, text. Never raises."""
    words = sorted({w for w in tokens(str(row.get("text") or "")) if len(w) >= 3 and w not in _STOP})
    first = row.get("day")
    last = row.get("last", first) if first is not None else None
    return {
        "day": first if first is not None and last == first else None, "first_day": first, "last_day": last,
        "place0": row.get("place0") or None, "place1": row.get("place1") or None,
        "place2": row.get("place2") or None, "types": sorted(set(row.get("types") or [])) or None,
        "actors": sorted(set(row.get("actors") or [])) or None, "killed": row.get("killed"), "words": words or None,
    }


def event_table(rows: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, list[Any]]:
    table: dict[str, list[Any]] = {c: [] for c in EVENT_COLUMNS}
    for ident, row in rows:
        table["unique_id"].append(ident)
        for key, value in event_features(row).items():
            table[key].append(value)
    return table


def uncompared(table: Mapping[str, list[Any]]) -> int:
    """How many events of ``table`` no date block reaches: a date unknown or coarser than a month."""
    return sum(1 for first, last in zip(table["first_day"], table["last_day"], strict=True)
               if first is None or last is None or last - first > COMPARED_SPAN)


def _overlap() -> Any:
    # Spans that overlap, one of them coarser than a day (both exact days are the levels above).
    return cll.CustomLevel("first_day_l <= last_day_r and first_day_r <= last_day_l")


def _killed_close() -> Any:
    # Counts differ between sources (early and late reports): within 20 % or 2 of each other.
    return cll.CustomLevel("abs(killed_l - killed_r) <= greatest(2, 0.2 * greatest(killed_l, killed_r))")


EVENT_MODEL = Model(
    fields=(
        # "compatible" weighs little (m/u 1.5: overlapping weeks or months of one district are common among
        # distinct incidents), yet not 0, which is how a pair's reasons tell it from "missing". No training pair
        # reaches it (the training block is by exact day), so EM leaves its m as given.
        Field("date", (("same day", cll.ExactMatchLevel("day")),
                       ("within 1 day", cll.AbsoluteDifferenceLevel("day", 1)),
                       ("within 3 days", cll.AbsoluteDifferenceLevel("day", 3)),
                       ("compatible", _overlap())), cll.NullLevel("first_day"),
              (0.7, 0.2, 0.07, 0.015, 0.03), u=(0.001, 0.002, 0.003, 0.01, 0.984)),
        Field("place", (("same place", cll.ExactMatchLevel("place0")), ("same district", cll.ExactMatchLevel("place1")),
                        ("same governorate", cll.ExactMatchLevel("place2"))), cll.NullLevel("place2"),
              (0.7, 0.2, 0.08, 0.02), u=(0.02, 0.05, 0.1, 0.83)),
        Field("types", (("shared violation type", cll.ArrayIntersectLevel("types", 1)),), cll.NullLevel("types"),
              (0.9, 0.1), u=(0.3, 0.7)),
        Field("actors", (("shared actor", cll.ArrayIntersectLevel("actors", 1)),), cll.NullLevel("actors"),
              (0.85, 0.15), u=(0.25, 0.75)),
        Field("killed", (("same count", cll.ExactMatchLevel("killed")), ("close count", _killed_close())),
              cll.NullLevel("killed"), (0.5, 0.4, 0.1), u=(0.1, 0.2, 0.7)),
        Field("text", (("3+ shared words", cll.ArrayIntersectLevel("words", 3)),
                       ("a shared word", cll.ArrayIntersectLevel("words", 1))), cll.NullLevel("words"), (0.5, 0.4, 0.1),
              u=(0.01, 0.2, 0.79)),
    ),
    blocking=(
        "l.place2 = r.place2 and abs(l.day - r.day) <= 3",
        "l.place1 = r.place1 and abs(l.day - r.day) <= 7",
        # a week or a month (or a range of days) within a district, when the spans overlap
        f"l.place1 = r.place1 and (l.day is null or r.day is null) and l.first_day <= r.last_day "
        f"and r.first_day <= l.last_day and l.last_day - l.first_day <= {COMPARED_SPAN} "
        f"and r.last_day - r.first_day <= {COMPARED_SPAN}",
    ),
    training=("l.place2 = r.place2 and abs(l.day - r.day) <= 3",),
    deterministic=("l.place0 = r.place0 and l.day = r.day",),
    deterministic_recall=0.7,
)


def acled_baseline(table: Mapping[str, list[Any]]) -> list[Cluster]:
    """ACLED's rule: same actors, same day, same location is one event. Clusters of two or more."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for i, ident in enumerate(table["unique_id"]):
        day, place, actors = table["day"][i], table["place0"][i], table["actors"][i]
        if day is None or not place or not actors:
            continue
        groups.setdefault((day, place, tuple(actors)), []).append(ident)
    edges = [(m[0], other, 1.0) for m in groups.values() for other in m[1:]]
    return connected_clusters(edges, 1.0)
