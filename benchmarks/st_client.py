"""A minimal Streamlit client: one browser tab, spoken in Streamlit's own websocket protocol.

It does what the frontend does for a session, no more: send `rerun_script` (BackMsg) with the
query string, page and widget states, read the ForwardMsg stream, remember the widgets it was
shown, press buttons (a `trigger_value`), submit forms, and run `st.fragment(run_every=...)`
timers (the server only announces them with `auto_rerun`; the browser sends the reruns).
The page's live parts (kiosk/ui/shared/assets/live.js) are followed as the browser follows them: one
server-sent-events stream per tab, and a live part's fragment re-run when its channel's digest differs.
No rendering, no cached-message hashes (so the server always sends whole messages).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.sse_client import read_events

ID_PREFIX = "$$ID-"
TEXT_FIELDS = ("body", "label", "value")  # where markdown, headings, alerts and metrics keep their text
EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
LIVE_COMPONENT = "kiosk_live"
INTERNAL_KEY = "$$STREAMLIT_INTERNAL_KEY_"  # a component's trigger widget: <prefix><component id>__events


def user_key(widget_id: str) -> str | None:
    """The `key=` a widget was given: Streamlit ids read `$$ID-<hash>-<key>`."""
    if not widget_id.startswith(ID_PREFIX):
        return None
    key = widget_id[len(ID_PREFIX) :].split("-", 1)[-1]
    return None if key == "None" else key


@dataclass
class Widget:
    id: str
    kind: str  # the Element oneof: "button", "text_input", ...
    label: str
    disabled: bool
    fragment_id: str  # pressing it reruns this fragment only, as the browser does


@dataclass
class LivePart:
    """A live part of the page as the browser's live.js keeps it: re-run its fragment when its digest is old."""

    trigger_id: str
    fragment_id: str
    channel: str
    digest: str
    asked: bool = False


@dataclass
class Session:
    """One tab. `on_element` sees every element as it arrives (for latency probes)."""

    url: str  # ws://127.0.0.1:PORT/_stcore/stream
    query_string: str = ""
    page_name: str = ""  # a page of st.navigation by its address ("editor"); "" the default page
    on_element: Callable[[Element, str], None] | None = None
    widgets: dict[str, Widget] = field(default_factory=dict)  # by user key, this full run's
    exceptions: list[str] = field(default_factory=list)
    page_script_hash: str = ""
    session_id: str = ""  # the server's id for this tab (its upload addresses carry it)
    headers: dict[str, str] = field(default_factory=dict)  # sent with the websocket's opening request
    source_address: str | None = None  # the local address to connect from (127.0.0.x: another machine)
    _ws: websockets.ClientConnection | None = None
    _reader: asyncio.Task[None] | None = None
    _timers: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    _one_at_a_time: asyncio.Lock = field(default_factory=asyncio.Lock)
    _finished: asyncio.Future[None] | None = None
    live_parts: dict[str, LivePart] = field(default_factory=dict)  # by fragment id
    live_reruns: int = 0  # fragment runs the live stream asked for
    received: int = 0  # ForwardMsgs from the server (an idle screen should get none)
    _live_url: str = ""
    _live_latest: dict[str, str] = field(default_factory=dict)
    _live_task: asyncio.Task[None] | None = None
    _live_runs: set[asyncio.Task[float]] = field(default_factory=set)

    async def open(self) -> float:
        more = {"local_addr": (self.source_address, 0)} if self.source_address else {}
        self._ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            open_timeout=30,
            additional_headers=self.headers,
            **more,  # type: ignore[arg-type]
        )
        self._reader = asyncio.create_task(self._read())
        return await self.rerun()

    async def close(self) -> None:
        for task in self._timers.values():
            task.cancel()
        if self._live_task is not None:
            self._live_task.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    async def rerun(
        self, states: list[WidgetState] | None = None, fragment_id: str = "", auto: bool = False, timeout: float = 30
    ) -> float:
        """Send one rerun and wait until the script (or fragment) has finished; seconds it took.

        One rerun at a time per session, so each finish belongs to its request; a fragment timer
        that comes due meanwhile waits its turn (the time it waits is not counted).
        """
        async with self._one_at_a_time:
            return await self._rerun(states, fragment_id, auto, timeout)

    async def _rerun(self, states: list[WidgetState] | None, fragment_id: str, auto: bool, timeout: float) -> float:
        assert self._ws is not None
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query_string
        # A page by its address: the run's hash names the app's main script, which would open the default page.
        client.page_script_hash = "" if self.page_name else self.page_script_hash
        client.page_name = self.page_name
        client.widget_states.widgets.extend(states or [])
        client.fragment_id = fragment_id
        client.is_auto_rerun = auto
        self._finished = asyncio.get_running_loop().create_future()
        started = time.monotonic()
        await self._ws.send(msg.SerializeToString())
        await asyncio.wait_for(self._finished, timeout)
        return time.monotonic() - started

    async def press(self, key: str) -> float:
        widget = self.widgets[key]
        return await self.rerun([WidgetState(id=widget.id, trigger_value=True)], widget.fragment_id)

    async def submit(self, button_label: str, texts: dict[str, str]) -> float:
        """Submit a form: its text inputs (by label) and its submit button's trigger."""
        states = [
            WidgetState(id=w.id, string_value=texts[w.label])
            for w in self.widgets.values()
            if w.kind == "text_input" and w.label in texts
        ]
        button = next(w for w in self.widgets.values() if w.kind == "button" and w.label == button_label)
        states.append(WidgetState(id=button.id, trigger_value=True))
        return await self.rerun(states)

    def enabled(self, key: str) -> bool:
        widget = self.widgets.get(key)
        return widget is not None and not widget.disabled

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for data in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self.received += 1
                self._handle(msg)
        except websockets.ConnectionClosed:
            pass

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
            self.session_id = msg.new_session.initialize.session_id
            self._run_starts(set(msg.metadata.run.fragment_ids))
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "auto_rerun" and msg.auto_rerun.fragment_id not in self._timers:
            every = msg.auto_rerun.interval
            self._timers[msg.auto_rerun.fragment_id] = asyncio.create_task(self._tick(msg.auto_rerun.fragment_id, every))
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                task = self._timers.pop(fragment_id, None)
                if task is not None:
                    task.cancel()
        elif kind == "script_finished" and msg.script_finished != EARLY:  # EARLY: st.rerun(), a run follows
            self._run_finished()

    def _run_finished(self) -> None:
        if self._finished is not None and not self._finished.done():
            self._finished.set_result(None)

    def _run_starts(self, fragments: set[str]) -> None:
        """Forget the widgets the run will draw again; a full run also restarts the fragment timers."""
        if fragments:
            self.widgets = {key: w for key, w in self.widgets.items() if w.fragment_id not in fragments}
            for fragment_id in fragments:  # drawn again (or not) by this run, as the browser unmounts its component
                self.live_parts.pop(fragment_id, None)
            return
        self.widgets.clear()
        self.live_parts.clear()
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()

    def _element(self, element: Element, fragment_id: str) -> None:
        kind = element.WhichOneof("type") or ""
        if kind == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        inner = getattr(element, kind, None)
        widget_id = getattr(inner, "id", "")
        key = user_key(widget_id) if widget_id else None
        label = getattr(inner, "label", "")
        if widget_id:
            self.widgets[key or label] = Widget(widget_id, kind, label, getattr(inner, "disabled", False), fragment_id)
        if kind == "bidi_component" and element.bidi_component.component_name.endswith(LIVE_COMPONENT):
            self._live_part(element.bidi_component.id, element.bidi_component.json, fragment_id)
        if self.on_element is not None:
            self.on_element(element, kind)

    def _live_part(self, component_id: str, data_json: str, fragment_id: str) -> None:
        data = json.loads(data_json)
        if data.get("page"):
            return  # the page's own part: it asks for a whole run only after a server restart
        part = LivePart(f"{INTERNAL_KEY}{component_id}__events", fragment_id, data["channel"], data["digest"])
        self.live_parts[fragment_id] = part
        if data["url"] != self._live_url:
            if self._live_task is not None:
                self._live_task.cancel()
            self._live_url = data["url"]
            self._live_latest = {}
            self._live_task = asyncio.get_running_loop().create_task(self._follow(data["url"]))
        self._check(part)

    async def _follow(self, path: str) -> None:
        host, port = self.url.removeprefix("ws://").split("/", 1)[0].split(":")
        try:
            async for message in read_events(host, int(port), path, self.source_address):
                self._live_latest.update(json.loads(message))
                for part in list(self.live_parts.values()):
                    self._check(part)
        except (OSError, asyncio.IncompleteReadError) as exc:
            self.exceptions.append(f"live stream: {exc}")

    def _check(self, part: LivePart) -> None:
        latest = self._live_latest.get(part.channel)
        if part.asked or latest is None or latest == part.digest:
            return
        part.asked = True
        state = WidgetState(id=part.trigger_id, json_trigger_value=json.dumps([{"event": "changed", "value": True}]))
        run = asyncio.get_running_loop().create_task(self.rerun([state], part.fragment_id))
        self._live_runs.add(run)
        run.add_done_callback(self._live_run_done)

    def _live_run_done(self, run: asyncio.Task[float]) -> None:
        self._live_runs.discard(run)
        self.live_reruns += 1
        if not run.cancelled() and run.exception() is not None:
            self.exceptions.append(f"live rerun: {run.exception()!r}")

    async def _tick(self, fragment_id: str, every: float) -> None:
        # Like the browser's setInterval (a fixed rate); a tick that finds a run in progress waits for it.
        due = time.monotonic()
        while True:
            due = max(due + every, time.monotonic())
            await asyncio.sleep(due - time.monotonic())
            try:
                await self.rerun(fragment_id=fragment_id, auto=True)
            except (TimeoutError, websockets.ConnectionClosed):
                return


def element_text(element: Element, kind: str) -> str:
    inner = getattr(element, kind, None)
    return " ".join(str(getattr(inner, name)) for name in TEXT_FIELDS if isinstance(getattr(inner, name, None), str))
