"""What the person model tells apart and what it joins, and linkage kept in the database."""

from typing import Any

import pytest

from tawthiq.linkage.bulk import FACT_COLUMNS, arrow_table, dedupe, score_against_truth
from tawthiq.linkage.engine import apart_condition, apart_pairs, run_linkage, score, vetoed_clusters
from tawthiq.linkage.graph import Facts
from tawthiq.linkage.metrics import score_clusters
from tawthiq.linkage.names import spelling
from tawthiq.linkage.persons import PERSON_MODEL, person_table
from tawthiq.linkage.synth import generate_victim_lists


@pytest.mark.parametrize(("one", "other"), [("Mohammad", "Muhammad"), ("Mohammed", "Mihammid"),
                                            ("Al-Ahmad", "el Ahmad"), ("Abdulrahman", "Abd al-Rahman"),
                                            ("الأحمد", "احمد"), ("Hamzah", "Hamza")])
def test_spellings_of_one_name_share_a_spelling_key(one: str, other: str) -> None:
    assert spelling(one) == spelling(other) != ""


@pytest.mark.parametrize(("one", "other"), [("Mohammad", "Mahmoud"), ("محمد", "محمود"), ("Khaled", "Kahled")])
def test_names_with_the_same_consonants_keep_different_spelling_keys(one: str, other: str) -> None:
    assert spelling(one) != spelling(other)


def _with_planted(rows: list[tuple[str, dict[str, Any]]]) -> dict[str, list[Any]]:
    # A background of generated listings, so that the model trains and name frequencies are realistic.
    lists = generate_victim_lists(persons=150, setting="easy", seed=21)
    background = [(f"{r['source']}|{r['external_id']}", r) for r in lists.records]
    return person_table(background + rows, lists.gazetteer.resolve)


def _clustered(rows: list[tuple[str, dict[str, Any]]]) -> dict[str, tuple[str, ...]]:
    result = run_linkage(_with_planted(rows), PERSON_MODEL, threshold=0.9)
    return {m: c.members for c in result.clusters for m in c.members}


DAY = {"death_date": "2016-02-03", "place": "Darayya", "sex": "male"}


def test_brothers_killed_together_stay_apart() -> None:
    # Same father, family, day and place; Mohammad and Mahmoud share their consonants (mhmd).
    clusters = _clustered([("A|1", {"source": "A", "full_name": "محمد سليم التل", **DAY}),
                           ("B|1", {"source": "B", "full_name": "محمود سليم التل", **DAY})])
    assert "B|1" not in clusters.get("A|1", ())


def test_one_man_in_arabic_and_in_latin_is_joined() -> None:
    clusters = _clustered([("A|1", {"source": "A", "full_name": "محمد سليم التل", **DAY}),
                           ("C|1", {"source": "C", "given_name": "Mohammed", "father_name": "Saleem",
                                    "family_name": "Al-Tall", **DAY})])
    assert "C|1" in clusters.get("A|1", ())


@pytest.mark.parametrize(("arabic", "latin"), [("يحيى", "Yahya"), ("طه", "Taha"), ("فتحي", "Fathi")])
def test_a_given_name_whose_keys_differ_by_a_final_weak_letter_is_joined(arabic: str, latin: str) -> None:
    # The consonant keys differ (يحيى h, "Yahya" hy): the same name across scripts, not two brothers.
    clusters = _clustered([("A|1", {"source": "A", "full_name": f"{arabic} سليم التل", **DAY}),
                           ("C|1", {"source": "C", "given_name": latin, "father_name": "Saleem",
                                    "family_name": "Al-Tall", **DAY})])
    assert "C|1" in clusters.get("A|1", ())


def test_dedupe_in_the_database_gives_the_clusters_and_scores_of_the_pair_list() -> None:
    lists = generate_victim_lists(persons=150, setting="hard", seed=5)
    ids = [f"{r['source']}|{r['external_id']}" for r in lists.records]
    table = person_table(zip(ids, lists.records, strict=True), lists.gazetteer.resolve)
    truth = {f"{s}|{e}": p for (s, e), p in lists.truth.items()}
    small = run_linkage(table, PERSON_MODEL, threshold=0.9)
    run = dedupe(arrow_table(table), PERSON_MODEL, records=len(ids), threshold=0.9)
    counts = run.counts()
    in_python = score_clusters({m: n for n, c in enumerate(small.clusters) for m in c.members}, truth)
    in_database = score_against_truth(run, truth)
    assert counts["records"] == len(ids)
    assert counts["entities"] == in_python.predicted_entities < len(ids)
    assert in_database.f1 == pytest.approx(in_python.f1) and in_database.bcubed_f1 == pytest.approx(in_python.bcubed_f1)


def test_dedupe_with_the_veto_in_the_database_matches_the_vetoed_pair_list() -> None:
    lists = generate_victim_lists(persons=300, setting="hard", seed=6, pool="small")  # many brothers and namesakes
    ids = [f"{r['source']}|{r['external_id']}" for r in lists.records]
    table = person_table(zip(ids, lists.records, strict=True), lists.gazetteer.resolve)
    truth = {f"{s}|{e}": p for (s, e), p in lists.truth.items()}
    small = run_linkage(table, PERSON_MODEL, threshold=0.3, veto=0.05)
    edges = [(p.left, p.right, p.probability) for p in small.pairs]
    # The database path reads each record's facts from the table (contradictions, eighth pass): so does this one.
    facts = {i: Facts(*(table[c][n] for c in FACT_COLUMNS)) for n, i in enumerate(ids)}
    vetoed = vetoed_clusters(edges, 0.3, veto=0.0, apart=small.apart, facts=facts)
    in_python = score_clusters({m: n for n, c in enumerate(vetoed) for m in c.members}, truth)
    chained = score_clusters({m: n for n, c in enumerate(small.clusters) for m in c.members}, truth)
    run = dedupe(arrow_table(table), PERSON_MODEL, records=len(ids), threshold=0.3, veto=0.05)
    in_database = score_against_truth(run, truth)
    assert run.counts()["entities"] == in_python.predicted_entities
    assert in_database.f1 == pytest.approx(in_python.f1)
    assert in_database.precision > chained.precision  # the veto undoes chains of namesakes


def test_only_the_cannot_links_a_clustering_can_meet_are_brought_back_and_they_give_the_same_clusters() -> None:
    lists = generate_victim_lists(persons=300, setting="hard", seed=6, pool="small")
    ids = [f"{r['source']}|{r['external_id']}" for r in lists.records]
    table = person_table(zip(ids, lists.records, strict=True), lists.gazetteer.resolve)
    scored = score(table, PERSON_MODEL, records=len(ids), candidate_threshold=0.0)
    every = [(str(r["unique_id_l"]), str(r["unique_id_r"])) for r in scored.sql(
        f"select unique_id_l, unique_id_r from {{pairs}} where {apart_condition(scored, 0.05)}")]
    edges = [(str(r["unique_id_l"]), str(r["unique_id_r"]), float(r["match_probability"])) for r in scored.sql(
        "select unique_id_l, unique_id_r, match_probability from {pairs} where match_probability >= 0.3")]
    kept = apart_pairs(scored, 0.3, 0.05)
    assert set(kept) < set(every) and len(kept) * 5 < len(every)
    assert vetoed_clusters(edges, 0.3, veto=0.0, apart=kept) == vetoed_clusters(edges, 0.3, veto=0.0, apart=every)


def test_a_reviewers_merge_brings_the_cannot_links_between_the_groups_it_joins() -> None:
    # Two brothers, each listed twice: two groups the model keeps apart, and no link between them.
    day, place = "2013-05-01", "Daraa"
    rows = [(f"{given}{n}", {"full_name": f"{given} Khaled Al-Hariri", "sex": "male", "birth_year": year,
                             "death_date": day, "place": place, "source": f"S{n}"})
            for given, year in (("Ahmad", "1990"), ("Mahmoud", "1992")) for n in (1, 2)]
    table = _with_planted(rows)
    alone = run_linkage(table, PERSON_MODEL, threshold=0.9, veto=0.05)
    assert [c.members for c in alone.clusters if "Ahmad1" in c.members] == [("Ahmad1", "Ahmad2")]
    brothers = {("Ahmad1", "Mahmoud1"), ("Ahmad1", "Mahmoud2"), ("Ahmad2", "Mahmoud1"), ("Ahmad2", "Mahmoud2")}
    assert not brothers & {tuple(sorted(p)) for p in alone.apart}  # never met by a clustering of links alone
    merged = run_linkage(table, PERSON_MODEL, threshold=0.9, veto=0.05, joined=[("Ahmad2", "Mahmoud2")])
    assert brothers <= {tuple(sorted(p)) for p in merged.apart}


def test_lists_without_any_day_of_death_are_still_linked() -> None:
    # The rule that estimates how many pairs match needs days of death; without any it finds no pair.
    lists = generate_victim_lists(persons=400, setting="easy", seed=3)
    rows = [(f"{r['source']}|{r['external_id']}", {**r, "death_date": ""}) for r in lists.records]
    result = run_linkage(person_table(rows, lists.gazetteer.resolve), PERSON_MODEL)
    predicted = {m: n for n, c in enumerate(result.clusters) for m in c.members}
    scores = score_clusters(predicted, {f"{s}|{e}": p for (s, e), p in lists.truth.items()})
    assert any("no pair" in note for note in result.notes)
    assert scores.precision > 0.9 and scores.recall > 0.5
