"""What a staff member reads about a help call: where, what, in which language, how long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel import Locale, UnknownLocaleError

from kiosk.content.models import ContentLibrary
from kiosk.help import CallStatus, HelpCall, InquiryCategory
from kiosk.staff_texts import SHIPPED_DIR, StaffText, load_catalogs

CATEGORY_NAMES = {
    InquiryCategory.ID_LOGIN: "ID / BankID",
    InquiryCategory.NAV: "NAV",
    InquiryCategory.TAX: "Skatt",
    InquiryCategory.HEALTH: "Helse",
    InquiryCategory.DIGITAL_MAIL: "Digital post",
    InquiryCategory.PRINT_SCAN: "Utskrift / skanning",
    InquiryCategory.OTHER: "Annet",
}

# The guide's category suggests the inquiry category, so "Done" is usually one tap.
_SUGGESTED = {
    "id-and-login": InquiryCategory.ID_LOGIN,
    "nav": InquiryCategory.NAV,
    "job": InquiryCategory.NAV,
    "tax": InquiryCategory.TAX,
    "health": InquiryCategory.HEALTH,
    "digital-mail": InquiryCategory.DIGITAL_MAIL,
    "library": InquiryCategory.PRINT_SCAN,
}


def waiting_label(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class CallCard:
    call_id: int
    where: str  # "Demo kiosk · Hovedbiblioteket, 1. etasje"
    language: str  # "العربية (arabisk)"
    task: str  # "Koble til bibliotekets trådløse nett, steg 3 av 5"
    waiting: str  # "2:05"
    status: CallStatus
    accepted_by: str | None
    escalated: bool
    suggested_category: InquiryCategory


def language_name(code: str, in_language: str, library: ContentLibrary) -> str | None:
    """A visitor's language as a staff member reads it: CLDR's name in the staff language (nb: the registry's)."""
    language = library.languages.get(code)
    if in_language == "nb" and language is not None:
        return language.norwegian_name.lower()
    try:
        return Locale.parse(code).get_display_name(in_language)
    except (UnknownLocaleError, ValueError):
        return language.norwegian_name.lower() if language else None


def call_card(
    call: HelpCall, library: ContentLibrary, now: datetime, show_branch: bool = False, texts: StaffText | None = None
) -> CallCard:
    s = texts or StaffText(load_catalogs(SHIPPED_DIR), "nb")
    language = library.languages.get(call.language or "")
    name = language_name(call.language, s.language, library) if call.language else None
    if language is None:
        language_label = call.language or s("card.unknown_language")
    elif name is None or language.native_name.lower() == name.lower():
        language_label = language.native_name
    else:
        language_label = f"{language.native_name} ({name})"

    guide = library.guides.get(call.guide or "")
    if guide is None:
        task = s("card.no_guide") if not call.guide else call.guide
    else:
        task = guide.title.get(s.language) or guide.title.get("nb") or guide.title[guide.source_language]
        step_ids = [step.id for step in guide.steps]
        if call.step in step_ids:
            task = s("card.guide_step", guide=task, current=step_ids.index(call.step) + 1, total=len(step_ids))
    suggested = _SUGGESTED.get(guide.category, InquiryCategory.OTHER) if guide else InquiryCategory.OTHER
    where = call.kiosk_name + (f" · {call.location}" if call.location else "")
    if show_branch:  # looking at every branch: say which floor the visitor is on
        where = f"{call.branch_name} · {where}"
    return CallCard(
        call_id=call.id,
        where=where,
        language=language_label,
        task=task,
        waiting=waiting_label(call.waiting_seconds(now)),
        status=call.status,
        accepted_by=call.accepted_by_name,
        escalated=call.escalated_at is not None,
        suggested_category=suggested,
    )
