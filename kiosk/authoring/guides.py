"""Editors' work on guides: drafts, revisions, publishing, reverting, conflicts.

Published guides are the YAML files the kiosk serves. Every save is a numbered revision in the
database (who, when, what changed); publishing writes the revision's text to the guide's file
atomically. A save names the revision it started from: if someone else saved in between, the
save is refused and nothing is overwritten.

Every text the kiosk has shown is a revision, so "back to the text before" always exists: the text a
guide was shipped with (or copied in by hand) is kept as a published revision before the first save
on top of it, numbered 0 when it is the guide's first; a pack's text is kept when it is written.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import HttpUrl, TypeAdapter, ValidationError
from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from kiosk.authoring.images import clean_image, reencode_upload
from kiosk.content.loader import validate_guide
from kiosk.content.models import ContentLibrary, Guide, ReviewStatus, Slug
from kiosk.content.problems import Problem, Severity
from kiosk.content.yaml_io import load_yaml
from kiosk.errors import Refused
from kiosk.files import write_atomically
from kiosk.store.schema import GuideRevisionRow, UserRow
from kiosk.store.transient import unavailable_as_store_error


class RevisionState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class EditConflict(Refused, RuntimeError):
    """Someone else saved this guide after the editor opened it."""


class InvalidGuide(Refused, ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.describe() for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Revision:
    slug: str
    number: int
    body: str
    state: RevisionState
    author: str | None
    created_at: datetime
    summary: str


def dump_guide(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def guide_path(content_dir: Path, slug: str) -> Path:
    return content_dir / "guides" / f"{slug}.yaml"


class NoSuchRevision(Refused, LookupError):
    """The guide has no version with this number."""


class NewGuideRefused(Refused, ValueError):
    """The short name cannot be used: `reason` is "invalid" (not lowercase words with hyphens) or "taken"."""

    def __init__(self, slug: str, reason: str) -> None:
        super().__init__(f"cannot start a guide named {slug!r}: {reason}")
        self.reason = reason


def new_guide(content_dir: Path, library: ContentLibrary, slug: str, category: str, title: str) -> dict[str, Any]:
    """The working copy of a guide that does not exist yet; its short name becomes a file name, so it is checked here."""
    try:
        TypeAdapter(Slug).validate_python(slug)
    except ValidationError as exc:
        raise NewGuideRefused(slug, "invalid") from exc
    if slug in library.guides or guide_path(content_dir, slug).exists():
        raise NewGuideRefused(slug, "taken")
    return {
        "slug": slug,
        "category": category,
        "icon": "📄",
        "source_language": "nb",
        "title": {"nb": title},
        "summary": {"nb": ""},
        "steps": [{"id": "step-1", "text": {"nb": ""}}],
    }


def add_step(data: dict[str, Any], source: str) -> str:
    """Append an empty step with an id no step of the guide has: `step-N`, N its position or the next free one.

    Step ids are what statistics, help calls and images are keyed by, so an id is never reused
    within a guide, also after steps were moved or removed. Returns the new id.
    """
    taken = {str(step.get("id")) for step in data["steps"]}
    number = len(data["steps"]) + 1
    while f"step-{number}" in taken:
        number += 1
    data["steps"].append({"id": f"step-{number}", "text": {source: ""}})
    return f"step-{number}"


def record_review(data: dict[str, Any], language: str, reviewed: bool, by: str, today: date, fingerprint: str | None) -> None:
    """The one rule for a translation's review in a guide's data, whichever screen records it.

    Reviewed: the state, who vouched for it and when (`reviewed_by`), and the source's fingerprint it
    was checked against. Unreviewed: the state, and no one's name stays on it. `fingerprint` None (a
    working copy that does not validate yet) leaves the recorded source as it was.
    """
    data.setdefault("review", {})[language] = ReviewStatus.REVIEWED.value if reviewed else ReviewStatus.UNREVIEWED.value
    if reviewed:
        data.setdefault("reviewed_by", {})[language] = {"checked": today.isoformat(), "by": by}
    else:
        (data.get("reviewed_by") or {}).pop(language, None)
    if fingerprint is not None:
        data.setdefault("translated_from", {})[language] = fingerprint


def mark_translation(data: dict[str, Any], lang: str, reviewed: bool, by: str, today: date) -> None:
    """Saving a translation vouches that it matches today's source text: its review state, who and
    when, and the source's fingerprint are recorded (the matrix calls it outdated once the source changes).

    The source language itself is never marked. A working copy that does not validate yet gets its
    review state only; the save's validation reports what is wrong.
    """
    if lang == data.get("source_language", "nb"):
        return
    try:
        fingerprint: str | None = Guide.model_validate(data).source_fingerprint()
    except ValidationError:
        fingerprint = None
    record_review(data, lang, reviewed, by, today, fingerprint)


# -- sources: the official pages a guide follows -------------------------------------------------
#
# The loader accepts an http(s) address only (Source.url is an HttpUrl); the editor checks each address as it is
# typed, so "javascript:" or "data:" is refused at once with a reason the page words in the editor's language.

SOURCE_SCHEMES = ("https", "http")
_HTTP_URL: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)


def source_problem(url: str) -> str | None:
    """Why a source's address would be refused: "empty", "scheme" (not https or http), "invalid"; None if fine."""
    text = url.strip()
    if not text:
        return "empty"
    scheme, colon, _ = text.partition(":")
    if not colon or scheme.strip().lower() not in SOURCE_SCHEMES:
        return "scheme"
    try:
        _HTTP_URL.validate_python(text)
    except ValidationError:
        return "invalid"
    return None


def source_problems(data: dict[str, Any]) -> list[tuple[int, str]]:
    """Each refused source of a working copy: (its position from 1, the reason)."""
    found = []
    for number, source in enumerate(data.get("sources") or [], start=1):
        url = source.get("url", "") if isinstance(source, dict) else ""
        reason = source_problem(url if isinstance(url, str) else "")
        if reason:
            found.append((number, reason))
    return found


def add_source(data: dict[str, Any]) -> None:
    data.setdefault("sources", []).append({"url": ""})


def remove_source(data: dict[str, Any], index: int) -> None:
    sources = data.get("sources") or []
    if 0 <= index < len(sources):
        sources.pop(index)
    if not sources:
        data.pop("sources", None)


# -- uploads staged with the draft ---------------------------------------------------------------
#
# An upload is written to the data dir, never into content/images: the kiosk reads content/, so an
# image goes live only when a draft that uses it is published. Its name carries a hash of its bytes,
# so a re-upload is a new file (the published one is untouched) and two editors' uploads for the same
# step never overwrite each other. Names are made here from the guide's and step's checked ids; the
# uploaded file's own name is never used.

STAGED_IMAGES_DIR = "staged-images"
_STAGED_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{16}\.png$")


class UnsafeImageName(Refused, ValueError):
    """A guide or step id that cannot be part of a file name (it would leave the staging folder)."""


def staging_dir(data_dir: Path, slug: str) -> Path:
    """Where the drafts of guide `slug` keep their uploads until publish."""
    try:
        TypeAdapter(Slug).validate_python(slug)
    except ValidationError as exc:
        raise UnsafeImageName(f"{slug!r} cannot name a folder") from exc
    return data_dir / STAGED_IMAGES_DIR / slug


def stage_image(data_dir: Path, slug: str, step_id: str, upload: bytes) -> str:
    """Check and re-encode an upload (kiosk/authoring/images.py) and keep it for the draft; the name to put in
    the step's `image.file` (`images/<slug>-<step>-<hash>.png`), which publish makes live."""
    folder = staging_dir(data_dir, slug)
    try:
        TypeAdapter(Slug).validate_python(step_id)
    except ValidationError as exc:
        raise UnsafeImageName(f"{step_id!r} cannot be part of a file name") from exc
    clean = reencode_upload(upload)
    name = f"{slug}-{step_id}-{hashlib.sha256(clean).hexdigest()[:16]}.png"
    path = folder / name
    if not _STAGED_NAME.fullmatch(name) or path.resolve().parent != folder.resolve():
        raise UnsafeImageName(f"{name!r} would leave the staging folder")
    write_atomically(path, clean)
    return f"images/{name}"


def staged_image(data_dir: Path, slug: str, file: str) -> Path | None:
    """The staged upload behind a step's `image.file`, if it is one (for the editor's preview)."""
    folder, _, name = file.rpartition("/")
    if folder != "images" or not _STAGED_NAME.fullmatch(name):
        return None
    path = staging_dir(data_dir, slug) / name
    return path if path.is_file() else None


def discard_staged(engine: Engine, data_dir: Path, slug: str, files: Iterable[str]) -> int:
    """An editor throws their changes away: their staged uploads go, unless a saved draft uses one
    (the other editor's, or their own earlier save). How many files were deleted."""
    kept = {step_image for revision in revisions(engine, slug) for step_image in _image_files(load_yaml(revision.body))}
    deleted = 0
    for file in set(files) - kept:
        path = staged_image(data_dir, slug, file)
        if path is not None:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def _image_files(data: Any) -> list[str]:
    steps = data.get("steps") if isinstance(data, dict) else None
    files = []
    for step in steps if isinstance(steps, list) else []:
        image = step.get("image") if isinstance(step, dict) else None
        if isinstance(image, dict) and isinstance(image.get("file"), str):
            files.append(image["file"])
    return files


def _publish_staged(data_dir: Path, slug: str, guide: Guide, content_dir: Path) -> list[Path]:
    """Copy the staged uploads the guide uses into content/images (checked again, each written atomically)."""
    published = []
    for step in guide.steps:
        staged = staged_image(data_dir, slug, step.image.file) if step.image else None
        if staged is None or step.image is None:
            continue
        target = content_dir / step.image.file
        if not target.is_file():  # the same name is the same bytes: already live
            write_atomically(target, clean_image(target.name, staged.read_bytes()))
        published.append(staged)
    return published


def check_guide(data: dict[str, Any], library: ContentLibrary, content_dir: Path, data_dir: Path | None = None) -> Guide:
    """The loader's own validation; errors become InvalidGuide with one problem per field.

    With `data_dir`, images staged for this guide's drafts count as present."""
    slug = str(data.get("slug") or "")
    staged = _staging_dir_or_none(data_dir, slug)
    guide, problems = validate_guide(
        data, slug, f"guides/{slug}.yaml", content_dir, library.languages, library.categories, staged_images=staged
    )
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if guide is None or errors:
        raise InvalidGuide(errors or problems)
    return guide


def _staging_dir_or_none(data_dir: Path | None, slug: str) -> Path | None:
    if data_dir is None:
        return None
    try:
        return staging_dir(data_dir, slug)
    except UnsafeImageName:
        return None  # the slug itself is refused by the validation


def _to_revision(row: GuideRevisionRow, author: str | None) -> Revision:
    return Revision(row.slug, row.number, row.body, RevisionState(row.state), author, row.created_at, row.summary)


def revisions(engine: Engine, slug: str) -> list[Revision]:
    """Newest first."""
    author = aliased(UserRow)
    with unavailable_as_store_error(), Session(engine) as session:
        rows = session.execute(
            select(GuideRevisionRow, author.display_name)
            .outerjoin(author, author.id == GuideRevisionRow.author_id)
            .where(GuideRevisionRow.slug == slug)
            .order_by(GuideRevisionRow.number.desc())
        ).all()
        return [_to_revision(row, name) for row, name in rows]


def latest_number(engine: Engine, slug: str) -> int:
    with unavailable_as_store_error(), Session(engine) as session:
        return int(session.scalar(select(func.max(GuideRevisionRow.number)).where(GuideRevisionRow.slug == slug)) or 0)


def working_copy(engine: Engine, content_dir: Path, slug: str) -> tuple[dict[str, Any], int]:
    """What an editor opens: the newest revision (a draft may be newer than the file), and its number."""
    history = revisions(engine, slug)
    if history:
        return load_yaml(history[0].body), history[0].number
    path = guide_path(content_dir, slug)
    return load_yaml(path.read_text(encoding="utf-8")), 0


KEPT_SUMMARY = "kept as published"  # the text a guide had before the workshop's first version of it


def normal_body(text: str) -> str:
    """A guide's text in the form saves write it (a hand-written file's comments and layout aside)."""
    return dump_guide(load_yaml(text))


def _keep_published(session: Session, content_dir: Path, slug: str, author_id: int | None) -> int | None:
    """Store the guide's file as a published revision if no revision has its text; its number, or None.

    The first text kept of a guide is number 0 (the text it came with); later ones (a file changed by hand,
    a pack) get the next number."""
    path = guide_path(content_dir, slug)
    if not path.is_file():
        return None
    text = normal_body(path.read_text(encoding="utf-8"))
    rows = session.execute(
        select(GuideRevisionRow.number, GuideRevisionRow.body)
        .where(GuideRevisionRow.slug == slug)
        .order_by(GuideRevisionRow.number.desc())
    ).all()
    if any(body == text for _, body in rows):
        return None
    number = rows[0].number + 1 if rows else 0
    session.add(
        GuideRevisionRow(
            slug=slug,
            number=number,
            body=text,
            state=RevisionState.PUBLISHED,
            author_id=author_id,
            created_at=datetime.now(UTC),
            summary=change_summary(rows[0].body, text) if rows else KEPT_SUMMARY,
        )
    )
    return number


def keep_published_text(engine: Engine, content_dir: Path, slug: str, author_id: int | None = None) -> int | None:
    """The guide's file as it is now becomes a published revision unless one has its text (see _keep_published).

    For whatever writes a guide's file other than publish (a content pack): once before, once after."""
    try:
        with unavailable_as_store_error(), Session(engine) as session, session.begin():
            return _keep_published(session, content_dir, slug, author_id)
    except IntegrityError:  # kept by another process at the same moment
        return None


def change_summary(old: str, new: str) -> str:
    diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0))
    added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
    return f"+{added} −{removed} lines" if diff else "no change"


def diff(old: str, new: str, old_label: str, new_label: str) -> str:
    return "\n".join(difflib.unified_diff(old.splitlines(), new.splitlines(), old_label, new_label, lineterm=""))


def save_draft(
    engine: Engine,
    data: dict[str, Any],
    base_number: int,
    author_id: int | None,
    library: ContentLibrary,
    content_dir: Path,
    data_dir: Path | None = None,
) -> Revision:
    """Validate and store a new revision on top of `base_number`. Refuses when someone saved in between.

    With `data_dir`, the draft may use images staged there (stage_image)."""
    check_guide(data, library, content_dir, data_dir)
    slug = data["slug"]
    body = dump_guide(data)
    try:
        with unavailable_as_store_error(), Session(engine) as session, session.begin():
            current = int(session.scalar(select(func.max(GuideRevisionRow.number)).where(GuideRevisionRow.slug == slug)) or 0)
            if current != base_number:
                raise EditConflict(f"someone else saved '{slug}' (version {current}) after you opened version {base_number}")
            # What the kiosk shows now is a version before this one goes on top (the shipped text, a hand edit).
            kept = _keep_published(session, content_dir, slug, None)
            session.flush()
            previous = _previous_body(session, content_dir, slug)
            row = GuideRevisionRow(
                slug=slug,
                # (slug, number) is unique: a simultaneous save on the same base fails here
                number=(kept if kept is not None else base_number) + 1,
                body=body,
                state=RevisionState.DRAFT,
                author_id=author_id,
                created_at=datetime.now(UTC),
                summary=change_summary(previous, body),
            )
            session.add(row)
    except IntegrityError as exc:
        raise EditConflict(f"someone else saved '{slug}' at the same moment") from exc
    return revisions(engine, slug)[0]


def _previous_body(session: Session, content_dir: Path, slug: str) -> str:
    newest = session.scalar(
        select(GuideRevisionRow.body).where(GuideRevisionRow.slug == slug).order_by(GuideRevisionRow.number.desc()).limit(1)
    )
    if newest is not None:
        return str(newest)
    path = guide_path(content_dir, slug)
    # A hand-written file is compared in the form saves are written in, so the summary shows real changes.
    return normal_body(path.read_text(encoding="utf-8")) if path.is_file() else ""


def publish(
    engine: Engine, slug: str, number: int, library: ContentLibrary, content_dir: Path, data_dir: Path | None = None
) -> Revision:
    """Make a revision what the kiosk shows: its staged images (with `data_dir`) first, then the guide's file."""
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.scalar(select(GuideRevisionRow).where(GuideRevisionRow.slug == slug, GuideRevisionRow.number == number))
        if row is None:
            raise NoSuchRevision(f"no version {number} of '{slug}'")
        body = row.body
    guide = check_guide(load_yaml(body), library, content_dir, data_dir)
    published = _publish_staged(data_dir, slug, guide, content_dir) if data_dir is not None else []
    write_atomically(guide_path(content_dir, slug), body)  # only now does the kiosk use the new images
    for staged in published:
        staged.unlink(missing_ok=True)  # live now; any other draft using it finds it in content/images
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        session.execute(
            update(GuideRevisionRow)
            .where(GuideRevisionRow.slug == slug, GuideRevisionRow.number == number)
            .values(state=RevisionState.PUBLISHED)
        )
    return next(r for r in revisions(engine, slug) if r.number == number)


def revert(
    engine: Engine, slug: str, to_number: int, author_id: int | None, library: ContentLibrary, content_dir: Path
) -> Revision:
    """A new draft with the text of an older revision (history is never rewritten)."""
    old = next((r for r in revisions(engine, slug) if r.number == to_number), None)
    if old is None:
        raise NoSuchRevision(f"no version {to_number} of '{slug}'")
    return save_draft(engine, load_yaml(old.body), latest_number(engine, slug), author_id, library, content_dir)


class DraftPending(Refused, RuntimeError):
    """The guide has a saved draft newer than what the kiosk shows: publish or revert it first."""


def publish_change(
    engine: Engine,
    slug: str,
    change: Callable[[dict[str, Any]], None],
    author_id: int | None,
    library: ContentLibrary,
    content_dir: Path,
) -> Revision:
    """Apply `change` to the published guide and publish the result at once, as a numbered revision like any save.

    For facts about the published text (it was checked, a translation was reviewed): they go on top of what
    the kiosk shows, never on top of an unpublished draft, which is refused instead of being published with them.
    """
    history = revisions(engine, slug)
    if history and history[0].state is RevisionState.DRAFT:
        raise DraftPending(f"'{slug}' has an unpublished draft (version {history[0].number})")
    data = load_yaml(guide_path(content_dir, slug).read_text(encoding="utf-8"))
    change(data)
    saved = save_draft(engine, data, history[0].number if history else 0, author_id, library, content_dir)
    return publish(engine, slug, saved.number, library, content_dir)
