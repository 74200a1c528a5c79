"""Faces on an image are blurred beyond recognition, the rest of it is left alone, and no metadata survives."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy
import pytest
from PIL import Image
from skimage import data

from tawthiq.media import inspect_file
from tawthiq.media.faces import FaceDetectorMissing, blur_faces

FACE = (slice(66, 161), slice(177, 272))  # the astronaut's face in skimage's portrait (rows, columns)
FAR = (slice(400, 512), slice(0, 120))  # her lower left: the suit and the background, far from the face


def _encode(pixels: numpy.ndarray, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, image_format, **options)
    return buffer.getvalue()


def _pixels(blob: bytes) -> numpy.ndarray:
    with Image.open(io.BytesIO(blob)) as image:
        return numpy.asarray(image.convert("RGB"), dtype=numpy.int16)


def test_the_face_is_obscured_and_far_away_pixels_are_untouched() -> None:
    portrait = data.astronaut()
    blurred, found = blur_faces(_encode(portrait, "PNG"), "image/png")
    assert found == 1
    before, after = portrait.astype(numpy.int16), _pixels(blurred)
    assert numpy.abs(after[FACE] - before[FACE]).mean() > 20  # the face changed a lot
    assert numpy.array_equal(after[FAR], before[FAR])  # lossless in, lossless out: the rest is the same pixels
    # Detail (edges) inside the face is gone, and the detector no longer finds a face in the copy.
    assert numpy.abs(numpy.diff(after[FACE], axis=1)).mean() < numpy.abs(numpy.diff(before[FACE], axis=1)).mean() / 3
    assert blur_faces(blurred, "image/png")[1] == 0


def test_exif_and_gps_planted_in_a_photo_are_absent_from_the_copy(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0110] = "Field phone"  # Model
    exif[0x8825] = {1: "N", 2: (34.0, 27.0, 0.0), 3: "E", 4: (40.0, 55.0, 6.96)}
    exif.get_ifd(0x8769)[0x9003] = "2015:07:14 10:22:05"  # DateTimeOriginal
    photo = _encode(data.astronaut(), "JPEG", exif=exif, quality=90)
    assert inspect_file(_write(tmp_path / "in.jpg", photo)).latitude is not None  # the plant took
    blurred, found = blur_faces(photo, "image/jpeg")
    assert found == 1
    info = inspect_file(_write(tmp_path / "out.jpg", blurred))
    assert info.media_type == "image/jpeg" and info.latitude is None and info.captured_at is None
    assert b"Exif" not in blurred and b"Field phone" not in blurred
    with Image.open(io.BytesIO(blurred)) as image:
        assert len(image.getexif()) == 0 and "exif" not in image.info


def test_the_same_image_gives_the_same_bytes() -> None:
    photo = _encode(data.astronaut(), "JPEG", quality=90)
    assert blur_faces(photo, "image/jpeg") == blur_faces(photo, "image/jpeg")


def test_an_image_without_a_face_keeps_its_pixels() -> None:
    rocket = data.rocket()  # no person in it
    blurred, found = blur_faces(_encode(rocket, "PNG"), "image/png")
    assert found == 0 and numpy.array_equal(_pixels(blurred), rocket.astype(numpy.int16))


@pytest.mark.parametrize("media_type", ["application/pdf", "video/mp4", "image/gif"])
def test_types_that_are_not_supported_images_are_refused(media_type: str) -> None:
    with pytest.raises(ValueError, match="JPEG, PNG, WebP and TIFF"):
        blur_faces(b"%PDF-1.7", media_type)


def test_bytes_that_are_not_an_image_are_refused() -> None:
    with pytest.raises(ValueError, match="not a readable image"):
        blur_faces(b"not an image at all", "image/png")


def _write(path: Path, blob: bytes) -> Path:
    path.write_bytes(blob)
    return path


def test_without_opencv_the_caller_gets_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cv2", None)  # what a Python without the `faces` extra sees
    with pytest.raises(FaceDetectorMissing, match="OpenCV is not installed"):
        blur_faces(_encode(data.astronaut(), "PNG"), "image/png")
