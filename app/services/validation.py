"""Turning what a person typed into typed values, with a Chinese message per bad field."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.base import Base
from app.domain.fields import FieldSpec, Kind
from app.domain.schema import RecordType
from app.errors import FieldProblem, ValidationError
from app.models import RefValue
from app.text.dates import DateTextError, MonthDate, parse_date_text

_TRUE = {"是", "true", "1", "yes", "y", "√", "✓"}
_FALSE = {"否", "false", "0", "no", "n", ""}


class InvalidValueError(ValueError):
    """A value that cannot be coerced; the message says why, in Chinese."""


def parse_date(value: Any) -> dt.date | None:
    """The date of a date field: a date, or text as ``app.text.dates`` reads it (2024-04-23,
    2024/4/23, 2024年4月23日, 20240423 …) with its day; None when blank."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        day = parse_date_text(str(value))
    except DateTextError as exc:
        # the import's list of forms includes months without a day, which a field refuses
        raise InvalidValueError("日期格式应为 2024-04-23 或 2024年4月23日" if exc.unrecognised
                                else str(exc)) from None
    if isinstance(day, MonthDate):
        raise InvalidValueError(f"“{str(value).strip()}”缺少日，应写成完整日期，如 2024-04-23")
    return day


def coerce(spec: FieldSpec, value: Any) -> Any:
    """The typed value for ``spec``; raises ``InvalidValueError`` with a Chinese reason."""
    return coercer(spec)(value)


Coercer = Callable[[Any], Any]
_COERCERS: dict[int, tuple[FieldSpec, Coercer]] = {}


def coercer(spec: FieldSpec) -> Coercer:
    """``coerce`` for one field: the function for the field's kind, with its limits bound,
    made once per field (an import coerces some 20,000 values: no dispatch on the kind for
    each of them)."""
    known = _COERCERS.get(id(spec))
    if known is None or known[0] is not spec:
        known = _COERCERS[id(spec)] = (spec, _make_coercer(spec))
    return known[1]


def _make_coercer(spec: FieldSpec) -> Coercer:
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LONGTEXT, Kind.REF):
        return functools.partial(_coerce_text, spec.max_length)
    if kind == Kind.INT or kind == Kind.FK:
        return functools.partial(_coerce_int, spec.minimum)
    if kind == Kind.DECIMAL:
        return _coerce_decimal
    if kind == Kind.DATE:
        return _coerce_date
    if kind == Kind.BOOL:
        return _coerce_bool
    if kind == Kind.ENUM:
        assert spec.enum is not None
        return functools.partial(_coerce_enum, spec.enum)
    raise AssertionError(kind)  # pragma: no cover


def _coerce_text(max_length: int | None, value: Any) -> str:
    text = value.strip() if isinstance(value, str) else "" if value is None else str(value)
    if max_length and len(text) > max_length:
        raise InvalidValueError(f"不能超过{max_length}个字（现有{len(text)}个字）")
    return text


def _coerce_int(minimum: int | None, value: Any) -> int | None:
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidValueError("应为整数")
    try:
        number = int(value) if not isinstance(value, float) or value.is_integer() else None
    except (TypeError, ValueError):
        number = None
    if number is None:
        raise InvalidValueError("应为整数")
    if minimum is not None and number < minimum:
        raise InvalidValueError(f"不能小于{minimum}")
    return number


def _coerce_decimal(value: Any) -> Decimal | None:
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise InvalidValueError("应为数字") from exc


def _coerce_date(value: Any) -> dt.date | None:
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return None
    return parse_date(value)


def _coerce_bool(value: Any) -> bool:
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidValueError("应为“是”或“否”")


def _coerce_enum(enum: Any, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return None
    if isinstance(value, enum):
        return value
    member = enum.from_label(str(value))
    if member is None:
        raise InvalidValueError("应为以下之一：" + "、".join(enum.labels()))
    return member


RefCache = dict[tuple[Any, ...], tuple[Any, list[FieldProblem]]]


class _Plan:
    """What ``clean`` needs of a record type, worked out once per record type: each
    field's spec and coercer, the required fields in order, the fields checked against
    a list (REF) or another record (FK)."""

    def __init__(self, rtype: RecordType) -> None:
        self.rtype = rtype
        self.fields = {name: (spec, coercer(spec)) for name, spec in rtype.fields.items()}
        self.required = [(name, spec) for name, spec in rtype.fields.items() if spec.required]
        self.refs = frozenset(n for n, s in rtype.fields.items() if s.kind == Kind.REF)
        self.checked = frozenset(n for n, s in rtype.fields.items()
                                 if s.kind in (Kind.REF, Kind.FK))


def _plan(rtype: RecordType) -> _Plan:
    known = _PLANS.get(id(rtype))
    if known is None or known.rtype is not rtype:
        known = _PLANS[id(rtype)] = _Plan(rtype)
    return known


_PLANS: dict[int, _Plan] = {}


def clean(
    session: Session,
    rtype: RecordType,
    data: dict[str, Any],
    *,
    current: Base | None = None,
    ref_cache: RefCache | None = None,
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Coerce and check ``data`` against ``rtype``; ``current`` is the record being updated.

    Returns the typed values and every problem found (all fields, not just the first).
    ``ref_cache`` (one dict for a batch checked in one session, e.g. an import) checks each
    distinct reference-list value (党派, 民族 …) once instead of once per record: each costs a
    query, and a roster repeats a few dozen values thousands of times. Same answers.
    """
    if ref_cache is not None:
        return _clean_cached(session, rtype, data, current, ref_cache)
    plan = _plan(rtype)
    fields = plan.fields
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}
    for name, raw in data.items():
        found = fields.get(name)
        if found is None:
            raise KeyError(f"{rtype.entity} has no field {name!r}")
        try:
            values[name] = found[1](raw)
        except InvalidValueError as exc:
            problems.append(FieldProblem(name, found[0].label, raw, str(exc)))
    refused = {p.field for p in problems}
    for name, spec in plan.required:
        if name in refused:
            continue
        value = values[name] if name in values else getattr(current, name, None)
        if value is None or value == "":
            problems.append(FieldProblem(name, spec.label, value, "必须填写"))
    checked = plan.checked
    for name, value in values.items():
        if name not in checked:
            continue
        spec = fields[name][0]
        unchanged = current is not None and getattr(current, name, None) == value
        if spec.kind == Kind.REF and value and not unchanged:
            problem = _check_ref(session, spec, value)
            if problem:
                problems.append(problem)
        elif spec.kind == Kind.FK and value is not None and not unchanged:
            problem = _check_fk(session, spec, value)
            if problem:
                problems.append(problem)
    return values, problems


def _clean_cached(session: Session, rtype: RecordType, data: dict[str, Any],
                  current: Base | None, cache: RefCache
                  ) -> tuple[dict[str, Any], list[FieldProblem]]:
    kinds_ref = _plan(rtype).refs
    refs = {k for k, v in data.items() if v and k in kinds_ref}
    values, problems = clean(session, rtype, {k: v for k, v in data.items() if k not in refs}
                             if refs else data, current=current)
    for name in refs:
        same = current is not None and getattr(current, name, None) == data[name]
        key = (rtype.entity, name, data[name], same)
        if key not in cache:
            one, found = clean(session, rtype, {name: data[name]},
                               current=current if same else None)
            # an invalid value (too long, not in the list …) comes back as a problem only
            cache[key] = (one.get(name), [p for p in found if p.field == name])
        value, found = cache[key]
        if not found:
            values[name] = value
        problems += found
    return values, problems


def _check_ref(session: Session, spec: FieldSpec, value: str) -> FieldProblem | None:
    assert spec.ref_list is not None
    row = session.scalar(
        select(RefValue).where(RefValue.list_name == spec.ref_list, RefValue.label == value)
    )
    if row is None:
        return FieldProblem(
            spec.name, spec.label, value,
            f"不在“{spec.ref_list.label}”列表中，请从列表中选择，或先在系统设置中添加",
        )
    if row.retired:
        return FieldProblem(spec.name, spec.label, value, "已停用，请选择其他值")
    return None


_FK_MEMO = "validation.fk_memo"  # session.info key, see ``memoize_references``


def memoize_references(session: Session) -> None:
    """For the rest of ``session``, ``clean`` checks each referenced record (a 届, a 界别)
    once instead of once per row: for a batch checked in one session that does not delete
    what its rows refer to (an import, which holds the write lock while it checks; a record
    deleted by someone else meanwhile is refused by the foreign key at the flush). The
    answers are those ``session.get`` gives, which within a session come from its identity
    map after the first row anyway."""
    session.info.setdefault(_FK_MEMO, {})


def _check_fk(session: Session, spec: FieldSpec, value: int) -> FieldProblem | None:
    memo: dict[tuple[Any, ...], FieldProblem | None] | None = session.info.get(_FK_MEMO)
    if memo is None:
        return _find_fk(session, spec, value)
    key = (spec.fk, spec.name, spec.label, type(value), value)
    if key not in memo:
        memo[key] = _find_fk(session, spec, value)
    return memo[key]


def _find_fk(session: Session, spec: FieldSpec, value: int) -> FieldProblem | None:
    from app.services.registry import model_for

    model = model_for(spec.fk or "")
    target = session.get(model, value)
    if target is None:
        return FieldProblem(spec.name, spec.label, value, "所选记录不存在")
    if getattr(target, "deleted_at", None) is not None:
        return FieldProblem(spec.name, spec.label, value, "所选记录已删除（在回收站中）")
    return None


def raise_if(problems: list[FieldProblem], rtype: RecordType) -> None:
    if problems:
        raise ValidationError(problems, rtype.label)
