"""Editors' work on life-event paths (content/paths/<slug>.yaml): open, check, save.

A path is a short list, so a save publishes at once (no drafts as for guides, see kiosk/authoring/guides.py). The
save names the version of the file it started from: if someone else saved in between, it is refused and
nothing is overwritten. A path that fails the loader's checks is refused field by field.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from kiosk.authoring.guides import EditConflict, InvalidGuide, NewGuideRefused, dump_guide
from kiosk.content.loader import validate_path
from kiosk.content.models import ContentLibrary, LifePath, Slug
from kiosk.content.problems import Severity
from kiosk.content.yaml_io import load_yaml
from kiosk.files import write_atomically

_SAVING = threading.Lock()  # check and write as one, so two editors in this process cannot both pass the check


class InvalidPath(InvalidGuide):
    """The path fails the loader's checks: one problem per field."""


def path_file(content_dir: Path, slug: str) -> Path:
    return content_dir / "paths" / f"{slug}.yaml"


def _version(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16] if text else ""


def _current_text(content_dir: Path, slug: str) -> str:
    try:
        return path_file(content_dir, slug).read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def working_copy(content_dir: Path, slug: str) -> tuple[dict[str, Any], str]:
    """The path as saved, and the version a save must start from."""
    text = _current_text(content_dir, slug)
    data = load_yaml(text) if text else None
    return (data if isinstance(data, dict) else {}), _version(text)


def new_path(content_dir: Path, library: ContentLibrary, slug: str, title: str) -> dict[str, Any]:
    try:
        TypeAdapter(Slug).validate_python(slug)
    except ValidationError as exc:
        raise NewGuideRefused(slug, "invalid") from exc
    if slug in library.paths or path_file(content_dir, slug).exists():
        raise NewGuideRefused(slug, "taken")
    return {"slug": slug, "icon": "🧭", "source_language": "nb", "title": {"nb": title}, "summary": {"nb": ""}, "guides": []}


def save_path(data: dict[str, Any], base_version: str, library: ContentLibrary, content_dir: Path) -> LifePath:
    """Check the path as the loader will, then write it; refused when the file changed since `base_version`."""
    slug = str(data.get("slug") or "")
    found, problems = validate_path(data, slug, f"paths/{slug}.yaml", library.guides, library.languages)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if found is None or errors:
        raise InvalidPath(errors or problems)
    with _SAVING:
        if _version(_current_text(content_dir, slug)) != base_version:
            raise EditConflict(f"path '{slug}' was saved by someone else after it was opened")
        write_atomically(path_file(content_dir, slug), dump_guide(found.model_dump(mode="json", exclude_defaults=True)))
    return found
