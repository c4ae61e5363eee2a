"""Text a stranger typed, shown inside Markdown as exactly what was typed: no links, images or markup."""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them also
# breaks the "https://" and "www." sequences that GitHub-flavoured Markdown would turn into links.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def as_markdown_text(text: str) -> str:
    """`text` escaped so that Markdown shows it literally, on one line."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
