"""Content packs: guides with their images and recorded voices, and life-event paths, in one zip, for another
municipality to import.

Import never overwrites silently: `inspect_pack` reports, per guide, path and image, whether it is new,
identical, different from what is here (a conflict) or invalid; `apply_pack` writes new items and
only those conflicts the editor confirmed.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath

import yaml
from pydantic import ValidationError
from sqlalchemy import Engine

from kiosk.audio.codec import EXTENSION, NotAudio, duration_seconds, to_opus
from kiosk.audio.read_aloud import guide_slots
from kiosk.audio.recordings import Recording, RecordingInfo, RecordingStore, text_fingerprint
from kiosk.authoring.guides import guide_path, keep_published_text
from kiosk.authoring.images import ImageRejected, clean_image, pixel_count
from kiosk.authoring.paths import path_file
from kiosk.content.loader import validate_guide, validate_path
from kiosk.content.models import ContentLibrary, Guide
from kiosk.content.problems import Problem, Severity
from kiosk.content.yaml_io import load_yaml
from kiosk.errors import Refused
from kiosk.files import write_atomically
from kiosk.patterns import LANGUAGE_CODE

MAX_PACK_BYTES = 50 * 1024 * 1024  # uncompressed, all entries together
MAX_ENTRY_BYTES = 5 * 1024 * 1024
MAX_PACK_PIXELS = 500_000_000  # decoding takes about 1 s per 100 million pixels
MAX_PACK_AUDIO_SECONDS = 60 * 60  # the pack's recordings together: a guide's voice is a few minutes
MAX_PACK_FILES = 1000  # every file lands in the content folder, which the content watcher walks every 2 s


class ItemState(StrEnum):
    NEW = "new"
    IDENTICAL = "identical"
    CONFLICT = "conflict"  # exists here with other content: overwritten only when confirmed
    INVALID = "invalid"


@dataclass
class PackItem:
    path: str  # "guides/x.yaml", "paths/x.yaml" or "images/x.svg"
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


class PackError(Refused, ValueError):
    pass


def export_pack(
    content_dir: Path, slugs: list[str], recordings: RecordingStore | None = None, paths: list[str] | None = None
) -> bytes:
    """The chosen guides (with their images and recordings) and life-event paths. A path's guides travel only when
    chosen too: the importing library may have its own; a path whose guides are in neither is refused there."""
    paths = paths or []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        for recording in _recordings_of(recordings, slugs):
            folder = f"recordings/{recording.language}/{recording.fingerprint}"
            pack.write(recording.path, f"{folder}.{EXTENSION}")
            pack.writestr(f"{folder}.json", recording.info.model_dump_json())
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
        for slug in paths:
            pack.writestr(f"paths/{slug}.yaml", path_file(content_dir, slug).read_text(encoding="utf-8"))
        manifest = {"format": "library-kiosk-content-pack/1", "guides": slugs, "paths": paths}
        pack.writestr("manifest.json", json.dumps(manifest))
    return buffer.getvalue()


def _recordings_of(store: RecordingStore | None, slugs: list[str]) -> list[Recording]:
    """The recorded voices of these guides' titles and steps, in every language."""
    if store is None or not store.root.is_dir():
        return []
    prefixes = tuple(f"guide:{slug}:" for slug in slugs)
    languages = [folder.name for folder in sorted(store.root.iterdir()) if folder.is_dir()]
    return [r for code in languages for r in store.in_language(code) if r.info.slot.startswith(prefixes)]


# Names a pack may carry: exactly what a guide's or a path's slug, a step's image file and a recording can be
# (see models.py).
_ENTRY_NAME = re.compile(
    r"^(?:(?:guides|paths)/[a-z0-9]+(?:-[a-z0-9]+)*\.yaml|images/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(?:svg|png|jpe?g|webp)"
    rf"|recordings/{LANGUAGE_CODE}/[0-9a-f]{{24}}\.(?:ogg|json))$"
)
_RECORDING = re.compile(rf"^recordings/({LANGUAGE_CODE})/([0-9a-f]{{24}})\.ogg$")
_READABLE_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # what export_pack and every zip tool write
# How a damaged or hostile zip shows itself while it is read: lying sizes fail the CRC (BadZipFile),
# broken deflate data is a zlib.error, a cut-off file an EOFError, a mangled header a struct.error or ValueError.
_DAMAGED_ZIP = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    NotImplementedError,
)


def _shown(name: str) -> str:
    """A file name from the pack, for a message: quoted and cut short; the editor shows it as plain text."""
    return repr(name if len(name) <= 80 else name[:77] + "...")


def _read_pack(data: bytes) -> dict[str, bytes]:
    """The pack's guides and images, raw. Raises PackError for anything but an ordinary, honest zip within the limits."""
    if len(data) > MAX_PACK_BYTES:
        raise PackError(f"the pack is larger than {MAX_PACK_BYTES // 1024 // 1024} MB")
    try:
        pack = zipfile.ZipFile(io.BytesIO(data))
        infos = pack.infolist()
    except _DAMAGED_ZIP as exc:
        raise PackError("the file is not a content pack (not a zip archive)") from exc
    if len(infos) > MAX_PACK_FILES:
        raise PackError(f"the pack has {len(infos)} files; at most {MAX_PACK_FILES} are allowed")
    entries: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir() or info.filename == "manifest.json":
            continue
        name = info.filename
        if not _ENTRY_NAME.match(name) or len(name) > 120:
            raise PackError(f"{_shown(name)} is not a guide, a path or an image of a content pack")
        if name in entries:
            raise PackError(f"{_shown(name)} is in the pack twice")
        if info.flag_bits & 0x1:
            raise PackError(f"{_shown(name)} is encrypted; a content pack is not")
        if info.compress_type not in _READABLE_COMPRESSION:
            raise PackError(f"{_shown(name)} is compressed in a way the kiosk does not read; use an ordinary zip")
        if info.file_size > MAX_ENTRY_BYTES or total + info.file_size > MAX_PACK_BYTES:
            raise PackError("the pack is larger than a content pack may be")
        try:
            with pack.open(info) as entry:
                # zipfile stops at the size the header declares and checks the CRC: a lying header is a BadZipFile.
                payload = entry.read(MAX_ENTRY_BYTES + 1)
        except _DAMAGED_ZIP as exc:
            raise PackError(f"{_shown(name)} is damaged in the zip and cannot be read") from exc
        total += len(payload)
        if len(payload) > MAX_ENTRY_BYTES or total > MAX_PACK_BYTES:
            raise PackError("the pack is larger than a content pack may be")
        entries[name] = payload
    return entries


def _check_images(entries: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, Problem]]:
    """The same checks as an editor's upload: re-encoded raster images and plain drawings, or a problem each."""
    cleaned: dict[str, bytes] = {}
    refused: dict[str, Problem] = {}
    budget = MAX_PACK_PIXELS
    for path, payload in entries.items():
        if path.startswith("images/"):
            budget -= pixel_count(payload)
            if budget < 0:  # each image is within limits; a thousand of them would still take minutes to decode
                refused[path] = Problem(
                    file=path,
                    message=f"image refused: the pack's images have over {MAX_PACK_PIXELS // 1_000_000} million pixels together",
                )
                continue
            try:
                cleaned[path] = clean_image(path, payload)
            except ImageRejected as exc:
                refused[path] = Problem(file=path, message=f"image refused: {exc}")
    return cleaned, refused


def inspect_pack(data: bytes, library: ContentLibrary, content_dir: Path, recordings: RecordingStore | None = None) -> PackReport:
    return _inspect(data, library, content_dir, recordings)[0]


def _inspect(
    data: bytes, library: ContentLibrary, content_dir: Path, recordings: RecordingStore | None = None
) -> tuple[PackReport, dict[str, bytes]]:
    """The report, and what would be written: the guides as they are, the images cleaned."""
    try:
        entries = _read_pack(data)
    except PackError as exc:
        return PackReport(items=[], errors=[str(exc)]), {}
    images, refused = _check_images(entries)
    refused |= _check_recordings(entries)
    items: list[PackItem] = []
    # The guides a path may string: those here, and the pack's own that pass (guides/ sorts before paths/).
    guides: dict[str, Guide] = dict(library.guides)
    own: dict[str, Guide] = {}  # the pack's own valid guides: the only texts its recordings may be of
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        # Images the guides may refer to: the pack's (only those that passed), then the ones already here.
        if (content_dir / "images").is_dir():
            shutil.copytree(content_dir / "images", staging / "images")
        for path, payload in images.items():
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_bytes(payload)
        for path, payload in sorted(entries.items()):
            here = content_dir / path
            if path in refused:
                items.append(PackItem(path, ItemState.INVALID, [refused[path]]))
                continue
            if path.startswith("recordings/") and path.endswith(".json"):
                continue  # the record of a clip: reported and written with its clip
            if path.startswith(("guides/", "paths/")):
                slug = PurePosixPath(path).stem
                try:
                    raw = load_yaml(payload.decode("utf-8"))
                except (UnicodeDecodeError, yaml.YAMLError) as exc:
                    items.append(
                        PackItem(path, ItemState.INVALID, [Problem(file=path, guide=slug, message=f"unreadable: {exc}")])
                    )
                    continue
                guide: Guide | None = None
                if path.startswith("guides/"):
                    guide, problems = validate_guide(raw, slug, path, staging, library.languages, library.categories)
                    valid = guide is not None
                else:  # a path, checked as the loader does, against the guides here and the pack's valid ones
                    life_path, problems = validate_path(raw, slug, path, guides, library.languages)
                    valid = life_path is not None
                errors = [p for p in problems if p.severity is Severity.ERROR]
                if not valid or errors:
                    items.append(PackItem(path, ItemState.INVALID, errors or problems))
                    continue
                if guide is not None:
                    guides[slug] = guide
                    own[slug] = guide
            recorded = _RECORDING.match(path)
            if recorded and not _of_own_guides(recorded.group(1), recorded.group(2), entries, own):
                problem = Problem(file=path, message="recording refused: it is not of a text of this pack's guides")
                items.append(PackItem(path, ItemState.INVALID, [problem]))
                continue
            state = ItemState.NEW
            if recorded and recordings is not None:
                here = recordings.root / recorded.group(1) / f"{recorded.group(2)}.{EXTENSION}"
            if here.is_file():
                # An image is compared both as sent and as cleaned: either way it is the one already here.
                same = here.read_bytes() in (payload, images.get(path))
                state = ItemState.IDENTICAL if same else ItemState.CONFLICT
            items.append(PackItem(path, state))
    return PackReport(items=items), {**entries, **images}


def _of_own_guides(language: str, fingerprint: str, entries: dict[str, bytes], own: dict[str, Guide]) -> bool:
    """A clip travels with its guide: its fingerprint must be that of a title or step of one of the pack's own
    guides in that language, under that text's slot. Else a pack holding only a clip named by the fingerprint
    of the welcome (or of a local guide's step) would be played for it."""
    record = RecordingInfo.model_validate_json(entries[f"recordings/{language}/{fingerprint}.json"])
    for guide in own.values():
        for slot in guide_slots(guide, language, guide.source_language):
            if slot.key == record.slot and text_fingerprint(slot.text) == fingerprint:
                return True
    return False


def _check_recordings(entries: dict[str, bytes]) -> dict[str, Problem]:
    """A clip needs its record, and must be real sound (decoded here as an editor's upload is), within the
    pack's budget of sound: decoding costs CPU, so a pack of a thousand clips stops costing at the budget."""
    refused = {}
    seconds = 0.0
    for path, payload in sorted(entries.items()):
        if not _RECORDING.match(path):
            continue
        if path.removesuffix(f".{EXTENSION}") + ".json" not in entries:
            refused[path] = Problem(file=path, message="recording refused: its record (.json) is not in the pack")
            continue
        if seconds >= MAX_PACK_AUDIO_SECONDS:
            message = f"recording refused: the pack's recordings last over {MAX_PACK_AUDIO_SECONDS // 60} minutes together"
            refused[path] = Problem(file=path, message=message)
            continue
        try:
            RecordingInfo.model_validate_json(entries[path.removesuffix(f".{EXTENSION}") + ".json"])
            seconds += duration_seconds(to_opus(payload))
        except (NotAudio, ValidationError) as exc:
            refused[path] = Problem(file=path, message=f"recording refused: {type(exc).__name__}")
    return refused


def apply_pack(
    data: bytes,
    library: ContentLibrary,
    content_dir: Path,
    overwrite: set[str],
    recordings: RecordingStore | None = None,
    engine: Engine | None = None,
    author_id: int | None = None,
) -> list[str]:
    """Write what the report allows. Returns the paths written. Images first, so guides never point at nothing.

    With `engine`, a guide's text before and after the import are both revisions (the importer's the newer),
    so the editor's history can go back to the text before."""
    report, entries = _inspect(data, library, content_dir, recordings)
    if not report.importable:
        raise PackError("the pack has errors; nothing was imported")
    written = []
    for item in sorted(report.items, key=lambda i: not i.path.startswith("images/")):
        if item.state is ItemState.NEW or (item.state is ItemState.CONFLICT and item.path in overwrite):
            target = content_dir / item.path
            found = _RECORDING.match(item.path)
            if found:
                if recordings is None:
                    continue
                language, fingerprint = found.groups()
                record = entries[item.path.removesuffix(f".{EXTENSION}") + ".json"]
                recordings.adopt(language, fingerprint, record, entries[item.path])
            elif item.path.startswith("guides/") and engine is not None:
                slug = Path(item.path).stem
                keep_published_text(engine, content_dir, slug)
                write_atomically(target, entries[item.path].decode("utf-8"))
                keep_published_text(engine, content_dir, slug, author_id)
            elif item.path.startswith(("guides/", "paths/")):
                write_atomically(target, entries[item.path].decode("utf-8"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f".{target.name}.part")
                partial.write_bytes(entries[item.path])
                partial.replace(target)
            written.append(item.path)
    return written
