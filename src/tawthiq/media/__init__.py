"""Media inspection for stored evidence files.

:func:`sniff_media_type` decides what a file is from its content.
:func:`inspect_file` adds optional enrichment: image dimensions and EXIF
(claimed capture time, claimed GPS position), audio/video duration and
stream parameters. Enrichment is best effort: its failures are returned as
warnings next to whatever could be read, never raised and never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tawthiq.media.duration import read_stream_metadata
from tawthiq.media.exif import gps_to_decimal, read_image_metadata
from tawthiq.media.sniff import SNIFF_BYTES, sniff_media_type

__all__ = [
    "SNIFF_BYTES",
    "MediaInfo",
    "gps_to_decimal",
    "inspect_file",
    "sniff_media_type",
]

# Ogg is registered as application/ogg as well as audio/ogg and video/ogg.
_STREAM_TYPES = frozenset({"application/ogg"})


@dataclass(frozen=True)
class MediaInfo:
    """Result of :func:`inspect_file`.

    Attributes:
        media_type: The sniffed (or caller-supplied) ``type/subtype``.
        metadata: JSON-serialisable details. Images: ``width``, ``height``,
            ``format``, ``pixel_check`` and ``exif`` (selected EXIF fields).
            Audio/video: ``audio`` with ``sample_rate``, ``channels``,
            ``bitrate`` where known. Other types: empty.
        captured_at: EXIF DateTimeOriginal as ISO 8601 (no offset); what the
            device claims, not a verified time.
        latitude: EXIF GPS latitude in signed decimal degrees (claimed).
        longitude: EXIF GPS longitude in signed decimal degrees (claimed).
        duration_seconds: Audio/video duration as reported by mutagen.
        warnings: Soft failures of enrichment, e.g. ``"exif: corrupt IFD ..."``.
    """

    media_type: str
    metadata: dict[str, object]
    captured_at: str | None
    latitude: float | None
    longitude: float | None
    duration_seconds: float | None
    warnings: list[str]


def inspect_file(path: Path, media_type: str | None = None) -> MediaInfo:
    """Sniff a stored file's media type and extract optional metadata.

    Args:
        path: The stored evidence file.
        media_type: A type already determined (e.g. at upload); when None the
            first :data:`SNIFF_BYTES` bytes are sniffed. Parameters such as
            ``; charset=...`` are ignored when choosing the enrichment, and
            the value is returned as given.

    Returns:
        A :class:`MediaInfo`. Images (``image/*``) are read with Pillow;
        ``audio/*``, ``video/*`` and ``application/ogg`` with mutagen; other
        types get no enrichment and no warnings. Only headers are parsed, and
        image pixels are decoded only at reduced scale and under a size cap,
        so large files are not loaded into memory.

    Raises:
        OSError: if the file cannot be opened for reading at all (missing,
            a directory, no permission). That is a storage fault, not an
            enrichment failure. Nothing after opening raises: corrupt
            content, decompression bombs, unsupported formats and library
            errors are reported in ``warnings``.
    """
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES) if media_type is None else b""
    if media_type is None:
        media_type = sniff_media_type(head)

    metadata: dict[str, object] = {}
    captured_at: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    duration_seconds: float | None = None
    warnings: list[str] = []

    essence = media_type.split(";", 1)[0].strip().lower()
    try:
        if essence.startswith("image/"):
            image = read_image_metadata(path)
            metadata.update(image.metadata)
            captured_at, latitude, longitude = image.captured_at, image.latitude, image.longitude
            warnings.extend(image.warnings)
        elif essence.startswith(("audio/", "video/")) or essence in _STREAM_TYPES:
            stream = read_stream_metadata(path)
            if stream.audio:
                metadata["audio"] = stream.audio
            duration_seconds = stream.duration_seconds
            warnings.extend(stream.warnings)
    except Exception as exc:
        # The readers already turn failures into warnings; this is the last
        # guard so that a bug in them still cannot abort ingestion.
        warnings.append(f"media: enrichment failed unexpectedly: {type(exc).__name__}: {exc}")

    return MediaInfo(
        media_type=media_type,
        metadata=metadata,
        captured_at=captured_at,
        latitude=latitude,
        longitude=longitude,
        duration_seconds=duration_seconds,
        warnings=warnings,
    )
