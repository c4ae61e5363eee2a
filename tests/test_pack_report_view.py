"""What an outsider wrote (a pack's file names, values quoted in problems) shows as plain text, never as Markdown."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from kiosk.ui.shared.plain import escape_markdown

HOSTILE = "images/[klikk](https://evil.example/login) ![x](https://evil.example/t.png) **:red[FEIL]** $x$.png"


def test_escaped_text_has_no_markdown_left() -> None:
    escaped = escape_markdown(HOSTILE + "\n# heading")
    for construct in ("](", "![", "**", ":red[", "$x$", "\n"):
        assert construct not in escaped
    assert escaped.replace("\\", "") == HOSTILE + " # heading"  # the same characters, only escaped


def _report_page() -> None:
    from kiosk.authoring.packs import ItemState, PackItem, PackReport
    from kiosk.content.problems import Problem
    from kiosk.ui.editor.view import show_pack_report

    hostile = "images/[klikk](https://evil.example/login) ![x](https://evil.example/t.png) **:red[FEIL]**.png"
    show_pack_report(
        PackReport(
            items=[
                PackItem(hostile, ItemState.INVALID, [Problem(file=hostile, message=f"'{hostile}' is not a web address")]),
                PackItem(hostile + "2", ItemState.CONFLICT),
            ],
            errors=[f"'{hostile}' is not a guide or an image of a content pack"],
        )
    )


def test_a_pack_report_renders_no_links_or_pictures() -> None:
    at = AppTest.from_function(_report_page, default_timeout=30).run()
    assert not at.exception
    assert "https://evil.example/login" in " ".join(t.value for t in at.text)  # shown, as text
    markdown_sources = [m.value for m in at.markdown] + [e.value for e in at.error] + [c.label for c in at.checkbox]
    assert markdown_sources, "the errors and the conflict checkbox are there"
    for source in markdown_sources:
        assert "](" not in source and "![" not in source and "**" not in source, source
