"""QR codes as SVG text, and the addresses they carry."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """A scannable QR code as an SVG document (black on white, with the quiet zone scanners need)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=12, border=4)
    return image.to_string(encoding="unicode")


BILINGUAL_PARAM = "bilingual"  # ?bilingual=1: the printable page shows each step in Norwegian too


def printable_guide_url(base_url: str, slug: str, language: str, bilingual: bool = False, ref: str | None = None) -> str:
    """The address of a guide's printable page on this server, e.g. for a visitor's phone.

    `ref`: the random reference of a help call whose stuck steps the page marks (never the call id).
    """
    parts = urlsplit(base_url)
    root = f"{parts.scheme}://{parts.netloc}"
    query = {"print": slug, "lang": language} | ({BILINGUAL_PARAM: "1"} if bilingual else {}) | ({"ref": ref} if ref else {})
    return f"{root}/?{urlencode(query)}"


def booking_slip_url(base_url: str, code: str, slug: str | None, language: str) -> str:
    """What a booking slip's QR carries: the guide's printable page with the booking's code."""
    parts = urlsplit(base_url)
    query = ({"print": slug} if slug else {}) | {"lang": language, "booking": code}
    return f"{parts.scheme}://{parts.netloc}/?{urlencode(query)}"


def printable_checklist_url(base_url: str, path: str, language: str, done: list[str]) -> str:
    """A life-event checklist's printable page, with the guides already done in this visit ticked."""
    parts = urlsplit(base_url)
    query = {"checklist": path, "lang": language} | ({"done": ",".join(done)} if done else {})
    return f"{parts.scheme}://{parts.netloc}/?{urlencode(query)}"
