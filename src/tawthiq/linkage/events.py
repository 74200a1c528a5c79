"""The incident model: reports of one event from several sources, and ACLED's rule as the baseline.

Columns: ``day`` (days since 1970 of the start), ``place0``/``place1``/``place2`` (place and the admin
levels above it), ``types`` and ``actors`` (lists of ids), ``killed`` (lowest credible figure) and
``words`` (match keys of the title and description words). Candidate pairs are blocked by a date window
within an admin area.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import splink.comparison_level_library as cll

from tawthiq.linkage.engine import Cluster, Field, Model, connected_clusters
from tawthiq.text import tokens

__all__ = ["EVENT_COLUMNS", "EVENT_MODEL", "acled_baseline", "event_table"]

EVENT_COLUMNS = ("unique_id", "day", "place0", "place1", "place2", "types", "actors", "killed", "words")
# Words every report of violence uses say nothing about which event it is.
_STOP = frozenset(tokens("the of in and on a an at by to was were killed people civilians attack بال في على من قتل"))


def event_features(row: Mapping[str, Any]) -> dict[str, Any]:
    """One event as model columns: ``row`` has day, place0–2, types, actors, killed, text. Never raises."""
    words = sorted({w for w in tokens(str(row.get("text") or "")) if len(w) >= 3 and w not in _STOP})
    return {
        "day": row.get("day"), "place0": row.get("place0") or None, "place1": row.get("place1") or None,
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


def _killed_close() -> Any:
    # Counts differ between sources (early and late reports): within 20 % or 2 of each other.
    return cll.CustomLevel("abs(killed_l - killed_r) <= greatest(2, 0.2 * greatest(killed_l, killed_r))")


EVENT_MODEL = Model(
    fields=(
        Field("date", (("same day", cll.ExactMatchLevel("day")),
                       ("within 1 day", cll.AbsoluteDifferenceLevel("day", 1)),
                       ("within 3 days", cll.AbsoluteDifferenceLevel("day", 3))), cll.NullLevel("day"),
              (0.7, 0.2, 0.07, 0.03), u=(0.001, 0.002, 0.003, 0.994)),
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
