"""National scale, seventh pass (issue 14 §8): names given in their own columns, a name of the given and the
father's name, typos across scripts, and the spellings a collection shows to be one name or two."""

from typing import Any

import pytest

from tawthiq.linkage.engine import level_weights, run_linkage, score
from tawthiq.linkage.names import parse_name
from tawthiq.linkage.persons import PERSON_MODEL, blocking_coverage, person_table
from tawthiq.linkage.synth import generate_victim_lists

DAY = {"death_date": "2016-02-03", "place": "Darayya", "sex": "male"}


@pytest.mark.parametrize(("column", "full_name"), [
    ("Abdil Karim", "Abdul Karim Saleem Al-Tall"),  # "Abdul" with other vowels, in the given-name column
    ("Abdoul Rahman", "Abd al-Rahman Saleem Al-Tall"),
    ("Nour el Den", "Nour al-Din Saleem Al-Tall"),  # "al-Din" with other vowels
    ("Saef al-Dun", "Saif Eddin Saleem Al-Tall"),
])
def test_a_given_name_in_its_own_column_is_read_as_in_a_full_name(column: str, full_name: str) -> None:
    # List 2 writes each part in a column; its "Abdil Karim" was another name than "Abdul Karim" in list 1,
    # and two different given names are never one person.
    alone, full = parse_name(None, given=column), parse_name(full_name)
    assert (alone.given, alone.spellings[0]) == (full.given, full.spellings[0])


def _background() -> list[tuple[str, dict[str, Any]]]:
    lists = generate_victim_lists(persons=150, setting="easy", seed=21)
    return [(f"{r['source']}|{r['external_id']}", r) for r in lists.records]


def _pair_reasons(rows: list[tuple[str, dict[str, Any]]], left: str, right: str) -> dict[str, str]:
    lists = generate_victim_lists(persons=150, setting="easy", seed=21)
    table = person_table(_background() + rows, lists.gazetteer.resolve)
    result = run_linkage(table, PERSON_MODEL, candidate_threshold=0.0)
    pair = next(p for p in result.pairs if {p.left, p.right} == {left, right})
    return pair.reasons


def test_a_name_of_the_given_and_the_fathers_name_meets_the_full_name() -> None:
    # "Aisha Ahmad" is Aisha daughter of Ahmad, read as given + family; list 1 writes "Aisha Ahmad Hariri".
    rows = [("A|1", {"source": "A", "full_name": "عائشة أحمد", "sex": "female", "birth_year": "1980"}),
            ("B|1", {"source": "B", "full_name": "عائشة أحمد حريري", "sex": "female", "place": "Darayya"})]
    lists = generate_victim_lists(persons=150, setting="easy", seed=21)
    table = person_table(_background() + rows, lists.gazetteer.resolve)
    entity = [*range(len(table["unique_id"]) - 2), -1, -1]
    assert (len(table["unique_id"]) - 2, len(table["unique_id"]) - 1) not in blocking_coverage(table, entity)["missed"]
    assert _pair_reasons(rows, "A|1", "B|1")["family"] == "the other's father"


def test_a_typo_of_a_common_name_is_a_typo_even_when_its_key_is_another_common_name() -> None:
    # امد (أحمد with a letter dropped) has the consonants of the Latin "Imad", common here: its spelling is rare.
    imads = [(f"C|{n}", {"source": "C", "full_name": f"Imad Khaled Al-Khatib{n}", "sex": "male"}) for n in range(40)]
    rows = [("A|1", {"source": "A", "full_name": "امد سليم التل", **DAY}),
            ("C|x", {"source": "C", "given_name": "Ahmad", "father_name": "Saleem", "family_name": "Al-Tall", **DAY})]
    assert _pair_reasons(imads + rows, "A|1", "C|x")["given"] == "a typo across scripts"


def _anchored(arabic: str, latin: str, count: int, start: int) -> list[tuple[str, dict[str, Any]]]:
    # One man listed in both scripts: same father, family and day, so the collection sees his two spellings.
    rows: list[tuple[str, dict[str, Any]]] = []
    for n in range(start, start + count):
        day = {"death_date": f"2015-{n % 12 + 1:02d}-{n % 27 + 1:02d}", "sex": "male"}
        rows.append((f"A|{n}", {"source": "A", "full_name": f"{arabic} سليم التل", **day}))
        rows.append((f"C|{n}", {"source": "C", "given_name": latin, "father_name": "Saleem", "family_name": "Al-Tall",
                                **day}))
    return rows


def test_the_collection_tells_two_names_with_the_same_consonants_apart_across_scripts() -> None:
    anchors = _anchored("محمد", "Mohammad", 15, 0) + _anchored("محمود", "Mahmoud", 15, 20)
    lists = generate_victim_lists(persons=150, setting="easy", seed=21)
    table = person_table(_background() + anchors, lists.gazetteer.resolve)
    group = {(script, spelt): x for script, spelt, x in zip(table["script"], table["given_sp"], table["given_x"],
                                                             strict=True)}
    assert group["ar", "محمد"] == group["la", "mahamad"] != group["la", "mahmad"] == group["ar", "محمود"]
    # Brothers killed together, one listed in Arabic (محمد), the other in Latin ("Mahmoud"): two names.
    brothers = [("A|b", {"source": "A", "full_name": "محمد سليم التل", **DAY}),
                ("C|b", {"source": "C", "given_name": "Mahmoud", "father_name": "Saleem", "family_name": "Al-Tall",
                         **DAY})]
    assert _pair_reasons(anchors + brothers, "A|b", "C|b")["given"] == "another name with the same consonants"
    # One man, the same two spellings: the same name.
    one = [("A|o", {"source": "A", "full_name": "محمد سليم التل", **DAY}),
           ("C|o", {"source": "C", "given_name": "Mohammed", "father_name": "Saleem", "family_name": "Al-Tall", **DAY})]
    assert _pair_reasons(anchors + one, "A|o", "C|o")["given"] == "same name, other script"


def test_a_failed_training_step_keeps_every_field_of_the_model() -> None:
    # Forty namesakes of one family make EM on "same given and family name" fail; its fields used to stay out of
    # the model after that, so that given and family names were not compared at all.
    imads = [(f"C|{n}", {"source": "C", "full_name": f"Imad Khaled Al-Khatib{n}", "sex": "male"}) for n in range(40)]
    lists = generate_victim_lists(persons=150, setting="easy", seed=21)
    table = person_table(_background() + imads, lists.gazetteer.resolve)
    scored = score(table, PERSON_MODEL, records=len(table["unique_id"]), candidate_threshold=0.0)
    assert any(note.startswith("em:") for note in scored.notes)
    assert {"given", "family"} <= set(level_weights(scored.linker))
