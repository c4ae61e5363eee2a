"""'Checked <date>' on a guide's first screen: when someone last compared every step with its official pages, or
that nobody has; for the library's own services, "ask the staff for today's details" (a setting)."""

from __future__ import annotations

from kiosk.language.dates import long_date
from kiosk.ui.shared.step_card import note
from kiosk.ui.visitor.context import KioskContext
from kiosk.visit.guide_view import GuideView


def checked_note(ctx: KioskContext, view: GuideView) -> None:
    if view.library_local and ctx.runtime.settings.ask_staff_for_local_details:
        # Network names, prices and hours differ by branch and by day: the staff know today's.
        note(ctx.t("guide.ask_staff_local"))
    elif view.verified_on is None:
        note(ctx.t("guide.not_checked"))
    else:
        note(ctx.t("guide.checked", date=long_date(view.verified_on, ctx.t.language)))
