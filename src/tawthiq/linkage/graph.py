"""Clusters of records from scored pairs: connected components, and clusters that respect cannot-links.

Pure graph algorithms, apart from the Splink engine, so that reading merges (the review queue, corroboration)
needs no Splink or DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Pair:
    left: str
    right: str
    probability: float
    reasons: dict[str, str]


@dataclass(frozen=True)
class Cluster:
    """Records judged to be one entity; ``probability`` is the weakest link that holds it together."""

    members: tuple[str, ...]
    probability: float


def connected_clusters(edges: Iterator[tuple[str, str, float]] | Sequence[tuple[str, str, float]],
                       threshold: float) -> list[Cluster]:
    """Connected components of the edges at or above ``threshold`` (union–find), largest first."""
    parent: dict[str, str] = {}
    weakest: dict[str, float] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for left, right, probability in edges:
        if probability < threshold:
            continue
        a, b = find(left), find(right)
        low = min(probability, weakest.get(a, 1.0), weakest.get(b, 1.0))
        if a != b:
            parent[b] = a
        weakest[a] = low
    groups: dict[str, list[str]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    clusters = [Cluster(tuple(sorted(m)), weakest.get(root, 1.0)) for root, m in groups.items() if len(m) > 1]
    return sorted(clusters, key=lambda c: (-len(c.members), c.members))


class Facts(NamedTuple):
    """What one record says of a person that another record of the same person cannot contradict (``None``:
    not said): sex, birth year, day of death (days since 1970), the father's, family and mother's names (keys)."""

    sex: str | None = None
    birth_year: int | None = None
    death_day: int | None = None
    father: str | None = None
    family: str | None = None
    mother: str | None = None


#: Two records whose birth years differ by more than this are two persons (ages and birth years of one person
#: differ by a year or two; a margin for lists that round ages).
BIRTH_APART = 5
#: Two records whose days of death are more than this many days apart are two persons (lists give the day of
#: burial or of the report, up to a month later; Hijri dates may be a day or two off).
DEATH_APART = 45


def _within_one_edit(a: str, b: str) -> bool:
    """One letter added, dropped or changed, or two neighbours swapped (a typo of the key)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if start == len(a):
        return True
    if len(a) < len(b):
        return a[start:] == b[start + 1:]
    swapped = a[start + 2:] == b[start + 2:] and a[start:start + 2] == b[start:start + 2][::-1]
    return a[start + 1:] == b[start + 1:] or swapped


def contradict(x: Facts, y: Facts, *, direct: bool = False) -> bool:
    """Whether two records cannot be one person: another sex, birth years more than :data:`BIRTH_APART` apart,
    days of death more than :data:`DEATH_APART` apart, or (unless ``direct``: the two records of the link being
    joined) two fathers' or two mothers' names that are not a typo of one another. The link's own parents' names
    are already weighed by its score, which a typo of two letters should not veto."""
    if x.sex and y.sex and x.sex != y.sex:
        return True
    if x.birth_year is not None and y.birth_year is not None and abs(x.birth_year - y.birth_year) > BIRTH_APART:
        return True
    if x.death_day is not None and y.death_day is not None and abs(x.death_day - y.death_day) > DEATH_APART:
        return True
    if direct:
        return False
    if (x.father is not None and y.father is not None and x.father != y.father and x.father != y.family
            and y.father != x.family and not _within_one_edit(x.father, y.father)):
        return True
    return (x.mother is not None and y.mother is not None and x.mother != y.mother
            and not _within_one_edit(x.mother, y.mother))


#: A link at least this likely may join two groups that hold records of one list (see ``vetoed_clusters``).
#: 0.7 since the seventh pass (0.9 before): +0.006 pairwise F1 at 100,000 records, at p >= 0.1 and 0.05; 0.5 since
#: the eighth pass (with contradictions, above): +0.001 at p >= 0.1, +0.002 at 0.02.
STRONG = 0.5


def vetoed_clusters(edges: Sequence[tuple[str, str, float]], threshold: float, *, veto: float = 0.05,
                    apart: Iterable[tuple[str, str]] = (), forced: Iterable[tuple[str, str]] = (),
                    lists: Mapping[str, str] | None = None, strong: float = STRONG,
                    facts: Mapping[str, Facts] | None = None) -> list[Cluster]:
    """Clusters of the edges at or above ``threshold``, joined best first, where two groups are not
    joined if any pair between them is kept apart (a cannot-link): an edge below ``veto``, or a pair of
    ``apart`` (a reviewer's rejection). ``forced`` pairs (a reviewer's merges) are joined first, whatever
    the model says of them or of their members.

    Connected components chain: A is B, B is C, so A is C even when A and C are brothers the model
    keeps apart. Here a link that would put such a pair in one cluster is dropped instead.

    ``lists`` (record → the list that names it): a list seldom names one person twice, so a link below
    ``strong`` does not join two groups that both hold a record of one list; a link at or above it may
    (a list that does name someone twice).

    ``facts`` (record → :class:`Facts`): two groups are not joined when a record of one and a record of the
    other contradict each other (:func:`contradict`). A chain of links compares each record only with the
    next: A and B share a name, B and C a name and a day, and A and C, never scored as a pair, were born
    twenty years apart.
    """
    parent: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    weakest: dict[str, float] = {}
    cannot: dict[str, set[str]] = {}
    for left, right in [(a, b) for a, b, probability in edges if probability < veto] + list(apart):
        cannot.setdefault(left, set()).add(right)
        cannot.setdefault(right, set()).add(left)

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str, probability: float) -> None:
        group_a, group_b = members.setdefault(a, [a]), members.setdefault(b, [b])
        if len(group_a) < len(group_b):
            a, b, group_a, group_b = b, a, group_b, group_a
        parent[b] = a
        group_a.extend(group_b)
        del members[b]
        weakest[a] = min(probability, weakest.get(a, 1.0), weakest.pop(b, 1.0))

    for left, right in forced:
        a, b = find(left), find(right)
        if a != b:
            join(a, b, 1.0)
    for left, right, probability in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):  # the same order every run
        if probability < threshold:
            break
        a, b = find(left), find(right)
        if a == b:
            continue
        group_a, group_b = members.setdefault(a, [a]), members.setdefault(b, [b])
        small, large = (group_a, b) if len(group_a) <= len(group_b) else (group_b, a)
        if any(find(other) == large for record in small for other in cannot.get(record, ())):
            continue
        if lists is not None and probability < strong and not {lists.get(r) for r in group_a}.isdisjoint(
                {lists.get(r) for r in group_b}):
            continue
        if facts is not None and any(
                contradict(facts[x], facts[y], direct={x, y} == {left, right})
                for x in group_a if x in facts for y in group_b if y in facts):
            continue
        join(a, b, probability)
    clusters = [Cluster(tuple(sorted(m)), weakest.get(root, 1.0)) for root, m in members.items() if len(m) > 1]
    return sorted(clusters, key=lambda c: (-len(c.members), c.members))
