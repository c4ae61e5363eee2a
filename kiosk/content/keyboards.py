"""On-screen keyboard layouts: one YAML file per script in keyboard_layouts/, chosen per language by the registry.

A kiosk's touch screen has no keyboard, and Chromium in kiosk mode on Linux shows no on-screen one, so the
search field brings its own. A layout is rows of keys (one letter each, lower case: search ignores case);
the language registry (content/languages.yaml) names a language's layout in `keyboard`. A syllabary's layout
(Tigrinya's Ge'ez fidel: hundreds of syllables) has a key per consonant that opens a row of its forms
(kiosk.content.fidel), two presses a syllable. A language with no layout gets suggestion tiles, and any
language may ask for the tiles as well (`keyboard_suggestions`). Every non-Latin layout, and a language
without one, can switch to Latin letters: brand names (BankID, NAV) are written in them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from kiosk.content import fidel

LAYOUT_DIR = Path(__file__).parent / "keyboard_layouts"
LATIN = "latin"  # the layout a non-Latin keyboard switches to
MAX_KEYS_IN_A_ROW = 12  # 12 keys of 56 px and their gaps fit the kiosk's column


class KeyboardLayout(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    direction: Literal["ltr", "rtl"] = "ltr"
    rows: list[list[str]]
    syllables: bool = False  # each key is an Ethiopic consonant that opens its forms (kiosk.content.fidel)
    marks: list[str] = []  # punctuation keys of the script (። ፣), typed as they are

    @field_validator("rows", mode="before")
    @classmethod
    def _split(cls, rows: object) -> object:
        # In the file a row is one line of keys separated by spaces.
        return [row.split() if isinstance(row, str) else row for row in rows] if isinstance(rows, list) else rows

    @field_validator("marks", mode="before")
    @classmethod
    def _split_marks(cls, marks: object) -> object:
        return marks.split() if isinstance(marks, str) else marks

    @field_validator("marks")
    @classmethod
    def _punctuation(cls, marks: list[str]) -> list[str]:
        if len(marks) > MAX_KEYS_IN_A_ROW:
            raise ValueError(f"{len(marks)} marks; up to {MAX_KEYS_IN_A_ROW} fit in a row")
        for mark in marks:
            if len(mark) != 1 or not unicodedata.category(mark).startswith("P"):
                raise ValueError(f"the mark {mark!r} is not one punctuation sign")
        return marks

    @model_validator(mode="after")
    def _consonants(self) -> KeyboardLayout:
        if self.syllables:
            for row in self.rows:
                for key in row:
                    if not fidel.is_consonant(key):
                        raise ValueError(f"the key {key!r} is not an Ethiopic consonant's first form")
        return self

    @field_validator("rows")
    @classmethod
    def _letters(cls, rows: list[list[str]]) -> list[list[str]]:
        if not rows:
            raise ValueError("a layout needs at least one row")
        for row in rows:
            if not 0 < len(row) <= MAX_KEYS_IN_A_ROW:
                raise ValueError(f"a row has {len(row)} keys; 1 to {MAX_KEYS_IN_A_ROW} fit")
            for key in row:
                if len(key) != 1 or not unicodedata.category(key).startswith("L"):
                    raise ValueError(f"the key {key!r} is not one letter")
        return rows

    @property
    def is_latin(self) -> bool:
        return all("LATIN" in unicodedata.name(key, "") for row in self.rows for key in row)

    def forms(self) -> dict[str, tuple[str, ...]]:
        """A syllabary's consonant key -> the syllables its row offers (none for an alphabet)."""
        return {key: fidel.forms(key) for row in self.rows for key in row} if self.syllables else {}

    def spoken_names(self) -> dict[str, str]:
        """Key -> the name a screen reader says, for a script a screen reader may have no voice for (a
        syllabary's keys, forms and marks); an alphabet's letters are said as they are."""
        if not self.syllables:
            return {}
        keys = [char for syllables in self.forms().values() for char in syllables] + self.marks
        return {char: fidel.spoken_name(char) for char in keys}


@lru_cache(maxsize=1)
def layouts() -> dict[str, KeyboardLayout]:
    """Every shipped layout by id (the file name). They ship with the code: a broken one is a bug, not content."""
    found = {}
    for path in sorted(LAYOUT_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[path.stem] = KeyboardLayout(id=path.stem, **data)
    return found


@dataclass(frozen=True)
class Keyboard:
    """What the search field offers a visitor reading one language."""

    layout: KeyboardLayout | None  # None: no practical keyboard, suggestion tiles only (and Latin on request)
    latin: KeyboardLayout | None  # the switch to Latin letters, for a non-Latin layout or none
    suggestions: bool  # suggestion tiles from the guides' words in the visitor's language


def keyboard_for(layout_id: str | None, suggestions: bool) -> Keyboard:
    layout = layouts().get(layout_id) if layout_id else None
    latin = None if layout is not None and layout.is_latin else layouts()[LATIN]
    return Keyboard(layout=layout, latin=latin, suggestions=suggestions or layout is None)
