"""Deduplicate 1,000,000 person records on this machine: wall time and peak memory.

The generator's hard setting (5 sources) makes the records; Splink scores the candidate pairs into a
DuckDB table and clusters them there (connected components), with DuckDB's memory capped (it spills to
disk above the cap); with ``--veto 0.05 --exclusive`` it clusters as the national bench does (the pairs that can change
a cluster come to Python). Target: <= 10 minutes within 8 GB on 2 cores.
Run: .venv/bin/python bench/linkage_scale.py [--records 1000000] [--memory 4GB] [--pool real|small]
[--threshold 0.9] [--veto 0.05 --exclusive]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkage_national import report
from tawthiq.linkage.bulk import dedupe_synthetic, duckdb_api


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--pool", choices=("real", "small"), default="real", help="generator's name pool")
    parser.add_argument("--memory", default="4GB", help="DuckDB memory limit")
    parser.add_argument("--temp", default=None, help="where DuckDB spills (default: its own)")
    parser.add_argument("--veto", type=float, help="cluster with the veto (see bench/linkage_national.py)")
    parser.add_argument("--exclusive", action="store_true", help="with --veto: one list seldom names one person twice")
    args = parser.parse_args()
    figures = dedupe_synthetic(args.records, threshold=args.threshold, pool=args.pool, veto=args.veto,
                               exclusive=args.exclusive,
                               db_api=duckdb_api(memory_limit=args.memory, temp_directory=args.temp))
    report(figures, args.threshold)


if __name__ == "__main__":
    main()
