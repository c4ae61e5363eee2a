"""Plain-language measures for guide texts. LIX (Björnsson's readability index) is what
Norwegian plain-language work ("klarspråk") uses: sentence length plus the share of long words.
LIX <= 40 reads as easy to medium."""

from __future__ import annotations

import re

from kiosk.content.models import Guide

MAX_LIX = 40.0
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)|\n+")
# «On-screen words» are quoted from the service, not written by us: they do not count.
_QUOTED = re.compile(r"«[^»]*»")


def lix(text: str) -> float:
    """Words per sentence + percentage of words longer than six letters."""
    text = _QUOTED.sub("X", text)
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    long_words = sum(1 for word in words if len(word) > 6)
    return round(len(words) / sentences + 100 * long_words / len(words), 1)


def guide_text(guide: Guide, language: str) -> str:
    """Everything a reader reads in one language, one sentence-ending per item."""
    parts = [guide.title.get(language, ""), guide.summary.get(language, "")]
    parts += guide.needs.get(language, [])
    for step in guide.steps:
        parts += [step.text.get(language, "")]
        parts += [texts.get(language, "") for texts in (step.tip, step.warning) if texts]
        for problem in step.problems:  # read by the same visitor, in the same hurry
            parts += [problem.symptom.get(language, ""), problem.fix.get(language, "")]
    parts.append(guide.after.get(language, ""))
    return "\n".join(part for part in parts if part)


def guide_lix(guide: Guide, language: str = "nb") -> float | None:
    if language not in guide.languages():
        return None
    return lix(guide_text(guide, language))
