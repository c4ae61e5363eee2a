"""What a staff member reads about a help call: where, what, in which language, how long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.content.models import ContentLibrary
from kiosk.help import CallStatus, HelpCall
from kiosk.inquiry_config import InquiryConfig

# On the card of a call from a step where the visitor types a code, PIN or password.
SECRET_STEP_ADVICE = "Hemmelig steg: la den besøkende skrive koden selv, og se bort mens de skriver."


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
    problem: str | None = None  # the symptom the visitor was stuck on, in Norwegian: "Koden kom ikke"
    secret_advice: str | None = None  # SECRET_STEP_ADVICE when the visitor is at a secret step


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
    problem, secret_advice = None, None
    if guide is None:
        task = "Ikke i en guide" if not call.guide else call.guide
    else:
        task = guide.title.get("nb") or guide.title[guide.source_language]
        step_ids = [step.id for step in guide.steps]
        if call.step in step_ids:
            step = guide.steps[step_ids.index(call.step)]
            task += f", steg {step_ids.index(call.step) + 1} av {len(step_ids)}"
            secret_advice = SECRET_STEP_ADVICE if step.secret else None
            found = next((p for p in step.problems if p.id == call.problem), None)
            if found is not None:
                problem = found.symptom.get("nb") or found.symptom[guide.source_language]
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
        problem=problem,
        secret_advice=secret_advice,
    )
