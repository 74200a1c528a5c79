"""Linkage quality on generated data: persons (easy and hard settings) and incidents against ACLED's rule.

Prints pairwise precision, recall and F1 and B-cubed F1 per clustering threshold.
Run: .venv/bin/python bench/linkage_quality.py [--small] [--persons N] [--events N] [--pool real|small] [--setting hard]
(both name pools and both settings unless named; ``--events 0`` skips incidents).
"""

from __future__ import annotations

import argparse
import time

from tawthiq.linkage.engine import connected_clusters, run_linkage, vetoed_clusters
from tawthiq.linkage.events import EVENT_MODEL, acled_baseline, event_table
from tawthiq.linkage.metrics import Scores, score_clusters
from tawthiq.linkage.persons import PERSON_MODEL, person_table
from tawthiq.linkage.synth import POOLS, generate_victim_lists
from tawthiq.linkage.synth_events import generate_event_reports

THRESHOLDS = (0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


def _row(name: str, scores: Scores) -> str:
    return (f"{name:<28} {scores.precision:9.3f} {scores.recall:7.3f} {scores.f1:7.3f} {scores.bcubed_f1:10.3f} "
            f"{scores.predicted_entities:>9} {scores.true_entities:>9}")


def _calibration(pairs: list[tuple[bool, float]]) -> None:
    for low in range(10):
        within = [same for same, p in pairs if low <= p * 10 < low + 1 or (low == 9 and p == 1.0)]
        print(f"  p in [{low / 10:.1f}, {(low + 1) / 10:.1f}): {len(within):>6} pairs, {sum(within):>6} true")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pool", choices=POOLS, action="append")
    parser.add_argument("--setting", choices=("easy", "hard"), action="append")
    parser.add_argument("--calibration", action="store_true", help="candidate pairs and true ones per 0.1 of p")
    args = parser.parse_args()
    persons, events = (300, 200) if args.small else (args.persons, args.events)
    print(f"{'run':<28} {'precision':>9} {'recall':>7} {'F1':>7} {'B-cubed F1':>10} {'predicted':>9} {'true':>9}")
    for pool, setting in ((p, s) for p in args.pool or POOLS for s in args.setting or ("easy", "hard")):
        lists = generate_victim_lists(persons=persons, setting=setting, seed=args.seed, pool=pool)
        ids = [f"{r['source']}|{r['external_id']}" for r in lists.records]
        started = time.perf_counter()
        result = run_linkage(person_table(zip(ids, lists.records, strict=True), lists.gazetteer.resolve), PERSON_MODEL,
                             candidate_threshold=0.0)
        elapsed = time.perf_counter() - started
        truth = {f"{s}|{e}": p for (s, e), p in lists.truth.items()}
        edges = [(p.left, p.right, p.probability) for p in result.pairs]
        for threshold in THRESHOLDS:
            clusters = connected_clusters(edges, threshold)
            predicted = {m: n for n, c in enumerate(clusters) for m in c.members}
            print(_row(f"{pool} {setting} p>={threshold}", score_clusters(predicted, truth)))
            vetoed = {m: n for n, c in enumerate(vetoed_clusters(edges, threshold)) for m in c.members}
            print(_row(f"{pool} {setting} p>={threshold} veto", score_clusters(vetoed, truth)))
        print(f"  ({len(ids)} records, {elapsed:.1f} s, notes: {result.notes or 'none'})")
        if args.calibration:
            _calibration([(truth[p.left] == truth[p.right], p.probability) for p in result.pairs])
    if not events:
        return
    reports = generate_event_reports(events=events, seed=args.seed)
    table = event_table(reports.rows)
    truth_events = dict(reports.truth)
    result = run_linkage(table, EVENT_MODEL, candidate_threshold=0.2)
    edges = [(p.left, p.right, p.probability) for p in result.pairs]
    for threshold in THRESHOLDS:
        clusters = connected_clusters(edges, threshold)
        print(_row(f"events p>={threshold}", score_clusters({m: n for n, c in enumerate(clusters) for m in c.members},
                                                            truth_events)))
    baseline = acled_baseline(table)
    print(_row("events ACLED rule",
               score_clusters({m: n for n, c in enumerate(baseline) for m in c.members}, truth_events)))


if __name__ == "__main__":
    main()
