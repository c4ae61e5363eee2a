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


# A kiosk never opens another site: a link there leaves the visitor on a page with no kiosk buttons and no
# idle reset. Markdown links become their words and address as text; bare addresses, which GitHub-flavoured
# Markdown turns into links by itself (also after backslash escapes), get an invisible WORD JOINER inside the
# "https:", "www." or "@" it looks for. The text reads and sounds the same.
_WORD_JOINER = "\u2060"
_INLINE_LINK = re.compile(r"(?<!!)\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^\s<>)]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_ANGLE_LINK = re.compile(r"<((?:https?|mailto|tel|ftp|xmpp):[^\s<>]*)>", re.IGNORECASE)
_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*<?\S*>?.*$\n?", re.MULTILINE)
_REFERENCE_LINK = re.compile(r"\[((?:[^\]\\]|\\.)+)\]\[(?:[^\]\\]|\\.)*\]")
_SCHEME = re.compile(r"\b(https?|ftp|mailto|tel|xmpp)(?=\\?:)", re.IGNORECASE)
_WWW = re.compile(r"\b(www)(?=\\?\.)", re.IGNORECASE)


def unlinked(markdown: str) -> str:
    """`markdown` as the kiosk shows it: every link's words and address stay readable, nothing is a link."""

    def words_and_address(found: re.Match[str]) -> str:
        words, address = found.group(1).strip(), found.group(2)
        return f"{words} ({address})" if address and address not in words else words or address

    text = _DEFINITION.sub("", markdown)
    text = _INLINE_LINK.sub(words_and_address, text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _ANGLE_LINK.sub(r"\1", text)
    text = _SCHEME.sub(rf"\1{_WORD_JOINER}", text)
    text = _WWW.sub(rf"\1{_WORD_JOINER}", text)
    return text.replace("@", "@" + _WORD_JOINER)
