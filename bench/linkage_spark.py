"""The same person model on Spark: Splink writes the SQL for Spark instead of DuckDB, nothing else changes.

Collections beyond one machine run on a Spark cluster; this bench shows it on a local Spark (2 cores)
with a smaller set, and prints the same figures as bench/linkage_national.py. Needs the optional extra
(`pip install -e '.[spark]'`) and Java 17; not part of the tests.
Run: .venv/bin/python bench/linkage_spark.py [--records 20000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkage_national import report
from tawthiq.linkage.bulk import dedupe_synthetic


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import SparkAPI, similarity_jar_location
    except ImportError:
        sys.exit("pyspark is not installed: pip install -e '.[spark]'")
    spark = (SparkSession.builder.master(f"local[{args.cores}]").appName("tawthiq-linkage")
             .config("spark.jars", similarity_jar_location())
             .config("spark.driver.memory", "4g")
             .config("spark.sql.shuffle.partitions", str(4 * args.cores))
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory() as checkpoints:
        spark.sparkContext.setCheckpointDir(checkpoints)
        figures = dedupe_synthetic(args.records, threshold=args.threshold,
                                   db_api=SparkAPI(spark_session=spark, num_partitions_on_repartition=4 * args.cores))
        print(f"Spark {spark.version}, local[{args.cores}]")
        report(figures, args.threshold)
    spark.stop()


if __name__ == "__main__":
    main()
