"""Has a machine-made translation kept the meaning of its Norwegian source? What a rule can compare:

- without a back-translation, the parts a translation must carry over unchanged whatever the language: numbers
  (phone numbers, days, ages), the service's on-screen words in «…», e-ID names, web addresses, and a UI text's
  {placeholders};
- with a back-translation (the translation put back into Norwegian by someone else, one text per line of a YAML
  file), also whether a negation was lost or added ("ikke", "aldri" …) and the numbers once more.

Everything else about meaning needs a reader: the report says how many texts were compared in which way, and
never counts a text as compared that was not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from kiosk.authoring.guides import publish_change
from kiosk.content.consistency import ID_METHODS
from kiosk.content.models import ContentLibrary, Guide, ReviewStatus

_NUMBER = re.compile(r"\d+(?:[ .]\d+)*")
_QUOTED = re.compile(r"«([^»]+)»")
_ADDRESS = re.compile(r"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:no|com|org|net)(?:/[\w\-./]*[\w/])?", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# Norwegian negations, to compare a back-translation with its source.
_NEGATIONS = ("ikke", "ikkje", "aldri", "ingen", "ingenting", "uten", "utan")


def _ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as 0-9, so "٥٥" and "55" compare equal."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


def numbers(text: str) -> set[str]:
    """The numbers in a text, digit groups joined ("55 55 33 33" and "55553333" are one number)."""
    found = set()
    for match in _NUMBER.finditer(_ascii_digits(text)):
        value = re.sub(r"\D", "", match.group())
        found.add(value)
    return found


def _fixed_parts(text: str) -> dict[str, set[str]]:
    return {
        "number": numbers(text),
        "on-screen word": set(_QUOTED.findall(text)),
        # Latin-letter edges, not \b: Tigrinya and other scripts attach their prefixes to a name ("ብBankID").
        "e-ID": {method for method in ID_METHODS if re.search(rf"(?<![A-Za-z]){method}(?![A-Za-z])", text)},
        "address": {address.lower().rstrip("/") for address in _ADDRESS.findall(text)},
        "placeholder": set(_PLACEHOLDER.findall(text)),
    }


def fixed_part_drift(source: str, translation: str, kiosk_words: dict[str, str] | None = None) -> list[str]:
    """What the translation lost or added of the parts no language changes. `kiosk_words`: the kiosk's own
    button names, Norwegian -> this language ("Be om hjelp" is «Poproś o pomoc» on a Polish kiosk)."""
    want, got = _fixed_parts(source), _fixed_parts(translation)
    kiosk_words = kiosk_words or {}
    drift = []
    for kind in want:
        missing = want[kind] - got[kind]
        extra = got[kind] - want[kind]
        if kind == "on-screen word":
            translated = {word for word in missing if kiosk_words.get(word) in got[kind]}
            missing -= translated
            extra -= {kiosk_words[word] for word in translated}
            # A Norwegian term the source names unquoted, quoted in the translation ("kodebrikke"), is no change.
            extra = {word for word in extra if word.casefold() not in source.casefold()}
        if missing:
            drift.append(f"{kind} missing: {', '.join(sorted(missing))}")
        # Added numbers are often a clarification ("11 digits"); added words, IDs or addresses change what to do.
        if kind != "number" and extra:
            drift.append(f"{kind} added: {', '.join(sorted(extra))}")
    return drift


def _negated(text: str) -> bool:
    words = {word.lower() for word in re.findall(r"\w+", text)}
    return any(negation in words for negation in _NEGATIONS)


def back_translation_drift(source: str, back: str) -> list[str]:
    """What a back-translation shows lost or added: a negation, a number."""
    drift = []
    if _negated(source) != _negated(back):
        drift.append("negation lost" if _negated(source) else "negation added")
    if missing := sorted(numbers(source) - numbers(back)):
        drift.append(f"number missing in the back-translation: {', '.join(missing)}")
    return drift


@dataclass(frozen=True)
class Drift:
    where: str  # "guides/tax-return.yaml tip of step open-topic" or "ui/pl.yaml home.title"
    language: str
    reasons: list[str]


@dataclass
class LanguageReport:
    language: str
    texts: int = 0  # machine-made texts (translations no person has reviewed)
    by_fixed_parts: int = 0  # compared by the parts no language changes
    by_back_translation: int = 0  # also compared with a back-translation
    drifted: list[Drift] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{self.language}: {self.texts} machine-made texts; {self.by_fixed_parts} compared by numbers, on-screen"
            f" words, e-IDs, addresses and placeholders; {self.by_back_translation} compared with a back-translation;"
            f" {len(self.drifted)} drifted"
        )


def _guide_texts(guide: Guide) -> Iterator[tuple[str, dict[str, str]]]:
    yield "title", guide.title
    yield "summary", guide.summary
    if guide.after:
        yield "after", guide.after
    for index in range(len(guide.needs.get(guide.source_language, []))):
        yield f"needs[{index + 1}]", {code: items[index] for code, items in guide.needs.items() if index < len(items)}
    for step in guide.steps:
        for name, texts in step.localized_texts().items():
            yield f"steps.{step.id}.{name}", texts


BackTranslations = dict[str, dict[str, str]]  # "<guide>/<field>" or "ui/<key>" -> language -> Norwegian text


def meaning_report(
    library: ContentLibrary, languages: list[str] | None = None, back: BackTranslations | None = None
) -> list[LanguageReport]:
    """Every machine-made guide and UI text in each language, compared with its Norwegian source as far as a rule can."""
    back = back or {}
    codes = [code for code in library.languages if code != "nb" and (languages is None or code in languages)]
    reports = {code: LanguageReport(code) for code in codes}
    source_ui = library.messages.get("nb", {})
    kiosk_words = {code: {text: library.messages.get(code, {}).get(key, "") for key, text in source_ui.items()} for code in codes}
    for slug, guide in sorted(library.guides.items()):
        src = guide.source_language
        for name, texts in _guide_texts(guide):
            for code in codes:
                if code == src or code not in texts or src not in texts:
                    continue
                if guide.review_status(code) is ReviewStatus.REVIEWED:
                    continue  # a person checked it: not machine-made any more
                key = f"{slug}/{name}"
                where = f"guides/{slug}.yaml {name}"
                _compare(reports[code], where, texts[src], texts[code], back.get(key, {}).get(code), kiosk_words[code])
    for code in codes:
        for key, text in sorted(library.messages.get(code, {}).items()):
            if key in source_ui:
                back_text = back.get(f"ui/{key}", {}).get(code)
                _compare(reports[code], f"ui/{code}.yaml {key}", source_ui[key], text, back_text)
    return [reports[code] for code in codes]


def _compare(
    report: LanguageReport,
    where: str,
    source: str,
    translation: str,
    back: str | None,
    kiosk_words: dict[str, str] | None = None,
) -> None:
    report.texts += 1
    report.by_fixed_parts += 1
    reasons = fixed_part_drift(source, translation, kiosk_words)
    if back is not None:
        report.by_back_translation += 1
        reasons += back_translation_drift(source, back)
    if reasons:
        report.drifted.append(Drift(where, report.language, reasons))


def meaning_checked(library: ContentLibrary, back: BackTranslations) -> list[tuple[str, str]]:
    """(guide, language) whose every machine-made text has a back-translation and none drifted: the only ones a
    meaning check may be recorded for."""
    source_ui = library.messages.get("nb", {})
    found = []
    for slug, guide in sorted(library.guides.items()):
        src = guide.source_language
        for code in library.languages:
            if code == src or code not in guide.languages() or guide.review_status(code) is ReviewStatus.REVIEWED:
                continue
            words = {text: library.messages.get(code, {}).get(key, "") for key, text in source_ui.items()}
            texts = [(name, t) for name, t in _guide_texts(guide) if code in t and src in t]
            complete = all(code in back.get(f"{slug}/{name}", {}) for name, _ in texts)
            if complete and not any(
                fixed_part_drift(t[src], t[code], words) or back_translation_drift(t[src], back[f"{slug}/{name}"][code])
                for name, t in texts
            ):
                found.append((slug, code))
    return found


def record_meaning_checks(
    engine: Engine,
    library: ContentLibrary,
    content_dir: Path,
    checked: list[tuple[str, str]],
    by: str,
    today: date,
) -> int:
    """Write "meaning checked" (who, when, against which source) into each guide, as a published revision."""
    languages: dict[str, list[str]] = {}
    for slug, code in checked:
        languages.setdefault(slug, []).append(code)
    for slug, codes in languages.items():
        fingerprint = library.guides[slug].source_fingerprint()

        def stamp(data: dict[str, Any], codes: list[str] = codes, fingerprint: str = fingerprint) -> None:
            records = data.setdefault("meaning_checked", {})
            for code in codes:
                records[code] = {"checked": today.isoformat(), "by": by, "source": fingerprint}

        publish_change(engine, slug, stamp, None, library, content_dir)
    return len(checked)
