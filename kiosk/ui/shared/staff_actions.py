"""A staff member's press is carried out only while that account is still signed in on this tablet.

A button's callback runs before the page's own run re-checks the account, so a tablet whose account was
just disabled, whose password was changed or whose token was revoked could still press the buttons it was
last shown, once. Each callback that changes something goes through as_signed_in, which re-checks first;
a refused press changes nothing and the page then shows the sign-in form.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

from kiosk.accounts.auth import User
from kiosk.runtime import Runtime

P = ParamSpec("P")


def as_signed_in(runtime: Runtime, user: User, action: Callable[P, object]) -> Callable[P, None]:
    @functools.wraps(action)
    def checked(*args: P.args, **kwargs: P.kwargs) -> None:
        from kiosk.ui.shared.signin import still_signed_in  # signin draws the language picker, which uses this

        if still_signed_in(runtime, user):
            action(*args, **kwargs)

    return checked
