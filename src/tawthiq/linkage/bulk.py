"""Linkage of large collections: every table stays in the database, memory does not grow with the pairs.

For a national casualty count (hundreds of thousands of records) nothing of the scored pairs comes back
to Python: :func:`dedupe` trains and scores into Splink's predictions table, clusters with Splink's
connected components in the same database, and counts there. :func:`score_against_truth` compares the
clusters with a known truth (the generator's) in SQL as well. The same functions run on DuckDB (the
default, one machine) and on Spark (``bench/linkage_spark.py``), as Splink builds the SQL for either.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from splink.internals.database_api import DatabaseAPISubClass
from splink.internals.splink_dataframe import SplinkDataFrame

from tawthiq.linkage.engine import Model, Scored, apart_pairs, score, spill_directory, vetoed_clusters
from tawthiq.linkage.graph import Facts
from tawthiq.linkage.metrics import Scores, f1

__all__ = ["BulkRun", "Figures", "arrow_table", "dedupe", "dedupe_synthetic", "duckdb_api", "score_against_truth"]

#: Listings per person with 5 sources at the generator's hard setting, by name pool (see ``synth``).
LISTINGS_PER_PERSON = {"real": 1.73, "small": 2.66}
#: The columns of a person table (``persons.person_table``) that make a record's :class:`~tawthiq.linkage.graph.Facts`.
FACT_COLUMNS = ("sex", "birth_year", "death_day", "father_w", "family_w", "mother_w")


def duckdb_api(*, memory_limit: str = "4GB", threads: int | None = None, temp_directory: str | None = None) -> Any:
    """An in-process DuckDB for Splink, bounded in memory: above ``memory_limit`` it spills to disk."""
    import duckdb
    from splink import DuckDBAPI

    config: dict[str, Any] = {"memory_limit": memory_limit, "preserve_insertion_order": False}
    if threads:
        config["threads"] = threads
    config["temp_directory"] = temp_directory or spill_directory()
    return DuckDBAPI(connection=duckdb.connect(config=config))


def arrow_table(columns: Mapping[str, list[Any]]) -> pa.Table:
    """Columns by name as a pyarrow table (what every Splink backend reads); all-empty columns become text."""
    arrays = {}
    for name, values in columns.items():
        array = pa.array(values)
        arrays[name] = array.cast(pa.string()) if pa.types.is_null(array.type) else array
    return pa.table(arrays)


@dataclass
class BulkRun:
    """A deduplication done in the database: the pairs, the clusters and how long each step took."""

    scored: Scored
    clusters: SplinkDataFrame
    threshold: float
    seconds: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Records, scored pairs kept, pairs at the threshold, and unique entities (clusters and singletons)."""
        row = self.scored.sql(f"""
            select (select count(*) from {self.clusters.physical_name}) as records,
                   (select count(distinct cluster_id) from {self.clusters.physical_name}) as entities,
                   (select count(*) from {{pairs}}) as pairs,
                   (select count(*) from {{pairs}} where match_probability >= {self.threshold!r}) as links""")[0]
        return {k: int(v) for k, v in row.items()}


def dedupe(
    table: Any, model: Model, *, records: int, threshold: float = 0.9, db_api: DatabaseAPISubClass | None = None,
    seed: int = 1, veto: float | None = None, exclusive: str | None = None, contradictions: bool = True,
) -> BulkRun:
    """Train, score the candidate pairs at or above ``threshold`` and cluster them, all in the database.

    Args:
        table: A pyarrow table (see :func:`arrow_table`), columns by name, or a registered table.
        model: The fields and rules.
        records: How many records the table holds.
        threshold: Pairs at or above this probability are kept and join a cluster.
        db_api: A Splink database API; :func:`duckdb_api` when omitted.
        veto: Cluster with :func:`~tawthiq.linkage.engine.vetoed_clusters` instead of connected components:
            every candidate pair is scored, and two linked records scored below ``veto`` are never put in
            one cluster (see :func:`~tawthiq.linkage.engine.apart_condition`). The links, and those of such pairs
            whose records one chain of links connects, come to Python (the other pairs stay in the database);
            ``table`` must then be a pyarrow table.
        exclusive: With ``veto``, a column that names each record's list (``"source"``): a link below
            :data:`~tawthiq.linkage.graph.STRONG` does not join two groups that both hold a record of one
            list, since a list seldom names one person twice.
        contradictions: With ``veto``, two groups are not joined when a record of one contradicts a record of
            the other (another sex, birth years or days of death far apart, two fathers' or mothers' names: see
            :func:`~tawthiq.linkage.graph.contradict`), read from the table's :data:`FACT_COLUMNS` where it has them.
    """
    started = time.perf_counter()
    scored = score(table, model, records=records, candidate_threshold=threshold if veto is None else 0.0,
                   db_api=db_api or duckdb_api(), seed=seed, reasons=False)
    # Splink predicts lazily on some backends: count the pairs so that the time lands in this step.
    scored.count_pairs()
    scored_at = time.perf_counter()
    clusters = (scored.clusters(threshold) if veto is None
                else _vetoed(scored, table, threshold, veto, exclusive, contradictions=contradictions))
    done = time.perf_counter()
    return BulkRun(scored, clusters, threshold, {"train+score": scored_at - started, "cluster": done - scored_at})


def _vetoed(scored: Scored, table: pa.Table, threshold: float, veto: float, exclusive: str | None, *,
            contradictions: bool = True) -> SplinkDataFrame:
    """Vetoed clusters of the links at ``threshold`` as a table of the database (``unique_id``, ``cluster_id``),
    every record in it.

    Only a pair below ``veto`` between two records of one connected component of the links can change a cluster
    (the clustering joins along links only): those alone come to Python (:func:`~tawthiq.linkage.engine.apart_pairs`),
    a fiftieth of the pairs below the veto between linked records."""
    edges = [(str(r["unique_id_l"]), str(r["unique_id_r"]), float(r["match_probability"])) for r in scored.sql(
        f"select unique_id_l, unique_id_r, match_probability from {{pairs}} where match_probability >= {threshold!r}")]
    apart = apart_pairs(scored, threshold, veto, links=edges)
    ids = [str(i) for i in table.column("unique_id").to_pylist()]
    lists = dict(zip(ids, table.column(exclusive).to_pylist(), strict=True)) if exclusive else None
    facts = _facts(table, ids, {i for edge in edges for i in edge[:2]}) if contradictions else None
    cluster_of = {member: index for index, c in enumerate(vetoed_clusters(edges, threshold, veto=0.0, apart=apart,
                                                                          lists=lists, facts=facts))
                  for member in c.members}
    return scored.linker._db_api.register(arrow_table({"unique_id": ids, "cluster_id": [
        f"c{cluster_of[i]}" if i in cluster_of else i for i in ids]}))


def _facts(table: pa.Table, ids: list[str], linked: set[str]) -> dict[str, Facts] | None:
    """The :class:`~tawthiq.linkage.graph.Facts` of the linked records, or None if the table lacks the columns."""
    if not set(FACT_COLUMNS) <= set(table.column_names):
        return None
    columns = [table.column(c).to_pylist() for c in FACT_COLUMNS]
    return {i: Facts(*row) for i, *row in zip(ids, *columns, strict=True) if i in linked}


def score_against_truth(run: BulkRun, truth: Mapping[str, Any]) -> Scores:
    """Pairwise and B-cubed scores of the clusters against ``truth`` (record id → true entity), in SQL."""
    frame = run.scored.linker._db_api.register(arrow_table({"unique_id": list(truth),
                                                            "entity": [str(v) for v in truth.values()]}))
    row = run.scored.sql(f"""
        with j as (select c.cluster_id, t.entity from {run.clusters.physical_name} c
                   join {frame.physical_name} t on t.unique_id = c.unique_id),
        both_ as (select cluster_id, entity, count(*) as n from j group by cluster_id, entity),
        cs as (select cluster_id, count(*) as n from j group by cluster_id),
        ts as (select entity, count(*) as n from j group by entity),
        b as (select sum(both_.n * both_.n * 1.0 / cs.n) as p, sum(both_.n * both_.n * 1.0 / ts.n) as r
              from both_ join cs using (cluster_id) join ts using (entity))
        select (select sum(n * (n - 1) / 2) from both_) as hits,
               (select sum(n * (n - 1) / 2) from cs) as predicted_pairs,
               (select sum(n * (n - 1) / 2) from ts) as true_pairs,
               (select count(*) from cs) as predicted, (select count(*) from ts) as entities,
               (select count(*) from j) as n, b.p as bp, b.r as br from b""")[0]
    frame.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    hits, predicted_pairs, true_pairs = (float(row[k] or 0) for k in ("hits", "predicted_pairs", "true_pairs"))
    precision = hits / predicted_pairs if predicted_pairs else 1.0
    recall = hits / true_pairs if true_pairs else 1.0
    n = float(row["n"]) or 1.0
    bp, br = float(row["bp"] or 0) / n, float(row["br"] or 0) / n
    return Scores(precision, recall, f1(precision, recall), bp, br, f1(bp, br), int(row["predicted"]),
                  int(row["entities"]))


@dataclass
class Figures:
    """What a benchmark reports: sizes, unique count found against the truth, time by step, scores."""

    records: int
    persons: int
    found: int
    pairs: int
    seconds: dict[str, float]
    scores: Scores
    notes: list[str]


def dedupe_synthetic(
    records: int, *, setting: str = "hard", threshold: float = 0.9, db_api: DatabaseAPISubClass | None = None,
    seed: int = 1, pool: str = "real", veto: float | None = None, exclusive: bool = False, contradictions: bool = True,
) -> Figures:
    """Generate about ``records`` victim-list rows from 5 sources, deduplicate them end to end in the
    database, and score the clusters against the generator's truth."""
    from tawthiq.linkage.persons import PERSON_MODEL, person_table
    from tawthiq.linkage.synth import generate_victim_lists

    started = time.perf_counter()
    lists = generate_victim_lists(persons=int(records / LISTINGS_PER_PERSON[pool]), setting=setting, seed=seed,
                                  pool=pool)
    truth = {f"{s}|{e}": p for (s, e), p in lists.truth.items()}
    count, persons = len(lists.records), lists.persons
    generated = time.perf_counter()
    table = arrow_table(person_table(((f"{r['source']}|{r['external_id']}", r) for r in lists.records),
                                     lists.gazetteer.resolve))
    del lists
    featured = time.perf_counter()
    run = dedupe(table, PERSON_MODEL, records=count, threshold=threshold, db_api=db_api, seed=seed, veto=veto,
                 exclusive="source" if exclusive else None, contradictions=contradictions)
    del table
    counts = run.counts()
    scored = time.perf_counter()
    scores = score_against_truth(run, truth)
    seconds = {"generate": generated - started, "features": featured - generated, **run.seconds,
               "evaluate": time.perf_counter() - scored, "total": time.perf_counter() - started}
    return Figures(count, persons, counts["entities"], counts["links"], seconds, scores, run.scored.notes)
