"""Screenshots of the kiosk as visitors see it: `python -m tests.e2e.screenshots [--base-url URL] [--out DIR]`.

nb, ar and ti; portrait 1080×1920 and landscape 1920×1080; normal and largest text; with and without high
contrast: the start screen, home, and a step with a picture. Each shot is what the screen shows (no scrolling),
so what falls below the fold is visible too. Without --base-url a server with the shipped content is started.
Look at them after any change to the look; a few are kept in docs/images/.
"""

from __future__ import annotations

import argparse
import tempfile
from itertools import product
from pathlib import Path

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, click_key, start_server, stop_server, wait_for_app

LANGUAGES = ("nb", "ar", "ti")
VIEWPORTS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
SIZES = ("normal", "largest")


def shoot(base_url: str, out: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    made = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for (shape, (width, height)), size, contrast in product(VIEWPORTS.items(), SIZES, (False, True)):
            page = browser.new_page(viewport={"width": width, "height": height})
            for lang in languages:
                name = f"{shape}-{size}{'-contrast' if contrast else ''}-{lang}"
                page.goto(f"{base_url}/?kiosk=demo")
                wait_for_app(page)
                click_key(page, f"size-{size}")
                if contrast:
                    click_key(page, "contrast")
                if lang == languages[0]:
                    made.append(_shot(page, out / f"start-{name}.png"))
                click_key(page, f"tile-lang-{lang}")
                made.append(_shot(page, out / f"home-{name}.png"))
                for key in ("tile-cat-library", "tile-guide-library-wifi", "begin", "step-next", "step-next"):
                    click_key(page, key)
                page.locator(".kiosk-picture img").first.wait_for(timeout=15_000)
                made.append(_shot(page, out / f"step-{name}.png"))
            page.close()
        browser.close()
    return made


def _shot(page, path: Path) -> Path:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(300)  # the focus script and fonts settle
    page.screenshot(path=str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running server; by default one is started with the shipped content")
    parser.add_argument("--out", type=Path, default=Path("test-artifacts/screenshots"))
    parser.add_argument("--language", action="append", help="only these languages (repeatable)")
    args = parser.parse_args()
    languages = tuple(args.language) if args.language else LANGUAGES
    if args.base_url:
        made = shoot(args.base_url.rstrip("/"), args.out, languages)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            process, server = start_server(Path(tmp))
            try:
                made = shoot(server.base_url, args.out, languages)
            finally:
                stop_server(process)
    print(f"{len(made)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
