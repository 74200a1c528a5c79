"""Pure parts of linkage: names, dates, the generator, the metrics."""

from datetime import date

import pytest

from tawthiq.linkage.dates import parse_date
from tawthiq.linkage.metrics import score_clusters
from tawthiq.linkage.names import parse_name
from tawthiq.linkage.persons import person_features
from tawthiq.linkage.synth import generate_victim_lists


@pytest.mark.parametrize("text", ["Mohammad Khaled Al-Ahmad", "محمد خالد الأحمد", "Al-Ahmad Muhammad Khalid",
                                  "محمد بن خالد الاحمد", "Abu Omar Mohammed Khaled el Ahmed"])
def test_one_name_in_either_script_and_order_gives_the_same_given_and_family_keys(text: str) -> None:
    parts = parse_name(text)
    assert (parts.given, parts.family) == (parse_name("Mohammad Al-Ahmad").given,
                                           parse_name("Mohammad Al-Ahmad").family)


def test_kunya_and_nasab_are_read_apart_from_the_name() -> None:
    parts = parse_name("Abu Omar Abd al-Rahman bin Mahmoud Al-Hasan")
    assert parts.kunya == parse_name("أبو عمر").kunya != ""
    assert parts.given == parse_name("عبدالرحمن").given
    assert parts.father == parse_name("محمود").given
    assert parse_name("Mohammad Abu Zeid").family == parse_name("ابو زيد").kunya  # "Abu Zeid" last is a family name


@pytest.mark.parametrize(("text", "day", "approximate"), [
    ("2013-08-21", date(2013, 8, 21), False), ("21/08/2013", date(2013, 8, 21), False),
    ("15/03/1445 هـ", date(2023, 9, 30), True), ("1434-10-14 AH", date(2013, 8, 21), True),
    ("٢١/٠٨/٢٠١٣", date(2013, 8, 21), False), ("2013", None, False), ("soon", None, False), ("", None, False),
    ("20130821", date(2013, 8, 21), False), ("21082013", date(2013, 8, 21), False), ("20131399", None, False),
])
def test_dates_in_several_calendars_and_formats(text: str, day: date | None, approximate: bool) -> None:
    parsed = parse_date(text)
    assert parsed.day == day and parsed.approximate == approximate


@pytest.mark.parametrize("row", [{"given_name": "Ahmad"}, {"full_name": "أحمد"},
                                 {"full_name": "Ahmad", "death_date": "x"},
                                 {"full_name": "", "death_date": "15/03/1445 هـ", "birth_year": "abc"}, {}])
def test_sparse_or_odd_rows_never_crash(row: dict[str, str]) -> None:
    features = person_features(row)
    assert set(features) >= {"given", "family", "death_day"}


def test_generator_is_deterministic_and_has_truth_for_every_row() -> None:
    first = generate_victim_lists(persons=50, setting="hard", seed=3)
    again = generate_victim_lists(persons=50, setting="hard", seed=3)
    other = generate_victim_lists(persons=50, setting="hard", seed=4)
    assert first.records == again.records and first.records != other.records
    assert len(first.truth) == len(first.records) and len(set(first.truth.values())) == 50
    scripts = {any("\u0600" <= ch <= "\u06ff" for ch in r["full_name"] + r["given_name"]) for r in first.records}
    assert scripts == {True, False}


def test_metrics_on_a_known_clustering() -> None:
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    perfect = score_clusters({"a": "x", "b": "x", "c": "x", "d": "y"}, truth)
    assert perfect.f1 == perfect.bcubed_f1 == 1.0
    split = score_clusters({"a": "x", "b": "x"}, truth)  # c and d alone
    assert split.precision == 1.0 and split.recall == pytest.approx(1 / 3)
    assert split.predicted_entities == 3


def test_real_name_pool_is_long_tailed_with_hundreds_of_names() -> None:
    from tawthiq.linkage.synth_names import real_pool

    pools = real_pool()
    assert len(pools["male"].names) >= 250 and len(pools["female"].names) >= 120 and len(pools["family"].names) >= 1000
    assert 0.05 < pools["male"].share(1) < 0.15  # Mohammad: about one man in ten
    assert pools["family"].share(1) < 0.03 and pools["family"].share(100) < 0.6


def test_real_pool_lists_about_1_7_records_per_person_and_small_pool_keeps_the_first_version() -> None:
    real = generate_victim_lists(persons=3000, setting="hard", seed=1)
    small = generate_victim_lists(persons=3000, setting="hard", seed=1, pool="small")
    assert 1.55 < len(real.records) / 3000 < 1.9 and len(small.records) / 3000 > 2.4
    from tawthiq.text import match_key

    def families(rows: list[dict[str, str]]) -> set[str]:
        return {match_key(r["family_name"]) for r in rows if r["family_name"] and r["family_name"].isascii()}

    assert len(families(real.records)) > 3 * len(families(small.records))
    with pytest.raises(ValueError):
        generate_victim_lists(persons=5, pool="huge")


@pytest.mark.parametrize("text", ["نور الدين خالد", "Nour al-Din Khaled", "Nureddin Khaled", "Nour Eddin Khaled"])
def test_x_al_din_is_one_given_name_in_either_script(text: str) -> None:
    parts = parse_name(text)
    assert parts.given == parse_name("نورالدين").given and parts.family == parse_name("خالد").given


def test_names_starting_like_umm_are_not_a_kunya() -> None:
    parts = parse_name("أمجد أبو تين")
    assert (parts.given, parts.kunya) == (parse_name("Amjad").given, "")


def test_blocking_finds_a_typo_in_the_family_name_of_undated_records() -> None:
    from tawthiq.linkage.persons import blocking_coverage, person_table

    rows = [{"source": "A", "full_name": "Samer Walid Al-Khatib"},
            {"source": "B", "full_name": "Samer Walid Al-Khatob"},
            {"source": "C", "full_name": "Rami Nabil Al-Hariri"}]
    table = person_table(enumerate(rows))  # type: ignore[arg-type]
    cover = blocking_coverage(table, [1, 1, 2])
    assert (cover["true_pairs"], cover["covered"], cover["comparisons"]) == (1, 1, 1)


def test_vetoed_clusters_do_not_chain_two_records_kept_apart() -> None:
    from tawthiq.linkage.engine import connected_clusters, vetoed_clusters

    edges = [("a", "b", 0.97), ("b", "c", 0.95), ("a", "c", 0.01), ("d", "e", 0.9)]
    assert [c.members for c in connected_clusters(edges, 0.9)] == [("a", "b", "c"), ("d", "e")]
    assert [c.members for c in vetoed_clusters(edges, 0.9)] == [("a", "b"), ("d", "e")]


def test_reviewers_rejections_keep_apart_and_their_merges_hold_whatever_the_model_says() -> None:
    from tawthiq.linkage.engine import vetoed_clusters

    edges = [("a", "b", 0.97), ("b", "c", 0.95), ("c", "d", 0.01)]
    assert [c.members for c in vetoed_clusters(edges, 0.9, apart=[("a", "c")])] == [("a", "b")]
    merged = vetoed_clusters(edges, 0.9, forced=[("c", "d")])
    assert [c.members for c in merged] == [("a", "b", "c", "d")]
