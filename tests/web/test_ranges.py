"""Which bytes a Range header asks for (RFC 9110 §14), and the name a download carries."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from tawthiq.web.ranges import ByteRange, Unsatisfiable, content_disposition, parse_range

SIZES = st.integers(min_value=0, max_value=10**12)
POSITIONS = st.integers(min_value=0, max_value=10**13)


@pytest.mark.parametrize(("header", "expected"), [
    ("bytes=0-0", ByteRange(0, 1)),
    ("bytes=6-13", ByteRange(6, 14)),
    ("bytes=90-", ByteRange(90, 100)),
    ("bytes=-10", ByteRange(90, 100)),
    ("bytes=-1000", ByteRange(0, 100)),  # a suffix longer than the file is the whole file
    ("bytes=0-5000", ByteRange(0, 100)),  # a last position past the end stops at the end
    ("BYTES=1-2", ByteRange(1, 3)),  # range units are case-insensitive
    (" bytes=1-2 ", ByteRange(1, 3)),
    ("bytes=0007-0009", ByteRange(7, 10)),
    ("bytes=" + "0" * 5000 + "1-2", ByteRange(1, 3)),  # leading zeros do not trip int()'s digit limit
])
def test_one_valid_range_is_served_with_the_end_clamped_to_the_file(header: str, expected: ByteRange) -> None:
    assert parse_range(header, 100) == expected


@pytest.mark.parametrize("header", [
    None, "", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=1-2,4-5", "bytes=0-1, 3-", "items=0-5", "bytes=5-2",
    "bytes 0-5", "bytes=+1-2", "bytes=1--2", "bytes=١-٢",  # Arabic-Indic digits are not HTTP digits
    "bytes=" + "9" * 30 + "-",  # a number past any file
])
def test_no_multi_malformed_or_invalid_range_sends_the_whole_file(header: str | None) -> None:
    assert parse_range(header, 100) is None


@pytest.mark.parametrize(("header", "size"), [
    ("bytes=100-", 100), ("bytes=100-200", 100), ("bytes=-0", 100), ("bytes=0-", 0), ("bytes=-5", 0),
])
def test_a_range_without_any_byte_of_the_file_is_unsatisfiable(header: str, size: int) -> None:
    with pytest.raises(Unsatisfiable):
        parse_range(header, size)


@given(SIZES, POSITIONS, POSITIONS)
def test_a_first_last_range_is_the_bytes_it_names_within_the_file(size: int, a: int, b: int) -> None:
    first, last = min(a, b), max(a, b)
    if first >= size:
        with pytest.raises(Unsatisfiable):
            parse_range(f"bytes={first}-{last}", size)
    else:
        assert parse_range(f"bytes={first}-{last}", size) == ByteRange(first, min(last + 1, size))


@given(SIZES, POSITIONS)
def test_a_suffix_range_is_the_last_bytes_of_the_file(size: int, suffix: int) -> None:
    if suffix == 0 or size == 0:
        with pytest.raises(Unsatisfiable):
            parse_range(f"bytes=-{suffix}", size)
    else:
        assert parse_range(f"bytes=-{suffix}", size) == ByteRange(max(size - suffix, 0), size)


@given(st.text(max_size=40) | st.from_regex(r"\A\s*bytes=[0-9]{0,3}-[0-9]{0,3}(,[0-9]*-[0-9]*)?\s*\Z"), SIZES)
def test_any_header_gives_a_nonempty_range_inside_the_file_or_none_or_unsatisfiable(header: str, size: int) -> None:
    try:
        found = parse_range(header, size)
    except Unsatisfiable:
        return
    assert found is None or 0 <= found.start < found.stop <= size


@pytest.mark.parametrize(("name", "expected"), [
    ("clip.mp4", 'inline; filename="clip.mp4"'),
    ("شهادة.pdf", "inline; filename*=utf-8''%D8%B4%D9%87%D8%A7%D8%AF%D8%A9.pdf"),
    ('a"b.txt', "inline; filename*=utf-8''a%22b.txt"),  # a quote cannot close the quoted name early
    ("a;b c.txt", "inline; filename*=utf-8''a%3Bb%20c.txt"),
])
def test_a_name_that_needs_encoding_is_sent_percent_encoded_as_utf8(name: str, expected: str) -> None:
    assert content_disposition(name) == expected
