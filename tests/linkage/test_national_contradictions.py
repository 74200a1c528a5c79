"""National scale, eighth pass (issue 14 §8): a chain of links does not join records that contradict each other."""

import pytest

from tawthiq.linkage.bulk import FACT_COLUMNS, arrow_table, dedupe, duckdb_api, score_against_truth
from tawthiq.linkage.graph import Facts, contradict, vetoed_clusters
from tawthiq.linkage.persons import PERSON_MODEL, person_table
from tawthiq.linkage.synth import generate_victim_lists

# A ("Ahmad Al-Hariri", no dates) and B ("Ahmad Al-Hariri", born 1950) share a name; B and C share a name and a
# day; A and C were never compared. C was born in 1990, or is a woman, or died two years later.
CHAIN = [("a", "b", 0.9), ("b", "c", 0.8)]


@pytest.mark.parametrize(("x", "y"), [
    (Facts(birth_year=1950), Facts(birth_year=1990)),
    (Facts(sex="m"), Facts(sex="f")),
    (Facts(death_day=16_000), Facts(death_day=16_800)),
    (Facts(father="xld"), Facts(father="hsn")),  # Khaled and Hasan: two fathers
    (Facts(mother="ftm"), Facts(mother="zynb")),  # Fatima and Zainab: two mothers
])
def test_a_chain_does_not_join_two_records_that_contradict_each_other(x: Facts, y: Facts) -> None:
    facts = {"a": x, "b": Facts(), "c": y}  # a and c contradict; b says nothing that either contradicts
    assert [x.members for x in vetoed_clusters(CHAIN, 0.1)] == [("a", "b", "c")]
    assert [x.members for x in vetoed_clusters(CHAIN, 0.1, facts=facts)] == [("a", "b")]


@pytest.mark.parametrize(("x", "y"), [
    (Facts(birth_year=1950, death_day=16_000), Facts(birth_year=1953, death_day=16_030)),  # an age, a burial day
    (Facts(father="mhmd"), Facts(father="mhmmd")),  # a typo of the father's name
    (Facts(mother="ftm"), Facts(mother="ftmh")),  # … or of the mother's
    (Facts(father="xld", family="hrr"), Facts(father="hrr")),  # "Aisha Ahmad" against "Aisha X Ahmad"
    (Facts(sex="m"), Facts()),
])
def test_what_one_person_s_records_say_differently_is_no_contradiction(x: Facts, y: Facts) -> None:
    assert not contradict(x, y) and not contradict(y, x)
    facts = {"a": x, "b": Facts(), "c": y}
    assert [c.members for c in vetoed_clusters(CHAIN, 0.1, facts=facts)] == [("a", "b", "c")]


def test_a_scored_pair_with_two_fathers_names_is_left_to_its_score() -> None:
    # A father's name with two typos ("Fahkr" for Fakhr) still links when the rest of the pair is strong.
    facts = {"a": Facts(father="fhkr"), "b": Facts(father="fkrr")}
    assert contradict(facts["a"], facts["b"]) and not contradict(facts["a"], facts["b"], direct=True)
    assert [c.members for c in vetoed_clusters([("a", "b", 0.99)], 0.1, facts=facts)] == [("a", "b")]


def test_contradictions_make_the_count_more_precise_at_a_low_threshold() -> None:
    lists = generate_victim_lists(persons=6000, setting="hard", seed=3)
    truth = {f"{r['source']}|{r['external_id']}": lists.truth[(r["source"], r["external_id"])] for r in lists.records}
    table = arrow_table(person_table(((f"{r['source']}|{r['external_id']}", r) for r in lists.records),
                                     lists.gazetteer.resolve))
    assert set(FACT_COLUMNS) <= set(table.column_names)
    row_of = {ident: row for row, ident in enumerate(table.column("unique_id").to_pylist())}
    years = table.column("birth_year").to_pylist()
    scores = {}
    for contradictions in (False, True):
        run = dedupe(table, PERSON_MODEL, records=len(truth), threshold=0.02, db_api=duckdb_api(), veto=0.05,
                     exclusive="source", contradictions=contradictions)
        scores[contradictions] = score_against_truth(run, truth)
        members: dict[str, list[int]] = {}
        for row in run.scored.sql(f"select unique_id, cluster_id from {run.clusters.physical_name}"):
            members.setdefault(str(row["cluster_id"]), []).append(row_of[str(row["unique_id"])])
        spread = max(max(ys) - min(ys) for m in members.values() if len(ys := [years[i] for i in m if years[i]]) > 1)
        assert (spread <= 5) == contradictions  # without them, some cluster holds births decades apart
    before, after = scores[False], scores[True]
    assert after.precision > before.precision + 0.01
    assert after.f1 > before.f1 and after.recall > before.recall - 0.01
