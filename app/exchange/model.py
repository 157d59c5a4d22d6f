"""The data an import passes around: problems, sheet lines, records (entries), duplicates,
the plan shown before writing, and the result after."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from app.errors import clip
from app.exchange.headers import HeaderResult
from app.exchange.normalize import shown

DuplicateAction = Literal["update", "skip"]
PossibleAction = Literal["create", "update", "skip"]  # a clerk's answer for a possible duplicate


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, a row or a cell, said the way a clerk can act on it."""

    row: int | None  # 1-based sheet row; None for the file as a whole
    column: str  # the column's header as in the file; "" for the whole row
    value: Any
    message: str  # what is wrong and how to fix it
    warning: bool = False  # reported, but does not stop the row from being imported

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else ""
        if self.column:
            text = clip(shown(self.value))  # a 32,767-character cell is not repeated
            where += f"“{self.column}”列的值“{text}”" if text else f"“{self.column}”列为空"
        prefix = "（提示）" if self.warning else ""
        return f"{prefix}{where}：{self.message}" if where else prefix + self.message


Fate = Literal["新增", "更新", "合并", "跳过", "拒绝"]
FATES: tuple[Fate, ...] = ("新增", "更新", "合并", "跳过", "拒绝")


@dataclass(frozen=True)
class RowFate:
    """What became of one row of the file, and why: every row has exactly one."""

    row: int
    fate: Fate
    reason: str


def fates_text(fates: list[RowFate]) -> str:
    """文件中的12行：新增8行，合并1行，跳过2行，拒绝1行."""
    counts = {f: sum(1 for x in fates if x.fate == f) for f in FATES}
    parts = [f"{f}{n}行" for f, n in counts.items() if n]
    return f"文件中的{len(fates)}行：" + "，".join(parts) if parts else "文件中没有数据行"


@dataclass
class Line:
    """One sheet row of data: its cells by column key, typed, and the whole row as read."""

    row: int
    raw: list[Any]  # every cell of the row, as read (for the error workbook)
    cells: dict[str, Any] = field(default_factory=dict)  # column key → cell value as read
    values: dict[str, Any] = field(default_factory=dict)  # column key → typed value
    bad: set[str] = field(default_factory=set)  # column keys whose cell could not be read
    problems: list[Problem] = field(default_factory=list)  # cells that could not be read
    merged: set[str] = field(default_factory=set)  # column keys copied from a merged cell

    def fresh(self) -> Line:
        """The line as read, before parsing (for a second pass in another session)."""
        return Line(self.row, self.raw, dict(self.cells), merged=set(self.merged))


@dataclass(frozen=True)
class Duplicate:
    """An existing record (or an earlier row of the same file) the entry seems to repeat."""

    existing_id: int | None  # None: the earlier row is in the same file
    description: str  # 委员“张琳”（编号12）
    reason: str  # 身份证号相同


@dataclass
class Entry:
    """One record to import: one or more lines (a member's seats in several terms, a
    proposal's 承办单位 on continuation rows)."""

    lines: list[Line]
    problems: list[Problem] = field(default_factory=list)
    duplicate: Duplicate | None = None  # the record an exact key finds (it will be updated)
    possible: list[Duplicate] = field(default_factory=list)  # matched by title/name only
    action: PossibleAction | None = None  # a person's choice for this (possible) duplicate
    target: int | None = None  # the possible duplicate chosen to update (action "update")
    undecided_note: Problem | None = None  # why the row is refused while no choice is made
    merged_rows: list[tuple[int, str]] = field(default_factory=list)  # rows repeating this
    # record exactly (after normalising), merged into it: (row, reason)
    values: dict[str, Any] = field(default_factory=dict)  # main record, by column key
    children: list[dict[str, Any]] = field(default_factory=list)  # child lines, typed
    extra: dict[str, Any] = field(default_factory=dict)  # what a kind works out on the way

    @property
    def row(self) -> int:
        return self.lines[0].row

    @property
    def rows(self) -> list[int]:
        return [line.row for line in self.lines]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass
class ImportPlan:
    """What ``analyse`` found: the header, the mapping, every record with its problems."""

    path: Path
    kind: str
    sheet: str
    header: HeaderResult
    labels: dict[str, str]  # column key → header text in the file
    entries: list[Entry]
    problems: list[Problem]  # about the file as a whole (missing columns …)
    skipped_rows: list[tuple[int, str]]  # blank, 合计 and note rows: (row, why)
    missing: list[str] = field(default_factory=list)  # required columns not found (labels)
    lines: list[Line] = field(default_factory=list)  # every data line, as read
    blank_rows: list[int] = field(default_factory=list)  # rows below the header with nothing

    @property
    def needs_mapping(self) -> bool:
        """The columns must be mapped by hand before the file can be imported."""
        return bool(self.missing)

    @property
    def unrecognised(self) -> list[str]:
        return [c.header for c in self.header.unrecognised]

    @property
    def duplicates(self) -> list[Entry]:
        return [e for e in self.entries if e.duplicate is not None]

    @property
    def invalid(self) -> list[Entry]:
        return [e for e in self.entries if not e.valid]

    @property
    def undecided(self) -> list[Entry]:
        """Valid records that may repeat an existing one (title or name only): a person
        must choose 新增, 更新该记录 or 跳过 for each; without a choice the row is refused."""
        return [e for e in self.entries if e.valid and e.possible and e.action is None]

    @property
    def ok(self) -> bool:
        """Nothing stops the import (warnings aside)."""
        return (not any(not p.warning for p in self.problems) and not self.invalid
                and not self.missing and not self.undecided)

    def all_problems(self) -> list[Problem]:
        out = list(self.problems)
        for entry in self.entries:
            out.extend(entry.problems)
        out.extend(e.undecided_note for e in self.undecided if e.undecided_note is not None)
        return sorted(out, key=lambda p: (p.row or 0, p.warning))

    def summary(self) -> str:
        undecided = self.undecided
        new = sum(1 for e in self.entries if e.valid and e.duplicate is None
                  and e not in undecided)
        dup = sum(1 for e in self.entries if e.valid and e.duplicate is not None)
        text = (f"共{len(self.entries)}条记录：可新增{new}条，与已有记录重复{dup}条，"
                f"有错误{len(self.invalid)}条")
        if undecided:
            text += f"，可能与已有记录重复、须逐条确认{len(undecided)}条"
        if self.skipped_rows:
            text += f"；跳过空行、合计行和说明行{len(self.skipped_rows)}行"
        return text + "。" + self.rows_text()

    def rows_text(self) -> str:
        """What will become of every row of the file, as the preview sees it:
        文件中的12行：将新增8行，将更新1行，合并1行，跳过1行，待确认0行，有错误1行."""
        counts = dict.fromkeys(("新增", "更新", "合并", "跳过", "待确认", "有错误"), 0)
        undecided = self.undecided
        for entry in self.entries:
            fate = ("有错误" if not entry.valid else "待确认" if entry in undecided
                    else "更新" if entry.duplicate is not None else "新增")
            counts[fate] += len(entry.lines)
            counts["有错误" if fate == "有错误" else "合并"] += len(entry.merged_rows)
        counts["跳过"] += len(self.skipped_rows) + len(self.blank_rows)
        total = sum(counts.values())
        parts = [f"{'将' if k in ('新增', '更新') else ''}{k}{n}行" for k, n in counts.items() if n]
        return f"文件中的{total}行：" + "，".join(parts) + "。" if parts else ""


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)  # duplicates already as in the file
    skipped: list[Entry] = field(default_factory=list)  # duplicates the person chose to skip
    rejected: list[Entry] = field(default_factory=list)  # invalid rows left out
    backup: Path | None = None
    error_book: Path | None = None
    error_book_note: str = ""  # where the error workbook went, or why there is none
    cancelled: bool = False
    fates: list[RowFate] = field(default_factory=list)  # every row of the file

    def summary(self) -> str:
        if self.cancelled:
            return "导入已取消，没有写入任何记录。"
        text = f"导入完成：新增{len(self.created)}条，更新{len(self.updated)}条"
        if self.unchanged:
            text += f"，与已有记录相同{len(self.unchanged)}条"
        if self.skipped:
            text += f"，跳过重复{len(self.skipped)}条"
        if self.rejected:
            text += f"，有错误未导入{len(self.rejected)}条"
        text += "。"
        if self.fates:
            text += fates_text(self.fates) + "。"
        return text
