"""Content packs: guides with their images in one zip, for another municipality to import.

Import never overwrites silently: `inspect_pack` reports, per guide and image, whether it is new,
identical, different from what is here (a conflict) or invalid; `apply_pack` writes new items and
only those conflicts the editor confirmed.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath

import yaml

from kiosk.content.loader import validate_guide
from kiosk.content.models import ContentLibrary
from kiosk.content.problems import Problem, Severity
from kiosk.content.yaml_io import load_yaml
from kiosk.editing import guide_path, write_atomically

MAX_PACK_BYTES = 50 * 1024 * 1024  # uncompressed, all entries together
MAX_ENTRY_BYTES = 5 * 1024 * 1024
IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".webp"}


class ItemState(StrEnum):
    NEW = "new"
    IDENTICAL = "identical"
    CONFLICT = "conflict"  # exists here with other content: overwritten only when confirmed
    INVALID = "invalid"


@dataclass
class PackItem:
    path: str  # "guides/x.yaml" or "images/x.svg"
    state: ItemState
    problems: list[Problem] = field(default_factory=list)


@dataclass
class PackReport:
    items: list[PackItem]
    errors: list[str] = field(default_factory=list)  # the pack as a whole is unusable

    @property
    def conflicts(self) -> list[str]:
        return [i.path for i in self.items if i.state is ItemState.CONFLICT]

    @property
    def importable(self) -> bool:
        return not self.errors and not any(i.state is ItemState.INVALID for i in self.items)


class PackError(ValueError):
    pass


def export_pack(content_dir: Path, slugs: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        images: set[str] = set()
        for slug in slugs:
            text = guide_path(content_dir, slug).read_text(encoding="utf-8")
            pack.writestr(f"guides/{slug}.yaml", text)
            for step in load_yaml(text).get("steps", []):
                if isinstance(step, dict) and isinstance(step.get("image"), dict) and step["image"].get("file"):
                    images.add(step["image"]["file"])
        for image in sorted(images):
            if (content_dir / image).is_file():
                pack.write(content_dir / image, image)
        pack.writestr("manifest.json", json.dumps({"format": "library-kiosk-content-pack/1", "guides": slugs}))
    return buffer.getvalue()


def _read_pack(data: bytes) -> dict[str, bytes]:
    try:
        pack = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise PackError("the file is not a content pack (not a zip archive)") from exc
    entries: dict[str, bytes] = {}
    total = 0
    for info in pack.infolist():
        if info.is_dir() or info.filename == "manifest.json":
            continue
        name = PurePosixPath(info.filename)
        top = name.parts[0] if name.parts else ""
        if name.is_absolute() or ".." in name.parts or len(name.parts) != 2 or top not in ("guides", "images"):
            raise PackError(f"'{info.filename}' is not a guide or an image of a content pack")
        if (top == "guides" and name.suffix != ".yaml") or (top == "images" and name.suffix.lower() not in IMAGE_SUFFIXES):
            raise PackError(f"'{info.filename}' has a file type a content pack does not carry")
        if info.file_size > MAX_ENTRY_BYTES or total + info.file_size > MAX_PACK_BYTES:
            raise PackError("the pack is larger than a content pack may be")
        total += info.file_size
        entries[str(name)] = pack.read(info)
    return entries


def inspect_pack(data: bytes, library: ContentLibrary, content_dir: Path) -> PackReport:
    try:
        entries = _read_pack(data)
    except PackError as exc:
        return PackReport(items=[], errors=[str(exc)])
    items: list[PackItem] = []
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        # Images the guides may refer to: the pack's, then the ones already here.
        if (content_dir / "images").is_dir():
            shutil.copytree(content_dir / "images", staging / "images")
        for path, payload in entries.items():
            if path.startswith("images/"):
                (staging / path).parent.mkdir(parents=True, exist_ok=True)
                (staging / path).write_bytes(payload)
        for path, payload in sorted(entries.items()):
            here = content_dir / path
            if path.startswith("guides/"):
                slug = PurePosixPath(path).stem
                try:
                    raw = load_yaml(payload.decode("utf-8"))
                except (UnicodeDecodeError, yaml.YAMLError) as exc:
                    items.append(
                        PackItem(path, ItemState.INVALID, [Problem(file=path, guide=slug, message=f"unreadable: {exc}")])
                    )
                    continue
                guide, problems = validate_guide(raw, slug, path, staging, library.languages, library.categories)
                errors = [p for p in problems if p.severity is Severity.ERROR]
                if guide is None or errors:
                    items.append(PackItem(path, ItemState.INVALID, errors or problems))
                    continue
            state = ItemState.NEW
            if here.is_file():
                state = ItemState.IDENTICAL if here.read_bytes() == payload else ItemState.CONFLICT
            items.append(PackItem(path, state))
    return PackReport(items=items)


def apply_pack(data: bytes, library: ContentLibrary, content_dir: Path, overwrite: set[str]) -> list[str]:
    """Write what the report allows. Returns the paths written. Images first, so guides never point at nothing."""
    report = inspect_pack(data, library, content_dir)
    if not report.importable:
        raise PackError("the pack has errors; nothing was imported")
    entries = _read_pack(data)
    written = []
    for item in sorted(report.items, key=lambda i: not i.path.startswith("images/")):
        if item.state is ItemState.NEW or (item.state is ItemState.CONFLICT and item.path in overwrite):
            target = content_dir / item.path
            if item.path.startswith("guides/"):
                write_atomically(target, entries[item.path].decode("utf-8"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f".{target.name}.part")
                partial.write_bytes(entries[item.path])
                partial.replace(target)
            written.append(item.path)
    return written
