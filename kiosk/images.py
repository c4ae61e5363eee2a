"""Step images uploaded by editors: checked, re-encoded (no metadata, no surprises), size-limited."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 3 * 1024 * 1024
MAX_SIDE_PX = 1200
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}


class ImageRejected(ValueError):
    pass


def reencode_upload(data: bytes) -> bytes:
    """A clean PNG of the uploaded PNG, JPEG or WebP, at most MAX_SIDE_PX on its longest side."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(f"the image is {len(data) // 1024} KB; at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB is allowed")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected(f"{image.format} images are not accepted; use PNG, JPEG or WebP")
            if image.width * image.height > 40_000_000:
                raise ImageRejected("the image has too many pixels")
            image.load()
            clean = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ImageRejected("the file is not an image that can be read") from exc
    clean.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX))
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)  # a new file: EXIF, ICC and any trailing data are gone
    return out.getvalue()
