from datetime import date

import pytest
from hypothesis import given, strategies as st

from tawthiq.domain.dates import (
    combine_spans,
    describe_span,
    parse_date_expression,
    period_key,
    period_rows,
    span_expressions,
)
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


# --- spans shown and counted as precisely as recorded, never more ----------------------------------------------

_EXPRESSIONS = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat),
    st.builds(lambda y, w: f"{y:04d}-W{w:02d}", st.integers(1990, 2030), st.integers(1, 52)),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1990, 2030), st.integers(1, 12)),
    st.integers(1990, 2030).map(str),
)


def _stored(start: str, end: str) -> tuple[date | None, date | None, DatePrecision]:
    first = parse_date_expression(start)
    span = combine_spans(first, parse_date_expression(end)) if end else first
    return span.start, span.end, span.precision


@given(_EXPRESSIONS, _EXPRESSIONS)
def test_a_stored_span_is_written_back_as_texts_that_store_it_unchanged(one: str, other: str) -> None:
    start, end = sorted((one, other), key=lambda t: parse_date_expression(t).start or date.min)
    if (parse_date_expression(end).end or date.max) < (parse_date_expression(start).end or date.min):
        return  # an end before the start, or inside the start's own unit ("2019-05" to "2019-05-01"): not a span
    stored = _stored(start, end)
    assert _stored(*span_expressions(*stored)) == stored


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2015", "", ("2015", "")),
        ("2016-03", "", ("2016-03", "")),
        ("2015-W29", "", ("2015-W29", "")),
        ("2019-05-03", "2019-05-05", ("2019-05-03", "2019-05-05")),
        ("2015-01-01", "2015-12-31", ("2015-01-01", "2015-12-31")),  # two days stay days, never "2015"
        ("2015-07-14", "2015-09", ("2015-07-14", "2015-09")),
        ("2014", "2016", ("2014", "2016")),
        ("unknown", "", ("", "")),
    ],
)
def test_a_span_is_written_in_the_units_it_was_recorded_in(start: str, end: str, shown: tuple[str, str]) -> None:
    assert span_expressions(*_stored(start, end)) == shown


def test_a_year_is_described_as_the_year_not_its_first_day() -> None:
    assert describe_span(date(2015, 1, 1), date(2015, 12, 31), DatePrecision.YEAR) == "2015"
    assert describe_span("2015-07-13", "2015-07-19", "week") == "2015-W29"
    assert describe_span(None, None, DatePrecision.UNKNOWN) == "unknown"


@pytest.mark.parametrize(
    ("start", "end", "key"),
    [
        ("2015", "", "2015"),  # a year: its own row, never January
        ("2015-01", "", "2015-01"),
        ("2015-07-14", "", "2015-07"),
        ("2015-W29", "", "2015-07"),
        ("2015-W27", "", "2015"),  # 29 June to 5 July: no single month
        ("2015-03", "2015-09", "2015"),
        ("2014", "2016", "2014/2016"),
        ("unknown", "", ""),
    ],
)
def test_a_span_is_counted_in_the_period_it_lies_within(start: str, end: str, key: str) -> None:
    first, last, _precision = _stored(start, end)
    assert period_key(first, last) == key


def test_period_rows_put_a_year_row_after_its_months_and_fill_only_between_months() -> None:
    counts = {"2015": 6, "2015-03": 1, "2015-01": 2, "2014/2016": 1, "2016-02": 1, "": 3}
    assert period_rows(counts, fill=False) == [("2014/2016", 1), ("2015-01", 2), ("2015-03", 1), ("2015", 6),
                                               ("2016-02", 1)]
    filled = [key for key, _n in period_rows(counts, fill=True)]
    assert filled[:5] == ["2014/2016", "2015-01", "2015-02", "2015-03", "2015-04"]
    assert filled.index("2015") == filled.index("2015-12") + 1 and filled[-2:] == ["2016-01", "2016-02"]
    assert "" not in filled
