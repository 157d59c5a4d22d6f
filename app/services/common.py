"""What the record services share: workflow-step parameters, member lists, year filters,
leader instructions (批示), and ``WorkflowService`` for records changed in workflow steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar, cast

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.db.base import Base
from app.domain.enums import AuditAction, LabeledEnum
from app.domain.schema import INSTRUCTION, PARTICIPATION, RecordType
from app.errors import FieldProblem, NotFoundError, ValidationError
from app.models import Instruction, Member
from app.services import audit
from app.services.context import Actor, Result
from app.services.crud import RecordService
from app.services.validation import InvalidValueError, clean, coerce, parse_date

E = TypeVar("E", bound=LabeledEnum)
M = TypeVar("M", bound=Base)
_INSTRUCTED_ON = INSTRUCTION.label_of("instructed_on")
_MEMBER_SPEC = PARTICIPATION.fields["member_id"]  # a required reference to a member


# ----- parameters of workflow steps ---------------------------------------------------------
def param_date(value: Any, field: str, label: str, problems: list[FieldProblem], *,
               required: bool = True) -> dt.date | None:
    """A date argument of a workflow step; a problem is added when it is missing or invalid."""
    try:
        day = parse_date(value)
    except InvalidValueError as exc:
        problems.append(FieldProblem(field, label, value, str(exc)))
        return None
    if day is None and required:
        problems.append(FieldProblem(field, label, value, "必须填写"))
    return day


def param_enum(cls: type[E], value: Any, field: str, label: str,
               problems: list[FieldProblem]) -> E | None:
    """An enum argument given as a member, its code or its Chinese label."""
    if isinstance(value, cls):
        return value
    member = cls.from_label(str(value or ""))
    if member is None:
        problems.append(FieldProblem(field, label, value,
                                     "应为以下之一：" + "、".join(cls.labels())))
    return member


def not_before(day: dt.date | None, earliest: dt.date | None, field: str, label: str,
               what: str, problems: list[FieldProblem]) -> None:
    """A problem when ``day`` is earlier than ``earliest`` (called ``what``)."""
    if day and earliest and day < earliest:
        problems.append(FieldProblem(field, label, day, f"早于{what}{earliest:%Y-%m-%d}"))


def apply_values(target: Any, values: dict[str, Any]) -> audit.Diff:
    """Set ``values`` on ``target``; returns the audit diff of those that changed."""
    diff = {k: (getattr(target, k), v) for k, v in values.items() if getattr(target, k) != v}
    for name, value in values.items():
        setattr(target, name, value)
    return diff


# ----- members and years ----------------------------------------------------------------
def member_problems(
    session: Session, raw_ids: list[Any], label: str, purpose: str, unit: str = "行"
) -> tuple[list[int], dict[int, Member], list[FieldProblem]]:
    """Typed member ids, the members, and a problem naming each missing, deleted or repeated one.

    ``label`` contains ``{n}``, the 1-based position ("第{n}行委员"); ``purpose`` ends the
    message about a deleted member ("不能列为参加人员").
    """
    typed: list[tuple[int, int]] = []
    problems: list[FieldProblem] = []
    for n, raw in enumerate(raw_ids, start=1):
        try:
            member_id = coerce(_MEMBER_SPEC, raw)
        except InvalidValueError as exc:
            problems.append(FieldProblem("member_id", label.format(n=n), raw, str(exc)))
            continue
        if member_id is None:
            problems.append(FieldProblem("member_id", label.format(n=n), raw, "必须选择委员"))
        else:
            typed.append((n, member_id))
    found = {m.id: m for m in session.scalars(
        select(Member).where(Member.id.in_([i for _, i in typed])))}
    first: dict[int, int] = {}
    for n, member_id in typed:
        member = found.get(member_id)
        if member is None:
            problems.append(FieldProblem("member_id", label.format(n=n), member_id,
                                         "所选委员不存在"))
        elif member.deleted_at is not None:
            problems.append(FieldProblem("member_id", label.format(n=n), member.name,
                                         f"委员“{member.name}”已删除（在回收站中），{purpose}"))
        elif member_id in first:
            problems.append(FieldProblem(
                "member_id", label.format(n=n), member.name,
                f"委员“{member.name}”重复列入（同第{first[member_id]}{unit}）"))
        first.setdefault(member_id, n)
    return [i for _, i in typed], found, problems


def year_range(column: Any, year: int) -> ColumnElement[bool]:
    """``column`` (a date) falls in the calendar year ``year``."""
    return column.between(dt.date(int(year), 1, 1), dt.date(int(year), 12, 31))


# ----- leader instructions (批示) ---------------------------------------------------------
def write_instruction(session: Session, data: dict[str, Any], **target: int) -> Instruction:
    """Validate and add a 批示 on one target (proposal_id=…, opinion_id=… or outcome_id=…)."""
    values, problems = clean(session, INSTRUCTION, data)
    if problems:
        raise ValidationError(problems, INSTRUCTION.label)
    row = Instruction(**{k: v for k, v in values.items() if v is not None}, **target)
    session.add(row)
    return row


def member_names(db: Any, ids: Iterable[int]) -> dict[int, str]:
    """Names of the members with ``ids`` (deleted ones included: they are on old records)."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    with db.reader() as session:
        return dict(session.execute(  # type: ignore[arg-type]
            select(Member.id, Member.name).where(Member.id.in_(wanted))).all())


def read_instructions(session: Session, **target: int) -> list[Instruction]:
    """The 批示 on one target, oldest first."""
    (name, value), = target.items()
    stmt = select(Instruction).where(getattr(Instruction, name) == value)
    return list(session.scalars(stmt.order_by(Instruction.instructed_on, Instruction.id)))


class WorkflowService(RecordService[M]):
    """A record service whose records also change through workflow steps and take 批示.

    A step runs in ``_step`` (permission, the version the clerk read, one transaction, the
    record), is audited by the service's ``_log`` and published by its ``_announce``.
    """

    instruction_key: ClassVar[str]  # the Instruction column naming the record: "proposal_id"

    def _log(self, session: Session, actor: Actor, obj: M, summary: str, diff: audit.Diff,
             action: AuditAction = AuditAction.UPDATE) -> None:
        raise NotImplementedError

    def _announce(self, record_id: int) -> Result[M]:
        raise NotImplementedError

    def _level_and_day(self, rtype: RecordType, cls: type[E], level: Any, day_field: str,
                       day: Any) -> tuple[E, dt.date]:
        """The ``level`` and the date ``day_field`` of a step, labelled as in ``rtype``."""
        problems: list[FieldProblem] = []
        lvl = param_enum(cls, level, "level", rtype.label_of("level"), problems)
        parsed = param_date(day, day_field, rtype.label_of(day_field), problems)
        self._raise(problems)
        assert lvl is not None and parsed is not None
        return lvl, parsed

    def instruction_summary(self, obj: M, row: Instruction) -> str:
        """The audit summary of a 批示 registered on ``obj``."""
        raise NotImplementedError

    def instruct_in(self, session: Session, actor: Actor, obj: M, data: dict[str, Any]
                    ) -> Instruction:
        """登记批示 inside the caller's transaction: the client's ``add_instruction`` and the
        Excel import of 批示 both write one this way."""
        row = write_instruction(session, data, **{self.instruction_key: cast(Any, obj).id})
        self._log(session, actor, obj, self.instruction_summary(obj, row),
                  {_INSTRUCTED_ON: (None, str(row.instructed_on))})
        return row

    def _add_instruction(self, actor: Actor, record_id: int, data: dict[str, Any],
                         version: int) -> Result[M]:
        with self._step(actor, record_id, version) as (session, obj):
            self.instruct_in(session, actor, obj, data)
        return self._announce(record_id)

    def _delete_instruction(self, actor: Actor, instruction_id: int, missing: str,
                            summary: Callable[[M], str], *, action: AuditAction,
                            include_deleted: bool, version: int) -> Result[M]:
        """Delete one 批示; ``missing`` is the message when there is none on such a record;
        ``version`` is the version of the record it is on, as the clerk read it."""
        with self.db.reader() as session:
            row = session.get(Instruction, instruction_id)
            record_id = None if row is None else getattr(row, self.instruction_key)
        if row is None or record_id is None:
            raise NotFoundError(missing)
        with self._step(actor, record_id, version,
                        include_deleted=include_deleted) as (session, obj):
            row = session.get(Instruction, instruction_id)
            if row is None:  # deleted by another clerk since: the version check caught it
                raise NotFoundError(missing)
            session.delete(row)
            self._log(session, actor, obj, summary(obj),
                      {_INSTRUCTED_ON: (str(row.instructed_on), None)}, action)
        return self._announce(record_id)

    def _instructions(self, record_id: int) -> list[Instruction]:
        with self.db.reader() as session:
            return read_instructions(session, **{self.instruction_key: record_id})
