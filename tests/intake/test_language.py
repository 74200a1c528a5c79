"""Language by script counts, and the decoding of legacy Arabic text."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from tawthiq.intake import detect_language
from tawthiq.intake.language import decode_text, looks_like_cp1256_arabic

ARABIC = "منع تنظيم الدولة خدمة الإنترنت في مدينة البوكمال شرق دير الزور، وقال أبو خالد إن القرار أمني."
ENGLISH = "IS prevented Internet service in the city of Albu Kamal, and Abu Khaled said it was for security."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ARABIC, "ar"),
        (ENGLISH, "en"),
        # Arabic with English names and a URL is still Arabic.
        (ARABIC + " (Sound and Picture, https://example.org/IS)", "ar"),
        ("ﺍﻟﺒﻮﻛﻤﺎﻝ ﺷﺮﻕ ﺩﻳﺮ ﺍﻟﺰﻭﺭ", "ar"),  # presentation forms, as PDFs give them
        (ENGLISH + " " + ARABIC[:20], "en"),
        ("Le groupe a coupé l'internet dans la ville d'Albu Kamal, près de la frontière irakienne.", "other"),
        ("Der IS hat das Internet in der Stadt Albu Kamal abgeschaltet, sagte ein Anwohner.", "other"),
        ("داعش اینترنت را در شهر البوکمال قطع کرد و گفت که این یک تصمیم امنیتی است.", "other"),  # Persian
        ("Исламское государство отключило интернет в Абу-Кемале.", "other"),
        ("Albu Kamal", "other"),  # too little to tell
        ("", "other"),
        ("12345 — 2015/07/14", "other"),
    ],
)
def test_detect_language_by_script_and_english_function_words(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_detect_language_looks_only_at_the_start() -> None:
    assert detect_language(ENGLISH * 300 + ARABIC * 1_000) == "en"


@given(st.text())
def test_detect_language_always_answers_one_of_three(text: str) -> None:
    assert detect_language(text) in {"ar", "en", "other"}


def test_windows_1256_arabic_is_recognised_and_decoded() -> None:
    data = ARABIC.encode("cp1256")
    assert looks_like_cp1256_arabic(data)
    assert decode_text(data) == (ARABIC, [])


@pytest.mark.parametrize(
    "data",
    [
        "Le groupe a coupé l'internet à Albu Kamal, près de la frontière.".encode("latin-1"),
        bytes(range(256)),
        b"plain ascii",
    ],
    ids=["latin-1-french", "binary", "ascii"],
)
def test_latin_text_and_binary_are_not_taken_for_windows_1256(data: bytes) -> None:
    assert not looks_like_cp1256_arabic(data)


def test_utf8_with_a_bad_byte_stays_utf8() -> None:
    data = ARABIC.encode() + b"\xff" + ARABIC.encode()
    text, warnings = decode_text(data)
    assert text == ARABIC + "\ufffd" + ARABIC
    assert warnings == ["text: invalid UTF-8 replaced"]


def test_a_declared_charset_the_bytes_contradict_gives_way_to_detection() -> None:
    text, warnings = decode_text(ARABIC.encode("cp1256"), "utf-8", label="html")
    assert text == ARABIC
    assert warnings == ["html: not valid utf-8 as declared; encoding detected instead"]


@pytest.mark.parametrize("charset", ["x-no-such-charset", "unicode_escape", "hex", "undefined"])
def test_an_unknown_declared_charset_is_ignored_with_a_warning(charset: str) -> None:
    text, warnings = decode_text("été".encode(), charset)
    assert text == "été"
    assert len(warnings) == 1 and warnings[0].startswith("text: ")
