"""What a staff member reads about a help call: where, what, in which language, how long (in the staff
member's page language; without one given, bokmål)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel import Locale, UnknownLocaleError

from kiosk.content.models import ContentLibrary
from kiosk.floor.calls import CallStatus, HelpCall
from kiosk.floor.inquiries import InquiryConfig
from kiosk.language.staff_texts import SHIPPED_DIR, StaffText, load_catalogs

SECRET_STEP_ADVICE_KEY = "card.secret_step"  # on the card of a call from a step where the visitor types a code
SECRET_STEP_ADVICE = StaffText(load_catalogs(SHIPPED_DIR), "nb")(SECRET_STEP_ADVICE_KEY)  # its bokmål text


@dataclass(frozen=True)
class StepHelp:
    """What staff need to know of the step a visitor is stuck on: the card shows it, notifications say it."""

    problem: str | None = None  # the symptom the visitor chose under "if it goes wrong", in the staff language
    secret_advice: str | None = None  # at a step where the visitor types a code: let them type, look away


def step_help(
    library: ContentLibrary, guide_slug: str | None, step_id: str | None, problem_id: str | None, texts: StaffText | None = None
) -> StepHelp:
    s = texts or StaffText(load_catalogs(SHIPPED_DIR), "nb")
    guide = library.guides.get(guide_slug or "")
    step = next((step for step in guide.steps if step.id == step_id), None) if guide else None
    if guide is None or step is None:
        return StepHelp()
    found = next((p for p in step.problems if p.id == problem_id), None)
    problem = None
    if found is not None:
        problem = found.symptom.get(s.language) or found.symptom.get("nb") or found.symptom[guide.source_language]
    return StepHelp(problem=problem, secret_advice=s(SECRET_STEP_ADVICE_KEY) if step.secret else None)


def notification_notes(library: ContentLibrary, payload: dict[str, object]) -> dict[str, str]:
    """The step help a call's notification carries, in bokmål like the card without a page language:
    `problem_symptom` and `secret_advice`, each only when there is one."""
    found = step_help(
        library, _text_or_none(payload.get("guide")), _text_or_none(payload.get("step")), _text_or_none(payload.get("problem"))
    )
    notes = {"problem_symptom": found.problem, "secret_advice": found.secret_advice}
    return {key: value for key, value in notes.items() if value}


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


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
    problem: str | None = None  # the symptom the visitor was stuck on: "Koden kom ikke"
    secret_advice: str | None = None  # the secret-step advice when the visitor is at a secret step
    # The visitor's language as written in itself ("ትግርኛ"), its code and direction: the page marks it so a
    # screen reader says it in that language, not as Norwegian.
    language_native: str | None = None
    language_code: str | None = None
    language_rtl: bool = False


def language_name(code: str, in_language: str, library: ContentLibrary) -> str | None:
    """A visitor's language as a staff member reads it: CLDR's name in the staff language (nb: the registry's)."""
    language = library.languages.get(code)
    if in_language == "nb" and language is not None:
        return language.norwegian_name.lower()
    try:
        return Locale.parse(code).get_display_name(in_language)
    except (UnknownLocaleError, ValueError):
        return language.norwegian_name.lower() if language else None


def language_label(code: str, in_language: str, library: ContentLibrary) -> str:
    """A language as an item of a list or a table: capitalised ("Somali", "Arabiska"), the code when unknown."""
    language = library.languages.get(code)
    if in_language == "nb" and language is not None:
        return language.norwegian_name
    name = language_name(code, in_language, library)
    return name[:1].upper() + name[1:] if name else code


def call_card(
    call: HelpCall,
    library: ContentLibrary,
    inquiries: InquiryConfig,
    now: datetime,
    show_branch: bool = False,
    texts: StaffText | None = None,
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
    found = step_help(library, call.guide, call.step, call.problem, s)
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
        problem=found.problem,
        secret_advice=found.secret_advice,
        language_native=language.native_name if language else None,
        language_code=language.code if language else None,
        language_rtl=bool(language and language.is_rtl),
    )
