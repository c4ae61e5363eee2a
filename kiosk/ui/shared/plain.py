"""Text from files and packs shown in Streamlit, which renders most strings as Markdown.

A file name or message an outsider wrote (a pack's entry name, a YAML value quoted in a problem) must
show as the characters it is, never as a link, a picture, a heading or a colour directive.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and then means only itself:
# that covers links, images, emphasis, code, headings, lists, tables, LaTeX ($) and Streamlit's :red[...].
_MARKDOWN_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def escape_markdown(text: str) -> str:
    """`text` as Markdown that renders as exactly that text, on one line."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
