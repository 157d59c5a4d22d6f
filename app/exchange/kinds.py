"""What a record type looks like in a workbook, and how its rows go through the services.

A ``Kind`` lists its columns (each a ``FieldSpec`` of the schema, so headers are the labels
the program shows everywhere, plus child columns such as 届次, 界别, 联名人 or 承办单位),
reads the cells of a line, groups lines into records, validates a record with the service's
own ``clean`` and ``check`` hooks inside the caller's session, and writes it. The four kinds
live in ``kind_members``, ``kind_events``, ``kind_proposals`` and ``kind_opinions``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.enums import AuditAction
from app.domain.fields import FieldSpec, Kind
from app.domain.schema import RecordType
from app.errors import FieldProblem
from app.exchange.aliases import enum_member, ref_label
from app.exchange.headers import HeaderMatcher
from app.exchange.lookups import Lookups
from app.exchange.model import Entry, Line, Problem
from app.exchange.normalize import (
    CellError,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_id_cell,
    parse_int,
    parse_phone_cell,
    parse_text,
    person_name,
    shown,
    split_list,
)
from app.services import audit
from app.services.context import SYSTEM, Actor, Changes
from app.services.crud import RecordService
from app.services.validation import memoize_references
from app.text.idcard import parse_id_number
from app.text.phone import normalize_phone

_BLANK: tuple[Any, ...] = (None, "", [])
_PARSE_OF_KIND = {Kind.TEXT: "text", Kind.LONGTEXT: "text", Kind.DATE: "date", Kind.INT: "int",
                  Kind.DECIMAL: "decimal", Kind.BOOL: "bool", Kind.ENUM: "enum", Kind.REF: "ref"}


def cell_value(value: Any) -> Any:
    """A stored value as an export writes it: enums by label, booleans 是/否."""
    if isinstance(value, bool):
        return "是" if value else "否"
    label = getattr(value, "label", None)
    return label if label is not None else value


_SIMPLE: dict[str, Callable[[Any], Any]] = {
    "date": parse_date, "text": parse_text, "name": person_name, "int": parse_int,
    "decimal": parse_decimal, "id": parse_id_cell, "phone": parse_phone_cell,
    "list": split_list}
# parsers whose answers (immutable) are worth keeping per distinct value (``read_line``)
_REPEATED = frozenset({"text", "int", "bool", "enum", "ref", "term", "sector", "unit",
                       "department", "event_kind"})
_LOOKUPS = {"term": "term", "sector": "sector", "unit": "unit", "department": "department",
            "event_kind": "event_kind"}


@dataclass(frozen=True)
class Column:
    key: str  # the service's field name ("birth_date"), or "seat.sector_id", "cosigners" …
    label: str  # the header written by exports and templates
    parse: str  # text name date int decimal bool enum ref id phone list term sector unit …
    spec: FieldSpec | None = None
    aliases: tuple[str, ...] = ()
    child: bool = False  # one value per continuation line (承办单位, 上报层级)
    note: str = ""  # the header comment of the blank template
    width: float = 12
    required: bool = False  # the file must have this column


def col(rtype: RecordType, name: str, *aliases: str, key: str | None = None,
        parse: str | None = None, child: bool = False, note: str = "", width: float = 12,
        label: str | None = None, required: bool | None = None) -> Column:
    """A column for the field ``name`` of ``rtype``, headed by its label; the file must have
    it when the field is required (unless ``required`` says otherwise)."""
    spec = rtype.fields[name]
    must = spec.required and not child if required is None else required
    return Column(key or name, label or spec.label, parse or _PARSE_OF_KIND[spec.kind], spec,
                  tuple(aliases), child, note, width, must)


@functools.cache
def _not_null(table: Any) -> frozenset[str]:
    """The keys of the table's NOT NULL columns (``ImportKind.data``, once per table)."""
    return frozenset(c.key for c in table.c if not c.nullable)


@dataclass
class Context:
    """One analysis: the lookups and how the file heads each column."""

    lookups: Lookups
    labels: dict[str, str] = field(default_factory=dict)  # column key → header in the file
    shared: dict[str, Any] = field(default_factory=dict)  # what a kind indexes across entries
    after_flush: list[Callable[[], None]] = field(default_factory=list)  # see ``save_record``
    batch: list[Any] = field(default_factory=list)  # new records for ``write_batch``
    changed: bool = False  # whether the last ``save_record`` changed anything
    actor: Actor = SYSTEM  # who imports (a preview's writes are rolled back: SYSTEM there)


class ImportKind:
    name: ClassVar[str]  # members
    label: ClassVar[str]  # 委员
    rtype: ClassVar[RecordType]
    service: ClassVar[type[RecordService[Any]]]
    columns: ClassVar[tuple[Column, ...]]
    continuation: ClassVar[bool] = False  # lines without main values continue the record
    title: ClassVar[str] = ""  # the blank template's title
    flush_each: ClassVar[bool] = False  # write each new record at once (checks count them)
    names_members: ClassVar[bool] = True  # records refer to members (participants, proposers)
    key_rule: ClassVar[str] = ""  # how a record is known exactly ("提案按届次、会议和提案号…")
    key_fix: ClassVar[str] = ""  # what a clerk adds to a row to make its key exact
    header_minimum: ClassVar[int] = 2  # known headers that make a row the header

    def __init__(self, db: Database) -> None:
        self.db = db
        self.svc = self.service(db)
        self.by_key = {c.key: c for c in self.columns}

    # ----- headers ---------------------------------------------------------------------
    def matcher(self) -> HeaderMatcher:
        return HeaderMatcher(((c.key, (c.label, *c.aliases)) for c in self.columns),
                             minimum=self.header_minimum)

    def main_keys(self) -> list[str]:
        return [c.key for c in self.columns if not c.child]

    # ----- cells -------------------------------------------------------------------------
    def parse(self, column: Column, value: Any, ctx: Context) -> Any:
        """The typed value of one cell; raises ``CellError``."""
        how = column.parse
        simple = _SIMPLE.get(how)
        if simple is not None:
            return simple(value)
        if how == "bool":
            return parse_bool(value, column.label)
        if how == "enum":
            assert column.spec is not None and column.spec.enum is not None
            return enum_member(column.spec.enum, value)
        if how == "ref":
            assert column.spec is not None and column.spec.ref_list is not None
            return ref_label(column.spec.ref_list, value,
                             ctx.lookups.ref_labels[column.spec.ref_list])
        lookup = getattr(ctx.lookups, _LOOKUPS.get(how, ""), None)
        if lookup is not None:
            return lookup(value)
        raise AssertionError(how)

    def read_line(self, line: Line, ctx: Context) -> None:
        """Parse the line's cells. A cell value met before in the same column of this
        analysis gives the answer it gave then (``parse`` depends only on the column, the
        value and the look-ups, which do not change while the lines are read): a roster
        repeats a few dozen 界别, 党派 and 届次 in thousands of rows."""
        seen: dict[tuple[str, type, Any], tuple[bool, Any]] = ctx.shared.setdefault(
            "cells", {})
        by_key = self.by_key
        for key, value in line.cells.items():
            column = by_key[key]
            memo: tuple[str, type, Any] | None = None
            known: tuple[bool, Any] | None = None
            if column.parse in _REPEATED:  # the others are unique per row: not kept
                memo = (key, type(value), value)
                try:
                    known = seen.get(memo)
                except TypeError:  # an unhashable value (none is expected): parse it
                    memo = None
            if known is None:
                try:
                    known = True, self.parse(column, value, ctx)
                except CellError as exc:
                    known = False, str(exc)
                if memo is not None:
                    seen[memo] = known
            ok, answer = known
            if ok:
                line.values[key] = answer
            else:
                line.bad.add(key)
                line.problems.append(self.problem(ctx, line.row, key, value, answer))

    @staticmethod
    def problem(ctx: Context, row: int, key: str, value: Any, message: str,
                warning: bool = False, label: str = "") -> Problem:
        """A problem in the column that holds ``key``; when the file has no such column, a
        problem of the row that says so (a message never names a column the file lacks)."""
        if key in ctx.labels or not ctx.labels:
            return Problem(row, ctx.labels.get(key, label or key), value, message, warning)
        return Problem(row, "", None, f"表中没有“{label or key}”列：{message}", warning)

    @staticmethod
    def stored_form(column: Column, value: Any) -> Any:
        """A typed cell value as the services store it: phones and identity numbers are
        normalised there, not by the cell parsers (the rest already is)."""
        if not isinstance(value, str) or not value:
            return value
        try:
            if column.parse == "phone":
                return normalize_phone(value)
            if column.parse == "id":
                return parse_id_number(value).number
        except ValueError:
            return value
        return value

    def differences(self, ctx: Context, earlier: Line, later: Line, *, strict: bool = True,
                    keys: set[str] | None = None) -> list[str]:
        """The columns in which two lines differ after the storage normalisation (phones,
        padded names, full-width digits, every date form), each with both cells as written:
        “手机”（第2行为“138 0013 8000”，本行为“13900139000”）. Only columns of the file;
        ``strict=False`` ignores a cell blank on one side."""
        wanted = (earlier.cells.keys() | later.cells.keys()) if keys is None else keys
        out = []
        for column in self.columns:
            key = column.key
            if key not in wanted:
                continue
            if key in earlier.bad or key in later.bad:  # unreadable: compare as written
                a, b = shown(earlier.cells.get(key)), shown(later.cells.get(key))
            else:
                a = self.stored_form(column, earlier.values.get(key))
                b = self.stored_form(column, later.values.get(key))
            blank_a, blank_b = a in _BLANK, b in _BLANK
            if (blank_a and blank_b) or a == b or (not strict and (blank_a or blank_b)):
                continue
            label = ctx.labels.get(key, column.label)
            out.append(f"“{label}”（第{earlier.row}行为“{shown(earlier.cells.get(key)) or '空'}”，"
                       f"本行为“{shown(later.cells.get(key)) or '空'}”）")
        return out

    # ----- records -----------------------------------------------------------------------
    def is_continuation(self, line: Line) -> bool:
        """A line whose main columns are all blank (or repeat a merged cell) continues the
        record above it."""
        if not self.continuation:
            return False
        return all(k in line.merged or line.cells.get(k) in (None, "") for k in self.main_keys())

    def group(self, lines: list[Line], ctx: Context) -> list[Entry]:
        """Records from lines: one line each, or a line and its continuation lines."""
        entries: list[Entry] = []
        for line in lines:
            if entries and self.is_continuation(line):
                entries[-1].lines.append(line)
            else:
                entries.append(Entry([line]))
        return entries

    def assemble(self, entry: Entry, ctx: Context) -> None:
        """Main values from the first line, one child per line with child values."""
        first = entry.lines[0]
        entry.values = {k: v for k, v in first.values.items() if not self.by_key[k].child}
        for line in entry.lines:
            child = {k: v for k, v in line.values.items() if self.by_key[k].child}
            if any(v not in (None, "", []) for v in child.values()) or any(
                    self.by_key[k].child for k in line.bad):
                entry.children.append(child | {"_row": line.row})

    def cell(self, entry: Entry, key: str, row: int | None = None) -> Any:
        """The cell as read for ``key``: in line ``row``, else the first line that has it."""
        lines = sorted(entry.lines, key=lambda line: line.row != row)
        for line in lines:
            if key in line.cells:
                return line.cells[key]
        return None

    def service_problems(self, ctx: Context, entry: Entry, problems: list[FieldProblem],
                         row: int | None = None, prefix: str = "") -> None:
        """Problems from a service, placed in the column that held the field."""
        if not problems:  # most rows: nothing to place
            return
        unread = set().union(*(line.bad for line in entry.lines))
        listed = {(p.row, p.column) for p in entry.problems if not p.warning}
        for p in problems:
            key = prefix + p.field
            if key not in self.by_key and p.field in self.by_key:
                key = p.field
            if key in unread and row is None:
                continue  # the cell could not be read: that problem is already listed
            if key in self.by_key:
                found = self.problem(ctx, row or entry.row, key, None, p.message,
                                     label=self.by_key[key].label)
                if (found.row, found.column) in listed:
                    continue  # e.g. a name that is no member's is not also "必须填写"
                value = self.cell(entry, key, row)
                entry.problems.append(self.problem(
                    ctx, row or entry.row, key, value if value is not None else p.value,
                    p.message, label=self.by_key[key].label))
            else:
                entry.problems.append(Problem(row or entry.row, p.label, p.value, p.message))

    # ----- hooks of each kind ------------------------------------------------------------
    def prepare(self, entry: Entry, ctx: Context) -> None:
        """Work out references and cross-column values after ``assemble``."""

    def index(self, entries: list[Entry], ctx: Context) -> None:
        """Look across the prepared entries (proposals index their numbers for 并案)."""

    def order(self, entry: Entry) -> int:
        """Entries are written in this order (then file order): 并案 after their target."""
        return 0

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        """Keys under which two entries are the same record (earlier keys are stronger)."""
        return []

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "内容相同"

    def same_record(self, first: Entry, later: Entry, key: tuple[Any, ...]) -> bool:
        """Whether two entries sharing an identity key are really one record."""
        return True

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        """Existing records the entry repeats: (id, description, reason)."""
        return []

    def find_possible(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        """Records the entry may repeat (same title or name, no exact key to be sure): never
        records of another 会议, 届次 or year. Asked only when ``find_existing`` found none."""
        return []

    @staticmethod
    def year_of(day: Any) -> tuple[dt.date, dt.date] | None:
        """The first and last day of the year of ``day`` (to keep matches within a year)."""
        if not isinstance(day, dt.date):
            return None
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)

    def entry_text(self, entry: Entry) -> str:
        """The record of a row as a message names it (its title or name)."""
        v = entry.values
        return str(v.get("title") or v.get("name") or f"第{entry.row}行")

    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        """Check the entry with the services in ``session``; problems go into the entry.
        Returns what ``write`` needs."""
        raise NotImplementedError

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any,
              current: Any, ctx: Context) -> tuple[Any, Changes]:
        """Write the entry; returns the record (its id may come with the next flush) and the
        other records the write concerns (members of a proposal …)."""
        raise NotImplementedError

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        """Each record as lines of cells in the order of ``columns``."""
        raise NotImplementedError

    def write_batch(self, session: Session, actor: Actor, ctx: Context) -> None:
        """Write the new records ``write`` put into ``ctx.batch`` (with the batch flush, see
        ``apply``); kinds that write each record through ``save_record`` put none there."""

    # ----- shared steps ------------------------------------------------------------------
    def data(self, entry: Entry, keys: list[str], current: Any) -> dict[str, Any]:
        """Service input from the entry's main values: on an update only what the file gives
        (a blank cell keeps the stored value); a NULL never replaces a column default."""
        not_null = _not_null(self.svc.model.__table__)
        out: dict[str, Any] = {}
        values = entry.values
        for key in keys:
            if key not in values:
                continue
            value = values[key]
            blank = value is None or value == "" or value == []
            if blank and (current is not None or (key in not_null and value is None)):
                continue
            out[key] = value
        return out

    def check_record(self, session: Session, ctx: Context, entry: Entry, data: dict[str, Any],
                     extra: dict[str, Any], current: Any) -> dict[str, Any]:
        """The service's own checks (``check_in``: ``clean``, ``check``, ``check_extra``, as
        its ``create`` and ``update`` run them); problems are added to the entry."""
        memoize_references(session)  # each 届 and 界别 checked once (see there)
        values, problems = self.svc.check_in(session, data, extra, current,
                                             ref_cache=ctx.shared.setdefault("clean", {}))
        self.service_problems(ctx, entry, problems)
        return values

    def save_record(self, session: Session, actor: Actor, ctx: Context, values: dict[str, Any],
                    current: Any, children: Callable[[Any], audit.Diff] | None = None,
                    with_id: Callable[[Any], audit.Diff] | None = None,
                    extra: dict[str, Any] | None = None) -> Any:
        """Write the record through the service's ``write_in`` (the write of its ``create``
        and ``update``), audited as 导入, with ``extra`` for the service's ``write_extra`` and
        the rows only an import writes: ``children`` (through relationships, before the
        flush) and ``with_id`` (rows that need the record's id); both return their audit
        diff.

        A new record is flushed with the next batch (see ``apply``) unless ``flush_each``;
        its child rows and audit entry are written right after that flush.
        """
        written = self.svc.write_in(
            session, actor, values, extra or {}, current, action=AuditAction.IMPORT,
            children=children, also=with_id,
            later=None if self.flush_each else ctx.after_flush)
        ctx.changed = written.changed
        return written.obj


class FlatKind(ImportKind):
    """A record whose row holds only its own fields (no child rows): checked with the record
    type's rules and the service's ``check`` hook, saved by the generic write."""

    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        keys = [c.key for c in self.columns]
        return self.check_record(session, ctx, entry, self.data(entry, keys, current), {},
                                 current)

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        return self.save_record(session, actor, ctx, prepared, current), Changes()


def upsert(rows: list[Any], wanted: list[dict[str, Any]], key: str,
           make: Callable[[dict[str, Any]], Any]) -> list[dict[str, Any]]:
    """Bring the child ``rows`` (matched on ``key``) to ``wanted``: set the given values, add
    what is missing, keep the others. Returns the wanted rows that changed anything."""
    existing = {getattr(r, key): r for r in rows}
    changed = []
    for values in wanted:
        target = existing.get(values[key])
        if target is None:
            rows.append(make(values))
            changed.append(values)
        elif any(getattr(target, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(target, name, value)
            changed.append(values)
    return changed
