"""Numbers read left to right in every script, and the marks that can only reorder them are refused.

In a right-to-left paragraph the browser lays digit groups split by spaces ("22 33 44 55") out right to
left ("55 44 33 22"), and a right-to-left mark (RLM, ALM) before a number does the same in a left-to-right
one. On screen each number is put in a left-to-right isolate (LRI ... PDI), which nothing around it can
reorder. The marks themselves are refused where no right-to-left text needs them: staff notices
(Norwegian and English) and guide text in left-to-right languages.
"""

from __future__ import annotations

import re

RIGHT_TO_LEFT_MARKS = "\u200f\u061c"  # RLM, ALM
LRI, PDI = "\u2066", "\u2069"
# A number as people write phone numbers, dates and amounts: digit groups joined by spaces (also no-break),
# hyphens, dots, slashes or colons, with a leading plus.
_NUMBER = re.compile(r"\+?\d+(?:[ \u00a0\u202f\-./:]\d+)*")
# Parts of Markdown that are addresses, not text: inline destinations "](...)", autolinks "<...>", and bare
# addresses Markdown links by itself (a mark inside one would break the link).
_ADDRESS = re.compile(r"\]\([^)]*\)|<[^>\s]+>|(?:https?://|www\.|mailto:|tel:)[^\s<>()]+", re.IGNORECASE)


def right_to_left_mark(text: str) -> str | None:
    """The first RLM or ALM in `text`, if any."""
    return next((ch for ch in text if ch in RIGHT_TO_LEFT_MARKS), None)


def isolate_numbers(text: str) -> str:
    """`text` with each number in a left-to-right isolate; Markdown link addresses are left as they are."""
    out: list[str] = []
    position = 0
    for address in _ADDRESS.finditer(text):
        out.append(_isolate(text[position : address.start()]))
        out.append(address.group())
        position = address.end()
    out.append(_isolate(text[position:]))
    return "".join(out)


def _isolate(text: str) -> str:
    return _NUMBER.sub(lambda number: f"{LRI}{number.group()}{PDI}", text)
