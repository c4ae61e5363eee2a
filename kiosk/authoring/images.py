"""Step images, from an editor's upload or a content pack: checked, re-encoded (no metadata, no surprises), size-limited.

Every image the kiosk serves from outside passes `clean_image`: raster images are decoded within
limits and written anew at most MAX_SIDE_PX wide; SVGs (drawings, shipped and in packs) are parsed
and refused unless they hold only shapes and text.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import xml.etree.ElementTree as ET

from PIL import Image, ImageOps, UnidentifiedImageError

from kiosk.errors import Refused

MAX_UPLOAD_BYTES = 3 * 1024 * 1024
MAX_SIDE_PX = 1200
MAX_SOURCE_PIXELS = 40_000_000  # a 48-megapixel phone photo is saved at 12; decoding 40 M pixels takes ~160 MB
MAX_ASPECT_RATIO = 20  # a 1 x 39,000,000 strip is no step image, and shrinks to zero pixels
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "MPO"}  # MPO: a phone's JPEG with extra frames; the first is used
# Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that; set here, not left to the library's default.
Image.MAX_IMAGE_PIXELS = MAX_SOURCE_PIXELS

_SAVE_FORMAT = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


class ImageRejected(Refused, ValueError):
    pass


def reencode_upload(data: bytes, save_as: str = "PNG") -> bytes:
    """A clean image (PNG unless `save_as` says JPEG or WEBP) of a PNG, JPEG or WebP, at most MAX_SIDE_PX on its longest side."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(f"the image is {len(data) // 1024} KB; at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB is allowed")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise ImageRejected(f"{image.format} images are not accepted; use PNG, JPEG or WebP")
                width, height = image.size
                if width * height > MAX_SOURCE_PIXELS:
                    raise ImageRejected(
                        f"the image has {width} x {height} pixels; at most {MAX_SOURCE_PIXELS // 1_000_000} million are allowed"
                    )
                if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
                    raise ImageRejected(f"the image is {width} x {height} pixels: too long and narrow for a step image")
                image.load()
                upright = ImageOps.exif_transpose(image)  # phones store the turn in EXIF, which is dropped below
                clean = upright.convert("RGBA" if upright.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(
            f"the image has too many pixels; at most {MAX_SOURCE_PIXELS // 1_000_000} million are allowed"
        ) from exc
    # Pillow reports a broken or hostile file in many ways: a PNG text chunk too large is a ValueError,
    # a truncated header an OSError, EOFError, SyntaxError or struct.error.
    except (UnidentifiedImageError, OSError, ValueError, EOFError, SyntaxError, struct.error) as exc:
        raise ImageRejected("the file is not an image that can be read") from exc
    clean.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX))
    if save_as == "JPEG" and clean.mode != "RGB":
        clean = clean.convert("RGB")
    out = io.BytesIO()
    clean.save(out, format=save_as, optimize=True)  # a new file: EXIF, ICC and any trailing data are gone
    return out.getvalue()


def pixel_count(data: bytes) -> int:
    """Width x height from the header alone (0 when unreadable or a drawing): to budget decoding before any is done."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return int(image.width * image.height)
    except Exception:  # noqa: BLE001 - Pillow raises many kinds; clean_image reports the failure with its reason
        return 0


def clean_image(name: str, data: bytes) -> bytes:
    """The bytes to store for an image file called `name`: re-encoded in its own format, or a checked SVG."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix == ".svg":
        return check_svg(data)
    if suffix not in _SAVE_FORMAT:
        raise ImageRejected("only .png, .jpg, .jpeg, .webp and .svg images are accepted")
    return reencode_upload(data, save_as=_SAVE_FORMAT[suffix])


# -- SVG ------------------------------------------------------------------------------------

MAX_SVG_ELEMENTS = 5000
_SVG_NS = "{http://www.w3.org/2000/svg}"
# Shapes, text and paint only: no script, foreignObject, image, use, a, animate, style or filter.
_SVG_ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath",
}  # fmt: skip
# DOCTYPE/ENTITY (entity expansion), CDATA (a hiding place), <?xml-stylesheet?> (loads a file): drawings need none.
_DECLARATION = re.compile(rb"<!(?!--)|<\?(?!xml\s)")
_URL_REF = re.compile(r"url\s*\(\s*(?!['\"]?#)", re.IGNORECASE)  # url(#id) points inside the file; anything else out


def check_svg(data: bytes) -> bytes:
    """The SVG unchanged, if it holds only shapes and text; opened on its own, it must run nothing and load nothing."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(f"the drawing is {len(data) // 1024} KB; at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB is allowed")
    if _DECLARATION.search(data):
        raise ImageRejected("the drawing contains a DOCTYPE, entity, CDATA section or processing instruction")
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError) as exc:
        raise ImageRejected("the file is not a drawing (SVG) that can be read") from exc
    elements = list(root.iter())
    if len(elements) > MAX_SVG_ELEMENTS:
        raise ImageRejected(f"the drawing has more than {MAX_SVG_ELEMENTS} elements")
    if root.tag != f"{_SVG_NS}svg":
        raise ImageRejected("the file is not a drawing (SVG)")
    for element in elements:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag.startswith(_SVG_NS) or tag.removeprefix(_SVG_NS) not in _SVG_ELEMENTS:
            raise ImageRejected(f"the drawing contains <{tag.rsplit('}', 1)[-1]}>; only shapes and text are allowed")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or local == "href" or local == "style" or _URL_REF.search(value):
                raise ImageRejected(f"the drawing has a '{local}' attribute that could run or load something")
    return data
