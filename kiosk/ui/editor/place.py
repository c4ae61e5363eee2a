"""The editor's place on the page: which guide is open, in which language, and each guide's unsaved working copy.

It lives in the page's session state under one key and changes only by the editor's own actions (a pick, a
save, an undo), never by reading back whatever widget happens to be drawn: Streamlit forgets a widget's value
when its tab is not drawn, so a widget cannot remember where the editor was. Plain Python, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.authoring.guides import dump_guide

NEW_GUIDE = "__new__"  # the picker's "➕ New guide"


def _pruned(value: Any) -> Any:
    """Without empty mappings and lists: the editor's fields add them while drawing, they change nothing."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in ({}, [], None)}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def fingerprint(data: dict[str, Any]) -> str:
    """A working copy's text as a save would write it, for telling whether anything was changed."""
    return dump_guide(_pruned(data))


@dataclass
class WorkingCopy:
    """One guide as the editor has it: the text, the version it started from, and its uploads."""

    slug: str
    data: dict[str, Any]
    base: int
    new: bool = False  # created here and not yet on the kiosk
    saved: str = ""  # fingerprint of the text as opened or last saved
    generation: int = 0  # widget keys carry it (see guides._key)
    staged: list[str] = field(default_factory=list)
    uploads: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.saved:
            self.saved = fingerprint(self.data)

    @property
    def unsaved(self) -> bool:
        return (self.new and self.base == 0) or fingerprint(self.data) != self.saved

    def mark_saved(self, number: int) -> None:
        self.base = number
        self.saved = fingerprint(self.data)


@dataclass
class EditorPlace:
    guide: str | None = None  # a slug, NEW_GUIDE for the form, None before the first pick
    language: str | None = None
    copies: dict[str, WorkingCopy] = field(default_factory=dict)
    shown: str | None = None  # the guide whose fields were drawn last (their widget keys carry its generation)
    generation: int = 0
    flash: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) said once on the next run

    def pick(self, guide: str | None) -> None:
        self.guide = guide

    def next_generation(self) -> int:
        self.generation += 1
        return self.generation

    def keep(self, copy: WorkingCopy) -> WorkingCopy:
        """A freshly opened or created working copy becomes the guide's; widget keys start afresh."""
        copy.generation = self.next_generation()
        self.copies[copy.slug] = copy
        return copy

    def open_copy(self) -> WorkingCopy | None:
        return self.copies.get(self.guide) if self.guide else None

    def drop(self, slug: str) -> None:
        self.copies.pop(slug, None)
        if self.shown == slug:
            self.shown = None

    def unsaved_guides(self) -> list[str]:
        return [slug for slug, copy in self.copies.items() if copy.unsaved]

    def say(self, kind: str, text: str) -> None:
        self.flash.append((kind, text))

    def said(self) -> list[tuple[str, str]]:
        messages, self.flash = self.flash, []
        return messages
