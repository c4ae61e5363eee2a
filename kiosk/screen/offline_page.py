"""The screen's own page for when the kiosk server cannot be reached, in every kiosk language.

Chromium's "This site can't be reached" is English only; a visitor may read neither English nor Norwegian.
The page is a local file (the policy allows its file URL), so it shows with the server and the network gone.
It asks the server for its icon every few seconds, as an image (allowed from a file page, and only a real
server answers with one), and goes back to the kiosk as soon as it gets it.
"""

from __future__ import annotations

from html import escape

from kiosk.content.models import ContentLibrary, Language

HEADING = "offline.heading"
WAIT = "offline.wait"
RETRY_SECONDS = 3

_STYLE = """
html { background: #10253f; color: #ffffff; }
body { margin: 0; padding: 2.5rem 3rem 4rem; font-family: "Noto Sans", "DejaVu Sans", sans-serif; line-height: 1.35; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); gap: 1.5rem 3rem; }
section { border-top: 2px solid #8fb3e0; padding-top: 1rem; }
section:first-child { grid-column: 1 / -1; }
.language { margin: 0; font-size: 1.4rem; color: #cfe0f5; }
h1, h2 { margin: 0.3rem 0; font-size: 2.2rem; font-weight: 700; }
h1 { font-size: 3rem; }
.wait { margin: 0.3rem 0 0; font-size: 1.7rem; }
.trying { position: fixed; inset-inline-end: 2rem; bottom: 1.5rem; width: 2.5rem; height: 2.5rem;
  border: 0.4rem solid #8fb3e0; border-top-color: transparent; border-radius: 50%; animation: turn 1.2s linear infinite; }
@keyframes turn { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .trying { animation: none; } }
"""

# Back to the kiosk when the server answers; `next` (the launcher's kiosk address) only if it is on the server.
_SCRIPT = """
(() => {
  const server = document.body.dataset.server;
  const asked = new URLSearchParams(location.search).get("next");
  const next = asked && asked.startsWith(server + "/") ? asked : document.body.dataset.kiosk;
  const wait = Number(document.body.dataset.retry) * 1000;
  function probe() {
    const image = new Image();
    image.onload = () => location.replace(next);
    image.onerror = () => setTimeout(probe, wait);
    image.src = server + "/favicon.png?probe=" + Date.now();
  }
  probe();
})();
"""


def ordered_languages(library: ContentLibrary, default_language: str) -> list[Language]:
    """Every language with both texts, the library's own first, then as languages.yaml lists them."""
    usable = [
        language
        for language in library.languages.values()
        if all(library.messages.get(language.code, {}).get(key) for key in (HEADING, WAIT))
    ]
    return sorted(usable, key=lambda language: language.code != default_language)


def render_offline_page(library: ContentLibrary, default_language: str, server_url: str, kiosk_address: str) -> str:
    languages = ordered_languages(library, default_language)
    if not languages:
        raise ValueError(f"no language has the texts {HEADING} and {WAIT} (content/ui/<lang>.yaml)")
    first = languages[0]
    sections = []
    for index, language in enumerate(languages):
        texts = library.messages[language.code]
        tag = "h1" if index == 0 else "h2"
        sections.append(
            f'<section lang="{language.code}" dir="{language.direction.value}">'
            f'<p class="language">{escape(language.native_name)}</p>'
            f"<{tag}>{escape(texts[HEADING])}</{tag}>"
            f'<p class="wait">{escape(texts[WAIT])}</p>'
            "</section>"
        )
    origin = escape(server_url, quote=True)
    return (
        "<!doctype html>\n"
        f'<html lang="{first.code}" dir="{first.direction.value}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # img-src ends in "/": a source with a path and no slash would allow that one address only.
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src {origin}/; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        f"<title>{escape(library.messages[first.code][HEADING])}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f'<body data-server="{origin}" data-kiosk="{escape(kiosk_address, quote=True)}" data-retry="{RETRY_SECONDS}">\n'
        f"<main>\n{chr(10).join(sections)}\n</main>\n"
        '<div class="trying" aria-hidden="true"></div>\n'
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
