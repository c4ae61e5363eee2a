"""Uploaded step images: accepted formats are re-encoded to clean PNGs; everything else is refused clearly."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from kiosk.authoring.images import MAX_SIDE_PX, ImageRejected, check_svg, clean_image, reencode_upload


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


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims width x height: what a bomb looks like to a checker, without building one here."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")


def _png_with_text(size: int) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "x" * size, zip=True)  # compresses to a few KB, decompresses past Pillow's chunk limit
    return _image("PNG", (10, 10), pnginfo=info)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_png_header(13000, 13000), "too many pixels"),  # 5 s and ~700 MB per render, from a 500 KB file
        (_png_header(1, 39_000_000), "too long and narrow"),  # shrank to zero pixels: a raw ValueError
        (_png_with_text(4 * 1024 * 1024), "not an image that can be read"),  # a raw ValueError from Pillow
        (b"<html><script>alert(1)</script></html>", "not an image"),
        (_image("PNG")[:60], "not an image"),  # truncated
    ],
)
def test_hostile_images_are_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(ImageRejected, match=message):
        reencode_upload(data)


def test_a_phone_mpo_jpeg_is_accepted_as_its_first_frame() -> None:
    out = io.BytesIO()
    first, second = Image.new("RGB", (60, 40), (255, 0, 0)), Image.new("RGB", (60, 40), (0, 0, 255))
    first.save(out, format="MPO", save_all=True, append_images=[second])
    with Image.open(io.BytesIO(reencode_upload(out.getvalue()))) as image:
        assert image.format == "PNG" and image.size == (60, 40)
        red, _green, blue = image.getpixel((30, 20))[:3]
        assert red > 200 and blue < 50


def test_a_phone_photo_is_turned_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° to view": the camera held upright
    with Image.open(io.BytesIO(reencode_upload(_image("JPEG", (40, 30), exif=exif.tobytes())))) as image:
        assert image.size == (30, 40)


@pytest.mark.parametrize(("name", "fmt"), [("a.png", "PNG"), ("a.jpg", "JPEG"), ("a.JPEG", "JPEG"), ("a.webp", "WEBP")])
def test_clean_image_keeps_the_format_its_name_says(name: str, fmt: str) -> None:
    with Image.open(io.BytesIO(clean_image(name, _image("PNG", (2000, 100))))) as image:
        assert image.format == fmt and image.size == (MAX_SIDE_PX, 60)


def test_html_named_png_is_refused() -> None:
    with pytest.raises(ImageRejected, match="not an image"):
        clean_image("images/x.png", b"<html><body onload=alert(1)>")


_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">%s</svg>'


def test_a_plain_drawing_passes_unchanged() -> None:
    drawing = _SVG % b'<!-- a button --><rect width="4" height="4" fill="url(#g)"/><text x="1" y="1">OK</text>'
    assert check_svg(drawing) == drawing


@pytest.mark.parametrize(
    "drawing",
    [
        _SVG % b"<script>alert(1)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        _SVG % b'<a href="javascript:alert(1)"><text>x</text></a>',
        _SVG % b'<image href="https://evil.example/x.png"/>',
        _SVG % b"<foreignObject><p>x</p></foreignObject>",
        _SVG % b'<rect style="fill: red" width="1" height="1"/>',
        _SVG % b'<rect fill="url(https://evil.example/x)" width="1" height="1"/>',
        b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>' + _SVG % b"<text>&a;</text>",
        b'<?xml-stylesheet href="https://evil.example/x.css"?>' + _SVG % b"",
        b"<html><script>alert(1)</script></html>",
        b"not xml at all <",
    ],
)
def test_a_drawing_that_could_run_or_load_something_is_refused(drawing: bytes) -> None:
    with pytest.raises(ImageRejected):
        clean_image("images/x.svg", drawing)
