"""Content sniffing: the bytes decide, never the file name."""

from __future__ import annotations

import io
import random
import wave
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from PIL import Image

from tawthiq.media import SNIFF_BYTES, inspect_file, sniff_media_type

ARABIC = "شهادة شاهد عيان: سقطت القذيفة على السوق في البوكمال صباحاً."


def _image_bytes(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buf, fmt)
    return buf.getvalue()


def _wav_bytes() -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 800)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        pytest.param(_image_bytes("JPEG"), "image/jpeg", id="jpeg"),
        pytest.param(_image_bytes("PNG"), "image/png", id="png"),
        pytest.param(_image_bytes("GIF"), "image/gif", id="gif"),
        pytest.param(_wav_bytes(), "audio/x-wav", id="wav"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf", id="pdf-binary"),
        pytest.param(b"%PDF-1.4\n1 0 obj << >> endobj\n", "application/pdf", id="pdf-ascii-only"),
        pytest.param(b"\xef\xbb\xbf \n%PDF-1.4\n", "application/pdf", id="pdf-after-bom"),
        pytest.param(b"<!DOCTYPE html><html><body>x</body></html>", "text/html", id="doctype"),
        pytest.param(b"<!doctype HTML>\n<p>x", "text/html", id="doctype-lower"),
        pytest.param(b"\xef\xbb\xbf\r\n  <HTML lang=ar>", "text/html", id="bom-space-html"),
        pytest.param(b"<html>", "text/html", id="bare-html"),
        pytest.param(b"<html", "text/html", id="html-cut-off"),
        pytest.param(b"<!DOCTYPE html>\n<p>\xc7\xe1\xd3\xe6\xe6", "text/html", id="html-cp1256"),
        pytest.param(b"<htmlish>not a tag</htmlish>", "text/plain", id="not-html-tag"),
        pytest.param(b"<?xml version='1.0'?><kml/>", "text/plain", id="xml-is-text"),
        pytest.param(ARABIC.encode(), "text/plain", id="arabic"),
        pytest.param(b"\xef\xbb\xbf" + ARABIC.encode(), "text/plain", id="arabic-bom"),
        pytest.param(ARABIC.encode()[:-1], "text/plain", id="arabic-cut-mid-char"),
        pytest.param(b"plain ascii note\n", "text/plain", id="ascii"),
        pytest.param(b"BMW convoy seen at 10:00\n", "text/plain", id="bmp-magic-in-text"),
        pytest.param(b"MZ is the name of the witness", "text/plain", id="exe-magic-in-text"),
        pytest.param(b"GIF of the strike circulated online", "text/plain", id="gif-magic-in-text"),
        pytest.param(b"ID3 tags were stripped", "text/plain", id="mp3-magic-in-text"),
        pytest.param(b"", "application/octet-stream", id="empty"),
        pytest.param(b"\xef\xbb\xbf", "application/octet-stream", id="bom-only"),
        pytest.param(b"text\x00with NUL", "application/octet-stream", id="nul"),
        pytest.param(b"\xc3(", "application/octet-stream", id="invalid-utf8"),
        pytest.param(b"\xe2\x82abc", "application/octet-stream", id="bad-sequence-not-at-end"),
        pytest.param("نص".encode("utf-16"), "application/octet-stream", id="utf16"),
        pytest.param(
            random.Random(20150714).randbytes(4096), "application/octet-stream", id="random"
        ),
    ],
)
def test_sniff_table(head: bytes, expected: str) -> None:
    assert sniff_media_type(head) == expected


def test_character_split_at_sniff_boundary_is_still_text() -> None:
    # A multibyte character split exactly at SNIFF_BYTES must not demote text.
    text = ("a" + "ب" * SNIFF_BYTES).encode()
    head = text[:SNIFF_BYTES]
    with pytest.raises(UnicodeDecodeError):
        head.decode()
    assert sniff_media_type(head) == "text/plain"


@pytest.mark.parametrize("kind", [bytearray, memoryview])
def test_accepts_bytes_like(kind: type) -> None:
    assert sniff_media_type(kind(b"%PDF-1.4\n")) == "application/pdf"


def test_refuses_str_which_filetype_would_treat_as_a_path(tmp_path: Path) -> None:
    decoy = tmp_path / "decoy.pdf"
    decoy.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(TypeError):
        sniff_media_type(str(decoy))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("photo.jpg", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
        ("statement.pdf", _image_bytes("PNG"), "image/png"),
        ("recording.mp3", ARABIC.encode(), "text/plain"),
        ("index.html", b"\x00\x01\x02\x03garbage", "application/octet-stream"),
        ("noextension", b"<!doctype html><title>t</title>", "text/html"),
    ],
)
def test_inspect_file_sniffs_content_not_extension(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    info = inspect_file(path)
    assert info.media_type == expected


def test_inspect_file_plain_types_get_no_enrichment(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(ARABIC.encode())
    info = inspect_file(path)
    assert info.metadata == {}
    assert info.warnings == []
    assert (info.captured_at, info.latitude, info.longitude, info.duration_seconds) == (
        None,
        None,
        None,
        None,
    )


def test_inspect_file_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        inspect_file(tmp_path / "gone.jpg")


@given(st.binary(max_size=SNIFF_BYTES + 16))
def test_sniff_never_raises_and_returns_type_subtype(head: bytes) -> None:
    result = sniff_media_type(head)
    assert isinstance(result, str)
    top, sep, sub = result.partition("/")
    assert sep == "/" and top and sub and "/" not in sub
    assert result == result.lower()


# A lone BOM is excluded: it carries no text and is octet-stream by design.
@given(st.text(min_size=1).filter(lambda s: "\x00" not in s and s != "\ufeff"))
def test_nul_free_text_is_never_octet_stream(text: str) -> None:
    # Unless filetype recognises a real (textual) format, e.g. "%!" PostScript.
    assert sniff_media_type(text.encode()) != "application/octet-stream"
