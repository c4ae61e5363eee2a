"""A visit moves through the screens as a citizen expects, and Start over forgets everything."""

from __future__ import annotations

from kiosk.visit.journey import Screen, TextSize, Visit, resumed_while_waiting, start_over


def test_a_whole_guide_forwards_and_back() -> None:
    visit = Visit()
    visit.choose_language("ar")
    assert visit.screen is Screen.HOME
    visit.open_category("library")
    visit.open_guide("library-wifi")
    assert visit.screen is Screen.INTRO
    visit.begin_steps()
    visit.next_step(step_count=3)
    visit.next_step(step_count=3)
    assert (visit.screen, visit.step) == (Screen.STEP, 2)
    visit.next_step(step_count=3)
    assert visit.screen is Screen.END
    visit.back()
    assert (visit.screen, visit.step) == (Screen.STEP, 2)
    visit.back()
    visit.back()
    visit.back()
    assert visit.screen is Screen.INTRO
    visit.back()
    assert (visit.screen, visit.guide) == (Screen.CATEGORY, None)
    visit.back()
    assert (visit.screen, visit.category) == (Screen.HOME, None)
    visit.back()
    assert visit.screen is Screen.START


def test_start_over_forgets_the_visit() -> None:
    visit = Visit()
    visit.choose_language("nb")
    visit.text_size = TextSize.LARGEST
    visit.high_contrast = True
    visit.open_guide("library-wifi")
    fresh = start_over()
    assert fresh.id != visit.id
    assert (fresh.language, fresh.guide, fresh.screen, fresh.text_size, fresh.high_contrast) == (
        None,
        None,
        Screen.START,
        TextSize.NORMAL,
        False,
    )


def test_go_home_leaves_the_guide() -> None:
    visit = Visit()
    visit.choose_language("nb")
    visit.open_category("tax")
    visit.open_guide("x")
    visit.begin_steps()
    visit.go_home()
    assert (visit.screen, visit.category, visit.guide, visit.step) == (Screen.HOME, None, None, 0)


def test_start_over_asks_first_with_a_call_open_or_a_guide_under_way() -> None:
    visit = Visit()
    visit.choose_language("nb")
    assert not visit.start_over_needs_asking  # nothing to lose on the home screen
    visit.open_guide("library-wifi")
    visit.begin_steps()
    assert visit.start_over_needs_asking
    visit.go_home()
    visit.help_call_id = 7
    assert visit.start_over_needs_asking and visit.is_waiting_for_help


def test_the_step_on_screen_by_id() -> None:
    visit = Visit()
    visit.open_guide("library-wifi")
    assert visit.step_id(["a", "b"]) is None  # the intro is not a step
    visit.begin_steps()
    visit.next_step(2)
    assert visit.step_id(["a", "b"]) == "b"
    visit.next_step(2)
    assert visit.screen is Screen.END and visit.step_id(["a", "b"]) == "b"


def test_search_keeps_at_most_200_characters() -> None:
    # The field has no max_chars (its counter "3/200" is Streamlit's English): the visit cuts the query.
    visit = Visit(language="ar")
    visit.search("  " + "ب" * 500 + "  ")
    assert visit.search_query == "ب" * 200


def test_a_waiting_visit_comes_back_on_its_step_with_its_call() -> None:
    visit = resumed_while_waiting("ab" * 16, 7, "ar", "library-wifi", 2)
    assert (visit.id, visit.help_call_id, visit.language) == ("ab" * 16, 7, "ar")
    assert (visit.screen, visit.guide, visit.step) == (Screen.STEP, "library-wifi", 2)
    assert visit.is_waiting_for_help and visit.start_over_needs_asking


def test_a_waiting_visit_without_a_guide_or_step_comes_back_home_or_to_the_intro() -> None:
    assert resumed_while_waiting("c" * 32, 1, "nb", None, None).screen is Screen.HOME
    assert resumed_while_waiting("c" * 32, 1, "nb", "library-wifi", None).screen is Screen.INTRO
    assert resumed_while_waiting("c" * 32, 1, None, None, None).screen is Screen.START
