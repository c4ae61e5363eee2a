"""Pydantic models of the content: languages, categories, guides and their steps.

Models check the shape of one item; references between items (a guide's category,
its languages, its images) are checked by the loader, which sees the whole library.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    field_validator,
    model_validator,
)

from kiosk.content.keyboards import layouts
from kiosk.patterns import LANGUAGE_CODE_RE

LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_CODE_RE.pattern)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]


MAX_TEXT_LENGTH = 1500  # a step is one action: longer text is a mistake, or an attack
_HTML_TAG = re.compile(r"<\s*[A-Za-z!/?]")
# Characters that reorder or hide text: bidi embeddings, overrides and isolates (text that reads other
# than it is stored, e.g. a swapped phone number or address), zero-width space, word joiner, invisible
# operators, byte-order mark. ZWNJ and ZWJ (U+200C, U+200D) are not here: Persian, Urdu, Indic scripts
# and emoji need them; nor are LRM/RLM/ALM, the marks right-to-left text uses for its punctuation.
_HIDDEN_CHARACTERS = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\u206a-\u206f\ufeff]")


def hidden_character(value: str) -> str | None:
    """The first character of `value` that can hide or reorder text, if any (also written as an entity)."""
    found = _HIDDEN_CHARACTERS.search(value) or _HIDDEN_CHARACTERS.search(html.unescape(value))
    return found.group() if found else None


# Where Markdown takes a link or image address: inline `](dest)` and reference definitions `[ref]: dest`.
_INLINE_DESTINATION = re.compile(r"\]\(\s*<?([^\s>)]*)")
# A definition may stand inside a list item or quote ("- [ref]: ..."): any such prefix counts.
_REFERENCE_DEFINITION = re.compile(r"^[ \t>*+\-.)0-9]*\[(?:[^\]\\]|\\.)+\]:\s*<?(\S*)", re.MULTILINE)
_ALLOWED_LINK = re.compile(r"(?:https?://[^/\s\\]|mailto:[^\s]|tel:\+?[0-9])", re.IGNORECASE)


def plain_text(value: str) -> str:
    """Guide text is plain text with light Markdown; HTML never reaches the kiosk, nor does a link but to the web."""
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if len(value) > MAX_TEXT_LENGTH:
        raise ValueError(f"is {len(value)} characters long; at most {MAX_TEXT_LENGTH} are allowed")
    if _HTML_TAG.search(value):
        raise ValueError("contains HTML; write plain text (use **bold** for emphasis)")
    hidden = _HIDDEN_CHARACTERS.search(value) or _HIDDEN_CHARACTERS.search(html.unescape(value))  # also as &#x202E;
    if hidden:
        raise ValueError(f"contains an invisible control character (U+{ord(hidden.group()):04X}) that can hide or reorder text")
    if "![" in value:
        raise ValueError("contains an image; a step's picture goes in its image field")
    for found in (*_INLINE_DESTINATION.finditer(value), *_REFERENCE_DEFINITION.finditer(value)):
        # Markdown decodes entities in addresses (&#x6a;avascript: is javascript:); check what the browser gets.
        address = html.unescape(found.group(1))
        if not _ALLOWED_LINK.match(address):
            raise ValueError(
                f"contains the link '{found.group(1)[:60]}'; links must start with https:// (or http://, mailto:, tel:)"
            )
    return value


Text = Annotated[str, AfterValidator(plain_text)]
LocalizedText = dict[LanguageCode, Text]
LocalizedList = dict[LanguageCode, list[Text]]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Direction(StrEnum):
    LTR = "ltr"
    RTL = "rtl"


class SpeechEngine(StrEnum):
    GTTS = "gtts"  # online, better voices
    ESPEAK = "espeak"  # offline fallback


class Language(_Model):
    code: LanguageCode
    native_name: Text
    english_name: Text
    norwegian_name: Text
    direction: Direction = Direction.LTR
    # Engine -> the voice/language code that engine uses for this language.
    speech: dict[SpeechEngine, Text] = Field(default_factory=dict)
    # The search field's on-screen keyboard (a file in kiosk/content/keyboard_layouts); none: suggestion tiles.
    keyboard: str | None = None
    keyboard_suggestions: bool = False  # suggestion tiles beside the keyboard too

    @field_validator("keyboard")
    @classmethod
    def _known_keyboard(cls, value: str | None) -> str | None:
        if value is not None and value not in layouts():
            raise ValueError(f"no keyboard layout '{value}'; there are {', '.join(sorted(layouts()))}")
        return value

    @property
    def is_rtl(self) -> bool:
        return self.direction is Direction.RTL

    @property
    def can_be_read_aloud(self) -> bool:
        return bool(self.speech)


class Category(_Model):
    id: Slug
    icon: Text
    kind: Literal["life_event", "everyday"]
    title: LocalizedText
    # The library's own services: their guides point to the library's web page (KIOSK_LIBRARY_URL)
    # instead of a service_url of their own.
    local: bool = False

    @field_validator("title")
    @classmethod
    def _has_title(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise ValueError("needs a title in at least one language")
        return value


class ReviewStatus(StrEnum):
    REVIEWED = "reviewed"  # checked by a fluent reader
    UNREVIEWED = "unreviewed"  # machine or unchecked translation: the kiosk says so


class Source(_Model):
    """An official page the guide follows."""

    url: HttpUrl
    title: Text | None = None


class Verification(_Model):
    """When a person last checked a text against something (a guide against its sources, a translation), and who."""

    checked: date
    by: Annotated[str, StringConstraints(min_length=1, max_length=120)]


class StepImage(_Model):
    file: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_./-]+\.(svg|png|jpe?g|webp)$")]
    alt: LocalizedText

    @field_validator("file")
    @classmethod
    def _inside_content(cls, value: str) -> str:
        if value.startswith("/") or ".." in value.split("/"):
            raise ValueError("must be a path inside the content folder")
        return value


ProblemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=32)]


class StepProblem(_Model):
    """Something that often goes wrong at a step ("The code did not arrive") and what the visitor can try alone."""

    id: ProblemId  # recorded in the statistics and carried by a help call: never free text
    symptom: LocalizedText
    fix: LocalizedText


class Step(_Model):
    id: Slug
    text: LocalizedText
    image: StepImage | None = None
    tip: LocalizedText | None = None
    warning: LocalizedText | None = None
    problems: list[StepProblem] = Field(default_factory=list)
    # The visitor types a code, PIN or password here: the kiosk reminds them nobody may see it, and staff
    # called from here are told to look away. None: not said (`content check` warns when the text names a code).
    secret: bool | None = None

    @field_validator("problems")
    @classmethod
    def _unique_problem_ids(cls, problems: list[StepProblem]) -> list[StepProblem]:
        ids = [problem.id for problem in problems]
        twice = sorted({ident for ident in ids if ids.count(ident) > 1})
        if twice:
            raise ValueError(f"problem id '{twice[0]}' is used twice in this step")
        return problems

    def localized_texts(self) -> dict[str, dict[str, str]]:
        """Every translatable text of the step by field name ("text", "problems.<id>.fix" …), for checks and coverage."""
        texts = {name: value for name, value in (("text", self.text), ("tip", self.tip), ("warning", self.warning)) if value}
        if self.image:
            texts["image.alt"] = self.image.alt
        for problem in self.problems:
            texts[f"problems.{problem.id}.symptom"] = problem.symptom
            texts[f"problems.{problem.id}.fix"] = problem.fix
        return texts


class Guide(_Model):
    slug: Slug
    category: Slug
    icon: Text
    source_language: LanguageCode = "nb"
    title: LocalizedText
    summary: LocalizedText
    tags: LocalizedList = Field(default_factory=dict)
    synonyms: LocalizedList = Field(default_factory=dict)
    needs: LocalizedList = Field(default_factory=dict, description="What you need before you start.")
    service_url: HttpUrl | None = Field(default=None, description="The official page of the service.")
    steps: list[Step] = Field(min_length=1)
    after: LocalizedText = Field(default_factory=dict, description="What happens next, where to get help.")
    review: dict[LanguageCode, ReviewStatus] = Field(default_factory=dict)
    # language -> fingerprint of the source text the translation was made from: a changed source
    # makes the translation "outdated" in the editor's matrix.
    translated_from: dict[LanguageCode, str] = Field(default_factory=dict)
    # The official pages the steps follow, and when someone last compared the steps with them.
    sources: list[Source] = Field(default_factory=list)
    verified: Verification | None = None
    # language -> who marked the translation reviewed, and when
    reviewed_by: dict[LanguageCode, Verification] = Field(default_factory=dict)

    @field_validator("steps")
    @classmethod
    def _unique_step_ids(cls, steps: list[Step]) -> list[Step]:
        seen: set[str] = set()
        for step in steps:
            if step.id in seen:
                raise ValueError(f"step id '{step.id}' is used twice")
            seen.add(step.id)
        return steps

    @model_validator(mode="after")
    def _source_language_complete(self) -> Guide:
        src = self.source_language
        missing = [name for name in ("title", "summary") if src not in getattr(self, name)]
        missing += [f"steps.{s.id}.text" for s in self.steps if src not in s.text]
        missing += [f"steps.{s.id}.image.alt" for s in self.steps if s.image and src not in s.image.alt]
        missing += [
            f"steps.{s.id}.{name}"
            for s in self.steps
            for name, texts in s.localized_texts().items()
            if name.startswith("problems.") and src not in texts
        ]
        if missing:
            raise ValueError(f"source language '{src}' is missing: {', '.join(missing)}")
        return self

    def languages(self) -> list[str]:
        """Languages in which the title, summary and every step are written."""
        codes = set(self.title) & set(self.summary)
        for step in self.steps:
            codes &= set(step.text)
        return sorted(codes)

    def complete_languages(self) -> list[str]:
        """Languages in which everything the source language has is written: needs, steps, tips, alt text, after."""
        src = self.source_language
        texts: list[dict[str, str] | dict[str, list[str]]] = [self.title, self.summary]
        texts += [field for field in (self.needs, self.after) if src in field]
        for step in self.steps:
            texts += list(step.localized_texts().values())
        codes = set(texts[0])
        for field in texts[1:]:
            codes &= set(field)
        return sorted(codes)

    def source_fingerprint(self) -> str:
        """Changes whenever the source-language text changes."""
        src = self.source_language
        parts = [self.title.get(src, ""), self.summary.get(src, "")]
        for step in self.steps:
            parts += [step.id, step.text.get(src, "")]
            parts += [texts.get(src, "") for texts in (step.tip, step.warning) if texts]
            for problem in step.problems:  # a new or changed problem makes its translations outdated too
                parts += [problem.id, problem.symptom.get(src, ""), problem.fix.get(src, "")]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]

    def review_status(self, language: str) -> ReviewStatus:
        if language == self.source_language:
            return self.review.get(language, ReviewStatus.REVIEWED)
        return self.review.get(language, ReviewStatus.UNREVIEWED)


class LifePath(_Model):
    """A life event as guides in the order people need them (paths/<slug>.yaml); each guide also stands alone."""

    slug: Slug
    icon: Text
    source_language: LanguageCode = "nb"
    title: LocalizedText
    summary: LocalizedText
    guides: list[Slug] = Field(min_length=2, max_length=12)
    review: dict[LanguageCode, ReviewStatus] = Field(default_factory=dict)

    @field_validator("guides")
    @classmethod
    def _each_guide_once(cls, guides: list[str]) -> list[str]:
        twice = sorted({slug for slug in guides if guides.count(slug) > 1})
        if twice:
            raise ValueError(f"guide '{twice[0]}' is listed twice")
        return guides

    @model_validator(mode="after")
    def _source_language_complete(self) -> LifePath:
        missing = [name for name in ("title", "summary") if self.source_language not in getattr(self, name)]
        if missing:
            raise ValueError(f"source language '{self.source_language}' is missing: {', '.join(missing)}")
        return self

    def languages(self) -> list[str]:
        return sorted(set(self.title) & set(self.summary))

    def review_status(self, language: str) -> ReviewStatus:
        default = ReviewStatus.REVIEWED if language == self.source_language else ReviewStatus.UNREVIEWED
        return self.review.get(language, default)


class MostUsedGuides(_Model):
    min_other_languages: int = Field(default=10, ge=0)
    guides: list[Slug] = Field(default_factory=list)


class Coverage(_Model):
    """The languages the guide library promises (coverage.yaml); `content check` warns where it falls short."""

    every_guide: list[LanguageCode] = Field(default_factory=list)
    most_used: MostUsedGuides = Field(default_factory=MostUsedGuides)


class ContentLibrary(_Model):
    """Everything the kiosk serves, as one consistent whole."""

    languages: dict[str, Language]
    categories: dict[str, Category]
    guides: dict[str, Guide]
    # language -> message key -> text
    messages: dict[str, dict[str, str]] = Field(default_factory=dict)
    coverage: Coverage = Field(default_factory=Coverage)
    paths: dict[str, LifePath] = Field(default_factory=dict)

    def guides_in(self, category_id: str) -> list[Guide]:
        return [g for g in self.guides.values() if g.category == category_id]
