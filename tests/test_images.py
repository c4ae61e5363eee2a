"""Uploaded step images: accepted formats are re-encoded to clean PNGs; everything else is refused clearly."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kiosk.images import MAX_SIDE_PX, ImageRejected, reencode_upload


def _image(fmt: str, size: tuple[int, int] = (40, 30), **save) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format=fmt, **save)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_accepted_formats_become_png(fmt: str) -> None:
    clean = reencode_upload(_image(fmt))
    with Image.open(io.BytesIO(clean)) as image:
        assert image.format == "PNG" and image.size == (40, 30)


def test_metadata_is_dropped_and_large_images_shrink() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker with a home address"
    clean = reencode_upload(_image("JPEG", (3000, 1500), exif=exif.tobytes()))
    with Image.open(io.BytesIO(clean)) as image:
        assert max(image.size) == MAX_SIDE_PX
        assert not image.getexif()
    assert b"home address" not in clean


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_image("GIF"), "GIF images are not accepted"),
        (b"<svg onload=alert(1)></svg>", "not an image"),
        (b"\x89PNG" + b"0" * (4 * 1024 * 1024), "at most 3 MB"),
    ],
)
def test_refused_uploads(data: bytes, message: str) -> None:
    with pytest.raises(ImageRejected, match=message):
        reencode_upload(data)
