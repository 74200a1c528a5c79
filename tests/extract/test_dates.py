from __future__ import annotations

from datetime import date

import pytest

from tawthiq.extract.dates import find_dates
from tawthiq.extract.spans import Document

# A Wednesday.
PUBLISHED = date(2015, 7, 15)


def _dates(text: str, published_on: date | None = PUBLISHED) -> list[tuple[str, str, str, str]]:
    hits = find_dates(Document(text, "en", published_on))
    for hit in hits:
        assert text[hit["start_offset"] : hit["end_offset"]] == hit["text"]
    return [(h["text"], h["start"], h["end"], h["precision"]) for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The raid came on 14 July 2015.", ("14 July 2015", "2015-07-14", "2015-07-14", "day")),
        ("It began on July 3, 2015 at dawn.", ("July 3, 2015", "2015-07-03", "2015-07-03", "day")),
        ("Dated 12/07/2015 by the court.", ("12/07/2015", "2015-07-12", "2015-07-12", "day")),
        ("Record 2015-07-01 updated.", ("2015-07-01", "2015-07-01", "2015-07-01", "day")),
        ("Fighting raged on 12-14 July 2015.", ("12-14 July 2015", "2015-07-12", "2015-07-14", "day")),
        ("The siege lasted through June 2015.", ("June 2015", "2015-06-01", "2015-06-30", "month")),
        ("The group took the city in 2014.", ("2014", "2014-01-01", "2014-12-31", "year")),
        ("في ١٤ تموز ٢٠١٥ قصف الطيران", ("١٤ تموز ٢٠١٥", "2015-07-14", "2015-07-14", "day")),
        ("في 3 حزيران/يونيو 2015", ("3 حزيران/يونيو 2015", "2015-06-03", "2015-06-03", "day")),
        ("خلال شهر آب 2014", ("شهر آب 2014", "2014-08-01", "2014-08-31", "month")),
        ("منذ عام 2013", ("2013", "2013-01-01", "2013-12-31", "year")),
        ("They came back on 4 July.", ("4 July", "2015-07-04", "2015-07-04", "day")),
        ("They came back on 20 July.", ("20 July", "2014-07-20", "2014-07-20", "day")),
    ],
)
def test_absolute_dates_are_read_with_their_precision(text: str, expected: tuple[str, str, str, str]) -> None:
    assert _dates(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They were arrested yesterday.", ("yesterday", "2015-07-14", "2015-07-14", "day")),
        ("The strike came on Tuesday.", ("Tuesday", "2015-07-14", "2015-07-14", "day")),
        ("The strike came on Wednesday.", ("Wednesday", "2015-07-15", "2015-07-15", "day")),  # on or before
        ("The strike came last Wednesday.", ("last Wednesday", "2015-07-08", "2015-07-08", "day")),  # strictly before
        ("It began in early August 2014.", ("early August 2014", "2014-08-01", "2014-08-10", "month")),
        ("Shelling has gone on since mid-June.", ("mid-June", "2015-06-11", "2015-06-20", "month")),
        ("It began at the end of April.", ("the end of April", "2015-04-21", "2015-04-30", "month")),
        ("Raids peaked in the second week of June.", ("the second week of June", "2015-06-08", "2015-06-14", "week")),
        ("Men born between 1986 and 2000 were taken.", ("between 1986 and 2000", "1986-01-01", "2000-12-31", "year")),
        ("نزحوا مطلع الشهر الجاري", ("مطلع الشهر الجاري", "2015-07-01", "2015-07-10", "month")),
        ("قتل في الرابع عشر من تموز", ("الرابع عشر من تموز", "2015-07-14", "2015-07-14", "day")),
        ("اعتقل أمس الثلاثاء", ("أمس الثلاثاء", "2015-07-14", "2015-07-14", "day")),
        ("It happened last Friday.", ("last Friday", "2015-07-10", "2015-07-10", "day")),
        ("The checkpoint closed last week.", ("last week", "2015-07-06", "2015-07-12", "week")),
        ("Two were killed two days ago.", ("two days ago", "2015-07-13", "2015-07-13", "day")),
        ("Raids continued last month.", ("last month", "2015-06-01", "2015-06-30", "month")),
        ("Raids began earlier this year.", ("earlier this year", "2015-01-01", "2015-12-31", "year")),
        ("There were talks during the last two days.", ("the last two days", "2015-07-13", "2015-07-15", "day")),
        ("اعتقل أمس ثلاثة شبان", ("أمس", "2015-07-14", "2015-07-14", "day")),
        ("قصف يوم الثلاثاء الماضي", ("يوم الثلاثاء الماضي", "2015-07-14", "2015-07-14", "day")),
        ("أغلق المعبر الأسبوع الماضي", ("الأسبوع الماضي", "2015-07-06", "2015-07-12", "week")),
        ("قتل قبل يومين", ("قبل يومين", "2015-07-13", "2015-07-13", "day")),
        ("نزحوا الشهر الماضي", ("الشهر الماضي", "2015-06-01", "2015-06-30", "month")),
        ("قتل قبل ثلاثة أيام", ("قبل ثلاثة أيام", "2015-07-12", "2015-07-12", "day")),
    ],
)
def test_relative_dates_count_back_from_publication(text: str, expected: tuple[str, str, str, str]) -> None:
    assert _dates(text) == [expected]


@pytest.mark.parametrize("text", ["They were arrested yesterday.", "قتل قبل يومين", "The strike came on Tuesday.",
                                  "They came back on 4 July."])
def test_relative_dates_are_skipped_without_a_publication_date(text: str) -> None:
    assert _dates(text, None) == []


@pytest.mark.parametrize("text", ["May God protect them.", "They may return.", "Branch 2015 staff", "It will march on.",
                                  "1,200 people"])
def test_words_and_numbers_that_are_not_dates(text: str) -> None:
    assert _dates(text) == []


def test_dates_told_relative_to_the_date_before_are_resolved_against_it() -> None:
    assert _dates("He was seized on 7 February 2015 and released two days later.") == [
        ("7 February 2015", "2015-02-07", "2015-02-07", "day"), ("two days later", "2015-02-09", "2015-02-09", "day")]
    assert _dates("The town fell in 2019; in August of that year it was bombed.") == [
        ("2019", "2019-01-01", "2019-12-31", "year"), ("August of that year", "2019-08-01", "2019-08-31", "month")]
    assert _dates("The following day nothing happened.") == []  # nothing to count from


def test_a_weekday_with_its_date_is_read_once_as_the_date() -> None:
    assert _dates("On Tuesday, 14 July 2015, the town fell.") == [
        ("Tuesday, 14 July 2015", "2015-07-14", "2015-07-14", "day")]


def test_an_impossible_day_falls_back_to_its_month() -> None:
    assert _dates("the 31 February 2015 raid") == [("February 2015", "2015-02-01", "2015-02-28", "month")]
