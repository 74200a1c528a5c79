"""Dates keep their precision on every page: a year is shown and counted as a year, never as 1 January."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tawthiq.services.records.demo import demo_id, load_demo
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace
from tawthiq.web.i18n import translator
from tests.support import OWNER
from tests.web.conftest import login

# Babel (CLDR) sets a thin space either side of the dash in a range of days.
FIRST_DAY = {"en": ("January 1, 2015", "December 31, 2015"), "ar": ("1 كانون الثاني 2015", "31 كانون الأول 2015")}


def _reader(client: TestClient, ws: Workspace, language: str, username: str = "analyst") -> str:
    load_demo(ws, OWNER)  # six events known only to the year 2015, beside the seeded ones of July 14, 2015
    csrf = login(client, username)
    client.post("/language", data={"csrf": csrf, "language": language})
    return csrf


def _rows(page: str) -> dict[str, str]:
    """A chart's rows by period key: the count shown."""
    return dict(re.findall(r'data-period="([^"]*)"><td>(?:<a [^>]*>)?[^<]*(?:</a>)?</td>.*?'
                           r'<td class="num">([^<]*)</td>', page))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_year_is_shown_as_the_year_on_the_event_page_and_in_the_list(app_client: TestClient, web_ws: Workspace,
                                                                       language: str) -> None:
    _reader(app_client, web_ws, language)
    page = app_client.get(f"/events/{demo_id('decree')}").text
    assert '<span class="when" data-precision="year">2015</span>' in page
    listed = app_client.get("/events", params={"q": "internet"}).text
    assert '<td class="when">2015</td>' in listed
    for text in (page, listed):
        assert not any(day in text for day in FIRST_DAY[language])
    seeded = app_client.get("/events", params={"q": "market"}).text  # a day stays a day
    assert ("July 14, 2015" if language == "en" else "14 تموز 2015") in seeded  # Levantine months by default


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_dashboard_and_the_timeline_count_a_year_in_its_own_row_never_in_january(
        app_client: TestClient, web_ws: Workspace, language: str) -> None:
    _reader(app_client, web_ws, language)
    legend = translator(language).gettext("An event is counted in its month when its dates lie within one month. "
                                          "An event known only to the year, or spanning several months, is counted "
                                          "in a shaded row of its own year, never in its first month; spans over "
                                          "several years and unknown dates have shaded rows of their own.")
    for path in ("/", "/timeline"):
        page = app_client.get(path).text
        # the analyst reads the public and internal seeded events of July 14, 2015 and the six of 2015
        assert _rows(page) == {"2015-07": "2", "2015": "6"}, path
        assert 'class="coarse" data-period="2015"' in page and legend in page
        assert translator(language).period("2015") in page
    assert app_client.get("/api/v1/dashboard").json()["by_month"] == [["2015-07", 2], ["2015", 6]]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_date_filter_finds_every_event_whose_span_overlaps_it_and_says_so(app_client: TestClient,
                                                                            web_ws: Workspace, language: str) -> None:
    _reader(app_client, web_ws, language)
    july = app_client.get("/events", params={"from": "2015-07-20", "to": "2015-08"}).text
    assert demo_id("decree") in july  # all of 2015 overlaps the second half of July
    assert "IS decree" in july and "market" not in july  # July 14 does not
    assert translator(language).gettext("From") in july and 'id="dates-help"' in july
    assert "IS decree" not in app_client.get("/events", params={"from": "2016"}).text
    assert "2015" in app_client.get("/events", params={"from": "2015", "to": "2015"}).text
    timeline = app_client.get("/timeline", params={"from": "2015-07-20"}).text
    assert _rows(timeline) == {"2015": "6"}
    wrong = app_client.get("/events", params={"from": "2015-13"})
    assert wrong.status_code == 200 and "2015-13" in wrong.text and 'name="from"' in wrong.text


def test_the_edit_form_keeps_the_recorded_precision(app_client: TestClient, web_ws: Workspace) -> None:
    csrf = _reader(app_client, web_ws, "en", username="coordinator")
    form = app_client.get(f"/events/{demo_id('decree')}/edit").text
    assert re.search(r'name="start" value="2015"', form) and not re.search(r'name="end" value="[^"]', form)
    assert "2015-01-01" not in form
    saved = app_client.patch(f"/api/v1/events/{demo_id('decree')}", json={"start": "2016-03"},
                             headers={"X-CSRF-Token": csrf})
    assert saved.status_code == 200 and saved.json()["date_precision"] == "month"
    history = app_client.get(f"/events/{demo_id('decree')}/history").text
    assert re.search(r'<td class="before">2015</td><td class="after">March 2016</td>', history)
    assert "2016-03-01" not in history and "2015-12-31" not in history


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_act_dated_to_a_week_shows_the_week_on_its_record_page(app_client: TestClient, web_ws: Workspace,
                                                                   language: str) -> None:
    _reader(app_client, web_ws, language)
    act = create_record(web_ws, kind="act", data={"event": demo_id("decree"), "type": "killing", "start": "2015-W29",
                                                  "confidentiality": "public"})
    page = app_client.get(f"/records/act/{act['id']}").text
    week = {"en": "week 29, 2015 (July 13\u2009–\u200919)", "ar": "الأسبوع 29 من 2015 (13–19 تموز)"}[language]
    assert week in page and "2015-07-13" not in page and "2015-07-19" not in page
    hit = app_client.get("/api/v1/search", params={"q": "decree", "kind": "event"}).json()["hits"][0]
    assert hit["date_precision"] == "year" and hit["start_date"] == "2015-01-01"


@pytest.mark.parametrize(("start", "end", "precision", "en", "ar"), [
    ("2015-01-01", "2015-12-31", "year", "2015", "2015"),
    ("2016-03-01", "2016-03-31", "month", "March 2016", "مارس 2016"),
    ("2015-07-13", "2015-07-19", "week", "week 29, 2015 (July 13\u2009–\u200919)", "الأسبوع 29 من 2015 (13–19 يوليو)"),
    ("2019-05-03", "2019-05-05", "day", "May 3\u2009–\u20095, 2019", "3–5 مايو 2019"),
    ("2015-12-30", "2016-01-02", "day", "December 30, 2015 – January 2, 2016", "30 ديسمبر 2015 – 2 يناير 2016"),
    ("2015-07-14", "2015-07-14", "day", "July 14, 2015", "14 يوليو 2015"),
    ("2015-01-01", "2015-12-31", "day", "January 1\u2009–\u2009December 31, 2015",
     "1 يناير\u2009–\u200931 ديسمبر 2015"),
    ("2015-07-14", "2015-09-30", "month", "July 14, 2015 – September 2015", "14 يوليو 2015 – سبتمبر 2015"),
    (None, None, "unknown", "unknown", "غير معروف"),
])
def test_spans_are_put_in_words_in_both_languages(start: str | None, end: str | None, precision: str, en: str,
                                                  ar: str) -> None:
    assert translator("en").span(start, end, precision) == en
    assert translator("ar", "transliterated").span(start, end, precision) == ar  # the Levantine set: test_arabic


def test_the_words_for_dates_and_periods_have_arabic_entries() -> None:
    arabic = translator("ar")
    for key in ("from {date}", "{days}, {year}", "week {week}, {year} ({days})", "Date unknown",
                "{first} – {last} (several years)", "{year} (whole year or several months)", "compatible"):
        assert arabic.gettext(key) != key, key
