"""Audio/video stream information (duration, sample rate, channels, bitrate) via mutagen.

mutagen parses container headers and seeks past the media data, so even a
long recording is not read into memory. It covers MP3, MP4/M4A/MOV, Ogg,
FLAC, WAV, AIFF, ASF/WMA/WMV and others, but not Matroska/WebM or AVI; for
those the failure is reported as a warning rather than passed over.
"""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

import mutagen

__all__ = ["StreamMetadata", "read_stream_metadata"]

# StreamInfo attributes copied into metadata["audio"], under the same names.
_AUDIO_FIELDS = ("sample_rate", "channels", "bitrate")


@dataclass
class StreamMetadata:
    """What :func:`read_stream_metadata` found; fields mirror ``MediaInfo``."""

    duration_seconds: float | None = None
    audio: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_stream_metadata(path: Path) -> StreamMetadata:
    """Read duration and basic audio parameters of an audio or video file.

    Args:
        path: An existing audio or video file.

    Returns:
        A :class:`StreamMetadata`: ``duration_seconds`` (finite, >= 0) when
        mutagen reports a length, and ``audio`` holding whichever of
        ``sample_rate`` (Hz), ``channels`` and ``bitrate`` (bits/s) mutagen
        reports as positive integers.

    Errors:
        Never raises for bad content. An unrecognised format, a parse error,
        an implausible length and any Python warning emitted while parsing
        become entries in ``warnings`` prefixed ``duration:``. Python
        warnings are captured with ``warnings.catch_warnings``, which swaps
        the process-wide filter list for the duration of the call.
    """
    out = StreamMetadata()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            _read_into(path, out)
        except Exception as exc:
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            out.warnings.append(f"duration: cannot be read: {detail}")
        for record in caught:
            out.warnings.append(f"duration: {record.category.__name__}: {record.message}")
    return out


def _read_into(path: Path, out: StreamMetadata) -> None:
    # mutagen.File also scores formats by the file name's extension. Opening
    # by descriptor leaves the file object without a usable name, so the
    # choice rests on content only, as sniffing does.
    with open(os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0)), "rb") as handle:
        parsed = mutagen.File(handle)
    if parsed is None:
        out.warnings.append("duration: format not recognised by mutagen")
        return
    info = getattr(parsed, "info", None)
    if info is None:
        out.warnings.append("duration: mutagen found no stream information")
        return

    length = getattr(info, "length", None)
    if _is_number(length) and math.isfinite(length) and length >= 0:
        out.duration_seconds = float(length)
    else:
        out.warnings.append(f"duration: no valid length reported: {length!r}")

    for name in _AUDIO_FIELDS:
        value = getattr(info, name, None)
        # Some formats report 0 for "unknown"; omit rather than claim zero.
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            out.audio[name] = value


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
