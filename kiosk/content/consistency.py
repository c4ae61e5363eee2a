"""Where a guide contradicts itself, another guide or its sources, as far as a rule can tell:

- a tip, warning or problem fix that sends the visitor to an e-ID the guide's own "what you need" rules out
  ("Du kan ikke bruke MinID her." beside "Logg inn med MinID i stedet");
- a phone number for an agency that differs between guides, or is not one the agency's own page gives
  (contacts.yaml);
- a check of the guide older than a change its source page reports.

Warnings only: the kiosk serves the guide, the editor fixes it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from kiosk.content.models import Agency, Guide
from kiosk.content.problems import Problem

# The electronic IDs ID-porten offers: the names guides use for them on the screen.
ID_METHODS = ("BankID", "MinID", "Buypass", "Commfides")

# Words that turn a sentence about an e-ID into "not this one", per language the rule reads.
_NEGATIONS: dict[str, tuple[str, ...]] = {
    "nb": ("ikke", "aldri", "ingen"),
    "nn": ("ikkje", "aldri", "ingen"),
    "sv": ("inte", "aldrig", "inget", "ingen"),
    "en": ("not", "cannot", "can't", "never", "no"),
}
# A sentence ends at . ! ? (and the Arabic, Urdu and Ethiopic stops) followed by a space or the end.
_SENTENCE_END = re.compile(r"(?<=[.!?\u061f\u06d4\u1362])\s+")
_WORD = re.compile(r"[\w'’]+", re.UNICODE)


def _sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


def _negated(sentence: str, language: str) -> bool:
    words = {word.lower() for word in _WORD.findall(sentence)}
    return any(negation in words for negation in _NEGATIONS[language])


def _methods_in(sentence: str) -> list[str]:
    return [method for method in ID_METHODS if re.search(rf"\b{method}\b", sentence)]


def ruled_out(guide: Guide, language: str) -> dict[str, str]:
    """e-ID -> the sentence of "what you need" that rules it out, in one language."""
    found: dict[str, str] = {}
    for need in guide.needs.get(language, []):
        for sentence in _sentences(need):
            if _negated(sentence, language):
                for method in _methods_in(sentence):
                    found.setdefault(method, sentence)
    return found


def _advice(guide: Guide, language: str) -> Iterator[tuple[str, str, str]]:
    """(step id, field, text) of every tip, warning and problem fix: the places that tell the visitor what to do instead."""
    for step in guide.steps:
        for name, texts in step.localized_texts().items():
            if (name in ("tip", "warning") or name.endswith(".fix")) and language in texts:
                yield step.id, name, texts[language]


def id_method_contradictions(rel: str, guide: Guide) -> list[Problem]:
    """A tip, warning or fix that offers an e-ID the guide's "what you need" rules out (in each language read)."""
    problems = []
    for language in sorted(set(_NEGATIONS) & set(guide.needs)):
        excluded = ruled_out(guide, language)
        if not excluded:
            continue
        for step_id, field, text in _advice(guide, language):
            for sentence in _sentences(text):
                if _negated(sentence, language):
                    continue  # "Du kan ikke bruke MinID" agrees with the rule
                for method in _methods_in(sentence):
                    if method in excluded:
                        message = f"offers {method} ('{sentence}'), but 'what you need' rules it out ('{excluded[method]}')"
                        problems.append(
                            Problem.warning(rel, message, guide=guide.slug, step=step_id, field=f"{field}.{language}")
                        )
    return problems


# A phone number as guides write it: 8 digits in groups, or run together in right-to-left text, maybe +47 first.
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ]{6,16}\d(?!\w)")


def _digits(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[2:] if number.startswith("+47") else digits


def _agency_before(sentence: str, end: int, agencies: dict[str, Agency]) -> str | None:
    """The agency named last before position `end` in the sentence: whose number this is."""
    best: tuple[int, str] | None = None
    for agency in agencies.values():
        for name in agency.names:
            for found in re.finditer(re.escape(name), sentence[:end], re.IGNORECASE):
                if best is None or found.start() > best[0]:
                    best = (found.start(), agency.id)
    return best[1] if best else None


def _texts(guide: Guide) -> Iterator[tuple[str | None, str, str, str]]:
    """(step id, field, language, text) of every text of the guide a visitor reads."""
    for language, text in guide.after.items():
        yield None, "after", language, text
    for language, items in guide.needs.items():
        for item in items:
            yield None, "needs", language, item
    for step in guide.steps:
        for name, texts in step.localized_texts().items():
            for language, text in texts.items():
                yield step.id, name, language, text


def phone_numbers(guide: Guide, agencies: dict[str, Agency]) -> Iterator[tuple[str, str, str | None, str, str]]:
    """(agency id, digits, step id, field, language) of every number a guide gives for a known agency."""
    for step_id, field, language, text in _texts(guide):
        for sentence in _sentences(text):
            for found in _PHONE.finditer(sentence):
                digits = _digits(found.group())
                if len(digits) < 8:
                    continue
                agency = _agency_before(sentence, found.start(), agencies)
                if agency:
                    yield agency, digits, step_id, field, language


def phone_problems(guides: dict[str, Guide], agencies: dict[str, Agency]) -> list[Problem]:
    """A number for an agency that its own page does not give (contacts.yaml), or that differs between guides."""
    problems: list[Problem] = []
    used: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))  # agency -> digits -> guides
    for slug, guide in sorted(guides.items()):
        rel = f"guides/{slug}.yaml"
        reported: set[tuple[str, str]] = set()
        for agency_id, digits, step_id, field, language in phone_numbers(guide, agencies):
            if slug not in used[agency_id][digits]:
                used[agency_id][digits].append(slug)
            known = {_digits(phone.number) for phone in agencies[agency_id].phones}
            if digits not in known and (agency_id, digits) not in reported:
                reported.add((agency_id, digits))
                name = agencies[agency_id].names[0]
                given = ", ".join(phone.number for phone in agencies[agency_id].phones)
                message = (
                    f"gives {digits} for {name}, which its own page does not give (contacts.yaml: {given})"
                    if known
                    else f"gives {digits} for {name}, but no official page confirmed a number for it (contacts.yaml)"
                )
                problems.append(Problem.warning(rel, message, guide=slug, step=step_id, field=f"{field}.{language}"))
    for agency_id, numbers in sorted(used.items()):
        if len(numbers) < 2:
            continue
        listing = "; ".join(f"{digits} in {', '.join(slugs)}" for digits, slugs in sorted(numbers.items()))
        for slugs in numbers.values():
            for slug in slugs:
                message = f"{agencies[agency_id].names[0]} has different numbers in different guides: {listing}"
                problems.append(Problem.warning(f"guides/{slug}.yaml", message, guide=slug, field="phone"))
    return problems


def source_change_problems(rel: str, guide: Guide) -> list[Problem]:
    """A check older than a change its source reports: the guide may describe the page as it was."""
    if guide.verified is None:
        return []
    seen = {str(page.url): page.seen for page in guide.verified.pages}
    problems = []
    for source in guide.sources:
        if source.changed is None:
            continue
        compared = seen.get(str(source.url), guide.verified.checked)
        if compared < source.changed:
            message = f"was compared with {source.url} on {compared}, but the page changed on {source.changed}; compare it again"
            problems.append(Problem.warning(rel, message, guide=guide.slug, field="verified"))
    return problems
