"""Image metadata: EXIF fields, claimed capture time, GPS, and soft failure."""

from __future__ import annotations

import io
import json
import math
import random
import struct
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

from tawthiq.media import MediaInfo, gps_to_decimal, inspect_file
from tawthiq.media.exif import parse_exif_datetime

GPS = ExifTags.GPS


def _exif(
    *,
    taken: str | None = "2015:07:14 10:22:05",
    gps: dict[int, object] | None = None,
) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "Canon EOS 600D"
    exif[ExifTags.Base.Software] = "Firmware 1.0.2"
    exif[ExifTags.Base.Orientation] = 6
    if taken is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    if gps is not None:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(gps)
    return exif


def _gps(lat: tuple[float, ...], lat_ref: str, lon: tuple[float, ...], lon_ref: str) -> dict[int, object]:
    return {
        GPS.GPSLatitudeRef: lat_ref,
        GPS.GPSLatitude: lat,
        GPS.GPSLongitudeRef: lon_ref,
        GPS.GPSLongitude: lon,
    }


def _jpeg(path: Path, exif: Image.Exif | bytes | None = None, size: tuple[int, int] = (64, 48)) -> Path:
    image = Image.new("RGB", size, "red")
    if exif is None:
        image.save(path, "JPEG")
    else:
        image.save(path, "JPEG", exif=exif)
    return path


def _assert_json_safe(info: MediaInfo) -> None:
    json.dumps(info.metadata, allow_nan=False)


# Albu Kamal: 34°27'00" N, 40°55'06.96" E.
ALBU_KAMAL = _gps((34.0, 27.0, 0.0), "N", (40.0, 55.0, 6.96), "E")


def test_jpeg_with_exif_and_gps(tmp_path: Path) -> None:
    info = inspect_file(_jpeg(tmp_path / "strike.jpg", _exif(gps=ALBU_KAMAL)))

    assert info.media_type == "image/jpeg"
    assert info.warnings == []
    assert info.captured_at == "2015-07-14T10:22:05"
    assert info.latitude == pytest.approx(34.4500, abs=1e-4)
    assert info.longitude == pytest.approx(40.9186, abs=1e-4)
    assert info.duration_seconds is None
    assert info.metadata["width"] == 64
    assert info.metadata["height"] == 48
    assert info.metadata["format"] == "JPEG"
    assert info.metadata["pixel_check"] == "ok"
    assert info.metadata["exif"] == {
        "Make": "Canon",
        "Model": "Canon EOS 600D",
        "Software": "Firmware 1.0.2",
        "Orientation": 6,
        "DateTimeOriginal": "2015:07:14 10:22:05",
    }
    _assert_json_safe(info)


@pytest.mark.parametrize(
    ("gps", "lat", "lon"),
    [
        # Buenos Aires: southern and western hemispheres.
        (_gps((34.0, 36.0, 12.0), "S", (58.0, 22.0, 54.0), "W"), -34.603333, -58.381667),
        # Aleppo, with minutes given as a decimal and seconds zero.
        (_gps((36.0, 12.1, 0.0), "N", (37.0, 9.6, 0.0), "E"), 36.201667, 37.16),
        # Quito-ish: southern latitude, western longitude, sub-degree.
        (_gps((0.0, 10.0, 48.0), "S", (78.0, 28.0, 3.6), "W"), -0.18, -78.467667),
    ],
    ids=["south-west", "decimal-minutes", "near-equator"],
)
def test_gps_hemispheres(tmp_path: Path, gps: dict[int, object], lat: float, lon: float) -> None:
    info = inspect_file(_jpeg(tmp_path / "x.jpg", _exif(gps=gps)))
    assert info.warnings == []
    assert info.latitude == pytest.approx(lat, abs=1e-5)
    assert info.longitude == pytest.approx(lon, abs=1e-5)


@pytest.mark.parametrize(
    ("gps", "expected_warning"),
    [
        ({GPS.GPSLatitude: (34.0, 27.0, 0.0), GPS.GPSLatitudeRef: "N"}, "gps: longitude"),
        (_gps((34.0, 27.0, 0.0), "", (40.0, 55.0, 6.96), "E"), "gps: latitude"),
        (_gps((34.0, 27.0, 0.0), "E", (40.0, 55.0, 6.96), "N"), "gps: latitude"),
        (_gps((95.0, 0.0, 0.0), "N", (40.0, 55.0, 6.96), "E"), "gps: latitude"),
        (_gps((34.0, 27.0, 0.0), "N", (40.0, 75.0, 0.0), "E"), "gps: longitude"),
    ],
    ids=["lon-missing", "lat-ref-blank", "refs-swapped", "lat-out-of-range", "minutes-60+"],
)
def test_invalid_gps_gives_no_position_and_a_warning(
    tmp_path: Path, gps: dict[int, object], expected_warning: str
) -> None:
    info = inspect_file(_jpeg(tmp_path / "x.jpg", _exif(gps=gps)))
    assert (info.latitude, info.longitude) == (None, None)
    assert any(w.startswith(expected_warning) for w in info.warnings), info.warnings
    # The rest of the enrichment is unaffected.
    assert info.captured_at == "2015-07-14T10:22:05"


def test_gps_ifd_without_position_is_silent(tmp_path: Path) -> None:
    info = inspect_file(_jpeg(tmp_path / "x.jpg", _exif(gps={GPS.GPSAltitude: 212.0})))
    assert (info.latitude, info.longitude) == (None, None)
    assert info.warnings == []


@pytest.mark.parametrize(
    ("taken", "expected", "warns"),
    [
        ("2015:07:14 10:22:05", "2015-07-14T10:22:05", False),
        ("2015-07-14 10:22:05", "2015-07-14T10:22:05", False),
        ("0000:00:00 00:00:00", None, True),
        ("    :  :     :  :  ", None, True),
        ("2015:13:45 10:22:05", None, True),
        (None, None, False),
    ],
    ids=["exif", "dashes", "zeros", "blanks", "impossible", "absent"],
)
def test_captured_at(tmp_path: Path, taken: str | None, expected: str | None, warns: bool) -> None:
    info = inspect_file(_jpeg(tmp_path / "x.jpg", _exif(taken=taken)))
    assert info.captured_at == expected
    assert any("DateTimeOriginal" in w for w in info.warnings) is warns


def test_png_without_exif(tmp_path: Path) -> None:
    path = tmp_path / "screenshot.png"
    Image.new("RGBA", (20, 10), (0, 0, 0, 0)).save(path, "PNG")
    info = inspect_file(path)
    assert info.media_type == "image/png"
    assert info.warnings == []
    assert (info.latitude, info.longitude, info.captured_at) == (None, None, None)
    assert info.metadata == {
        "width": 20,
        "height": 10,
        "format": "PNG",
        "pixel_check": "ok",
        "exif": {},
    }


def test_png_with_exif(tmp_path: Path) -> None:
    path = tmp_path / "x.png"
    Image.new("RGB", (20, 10)).save(path, "PNG", exif=_exif(gps=ALBU_KAMAL))
    info = inspect_file(path)
    assert info.warnings == []
    assert info.latitude == pytest.approx(34.45, abs=1e-4)
    assert info.captured_at == "2015-07-14T10:22:05"


def _noisy_jpeg_bytes() -> bytes:
    # Noise defeats compression, so the entropy-coded data is long enough to cut.
    rnd = random.Random(7)
    image = Image.frombytes("RGB", (128, 128), rnd.randbytes(128 * 128 * 3))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=90, exif=_exif(gps=ALBU_KAMAL))
    return buf.getvalue()


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated-mid-scan"),
        pytest.param(lambda data: data[:-200], id="truncated-near-end"),
        pytest.param(lambda data: data[:4] + random.Random(1).randbytes(5000), id="garbage-after-soi"),
        pytest.param(lambda data: data[:40], id="truncated-in-header"),
        pytest.param(lambda data: b"\xff\xd8\xff", id="soi-only"),
    ],
)
def test_corrupt_jpeg_gives_warning_not_exception(tmp_path: Path, mangle: object) -> None:
    assert callable(mangle)
    path = tmp_path / "corrupt.jpg"
    path.write_bytes(mangle(_noisy_jpeg_bytes()))
    info = inspect_file(path, media_type="image/jpeg")
    assert info.media_type == "image/jpeg"
    assert any(w.startswith("image:") for w in info.warnings), info.warnings
    _assert_json_safe(info)


def test_truncated_jpeg_keeps_header_metadata(tmp_path: Path) -> None:
    data = _noisy_jpeg_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 2])
    info = inspect_file(path)
    assert info.media_type == "image/jpeg"
    assert info.metadata["pixel_check"] == "failed"
    assert info.metadata["width"] == 128
    assert info.captured_at == "2015-07-14T10:22:05"
    assert info.latitude == pytest.approx(34.45, abs=1e-4)


def _raw_exif(ifd0: bytes) -> bytes:
    return b"Exif\x00\x00II*\x00\x08\x00\x00\x00" + ifd0


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"Exif\x00\x00" + b"\xde\xad\xbe\xef" * 8, id="garbage"),
        pytest.param(b"Exif\x00\x00XX*\x00\x08\x00\x00\x00", id="bad-byte-order"),
        pytest.param(
            _raw_exif(struct.pack("<H", 3) + struct.pack("<HHII", 0x010F, 2, 1000, 5000)),
            id="entry-count-overflow",
        ),
        pytest.param(
            _raw_exif(struct.pack("<H", 1) + struct.pack("<HHII", 0x8825, 4, 1, 99999) + bytes(4)),
            id="gps-pointer-out-of-file",
        ),
    ],
)
def test_corrupt_exif_is_reported(tmp_path: Path, raw: bytes) -> None:
    info = inspect_file(_jpeg(tmp_path / "x.jpg", raw))
    assert info.metadata["pixel_check"] == "ok"
    assert any("exif" in w.lower() for w in info.warnings), info.warnings
    assert (info.latitude, info.longitude) == (None, None)
    _assert_json_safe(info)


def test_not_an_image_at_all(tmp_path: Path) -> None:
    path = tmp_path / "x.jpg"
    path.write_bytes(b"%PDF-1.4\n")
    info = inspect_file(path, media_type="image/jpeg")
    assert info.metadata == {}
    assert len(info.warnings) == 1 and info.warnings[0].startswith("image: cannot be read")


def test_decompression_bomb_warning_level(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _jpeg(tmp_path / "big.jpg", _exif(gps=ALBU_KAMAL), size=(40, 40))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 1600 px: warn, not refuse
    info = inspect_file(path)
    assert any("DecompressionBombWarning" in w for w in info.warnings), info.warnings
    assert info.metadata["pixel_check"] == "skipped"
    # The header is still read; only the pixels are left alone.
    assert info.metadata["width"] == 40
    assert info.latitude == pytest.approx(34.45, abs=1e-4)


def test_decompression_bomb_error_level(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _jpeg(tmp_path / "bomb.jpg", size=(100, 100))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 10000 px > 2x limit: refuse
    info = inspect_file(path)
    assert info.metadata == {}
    assert any("decompression bomb" in w for w in info.warnings), info.warnings


def test_pixel_budget_skips_decode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "wide.png"
    Image.new("L", (300, 200)).save(path, "PNG")
    monkeypatch.setattr("tawthiq.media.exif.DECODE_PIXEL_BUDGET", 100)
    info = inspect_file(path)
    assert info.metadata["pixel_check"] == "skipped"
    # For PNG, EXIF after the pixel data cannot be reached without decoding.
    assert any(w.startswith("exif: PNG pixels not decoded") for w in info.warnings)


# --- gps_to_decimal on its own -------------------------------------------------


@pytest.mark.parametrize(
    ("values", "ref", "expected"),
    [
        ((34, 27, 0), "N", 34.45),
        ((40, 55, 6.96), "E", 40.9186),
        ((34, 27, 0), "S", -34.45),
        ((40, 55, 6.96), "W", -40.9186),
        ([34, 27, 0], b"N\x00", 34.45),
        ((34, 27, 0), " s ", -34.45),
        ((IFDRational(34, 1), IFDRational(27, 1), IFDRational(0, 1)), "N", 34.45),
        ((IFDRational(40, 1), IFDRational(55, 1), IFDRational(696, 100)), "E", 40.9186),
        (((34, 1), (27, 1), (0, 1)), "N", 34.45),
        ((Fraction(69, 2), 0, 0), "N", 34.5),
        ((0, 0, 0), "N", 0.0),
        ((90, 0, 0), "S", -90.0),
        ((180, 0, 0), "W", -180.0),
    ],
)
def test_gps_to_decimal_valid(values: object, ref: object, expected: float) -> None:
    assert gps_to_decimal(values, ref) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(
    ("values", "ref"),
    [
        ((34, 27, 0), None),
        ((34, 27, 0), ""),
        ((34, 27, 0), "X"),
        ((34, 27, 0), 1),
        (None, "N"),
        ((34, 27), "N"),
        ((34, 27, 0, 0), "N"),
        ("34,27,0", "N"),
        ((34, "27", 0), "N"),
        ((34, 27, None), "N"),
        ((34, True, 0), "N"),
        ((-34, 27, 0), "S"),
        ((34, 60, 0), "N"),
        ((34, 27, 60), "N"),
        ((91, 0, 0), "N"),
        ((181, 0, 0), "E"),
        ((90, 0, 1), "N"),
        ((IFDRational(34, 0), IFDRational(27, 1), IFDRational(0, 1)), "N"),
        (((34, 0), (27, 1), (0, 1)), "N"),
        ((math.nan, 0, 0), "N"),
        ((math.inf, 0, 0), "E"),
    ],
)
def test_gps_to_decimal_invalid(values: object, ref: object) -> None:
    assert gps_to_decimal(values, ref) is None


_any_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=3) | st.binary(max_size=3),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner),
    max_leaves=8,
)


@given(_any_value, _any_value)
def test_gps_to_decimal_never_raises(values: object, ref: object) -> None:
    result = gps_to_decimal(values, ref)
    assert result is None or (math.isfinite(result) and -180 <= result <= 180)


@given(
    st.integers(0, 89),
    st.integers(0, 59),
    st.floats(0, 59.999, allow_nan=False),
    st.sampled_from("NS"),
)
def test_gps_to_decimal_latitude_roundtrip(deg: int, minutes: int, seconds: float, ref: str) -> None:
    result = gps_to_decimal((deg, minutes, seconds), ref)
    assert result is not None
    assert abs(result) == pytest.approx(deg + minutes / 60 + seconds / 3600)
    assert math.copysign(1, result) == (-1 if ref == "S" else 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2015:07:14 10:22:05", "2015-07-14T10:22:05"),
        (b"2015:07:14 10:22:05\x00", "2015-07-14T10:22:05"),
        ("  2015:07:14 10:22:05  ", "2015-07-14T10:22:05"),
        ("2015:02:30 10:22:05", None),
        ("2015:07:14", None),
        ("0000:00:00 00:00:00", None),
        ("", None),
        (None, None),
        (20150714, None),
    ],
)
def test_parse_exif_datetime(raw: object, expected: str | None) -> None:
    assert parse_exif_datetime(raw) == expected
