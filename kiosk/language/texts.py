"""Languages on screen: UI texts, picking the best text for a language, fallbacks.

The reference catalog is English: a language is offered to citizens only when its
catalog has every key the English one has.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter

from kiosk.content.models import ContentLibrary, Language

REFERENCE_LANGUAGE = "en"
NORWEGIAN = "nb"
# Readers who read Norwegian (bokmål) as their own: nynorsk and bokmål readers read each other's written language,
# Northern Sami readers in Norway and Swedish readers read it before English. A text missing in their language
# falls back to bokmål first, and a staff notice (written in bokmål) needs no English beside it.
READS_NORWEGIAN = frozenset({NORWEGIAN, "nn", "se", "sv"})


@dataclass(frozen=True)
class Localized:
    """A text and the language it is really in (which may be a fallback)."""

    text: str
    language: str
    is_fallback: bool


def fallback_chain(language: str, default_language: str) -> list[str]:
    """The order in which languages are tried for a text shown in `language`."""
    chain = [language]
    if language in READS_NORWEGIAN and language != NORWEGIAN:
        chain.append(NORWEGIAN)
    for code in (REFERENCE_LANGUAGE, default_language, NORWEGIAN):
        if code not in chain:
            chain.append(code)
    return chain


def pick(texts: dict[str, str], language: str, default_language: str = "nb") -> Localized | None:
    """The text for `language`, or the best fallback, or None when there is no text at all."""
    if not texts:
        return None
    for code in fallback_chain(language, default_language):
        if code in texts:
            return Localized(texts[code], code, code != language)
    code = sorted(texts)[0]
    return Localized(texts[code], code, True)


def missing_ui_keys(library: ContentLibrary) -> dict[str, list[str]]:
    """Per known language, the UI keys its catalog lacks compared with English."""
    reference = library.messages.get(REFERENCE_LANGUAGE, {})
    result: dict[str, list[str]] = {}
    for code in library.languages:
        catalog = library.messages.get(code, {})
        missing = sorted(key for key in reference if key not in catalog)
        missing += sorted(
            key for key in reference if key in catalog and _placeholders(catalog[key]) != _placeholders(reference[key])
        )
        result[code] = missing
    return result


# The content library is replaced, never changed, when content is reloaded: the answer for one library
# object holds for its life. Computing it on every screen was a tenth of a kiosk rerun.
_OFFERED: dict[int, tuple[ContentLibrary, list[Language]]] = {}


def offered_languages(library: ContentLibrary) -> list[Language]:
    """Languages with complete UI texts, in registry order."""
    cached = _OFFERED.get(id(library))
    if cached is not None and cached[0] is library:
        return cached[1]
    offered = _offered_languages(library)
    if len(_OFFERED) > 8:  # old libraries are let go
        _OFFERED.clear()
    _OFFERED[id(library)] = (library, offered)
    return offered


def _offered_languages(library: ContentLibrary) -> list[Language]:
    missing = missing_ui_keys(library)
    reference = library.messages.get(REFERENCE_LANGUAGE)
    if not reference:
        return []
    return [lang for code, lang in library.languages.items() if not missing[code]]


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name}
    except ValueError:
        return {"<unbalanced braces>"}


class Translator:
    """UI texts in one language, falling back along `fallback_chain` key by key."""

    def __init__(self, library: ContentLibrary, language: str, default_language: str = "nb") -> None:
        self.language = language
        known = library.languages.get(language)
        self.rtl = bool(known and known.is_rtl)
        self._catalogs = [
            library.messages[code] for code in fallback_chain(language, default_language) if code in library.messages
        ]

    def __call__(self, key: str, **values: object) -> str:
        for catalog in self._catalogs:
            if key in catalog:
                text = catalog[key]
                try:
                    return text.format(**values) if values else text
                except (KeyError, IndexError, ValueError):
                    continue
        return key
