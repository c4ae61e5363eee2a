"""The demo accounts `setup --demo` makes: their passwords were printed once, so a real floor disables them."""

from __future__ import annotations

from kiosk.accounts.auth import Role

DEMO_ACCOUNTS = [
    ("personale", "Demo personale", Role.STAFF),
    ("redaktor", "Demo redaktør", Role.EDITOR),
    ("leder", "Demo tjenesteleder", Role.LEAD),
    ("admin", "Demo admin", Role.ADMIN),
]
DEMO_USERNAMES = tuple(username for username, _name, _role in DEMO_ACCOUNTS)
