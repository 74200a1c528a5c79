"""Publication dates stated in English and Arabic documents, and nothing guessed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, strategies as st

from tawthiq.intake import find_publication_date, parse_date_text
from tawthiq.intake.dates import json_ld_dates

JULY_14 = date(2015, 7, 14)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("14 July 2015", JULY_14),
        ("14th July 2015", JULY_14),
        ("14 of July, 2015", JULY_14),
        ("14-Jul-2015", JULY_14),
        ("July 14, 2015", JULY_14),
        ("Jul. 14th, 2015", JULY_14),
        ("Tuesday, JULY 14 2015", JULY_14),
        ("Sept 3, 2015", date(2015, 9, 3)),
        ("2015-07-14", JULY_14),
        ("2015/7/14", JULY_14),
        ("2015-07-14T09:00:00+03:00", JULY_14),
        ("14/07/2015", JULY_14),
        ("14.07.2015", JULY_14),
        ("03/04/2015", date(2015, 4, 3)),  # day first: 3 April, the Syrian convention
        ("07/14/2015", JULY_14),  # month first only because day first is impossible
        ("١٤ تموز ٢٠١٥", JULY_14),
        ("14 يوليو 2015", JULY_14),
        ("١٤ تموز/يوليو ٢٠١٥", JULY_14),
        ("14 من شهر تموز عام 2015", JULY_14),
        ("٣ كانون الثاني ٢٠١٦", date(2016, 1, 3)),
        ("3 كانون ثاني 2016", date(2016, 1, 3)),
        ("1 تشرين الأول 2015", date(2015, 10, 1)),
        ("1 تشرين الاول 2015", date(2015, 10, 1)),
        ("30 تشرين الثاني 2015", date(2015, 11, 30)),
        ("25 كانون الأول 2015", date(2015, 12, 25)),
        ("5 شباط 2015", date(2015, 2, 5)),
        ("5 آذار 2015", date(2015, 3, 5)),
        ("5 اذار 2015", date(2015, 3, 5)),
        ("5 نيسان 2015", date(2015, 4, 5)),
        ("5 أيار 2015", date(2015, 5, 5)),
        ("5 حزيران 2015", date(2015, 6, 5)),
        ("5 آب 2015", date(2015, 8, 5)),
        ("5 أيلول 2015", date(2015, 9, 5)),
        ("5 أبريل 2015", date(2015, 4, 5)),
        ("5 إبريل 2015", date(2015, 4, 5)),
        ("5 مايو 2015", date(2015, 5, 5)),
        ("5 أغسطس 2015", date(2015, 8, 5)),
        ("5 ديسمبر 2015", date(2015, 12, 5)),
        ("\u200f١٤\u200f تموز ٢٠١٥", JULY_14),  # right-to-left marks between the parts
        ("۱۴ تموز ۲۰۱۵", JULY_14),  # Persian (extended Arabic-Indic) digits
        ("بتاريخ 14 تموز 2015 م", JULY_14),
        ("31 February 2015", None),
        ("14 July 1890", None),
        ("27 رمضان 1436", None),  # a Hijri date is not read as Gregorian
        ("July 2015", None),  # no day: not guessed
        ("14/07/15", None),  # two-digit year: not guessed
        ("13/13/2015", None),
        ("14 ابو 2015", None),  # "اب" inside a longer word is not August
        ("version 1.14.07.2015", None),
        ("14 Auguſt 2015", None),  # a long s is not an ASCII s: no match, and no crash
        ("", None),
    ],
)
def test_parse_date_text_reads_english_arabic_and_numeric_dates(phrase: str, expected: date | None) -> None:
    assert parse_date_text(phrase) == expected


@pytest.mark.parametrize(
    ("text", "meta", "expected"),
    [
        ("Exclusive – Sound and Picture\n\nPublished: 14 July 2015\n\nIS cut the internet.", None, JULY_14),
        ("BEIRUT, July 14, 2015 (Reuters) - Fighting continued.", None, JULY_14),
        # The date after "Published" wins over an earlier event date.
        ("On 2 July 2015 the cut began.\nPublished on 14 July 2015", None, JULY_14),
        ("Updated 20 July 2015. Published 14/07/2015.", None, JULY_14),
        ("On 2 July 2015 the cut began; on 5 July it was lifted.", None, date(2015, 7, 2)),
        ("نشر بتاريخ ١٤ تموز ٢٠١٥\n\nمنع التنظيم خدمة الإنترنت", None, JULY_14),
        ("No date is stated in this report at all.", None, None),
        ("IS cut the internet.", ["2015-07-14T09:00:00+00:00"], JULY_14),
        ("Published: 1 August 2015", ["2015-07-14"], JULY_14),  # metadata first
        ("Published: 1 August 2015", ["not a date", "20150714"], JULY_14),
        ("Published: 1 August 2015", ["Tue, 14 Jul 2015 09:00:00 GMT"], JULY_14),
        ("Published: 1 August 2015", ["garbage"], date(2015, 8, 1)),
        ("x" * 2_000 + " 14 July 2015", None, None),  # only the top of the document counts
    ],
)
def test_find_publication_date_prefers_metadata_then_the_top_of_the_text(
    text: str, meta: list[str] | None, expected: date | None
) -> None:
    assert find_publication_date(text, meta) == expected


def test_json_ld_dates_walk_graphs_and_ignore_broken_json() -> None:
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, {"datePublished": "2015-07-14"}]}
    assert json_ld_dates(json.dumps(graph)) == ["2015-07-14"]
    assert json_ld_dates("{not json") == []
    assert json_ld_dates("[" * 100_000 + "]" * 100_000) == []


@given(st.text())
def test_parse_date_text_never_raises(text: str) -> None:
    found = parse_date_text(text)
    assert found is None or 1990 <= found.year <= 2100


@given(st.text(alphabet=st.sampled_from(list("0123456789/-. ,July تموز١٤٢٠١٥\u200f\n"))))
def test_find_publication_date_never_raises_on_date_like_noise(text: str) -> None:
    found = find_publication_date(text, [text])
    assert found is None or 1990 <= found.year <= 2100
