"""Which Arabic and Latin spellings of a name are one name, learned from the collection being linked.

The cross-script comparison can only use the consonant key, and that key lumps names: محمد and محمود are
both ``mhmd``, and so are "Mohammad" and "Mahmoud"; within one script the spelling key tells them apart,
across scripts nothing did, so a Latin "Mahmoud" and an Arabic محمد met at the "same name, other script"
level (most of the wrong links of the national count at 50,000 records were such pairs).

A collection says which spellings go together: records that agree on everything else that is specific
(family and father's name and day of death for the given name; given and family name and day for a parent's
name) are mostly one person, and one person's Arabic and Latin spellings of a name then co-occur far more
often than those of two brothers named Mohammad and Mahmoud. :func:`name_classes` counts these
co-occurrences, links an Arabic and a Latin spelling when they are a main partner of either (at least
:data:`PARTNER_SHARE` of the other's most frequent partner), and numbers the connected groups: two spellings
of one group may be one name; two spellings of different groups are two names. A spelling seen too seldom to
say (a typo, a rare name) has no group and is compared by its consonants as before. Pure; no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["ANCHORS", "PARTNER_SHARE", "name_classes"]

#: The name parts that get a group column (``given_x``…), and the columns whose agreement makes an anchor.
ANCHORS: dict[str, tuple[str, ...]] = {
    "given": ("family_w", "father_w", "death_day"),
    "father": ("given_w", "family_w", "death_day"),
    "mother": ("given_w", "family_w", "death_day"),
}
#: An Arabic and a Latin spelling are one name when they co-occur at least this share of the times that the
#: most frequent partner of one of them does (brothers Mohammad and Mahmoud: a tenth to a fifth).
PARTNER_SHARE = 0.3
#: Co-occurrences below this say nothing (a typo met once).
MIN_COUNT = 3
#: Anchor groups larger than this are namesakes, not one person: left out.
MAX_GROUP = 12


def _cooccurrences(table: Mapping[str, Sequence[Any]]) -> Counter[tuple[str, str]]:
    pairs: Counter[tuple[str, str]] = Counter()
    script = table["script"]
    for part, anchor in ANCHORS.items():
        groups: dict[tuple[Any, ...], list[int]] = {}
        spelt, key = table[f"{part}_sp"], table[f"{part}_w"]
        columns = [table[c] for c in anchor]
        for row in range(len(script)):
            values = tuple(c[row] for c in columns)
            if spelt[row] is not None and None not in values:
                groups.setdefault(values, []).append(row)
        for rows in groups.values():
            if len(rows) < 2 or len(rows) > MAX_GROUP:
                continue
            for a in rows:
                if script[a] != "ar":
                    continue
                for b in rows:
                    if script[b] == "la" and key[a] == key[b]:
                        pairs[(str(spelt[a]), str(spelt[b]))] += 1
    return pairs


def name_classes(table: Mapping[str, Sequence[Any]]) -> dict[str, list[int | None]]:
    """The group of each record's spelling of each name part in :data:`ANCHORS` (``None``: unknown).

    Args:
        table: Columns of :func:`tawthiq.linkage.persons.person_table`: ``script``, and per part its
            spelling (``given_sp``…) and cross-script key (``given_w``…), and the anchors' columns.

    Returns:
        ``{"given_x": [...], "father_x": [...], "mother_x": [...]}``, one group number or ``None`` per row;
        the groups are shared by the parts (a father's name is a given name).
    """
    pairs = _cooccurrences(table)
    best: Counter[tuple[str, str]] = Counter()
    for (arabic, latin), n in pairs.items():
        best[("ar", arabic)] = max(best[("ar", arabic)], n)
        best[("la", latin)] = max(best[("la", latin)], n)
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (arabic, latin), n in sorted(pairs.items()):
        a, b = ("ar", arabic), ("la", latin)
        if n >= MIN_COUNT and (n >= PARTNER_SHARE * best[a] or n >= PARTNER_SHARE * best[b]):
            parent[find(b)] = find(a)
    numbers: dict[tuple[str, str], int] = {}
    for node in sorted(parent):
        numbers.setdefault(find(node), len(numbers))
    script = table["script"]
    out: dict[str, list[int | None]] = {}
    for part in ANCHORS:
        spelt = table[f"{part}_sp"]
        out[f"{part}_x"] = [numbers.get(find((str(script[row]), str(spelt[row]))))
                            if spelt[row] is not None and (str(script[row]), str(spelt[row])) in parent else None
                            for row in range(len(script))]
    return out
