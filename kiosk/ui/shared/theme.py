"""The kiosk's look as CSS: large type, big touch targets, high contrast, right-to-left.

Pure string building, so it is tested without a browser; kiosk.ui.shared.chrome puts it on the page.
"""

from __future__ import annotations

from kiosk.visit.journey import TextSize

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
        # English Streamlit text a translated kiosk cannot translate: "Skip to main content" (the kiosk moves
        # focus to each screen's heading instead) and "Press Enter to submit form" under the search field.
        "[data-testid='stSkipToContent']",
        "[data-testid='InputInstructions']",
        # Element toolbars ("Fullscreen"): a visitor must never leave the kiosk's buttons behind.
        "[data-testid='stElementToolbar']",
        "[data-testid='stBaseButton-elementToolbar']",
    ]
)

# Keyboard focus: 3:1 against both the page and a button (WCAG 2.4.11/1.4.11).
FOCUS_COLOUR = "#1e3a8a"  # dark blue on white: 10.4:1
FOCUS_COLOUR_HIGH_CONTRAST = "#00e5ff"  # cyan on black 13:1, distinct from the yellow buttons
STAFF_TARGET_PX = 44


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
        # Every read-aloud button's loudspeaker, in the styles sent once (its key changes with each step);
        # the slower toggle's own icon (a more specific rule) takes its place there.
        icon_css(READ_ALOUD_KEY_PREFIX, before="🔊", key_prefix=True),
        # A landscape screen is read from further away: use its width instead of empty margins.
        "@media (orientation: landscape) { .stMainBlockContainer { max-width: 92vw; padding-top: 0.5rem; } }",
        # Home and search results on a landscape screen: search (and its keyboard) beside the tasks or the results,
        # so both are above the fold.
        "@media (orientation: landscape) { .st-key-search-layout { display: grid !important; align-items: start;"
        " grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2rem; }"
        " .st-key-search-layout > * { width: auto !important; min-width: 0; } }",
        f".stButton button, .stLinkButton a, .stDownloadButton button, .stFormSubmitButton button {{ min-height: {button}px; "
        f"min-width: {button}px; padding: 0.5em 1.1em; border-radius: 12px; border-width: 2px; }}",
        f".stButton button p, .stFormSubmitButton button p {{ font-size: {px}px; }}",
        f".stTextInput input {{ min-height: {button}px; }}",
        # Long labels (a translated category, the largest text) wrap between words, never inside one.
        ".stButton button, .stButton button * { white-space: normal !important; overflow: visible !important;"
        " text-overflow: clip !important; height: auto; overflow-wrap: normal !important; word-break: normal !important; }",
        # A switch that is on says so in a sign, not only by being filled like every other filled button (1.4.1).
        ".stButton button[aria-pressed='true'] p::after { content: '\\a0\\2713' / ''; font-weight: 700; }",
        f"[class*='st-key-tile-'] button {{ min-height: {tile}px; width: 100%; }}",
        f"[class*='st-key-tile-'] button p {{ font-size: {round(px * 1.15)}px; font-weight: 600; }}",
        # Tile grids: as many columns as fit tiles of that width at this text size, filled row by row, so
        # reading and Tab go across a row; every tile in a row is as tall as the tallest.
        "[class*='st-key-grid-'] { display: grid !important; gap: 1rem; align-items: stretch;"
        " grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--tile-width, 13em)), 1fr)); }",
        "[class*='st-key-grid-'] > * { width: auto !important; min-width: 0; }",
        "[class*='st-key-grid-'] > * :is(.stButton, button) { height: 100%; }",
        "[class*='st-key-grid-'] > [data-testid='stVerticalBlock'] { height: 100%; }",
        ".st-key-grid-languages { --tile-width: 12em; }",
        ".st-key-grid-everyday, .st-key-grid-life_event, .st-key-grid-paths { --tile-width: 13.5em; }",
        ".st-key-grid-welcome { --tile-width: 28em; gap: 0.5rem 2rem; }",
        ".stApp hr { margin: 0.25rem 0 !important; }",
        ".st-key-grid-settings { --tile-width: 11em; }",
        ".stHorizontalBlock { gap: 1rem; }",
        "[data-testid='stVerticalBlock'] { gap: 1rem; }",
        f":focus-visible {{ outline: 4px solid {FOCUS_COLOUR} !important; outline-offset: 3px !important; }}",
        # The screen's heading takes the focus after a move (for a screen reader), without a ring.
        "h1[tabindex='-1']:focus { outline: none !important; }",
        ".kiosk-note { font-size: 0.85em; color: #334155; }",
        # Streamlit fades its captions (opacity) to 4.7:1; body text on a kiosk for people with low vision reaches 7:1 (AAA).
        ".stApp [data-testid='stCaptionContainer'] { color: #374151; opacity: 1; }",
        # Streamlit's message boxes tint their text (blue on light blue: 6.7:1); dark text reaches 7:1 on every tint.
        ".stApp [data-testid='stAlertContainer'] :is(p, li, strong) { color: #111827; }",
        ".kiosk-welcome p { margin: 0.2rem 0; }",
        # The step fills a portrait screen: a large step text, the picture as wide as the column, a big Next.
        f".st-key-guide-title h1 {{ font-size: {round(px * 1.15)}px; font-weight: 600; padding: 0; }}",
        f".st-key-step-text h2, .st-key-step-text p {{ font-size: {round(px * 1.5)}px; line-height: 1.35; }}",
        ".kiosk-picture { margin: 0; text-align: center; }",
        ".kiosk-picture img { width: 100%; max-height: 46vh; object-fit: contain; }",
        f".st-key-step-next button, .st-key-step-back button, .st-key-begin button {{ min-height: {tile}px; }}",
        f".st-key-step-next button p {{ font-size: {round(px * 1.25)}px; font-weight: 700; }}",
        ".kiosk-qr { margin: 0; } .kiosk-qr svg { width: 220px; height: 220px; background: #fff; padding: 8px; }",
        ".kiosk-qr figcaption { margin-top: 0.5rem; }",
        # Our own progress bar: named and valued in the visitor's language, filling from where the text starts.
        ".kiosk-progress { margin: 0.25rem 0; }",
        ".kiosk-progress-label { margin: 0 0 0.3rem; font-weight: 600; }",
        ".kiosk-progress-track { height: 0.6em; border-radius: 0.3em; background: #e2e8f0; border: 1px solid #64748b; }",
        ".kiosk-progress-fill { height: 100%; border-radius: 0.3em; background: #1d4ed8; }",
        # A notice from the staff: a framed box above the tiles; its label says who wrote it and in which language.
        ".kiosk-notice { border: 3px solid #b45309; border-radius: 12px; background: #fffbeb; padding: 0.5rem 1rem;"
        " margin: 0.25rem 0; }",
        ".kiosk-notice-mark { margin: 0; font-size: 0.85em; font-weight: 700; color: #78350f; }",
        ".kiosk-notice-text { margin: 0.1rem 0 0.4rem; font-size: 1.1em; }",
        # "Show in Norwegian too": the Norwegian text under the visitor's, set apart by a rule at its start.
        ".kiosk-bilingual-label { margin: 0; font-size: 0.85em; color: #334155; font-weight: 600; }",
        "[class*='st-key-step-nb-'][lang], [class*='st-key-print-nb-'][lang] { border-inline-start: 4px solid #1d4ed8;"
        " padding-inline-start: 0.75rem; }",
        # "More below": only while the page is taller than the screen (kiosk.ui.shared.chrome sets the class).
        ".kiosk-more-below { display: none; }",
        "html.kiosk-can-scroll .kiosk-more-below { display: block; position: fixed; bottom: 0; left: 0; right: 0;"
        " height: 3.5rem; pointer-events: none; z-index: 999;"
        " background: linear-gradient(to bottom, rgba(255,255,255,0), rgba(255,255,255,0.95)); text-align: center;"
        " font-size: 2rem; line-height: 3.5rem; color: #1d4ed8; }",
    ]
    if rtl:
        parts.append(".stMainBlockContainer { direction: rtl; text-align: right; }")
        # Streamlit aligns markdown and headings left (text_alignment="left") whatever the direction;
        # right-to-left lines must start at the right. Button labels stay centred.
        parts.append(f".stMainBlockContainer {RTL_TEXT} {{ text-align: start; }}")
        # An empty field (dir="auto") is left to right: its placeholder, in the visitor's language, is not.
        parts.append(".stMainBlockContainer input:placeholder-shown { direction: rtl; text-align: right; }")
    # A text in another language than the screen's (a guide shown in its fallback) keeps its own direction.
    parts.append(".kiosk-text-ltr { direction: ltr; } .kiosk-text-rtl { direction: rtl; }")
    parts.append(f":is(.kiosk-text-ltr, .kiosk-text-rtl) {RTL_TEXT} {{ text-align: start; }}")
    if high_contrast:
        parts += _high_contrast_css()
    return "\n".join(parts)


_HC_BUTTONS = ".stButton button, .stFormSubmitButton button, .stLinkButton a, .stDownloadButton button"


def _high_contrast_css() -> list[str]:
    """Black, white and yellow; what is chosen, important or unavailable stays visible without colour shades."""
    return [
        ".stApp, .stApp [data-testid='stAppViewContainer'] { background: #000 !important; color: #fff !important; }",
        ".stApp p, .stApp li, .stApp label, .stApp h1, .stApp h2, .stApp h3, .stApp span { color: #fff !important; }",
        f"{_HC_BUTTONS} {{ background: #000 !important; color: #ffd400 !important; border: 3px solid #ffd400 !important; }}",
        ":is(.stButton, .stFormSubmitButton) button :is(p, span, div) { color: #ffd400 !important; }",
        # Chosen and important (primary: the chosen text size, Call for help, Next): filled yellow, black text.
        "button[data-testid^='stBaseButton-primary'] { background: #ffd400 !important; color: #000 !important;"
        " border: 5px double #000 !important; box-shadow: 0 0 0 3px #ffd400 !important; }",
        "button[data-testid^='stBaseButton-primary'] :is(p, span, div) { color: #000 !important; font-weight: 700; }",
        # Unavailable: grey and dashed, never yellow.
        f":is({_HC_BUTTONS}):disabled {{ background: #000 !important; color: #a3a3a3 !important;"
        " border: 3px dashed #a3a3a3 !important; box-shadow: none !important; }",
        ":is(.stButton, .stFormSubmitButton) button:disabled :is(p, span, div) { color: #a3a3a3 !important; }",
        # Hover only where there is a pointer that hovers: on a touch screen a tapped button would stay lit.
        "@media (hover: hover) { :is(.stButton, .stFormSubmitButton) button:not(:disabled):hover"
        " { background: #ffd400 !important; } :is(.stButton, .stFormSubmitButton) button:not(:disabled):hover"
        " :is(p, span, div) { color: #000 !important; } }",
        f":focus-visible {{ outline-color: {FOCUS_COLOUR_HIGH_CONTRAST} !important; }}",
        ".stApp a { color: #ffd400 !important; }",
        ".kiosk-note { color: #fff !important; }",
        "[data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] * { color: #fff !important; }",
        ".stApp input, .stApp textarea { background: #000 !important; color: #fff !important;"
        " border: 2px solid #fff !important; }",
        ".stApp input::placeholder, .stApp textarea::placeholder { color: #d4d4d4 !important; opacity: 1 !important; }",
        ".stAlert, [data-testid='stAlertContainer'] { background: #000 !important; border: 2px solid #fff !important; }",
        ".kiosk-progress-track { background: #000 !important; border: 2px solid #fff !important; }",
        ".kiosk-progress-fill { background: #ffd400 !important; }",
        ".kiosk-notice { background: #000 !important; border-color: #ffd400 !important; }",
        ".kiosk-notice-mark, .kiosk-bilingual-label { color: #ffd400 !important; }",
        "[class*='st-key-step-nb-'], [class*='st-key-print-nb-'] { border-color: #ffd400 !important; }",
        "html.kiosk-can-scroll .kiosk-more-below { background: linear-gradient(to bottom, rgba(0,0,0,0), #000);"
        " color: #ffd400; }",
    ]


READ_ALOUD_KEY_PREFIX = "speak-"  # every read-aloud button's widget key: speak-<what it reads>, and speak-slower


def icon_css(key: str, before: str = "", after: str = "", *, key_prefix: bool = False) -> str:
    """Puts an icon or arrow beside the label of the element with widget key `key`, out of its accessible name.

    Emoji and arrows in a label are read aloud ("person raising hand Call for help"); CSS generated content
    with an empty alternative text (`content: "🙋" / ""`) is seen, not read.
    """
    rules = []
    # A key prefix marks every element whose key starts so (one rule for a step's per-step keys, not one a step).
    # It weighs less than a key's own rule (:where), so that one wins wherever both match.
    target = f':where([class*="st-key-{key}"]) :is(button p, h1)' if key_prefix else f".st-key-{key} :is(button p, h1)"
    if before:
        rules.append(f'{target}::before {{ content: "{_css_string(before)}\\a0" / ""; }}')
    if after:
        rules.append(f'{target}::after {{ content: "\\a0{_css_string(after)}" / ""; }}')
    return "\n".join(rules)


def _css_string(text: str) -> str:
    # Every character escaped: icons come from content files and must not end the CSS string.
    return "".join(f"\\{ord(char):x} " for char in text)


def staff_css() -> str:
    """Staff and editor pages: Streamlit's own look, a visible keyboard focus, 44 px targets on a tablet."""
    target = STAFF_TARGET_PX
    return "\n".join(
        [
            f":focus-visible {{ outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important; }}",
            f".stButton button, .stFormSubmitButton button, .stLinkButton a, .stDownloadButton button,"
            f" [data-testid='stPageLink'] a {{ min-height: {target}px; min-width: {target}px; }}",
            # Toggles and checkboxes: the whole label row is the target.
            f".stCheckbox label, [data-testid='stCheckbox'] label {{ min-height: {target}px; align-items: center; }}",
            f".stTextInput input, .stTextArea textarea, [data-baseweb='select'] > div {{ min-height: {target}px; }}",
            # A select's own field and arrow, and each radio option's label row (the notice form).
            f".stSelectbox .react-aria-ComboBox > div, .stSelectbox :is([role=combobox], button)"
            f" {{ min-height: {target}px; min-width: {target}px; }}",
            f".stRadio label {{ min-height: {target}px; align-items: center; }}",
            # Streamlit's own small icons: the sidebar's collapse button and the password field's eye.
            f"[data-testid='stSidebarCollapseButton'] button, [data-testid='stExpandSidebarButton'],"
            f" [data-testid='stTextInputRootElement'] button {{ min-width: {target}px; min-height: {target}px; }}",
            # A narrow column (a tablet with the sidebar open) wraps a label between words, never "Jeg kom…".
            ".stButton button, .stButton button * { white-space: normal !important; overflow: visible !important;"
            " text-overflow: clip !important; height: auto; overflow-wrap: normal !important; word-break: normal !important; }",
            # A 16 px "link to heading" beside every heading: nobody on the floor needs heading anchors.
            "[data-testid='stHeaderActionElements'] { display: none !important; }",
        ]
    )
