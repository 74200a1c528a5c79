"""Audio/video duration and stream parameters through mutagen."""

from __future__ import annotations

import json
import random
import struct
import wave
from pathlib import Path

import pytest

from tawthiq.media import inspect_file
from tawthiq.media.duration import read_stream_metadata


def _wav(path: Path, *, seconds: float, rate: int = 8000, channels: int = 1) -> Path:
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x00" * channels * frames)
    return path


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _mp4(path: Path, *, timescale: int, duration: int) -> Path:
    """Smallest MP4 mutagen reads: ftyp + moov/mvhd (version 0) + empty mdat."""
    mvhd = (
        bytes(4)  # version, flags
        + struct.pack(">IIII", 0, 0, timescale, duration)
        + struct.pack(">IH", 0x00010000, 0x0100)  # rate 1.0, volume 1.0
        + bytes(10 + 36 + 24)  # reserved, matrix, pre-defined
        + struct.pack(">I", 2)  # next track id
    )
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")
    path.write_bytes(ftyp + _box(b"moov", _box(b"mvhd", mvhd)) + _box(b"mdat", b""))
    return path


def test_wav_duration_and_parameters(tmp_path: Path) -> None:
    info = inspect_file(_wav(tmp_path / "radio.wav", seconds=1.5))
    assert info.media_type == "audio/x-wav"
    assert info.duration_seconds == pytest.approx(1.5, abs=1e-3)
    assert info.metadata == {"audio": {"sample_rate": 8000, "channels": 1, "bitrate": 128000}}
    assert info.warnings == []
    assert (info.captured_at, info.latitude, info.longitude) == (None, None, None)
    json.dumps(info.metadata, allow_nan=False)


@pytest.mark.parametrize(
    ("seconds", "rate", "channels"),
    [(1.5, 8000, 1), (0.25, 44100, 2), (3.0, 16000, 1), (0.0, 8000, 1)],
)
def test_wav_table(tmp_path: Path, seconds: float, rate: int, channels: int) -> None:
    info = inspect_file(_wav(tmp_path / "a.wav", seconds=seconds, rate=rate, channels=channels))
    assert info.duration_seconds == pytest.approx(seconds, abs=1e-3)
    audio = info.metadata["audio"]
    assert isinstance(audio, dict)
    assert audio["sample_rate"] == rate
    assert audio["channels"] == channels
    assert info.warnings == []


def test_mp4_video_duration(tmp_path: Path) -> None:
    info = inspect_file(_mp4(tmp_path / "clip.mp4", timescale=1000, duration=90_500))
    assert info.media_type == "video/mp4"
    assert info.duration_seconds == pytest.approx(90.5)
    assert info.warnings == []


def test_wav_named_mp3_is_read_as_wav(tmp_path: Path) -> None:
    # Neither sniffing nor mutagen's format choice may follow the extension.
    info = inspect_file(_wav(tmp_path / "recording.mp3", seconds=1.5))
    assert info.media_type == "audio/x-wav"
    assert info.duration_seconds == pytest.approx(1.5, abs=1e-3)
    assert info.warnings == []


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        pytest.param(random.Random(3).randbytes(2048), "audio/mpeg", id="random-as-mp3"),
        pytest.param(b"", "audio/x-wav", id="empty"),
        pytest.param(b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00", "audio/x-wav", id="cut-fmt"),
        pytest.param(b"\x1aE\xdf\xa3" + bytes(64), "video/x-matroska", id="matroska-unsupported"),
        pytest.param(b"\x00\x00\x00\x18ftypmp42" + bytes(16), "video/mp4", id="mp4-no-moov"),
    ],
)
def test_unreadable_stream_gives_warning_not_exception(
    tmp_path: Path, content: bytes, media_type: str
) -> None:
    path = tmp_path / "evidence.bin"
    path.write_bytes(content)
    info = inspect_file(path, media_type=media_type)
    assert info.media_type == media_type
    assert info.duration_seconds is None
    assert info.warnings and all(w.startswith("duration:") for w in info.warnings), info.warnings


def test_truncated_wav_reports_header_duration(tmp_path: Path) -> None:
    path = _wav(tmp_path / "cut.wav", seconds=1.5)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    result = read_stream_metadata(path)
    # Known limitation, pinned so a change is noticed: mutagen reports the
    # length the header declares and does not check the samples are there.
    assert result.duration_seconds == pytest.approx(1.5, abs=1e-3)
    assert result.warnings == []


def test_media_type_parameters_are_ignored_for_routing(tmp_path: Path) -> None:
    path = _wav(tmp_path / "a.wav", seconds=1.5)
    info = inspect_file(path, media_type="Audio/X-WAV; codecs=1")
    assert info.media_type == "Audio/X-WAV; codecs=1"
    assert info.duration_seconds == pytest.approx(1.5, abs=1e-3)
