"""QR codes as SVG text, and the addresses they carry."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """A scannable QR code as an SVG document (black on white, with the quiet zone scanners need)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=12, border=4)
    return image.to_string(encoding="unicode")


def printable_guide_url(base_url: str, slug: str, language: str, ref: str | None = None) -> str:
    """The address of a guide's printable page on this server, e.g. for a visitor's phone.

    `ref`: the random reference of a help call whose stuck steps the page marks (never the call id).
    """
    parts = urlsplit(base_url)
    root = f"{parts.scheme}://{parts.netloc}"
    query = {"print": slug, "lang": language} | ({"ref": ref} if ref else {})
    return f"{root}/?{urlencode(query)}"


def booking_slip_url(base_url: str, code: str, slug: str | None, language: str) -> str:
    """What a booking slip's QR carries: the guide's printable page with the booking's code."""
    parts = urlsplit(base_url)
    query = ({"print": slug} if slug else {}) | {"lang": language, "booking": code}
    return f"{parts.scheme}://{parts.netloc}/?{urlencode(query)}"
