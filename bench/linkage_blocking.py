"""Blocking recall: the share of true pairs the person model's blocking rules make candidates of.

Prints, per setting and name pool, the true pairs covered, the candidate pairs (comparisons) the rules
generate, how many true pairs each rule finds, and (``--show N``) N true pairs no rule finds.
Run: .venv/bin/python bench/linkage_blocking.py [--persons 2000] [--pool real|small] [--show 10]
"""

from __future__ import annotations

import argparse

from tawthiq.linkage.persons import blocking_coverage, person_table
from tawthiq.linkage.synth import POOLS, generate_victim_lists


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pool", choices=POOLS, action="append")
    parser.add_argument("--setting", action="append")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    for pool in args.pool or POOLS:
        for setting in args.setting or ("easy", "hard"):
            lists = generate_victim_lists(persons=args.persons, setting=setting, seed=args.seed, pool=pool)
            ids = [f"{r['source']}|{r['external_id']}" for r in lists.records]
            table = person_table(zip(ids, lists.records, strict=True), lists.gazetteer.resolve)
            entity = [lists.truth[(r["source"], r["external_id"])] for r in lists.records]
            cover = blocking_coverage(table, entity)
            print(f"{pool} {setting}: {len(ids)} records, true pairs {cover['true_pairs']:,}, covered "
                  f"{cover['covered']:,} (recall {cover['recall']:.3f}), comparisons {cover['comparisons']:,}")
            print("  by rule: " + ", ".join(f"{k} {v}" for k, v in cover["by_rule"].items()))
            for a, b in cover["missed"][:args.show]:
                print("  missed:", {k: v for k, v in lists.records[a].items() if v and k != "external_id"})
                print("      vs:", {k: v for k, v in lists.records[b].items() if v and k != "external_id"})


if __name__ == "__main__":
    main()
