""" "Next time by yourself": when closing a call, staff tick the steps where the visitor got stuck."""

from __future__ import annotations

from streamlit.delta_generator import DeltaGenerator

from kiosk.content.models import ContentLibrary
from kiosk.floor.calls import HelpCall
from kiosk.language.staff_texts import StaffText
from kiosk.language.texts import pick

_PREVIEW = 48  # characters of a step's text beside its number


def stuck_steps_field(column: DeltaGenerator, call: HelpCall, library: ContentLibrary, s: StaffText) -> list[str]:
    """The ticked step ids of the call's guide (none when the call came from no guide)."""
    guide = library.guides.get(call.guide or "")
    if guide is None:
        return []
    names: dict[str, str] = {}
    for number, step in enumerate(guide.steps, start=1):
        text = pick(step.text, s.language if s.language in step.text else "nb")
        preview = (text.text if text else step.id).replace("\n", " ")
        names[step.id] = f"{number}. {preview[:_PREVIEW]}{'…' if len(preview) > _PREVIEW else ''}"
    chosen = column.multiselect(
        s("stuck.label"),
        list(names),
        format_func=names.__getitem__,
        key=f"stuck-{call.id}",
        help=s("stuck.help"),
        placeholder=s("stuck.placeholder"),
    )
    return [step for step in chosen if step in names]
