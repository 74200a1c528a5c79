"""Quality of a clustering against the truth: pairwise precision, recall and F1, and B-cubed."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

__all__ = ["Scores", "f1", "score_clusters"]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    predicted_entities: int
    true_entities: int


def f1(p: float, r: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(groups: Iterable[list[Hashable]]) -> set[tuple[Hashable, Hashable]]:
    out: set[tuple[Hashable, Hashable]] = set()
    for members in groups:
        out.update(combinations(sorted(members, key=str), 2))
    return out


def score_clusters(predicted: Mapping[Any, Hashable], truth: Mapping[Any, Hashable]) -> Scores:
    """Compare two assignments of records to entities (record → cluster id, record → true entity).

    Records missing from ``predicted`` are singletons. Pairwise scores count pairs of records placed
    together; B-cubed averages, per record, the share of its predicted cluster that is truly its
    entity (precision) and the share of its entity found in its cluster (recall).
    """
    pred_groups: dict[Hashable, list[Hashable]] = {}
    true_groups: dict[Hashable, list[Hashable]] = {}
    for record, entity in truth.items():
        true_groups.setdefault(entity, []).append(record)
        pred_groups.setdefault(predicted.get(record, ("single", record)), []).append(record)
    predicted_pairs, true_pairs = _pairs(pred_groups.values()), _pairs(true_groups.values())
    hits = len(predicted_pairs & true_pairs)
    precision = hits / len(predicted_pairs) if predicted_pairs else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    cluster_of = {r: c for c, members in pred_groups.items() for r in members}
    b_p = b_r = 0.0
    for record, entity in truth.items():
        cluster = pred_groups[cluster_of[record]]
        same = sum(1 for other in cluster if truth[other] == entity)
        b_p += same / len(cluster)
        b_r += same / len(true_groups[entity])
    n = len(truth) or 1
    return Scores(precision, recall, f1(precision, recall), b_p / n, b_r / n, f1(b_p / n, b_r / n),
                  len(pred_groups), len(true_groups))
