"""Does a step's text name a code, PIN or password? Then its author should say whether the visitor types one there.

Used by `content check`: a step that names one and is marked neither `secret: true` nor `secret: false`
gets a warning. One word list per language, because every translation is read on its own. Some words
name something else beside the word: a QR code, a code device (the BankID "kodebrikke"), the Lithuanian
personal code (the ID number), the Arabic "symbol"; those do not count.
"""

from __future__ import annotations

import re

_ANY = r"\bpin\b"  # "PIN" is written in Latin letters in every language the kiosk speaks
_WORDS: dict[str, str] = {
    "nb": r"\b(?:pin-?|engangs|sikkerhets)?kode(?:n|ne|r)?\b|\bpassord\w*",
    "nn": r"\b(?:pin-?|eingongs|engangs|tryggleiks)?kode(?:n|ne|r|ane)?\b|\bpassord\w*",
    "se": r"\bkoda\w*|\bbeassansátni\w*",
    "en": r"\b(?:pin |one-time |security )?codes?\b|\bpass(?:word|code)s?\b",
    "sv": r"\b(?:pin-?|engångs)?kod(?:en|er|erna)?\b|\blösenord\w*",
    "pl": r"\bkod(?:u|em|y|ów|ami)?\b|\bhas(?:ło|ła|łem|eł)\b",
    "lt": r"\bkod(?:as|ą|o|u|ai|us|ų)\b|\bslaptažod\w*",
    "uk": r"\bкод(?:у|ом|и|ів|ами)?\b|\bпарол\w*",
    "ar": r"(?<!\w)(?:ال)?(?:رمز|رموز)\w*|كلمة (?:ال)?(?:مرور|سر)",
    "fa": r"(?<!\w)(?:کد|رمز|گذرواژه)",
    "ur": r"(?<!\w)(?:کوڈ|پن|پاس ?ورڈ)(?!\w)",
    "so": r"\bkoodh\w*|\b(?:erayga|furaha) sirta",
    "ti": r"ኮድ|መሕለፊ ቃል",
}
_PATTERNS = {code: re.compile(f"{_ANY}|{words}", re.IGNORECASE) for code, words in _WORDS.items()}
_FALLBACK = re.compile(_ANY, re.IGNORECASE)
_NEAR = 12  # characters either side in which one of these makes the word something else
_NOT_A_SECRET = re.compile(
    r"qr|device|brikk|generator|генератор|asmens|جهاز|المروحة|دستگاه|ڈیوائس|пристр|urządzeni|qalab|መሳርሒ", re.IGNORECASE
)


def _names_a_secret(text: str, pattern: re.Pattern[str]) -> bool:
    for found in pattern.finditer(text):
        around = text[max(0, found.start() - _NEAR) : found.end() + _NEAR]
        if not _NOT_A_SECRET.search(around):
            return True
    return False


def names_a_secret(texts: dict[str, str]) -> str | None:
    """The first language (in sorted order) whose text names a code, PIN or password; None when none does."""
    for code in sorted(texts):
        if _names_a_secret(texts[code], _PATTERNS.get(code, _FALLBACK)):
            return code
    return None
