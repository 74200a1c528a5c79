"""Where the national count loses its true pairs: not a candidate (blocking), or scored too low.

Generates about N records (hard setting, 5 sources), scores every candidate pair (as the bench with
``--veto`` does) and joins the pairs with the generator's truth in DuckDB: the share of true pairs that
are candidates at all, and the true and false pairs by probability band. Nothing of the pairs comes
back to Python except these counts.
Run: .venv/bin/python bench/linkage_misses.py [--records 50000] [--pool real|small]
"""

from __future__ import annotations

import argparse
from collections import Counter

from tawthiq.linkage.bulk import LISTINGS_PER_PERSON, arrow_table, duckdb_api
from tawthiq.linkage.engine import score
from tawthiq.linkage.persons import PERSON_MODEL, person_table
from tawthiq.linkage.synth import generate_victim_lists

BANDS = (0.0, 0.01, 0.05, 0.1, 0.2, 0.5, 0.9, 1.01)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--pool", choices=("real", "small"), default="real")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    lists = generate_victim_lists(persons=int(args.records / LISTINGS_PER_PERSON[args.pool]), setting="hard",
                                  seed=args.seed, pool=args.pool)
    ids = [f"{r['source']}|{r['external_id']}" for r in lists.records]
    entity = [str(lists.truth[(r["source"], r["external_id"])]) for r in lists.records]
    sizes = Counter(entity)
    true_pairs = sum(n * (n - 1) // 2 for n in sizes.values())
    table = arrow_table(person_table(zip(ids, lists.records, strict=True), lists.gazetteer.resolve))
    db = duckdb_api()
    scored = score(table, PERSON_MODEL, records=len(ids), candidate_threshold=0.0, db_api=db, reasons=False)
    truth = db.register(arrow_table({"unique_id": ids, "entity": entity}))
    bands = " ".join(f"when p.match_probability < {high!r} then {low!r}" for low, high in zip(BANDS, BANDS[1:],
                                                                                               strict=False))
    rows = scored.sql(f"""
        select case {bands} end as band, tl.entity = tr.entity as same, count(*) as n from {{pairs}} p
        join {truth.physical_name} tl on tl.unique_id = p.unique_id_l
        join {truth.physical_name} tr on tr.unique_id = p.unique_id_r group by all""")
    found = Counter({(float(r["band"]), bool(r["same"])): int(r["n"]) for r in rows})
    hits = sum(n for (_, same), n in found.items() if same)
    print(f"records {len(ids):,}  persons {lists.persons:,}  true pairs {true_pairs:,}  candidates "
          f"{sum(found.values()):,}  true among them {hits:,} (blocking recall {hits / true_pairs:.3f})")
    for low, high in zip(BANDS, BANDS[1:], strict=False):
        print(f"  p in [{low:.2f}, {min(high, 1.0):.2f}): true {found[low, True]:>8,}  false {found[low, False]:>10,}")
    print("notes:", "; ".join(scored.notes) or "none")


if __name__ == "__main__":
    main()
