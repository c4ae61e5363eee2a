"""Under a step: the calm reminder on a secret step, and "if it goes wrong" (the step's problems, each with its fix)."""

from __future__ import annotations

import streamlit as st

from kiosk.store.events import EventKind
from kiosk.ui.shared.plain import unlinked
from kiosk.ui.visitor.actions import call_for_help, record_visit_event
from kiosk.ui.visitor.context import KioskContext
from kiosk.visit.guide_view import GuideView, StepView


def secret_reminder(ctx: KioskContext, step: StepView) -> None:
    """Where the visitor types a code, PIN or password: one short line, not a warning that frightens."""
    if step.secret:
        with st.container(key="secret-step"):
            st.info(ctx.t("guide.secret_step"), icon="🔒")


def _press(ctx: KioskContext, problem_id: str, step_id: str | None) -> None:
    ctx.visit.show_problem(problem_id)
    record_visit_event(ctx, EventKind.PROBLEM_PRESSED, guide=ctx.visit.guide, step=step_id, value=problem_id)


def if_it_goes_wrong(ctx: KioskContext, view: GuideView, step: StepView) -> None:
    """One button per problem; the pressed one shows its fix and "Still stuck", which calls for help with the problem."""
    if not step.problems:
        return
    step_id = ctx.current_step_id()
    with st.container(key="step-problems"):
        st.subheader(ctx.t("problems.heading"), anchor=False)
        for problem in step.problems:
            key = f"problem-{problem.id}"
            shown = ctx.visit.problem == problem.id
            with st.container(key=ctx.in_language(f"text-{key}", view.language)):
                st.button(unlinked(problem.symptom), key=key, on_click=_press, args=(ctx, problem.id, step_id), width="stretch")
            ctx.toggle(key, shown)
            ctx.icon(key, before="❓")
            if shown:
                with st.container(key=ctx.in_language("problem-fix", view.language)):
                    st.success(unlinked(problem.fix), icon="💡")
                st.button(
                    ctx.t("problems.still_stuck"),
                    key="problem-still-stuck",
                    on_click=call_for_help,
                    args=(ctx,),
                    disabled=ctx.visit.help_call_id is not None,
                    width="stretch",
                )
                ctx.icon("problem-still-stuck", before="🙋")
