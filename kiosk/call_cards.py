"""What a staff member reads about a help call: where, what, in which language, how long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.content.models import ContentLibrary
from kiosk.help import CallStatus, HelpCall
from kiosk.inquiry_config import InquiryConfig


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
    suggested_category: str  # an inquiry category id (content/inquiries.yaml), so "Done" is usually one tap


def call_card(
    call: HelpCall, library: ContentLibrary, inquiries: InquiryConfig, now: datetime, show_branch: bool = False
) -> CallCard:
    language = library.languages.get(call.language or "")
    if language is None:
        language_label = call.language or "ukjent språk"
    elif language.native_name == language.norwegian_name:
        language_label = language.native_name
    else:
        language_label = f"{language.native_name} ({language.norwegian_name.lower()})"

    guide = library.guides.get(call.guide or "")
    if guide is None:
        task = "Ikke i en guide" if not call.guide else call.guide
    else:
        task = guide.title.get("nb") or guide.title[guide.source_language]
        step_ids = [step.id for step in guide.steps]
        if call.step in step_ids:
            task += f", steg {step_ids.index(call.step) + 1} av {len(step_ids)}"
    suggested = inquiries.suggested_category(guide.category if guide else None)
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
