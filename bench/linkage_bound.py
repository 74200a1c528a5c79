"""How far the person model's comparison levels could go if the truth were known: a supervised bound.

Is F1 >= 0.95 on the generator's hard setting reachable with these comparisons? A gradient-boosted classifier
(scikit-learn's HistGradientBoostingClassifier) learns match / non-match from the candidate pairs' comparison
vectors with the true labels, and its probabilities are clustered and scored like the model's own
(``bench/linkage_quality.py``), side by side in one run. Feature sets:

- ``weights``: each field's match weight and the term-frequency adjustments (``mw_*``), 5-fold
  cross-validated predictions on one seed;
- ``levels``: each field's level (the reason a reviewer sees) and the term-frequency adjustments, 5-fold,
  and trained on another seed (``--train-seed``) and applied to this one: EM is re-run per seed, so the
  weights differ between seeds but the levels mean the same;
- ``rich``: the levels plus raw information the model does not use (how often each name and spelling
  occurs on both sides, the same name as written, the same list, how many cells each record fills, the
  distance in days and years, the same script), 5-fold and across seeds: is more information there?

Blocking recall is printed first: a true pair that is not a candidate is lost to every classifier (unless a
third record joins it to its cluster); the first rows cluster a classifier that is always right on the
candidates, the ceiling these candidate pairs allow.
Run: .venv/bin/python bench/linkage_bound.py [--persons 2000] [--seed 7] [--train-seed 8] [--pool real|small]
[--setting easy|hard] (needs the ``bench`` extra for scikit-learn: ``.venv/bin/pip install -e '.[bench]'``)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

try:
    import numpy as np
except ModuleNotFoundError:  # scikit-learn and numpy come with the bench extra, not with `make venv`
    sys.exit("this bench needs the bench extra: .venv/bin/pip install -e '.[bench]'")

from linkage_quality import THRESHOLDS
from tawthiq.linkage.engine import connected_clusters, level_weights, score, vetoed_clusters
from tawthiq.linkage.metrics import Scores, score_clusters
from tawthiq.linkage.persons import PERSON_MODEL, blocking_coverage, person_table
from tawthiq.linkage.synth import POOLS, generate_victim_lists

try:
    from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]
    from sklearn.model_selection import cross_val_predict  # type: ignore[import-untyped]
except ImportError:
    sys.exit("scikit-learn is in the bench extra: .venv/bin/pip install -e '.[bench]'")

_COUNTS = ("given_n", "given_sp_n", "family_n", "family_sp_n", "father_n", "mother_n")
_CELLS = ("full_name", "given_name", "family_name", "father_name", "mother_name", "sex", "birth_date", "birth_year",
          "death_date", "place")


@dataclass(frozen=True)
class Candidates:
    """The candidate pairs of one generated collection, their labels and their features."""

    pairs: list[tuple[str, str]]
    same: np.ndarray[Any, np.dtype[np.bool_]]
    model: np.ndarray[Any, np.dtype[np.float64]]
    features: dict[str, np.ndarray[Any, np.dtype[np.float64]]]
    truth: dict[Hashable, Hashable]
    coverage: dict[str, Any]


def _raw_name(row: Mapping[str, str]) -> str:
    name = row["full_name"] or " ".join(row[k] for k in ("given_name", "father_name", "family_name") if row[k])
    return " ".join(name.casefold().split())


def _difference(left: Any, right: Any) -> float:
    return abs(float(left) - float(right)) if left is not None and right is not None else float("nan")


def candidates(*, persons: int, seed: int, pool: str, setting: str) -> Candidates:
    """Score one generated collection with the person model, keeping every candidate pair (threshold 0)."""
    lists = generate_victim_lists(persons=persons, setting=setting, seed=seed, pool=pool)
    ids = [f"{r['source']}|{r['external_id']}" for r in lists.records]
    table = person_table(zip(ids, lists.records, strict=True), lists.gazetteer.resolve)
    truth: dict[Hashable, Hashable] = {f"{s}|{e}": p for (s, e), p in lists.truth.items()}
    coverage = blocking_coverage(table, [truth[i] for i in ids])
    scored = score(table, PERSON_MODEL, records=len(ids), candidate_threshold=0.0)
    levels = level_weights(scored.linker)
    rows = sorted(scored.predictions.as_record_list(), key=lambda r: (r["unique_id_l"], r["unique_id_r"]))
    fields = [f.name for f in PERSON_MODEL.fields]
    tf = sorted(k for k in rows[0] if k.startswith("mw_tf_adj_"))
    at = {ident: index for index, ident in enumerate(ids)}
    weights, level, rich = [], [], []
    for r in rows:
        tf_values = [float(r[k] or 0.0) for k in tf]
        weights.append([float(r[f"mw_{f}"] or 0.0) for f in fields] + tf_values)
        # A pair's level is the one whose weight it got (as engine.run_linkage gives the reasons).
        level.append([float(min(range(len(levels[f])), key=lambda i: abs(levels[f][i][0] - float(r[f"mw_{f}"] or 0.0))))
                      for f in fields] + tf_values)
        a, b = at[r["unique_id_l"]], at[r["unique_id_r"]]
        left, right = lists.records[a], lists.records[b]
        extra = [float(_raw_name(left) == _raw_name(right)), float(left["source"] == right["source"]),
                 float(table["script"][a] == table["script"][b]),
                 _difference(table["death_day"][a], table["death_day"][b]),
                 _difference(table["birth_year"][a], table["birth_year"][b])]
        for column in _COUNTS:
            extra += sorted((float(table[column][a]), float(table[column][b])))
        extra += sorted((float(sum(1 for c in _CELLS if left[c])), float(sum(1 for c in _CELLS if right[c]))))
        rich.append(level[-1] + extra)
    return Candidates(
        pairs=[(r["unique_id_l"], r["unique_id_r"]) for r in rows],
        same=np.array([truth[r["unique_id_l"]] == truth[r["unique_id_r"]] for r in rows]),
        model=np.array([float(r["match_probability"]) for r in rows]),
        features={"weights": np.array(weights), "levels": np.array(level), "rich": np.array(rich)},
        truth=truth, coverage=coverage)


def _classifier(columns: int, categorical: int) -> Any:
    # The field levels are categories (their order is not a scale); the rest is numeric.
    return HistGradientBoostingClassifier(max_iter=300, random_state=0,
                                          categorical_features=[i < categorical for i in range(columns)])


def _cross_validated(data: Candidates, name: str) -> np.ndarray[Any, np.dtype[np.float64]]:
    x = data.features[name]
    categorical = 0 if name == "weights" else len(PERSON_MODEL.fields)
    probability: np.ndarray[Any, np.dtype[np.float64]] = cross_val_predict(
        _classifier(x.shape[1], categorical), x, data.same, cv=5, method="predict_proba")[:, 1]
    return probability


def _across(train: Candidates, test: Candidates, name: str) -> np.ndarray[Any, np.dtype[np.float64]]:
    x = train.features[name]
    model = _classifier(x.shape[1], len(PERSON_MODEL.fields)).fit(x, train.same)
    probability: np.ndarray[Any, np.dtype[np.float64]] = model.predict_proba(test.features[name])[:, 1]
    return probability


def _scores(pairs: Sequence[tuple[str, str]], probability: Sequence[float], truth: Mapping[Hashable, Hashable],
            threshold: float, *, veto: bool) -> Scores:
    edges = [(a, b, float(p)) for (a, b), p in zip(pairs, probability, strict=True)]
    clusters = (vetoed_clusters if veto else connected_clusters)(edges, threshold)
    predicted: dict[Hashable, Hashable] = {m: n for n, c in enumerate(clusters) for m in c.members}
    return score_clusters(predicted, truth)


def report(name: str, data: Candidates, probability: Sequence[float]) -> tuple[float, str]:
    """Print pairwise P/R/F1 and B-cubed F1 per threshold, connected and vetoed; return the best F1 and where."""
    best = (0.0, "")
    for threshold in THRESHOLDS:
        cells = []
        for veto in (False, True):
            s = _scores(data.pairs, probability, data.truth, threshold, veto=veto)
            cells.append(f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.bcubed_f1:6.3f}")
            if s.f1 > best[0]:
                best = (s.f1, f"p>={threshold}{' veto' if veto else ''}")
        print(f"{name:<22} {threshold:>5} {cells[0]}   {cells[1]}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7, help="the collection scored")
    parser.add_argument("--train-seed", type=int, default=8, help="the collection the cross-seed classifiers learn on")
    parser.add_argument("--pool", choices=POOLS, default="real")
    parser.add_argument("--setting", choices=("easy", "hard"), default="hard")
    args = parser.parse_args()
    started = time.perf_counter()
    test = candidates(persons=args.persons, seed=args.seed, pool=args.pool, setting=args.setting)
    train = candidates(persons=args.persons, seed=args.train_seed, pool=args.pool, setting=args.setting)
    cover = test.coverage
    print(f"{args.pool} {args.setting}, {args.persons} persons, seed {args.seed} (cross-seed: trained on seed "
          f"{args.train_seed}): {len(test.truth):,} records, {cover['true_pairs']:,} true pairs, {len(test.pairs):,} "
          f"candidate pairs, of them {int(test.same.sum()):,} true: blocking recall {cover['recall']:.3f}, "
          f"{time.perf_counter() - started:.1f} s to score both seeds")
    print(f"{'':<22} {'':>5} {'connected':<27}   {'vetoed':<27}")
    print(f"{'run':<22} {'p>=':>5} {'P':>6} {'R':>6} {'F1':>6} {'B3 F1':>6}   {'P':>6} {'R':>6} {'F1':>6} {'B3 F1':>6}")
    runs: list[tuple[str, Any]] = [
        # A classifier that is always right: what the candidate pairs allow at best (clusters can still join
        # a few true pairs that are not candidates, through a third record).
        ("truth on candidates", lambda: test.same.astype(float)),
        ("model (unsupervised)", lambda: test.model),
        ("gbm weights, 5-fold", lambda: _cross_validated(test, "weights")),
        ("gbm levels, 5-fold", lambda: _cross_validated(test, "levels")),
        ("gbm levels, seed", lambda: _across(train, test, "levels")),
        ("gbm rich, 5-fold", lambda: _cross_validated(test, "rich")),
        ("gbm rich, seed", lambda: _across(train, test, "rich")),
    ]
    best = {name: report(name, test, predict()) for name, predict in runs}
    print("best pairwise F1: " + "; ".join(f"{name} {f1:.3f} ({where})" for name, (f1, where) in best.items()))


if __name__ == "__main__":
    main()
