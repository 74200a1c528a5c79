"""Incident matching with date precision: a coarse date is "compatible" at best, never "same day"."""

from datetime import date
from typing import Any

from tawthiq.linkage.engine import run_linkage
from tawthiq.linkage.events import EVENT_MODEL, event_table, uncompared
from tawthiq.services.linkage import review as linkreview
from tawthiq.services.records.demo import load_demo
from tawthiq.services.workspace import Workspace
from tests.support import OWNER

_EPOCH = date(1970, 1, 1).toordinal()
_SAME = {"place0": "albu-kamal", "place1": "albu-kamal-district", "place2": "deir-ez-zor", "types": ["siege"],
         "actors": ["islamic-state"], "killed": 3, "text": "shelling of the market in albu kamal"}


def _span(first: date, last: date | None = None) -> dict[str, Any]:
    return {"day": first.toordinal() - _EPOCH, "last": (last or first).toordinal() - _EPOCH}


def test_incident_matching_on_the_demo_proposes_no_pair_of_its_six_events(sqlite_ws: Workspace) -> None:
    # Six distinct events of 2015, several in one place by one actor: before, all six were proposed as one
    # incident at p 0.96-1.0 because their year compared as "same day".
    load_demo(sqlite_ws, OWNER)
    report = linkreview.run_report(sqlite_ws, OWNER, kind="event")
    assert report.records == 6
    assert report.pairs == [] and report.clusters == [] and report.baseline == []
    assert linkreview.queue(sqlite_ws, OWNER, kind="event")[0] == []
    assert any("6 events dated only to a year" in note for note in report.notes)


def test_a_week_or_a_month_is_compatible_with_a_day_in_it_never_the_same_day() -> None:
    rows = [("day", {**_SAME, **_span(date(2016, 3, 14))}),
            ("week", {**_SAME, **_span(date(2016, 3, 14), date(2016, 3, 20))}),
            ("month", {**_SAME, **_span(date(2016, 3, 1), date(2016, 3, 31))}),
            ("other-month", {**_SAME, **_span(date(2016, 5, 1), date(2016, 5, 31))}),
            ("year", {**_SAME, **_span(date(2016, 1, 1), date(2016, 12, 31))})]
    result = run_linkage(event_table(rows), EVENT_MODEL, candidate_threshold=0.0)
    dates = {frozenset((p.left, p.right)): p.reasons["date"] for p in result.pairs}
    assert dates == {frozenset(pair): "compatible" for pair in (("day", "week"), ("day", "month"), ("week", "month"))}


def test_events_known_only_to_the_year_are_not_compared_and_are_counted() -> None:
    rows = [(f"e{n}", {**_SAME, **_span(date(2015, 1, 1), date(2015, 12, 31))}) for n in range(4)]
    rows.append(("undated", {**_SAME, "day": None}))
    table = event_table(rows)
    assert table["day"] == [None] * 5  # a year is never a day the model can call the same
    assert uncompared(table) == 5
    assert run_linkage(table, EVENT_MODEL, candidate_threshold=0.0).pairs == []


def test_two_reports_of_one_day_still_match() -> None:
    rows = [(f"r{n}", {**_SAME, **_span(date(2016, 3, 14))}) for n in range(2)]
    pairs = run_linkage(event_table(rows), EVENT_MODEL, candidate_threshold=0.0).pairs
    assert [p.reasons["date"] for p in pairs] == ["same day"] and pairs[0].probability > 0.9
