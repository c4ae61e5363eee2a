"""Each branch's own notification targets, from the branch targets file (KIOSK_BRANCH_TARGETS_FILE).

The file, not the database: Slack and Teams addresses and tokens are credentials. Kept beside the
other secrets (environment, secret.key) they stay out of database backups, out of restores on another
machine and out of reach of anyone who may only read the database; like the global targets they are
read once when a server starts. A TOML table per branch id:

    [toyen]
    ntfy_url = "https://ntfy.sh/toyen-floor"
    slack_webhook_url = "https://hooks.slack.com/services/…"
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, RootModel, ValidationError

from kiosk.notify.outbox import Target, TargetKind
from kiosk.store.branches import BRANCH_ID

MAX_FILE_BYTES = 256 * 1024


class BranchTargetSettings(BaseModel):
    """The same four targets as the global KIOSK_* settings, for one branch."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    webhook_url: HttpUrl | None = None
    webhook_token: str | None = None
    ntfy_url: HttpUrl | None = None
    ntfy_token: str | None = None
    slack_webhook_url: HttpUrl | None = None
    teams_webhook_url: HttpUrl | None = None

    def targets(self, branch: str) -> list[Target]:
        configured = [
            (TargetKind.WEBHOOK, self.webhook_url, self.webhook_token),
            (TargetKind.NTFY, self.ntfy_url, self.ntfy_token),
            (TargetKind.SLACK, self.slack_webhook_url, None),
            (TargetKind.TEAMS, self.teams_webhook_url, None),
        ]
        return [Target(kind, str(url), token, branch=branch) for kind, url, token in configured if url]


class BranchTargetsFile(RootModel[dict[str, BranchTargetSettings]]):
    root: dict[str, BranchTargetSettings] = Field(default_factory=dict)


class BranchTargetsProblem(ValueError):
    """The file cannot be used; the message never holds an address or a token from it."""


def _describe(error: ValidationError) -> str:
    # include_input=False: the offending value may be a webhook address, which is a secret.
    return "; ".join(
        f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}" for problem in error.errors(include_input=False)
    )


def read_branch_targets(path: Path) -> dict[str, list[Target]]:
    """Branch id -> its targets. BranchTargetsProblem when the file is missing, too big or not valid."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BranchTargetsProblem(f"{path} is larger than {MAX_FILE_BYTES // 1024} KB")
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BranchTargetsProblem(f"{path} cannot be read ({type(exc).__name__})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        # The decoder's message names a line and column, never the value.
        raise BranchTargetsProblem(f"{path} is not valid TOML: {str(exc).splitlines()[0][:200]}") from None
    try:
        parsed = BranchTargetsFile.model_validate(raw)
    except ValidationError as exc:
        raise BranchTargetsProblem(f"{path}: {_describe(exc)}") from None
    bad = [branch for branch in parsed.root if not re.match(BRANCH_ID, branch)]
    if bad:
        raise BranchTargetsProblem(f"{path}: not a branch id: {', '.join(sorted(bad))[:200]}")
    return {branch: settings.targets(branch) for branch, settings in parsed.root.items()}
