"""Guides, categories and languages: the schema, the loader and the live source."""

from kiosk.content.loader import load_content
from kiosk.content.models import (
    Category,
    ContentLibrary,
    Direction,
    Guide,
    Language,
    ReviewStatus,
    SpeechEngine,
    Step,
    StepImage,
)
from kiosk.content.problems import Problem, Severity
from kiosk.content.source import ContentSnapshot, ContentSource

__all__ = [
    "Category",
    "ContentLibrary",
    "ContentSnapshot",
    "ContentSource",
    "Direction",
    "Guide",
    "Language",
    "Problem",
    "ReviewStatus",
    "Severity",
    "SpeechEngine",
    "Step",
    "StepImage",
    "load_content",
]
