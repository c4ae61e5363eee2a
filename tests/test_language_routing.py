"""Routing by language: who on shift speaks the visitor's language, the interpreter when nobody does,
"only my languages", and the notification that names the speakers first and reaches their own topics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.accounts.auth import AccountError, Role, add_user, set_ntfy_topic, set_spoken_languages
from kiosk.floor.calls import request_help
from kiosk.floor.live_queue import LiveQueue
from kiosk.floor.presence import Heartbeats, OnShift, Presence, heard_from, on_shift, presence_of, set_presence
from kiosk.floor.presence import on_change as presence_on_change
from kiosk.floor.routing import InterpreterService, first_to_alert, in_languages, route
from kiosk.notify.outbox import Outbox, Target, TargetKind, message_text, topic_url
from kiosk.store.branches import list_branches
from kiosk.store.kiosks import seed_demo
from kiosk.store.schema import OutboxRow, StaffPresenceRow
from kiosk.visit.journey import new_visit_id

pytestmark = [pytest.mark.both_databases, pytest.mark.usefixtures("cheap_passwords")]  # accounts: not what is tested

AMINA = OnShift(user_id=1, name="Amina", languages=("nb", "ar", "so"), ntfy_topic="amina-floor")
KARI = OnShift(user_id=2, name="Kari", languages=("nb", "en"))
OLA = OnShift(user_id=3, name="Ola", languages=("nb", "ar"))
TOLK = InterpreterService("Tolketjenesten", "22 00 00 00")
STALE = timedelta(seconds=90)


def test_the_card_names_who_on_shift_speaks_the_language() -> None:
    found = route("ar", [AMINA, KARI, OLA], TOLK)
    assert [person.name for person in found.speakers] == ["Amina", "Ola"]
    assert found.interpreter is None


def test_nobody_speaks_it_so_the_interpreter_is_offered() -> None:
    found = route("ti", [AMINA, KARI], TOLK)
    assert found.speakers == () and found.interpreter == TOLK
    assert route("ti", [], InterpreterService("", "")).interpreter is None  # not configured: nothing to offer
    assert route(None, [KARI], TOLK).interpreter is None  # no language chosen yet
    only_a_number, only_a_name = InterpreterService("", "22 00 00 00"), InterpreterService("Tolketjenesten", "")
    assert route("ti", [KARI], only_a_number).interpreter == only_a_number  # a number alone is worth offering
    assert route("ti", [KARI], only_a_name).interpreter == only_a_name


def test_notifications_name_the_speakers_first() -> None:
    assert [p.name for p in first_to_alert("so", [KARI, OLA, AMINA])] == ["Amina", "Kari", "Ola"]
    text = message_text("new", {"kiosk_name": "Demo", "language": "so", "speakers": ["Amina"]})
    assert text.startswith("Amina – speaks so · Help call: Demo")


def test_only_my_languages_keeps_calls_in_them_and_calls_without_a_language(floor: Engine) -> None:
    calls = [
        request_help(floor, visit_id=new_visit_id(), kiosk_id="demo", language=lang, guide=None, step=None)
        for lang in ("ar", "uk", None, "en")
    ]
    assert [c.language for c in in_languages(calls, ["ar", "en"])] == ["ar", None, "en"]


@pytest.fixture
def floor(engine: Engine) -> Engine:
    seed_demo(engine)
    return engine


def test_languages_are_kept_on_the_account_and_bad_codes_refused(floor: Engine) -> None:
    add_user(floor, "amina", "Amina", Role.STAFF, "correct horse battery")
    user = set_spoken_languages(floor, "amina", ["ar", " SO ", "ar", "nb"])
    assert user.spoken_languages == ("ar", "so", "nb")
    for bad in (["arabic"], ["<b>"], ["a" * 2] * 1 + ["x1"]):
        with pytest.raises(AccountError):
            set_spoken_languages(floor, "amina", bad)
    with pytest.raises(AccountError):
        set_ntfy_topic(floor, "amina", "https://evil.example/x")


def test_on_shift_is_on_the_floor_and_heard_from_lately(floor: Engine) -> None:
    amina = add_user(floor, "amina", "Amina", Role.STAFF, "correct horse battery").id
    kari = add_user(floor, "kari", "Kari", Role.STAFF, "correct horse battery").id
    ola = add_user(floor, "ola", "Ola", Role.STAFF, "correct horse battery").id
    set_spoken_languages(floor, "amina", ["nb", "ar"])
    now = datetime.now(UTC)
    heard_from(floor, amina, timedelta(seconds=20), now)  # a first heartbeat: signing in is coming to work
    set_presence(floor, kari, Presence.AWAY, now)
    heard_from(floor, ola, timedelta(seconds=20), now - timedelta(minutes=5))  # a tablet silent for five minutes
    names = [(p.name, p.languages) for p in on_shift(floor, STALE, "nb", now)]
    assert names == [("Amina", ("nb", "ar"))]
    assert presence_of(floor, kari) is Presence.AWAY
    heard_from(floor, kari, timedelta(seconds=20), now + timedelta(seconds=30))  # a heartbeat keeps "away"
    assert [p.name for p in on_shift(floor, STALE, "nb", now + timedelta(seconds=30))] == ["Amina"]
    set_presence(floor, kari, Presence.FLOOR, now + timedelta(seconds=40))
    assert [p.name for p in on_shift(floor, STALE, "nb", now + timedelta(seconds=40))] == ["Amina", "Kari"]


def test_a_heartbeat_writes_at_most_once_per_interval(floor: Engine) -> None:
    amina = add_user(floor, "amina", "Amina", Role.STAFF, "correct horse battery").id
    now = datetime.now(UTC)
    every = timedelta(seconds=20)
    assert heard_from(floor, amina, every, now)
    assert not heard_from(floor, amina, every, now + timedelta(seconds=5))  # another tablet, another process
    assert heard_from(floor, amina, every, now + timedelta(seconds=20))  # exactly one interval later
    assert not heard_from(floor, amina, every, now + timedelta(seconds=39))
    assert heard_from(floor, amina, every, now + timedelta(seconds=40))
    clock = [0.0]
    beats = Heartbeats(floor, every, clock=lambda: clock[0])
    writes: list[int] = []
    import kiosk.floor.presence as presence

    real = presence.heard_from

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        writes.append(int(clock[0]))
        return real(*args, **kwargs)

    presence.heard_from = counting  # type: ignore[assignment]
    try:
        for second in range(60):  # a tablet redrawing every second for a minute
            clock[0] = float(second)
            beats.heard(amina)
    finally:
        presence.heard_from = real  # type: ignore[assignment]
    assert writes == [0, 20, 40]  # each exactly one interval after the last
    presence.heard_from = counting  # type: ignore[assignment]
    try:
        clock[0] = 65.0  # the tablet slept: its next redraw is more than an interval later
        beats.heard(amina)
    finally:
        presence.heard_from = real  # type: ignore[assignment]
    assert writes == [0, 20, 40, 65]


def test_the_live_queue_reads_presence_once_per_interval_for_all_tablets(floor: Engine) -> None:
    amina = add_user(floor, "amina", "Amina", Role.STAFF, "correct horse battery").id
    clock = [0.0]
    queue = LiveQueue(floor, clock=lambda: clock[0], presence_max_age=2.0)
    assert queue.on_shift() == []
    set_presence(floor, amina, Presence.FLOOR)
    assert queue.on_shift() == []  # forty tablets asking within the interval share one read
    clock[0] = 2.0
    assert [p.name for p in queue.on_shift()] == ["Amina"]
    set_presence(floor, amina, Presence.AWAY)
    queue.presence_changed()  # a change made in this process is seen at once
    assert queue.on_shift() == []


def test_a_new_call_names_the_speakers_and_reaches_their_own_topic(floor: Engine) -> None:
    outbox = Outbox(
        floor, [Target(TargetKind.NTFY, "https://ntfy.example.org/library"), Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/h")]
    )
    call = request_help(
        floor,
        visit_id=new_visit_id(),
        kiosk_id="demo",
        language="ar",
        guide=None,
        step=None,
        outbox=outbox,
        alert=first_to_alert("ar", [KARI, AMINA, OLA]),
    )
    with Session(floor) as session:
        rows = session.scalars(select(OutboxRow).where(OutboxRow.call_id == call.id).order_by(OutboxRow.id)).all()
    assert [(row.target, row.payload.get("ntfy_topic")) for row in rows] == [
        ("ntfy", None),
        ("webhook", None),
        ("ntfy", "amina-floor"),
    ]
    assert rows[0].payload["speakers"] == ["Amina", "Ola"]
    target = outbox.targets[0]
    assert topic_url(target, rows[2].payload) == "https://ntfy.example.org/amina-floor"
    assert topic_url(target, {"ntfy_topic": "../../etc"}) == target.url  # a bad topic never changes the address
    assert topic_url(outbox.targets[1], rows[2].payload) == outbox.targets[1].url


def test_a_tablet_on_another_branch_is_on_shift_there_only(floor: Engine) -> None:
    amina = add_user(floor, "amina", "Amina", Role.STAFF, "correct horse battery").id
    now = datetime.now(UTC)
    every = timedelta(seconds=20)
    heard_from(floor, amina, every, now, branch_id="filial-nord")
    [person] = on_shift(floor, STALE, "nb", now)
    assert person.covers("filial-nord") and not person.covers("hovedbiblioteket")
    # Switched to all branches: she still stands on the north floor, not on every floor.
    assert not heard_from(floor, amina, every, now + timedelta(seconds=1), branch_id=None)
    assert heard_from(floor, amina, every, now + timedelta(seconds=21), branch_id=None)  # still alive
    [person] = on_shift(floor, STALE, "nb", now + timedelta(seconds=21))
    assert person.covers("filial-nord") and not person.covers("hovedbiblioteket")


def test_on_shift_ends_exactly_when_the_tablet_has_been_silent_for_stale_after(floor: Engine) -> None:
    add_user(floor, "nils", "Nils", Role.STAFF, "correct horse battery")  # never heard from: no presence row
    amina = add_user(floor, "amina", "Amina", Role.STAFF, "correct horse battery").id
    ola = add_user(floor, "ola", "Ola", Role.STAFF, "correct horse battery").id
    set_ntfy_topic(floor, "ola", "ola-floor")
    now = datetime.now(UTC)
    heard_from(floor, amina, timedelta(seconds=20), now - STALE)  # silent for exactly stale_after: gone
    heard_from(floor, ola, timedelta(seconds=20), now - STALE + timedelta(seconds=1), branch_id="filial")
    [person] = on_shift(floor, STALE, "se", now)
    assert person == OnShift(
        user_id=ola, name="Ola", languages=("se",), ntfy_topic="ola-floor", branch_id="filial", several_branches=True
    )


def test_a_tablet_on_one_branch_beats_once_per_interval_there_too(floor: Engine) -> None:
    amina = add_user(floor, "amina", "Amina", Role.STAFF, "correct horse battery").id
    now = datetime.now(UTC)
    every = timedelta(seconds=20)
    assert heard_from(floor, amina, every, now, branch_id="filial-nord")
    assert not heard_from(floor, amina, every, now + timedelta(seconds=5), branch_id="filial-nord")
    assert heard_from(floor, amina, every, now + timedelta(seconds=20), branch_id="filial-nord")  # exactly the interval
    assert heard_from(floor, amina, every, now + timedelta(seconds=41), branch_id="filial-nord")  # past it
    assert heard_from(floor, amina, every, now + timedelta(seconds=42), branch_id="hovedbiblioteket")  # moved: at once
    [person] = on_shift(floor, STALE, "nb", now + timedelta(seconds=42))
    assert person.branch_id == "hovedbiblioteket"


def test_a_person_covers_their_branch_and_a_person_or_kiosk_without_one_covers_all() -> None:
    at_home, anywhere = AMINA.model_copy(update={"branch_id": "home"}), KARI
    assert at_home.covers("home") and not at_home.covers("filial")
    assert at_home.covers(None)  # a kiosk in no branch: everyone on the floor may come
    assert anywhere.covers("home") and anywhere.covers("filial")  # no tablet has said where yet
    assert anywhere.covers(None)


def test_signing_out_a_disabled_account_or_a_new_password_take_a_person_off_the_floor(floor: Engine) -> None:
    from kiosk.accounts.auth import set_disabled, set_password
    from kiosk.floor.presence import signed_out

    ids = {name: add_user(floor, name, name.title(), Role.STAFF, "correct horse battery").id for name in ("amina", "kari", "ola")}
    now = datetime.now(UTC)
    for user_id in ids.values():
        heard_from(floor, user_id, timedelta(seconds=20), now)
    assert len(on_shift(floor, STALE, "nb", now)) == 3
    signed_out(floor, ids["amina"], now)
    signed_out(floor, ids["amina"], now)  # signing out twice (two tablets) is the same
    set_disabled(floor, "kari")
    set_password(floor, "ola", "another horse battery")
    assert {name: presence_of(floor, user_id) for name, user_id in ids.items()} == dict.fromkeys(ids, Presence.AWAY)
    assert on_shift(floor, STALE, "nb", now) == []
    heard_from(floor, ids["ola"], timedelta(seconds=20), now + timedelta(seconds=30))  # a tablet still open: away it stays
    assert on_shift(floor, STALE, "nb", now + timedelta(seconds=30)) == []
    signed_out(floor, add_user(floor, "nils", "Nils", Role.STAFF, "correct horse battery").id)  # never on the floor
    with Session(floor) as session:
        left = session.scalar(select(StaffPresenceRow.changed_at).where(StaffPresenceRow.user_id == ids["amina"]))
    assert left is not None and left.replace(tzinfo=UTC) == now  # when she left, as the caller said it
    set_presence(floor, ids["amina"], Presence.FLOOR, now)
    signed_out(floor, ids["amina"])  # the time is now when the caller does not say
    with Session(floor) as session:
        left = session.scalar(select(StaffPresenceRow.changed_at).where(StaffPresenceRow.user_id == ids["amina"]))
    assert left is not None and left.replace(tzinfo=UTC) >= now


def test_signing_in_with_the_form_puts_floor_staff_on_the_floor_and_nobody_else(floor: Engine) -> None:
    from kiosk.floor.presence import signed_in, signed_out

    kari = add_user(floor, "kari", "Kari", Role.STAFF, "correct horse battery")
    rita = add_user(floor, "rita", "Rita", Role.EDITOR, "correct horse battery")
    now = datetime.now(UTC)
    heard_from(floor, kari.id, timedelta(seconds=20), now)
    signed_out(floor, kari.id, now)
    assert presence_of(floor, kari.id) is Presence.AWAY
    signed_in(floor, kari, now + timedelta(minutes=1))
    signed_in(floor, rita, now + timedelta(minutes=1))  # an editor at the PC promises no help on the floor
    assert presence_of(floor, kari.id) is Presence.FLOOR and presence_of(floor, rita.id) is None
    assert [p.name for p in on_shift(floor, STALE, "nb", now + timedelta(minutes=1))] == ["Kari"]


def test_the_card_and_the_notification_ask_one_rule_who_speaks_the_language(
    floor: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Who speaks the visitor's language has one home (kiosk.floor.routing.speaks): a change there reaches both
    the staff card and whom the notification names."""
    from kiosk.floor import routing

    # A rule the library might choose: a nynorsk visitor is helped by anyone who speaks bokmål.
    monkeypatch.setattr(routing, "speaks", lambda person, language: language in person.languages or language == "nn")
    outbox = Outbox(floor, [Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/h")])
    call = request_help(
        floor,
        visit_id=new_visit_id(),
        kiosk_id="demo",
        language="nn",
        guide=None,
        step=None,
        outbox=outbox,
        alert=[KARI, OLA],
    )
    with Session(floor) as session:
        [row] = session.scalars(select(OutboxRow).where(OutboxRow.call_id == call.id)).all()
    card = route("nn", [KARI, OLA], TOLK)
    assert [person.name for person in card.speakers] == ["Kari", "Ola"]
    assert row.payload["speakers"] == ["Kari", "Ola"]


def test_two_tablets_writing_the_first_heartbeat_at_once_both_go_on(floor: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other tablet's first row lands between this one's look and its insert: no error, and this one wrote nothing."""
    from sqlalchemy.orm import Session as RealSession

    import kiosk.floor.presence as presence

    amina = add_user(floor, "amina", "Amina", Role.STAFF, "correct horse battery").id
    now = datetime.now(UTC)
    assert heard_from(floor, amina, timedelta(seconds=20), now)  # the other tablet, first

    class LooksTooEarly(RealSession):
        def get(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None  # as read before the other tablet's insert was committed

    monkeypatch.setattr(presence, "Session", LooksTooEarly)
    assert heard_from(floor, amina, timedelta(seconds=20), now + timedelta(seconds=1)) is False
    monkeypatch.undo()
    assert [p.user_id for p in on_shift(floor, STALE, "nb", now + timedelta(seconds=1))] == [amina]


def test_a_fresh_sign_in_counts_on_no_floor_of_several_until_the_tablet_says_where(floor: Engine) -> None:
    from kiosk.floor.presence import placed_at, signed_in

    assert len(list_branches(floor)) > 1  # the demo library has two floors
    kari = add_user(floor, "kari", "Kari", Role.STAFF, "correct horse battery")
    every, now = timedelta(seconds=20), datetime.now(UTC)
    signed_in(floor, kari, now)  # on the floor, but where?
    assert placed_at(floor, kari.id) is None
    [person] = on_shift(floor, STALE, "nb", now)
    assert not person.covers("filial-nord") and not person.covers("hovedbiblioteket")
    # A tablet looking at all branches does not say where either.
    heard_from(floor, kari.id, every, now + timedelta(seconds=30), branch_id=None)
    [person] = on_shift(floor, STALE, "nb", now + timedelta(seconds=30))
    assert not person.covers("filial-nord") and not person.covers("hovedbiblioteket")
    # Her tablet shows the main library: she is on that floor, and only there.
    heard_from(floor, kari.id, every, now + timedelta(seconds=31), branch_id="hovedbiblioteket")
    assert placed_at(floor, kari.id) == "hovedbiblioteket"
    [person] = on_shift(floor, STALE, "nb", now + timedelta(seconds=31))
    assert person.covers("hovedbiblioteket") and not person.covers("filial-nord")


def test_in_a_library_of_one_branch_a_tablet_need_not_say_where(engine: Engine) -> None:
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id
    now = datetime.now(UTC)
    heard_from(engine, kari, timedelta(seconds=20), now)
    [person] = on_shift(engine, STALE, "nb", now)
    assert person.covers("main") and person.covers(None)


def test_a_tablet_placing_its_person_on_a_floor_tells_the_live_screens_and_a_routine_beat_does_not(floor: Engine) -> None:
    """The kiosks of a branch learn at once that somebody came to their floor (not at the next periodic look)."""
    amina = add_user(floor, "amina", "Amina", Role.STAFF, "correct horse battery").id

    class Screens:  # listeners are held weakly, as bound methods (the live watcher's `wake`)
        def __init__(self) -> None:
            self.told = 0

        def wake(self) -> None:
            self.told += 1

    screens = Screens()
    presence_on_change(floor, screens.wake)
    now = datetime.now(UTC)
    every = timedelta(seconds=20)
    assert heard_from(floor, amina, every, now, branch_id="filial-nord")
    assert screens.told == 1, "a first heartbeat puts her on the north floor"
    assert heard_from(floor, amina, every, now + every, branch_id="filial-nord")
    assert screens.told == 1, "a routine beat changes no floor"
    assert heard_from(floor, amina, every, now + every + timedelta(seconds=1), branch_id="hovedbiblioteket")
    assert screens.told == 2, "moved to the main library"
