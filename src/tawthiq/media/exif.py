"""Image metadata: dimensions, selected EXIF fields, claimed capture time and GPS.

Everything here is *claimed* metadata: EXIF is written by the capturing
device (or by anyone who edited the file afterwards) and proves nothing on
its own. It is extracted so that analysts can compare it with other evidence.

Reading is lazy and bounded: Pillow parses headers on open, and the pixel
decode used to detect truncated or corrupt files is done at reduced scale
(JPEG) and only under a pixel budget, so a huge file is never inflated in
memory.
"""

from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PIL import ExifTags, Image

__all__ = [
    "DECODE_PIXEL_BUDGET",
    "ImageMetadata",
    "gps_to_decimal",
    "parse_exif_datetime",
    "read_image_metadata",
]

#: Largest image (after JPEG draft scaling) whose pixels are decoded to check
#: integrity: 16 Mpx is at most 64 MiB even in RGBA.
DECODE_PIXEL_BUDGET = 4096 * 4096

# Formats Pillow may open for evidence. An allowlist, not Pillow's full set,
# because some plugins hand the data to external programs on load (EPS runs
# Ghostscript), which is not acceptable for untrusted uploads.
_ALLOWED_FORMATS = (
    "JPEG",  # also yields MPO, the multi-picture JPEG many phones write
    "PNG",
    "GIF",
    "TIFF",  # TIFF-structured camera raw (CR2, NEF, DNG) may open as TIFF too
    "WEBP",
    "BMP",
    "DIB",
    "AVIF",
    "JPEG2000",
    "ICO",
    "PSD",
)

# IFD0 tags copied as-is into metadata["exif"].
_IFD0_FIELDS = {
    ExifTags.Base.Make: "Make",
    ExifTags.Base.Model: "Model",
    ExifTags.Base.Software: "Software",
    ExifTags.Base.Orientation: "Orientation",
}
# Exif sub-IFD tags; DateTimeOriginal is also parsed into captured_at.
_EXIF_IFD_FIELDS = {
    ExifTags.Base.DateTimeOriginal: "DateTimeOriginal",
    ExifTags.Base.OffsetTimeOriginal: "OffsetTimeOriginal",
}
_EXIF_DATETIME_FORMATS = ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S")
_MAX_REPR = 120  # keep warnings readable when a tag holds junk


@dataclass
class ImageMetadata:
    """What :func:`read_image_metadata` found; fields mirror ``MediaInfo``."""

    metadata: dict[str, object] = field(default_factory=dict)
    captured_at: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    warnings: list[str] = field(default_factory=list)


def read_image_metadata(path: Path) -> ImageMetadata:
    """Extract dimensions, EXIF fields, capture time and GPS from an image.

    Args:
        path: An existing image file.

    Returns:
        An :class:`ImageMetadata`. ``metadata`` holds ``width``, ``height``,
        ``format`` (Pillow's name), ``pixel_check`` (``"ok"``, ``"failed"``
        or ``"skipped"`` when the image is too large to decode safely) and
        ``exif`` (a dict with whichever of Make, Model, Software,
        Orientation, DateTimeOriginal, OffsetTimeOriginal are present).
        ``captured_at`` is DateTimeOriginal as ISO 8601 without offset;
        ``latitude``/``longitude`` are signed decimal degrees, both set or
        both None.

    Errors:
        Never raises for bad content. Unreadable or corrupt files, corrupt
        EXIF, invalid dates or coordinates, decompression bombs and any
        warning Pillow emits become entries in ``warnings`` (prefixed
        ``image:``, ``exif:`` or ``gps:``), with the affected fields left
        empty. Python warnings are captured with ``warnings.catch_warnings``,
        which swaps the process-wide filter list for the duration of the call.
    """
    out = ImageMetadata()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with Image.open(path, formats=_ALLOWED_FORMATS) as im:
                bomb = any(
                    issubclass(w.category, Image.DecompressionBombWarning) for w in caught
                )
                out.metadata.update(width=im.width, height=im.height, format=im.format)
                _drain(caught, out.warnings, "image")
                if bomb:
                    # Header and EXIF are still safe to read; pixels are not.
                    out.metadata["pixel_check"] = "skipped"
                else:
                    out.metadata["pixel_check"] = _check_pixels(im, out.warnings)
                _drain(caught, out.warnings, "image")
                _read_exif(im, out)
                _drain(caught, out.warnings, "exif")
        except Image.DecompressionBombError as exc:
            out.warnings.append(f"image: not opened, decompression bomb: {exc}")
        except Exception as exc:
            out.warnings.append(f"image: cannot be read: {_describe(exc)}")
        _drain(caught, out.warnings, "image")
    return out


def gps_to_decimal(values: object, ref: object) -> float | None:
    """Convert an EXIF GPS coordinate to signed decimal degrees.

    Args:
        values: The GPSLatitude / GPSLongitude value: three numbers
            (degrees, minutes, seconds), each an int, float, ``Rational``
            (Pillow's ``IFDRational``) or a ``(numerator, denominator)`` pair.
        ref: The matching GPSLatitudeRef / GPSLongitudeRef: ``"N"``, ``"S"``,
            ``"E"`` or ``"W"`` as ``str`` or ``bytes`` (case, surrounding
            whitespace and NUL padding are ignored).

    Returns:
        Decimal degrees, negative for S and W; ``None`` if anything is
        missing or invalid: unknown ref, not exactly three values, a
        non-numeric, NaN/infinite, negative or zero-denominator part,
        minutes or seconds of 60 or more, or a result beyond 90 (N/S) or
        180 (E/W). The caller decides whether the ref fits the axis.

    Errors:
        Never raises.
    """
    hemisphere = _normalise_ref(ref)
    if hemisphere is None:
        return None
    if not isinstance(values, (tuple, list)) or len(values) != 3:
        return None
    parts = [_to_float(v) for v in values]
    degrees, minutes, seconds = parts
    if degrees is None or minutes is None or seconds is None:
        return None
    if degrees < 0 or not 0 <= minutes < 60 or not 0 <= seconds < 60:
        return None
    decimal = degrees + minutes / 60 + seconds / 3600
    if decimal > (90 if hemisphere in "NS" else 180):
        return None
    return -decimal if hemisphere in "SW" else decimal


def parse_exif_datetime(value: object) -> str | None:
    """Convert an EXIF date-time (``"YYYY:MM:DD HH:MM:SS"``) to ISO 8601.

    Args:
        value: The raw tag value, ``str`` or ``bytes``; NUL padding and
            surrounding whitespace are ignored. ``-`` as the date separator
            is accepted too, as some phones write it.

    Returns:
        ``"YYYY-MM-DDTHH:MM:SS"``, or ``None`` when the value is blank, the
        EXIF "unknown" placeholder (zeros or spaces), or not a real date.

    Errors:
        Never raises.
    """
    text = _clean_text(value)
    if text is None:
        return None
    for fmt in _EXIF_DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).isoformat(timespec="seconds")
        except ValueError:
            continue
    return None


def _check_pixels(im: Image.Image, sink: list[str]) -> str:
    """Decode the pixels at the smallest cheap scale to expose truncation/corruption."""
    # For JPEG, draft() makes libjpeg decode at 1/8 scale: the whole entropy-
    # coded stream is still read, so damage is still found, at 1/64 the memory.
    try:
        im.draft(None, (1, 1))
        if im.width * im.height > DECODE_PIXEL_BUDGET:
            return "skipped"
        im.load()
    except Exception as exc:
        sink.append(f"image: pixel data could not be decoded: {_describe(exc)}")
        return "failed"
    return "ok"


def _read_exif(im: Image.Image, out: ImageMetadata) -> None:
    fields: dict[str, object] = {}
    out.metadata["exif"] = fields
    if im.format == "PNG" and "exif" not in im.info and out.metadata["pixel_check"] != "ok":
        # Pillow finds an eXIf chunk placed after the image data only by
        # loading the whole image, which is what was just ruled out.
        out.warnings.append("exif: PNG pixels not decoded; an eXIf chunk after them was not read")
        return
    try:
        exif = im.getexif()
    except Exception as exc:
        out.warnings.append(f"exif: cannot be read: {_describe(exc)}")
        return
    if not exif:
        raw = im.info.get("exif")
        # Pillow silently yields no tags for an EXIF block with a bad TIFF
        # header; an empty result from a non-empty block is a failure to report.
        if isinstance(raw, bytes) and raw.removeprefix(b"Exif\x00\x00"):
            out.warnings.append(f"exif: EXIF block of {len(raw)} bytes yielded no tags (corrupt)")
        return

    for tag, name in _IFD0_FIELDS.items():
        if tag in exif:
            fields[name] = _json_value(exif[tag])
    sub_ifd = _get_ifd(exif, ExifTags.IFD.Exif, out.warnings)
    for tag, name in _EXIF_IFD_FIELDS.items():
        # Some writers put Exif-IFD tags straight into IFD0.
        raw = sub_ifd.get(tag, exif.get(tag))
        if raw is not None:
            fields[name] = _json_value(raw)

    raw_date = sub_ifd.get(ExifTags.Base.DateTimeOriginal, exif.get(ExifTags.Base.DateTimeOriginal))
    if raw_date is not None:
        out.captured_at = parse_exif_datetime(raw_date)
        if out.captured_at is None:
            out.warnings.append(f"exif: DateTimeOriginal is blank or invalid: {_short(raw_date)}")

    if ExifTags.IFD.GPSInfo in exif:
        _read_gps(_get_ifd(exif, ExifTags.IFD.GPSInfo, out.warnings), out)


def _read_gps(gps: dict[int, object], out: ImageMetadata) -> None:
    lat_raw, lat_ref = gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef)
    lon_raw, lon_ref = gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef)
    if lat_raw is None and lon_raw is None:
        # A GPS IFD without a position (no fix, or altitude/time only) is normal.
        return
    lat = gps_to_decimal(lat_raw, lat_ref) if _normalise_ref(lat_ref) in ("N", "S") else None
    lon = gps_to_decimal(lon_raw, lon_ref) if _normalise_ref(lon_ref) in ("E", "W") else None
    if lat is None:
        out.warnings.append(
            f"gps: latitude missing or invalid: {_short(lat_raw)} ref {_short(lat_ref)}"
        )
    if lon is None:
        out.warnings.append(
            f"gps: longitude missing or invalid: {_short(lon_raw)} ref {_short(lon_ref)}"
        )
    # Half a coordinate is not a location; report neither rather than mislead.
    if lat is not None and lon is not None:
        out.latitude, out.longitude = lat, lon


def _get_ifd(exif: Image.Exif, ifd: int, sink: list[str]) -> dict[int, object]:
    try:
        return dict(exif.get_ifd(ifd))
    except Exception as exc:
        sink.append(f"exif: corrupt IFD 0x{ifd:04x}: {_describe(exc)}")
        return {}


def _normalise_ref(ref: object) -> str | None:
    text = _clean_text(ref)
    if text is None:
        return None
    text = text.upper()
    return text if text in ("N", "S", "E", "W") else None


def _to_float(value: object) -> float | None:
    """A finite float from an EXIF number, or None. bool is not a number here."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (tuple, list)) and len(value) == 2:
        num, den = (_to_float(v) for v in value)
        if num is None or den is None or den == 0:
            return None
        result = num / den
    elif isinstance(value, numbers.Rational) and not isinstance(value, int):
        # Compare denominators explicitly: IFDRational turns x/0 into NaN,
        # other Rationals would raise.
        if value.denominator == 0:
            return None
        result = int(value.numerator) / int(value.denominator)
    elif isinstance(value, (int, float)):
        result = float(value)
    else:
        return None
    return result if math.isfinite(result) else None


def _clean_text(value: object) -> str | None:
    """Text of an EXIF ASCII value without NUL padding; None if blank or not text."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return None
    text = value.replace("\x00", " ").strip()
    # EXIF marks unknown values by filling them with spaces or zeros.
    if not text.strip(" :-0"):
        return None
    return text


def _json_value(value: object) -> object:
    """Make an EXIF value JSON-serialisable without losing what it said."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return value.rstrip("\x00").strip()
    if isinstance(value, bytes):
        return value.rstrip(b"\x00").decode("latin-1").strip()
    if isinstance(value, (tuple, list)):
        return [_json_value(v) for v in value]
    number = _to_float(value)
    if number is not None:
        return number
    return _short(value)


def _drain(caught: list[warnings.WarningMessage], sink: list[str], prefix: str) -> None:
    """Move recorded Python warnings into ``sink`` so each is attributed to its phase."""
    for record in caught:
        sink.append(f"{prefix}: {record.category.__name__}: {record.message}")
    caught.clear()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_REPR else text[: _MAX_REPR - 3] + "..."
