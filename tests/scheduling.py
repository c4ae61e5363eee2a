"""How `make test` shares the suite among pytest-xdist's workers (one per core).

A work unit is a test file, so module fixtures are made once, except the browser tests: they are one unit,
run one after another on one worker (one Chromium, one server at a time; two at once on a two-core machine
made each slower and none sooner), while the other workers take the other files.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

BROWSER_TESTS = "tests/e2e/"


class BrowserTestsTogether(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return BROWSER_TESTS if path.startswith(BROWSER_TESTS) else path
