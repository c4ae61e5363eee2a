// The page's live parts (kiosk/ui/shared/live.py): one EventSource per page, opened on the ticket the server
// gave; each live part is re-run only when its channel's digest differs from the one it was drawn with.
// Clocks (how long a call has waited) count here, in the browser: the server draws nothing to tick them.
function tick(live) {
  const now = (Date.now() + live.skew) / 1000;
  document.querySelectorAll("[data-kiosk-since]").forEach((el) => {
    const seconds = Math.max(0, Math.floor(now - Number(el.dataset.kioskSince)));
    const text = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    if (el.textContent !== text) el.textContent = text;
  });
}

// The page itself (live_page, outside every fragment): drawn by another server process than the one the
// stream now says serves it (a restart), the whole page is asked for again: the new process knows none of its
// fragments. A request sent while the page's own connection is still down is lost: asked again until redrawn.
function page(live, data, setTriggerValue) {
  const me = { boot: data.boot, asked: false };
  me.check = () => {
    if (live.page !== me || me.asked || !live.boot || live.boot === me.boot) return;
    me.asked = true;
    setTriggerValue("changed", true);
    setTimeout(() => { me.asked = false; me.check(); }, 3000);
  };
  live.page = me;
  me.check();
  return () => { if (live.page === me) live.page = null; };
}

export default function (component) {
  const { data, setTriggerValue } = component;
  const live = (window.__kioskLive = window.__kioskLive || {
    source: null, url: null, parts: new Map(), latest: {}, timers: new Map(), signedOut: false, skew: 0,
    boot: null, page: null,
  });
  if (data.page) return page(live, data, setTriggerValue);
  const part = { channel: data.channel, shown: data.digest, asked: false };
  const ask = () => {
    if (part.asked) return;
    part.asked = true;
    setTriggerValue("changed", true);
  };
  part.check = () => {
    const latest = live.latest[part.channel];
    if (live.signedOut || (latest !== undefined && latest !== part.shown)) ask();
  };
  live.parts.set(data.id, part);
  live.skew = data.now - Date.now();
  // EventSource reconnects by itself after a dropped line, but gives up for good when a reconnect is answered
  // with an error (a server still starting after a restart): then it is opened again here, a while later.
  const open = (url) => {
    if (live.source) live.source.close();
    live.url = url;
    live.latest = {};
    const source = (live.source = new EventSource(url));
    source.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.signed_out === true) live.signedOut = true;
      Object.assign(live.latest, message);
      live.parts.forEach((p) => p.check());
    };
    source.addEventListener("boot", (event) => {
      try { live.boot = JSON.parse(event.data); } catch (e) { return; }
      if (live.page) live.page.check();
    });
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;
      setTimeout(() => { if (live.source === source) open(url); }, 2000);
    };
  };
  if (live.url !== data.url || !live.source || live.source.readyState === EventSource.CLOSED) open(data.url);
  part.check();
  tick(live);
  if (!live.clock) live.clock = setInterval(() => tick(live), 1000);
  clearTimeout(live.timers.get(data.id));
  if (data.wakeInMs) live.timers.set(data.id, setTimeout(ask, data.wakeInMs));
  return () => {
    if (live.parts.get(data.id) === part) {
      live.parts.delete(data.id);
      clearTimeout(live.timers.get(data.id));
    }
  };
}
