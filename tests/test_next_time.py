""" "Next time by yourself": the steps ticked when closing a call reach the visitor's printable page by a
random reference, never the call id."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from kiosk.accounts.auth import Role, add_user
from kiosk.floor.calls import accept, finish, request_help, stuck_steps_for
from kiosk.store.kiosks import seed_demo
from kiosk.visit.journey import new_visit_id
from kiosk.visit.qr import printable_guide_url

pytestmark = pytest.mark.both_databases


def test_stuck_steps_are_found_by_the_random_reference_once_the_call_is_done(engine: Engine) -> None:
    seed_demo(engine)
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id
    call = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide="library-wifi", step="find-wifi")
    other = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide="library-wifi", step=None)
    assert call.visitor_ref and len(call.visitor_ref) >= 22 and call.visitor_ref != other.visitor_ref  # 128 bits at least
    assert stuck_steps_for(engine, call.visitor_ref) is None  # still open: nothing to show
    accept(engine, call.id, kari)
    done = finish(engine, call.id, kari, "other", stuck_steps=["find-wifi", "password", "find-wifi"])
    assert done.stuck_steps == ("find-wifi", "password")
    found = stuck_steps_for(engine, call.visitor_ref)
    assert found is not None and found.guide == "library-wifi" and found.steps == {"find-wifi", "password"}
    assert stuck_steps_for(engine, str(call.id)) is None
    assert stuck_steps_for(engine, "x" * 500) is None
    assert other.visitor_ref and stuck_steps_for(engine, other.visitor_ref) is None


def test_a_closing_keeps_the_first_fifty_stuck_steps_of_a_longer_list(engine: Engine) -> None:
    from kiosk.floor.calls import MAX_STUCK_STEPS

    seed_demo(engine)
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id
    sent = [f"step-{n}" for n in range(80)]  # a hostile form: more steps than any guide has
    for count in (MAX_STUCK_STEPS - 1, MAX_STUCK_STEPS, MAX_STUCK_STEPS + 1):
        call = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide="library-wifi", step=None)
        accept(engine, call.id, kari)
        done = finish(engine, call.id, kari, "other", stuck_steps=sent[:count])
        assert done.stuck_steps == tuple(sent[: min(count, 50)])
    assert MAX_STUCK_STEPS == 50
    call = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide="library-wifi", step=None)
    accept(engine, call.id, kari)
    long_ids = ["s" * 100, "t" * 80]  # a step id is kept to its first 80 characters
    assert finish(engine, call.id, kari, "other", stuck_steps=long_ids).stuck_steps == ("s" * 80, "t" * 80)


def test_the_printable_address_carries_the_reference_only_when_there_is_one() -> None:
    assert printable_guide_url("http://kiosk:8501/", "library-wifi", "ar") == "http://kiosk:8501/?print=library-wifi&lang=ar"
    assert printable_guide_url("http://kiosk:8501/", "library-wifi", "ar", ref="abc_DEF-123") == (
        "http://kiosk:8501/?print=library-wifi&lang=ar&ref=abc_DEF-123"
    )
