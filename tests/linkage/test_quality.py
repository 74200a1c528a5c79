"""The trained person model finds the planted duplicates of a small generated set."""

from tawthiq.linkage.engine import run_linkage
from tawthiq.linkage.events import EVENT_MODEL, acled_baseline, event_table
from tawthiq.linkage.metrics import score_clusters
from tawthiq.linkage.persons import PERSON_MODEL, person_table
from tawthiq.linkage.synth import generate_victim_lists
from tawthiq.linkage.synth_events import generate_event_reports


def test_person_model_finds_planted_duplicates_of_the_easy_setting() -> None:
    lists = generate_victim_lists(persons=150, setting="easy", seed=11)
    ids = [f"{r['source']}|{r['external_id']}" for r in lists.records]
    result = run_linkage(person_table(zip(ids, lists.records, strict=True), lists.gazetteer.resolve), PERSON_MODEL,
                         threshold=0.99)
    predicted = {m: n for n, c in enumerate(result.clusters) for m in c.members}
    truth = {f"{s}|{e}": p for (s, e), p in lists.truth.items()}
    scores = score_clusters(predicted, truth)
    assert scores.f1 >= 0.75, scores
    assert scores.bcubed_f1 >= 0.85, scores
    best = result.pairs[0]
    assert set(best.reasons) >= {"given", "family", "death_date", "place"}


def test_event_model_beats_acled_rule_on_reports_with_shifted_dates() -> None:
    reports = generate_event_reports(events=60, seed=5)
    table = event_table(reports.rows)
    truth = dict(reports.truth)
    model = run_linkage(table, EVENT_MODEL, threshold=0.9)
    ours = score_clusters({m: n for n, c in enumerate(model.clusters) for m in c.members}, truth)
    acled = score_clusters({m: n for n, c in enumerate(acled_baseline(table)) for m in c.members}, truth)
    assert ours.f1 > acled.f1, (ours, acled)
