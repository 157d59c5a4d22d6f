"""Errors a person may see. Every message is Simplified Chinese and names what went wrong."""

from __future__ import annotations

from dataclasses import dataclass

QUOTE_LIMIT = 40  # characters of a quoted value a message repeats


def clip(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as quoted in a message, cut to a readable length: a 32,767-character cell
    becomes its first ``limit`` characters and "…（共32767字）". Line breaks become spaces so
    the message stays one line."""
    text = "" if value is None else str(value)
    text = " ".join(text.splitlines()) if ("\n" in text or "\r" in text) else text
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…（共{len(text)}字）"


class AppError(Exception):
    """Base of every error the program reports to a clerk (CLI line or GUI dialog)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class FieldProblem:
    """One invalid value: which field, what value, and what is wrong with it."""

    field: str  # code name, e.g. "id_number"
    label: str  # 身份证号
    value: object
    message: str  # 校验位错误，应为“X”

    def __str__(self) -> str:
        shown = "（空）" if self.value in (None, "") else f"“{clip(self.value)}”"
        return f"{self.label}{shown}：{self.message}"


class ValidationError(AppError):
    """Input rejected before anything was written."""

    def __init__(self, problems: list[FieldProblem], record: str = "") -> None:
        self.problems = problems
        self.record = record
        head = f"{record}未保存，" if record else "未保存，"
        super().__init__(head + "；".join(str(p) for p in problems))

    def for_field(self, field: str) -> list[FieldProblem]:
        return [p for p in self.problems if p.field == field]


class NotFoundError(AppError):
    pass


class ConflictError(AppError):
    """Someone else changed the record since it was opened (optimistic locking).

    ``entity`` and ``record_id`` name the record (empty for a uniqueness clash), so the
    client can load its current state and show what the other clerk changed;
    ``current_version`` is its version now (None when it no longer exists).
    """

    def __init__(self, message: str, *, entity: str = "", record_id: int | None = None,
                 current_version: int | None = None, your_version: int | None = None) -> None:
        super().__init__(message)
        self.entity = entity
        self.record_id = record_id
        self.current_version = current_version
        self.your_version = your_version


class TransitionError(AppError):
    """A workflow step that is not allowed from the record's current state."""


class PermissionDeniedError(AppError):
    pass


class StorageError(AppError):
    """The database cannot be opened, migrated or backed up safely."""


class FileWriteError(AppError):
    """A file could not be written, replaced, copied or renamed; the message names the file and
    the kind of fault (``fault``: "disk_full", "denied", "in_use", "read_only", "too_long",
    "missing_folder" or "other"). Whatever was there before is unchanged."""

    def __init__(self, message: str, path: object, fault: str) -> None:
        super().__init__(message)
        self.path = path
        self.fault = fault
