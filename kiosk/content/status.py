"""Translation status of each guide and each life-event path in each language, for editors."""

from __future__ import annotations

from enum import StrEnum

from kiosk.content.models import ContentLibrary, Guide, LifePath, ReviewStatus


class TranslationState(StrEnum):
    MISSING = "missing"  # not every step is written in the language
    OUTDATED = "outdated"  # the source text changed after this translation was made
    UNREVIEWED = "unreviewed"
    MEANING_CHECKED = "meaning_checked"  # machine-made, back-translated and compared; no person has reviewed it yet
    REVIEWED = "reviewed"


def translation_state(guide: Guide, language: str) -> TranslationState:
    if language not in guide.languages():
        return TranslationState.MISSING
    made_from = guide.translated_from.get(language)
    if language != guide.source_language and made_from and made_from != guide.source_fingerprint():
        return TranslationState.OUTDATED
    if guide.review_status(language) is ReviewStatus.REVIEWED:
        return TranslationState.REVIEWED
    checked = guide.meaning_checked.get(language)
    if checked is not None and checked.source == guide.source_fingerprint():
        return TranslationState.MEANING_CHECKED
    return TranslationState.UNREVIEWED


def translation_matrix(library: ContentLibrary) -> dict[str, dict[str, TranslationState]]:
    """guide slug -> language code -> state, languages in registry order; the most-used guides first
    (in coverage.yaml's order), because their translations matter most."""
    most_used = [slug for slug in library.coverage.most_used.guides if slug in library.guides]
    order = most_used + sorted(set(library.guides) - set(most_used))
    return {slug: {code: translation_state(library.guides[slug], code) for code in library.languages} for slug in order}


def path_translation_state(path: LifePath, language: str) -> TranslationState:
    """A path is its title and summary: missing without both, else reviewed or not (it keeps no source fingerprint)."""
    if language not in path.languages():
        return TranslationState.MISSING
    if path.review_status(language) is ReviewStatus.REVIEWED:
        return TranslationState.REVIEWED
    return TranslationState.UNREVIEWED


def path_matrix(library: ContentLibrary) -> dict[str, dict[str, TranslationState]]:
    """path slug -> language code -> state, in the registry's language order, paths by slug."""
    return {
        slug: {code: path_translation_state(library.paths[slug], code) for code in library.languages}
        for slug in sorted(library.paths)
    }
