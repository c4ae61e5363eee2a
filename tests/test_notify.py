"""The outbox against real HTTP receivers on 127.0.0.1: formats, retries with backoff, slow targets, expiry."""

from __future__ import annotations

import logging
import socket
import time
from datetime import timedelta

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from kiosk.floor.calls import request_help
from kiosk.notify.outbox import Dispatcher, Outbox, Target, TargetKind, render_request
from kiosk.settings import Settings
from kiosk.store import make_engine
from kiosk.store.kiosks import seed_demo
from kiosk.store.schema import OutboxAttemptRow, OutboxRow
from kiosk.visit.journey import new_visit_id
from tests.http_receiver import hanging_receiver, http_receiver

pytestmark = pytest.mark.both_databases  # every test here runs on SQLite and on PostgreSQL


def _press(engine: Engine, outbox: Outbox) -> int:
    seed_demo(engine)
    return request_help(
        engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide="library-wifi", step="find-wifi", outbox=outbox
    ).id


def _deliver_until_quiet(outbox: Outbox, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        outbox.deliver_due()
        time.sleep(0.05)


def test_each_target_gets_its_own_format() -> None:
    payload = {"call_id": 7, "kiosk_name": "Demo kiosk", "location": "1st floor", "language": "ar", "guide": "wifi", "step": "b"}
    webhook = render_request(Target(TargetKind.WEBHOOK, "http://x", "tok"), "new", payload)
    assert webhook["json"]["call_id"] == 7 and webhook["json"]["event"] == "new"
    assert webhook["headers"]["Authorization"] == "Bearer tok"
    ntfy = render_request(Target(TargetKind.NTFY, "http://x"), "escalated", payload)
    assert ntfy["headers"]["Priority"] == "urgent"
    assert b"Demo kiosk (1st floor)" in ntfy["data"]
    slack = render_request(Target(TargetKind.SLACK, "http://x"), "new", payload)
    assert slack["json"] == {"text": "Help call: Demo kiosk (1st floor) · language ar · guide wifi, step b"}


def test_a_failing_target_is_retried_until_it_accepts(engine: Engine) -> None:
    with http_receiver(fail_first=2) as receiver:
        outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, receiver.url)], max_backoff_seconds=0.2)
        call_id = _press(engine, outbox)
        _deliver_until_quiet(outbox, 3)
        [got] = receiver.wait_for(1)
    assert got.json()["call_id"] == call_id
    with Session(engine) as session:
        row = session.scalars(select(OutboxRow)).one()
        attempts = session.scalars(select(OutboxAttemptRow).order_by(OutboxAttemptRow.id)).all()
    assert (row.status, row.attempts) == ("delivered", 3)
    assert [(a.ok, a.status_code) for a in attempts] == [(False, 503), (False, 503), (True, 200)]


def test_an_unreachable_target_keeps_the_call_and_retries_with_backoff(engine: Engine) -> None:
    outbox = Outbox(engine, [Target(TargetKind.NTFY, "http://127.0.0.1:9/unreachable")], timeout_seconds=0.5)
    _press(engine, outbox)
    outbox.deliver_due()
    outbox.deliver_due()  # not due yet: backoff
    with Session(engine) as session:
        row = session.scalars(select(OutboxRow)).one()
        [attempt] = session.scalars(select(OutboxAttemptRow)).all()
    assert (row.status, row.attempts) == ("pending", 1)
    assert attempt.ok is False and "ConnectionError" in attempt.error
    assert outbox.backoff(1) == 1 and outbox.backoff(5) == 16 and outbox.backoff(20) == 300


def test_one_pass_tries_a_row_once_even_when_its_backoff_is_over(engine: Engine) -> None:
    outbox = Outbox(engine, [Target(TargetKind.NTFY, f"http://127.0.0.1:{_closed_port()}/x")], max_backoff_seconds=0)
    _press(engine, outbox)
    assert outbox.deliver_due() == 1
    assert len(_attempts_for(engine, TargetKind.NTFY)) == 1


def test_a_slow_target_times_out_and_is_retried(engine: Engine) -> None:
    with http_receiver(delay_seconds=1.0) as receiver:
        outbox = Outbox(engine, [Target(TargetKind.SLACK, receiver.url)], timeout_seconds=0.3, max_backoff_seconds=0.1)
        _press(engine, outbox)
        outbox.deliver_due()
        with Session(engine) as session:
            attempt = session.scalars(select(OutboxAttemptRow)).one()
        assert attempt.ok is False and "Timeout" in attempt.error
        receiver.delay_seconds = 0
        _deliver_until_quiet(outbox, 1.5)
        receiver.wait_for(1)


def test_notifications_expire_instead_of_retrying_forever(engine: Engine) -> None:
    outbox = Outbox(engine, [Target(TargetKind.TEAMS, "http://127.0.0.1:9/x")], timeout_seconds=0.2, expire_after=timedelta(0))
    _press(engine, outbox)
    outbox.deliver_due()
    with Session(engine) as session:
        assert session.scalars(select(OutboxRow.status)).one() == "expired"


def test_dispatcher_delivers_in_the_background(engine: Engine) -> None:
    with http_receiver() as receiver:
        outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, receiver.url), Target(TargetKind.NTFY, receiver.url)])
        dispatcher = Dispatcher(outbox, interval=0.05)
        dispatcher.start()
        try:
            _press(engine, outbox)
            received = receiver.wait_for(2)
        finally:
            dispatcher.stop()
    assert {r.headers.get("Content-Type", "") for r in received} >= {"application/json"}


def test_two_dispatchers_sharing_one_database_deliver_each_notification_once(engine: Engine, settings: Settings) -> None:
    """Two server processes on one SQLite file: separate engines, outboxes and dispatchers."""
    other = make_engine(settings.effective_database_url)
    seed_demo(engine)
    try:
        with http_receiver() as receiver:
            outboxes = [Outbox(e, [Target(TargetKind.WEBHOOK, receiver.url)]) for e in (engine, other)]
            dispatchers = [Dispatcher(outbox, interval=0.01) for outbox in outboxes]
            for dispatcher in dispatchers:
                dispatcher.start()
            try:
                call_ids = [
                    request_help(
                        engine,
                        visit_id=new_visit_id(),
                        kiosk_id="demo",
                        language="nb",
                        guide=None,
                        step=None,
                        outbox=outboxes[i % 2],
                    ).id
                    for i in range(50)
                ]
                receiver.wait_for(50)
                time.sleep(0.5)  # time for a second copy to arrive, if there were one
            finally:
                for dispatcher in dispatchers:
                    dispatcher.stop()
            delivered = sorted(r.json()["call_id"] for r in receiver.received)
    finally:
        other.dispose()
    assert delivered == sorted(call_ids)
    with Session(engine) as session:
        rows = session.scalars(select(OutboxRow)).all()
        attempts = session.scalars(select(OutboxAttemptRow)).all()
    assert {(r.status, r.attempts) for r in rows} == {("delivered", 1)} and len(rows) == 50
    assert len(attempts) == 50


def test_a_claim_is_atomic_when_another_dispatcher_claims_in_between(engine: Engine, settings: Settings) -> None:
    """The race above made certain: the other process claims and sends just before this one's claim is written."""
    other = make_engine(settings.effective_database_url)
    try:
        with http_receiver() as receiver:
            first, second = (Outbox(e, [Target(TargetKind.WEBHOOK, receiver.url)]) for e in (engine, other))
            call_id = _press(engine, first)
            raced: list[int] = []

            @event.listens_for(engine, "before_cursor_execute")
            def other_claims_first(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
                if statement.startswith("UPDATE outbox SET claimed_until") and not raced:
                    raced.append(second.deliver_due())

            first.deliver_due()
            event.remove(engine, "before_cursor_execute", other_claims_first)
            time.sleep(0.2)
    finally:
        other.dispose()
    assert raced == [1]
    assert [r.json()["call_id"] for r in receiver.received] == [call_id]


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: connecting is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def _attempts_for(engine: Engine, target: TargetKind) -> list[OutboxAttemptRow]:
    with Session(engine) as session:
        return list(
            session.scalars(
                select(OutboxAttemptRow)
                .join(OutboxRow, OutboxRow.id == OutboxAttemptRow.outbox_id)
                .where(OutboxRow.target == target)
            )
        )


def test_a_hanging_target_does_not_delay_the_others(engine: Engine) -> None:
    with hanging_receiver() as hanging, http_receiver() as healthy:
        # The hanging target comes first: delivered one after the other, the webhook would wait for its timeout.
        outbox = Outbox(
            engine, [Target(TargetKind.NTFY, hanging.url), Target(TargetKind.WEBHOOK, healthy.url)], timeout_seconds=3
        )
        dispatcher = Dispatcher(outbox, interval=0.05)
        dispatcher.start()
        try:
            pressed = time.monotonic()
            _press(engine, outbox)
            [first] = healthy.wait_for(1, timeout=2)
            assert first.at - pressed < 2
            # A second call while the first one still hangs on the ntfy target: not held up either.
            pressed = time.monotonic()
            _press(engine, outbox)
            received = healthy.wait_for(2, timeout=2)
            assert received[1].at - pressed < 2
            assert _attempts_for(engine, TargetKind.NTFY) == [], "the ntfy target is still hanging"
            deadline = time.monotonic() + 6
            while not (hung := _attempts_for(engine, TargetKind.NTFY)) and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            dispatcher.stop()
    assert hung and hung[0].ok is False and "Timeout" in (hung[0].error or "")
    assert all(a.ok for a in _attempts_for(engine, TargetKind.WEBHOOK))


def test_rows_for_a_target_no_longer_configured_fail_without_a_request_until_they_expire(engine: Engine) -> None:
    _press(engine, Outbox(engine, [Target(TargetKind.TEAMS, "http://127.0.0.1:9/gone")], expire_after=timedelta(0)))
    dispatcher = Dispatcher(Outbox(engine, [Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/x")]), interval=0.05)
    dispatcher.start()
    try:
        deadline = time.monotonic() + 3
        while not (attempts := _attempts_for(engine, TargetKind.TEAMS)) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        dispatcher.stop()
    assert [(a.ok, a.error) for a in attempts] == [(False, "target no longer configured")]
    with Session(engine) as session:
        assert session.scalars(select(OutboxRow.status)).one() == "expired"


SECRET_PATH = "/services/T000/B000/XXXXsecretXXXX"


@pytest.mark.parametrize(
    ("kind", "address", "expire_after"),
    [
        (TargetKind.SLACK, "http://127.0.0.1:{port}" + SECRET_PATH, timedelta(hours=1)),  # refused: retried
        (TargetKind.TEAMS, "http://127.0.0.1:{port}" + SECRET_PATH + "?sig=XXXXsecretXXXX", timedelta(0)),  # refused: expired
        (TargetKind.SLACK, "http://127.0.0.1:99999" + SECRET_PATH, timedelta(hours=1)),  # a URL that does not parse
        (TargetKind.SLACK, "htps://127.0.0.1:{port}" + SECRET_PATH, timedelta(hours=1)),  # a mistyped scheme
    ],
)
def test_webhook_secrets_are_neither_stored_nor_logged(
    engine: Engine, caplog: pytest.LogCaptureFixture, kind: TargetKind, address: str, expire_after: timedelta
) -> None:
    caplog.set_level(logging.DEBUG, logger="kiosk")
    target = Target(kind, address.format(port=_closed_port()), token="XXXXsecretXXXX")
    outbox = Outbox(engine, [target], timeout_seconds=0.5, expire_after=expire_after)
    _press(engine, outbox)
    outbox.deliver_due()
    [attempt] = _attempts_for(engine, kind)
    assert attempt.ok is False and attempt.error
    assert "XXXXsecretXXXX" not in attempt.error and "/services" not in attempt.error
    assert "127.0.0.1" in attempt.error or "URL" in attempt.error or "adapter" in attempt.error  # still says what failed
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "failed" in logged or "expired" in logged
    assert "XXXXsecretXXXX" not in logged and "/services" not in logged
    assert "XXXXsecretXXXX" not in repr(target)


# -- several rows, ids that do not coincide, every field of each result ---------------------------


def _calls(engine: Engine, outbox: Outbox, count: int) -> list[int]:
    return [
        request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide=None, step=None, outbox=outbox).id
        for _ in range(count)
    ]


def _rows(engine: Engine) -> dict[tuple[int, str], OutboxRow]:
    with Session(engine) as session:
        return {(row.call_id, row.target): row for row in session.scalars(select(OutboxRow))}  # type: ignore[misc]


def test_each_result_lands_on_its_own_row_with_every_field_it_sets_and_clears(engine: Engine) -> None:
    from datetime import UTC, datetime

    seed_demo(engine)
    _calls(engine, Outbox(engine, []), 3)  # calls without rows first: call ids and row ids differ
    with http_receiver() as good, http_receiver(fail_first=1000) as bad:
        outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, good.url), Target(TargetKind.SLACK, bad.url)])
        first, second = _calls(engine, outbox, 2)
        created = _rows(engine)
        before = datetime.now(UTC)
        assert outbox.deliver_due() == 4
        after = datetime.now(UTC)
        assert sorted(r.json()["call_id"] for r in good.wait_for(2)) == [first, second]
    rows = _rows(engine)
    with Session(engine) as session:
        attempts = {a.outbox_id: a for a in session.scalars(select(OutboxAttemptRow))}
    assert len(attempts) == 4
    for call in (first, second):
        delivered, failed = rows[(call, "webhook")], rows[(call, "slack")]
        assert (delivered.status, delivered.attempts, delivered.claimed_until) == ("delivered", 1, None)
        assert delivered.delivered_at is not None and before <= delivered.delivered_at <= after
        assert delivered.next_attempt_at == created[(call, "webhook")].next_attempt_at
        assert (failed.status, failed.attempts, failed.claimed_until, failed.delivered_at) == ("pending", 1, None, None)
        assert before + timedelta(seconds=1) <= failed.next_attempt_at <= after + timedelta(seconds=1)  # backoff(1)
        for row, ok, code in ((delivered, True, 200), (failed, False, 503)):
            assert (attempts[row.id].ok, attempts[row.id].status_code) == (ok, code)
            assert row.expires_at == created[(call, row.target)].expires_at


def test_one_pass_of_one_row_claims_the_oldest_due_and_leaves_the_others_untouched(engine: Engine) -> None:
    seed_demo(engine)
    _calls(engine, Outbox(engine, []), 2)
    with http_receiver() as receiver:
        outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, receiver.url), Target(TargetKind.NTFY, receiver.url)])
        oldest, newer = _calls(engine, outbox, 2)
        assert outbox.deliver_due(limit=1, target="ntfy") == 1
        [got] = receiver.wait_for(1)
    assert b"Help call" in got.body and got.headers.get("Priority") == "high"
    rows = _rows(engine)
    assert (rows[(oldest, "ntfy")].status, rows[(oldest, "ntfy")].attempts) == ("delivered", 1)
    for untouched in ((oldest, "webhook"), (newer, "webhook"), (newer, "ntfy")):
        row = rows[untouched]
        assert (row.status, row.attempts, row.claimed_until, row.delivered_at) == ("pending", 0, None, None)


def test_a_row_that_expires_leaves_the_other_rows_of_the_call_pending(engine: Engine) -> None:
    seed_demo(engine)
    _calls(engine, Outbox(engine, []), 1)
    unreachable = "http://127.0.0.1:9/x"
    [short] = _calls(engine, Outbox(engine, [Target(TargetKind.TEAMS, unreachable)], expire_after=timedelta(0)), 1)
    [long] = _calls(engine, Outbox(engine, [Target(TargetKind.NTFY, unreachable)]), 1)
    outbox = Outbox(engine, [Target(TargetKind.TEAMS, unreachable), Target(TargetKind.NTFY, unreachable)], timeout_seconds=0.5)
    assert outbox.deliver_due() == 2
    rows = _rows(engine)
    expired, pending = rows[(short, "teams")], rows[(long, "ntfy")]
    assert (expired.status, expired.attempts, expired.claimed_until, expired.delivered_at) == ("expired", 1, None, None)
    assert (pending.status, pending.attempts, pending.claimed_until, pending.delivered_at) == ("pending", 1, None, None)
    assert outbox.deliver_due() == 0  # the expired row is tried no more, the other waits for its backoff


def test_a_personal_topic_goes_to_that_topic_on_the_ntfy_server_only() -> None:
    from kiosk.notify.outbox import topic_url

    ntfy = Target(TargetKind.NTFY, "https://ntfy.example.org/library-floor")
    assert topic_url(ntfy, {"ntfy_topic": "kari_2"}) == "https://ntfy.example.org/kari_2"
    assert topic_url(ntfy, {}) == ntfy.url
    assert topic_url(ntfy, {"ntfy_topic": "../admin"}) == ntfy.url  # not a topic name: the library's topic
    webhook = Target(TargetKind.WEBHOOK, "https://hooks.example.org/x")
    assert topic_url(webhook, {"ntfy_topic": "kari_2"}) == webhook.url


def test_the_message_names_who_speaks_the_visitors_language_first() -> None:
    from kiosk.notify.outbox import message_text

    payload = {"kiosk_name": "Demo kiosk", "language": "ar", "speakers": ["Amina", "Ola"]}
    assert message_text("new", payload) == "Amina, Ola – speaks ar · Help call: Demo kiosk · language ar"
    assert message_text("escalated", payload | {"speakers": []}).startswith("Help call waiting – not yet answered: Demo")


def test_an_attempt_records_how_long_it_took(engine: Engine) -> None:
    with http_receiver() as receiver:
        outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, receiver.url)])
        _press(engine, outbox)
        started = time.monotonic()
        outbox.deliver_due()
        elapsed_ms = (time.monotonic() - started) * 1000
    with Session(engine) as session:
        [attempt] = session.scalars(select(OutboxAttemptRow)).all()
    assert 0 <= attempt.duration_ms <= elapsed_ms


def test_the_dispatchers_threads_go_on_after_an_unexpected_error(engine: Engine) -> None:
    import threading

    class FailsOnce(Outbox):
        failed = False

        def deliver_due(self, limit: int = 20, target: str | None = None) -> int:
            if not self.failed:
                self.failed = True
                raise RuntimeError("an error nobody expected")
            return super().deliver_due(limit, target)

    job_ran_again = threading.Event()
    job_runs: list[int] = []

    def job() -> None:
        job_runs.append(1)
        if len(job_runs) == 1:
            raise RuntimeError("the periodic job's unexpected error")
        job_ran_again.set()

    with http_receiver() as receiver:
        outbox = FailsOnce(engine, [Target(TargetKind.WEBHOOK, receiver.url)])
        _press(engine, outbox)
        dispatcher = Dispatcher(outbox, periodic=[(0.05, job)], interval=0.05)
        dispatcher.start()
        try:
            receiver.wait_for(1)  # the target's thread lived through its error and delivered
            assert job_ran_again.wait(10)  # so did the periodic jobs' thread
        finally:
            dispatcher.stop()


def test_personal_topics_go_through_the_branchs_ntfy_server_once_each(engine: Engine) -> None:
    [call_id] = _calls_after_seed(engine)
    outbox = Outbox(
        engine,
        [
            Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/hook"),
            Target(TargetKind.SLACK, "http://127.0.0.1:9/slack-north", branch="north"),  # the branch's, but not ntfy
            Target(TargetKind.NTFY, "http://127.0.0.1:9/library"),
            Target(TargetKind.NTFY, "http://127.0.0.1:9/north", branch="north"),
            Target(TargetKind.SLACK, "http://127.0.0.1:9/slack", branch="south"),
            Target(TargetKind.TEAMS, "http://127.0.0.1:9/teams", branch="east"),  # another branch that sorts before
        ],
    )
    with Session(engine) as session, session.begin():
        outbox.enqueue_call(
            session, "new", call_id, {"kiosk_name": "Nord"}, branch_id="north", personal_topics=["kari", "ola", "kari"]
        )
    with Session(engine) as session:
        rows = sorted((row.target, row.payload.get("ntfy_topic", "")) for row in session.scalars(select(OutboxRow)))
    assert rows == [
        ("ntfy", ""),
        ("ntfy@north", ""),
        ("ntfy@north", "kari"),
        ("ntfy@north", "ola"),
        ("slack@north", ""),
        ("webhook", ""),
    ]


def _calls_after_seed(engine: Engine) -> list[int]:
    seed_demo(engine)
    return _calls(engine, Outbox(engine, []), 1)


def test_a_database_outage_in_the_dispatcher_is_a_warning_and_it_goes_on(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    from kiosk.errors import StoreUnavailable

    class OutageOnce(Outbox):
        failed = False

        def deliver_due(self, limit: int = 20, target: str | None = None) -> int:
            if not self.failed:
                self.failed = True
                raise StoreUnavailable("the database is restarting")
            return super().deliver_due(limit, target)

    with http_receiver() as receiver, caplog.at_level(logging.WARNING, logger="kiosk.notify.outbox"):
        outbox = OutageOnce(engine, [Target(TargetKind.WEBHOOK, receiver.url)])
        _press(engine, outbox)
        dispatcher = Dispatcher(outbox, interval=0.05)
        dispatcher.start()
        try:
            receiver.wait_for(1)
        finally:
            dispatcher.stop()
    outage = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert [r.levelno for r in outage] == [logging.WARNING] and outage[0].exc_info is None


@pytest.mark.parametrize("accepted", [202, 204])
def test_any_success_answer_delivers_the_row(engine: Engine, accepted: int) -> None:
    # Teams answers 202, some webhooks 204: each is delivered once, not retried as a failure.
    with http_receiver(ok_status=accepted) as receiver:
        outbox = Outbox(engine, [Target(TargetKind.TEAMS, receiver.url)])
        _press(engine, outbox)
        outbox.deliver_due()
        receiver.wait_for(1)
    with Session(engine) as session:
        row = session.scalars(select(OutboxRow)).one()
        [attempt] = session.scalars(select(OutboxAttemptRow)).all()
    assert (row.status, attempt.ok, attempt.status_code, attempt.error) == ("delivered", True, accepted, None)


def test_a_row_whose_lease_ran_out_is_claimed_again_and_a_held_one_is_not(engine: Engine) -> None:
    from datetime import UTC, datetime

    seed_demo(engine)
    _calls(engine, Outbox(engine, []), 1)
    with http_receiver() as receiver:
        outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, receiver.url)])
        lapsed, held = _calls(engine, outbox, 2)
        now = datetime.now(UTC)
        with Session(engine) as session, session.begin():  # a dispatcher that stopped mid-send, and one still sending
            session.get(OutboxRow, _rows(engine)[(lapsed, "webhook")].id).claimed_until = now - timedelta(seconds=1)  # type: ignore[union-attr]
            session.get(OutboxRow, _rows(engine)[(held, "webhook")].id).claimed_until = now + timedelta(minutes=5)  # type: ignore[union-attr]
        assert outbox.deliver_due(limit=0) == 0  # a pass of none sends none
        assert outbox.deliver_due() == 1
        [got] = receiver.wait_for(1)
    assert got.json()["call_id"] == lapsed
    rows = _rows(engine)
    assert (rows[(lapsed, "webhook")].status, rows[(held, "webhook")].status) == ("delivered", "pending")
    assert rows[(held, "webhook")].attempts == 0


# -- what the mutation run of outbox.py showed untested -------------------------------------------


@pytest.mark.parametrize(
    ("message", "described"),
    [
        # A token or a webhook's path in a message with no URL around it (a proxy's or a library's own words).
        ("proxy refused Bearer XXXXsecretXXXX", "ConnectionError: proxy refused Bearer …"),
        # The whole address goes first: taking its parts out first would leave the rest of it behind.
        ("failed at https://hooks.example/services/T000/B000/XXXXsecretXXXX", "ConnectionError: failed at …"),
        # A path with its query, no scheme before it: both go as one.
        ("Invalid URL '/services/T000/B000/XXXXsecretXXXX?sig=abc123': no scheme", "ConnectionError: Invalid URL '…': no scheme"),
        (
            "Invalid URL '/services/T000/B000/XXXXsecretXXXX': No scheme supplied",
            "ConnectionError: Invalid URL '…': No scheme supplied",
        ),
    ],
)
def test_a_secret_outside_a_url_is_taken_out_of_the_failure_too(message: str, described: str) -> None:
    from kiosk.notify.outbox import describe_failure

    target = Target(TargetKind.SLACK, "https://hooks.example" + SECRET_PATH, token="XXXXsecretXXXX")
    with_query = Target(TargetKind.SLACK, "https://hooks.example" + SECRET_PATH + "?sig=abc123", token="XXXXsecretXXXX")
    assert describe_failure(ConnectionError(message), with_query if "?sig" in message else target) == described


def test_a_target_at_the_root_path_leaves_the_other_slashes_of_the_message_alone() -> None:
    # "/" is the whole path here; replacing it would garble every slash in the message (and the URL's own).
    from kiosk.notify.outbox import describe_failure

    target = Target(TargetKind.NTFY, "http://127.0.0.1:9/")
    described = describe_failure(ConnectionError("read/write failed at http://127.0.0.1:9/"), target)
    assert described == "ConnectionError: read/write failed at …"  # the target's whole URL goes, its slashes with it


def test_a_claim_outlasts_an_attempt_however_long_the_timeout(engine: Engine) -> None:
    # An attempt can take the connect and the read timeout; another dispatcher must not claim the row meanwhile.
    target = [Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/")]
    assert Outbox(engine, target, timeout_seconds=40, claim_seconds=60).claim_seconds == 85
    assert Outbox(engine, target, timeout_seconds=5).claim_seconds == 60  # a minute unless the timeout needs more


def test_a_database_outage_is_not_tried_again_in_a_tight_loop(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    """While the database is away the dispatcher waits its interval between tries, not spinning on the outage."""
    from kiosk.errors import StoreUnavailable

    class Outage(Outbox):
        def deliver_due(self, limit: int = 20, target: str | None = None) -> int:
            raise StoreUnavailable("the database is restarting")

    with caplog.at_level(logging.WARNING, logger="kiosk.notify.outbox"):
        dispatcher = Dispatcher(Outage(engine, [Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/")]), interval=0.2)
        dispatcher.start()
        time.sleep(1.0)
        dispatcher.stop()
    tries = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert 1 <= len(tries) <= 10  # about one per 0.2 s for a second


def test_stopping_the_dispatcher_waits_for_the_attempt_under_way_and_starts_no_other(engine: Engine) -> None:
    """A server that shuts down lets the notification being sent finish (or time out) before it goes,
    and does not start the next one that is due."""
    with hanging_receiver() as hanging:
        # 3 s: long enough that a busy machine calls stop() while the first attempt still hangs
        outbox = Outbox(engine, [Target(TargetKind.NTFY, hanging.url)], timeout_seconds=3)
        _press(engine, outbox)
        _calls(engine, outbox, 1)
        dispatcher = Dispatcher(outbox, interval=0.05)
        dispatcher.start()
        deadline = time.monotonic() + 5
        while not hanging.connections and time.monotonic() < deadline:
            time.sleep(0.02)
        assert hanging.connections, "the attempt is under way"
        dispatcher.stop()
        assert not any(thread.is_alive() for thread in dispatcher._threads)
    [attempt] = _attempts_for(engine, TargetKind.NTFY)
    assert attempt.ok is False and "Timeout" in (attempt.error or "")


def test_a_long_failure_is_kept_to_its_first_300_characters() -> None:
    from kiosk.notify.outbox import describe_failure

    described = describe_failure(ConnectionError("x" * 400), Target(TargetKind.NTFY, "http://127.0.0.1:9/topic"))
    assert described == ("ConnectionError: " + "x" * 400)[:300] and len(described) == 300


def test_an_attempt_that_waited_for_its_timeout_records_that_time(engine: Engine) -> None:
    with hanging_receiver() as hanging:
        outbox = Outbox(engine, [Target(TargetKind.NTFY, hanging.url)], timeout_seconds=0.3)
        _press(engine, outbox)
        outbox.deliver_due()
    [attempt] = _attempts_for(engine, TargetKind.NTFY)
    assert attempt.ok is False and 300 <= attempt.duration_ms < 5000


def test_a_periodic_job_runs_at_start_and_then_only_when_its_time_comes(engine: Engine) -> None:
    runs: list[float] = []
    dispatcher = Dispatcher(Outbox(engine, []), periodic=[(60.0, lambda: runs.append(time.monotonic()))], interval=0.05)
    dispatcher.start()
    try:
        time.sleep(1.0)  # twenty turns of the loop
    finally:
        dispatcher.stop()
    assert len(runs) == 1


def test_one_pass_delivers_every_due_row_whatever_order_their_ids_and_times_are_in(engine: Engine) -> None:
    """A claim takes one row: the row due first may have the higher id, and the rows below it stay claimable."""
    from datetime import UTC, datetime

    seed_demo(engine)
    with http_receiver() as receiver:
        outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, receiver.url)])
        first, second, third = _calls(engine, outbox, 3)
        now = datetime.now(UTC)
        with Session(engine) as session, session.begin():
            for call_id, minutes_ago in ((first, 1), (second, 2), (third, 3)):  # the newest row is the most overdue
                session.execute(
                    OutboxRow.__table__.update()  # type: ignore[attr-defined]
                    .where(OutboxRow.call_id == call_id)
                    .values(next_attempt_at=now - timedelta(minutes=minutes_ago))
                )
        assert outbox.deliver_due() == 3
        received = receiver.wait_for(3)
    assert [r.json()["call_id"] for r in received] == [third, second, first]


def test_a_300_answer_is_not_a_delivery(engine: Engine) -> None:
    with http_receiver(ok_status=300) as receiver:
        outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, receiver.url)])
        _press(engine, outbox)
        outbox.deliver_due()
    [attempt] = _attempts_for(engine, TargetKind.WEBHOOK)
    assert (attempt.ok, attempt.status_code, attempt.error) == (False, 300, "HTTP 300")


def test_the_second_failure_waits_twice_as_long_as_the_first(engine: Engine) -> None:
    from datetime import UTC, datetime

    with http_receiver(fail_first=1000) as bad:
        outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, bad.url)])
        _press(engine, outbox)
        outbox.deliver_due()
        with Session(engine) as session, session.begin():
            session.execute(OutboxRow.__table__.update().values(next_attempt_at=datetime.now(UTC)))  # type: ignore[attr-defined]
        before = datetime.now(UTC)
        outbox.deliver_due()
        after = datetime.now(UTC)
    with Session(engine) as session:
        row = session.scalars(select(OutboxRow)).one()
    assert row.attempts == 2
    assert before + timedelta(seconds=2) <= row.next_attempt_at <= after + timedelta(seconds=2)  # backoff(2)


def test_an_idle_dispatcher_looks_for_work_about_twice_a_second(engine: Engine) -> None:
    looks: list[float] = []

    class Counting(Outbox):
        def deliver_due(self, limit: int = 20, target: str | None = None) -> int:
            looks.append(time.monotonic())
            return super().deliver_due(limit, target)

    dispatcher = Dispatcher(Counting(engine, [Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/")]))
    dispatcher.start()
    time.sleep(1.4)
    dispatcher.stop()
    # The default interval, 0.5 s: a new call's notification waits at most that, and the loop does not spin.
    assert 2 <= len(looks) <= 5


def test_two_targets_of_one_kind_for_one_branch_are_refused(engine: Engine) -> None:
    # Rows name their target by kind and branch: a second webhook would get the first one's rows.
    with pytest.raises(ValueError, match="one target per kind"):
        Outbox(engine, [Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/a"), Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/b")])
    north = Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/b", branch="north")  # the same kind for a branch is another
    assert len(Outbox(engine, [Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/a"), north]).targets) == 2


def test_a_dispatcher_nobody_stopped_does_not_keep_the_server_from_exiting(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    script = f"""
from kiosk.notify.outbox import Dispatcher, Outbox, Target, TargetKind
from kiosk.store import make_engine
Dispatcher(Outbox(make_engine("sqlite:///{tmp_path / "kiosk.db"}"), [Target(TargetKind.WEBHOOK, "http://127.0.0.1:9/")])).start()
"""
    finished = subprocess.run([sys.executable, "-c", script], timeout=30, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr


def test_a_short_token_is_taken_out_of_a_failure_too() -> None:
    from kiosk.notify.outbox import describe_failure

    target = Target(TargetKind.NTFY, "http://127.0.0.1:9/alerts", token="t0")
    assert describe_failure(ConnectionError("refused t0"), target) == "ConnectionError: refused …"


def test_a_result_never_undoes_a_row_another_dispatcher_finished_meanwhile(engine: Engine) -> None:
    """If a send outlived its claim and another dispatcher delivered the row, this one's failure changes nothing."""
    outbox = Outbox(engine, [Target(TargetKind.WEBHOOK, f"http://127.0.0.1:{_closed_port()}/hook")], timeout_seconds=0.5)
    _press(engine, outbox)
    claimed = outbox._claim_one(None)
    assert claimed is not None
    with Session(engine) as session, session.begin():
        session.execute(OutboxRow.__table__.update().values(status="delivered", claimed_until=None))  # type: ignore[attr-defined]
    outbox._deliver(claimed)  # refused: a failed attempt
    with Session(engine) as session:
        row = session.scalars(select(OutboxRow)).one()
        [attempt] = session.scalars(select(OutboxAttemptRow)).all()
    assert (row.status, row.attempts, attempt.ok) == ("delivered", 0, False)
