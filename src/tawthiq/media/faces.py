"""Faces blurred on images before they are published.

:func:`blur_faces` finds faces with OpenCV's bundled Haar cascades (frontal, and profile facing either way): a
model that ships inside the ``opencv-python-headless`` wheel, so nothing is downloaded when it runs. Each face
box, widened by a margin, is pixelated to a few blocks and then blurred, so that neither the face nor the
pixelation pattern can be read back. Only the pixels leave: the output is a new image in the same format with no
metadata block (EXIF, GPS, XMP, ICC, comments), and the same input always gives the same bytes.

A Haar cascade misses faces that are small, turned away, covered or badly lit: a copy with no face found is not a
proof that nobody can be recognised in it. See docs/publishing.md.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING, Any

from PIL import Image

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# The formats a face-blurred copy can be written in (the same set a metadata-stripped copy supports).
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/tiff": "TIFF"}
MARGIN = 0.25  # of the box's size, on every side: the cascade's box is tight around eyes, nose and mouth
BLOCKS = 6  # the face is reduced to about this many blocks across before it is blurred
DETECT_SIDE = 1600  # larger images are searched at this size (the boxes are scaled back)


class FaceDetectorMissing(RuntimeError):
    """OpenCV (the ``faces`` extra) is not installed: faces cannot be blurred, and the image must be held back."""


def blur_faces(image_bytes: bytes, media_type: str) -> tuple[bytes, int]:
    """Blur every face found in an image; return the new image's bytes (pixels only) and how many faces were found.

    ``media_type`` is the stored item's type (image/jpeg, image/png, image/webp or image/tiff); the copy keeps it.
    Raises ValueError for another type or bytes that are not a readable image, FaceDetectorMissing without OpenCV.
    """
    image_format = FORMATS.get(media_type.split(";", 1)[0].strip().lower())
    if image_format is None:
        raise ValueError(f"{media_type}: faces can be blurred on JPEG, PNG, WebP and TIFF images only")
    try:
        import cv2
        import numpy
    except ImportError as exc:  # the optional `faces` extra
        raise FaceDetectorMissing("OpenCV is not installed (pip install 'tawthiq[faces]')") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(image_bytes)) as original:
                original.load()
                has_alpha = original.mode in ("RGBA", "LA", "PA") or "transparency" in original.info
                pixels = numpy.array(original.convert("RGBA" if has_alpha else "RGB"))
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(f"not a readable image: {exc}") from exc
    boxes = _merge(_detect(cv2, pixels))
    for box in boxes:
        _obscure(cv2, pixels, box)
    copy = Image.fromarray(pixels, "RGBA" if has_alpha else "RGB")
    if image_format == "JPEG" and has_alpha:
        copy = copy.convert("RGB")
    buffer = io.BytesIO()
    copy.save(buffer, image_format, **({"quality": 95} if image_format == "JPEG" else {}))
    return buffer.getvalue(), len(boxes)


def _detect(cv2: Any, pixels: NDArray[np.uint8]) -> list[tuple[int, int, int, int]]:
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGBA2GRAY if pixels.shape[2] == 4 else cv2.COLOR_RGB2GRAY)
    height, width = gray.shape
    scale = min(1.0, DETECT_SIDE / max(height, width))
    if scale < 1.0:
        gray = cv2.resize(gray, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    gray = cv2.equalizeHist(gray)
    found: list[tuple[int, int, int, int]] = []
    for name, flipped in (("frontalface_default", False), ("profileface", False), ("profileface", True)):
        cascade = cv2.CascadeClassifier(f"{cv2.data.haarcascades}haarcascade_{name}.xml")
        if cascade.empty():
            raise FaceDetectorMissing(f"OpenCV's haarcascade_{name}.xml is missing from its data folder")
        image = cv2.flip(gray, 1) if flipped else gray  # the profile cascade knows faces turned one way only
        for x, y, w, h in cascade.detectMultiScale(image, scaleFactor=1.1, minNeighbors=5, minSize=(20, 20)):
            x = image.shape[1] - x - w if flipped else x
            found.append((round(x / scale), round(y / scale), round(w / scale), round(h / scale)))
    return found


def _merge(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """One box per face: boxes of several cascades that overlap by more than a third are one face (their union)."""
    merged: list[tuple[int, int, int, int]] = []
    for box in sorted(boxes):
        for i, kept in enumerate(merged):
            if _overlap(box, kept) > 1 / 3:
                x, y = min(box[0], kept[0]), min(box[1], kept[1])
                right, bottom = max(box[0] + box[2], kept[0] + kept[2]), max(box[1] + box[3], kept[1] + kept[3])
                merged[i] = (x, y, right - x, bottom - y)
                break
        else:
            merged.append(box)
    return merged


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    return width * height / min(a[2] * a[3], b[2] * b[3])


def _obscure(cv2: Any, pixels: NDArray[np.uint8], box: tuple[int, int, int, int]) -> None:
    x, y, w, h = box
    left, top = max(0, x - round(w * MARGIN)), max(0, y - round(h * MARGIN))
    right = min(pixels.shape[1], x + w + round(w * MARGIN))
    bottom = min(pixels.shape[0], y + h + round(h * MARGIN))
    region = pixels[top:bottom, left:right]
    rows, cols = region.shape[:2]
    small = cv2.resize(region, (max(1, cols * BLOCKS // max(rows, cols)), max(1, rows * BLOCKS // max(rows, cols))),
                       interpolation=cv2.INTER_AREA)
    blocky = cv2.resize(small, (cols, rows), interpolation=cv2.INTER_NEAREST)
    kernel = max(3, (min(rows, cols) // 4) | 1)  # odd, about a quarter of the box
    pixels[top:bottom, left:right] = cv2.GaussianBlur(blocky, (kernel, kernel), 0)
