from datetime import date

import pytest
from hypothesis import given, strategies as st

from tawthiq.domain.dates import combine_spans, describe_span, parse_date_expression
from tawthiq.domain.enums import DatePrecision
from tawthiq.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2015-07-14", date(2015, 7, 14), date(2015, 7, 14), DatePrecision.DAY),
        ("2015-W29", date(2015, 7, 13), date(2015, 7, 19), DatePrecision.WEEK),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29), DatePrecision.MONTH),
        ("2015", date(2015, 1, 1), date(2015, 12, 31), DatePrecision.YEAR),
        ("unknown", None, None, DatePrecision.UNKNOWN),
        ("", None, None, DatePrecision.UNKNOWN),
    ],
)
def test_date_expressions_cover_their_whole_unit(text: str, start: date | None, end: date | None,
                                                 precision: DatePrecision) -> None:
    span = parse_date_expression(text)
    assert (span.start, span.end, span.precision) == (start, end, precision)


@pytest.mark.parametrize("text", ["2015-02-30", "2015-13", "2015-W54", "14/07/2015", "yesterday", "15"])
def test_impossible_or_unknown_forms_are_rejected_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date_expression(text, "start")
    problem = caught.value.problems[0]
    assert problem.field == "start"
    assert text in problem.reason and problem.reason_ar


def test_a_span_that_ends_before_it_starts_is_rejected() -> None:
    with pytest.raises(InvalidInput) as caught:
        combine_spans(parse_date_expression("2016-03"), parse_date_expression("2015"))
    assert caught.value.problems[0].field == "end"


def test_combined_span_takes_the_coarser_precision() -> None:
    span = combine_spans(parse_date_expression("2015-07-14"), parse_date_expression("2015-09"))
    assert (span.start, span.end, span.precision) == (date(2015, 7, 14), date(2015, 9, 30), DatePrecision.MONTH)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_parses_back_to_itself(day: date) -> None:
    span = parse_date_expression(day.isoformat())
    assert span.start == span.end == day
    assert describe_span(span.start, span.end, span.precision) == day.isoformat()


@given(st.integers(min_value=1900, max_value=2100), st.integers(min_value=1, max_value=12))
def test_month_spans_start_on_the_first_and_describe_as_the_month(year: int, month: int) -> None:
    text = f"{year:04d}-{month:02d}"
    span = parse_date_expression(text)
    assert span.start == date(year, month, 1) and span.end and span.end.month == month
    assert describe_span(span.start, span.end, span.precision) == text
