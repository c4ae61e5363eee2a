"""The staff, editor and statistics pages' own texts in nb, nn, sv and en: content/staff_ui/<lang>.yaml.

Each account picks its language (User.ui_language); without one the pages speak the library's default
(KIOSK_DEFAULT_LANGUAGE) when that is a staff language, else bokmål. A key missing in the chosen catalog
falls back to bokmål, then the key itself, so a half-translated catalog never breaks a page.
`missing_staff_keys` is the catalog check: every catalog has every key with the same placeholders.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Formatter

from kiosk.content.yaml_io import load_yaml
from kiosk.settings import PROJECT_ROOT

STAFF_LANGUAGES = ("nb", "nn", "sv", "en")
SOURCE_LANGUAGE = "nb"
SHIPPED_DIR = PROJECT_ROOT / "content" / "staff_ui"
# Each staff language's name in itself: the language picker shows these.
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "sv": "Svenska", "en": "English"}

Catalogs = dict[str, dict[str, str]]


def catalog_dir(content_dir: Path) -> Path:
    """A content dir seeded before the staff catalogs existed still gets them from the shipped content."""
    own = content_dir / "staff_ui"
    return own if own.is_dir() else SHIPPED_DIR


def load_catalogs(directory: Path) -> Catalogs:
    stamp = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(directory.glob("*.yaml")))
    return _load(directory, stamp)


@lru_cache(maxsize=8)
def _load(directory: Path, stamp: tuple[tuple[str, int], ...]) -> Catalogs:
    catalogs: Catalogs = {}
    for name, _mtime in stamp:
        code = name.removesuffix(".yaml")
        if code not in STAFF_LANGUAGES:
            continue
        data = load_yaml((directory / name).read_bytes()) or {}
        catalogs[code] = {str(key): str(value) for key, value in data.items()} if isinstance(data, dict) else {}
    return catalogs


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name}
    except ValueError:
        return {"<unbalanced braces>"}


def missing_staff_keys(catalogs: Catalogs) -> dict[str, list[str]]:
    """Per staff language: keys it lacks (of all catalogs' keys) and keys whose placeholders differ from bokmål's."""
    every = sorted({key for catalog in catalogs.values() for key in catalog})
    source = catalogs.get(SOURCE_LANGUAGE, {})
    result: dict[str, list[str]] = {}
    for code in STAFF_LANGUAGES:
        catalog = catalogs.get(code, {})
        missing = [key for key in every if key not in catalog]
        missing += [
            key for key in every if key in catalog and key in source and placeholders(catalog[key]) != placeholders(source[key])
        ]
        result[code] = missing
    return result


def page_language(chosen: str | None, default_language: str) -> str:
    for code in (chosen, default_language):
        if code in STAFF_LANGUAGES:
            return code
    return SOURCE_LANGUAGE


class StaffText:
    """`s("calls.heading", count=3)`: a staff page text in one language."""

    def __init__(self, catalogs: Catalogs, language: str) -> None:
        self.language = language
        self._chain = [catalogs[code] for code in dict.fromkeys((language, SOURCE_LANGUAGE)) if code in catalogs]

    def __call__(self, key: str, **values: object) -> str:
        for catalog in self._chain:
            if key in catalog:
                try:
                    return catalog[key].format(**values) if values else catalog[key]
                except (KeyError, IndexError, ValueError):
                    continue
        return key

    def has(self, key: str) -> bool:
        return any(key in catalog for catalog in self._chain)


def staff_text(content_dir: Path, chosen: str | None, default_language: str) -> StaffText:
    return StaffText(load_catalogs(catalog_dir(content_dir)), page_language(chosen, default_language))
