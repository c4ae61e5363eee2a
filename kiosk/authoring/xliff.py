"""Translation exchange with an agency: a language's guides out as XLIFF (written and read by translate-toolkit), and back in.

Each unit is one text of one guide, keyed `<slug>/<field>` (`tax-return/title`,
`tax-return/steps/open-topic/text`, `tax-return/needs/0`), and carries a note with the fingerprint of
the source text it was made from. An import applies a unit only when the source is still that text;
a unit whose source changed meanwhile is reported and left out, never applied silently. Imported
translations are marked reviewed only when the importer says a fluent person checked them.

The file comes from outside and is hostile until read: size-limited, and refused with any DTD or entity
declaration (defusedxml) before translate-toolkit reads it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException
from lxml import etree
from sqlalchemy import Engine
from translate.storage import xliff

from kiosk.accounts.auth import User
from kiosk.authoring.guides import InvalidGuide, Revision, check_guide, publish, record_review, save_draft, working_copy
from kiosk.authoring.review import ReviewRefused, may_review
from kiosk.content.models import ContentLibrary
from kiosk.content.status import TranslationState, translation_state
from kiosk.errors import Refused

MAX_XLIFF_BYTES = 5 * 1024 * 1024
ORIGINAL = "library-help-kiosk-guides"
NOTE_FROM = "library-help-kiosk"
_FINGERPRINT_NOTE = re.compile(r"source-fingerprint:\s*([0-9a-f]{16})")
_STEP_FIELDS = ("text", "tip", "warning", "image-alt")


class XliffRefused(Refused, ValueError):
    """The file cannot be read as our XLIFF: `reason` is "too_big", "unsafe", "unreadable" or "language"."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _texts(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(field path, {lang: text}) for every translatable text of a guide, in reading order; lists by item."""
    for name in ("title", "summary"):
        yield name, data.get(name) or {}
    for index in range(max((len(v) for v in (data.get("needs") or {}).values()), default=0)):
        yield f"needs/{index}", {lang: items[index] for lang, items in (data.get("needs") or {}).items() if index < len(items)}
    for step in data.get("steps") or []:
        for name in _STEP_FIELDS:
            texts = (step.get("image") or {}).get("alt") if name == "image-alt" else step.get(name)
            if texts:
                yield f"steps/{step['id']}/{name}", texts
    if data.get("after"):
        yield "after", data["after"]


def export_xliff(library: ContentLibrary, content_dir: Path, language: str, only_needed: bool = False) -> bytes:
    """The language's guides (or only those missing or outdated there) as one XLIFF file, targets filled where we have them."""
    store: Any = xliff.xlifffile(sourcelanguage="", targetlanguage=language)
    store.setsourcelanguage(library.guides[next(iter(library.guides))].source_language if library.guides else "nb")
    for slug, guide in library.guides.items():
        if language == guide.source_language:
            continue
        state = translation_state(guide, language)
        if only_needed and state not in (TranslationState.MISSING, TranslationState.OUTDATED):
            continue
        data = guide.model_dump(mode="json", exclude_none=True)
        for path, texts in _texts(data):
            source = texts.get(guide.source_language)
            if not source:
                continue
            unit = store.addsourceunit(source)
            unit.setid(f"{slug}/{path}")
            unit.addnote(f"source-fingerprint: {fingerprint(source)}", origin=NOTE_FROM)
            target = texts.get(language)
            if target:
                unit.target = target
                if state is TranslationState.OUTDATED:
                    unit.xmlelement.find(unit.namespaced("target")).set("state", "needs-review-translation")
    for file_node in store.document.getroot().iterchildren(store.namespaced("file")):
        file_node.set("original", ORIGINAL)
    return bytes(store)


@dataclass
class XliffReport:
    language: str
    applied: dict[str, int] = field(default_factory=dict)  # slug -> texts taken in
    changed_source: list[str] = field(default_factory=list)  # unit keys whose source changed since export
    unknown: list[str] = field(default_factory=list)  # unit keys naming no guide, step or field we have
    untranslated: int = 0
    invalid: dict[str, str] = field(default_factory=dict)  # slug -> why the guide would not validate
    saved: dict[str, Revision] = field(default_factory=dict)


def read_xliff(data: bytes) -> tuple[str, list[tuple[str, str, str | None, str]]]:
    """(target language, [(unit key, source, fingerprint from the note, target)]) from an untrusted file."""
    if len(data) > MAX_XLIFF_BYTES:
        raise XliffRefused("too_big", f"the file is {len(data)} bytes; at most {MAX_XLIFF_BYTES} are read")
    try:
        SafeTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise XliffRefused("unsafe", f"the file declares a DTD or entities ({type(exc).__name__})") from exc
    except ParseError as exc:
        raise XliffRefused("unreadable", f"not XML: {exc}") from exc
    try:
        store = xliff.xlifffile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError, AttributeError) as exc:
        raise XliffRefused("unreadable", f"not XLIFF: {exc}") from exc
    language = (store.gettargetlanguage() or "").strip()
    units = []
    for unit in store.getunits():
        key = unit.xmlelement.get("id") or ""
        found = _FINGERPRINT_NOTE.search(unit.getnotes(NOTE_FROM) or unit.getnotes() or "")
        units.append((key, str(unit.source or ""), found.group(1) if found else None, str(unit.target or "").strip()))
    return language, units


def _apply(data: dict[str, Any], path: str, language: str, text: str) -> bool:
    """Put one translated text into the guide's data; False when the path names nothing in it."""
    parts = path.split("/")
    if parts[0] in ("title", "summary", "after") and len(parts) == 1:
        data.setdefault(parts[0], {})[language] = text
        return True
    if parts[0] == "needs" and len(parts) == 2 and parts[1].isdigit():
        source = (data.get("needs") or {}).get(data.get("source_language", "nb")) or []
        index = int(parts[1])
        if index >= len(source):
            return False
        items = list(data["needs"].get(language) or []) + [""] * len(source)
        items[index] = text
        data["needs"][language] = items[: len(source)]
        return True
    if parts[0] == "steps" and len(parts) == 3 and parts[2] in _STEP_FIELDS:
        step = next((s for s in data.get("steps") or [] if s.get("id") == parts[1]), None)
        if step is None:
            return False
        if parts[2] == "image-alt":
            if not step.get("image"):
                return False
            step["image"].setdefault("alt", {})[language] = text
        else:
            step.setdefault(parts[2], {})[language] = text
        return True
    return False


def _source_now(data: dict[str, Any], path: str) -> str | None:
    return _translation_now(data, path, data.get("source_language", "nb"))


def _translation_now(data: dict[str, Any], path: str, language: str) -> str | None:
    return next((texts.get(language) for p, texts in _texts(data) if p == path), None)


def import_xliff(
    engine: Engine,
    library: ContentLibrary,
    content_dir: Path,
    data: bytes,
    *,
    reviewed: bool,
    by: str,
    author_id: int | None,
    today: date,
    publish_now: bool = False,
    reviewer: User | None = None,
) -> XliffReport:
    """Take an agency's file in: each guide's texts as one new draft (published too when asked).

    `reviewed` vouches for the file's language: only a `reviewer` who may review it (review.may_review) can."""
    language, units = read_xliff(data)
    if language not in library.languages:
        raise XliffRefused("language", f"the file's target language '{language[:12]}' is not one of the kiosk's languages")
    if reviewed and (reviewer is None or not may_review(reviewer, language)):
        who = reviewer.username if reviewer else "nobody"
        raise ReviewRefused("not_yours", f"{who} may not mark translations in '{language}' reviewed")
    report = XliffReport(language)
    by_guide: dict[str, list[tuple[str, str, str | None, str]]] = {}
    for key, source, noted, target in units:
        slug, _, path = key.partition("/")
        if slug not in library.guides or not path:
            report.unknown.append(key)
        elif not target:
            report.untranslated += 1
        else:
            by_guide.setdefault(slug, []).append((path, source, noted, target))
    for slug, guide_units in by_guide.items():
        _import_guide(engine, library, content_dir, slug, guide_units, report, reviewed, by, author_id, today, publish_now)
    return report


def _import_guide(
    engine: Engine,
    library: ContentLibrary,
    content_dir: Path,
    slug: str,
    units: list[tuple[str, str, str | None, str]],
    report: XliffReport,
    reviewed: bool,
    by: str,
    author_id: int | None,
    today: date,
    publish_now: bool,
) -> None:
    language = report.language
    data, base = working_copy(engine, content_dir, slug)
    if language == data.get("source_language", "nb"):
        report.unknown += [f"{slug}/{path}" for path, *_ in units]
        return
    applied = 0
    for path, source, noted, target in units:
        now = _source_now(data, path)
        if now is None:
            report.unknown.append(f"{slug}/{path}")
        elif (noted or fingerprint(source)) != fingerprint(now):
            report.changed_source.append(f"{slug}/{path}")
        elif _translation_now(data, path, language) == target:
            continue  # the text we already have: an unchanged guide gets no new version
        elif _apply(data, path, language, target):
            applied += 1
        else:
            report.unknown.append(f"{slug}/{path}")
    if not applied:
        return
    stale = any(key.startswith(f"{slug}/") for key in report.changed_source)
    try:
        guide = check_guide(data, library, content_dir)
    except InvalidGuide as exc:
        report.invalid[slug] = str(exc)
        return
    source_now = guide.source_fingerprint() if language in guide.languages() and not stale else None
    record_review(data, language, reviewed, by, today, source_now)
    saved = save_draft(engine, data, base, author_id, library, content_dir)
    report.saved[slug] = publish(engine, slug, saved.number, library, content_dir) if publish_now else saved
    report.applied[slug] = applied
