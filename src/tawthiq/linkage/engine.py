"""Fellegi–Sunter linkage with Splink: train by expectation maximisation, score pairs, cluster.

Domain-free: a :class:`Model` says which columns are compared and how (Splink comparison creators, so
the same model runs on DuckDB, the default, and on Spark), how candidate pairs are blocked, and which
rules train it. :func:`score` trains and scores into a table of the database (Splink's predictions stay
there; memory does not grow with the number of pairs), :meth:`Scored.clusters` runs Splink's connected
components there too. :func:`run_linkage`, for collections a reviewer works through, also fetches the
pairs with the level every field reached (the reasons) and the clusters.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import splink.comparison_level_library as cll
from splink import Linker, SettingsCreator
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.comparison_library import CustomComparison
from splink.internals.database_api import DatabaseAPISubClass
from splink.internals.splink_dataframe import SplinkDataFrame

from tawthiq.linkage.graph import Cluster, Pair, connected_clusters, vetoed_clusters

__all__ = ["Cluster", "Field", "LinkResult", "Model", "Pair", "Scored", "apart_condition", "apart_pairs",
           "cluster_list", "connected_clusters", "run_linkage", "score", "vetoed_clusters"]

logger = logging.getLogger(__name__)

#: Below this many records, random sampling and EM estimate noise: the priors are better.
MIN_TRAINING_ROWS = 300
#: A pair scored below the veto stays a cannot-link only while its fields' evidence for one entity is under
#: this many bits (a Bayes factor of 64): brothers agree on everything but the given name and stay under it.
VETO_EVIDENCE = 6.0
#: EM trains on a sample of the training block's pairs: more add time, not precision.
EM_MAX_PAIRS = 300_000


def spill_directory() -> str:
    """Where DuckDB spills above its memory limit: the system's temporary folder, never the folder the command
    runs in (victims' names must not be left lying beside it)."""
    return os.path.join(tempfile.gettempdir(), "tawthiq-duckdb")


@dataclass(frozen=True)
class Field:
    """One compared field: its name in the reasons, its levels (best first; a NullLevel first)."""

    name: str
    levels: tuple[tuple[str, ComparisonLevelCreator], ...]
    null: ComparisonLevelCreator
    #: Prior m probabilities (share of true matches at each level, the last for "different"); EM refines them.
    m: tuple[float, ...] = ()
    #: Keep the m priors as they are (EM does not change them).
    fixed: bool = False
    #: Prior u probabilities (share of non-matches at each level), used until random sampling replaces them.
    u: tuple[float, ...] = ()

    def comparison(self) -> ComparisonCreator:
        levels: list[ComparisonLevelCreator | dict[str, Any]] = [self.null]
        for index, (label, level) in enumerate(self.levels):
            levels.append(level.configure(label_for_charts=label, **self._prior(index)))
        levels.append(cll.ElseLevel().configure(label_for_charts="different", **self._prior(len(self.levels))))
        return CustomComparison(levels, output_column_name=self.name)

    def _prior(self, index: int) -> dict[str, Any]:
        prior: dict[str, Any] = {}
        if index < len(self.m):
            prior["m_probability"] = self.m[index]
            if self.fixed:
                prior["fix_m_probability"] = True
        if index < len(self.u):
            prior["u_probability"] = self.u[index]
        return prior


@dataclass(frozen=True)
class Model:
    """What to compare and how to find candidate pairs."""

    fields: tuple[Field, ...]
    blocking: tuple[BlockingRuleCreator | str, ...]
    training: tuple[BlockingRuleCreator | str, ...]
    deterministic: tuple[str, ...]
    deterministic_recall: float = 0.6


@dataclass
class LinkResult:
    pairs: list[Pair]
    clusters: list[Cluster]
    trained: bool
    notes: list[str] = field(default_factory=list)
    #: Scored pairs below the veto probability (asked for with ``veto``): two records the model holds to be
    #: two entities, never to be put in one cluster by a chain of other links.
    apart: list[tuple[str, str]] = field(default_factory=list)


def _settings(model: Model, *, reasons: bool = True) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[f.comparison() for f in model.fields],
        blocking_rules_to_generate_predictions=[_rule(r) for r in model.blocking],
        # Each field's weight (mw_*) tells which level it reached: the reasons a reviewer sees. A large
        # run without review leaves them out to keep the table of pairs small.
        retain_intermediate_calculation_columns=reasons,
        retain_matching_columns=False,
    )


def _rule(rule: BlockingRuleCreator | str) -> BlockingRuleCreator | dict[str, Any]:
    return {"blocking_rule": rule} if isinstance(rule, str) else rule


def train_linker(linker: Linker, model: Model, *, rows: int, seed: int = 1) -> list[str]:
    """Estimate λ from deterministic rules, u by random sampling, m by EM. Returns notes on what failed.

    A field EM could not train keeps its prior; a failing step is noted, never fatal, because a small or
    sparse collection (a handful of records, one field only) must still give scores.
    """
    notes: list[str] = []
    steps: list[tuple[str, Any]] = [
        ("prior", lambda: linker.training.estimate_probability_two_random_records_match(
            list(model.deterministic), recall=model.deterministic_recall)),
    ]
    if rows < MIN_TRAINING_ROWS:
        notes.append(f"only {rows} records: too few to train, the model's prior m and u probabilities are used")
    else:
        steps.append(("u", lambda: linker.training.estimate_u_using_random_sampling(
            max_pairs=min(2e6, max(1e4, rows * 20)), seed=seed)))
        for rule in model.training:
            steps.append(("em", lambda rule=rule: linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=EM_MAX_PAIRS)))
    for name, step in steps:
        # EM takes the fields of its blocking rule out of the model while it trains, and a failure left them out
        # for good: the given and family names were then not compared at all.
        before = linker._settings_obj.core_model_settings.copy()  # type: ignore[no-untyped-call]
        try:
            step()
        except Exception as exc:  # Splink raises plain exceptions for too few pairs or empty levels
            linker._settings_obj.core_model_settings = before
            notes.append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        if name == "prior" and not linker._settings_obj._probability_two_random_records_match > 0:
            # The rule found no pair (a list without days of death): λ would be 0 and every score log(0).
            linker._settings_obj._probability_two_random_records_match = 1 / max(rows, 2)
            notes.append("prior: the deterministic rules found no pair; assumed about one match per record")
    return notes


def make_linker(table: Any, model: Model, db_api: DatabaseAPISubClass, *, reasons: bool = True) -> Linker:
    """A Splink linker over ``table`` (columns by name, a pyarrow table, or a table already registered
    with ``db_api``, as Splink accepts)."""
    # Splink warns on stderr about levels EM could not train; those fields keep their priors, and
    # ``train_linker`` reports real failures as notes.
    logging.getLogger("splink").setLevel(logging.ERROR)
    frame = table if isinstance(table, SplinkDataFrame) else db_api.register(table)
    return Linker(frame, _settings(model, reasons=reasons), log_level=None)


@dataclass
class Scored:
    """Scored candidate pairs kept in the database: Splink's predictions as a table, never a Python list."""

    linker: Linker
    predictions: SplinkDataFrame
    records: int
    trained: bool
    notes: list[str]

    def sql(self, query: str) -> list[dict[str, Any]]:
        """Run ``query`` in the linker's database; ``{pairs}`` names the table of pairs."""
        text = query.format(pairs=self.predictions.physical_name)
        frame = self.linker.misc.query_sql(text)  # type: ignore[no-untyped-call]
        assert isinstance(frame, SplinkDataFrame)
        try:
            rows: list[dict[str, Any]] = frame.as_record_list()
            return rows
        finally:
            frame.drop_table_from_database_and_remove_from_cache()

    def count_pairs(self, threshold: float = 0.0) -> int:
        rows = self.sql(f"select count(*) as n from {{pairs}} where match_probability >= {float(threshold)!r}")
        return int(rows[0]["n"])

    def clusters(self, threshold: float) -> SplinkDataFrame:
        """Connected components of the pairs at or above ``threshold``, by Splink in the database:
        one row per record (``unique_id``, ``cluster_id``)."""
        return self.linker.clustering.cluster_pairwise_predictions_at_threshold(
            self.predictions, threshold_match_probability=threshold)


def score(
    table: Any, model: Model, *, records: int, candidate_threshold: float = 0.2,
    db_api: DatabaseAPISubClass | None = None, seed: int = 1, reasons: bool = True,
) -> Scored:
    """Train the model on ``table`` and score the candidate pairs into a table of the database.

    Args:
        table: Columns by name (``unique_id`` among them), a pyarrow table, or a registered table.
        model: The fields and rules.
        records: How many records the table holds (sets the training sample).
        candidate_threshold: Only pairs at or above this probability are kept.
        db_api: A Splink database API; an in-memory DuckDB when omitted.
        reasons: Keep each field's level and weight per pair (for review).
    """
    if db_api is None:
        import duckdb
        from splink import DuckDBAPI

        db_api = DuckDBAPI(connection=duckdb.connect(config={"temp_directory": spill_directory()}))
    linker = make_linker(table, model, db_api, reasons=reasons)
    notes = train_linker(linker, model, rows=records, seed=seed)
    predictions = linker.inference.predict(threshold_match_probability=candidate_threshold)
    trained = not any(n.startswith(("em", "only")) for n in notes)
    return Scored(linker, predictions, records, trained, notes)


def run_linkage(
    table: dict[str, list[Any]], model: Model, *, threshold: float = 0.9, candidate_threshold: float = 0.2,
    db_api: DatabaseAPISubClass | None = None, seed: int = 1, veto: float | None = None,
    joined: Iterable[tuple[str, str]] = (),
) -> LinkResult:
    """Train, predict and cluster, for a collection small enough to review pair by pair.

    Args:
        table: Columns by name, ``unique_id`` among them (strings); ``None`` for a missing value.
        model: The fields and rules.
        threshold: Pairs at or above this probability join a cluster.
        candidate_threshold: Pairs at or above this are returned for review.
        db_api: A Splink database API; an in-memory DuckDB when omitted.
        veto: Also return the scored pairs below this probability (``LinkResult.apart``, see :func:`apart_pairs`:
            those that can matter to a clustering at ``threshold``), for :func:`vetoed_clusters`; every candidate
            pair is then scored, not only those above ``candidate_threshold``.
        joined: Pairs the clustering will join whatever their score (a reviewer's merges), so that the cannot-links
            they bring into play are returned too.

    Returns:
        Candidate pairs (best first) with reasons, and clusters of two or more records (connected
        components computed by Splink in the database).
    """
    ids = table["unique_id"]
    if len(ids) < 2:
        return LinkResult([], [], trained=False, notes=["fewer than two records"])
    kept = candidate_threshold if veto is None else 0.0
    scored = score(table, model, records=len(ids), candidate_threshold=kept, db_api=db_api, seed=seed)
    rows = scored.sql(f"select * from {{pairs}} where match_probability >= {float(candidate_threshold)!r}")
    pairs = sorted(_pairs(rows, model, level_weights(scored.linker)), key=lambda p: (-p.probability, p.left, p.right))
    apart = [] if veto is None else apart_pairs(scored, threshold, veto, joined=joined)
    return LinkResult(pairs, cluster_list(scored, threshold), trained=scored.trained, notes=scored.notes, apart=apart)


def apart_pairs(scored: Scored, threshold: float, veto: float, *, joined: Iterable[tuple[str, str]] = (),
                links: Iterable[tuple[str, str, float]] | None = None) -> list[tuple[str, str]]:
    """The cannot-links that can change a clustering at ``threshold``: the pairs under :func:`apart_condition` whose
    two records one chain of links (pairs at or above ``threshold``) or of ``joined`` pairs (a reviewer's merges)
    connects. A clustering joins groups along those only, so a pair between two such components never matters:
    at 100,000 records 35,306 pairs matter of the 1.9 million below the veto between linked records. ``links``: the
    pairs at or above ``threshold`` where the caller has already read them.
    """
    if links is None:
        links = [(str(r["unique_id_l"]), str(r["unique_id_r"]), 1.0) for r in scored.sql(
            f"select unique_id_l, unique_id_r from {{pairs}} where match_probability >= {float(threshold)!r}")]
    components = connected_clusters([*links, *((str(a), str(b), 1.0) for a, b in joined)], 0.0)
    if not components:
        return []
    frame = scored.linker._db_api.register(pa.table({
        "unique_id": pa.array([m for c in components for m in c.members], pa.string()),
        "component": pa.array([n for n, c in enumerate(components) for _ in c.members], pa.int64())}))
    try:
        # One side's component first, then the other side on its record *and* component: joined on the component
        # alone, DuckDB squared the giant component of the links at a low threshold and filled the disk.
        rows = scored.sql(f"""
            with a as materialized (
                select p.unique_id_l, p.unique_id_r, l.component from {{pairs}} p
                join {frame.physical_name} l on l.unique_id = cast(p.unique_id_l as varchar)
                where {apart_condition(scored, veto)})
            select a.unique_id_l, a.unique_id_r from a
            join {frame.physical_name} r
              on r.unique_id = cast(a.unique_id_r as varchar) and r.component = a.component""")
    finally:
        frame.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    return [(str(r["unique_id_l"]), str(r["unique_id_r"])) for r in rows]


def apart_condition(scored: Scored, veto: float) -> str:
    """SQL condition on the scored pairs for "two entities", a cannot-link for the clustering: scored below
    ``veto`` *and* the fields' own evidence for one entity weak (a Bayes factor under 2 ** ``VETO_EVIDENCE``,
    the match weight less the prior's).

    The probability alone falls as a collection grows (two random records are less likely one person),
    so at 160,000 records an eighth of the true pairs scored below 0.05 on evidence *for* them and
    blocked their clusters. A pair whose given names are two names stays apart: its level's m (see
    ``persons.NEVER``) outweighs everything else brothers agree on by more than this margin.
    """
    prior = float(scored.linker._settings_obj._probability_two_random_records_match)
    prior_weight = math.log2(prior / (1 - prior)) if 0 < prior < 1 else 0.0
    return f"(match_probability < {float(veto)!r} and match_weight < {prior_weight + VETO_EVIDENCE!r})"


def cluster_list(scored: Scored, threshold: float) -> list[Cluster]:
    """Clusters of two or more records at ``threshold``, each with its weakest link, largest first."""
    frame = scored.clusters(threshold)
    try:
        rows = scored.sql(f"""
            with c as (select unique_id, cluster_id from {frame.physical_name}),
            big as (select cluster_id from c group by cluster_id having count(*) > 1),
            weakest as (select c.cluster_id, min(p.match_probability) as p from {{pairs}} p
                        join c on c.unique_id = p.unique_id_l
                        where p.match_probability >= {float(threshold)!r} group by c.cluster_id)
            select c.cluster_id, c.unique_id, weakest.p from c join big using (cluster_id)
            join weakest using (cluster_id)""")
    finally:
        frame.drop_table_from_database_and_remove_from_cache()
    groups: dict[str, list[str]] = {}
    weakest: dict[str, float] = {}
    for row in rows:
        groups.setdefault(str(row["cluster_id"]), []).append(str(row["unique_id"]))
        weakest[str(row["cluster_id"])] = float(row["p"])
    clusters = [Cluster(tuple(sorted(m)), weakest[c]) for c, m in groups.items()]
    return sorted(clusters, key=lambda c: (-len(c.members), c.members))


def level_weights(linker: Linker) -> dict[str, list[tuple[float, str]]]:
    """Each field's levels as (match weight, label): Splink 5 reports per-field weights (``mw_*``), not
    level numbers, so a pair's level is the one whose weight it got."""
    out: dict[str, list[tuple[float, str]]] = {}
    for comparison in linker._settings_obj.comparisons:
        name = comparison.output_column_name
        out[name] = [(0.0 if level.is_null_level else float(level._match_weight),
                      "missing" if level.is_null_level else str(level.label_for_charts))
                     for level in comparison.comparison_levels]
    return out


def _reason(weight: float, levels: list[tuple[float, str]]) -> str:
    if not levels:
        return "agrees" if weight > 0 else "differs" if weight < 0 else "missing"
    return min(levels, key=lambda level: abs(level[0] - weight))[1]


def _pairs(rows: list[dict[str, Any]], model: Model, levels: dict[str, list[tuple[float, str]]]) -> Iterator[Pair]:
    for row in rows:
        reasons = {f.name: _reason(float(row.get(f"mw_{f.name}") or 0.0), levels.get(f.name, [])) for f in model.fields}
        yield Pair(str(row["unique_id_l"]), str(row["unique_id_r"]), float(row["match_probability"]), reasons)
