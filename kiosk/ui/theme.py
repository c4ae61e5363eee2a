"""The kiosk's look as CSS: large type, big touch targets, high contrast, right-to-left.

Pure string building, so it is tested without a browser; kiosk.ui.chrome puts it on the page.
"""

from __future__ import annotations

from kiosk.journey import TextSize

# Body text in px per text size; the smallest is the WCAG-friendly kiosk default.
BODY_PX = {TextSize.NORMAL: 22, TextSize.LARGE: 27, TextSize.LARGEST: 33}
BUTTON_MIN_PX = 56
TILE_MIN_PX = 96

# Streamlit's own chrome: nothing on a kiosk may lead away from the kiosk.
_CHROME_SELECTORS = ", ".join(
    [
        "header[data-testid='stHeader']",
        "[data-testid='stToolbar']",
        "[data-testid='stDecoration']",
        "[data-testid='stStatusWidget']",
        "[data-testid='stAppDeployButton']",
        "[data-testid='stMainMenu']",
        "[data-testid='stSidebar']",
        "[data-testid='stSidebarCollapsedControl']",
        "#MainMenu",
        "footer",
    ]
)


# Text elements Streamlit aligns left; `start` follows each element's own direction.
RTL_TEXT = ":is(p, li, h1, h2, h3, h4, h5, h6):not(button *)"


def body_px(size: TextSize) -> int:
    return BODY_PX[size]


def kiosk_css(size: TextSize, high_contrast: bool, rtl: bool) -> str:
    px = BODY_PX[size]
    scale = px / BODY_PX[TextSize.NORMAL]
    button = round(BUTTON_MIN_PX * scale)
    tile = round(TILE_MIN_PX * scale)
    parts = [
        f"{_CHROME_SELECTORS} {{ display: none !important; }}",
        # Streamlit sizes text in rem, so the root size scales all of it.
        f"html {{ font-size: {px}px; }}",
        f".stApp, .stApp p, .stApp li, .stApp label, .stApp input, .stApp button {{ font-size: {px}px; line-height: 1.5; }}",
        f".stApp h1 {{ font-size: {round(px * 1.6)}px; }}",
        f".stApp h2 {{ font-size: {round(px * 1.35)}px; }}",
        f".stApp h3 {{ font-size: {round(px * 1.15)}px; }}",
        ".stMainBlockContainer { padding-top: 1.5rem; max-width: 60rem; }",
        f".stButton button, .stLinkButton a, .stDownloadButton button {{ min-height: {button}px; "
        f"padding: 0.5em 1.1em; border-radius: 12px; border-width: 2px; }}",
        f".stButton button p {{ font-size: {px}px; }}",
        # Long labels (a translated category, the largest text) wrap instead of ending in "…".
        ".stButton button, .stButton button * { white-space: normal !important; overflow: visible !important;"
        " text-overflow: clip !important; height: auto; }",
        f"[class*='st-key-tile-'] button {{ min-height: {tile}px; width: 100%; }}",
        f"[class*='st-key-tile-'] button p {{ font-size: {round(px * 1.15)}px; font-weight: 600; }}",
        ".stHorizontalBlock { gap: 1rem; }",
        "[data-testid='stVerticalBlock'] { gap: 1rem; }",
        ":focus-visible { outline: 4px solid #f59e0b !important; outline-offset: 3px !important; }",
        ".kiosk-note { font-size: 0.85em; color: #334155; }",
        ".kiosk-welcome p { margin: 0.2rem 0; }",
    ]
    if rtl:
        parts.append(".stMainBlockContainer { direction: rtl; text-align: right; }")
        # Streamlit aligns markdown and headings left (text_alignment="left") whatever the direction;
        # right-to-left lines must start at the right. Button labels stay centred.
        parts.append(f".stMainBlockContainer {RTL_TEXT} {{ text-align: start; }}")
    if high_contrast:
        parts += [
            ".stApp, .stApp [data-testid='stAppViewContainer'] { background: #000 !important; color: #fff !important; }",
            ".stApp p, .stApp li, .stApp label, .stApp h1, .stApp h2, .stApp h3, .stApp span { color: #fff !important; }",
            ".stButton button, .stLinkButton a { background: #000 !important; color: #ffd400 !important; "
            "border: 3px solid #ffd400 !important; }",
            ".stButton button p { color: #ffd400 !important; }",
            ".stButton button:hover, .stButton button:focus-visible { background: #ffd400 !important; }",
            ".stButton button:hover p, .stButton button:focus-visible p { color: #000 !important; }",
            ".stApp a { color: #ffd400 !important; }",
            ".kiosk-note { color: #fff !important; }",
            "[data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] * { color: #fff !important; }",
            ".stApp input, .stApp textarea { background: #000 !important; color: #fff !important;"
            " border: 2px solid #fff !important; }",
            ".stAlert, [data-testid='stAlertContainer'] { background: #000 !important; border: 2px solid #fff !important; }",
        ]
    return "\n".join(parts)


def staff_css() -> str:
    """Staff and editor pages: Streamlit's own look, with a visible keyboard focus."""
    return ":focus-visible { outline: 3px solid #f59e0b !important; outline-offset: 2px !important; }"
