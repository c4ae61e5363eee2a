"""Upload widgets open the server's upload route for this browser session, and sign-out closes it.

The server admits an upload only for a session holding a permit (kiosk/web/upload_guard.py); the
editor's pages take one each time they draw an upload widget (or a microphone, which uploads too).
"""

from __future__ import annotations

from streamlit.runtime.scriptrunner import get_script_run_ctx

from kiosk.runtime import Runtime
from kiosk.web.upload_permits import upload_permits


def _session_id() -> str | None:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def permit_uploads(runtime: Runtime) -> None:
    """Call just before drawing an upload widget on a page only a signed-in editor reaches."""
    session_id = _session_id()
    if session_id is not None:
        upload_permits(runtime.settings).permit(session_id, ttl_seconds=runtime.settings.shift_hours * 3600)


def revoke_uploads(runtime: Runtime) -> None:
    """Signed out (or the account no longer valid): this session uploads nothing more."""
    session_id = _session_id()
    if session_id is not None:
        upload_permits(runtime.settings).revoke(session_id)
