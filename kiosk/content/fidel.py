"""The Ethiopic script (Ge'ez fidel) as an on-screen keyboard types it: a consonant, then one of its forms.

Each syllable is one code point in the Ethiopic block (U+1200–U+137F). A consonant's seven orders (its vowels:
ä u i a e ə o) are the consecutive code points from its first form, base + 0 … 6; many consonants have an
eighth, labialised form (ሏ "lwa") at base + 7, which is taken only when Unicode names it so (ሇ, ቇ and ዏ at
that place are other sounds). The labialised consonants of their own (ቈ, ኰ, ጐ, ቘ, ዀ) have five forms, at
base + 0 and base + 2 … 5. Everything here is read from Unicode, so no table of hundreds of syllables is kept.
"""

from __future__ import annotations

import unicodedata

ETHIOPIC = range(0x1200, 0x1380)
ORDERS = 7
_PREFIX = "ETHIOPIC SYLLABLE "
_LABIALISED_FORMS = (0, 2, 3, 4, 5)  # where a labialised consonant's forms sit after its first


def is_syllable(char: str) -> bool:
    return len(char) == 1 and unicodedata.name(char, "").startswith(_PREFIX)


def is_consonant(char: str) -> bool:
    """A syllable that starts a series (the first order of its consonant): ሀ, ለ, … ቈ."""
    return is_syllable(char) and ord(char) in ETHIOPIC and (ord(char) - ETHIOPIC.start) % 8 == 0


def _sound(char: str) -> str:
    return unicodedata.name(char)[len(_PREFIX) :]


def forms(consonant: str) -> tuple[str, ...]:
    """The syllables a consonant's key offers, in order: its seven orders (and its labialised form where
    Unicode has one), or a labialised consonant's five."""
    if not is_consonant(consonant):
        raise ValueError(f"{consonant!r} is not the first form of an Ethiopic consonant")
    base = ord(consonant)
    if not is_syllable(chr(base + 1)):  # ቈ: no second order; its forms are spread over the series
        return tuple(chr(base + step) for step in _LABIALISED_FORMS)
    found = tuple(chr(base + order) for order in range(ORDERS))
    if not all(is_syllable(char) for char in found):
        raise ValueError(f"{consonant!r} lacks one of its seven orders in Unicode")
    stem = _sound(consonant)[:-1]  # "L" of "LA", "GLOTTAL " of "GLOTTAL A"
    eighth = chr(base + ORDERS)
    if is_syllable(eighth) and _sound(eighth) == f"{stem}WA":
        found += (eighth,)
    return found


def spoken_name(char: str) -> str:
    """What a screen reader says for a key, in Latin letters from Unicode's name ("ሉ" → "lu", "፣" → "comma"):
    a screen reader with no Tigrinya voice would say nothing for the letter itself."""
    name = unicodedata.name(char, "")
    for prefix in (_PREFIX, "ETHIOPIC "):
        if name.startswith(prefix):
            return name[len(prefix) :].lower()
    return name.lower()
