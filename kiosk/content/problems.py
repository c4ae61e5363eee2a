"""A problem found in the content files, precise enough for an editor to fix it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    ERROR = "error"  # the item is not served (its last good version is, if there is one)
    WARNING = "warning"  # served, but does not follow the content guide


class Problem(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    message: str
    severity: Severity = Severity.ERROR
    guide: str | None = None
    step: str | None = None
    field: str | None = None

    @classmethod
    def warning(cls, file: str, message: str, **where: str | None) -> Problem:
        """A departure from the content guide: served as it is, but worth an editor's look."""
        return cls(file=file, message=message, severity=Severity.WARNING, **where)

    def describe(self) -> str:
        where = [self.file]
        if self.guide:
            where.append(f"guide {self.guide}")
        if self.step:
            where.append(f"step {self.step}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{self.severity.value}: {', '.join(where)}: {self.message}"
