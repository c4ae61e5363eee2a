"""What staff read about a call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.content import load_content
from kiosk.floor.calls import CallStatus, HelpCall
from kiosk.floor.cards import call_card, waiting_label
from kiosk.floor.inquiries import InquiryCategoryItem, InquiryConfig, shipped_inquiry_config
from kiosk.settings import PROJECT_ROOT


def _call(**changes) -> HelpCall:  # type: ignore[no-untyped-def]
    base = dict(
        id=1,
        visit_id="0" * 32,
        kiosk_id="demo",
        kiosk_name="Demo kiosk",
        location="1. etasje",
        branch_id="hovedbiblioteket",
        branch_name="Hovedbiblioteket",
        language="ar",
        guide="log-in-with-bankid",
        step="type-number",
        status=CallStatus.OPEN,
        created_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
    )
    return HelpCall(**(base | changes))


def test_card_names_kiosk_language_guide_and_step() -> None:
    library, _ = load_content(PROJECT_ROOT / "content")
    card = call_card(_call(), library, shipped_inquiry_config(), datetime(2026, 11, 23, 10, 2, 5, tzinfo=UTC))
    assert card.where == "Demo kiosk · 1. etasje"
    assert card.language == "العربية (arabisk)"
    assert card.task == "Logge inn med BankID, steg 3 av 6"
    assert card.waiting == "2:05"
    assert card.suggested_category == "id_login"


def test_card_without_guide() -> None:
    library, _ = load_content(PROJECT_ROOT / "content")
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    card = call_card(_call(guide=None, step=None, language="nb"), library, shipped_inquiry_config(), now)
    assert (card.task, card.language, card.suggested_category) == ("Ikke i en guide", "Norsk bokmål", "other")


def test_waiting_label() -> None:
    assert waiting_label(0) == "0:00"
    assert waiting_label(int(timedelta(minutes=12, seconds=3).total_seconds())) == "12:03"
    assert waiting_label(-5) == "0:00"


def test_the_suggested_category_follows_the_inquiry_settings_file_not_code() -> None:
    """An admin who maps the library's own guides to "other" in inquiries.yaml sees that on the card."""
    library, _ = load_content(PROJECT_ROOT / "content")
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    printing = _call(guide="library-print-scan-copy", step=None)
    assert library.guides["library-print-scan-copy"].category == "library"
    assert call_card(printing, library, shipped_inquiry_config(), now).suggested_category == "print_scan"
    own = InquiryConfig(
        categories=[
            InquiryCategoryItem(id="id_login", name="ID", guide_categories=["id-and-login"]),
            InquiryCategoryItem(id="other", name="Annet"),
        ],
        agencies=shipped_inquiry_config().agencies,
    )
    assert call_card(printing, library, own, now).suggested_category == "other"
    assert call_card(_call(), library, own, now).suggested_category == "id_login"
    assert call_card(_call(guide="no-such-guide"), library, own, now).suggested_category == "other"


def test_the_shipped_mapping_names_only_guide_categories_that_exist() -> None:
    from kiosk.floor.inquiries import load_inquiry_config

    library, _ = load_content(PROJECT_ROOT / "content")
    config, problem = load_inquiry_config(PROJECT_ROOT / "content")
    assert problem is None
    assert config.problems_with(library.categories) == []
    mapped = {name for item in config.categories for name in item.guide_categories}
    assert mapped <= set(library.categories)


def test_a_typo_or_a_double_in_the_mapping_is_reported() -> None:
    config = InquiryConfig(
        categories=[
            InquiryCategoryItem(id="tax", name="Skatt", guide_categories=["tax", "taxes"]),
            InquiryCategoryItem(id="nav", name="NAV", guide_categories=["nav", "tax"]),
        ],
        agencies=shipped_inquiry_config().agencies,
    )
    problems = config.problems_with(["tax", "nav"])
    assert [(p.field, p.message.split(";")[0]) for p in problems] == [
        ("categories.tax.guide_categories", "guide category 'taxes' is not in categories.yaml"),
        ("categories.nav.guide_categories", "guide category 'tax' is already suggested as 'tax'"),
    ]
    assert config.suggested_category("tax") == "tax"  # the first one wins, as the message says
