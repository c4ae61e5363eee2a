"""What staff read about a call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.call_cards import call_card, waiting_label
from kiosk.content import load_content
from kiosk.help import CallStatus, HelpCall, InquiryCategory
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
    card = call_card(_call(), library, datetime(2026, 11, 23, 10, 2, 5, tzinfo=UTC))
    assert card.where == "Demo kiosk · 1. etasje"
    assert card.language == "العربية (arabisk)"
    assert card.task == "Logge inn med BankID, steg 3 av 6"
    assert card.waiting == "2:05"
    assert card.suggested_category is InquiryCategory.ID_LOGIN


def test_card_without_guide() -> None:
    library, _ = load_content(PROJECT_ROOT / "content")
    card = call_card(_call(guide=None, step=None, language="nb"), library, datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    assert (card.task, card.language, card.suggested_category) == ("Ikke i en guide", "Norsk bokmål", InquiryCategory.OTHER)


def test_waiting_label() -> None:
    assert waiting_label(0) == "0:00"
    assert waiting_label(int(timedelta(minutes=12, seconds=3).total_seconds())) == "12:03"
    assert waiting_label(-5) == "0:00"
