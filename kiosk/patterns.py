"""The shapes of the codes several layers check, each written once.

Like kiosk.errors this module imports nothing from the product, so every layer (the store included) may use it.
The bare patterns fit inside a larger one (a pack's file names); the compiled ones match a whole value.
"""

from __future__ import annotations

import re

# A language as the content, the recordings, the accounts and the usage events name it: ISO 639-1 or -3.
LANGUAGE_CODE = "[a-z]{2,3}"
LANGUAGE_CODE_RE = re.compile(rf"^{LANGUAGE_CODE}$")

# A personal ntfy topic: a name on the library's ntfy server, never an address (it becomes one path segment).
NTFY_TOPIC = "[A-Za-z0-9_-]{1,64}"
NTFY_TOPIC_RE = re.compile(rf"^{NTFY_TOPIC}$")
