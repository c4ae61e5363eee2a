"""The rules behind 'if it goes wrong', secret steps and life-event paths: events, help calls, staff cards, visit state."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine

from kiosk.authoring.guides import EditConflict
from kiosk.authoring.paths import InvalidPath, save_path, working_copy
from kiosk.content import load_content
from kiosk.floor.calls import follow_visitor, open_calls, request_help
from kiosk.floor.cards import SECRET_STEP_ADVICE, call_card, notification_notes
from kiosk.floor.inquiries import load_inquiry_config, shipped_inquiry_config
from kiosk.settings import PROJECT_ROOT, Settings
from kiosk.stats.queries import StatsFilter
from kiosk.stats.tables import build_tables
from kiosk.store.events import Event, EventKind, events_of_visit, record_event
from kiosk.store.kiosks import seed_demo
from kiosk.visit.guide_view import view_guide
from kiosk.visit.journey import Screen, Visit, new_visit_id, start_over
from kiosk.visit.path_view import view_path
from kiosk.visit.qr import printable_checklist_url
from tests.http_receiver import http_receiver

LIBRARY, _ = load_content(PROJECT_ROOT / "content")


@pytest.fixture
def floor(engine: Engine) -> Engine:
    seed_demo(engine)
    return engine


# -- problems and help calls -------------------------------------------------------------------


@pytest.mark.both_databases
def test_still_stuck_calls_with_the_problem_and_the_staff_card_shows_it_in_norwegian(floor: Engine) -> None:
    call = request_help(
        floor,
        visit_id=new_visit_id(),
        kiosk_id="demo",
        language="ar",
        guide="bankid-on-mobile",
        step="type-sms-code",
        problem="code-not-arrived",
    )
    [listed] = open_calls(floor)
    assert listed.problem == "code-not-arrived"
    card = call_card(listed, LIBRARY, shipped_inquiry_config(), datetime.now(UTC))
    assert card.problem == "Koden kom ikke"  # the visitor read it in Arabic; staff read Norwegian
    assert card.secret_advice == SECRET_STEP_ADVICE  # a code step: let them type, look away
    assert call.id == listed.id


@pytest.mark.both_databases
def test_the_problem_stays_while_the_visitor_stays_and_goes_when_they_move_on(floor: Engine) -> None:
    call = request_help(
        floor,
        visit_id=new_visit_id(),
        kiosk_id="demo",
        language="nb",
        guide="log-in-with-bankid",
        step="confirm",
        problem="bankid-locked",
    )
    follow_visitor(floor, call.id, "log-in-with-bankid", "confirm")  # a rerun on the same step
    assert open_calls(floor)[0].problem == "bankid-locked"
    follow_visitor(floor, call.id, "log-in-with-bankid", "logged-in")
    [moved] = open_calls(floor)
    assert (moved.step, moved.problem) == ("logged-in", None)
    card = call_card(moved, LIBRARY, shipped_inquiry_config(), datetime.now(UTC))
    assert card.problem is None and card.secret_advice is None  # not a secret step


@pytest.mark.both_databases
def test_a_new_and_an_escalated_call_tell_staff_the_symptom_and_to_look_away(
    floor: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the runtime's own outbox to real receivers: the words are the card's, not a copy."""
    from kiosk.floor.calls import escalate_due
    from kiosk.runtime import build_runtime
    from kiosk.settings import get_settings

    with http_receiver() as webhook, http_receiver() as slack:
        monkeypatch.setenv("KIOSK_WEBHOOK_URL", webhook.url)
        monkeypatch.setenv("KIOSK_SLACK_WEBHOOK_URL", slack.url)
        get_settings.cache_clear()
        runtime = build_runtime(get_settings())
        try:
            call = request_help(
                floor,
                visit_id=new_visit_id(),
                kiosk_id="demo",
                language="ar",
                guide="bankid-on-mobile",
                step="type-sms-code",
                problem="code-not-arrived",
                outbox=runtime.outbox,
            )
            runtime.outbox.deliver_due()
            escalate_due(floor, timedelta(0), runtime.outbox)
            runtime.outbox.deliver_due()
            hooks, slacks = webhook.wait_for(2), slack.wait_for(2)
        finally:
            runtime.close()
    card = call_card(open_calls(floor)[0], LIBRARY, shipped_inquiry_config(), datetime.now(UTC))
    for body in (r.json() for r in hooks):
        assert (body["call_id"], body["problem_symptom"], body["secret_advice"]) == (call.id, card.problem, card.secret_advice)
        assert "«Koden kom ikke»" in body["text"] and SECRET_STEP_ADVICE in body["text"]
    assert [body["event"] for body in (r.json() for r in hooks)] == ["new", "escalated"]
    for body in (r.json() for r in slacks):
        assert "Koden kom ikke" in body["text"] and SECRET_STEP_ADVICE in body["text"]


@pytest.mark.both_databases
def test_a_call_without_a_problem_at_an_ordinary_step_says_neither(floor: Engine) -> None:
    from kiosk.notify.outbox import Outbox, Target, TargetKind

    with http_receiver() as webhook:
        outbox = Outbox(floor, [Target(TargetKind.WEBHOOK, webhook.url)], notes=lambda p: notification_notes(LIBRARY, p))
        request_help(
            floor,
            visit_id=new_visit_id(),
            kiosk_id="demo",
            language="nb",
            guide="log-in-with-bankid",
            step="logged-in",
            problem="<script>",
            outbox=outbox,
        )
        outbox.deliver_due()
        [received] = webhook.wait_for(1)
    body = received.json()
    assert "problem_symptom" not in body and "secret_advice" not in body and "<script>" not in body["text"]


def test_a_card_from_a_secret_step_without_a_problem_still_advises_to_look_away() -> None:
    from kiosk.floor.calls import CallStatus, HelpCall

    call = HelpCall(
        id=1,
        visit_id="0" * 32,
        kiosk_id="demo",
        kiosk_name="Demo",
        location="",
        branch_id="main",
        branch_name="Hovedbiblioteket",
        language="nb",
        guide="log-in-with-minid",
        step="type-password",
        status=CallStatus.OPEN,
        created_at=datetime.now(UTC),
        problem="no-such-problem",  # removed from the guide since: no symptom, no crash
    )
    card = call_card(call, LIBRARY, shipped_inquiry_config(), datetime.now(UTC))
    assert (card.problem, card.secret_advice) == (None, SECRET_STEP_ADVICE)


def test_a_problem_press_is_an_anonymous_event_with_guide_step_and_problem_id(floor: Engine) -> None:
    visit = new_visit_id()
    event = Event(
        kind=EventKind.PROBLEM_PRESSED,
        kiosk_id="demo",
        visit_id=visit,
        guide="tax-return",
        step="press-change",
        value="no-change-button",
    )
    record_event(floor, event)
    assert events_of_visit(floor, visit) == [event]


@pytest.mark.parametrize("value", ["Koden kom ikke", "code not arrived", "<script>", "a" * 33, "-lead", "x--y"])
def test_an_event_never_carries_free_text(value: str) -> None:
    with pytest.raises(ValidationError):
        Event(kind=EventKind.PROBLEM_PRESSED, kiosk_id="demo", visit_id="0" * 32, guide="tax-return", step="send", value=value)


def test_the_statistics_count_problems_pressed_per_guide_and_step(floor: Engine) -> None:
    for _ in range(6):
        record_event(
            floor,
            Event(
                kind=EventKind.PROBLEM_PRESSED,
                kiosk_id="demo",
                visit_id=new_visit_id(),
                language="uk",
                guide="bankid-on-mobile",
                step="type-sms-code",
                value="code-not-arrived",
            ),
        )
    today = date.today()
    f = StatsFilter(start=today - timedelta(days=1), end=today + timedelta(days=1))
    table = build_tables(floor, f, LIBRARY, load_inquiry_config(PROJECT_ROOT / "content")[0])["problemer-trykket"]
    assert table.shown() == [["Få BankID på mobilen", "Steg 6 (type-sms-code)", "Koden kom ikke", 6]]


# -- the guide as the kiosk shows it --------------------------------------------------------------


def test_a_step_shows_its_problems_and_secrecy_in_the_visitors_language() -> None:
    view = view_guide(LIBRARY.guides["log-in-with-minid"], "ar", "nb")
    step = next(s for s in view.steps if s.problems and s.problems[0].id == "forgot-password")
    assert step.secret is True
    assert step.problems[0].symptom == "نسيت كلمة المرور"
    assert "«Glemt passord?»" in step.problems[0].fix  # the on-screen word stays Norwegian
    assert not view.steps[0].secret and not view.steps[0].problems


# -- visit state: paths and ticks --------------------------------------------------------------------


def _finish(visit: Visit, slug: str) -> None:
    visit.open_guide(slug)
    visit.begin_steps()
    steps = len(LIBRARY.guides[slug].steps)
    for _ in range(steps):
        visit.next_step(steps)


def test_finishing_a_guide_of_the_path_ticks_it_and_back_returns_to_the_checklist() -> None:
    visit = Visit(language="nb", screen=Screen.HOME)
    visit.open_path("new-in-norway")
    visit.open_guide("d-number-and-tax-card")
    visit.back()
    assert visit.screen is Screen.PATH  # not home: the visitor came from the checklist
    _finish(visit, "d-number-and-tax-card")
    assert visit.screen is Screen.END and visit.finished_guides == ("d-number-and-tax-card",)
    _finish(visit, "d-number-and-tax-card")  # the same guide again: one tick
    visit.back_to_path()
    assert (visit.screen, visit.guide, visit.finished_guides) == (Screen.PATH, None, ("d-number-and-tax-card",))
    view = view_path(LIBRARY.paths["new-in-norway"], LIBRARY, "nb", "nb", visit.finished_guides)
    assert [item.done for item in view.items] == [True, False, False, False]
    assert view.done_count == 1
    visit.print_path()
    assert visit.screen is Screen.PATH_PRINT
    visit.back()
    visit.back()
    assert (visit.screen, visit.path) == (Screen.HOME, None)


def test_the_checklist_is_wiped_with_the_visit() -> None:
    visit = Visit(language="ar", screen=Screen.HOME)
    visit.open_path("losing-a-job")
    _finish(visit, "register-as-job-seeker")
    fresh = start_over()
    assert fresh.path is None and fresh.finished_guides == () and fresh.id != visit.id
    assert not visit.is_pristine


def test_a_problem_shown_is_forgotten_on_the_next_step() -> None:
    visit = Visit(language="nb", screen=Screen.HOME)
    visit.open_guide("tax-return")
    visit.begin_steps()
    visit.show_problem("no-tax-return")
    assert visit.problem == "no-tax-return"
    visit.next_step(8)
    assert visit.problem is None


def test_the_path_in_arabic_names_each_guide_in_the_language_it_is_shown_in() -> None:
    view = view_path(LIBRARY.paths["new-in-norway"], LIBRARY, "ar", "nb", ())
    assert (view.title, view.language, view.is_fallback, view.unreviewed) == ("جديد في النرويج", "ar", False, True)
    first, second = view.items[:2]
    assert first.language == "en"  # the D-number guide is not in Arabic yet: its title falls back
    assert (second.slug, second.language) == ("bankid-on-mobile", "ar")


def test_a_path_naming_a_guide_that_has_gone_leaves_it_out() -> None:
    path = LIBRARY.paths["having-a-child"].model_copy(update={"guides": ["child-benefit", "gone-guide"]})
    view = view_path(path, LIBRARY, "nb", "nb", ())
    assert [i.slug for i in view.items] == ["child-benefit"]


def test_the_checklist_address_carries_the_ticks_and_nothing_else() -> None:
    url = printable_checklist_url("http://kiosk.local:8501/?kiosk=demo", "new-in-norway", "ar", ["bankid-on-mobile"])
    assert url == "http://kiosk.local:8501/?checklist=new-in-norway&lang=ar&done=bankid-on-mobile"


# -- the path editor ---------------------------------------------------------------------------------


def test_a_path_is_saved_checked_and_loaded_again(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    data, version = working_copy(content_dir, "having-a-child")
    data["guides"] = ["child-benefit", "kindergarten-place", "change-gp"]
    data["title"]["nb"] = "Når dere får barn"
    save_path(data, version, library, content_dir)
    reloaded, problems = load_content(content_dir)
    assert reloaded.paths["having-a-child"].guides[-1] == "change-gp"
    assert reloaded.paths["having-a-child"].title["nb"] == "Når dere får barn"
    assert not [p for p in problems if p.file.startswith("paths/")]


def test_a_path_with_an_unknown_guide_or_a_hostile_text_is_refused_and_the_file_kept(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    before = (content_dir / "paths" / "having-a-child.yaml").read_text(encoding="utf-8")
    data, version = working_copy(content_dir, "having-a-child")
    with pytest.raises(InvalidPath) as refused:
        save_path({**data, "guides": ["child-benefit", "no-such-guide"]}, version, library, content_dir)
    assert refused.value.problems[0].field == "guides[2]"
    with pytest.raises(InvalidPath):
        save_path({**data, "summary": {"nb": "[Klikk](javascript:alert(1))"}}, version, library, content_dir)
    assert (content_dir / "paths" / "having-a-child.yaml").read_text(encoding="utf-8") == before


def test_two_editors_saving_the_same_path_the_second_is_refused(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    data, version = working_copy(content_dir, "losing-a-job")
    results: list[str] = []

    def save(title: str) -> None:
        try:
            save_path({**data, "title": {**data["title"], "nb": title}}, version, library, content_dir)
            results.append("saved")
        except EditConflict:
            results.append("conflict")

    threads = [threading.Thread(target=save, args=(f"Uten jobb {n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict", "saved"]


def test_each_life_event_category_leads_with_the_paths_that_have_a_guide_in_it() -> None:
    from kiosk.visit.path_view import paths_of_category

    assert paths_of_category(LIBRARY, "having-a-child") == ["having-a-child"]
    assert paths_of_category(LIBRARY, "death-and-inheritance") == ["after-a-death"]
    assert paths_of_category(LIBRARY, "job") == ["losing-a-job"]
    assert paths_of_category(LIBRARY, "nav") == []  # everyday: NAV guides are in several life events
    assert paths_of_category(LIBRARY, "no-such-category") == []
