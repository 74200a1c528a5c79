"""Where the national count goes wrong after clustering: false splits and false merges, by cause.

Runs the bulk path as ``bench/linkage_national.py --veto V --exclusive`` does (every candidate pair scored,
vetoed clustering with one list per person), then joins the pairs and the clusters with the generator's
truth: every true pair the clusters split is put in one class (not a candidate; scored below the veto and
kept apart; below the threshold; above it but refused by the clustering), and every false pair they join is
counted by the given name's level of its direct link, if any. The truth is read only here, after the run.
Run: .venv/bin/python bench/linkage_errors.py [--records 100000] [--threshold 0.1] [--veto 0.05] [--show N]
[--no-contradictions]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from tawthiq.linkage.bulk import LISTINGS_PER_PERSON, _vetoed, arrow_table, duckdb_api
from tawthiq.linkage.engine import apart_condition, level_weights, score
from tawthiq.linkage.persons import PERSON_MODEL, person_table
from tawthiq.linkage.synth import generate_victim_lists

FIELDS = ("given", "family", "father", "death_date", "birth_year", "place")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--threshold", type=float, default=0.1)
    parser.add_argument("--veto", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print this many examples of each class")
    parser.add_argument("--no-contradictions", action="store_true", help="cluster as before the eighth pass")
    args = parser.parse_args()
    started = time.perf_counter()
    lists = generate_victim_lists(persons=int(args.records / LISTINGS_PER_PERSON["real"]), setting="hard",
                                  seed=args.seed)
    ids = [f"{r['source']}|{r['external_id']}" for r in lists.records]
    rows = dict(zip(ids, lists.records, strict=True))
    entity = {i: lists.truth[(r["source"], r["external_id"])] for i, r in zip(ids, lists.records, strict=True)}
    table = arrow_table(person_table(zip(ids, lists.records, strict=True), lists.gazetteer.resolve))
    db = duckdb_api()
    scored = score(table, PERSON_MODEL, records=len(ids), candidate_threshold=0.0, db_api=db, reasons=True)
    frame = _vetoed(scored, table, args.threshold, args.veto, "source", contradictions=not args.no_contradictions)
    cluster = {str(r["unique_id"]): str(r["cluster_id"]) for r in scored.sql(
        f"select unique_id, cluster_id from {frame.physical_name}")}
    weights = level_weights(scored.linker)

    def level(row: dict[str, object], name: str) -> str:
        w = float(row.get(f"mw_{name}") or 0.0)  # type: ignore[arg-type]
        return min(weights[name], key=lambda x: abs(x[0] - w))[1]

    truth = db.register(arrow_table({"unique_id": ids, "entity": [str(entity[i]) for i in ids]}))
    cols = ", ".join(f"p.mw_{f}" for f in FIELDS)
    pairs = scored.sql(f"""
        select p.unique_id_l, p.unique_id_r, p.match_probability, {cols},
               {apart_condition(scored, args.veto)} as apart, tl.entity = tr.entity as same
        from {{pairs}} p join {truth.physical_name} tl on tl.unique_id = p.unique_id_l
        join {truth.physical_name} tr on tr.unique_id = p.unique_id_r
        where tl.entity = tr.entity or p.match_probability >= {args.threshold!r}""")
    print(f"scored and clustered in {time.perf_counter() - started:.0f} s; {len(ids):,} records, "
          f"{lists.persons:,} persons, found {len(set(cluster.values())):,}")
    candidate = {(str(p["unique_id_l"]), str(p["unique_id_r"])): p for p in pairs}
    candidate.update({(b, a): p for (a, b), p in list(candidate.items())})
    members: dict[int, list[str]] = {}
    for i in ids:
        members.setdefault(entity[i], []).append(i)
    split: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    true_pairs = hits = 0
    for group in members.values():
        for n, a in enumerate(group):
            for b in group[n + 1:]:
                true_pairs += 1
                if cluster[a] == cluster[b]:
                    hits += 1
                    continue
                p = candidate.get((a, b))
                if p is None:
                    why = "not a candidate"
                elif p["apart"]:
                    why = f"below the veto, apart (given: {level(p, 'given')})"
                elif float(p["match_probability"]) < args.threshold:
                    why = "below the threshold"
                else:
                    why = "linked, refused by the clustering"
                split[why] += 1
                if len(examples.setdefault(why, [])) < args.show:
                    examples[why].append(f"{p and round(float(p['match_probability']), 3)}\n    "
                                         f"{_row(rows[a])}\n    {_row(rows[b])}")
    by_cluster: dict[str, list[str]] = {}
    for i, c in cluster.items():
        by_cluster.setdefault(c, []).append(i)
    merged: Counter[str] = Counter()
    predicted = 0
    for group in by_cluster.values():
        for n, a in enumerate(group):
            for b in group[n + 1:]:
                predicted += 1
                if entity[a] == entity[b]:
                    continue
                p = candidate.get((a, b))
                why = ("through other records" if p is None or float(p["match_probability"]) < args.threshold
                       else f"direct link (given: {level(p, 'given')})")
                merged[why] += 1
                if len(examples.setdefault(why, [])) < args.show:
                    examples[why].append(f"{p and round(float(p['match_probability']), 3)}\n    "
                                         f"{_row(rows[a])}\n    {_row(rows[b])}")
    precision, recall = hits / predicted, hits / true_pairs
    print(f"true pairs {true_pairs:,}  found {hits:,}  predicted {predicted:,}  P {precision:.3f} R {recall:.3f} "
          f"F1 {2 * precision * recall / (precision + recall):.3f}")
    print("true pairs split:")
    for why, n in split.most_common():
        print(f"  {n:>8,}  {why}")
    print("false pairs joined:")
    for why, n in merged.most_common():
        print(f"  {n:>8,}  {why}")
    for why, shown in examples.items():
        print(f"== {why}")
        for text in shown:
            print("  " + text)


def _row(row: dict[str, object]) -> str:
    keys = ("source", "full_name", "given_name", "family_name", "father_name", "mother_name", "sex", "birth_year",
            "birth_date", "death_date", "place")
    return " | ".join(f"{row[k]}" for k in keys if row.get(k))


if __name__ == "__main__":
    main()
