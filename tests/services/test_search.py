"""Search: any spelling, either script, facets with hierarchy, and never beyond the viewer's clearance. Both
backends."""

from datetime import date

import pytest

from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.errors import InvalidInput
from tawthiq.services.browse.search import Filters, Viewer, search_records
from tawthiq.services.records.demo import demo_id, load_demo
from tawthiq.services.records.store import create_record, delete_record, update_record
from tawthiq.services.workspace import Workspace
from tests.support import OWNER as ADMIN

OWNER = Viewer("owner", Confidentiality.RESTRICTED)
PUBLIC = Viewer("public", Confidentiality.PUBLIC)


def _ids(ws: Workspace, query: str, viewer: Viewer = OWNER, **filters: object) -> set[str]:
    found = search_records(ws, viewer=viewer, query=query, filters=Filters(**filters), limit=100)  # type: ignore[arg-type]
    return {h.record_id for h in found.hits}


@pytest.fixture
def demo(ws: Workspace) -> Workspace:
    load_demo(ws, ADMIN)
    return ws


@pytest.mark.parametrize("query", ["Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "دير الزور", "Dier Ezzor"])
def test_every_spelling_of_a_place_finds_the_same_events(demo: Workspace, query: str) -> None:
    found = _ids(demo, query, kinds=["event"])
    assert demo_id("sent-to-fronts") in found and demo_id("evacuation") in found


@pytest.mark.parametrize("query", ["Daesh", "داعش", "ISIS", "Islamic State"])
def test_actor_aliases_in_both_scripts_find_their_events(demo: Workspace, query: str) -> None:
    assert demo_id("internet-cut") in _ids(demo, query, kinds=["event"])


def test_text_with_harakat_is_found_without_them(ws: Workspace) -> None:
    event = create_record(ws, kind="event", data={"title": "قَصْفٌ عَلَى سُوقِ المَدِينَةِ", "start": "2016-03"})
    assert event["id"] in _ids(ws, "قصف سوق")


def test_a_parent_type_filter_includes_its_children(demo: Workspace) -> None:
    event = create_record(demo, kind="event", data={"title": "Execution of prisoners near Raqqa", "start": "2014-08"})
    create_record(demo, kind="act", data={"event": event["id"], "type": "extrajudicial-execution"})
    found = _ids(demo, "", kinds=["event"], types=["killing"])
    assert event["id"] in found and demo_id("internet-cut") not in found


def test_actor_and_place_filters_include_units_and_enclosed_places(demo: Workspace) -> None:
    found = _ids(demo, "", kinds=["event"], actors=["islamic-state"], places=[demo_id("deir-ez-zor-governorate")])
    assert demo_id("internet-cut") in found  # in Albu Kamal, within the governorate
    assert demo_id("visit") not in found  # no act, so no perpetrator


def test_facets_count_types_actors_and_places(demo: Workspace) -> None:
    result = search_records(demo, viewer=OWNER, query="", filters=Filters(kinds=["event"]))
    types = {f.value: f.count for f in result.facets["type"]}
    assert types["restriction-of-communication"] == 2 and types["forced-recruitment"] == 1
    assert {f.value for f in result.facets["actor"]} == {"islamic-state"}
    assert result.total == 6


def test_the_viewer_never_sees_beyond_their_clearance(demo: Workspace) -> None:
    # the visit event is internal; sources are restricted and never indexed at all
    assert demo_id("visit") in _ids(demo, "Adnani", kinds=["event"])
    assert demo_id("visit") not in _ids(demo, "Adnani", viewer=PUBLIC, kinds=["event"])
    assert not _ids(demo, "Abu Khaled") & {demo_id("abu-khaled")}
    assert not _ids(demo, "PLACEHOLDER")


def test_the_index_follows_updates_and_deletions(ws: Workspace) -> None:
    event = create_record(ws, kind="event", data={"title": "Shelling of Saraqib market", "start": "2019-05-02"})
    assert event["id"] in _ids(ws, "Saraqib")
    update_record(ws, kind="event", ident=event["id"], data={"title": "Shelling of Maarat al-Numan market"})
    assert event["id"] not in _ids(ws, "Saraqib") and event["id"] in _ids(ws, "Maarat al-Numan")
    delete_record(ws, kind="event", ident=event["id"], reason="test")
    assert event["id"] not in _ids(ws, "Maarat al-Numan")


def test_date_range_keeps_overlapping_spans(ws: Workspace) -> None:
    year = create_record(ws, kind="event", data={"title": "Siege of a town", "start": "2015"})
    day = create_record(ws, kind="event", data={"title": "Siege of a town ends", "start": "2016-02-10"})
    assert _ids(ws, "siege", date_from=date(2015, 6, 1), date_to=date(2015, 6, 30)) == {year["id"]}
    assert _ids(ws, "siege", date_from=date(2016, 1, 1)) == {day["id"]}


def test_unknown_filter_values_are_named(ws: Workspace) -> None:
    with pytest.raises(InvalidInput) as caught:
        search_records(ws, viewer=OWNER, query="x", filters=Filters(types=["not-a-type"]))
    assert caught.value.problems[0].field == "type"


def test_kind_status_and_confidentiality_filters_narrow_a_word_search(ws: Workspace) -> None:
    verified = create_record(ws, kind="event", data={"title": "Shelling of Ariha", "start": "2019-05-02",
                                                     "status": "verified", "confidentiality": "public"})
    internal = create_record(ws, kind="event", data={"title": "Shelling of Ariha bakery", "start": "2019-05-03"})
    assert _ids(ws, "Ariha", statuses=["verified"]) == {verified["id"]}
    assert _ids(ws, "Ariha", confidentiality=["internal"]) == {internal["id"]}
    assert _ids(ws, "Ariha", viewer=PUBLIC) == {verified["id"]}
    assert not _ids(ws, "Ariha", viewer=PUBLIC, confidentiality=["internal"])  # a filter never widens clearance
    assert not _ids(ws, "Ariha", kinds=["person"])


def test_filters_without_words_list_the_most_recent_first(ws: Workspace) -> None:
    first = create_record(ws, kind="event", data={"title": "Raid on Jisr al-Shughur", "start": "2019-05-02"})
    second = create_record(ws, kind="event", data={"title": "Raid on Salqin", "start": "2019-05-03"})
    result = search_records(ws, viewer=OWNER, query="", filters=Filters(kinds=["event"]))
    assert [h.record_id for h in result.hits] == [second["id"], first["id"]]


@pytest.mark.parametrize("query", ["Manbij", ""])  # ranked by words, and newest first without them
def test_pages_follow_one_another_without_gaps_or_repeats(ws: Workspace, query: str) -> None:
    made = {create_record(ws, kind="event", data={"title": f"Arrests in Manbij, wave {n}", "start": "2019-05-02"})["id"]
            for n in range(7)}
    pages = [search_records(ws, viewer=OWNER, query=query, filters=Filters(kinds=["event"]), limit=3, offset=offset)
             for offset in (0, 3, 6, 9)]
    seen = [h.record_id for page in pages for h in page.hits]
    assert [len(page.hits) for page in pages] == [3, 3, 1, 0] and set(seen) == made and len(seen) == 7
    assert all(page.total == 7 for page in pages)
    with pytest.raises(InvalidInput) as caught:
        search_records(ws, viewer=OWNER, query=query, offset=-1)
    assert caught.value.problems[0].field == "offset"


def test_counts_stop_at_the_cap_and_say_there_are_more(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(4):
        create_record(ws, kind="event", data={"title": f"Arrests in Manbij, wave {n}", "start": "2019-05-02"})
    monkeypatch.setattr("tawthiq.services.browse.search.COUNT_CAP", 3)
    capped = search_records(ws, viewer=OWNER, query="Manbij", limit=10)
    assert (capped.total, capped.capped, len(capped.hits)) == (3, True, 4)
    monkeypatch.setattr("tawthiq.services.browse.search.COUNT_CAP", 4)
    exact = search_records(ws, viewer=OWNER, query="Manbij")
    assert (exact.total, exact.capped) == (4, False)


@pytest.mark.parametrize(("field", "filters"), [("kind", {"kinds": ["victims"]}), ("status", {"statuses": ["true"]}),
                                                ("confidentiality", {"confidentiality": ["secret"]})])
def test_unknown_kinds_statuses_and_levels_are_named(ws: Workspace, field: str, filters: dict[str, list[str]]) -> None:
    with pytest.raises(InvalidInput) as caught:
        search_records(ws, viewer=OWNER, query="x", filters=Filters(**filters))  # type: ignore[arg-type]
    assert caught.value.problems[0].field == field


def test_an_index_built_before_the_access_tokens_is_rebuilt_by_the_migration(sqlite_ws: Workspace) -> None:
    from alembic import command
    from sqlalchemy import text

    from tawthiq.db import schema

    event = create_record(sqlite_ws, kind="event", data={"title": "Shelling of Kafranbel", "status": "verified"})
    assert _ids(sqlite_ws, "Kafranbel", statuses=["verified"]) == {event["id"]}
    with sqlite_ws.engine.begin() as connection:  # the index as revision 0004 left it: facets without kind/level/status
        connection.execute(text("UPDATE search_fts SET facets = ''"))
        connection.execute(text("DROP INDEX ix_search_documents_end_date"))
        config = schema.alembic_config()
        config.attributes["connection"] = connection
        command.stamp(config, "0004")
    assert not _ids(sqlite_ws, "Kafranbel", statuses=["verified"])
    schema.upgrade(sqlite_ws.engine)
    assert _ids(sqlite_ws, "Kafranbel", statuses=["verified"]) == {event["id"]}


def test_open_date_ranges_reach_the_furthest_spans(ws: Workspace) -> None:
    decade = create_record(ws, kind="event",
                           data={"title": "Disappearances in Tadmur prison", "start": "2001", "end": "2011"})
    later = create_record(ws, kind="event", data={"title": "Disappearances in Sednaya", "start": "2019-03-01"})
    assert _ids(ws, "disappearances", date_from=date(2010, 6, 1)) == {decade["id"], later["id"]}
    assert _ids(ws, "disappearances", date_from=date(2012, 1, 1)) == {later["id"]}
    assert _ids(ws, "disappearances", date_to=date(2005, 1, 1)) == {decade["id"]}
    assert _ids(ws, "", date_to=date(2000, 12, 31)) == set()
