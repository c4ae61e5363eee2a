"""The screen stays on while the floor is staffed and may sleep outside those hours (X11's screen saver and
DPMS through `xset`; a Wayland desktop keeps its own blanking setting)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime

from kiosk.store.hours import StaffedHours


def should_stay_awake(hours: StaffedHours | None, now: datetime) -> bool:
    """No hours given: always awake."""
    return hours is None or hours.is_staffed(now)


def xset_commands(awake: bool) -> list[list[str]]:
    if awake:
        return [["xset", "s", "off"], ["xset", "-dpms"], ["xset", "s", "reset"]]
    # Outside the hours: blank after 10 minutes without a touch, and switch the panel off.
    return [["xset", "s", "600", "600"], ["xset", "+dpms"], ["xset", "dpms", "600", "600", "600"]]


def can_control_sleep() -> bool:
    return bool(os.environ.get("DISPLAY")) and shutil.which("xset") is not None


def apply(awake: bool) -> bool:
    """Set the X display's blanking; False when there is no X display or xset to do it with."""
    if not can_control_sleep():
        return False
    for command in xset_commands(awake):
        subprocess.run(command, check=False, capture_output=True, timeout=10)
    return True
