"""Privacy by construction: small numbers hidden, search words cleaned, rare words never shown."""

from __future__ import annotations

import re
import unicodedata

SMALL = 5  # counts 1-4 are shown as "<5" in exports and the friction report
HIDDEN = "<5"
MAX_TERM_CHARS = 40
MIN_VISITS_FOR_TERM = 3  # a no-result search term is shown once this many different visits used it

_EMAIL = re.compile(r"\S+@\S+")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_JOINERS = frozenset("\u200c\u200d")  # Persian and Urdu spell words with them
_INSIDE_WORDS = frozenset("-'")  # "NAV-skjema", "don't"


def _word_character(ch: str) -> str:
    """A letter, a joiner or a hyphen stays; invisible characters go; anything else (markup, formulas,
    control characters) becomes a space: a search term is words, and words only are counted."""
    kind = unicodedata.category(ch)
    if kind[0] in "LM" or ch in _JOINERS or ch in _INSIDE_WORDS:
        return ch
    return "" if kind == "Cf" else " "


def masked(count: int) -> int | str:
    """A count as it may leave the page: 1-4 become "<5" (a zero names nobody and stays 0)."""
    return HIDDEN if 0 < count < SMALL else count


def clean_search_term(query: str) -> str | None:
    """What may be kept of a search that found nothing: no e-mail addresses, no digits (phone, ID and
    account numbers), only letters and the hyphens and apostrophes inside words (no markup, formulas or
    invisible characters), lower case, single spaces; None when nothing is left or it is over 40 characters."""
    words = "".join(_word_character(ch) for ch in _DIGITS.sub(" ", _EMAIL.sub(" ", query)))
    text = _SPACES.sub(" ", " ".join(word.strip("-'") for word in words.split())).strip().lower()
    if not text or len(text) > MAX_TERM_CHARS:
        return None
    return text
