"""Guides made up for search tests and benchmarks: realistic words, no dependence on shipped content."""

from __future__ import annotations

import random

from kiosk.content.models import Category, ContentLibrary, Guide, Language, Step

LANGS = ["nb", "nn", "se", "en", "pl", "lt", "uk", "ar", "so", "ti", "ur", "fa", "sv"]

TAX = Guide(
    slug="tax-return",
    category="tax",
    icon="🧾",
    title={"nb": "Se og send skattemeldingen", "en": "Check and submit your tax return", "pl": "Zeznanie podatkowe"},
    summary={"nb": "Kontroller skattemeldingen fra Skatteetaten.", "en": "Check the tax return from the tax office."},
    tags={"nb": ["skatt", "skattemelding", "selvangivelse"], "en": ["tax", "tax return"]},
    synonyms={"nb": ["skatteoppgjør"], "en": ["income tax"]},
    steps=[Step(id="one", text={"nb": "Logg inn."})],
)
MOVING = Guide(
    slug="report-a-move",
    category="housing",
    icon="🏠",
    title={"nb": "Melde flytting", "en": "Tell the authorities you have moved", "ar": "الإبلاغ عن الانتقال"},
    summary={"nb": "Si fra om ny adresse når du flytter.", "en": "Report your new address when you move."},
    tags={"nb": ["flytte", "adresse", "flyttemelding"], "en": ["moving", "address", "move"]},
    steps=[Step(id="one", text={"nb": "Logg inn."})],
)
BANKID = Guide(
    slug="bankid-on-mobile",
    category="id",
    icon="📱",
    title={"nb": "Få BankID på mobil", "en": "Get BankID on your mobile", "uk": "Отримати BankID на мобільний"},
    summary={"nb": "Bestill BankID på mobilen i nettbanken.", "en": "Order BankID on your phone."},
    tags={"nb": ["bankid", "mobil", "innlogging"], "en": ["bankid", "login", "phone"]},
    steps=[Step(id="one", text={"nb": "Åpne nettbanken."})],
)


def small_library() -> ContentLibrary:
    return _library([TAX, MOVING, BANKID])


_SYLLABLES = ["ka", "ro", "ne", "sti", "tel", "mar", "fo", "lin", "der", "sun", "vik", "al", "be", "tor", "ska", "ly"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(_word(rng) for _ in range(n))


def large_library(guides: int = 500, seed: int = 7) -> ContentLibrary:
    """`guides` guides, each written in all 13 languages, plus the three real ones."""
    rng = random.Random(seed)
    made = [TAX, MOVING, BANKID]
    for index in range(guides - len(made)):
        made.append(
            Guide(
                slug=f"guide-{index}",
                category="tax",
                icon="📄",
                title={lang: _sentence(rng, 5) for lang in LANGS},
                summary={lang: _sentence(rng, 14) for lang in LANGS},
                tags={lang: [_word(rng) for _ in range(4)] for lang in LANGS},
                synonyms={lang: [_word(rng) for _ in range(3)] for lang in LANGS},
                steps=[Step(id="one", text={lang: _sentence(rng, 10) for lang in LANGS})],
            )
        )
    return _library(made)


def _library(guides: list[Guide]) -> ContentLibrary:
    languages = {code: Language(code=code, native_name=code, english_name=code, norwegian_name=code) for code in LANGS}
    categories = {cid: Category(id=cid, icon="x", kind="everyday", title={"nb": cid}) for cid in ("tax", "housing", "id")}
    return ContentLibrary(languages=languages, categories=categories, guides={g.slug: g for g in guides})
