"""A national casualty count, synthetic: N records from 5 sources deduplicated end to end.

The largest published Syrian count combined about 319,000 records from 5 sources into about 191,000
unique killings; this bench does the same with the generator's hard setting and name pool. Scored pairs and clusters
stay in DuckDB (Splink's predictions table and connected components), so memory stays bounded.
Prints the unique count found against the generator's truth, the time by step, pairwise and B-cubed
scores, and the peak RSS.
Run: .venv/bin/python bench/linkage_national.py [--records 320000] [--small] [--threshold 0.9] [--pool real|small]
[--veto 0.05 [--exclusive] [--no-contradictions]]
"""

from __future__ import annotations

import argparse
import resource

from tawthiq.linkage.bulk import Figures, dedupe_synthetic, duckdb_api


def report(figures: Figures, threshold: float) -> None:
    """Print a run's figures (shared by the scale and Spark benches)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s = figures.scores
    print(f"records {figures.records:,} from 5 sources  true persons {figures.persons:,}  found {figures.found:,} "
          f"({figures.found / figures.persons - 1:+.1%})  pairs kept (p >= {threshold}): {figures.pairs:,}")
    print("  ".join(f"{k} {v:.1f} s" for k, v in figures.seconds.items()) + f"  peak RSS {peak:,.0f} MiB")
    print(f"pairwise P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}  B-cubed F1 {s.bcubed_f1:.3f}")
    if figures.notes:
        print("notes:", "; ".join(figures.notes))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=320_000)
    parser.add_argument("--setting", default="hard")
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--pool", choices=("real", "small"), default="real", help="generator's name pool")
    parser.add_argument("--memory", default="4GB", help="DuckDB memory limit (it spills to disk above it)")
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--veto", type=float, help="cluster with the veto: linked records scored below this (and "
                        "with evidence against one person) stay apart")
    parser.add_argument("--exclusive", action="store_true",
                        help="with --veto: a weak link does not join two groups holding records of one list")
    parser.add_argument("--no-contradictions", action="store_true",
                        help="with --veto: join groups even where two of their records contradict each other "
                        "(another sex, birth years or days of death far apart, two fathers' or mothers' names), "
                        "as before the eighth pass")
    args = parser.parse_args()
    records = 20_000 if args.small else args.records
    figures = dedupe_synthetic(records, setting=args.setting, threshold=args.threshold, pool=args.pool,
                               db_api=duckdb_api(memory_limit=args.memory), veto=args.veto, exclusive=args.exclusive,
                               contradictions=not args.no_contradictions)
    report(figures, args.threshold)


if __name__ == "__main__":
    main()
