"""Privacy by construction: small numbers hidden, search words cleaned, rare words never shown."""

from __future__ import annotations

import re

SMALL = 5  # counts 1-4 are shown as "<5" in exports and the friction report
HIDDEN = "<5"
MAX_TERM_CHARS = 40
MIN_VISITS_FOR_TERM = 3  # a no-result search term is shown once this many different visits used it

_EMAIL = re.compile(r"\S+@\S+")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def masked(count: int) -> int | str:
    """A count as it may leave the page: 1-4 become "<5" (a zero names nobody and stays 0)."""
    return HIDDEN if 0 < count < SMALL else count


def clean_search_term(query: str) -> str | None:
    """What may be kept of a search that found nothing: no e-mail addresses, no digits (phone, ID and
    account numbers), lower case, single spaces; None when nothing is left or it is over 40 characters."""
    text = _SPACES.sub(" ", _DIGITS.sub(" ", _EMAIL.sub(" ", query))).strip().lower()
    if not text or len(text) > MAX_TERM_CHARS:
        return None
    return text
