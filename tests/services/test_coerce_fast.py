"""``validation.coerce`` (issue 15, import speed): one function per field, made once, instead
of a dispatch on the field's kind for every value. The answers — value, or the Chinese
reason a value is refused — are those of the generic dispatch it replaced (kept here as
the reference), for every field of every record type and any value a cell or a form gives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.fields import FieldSpec, Kind
from app.domain.schema import RECORD_TYPES
from app.services.validation import _FALSE, _TRUE, InvalidValueError, coerce, parse_date

SPECS = [spec for rtype in RECORD_TYPES.values() for spec in rtype.fields.values()]


def _reference(spec: FieldSpec, value: Any) -> Any:
    """``coerce`` as it was: one generic function dispatching on ``spec.kind``."""
    if isinstance(value, str):
        value = value.strip()
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LONGTEXT, Kind.REF):
        text = "" if value is None else str(value)
        if spec.max_length and len(text) > spec.max_length:
            raise InvalidValueError(f"不能超过{spec.max_length}个字（现有{len(text)}个字）")
        return text
    if value is None or value == "":
        return False if kind == Kind.BOOL else None
    if kind == Kind.INT or kind == Kind.FK:
        if isinstance(value, bool):
            raise InvalidValueError("应为整数")
        try:
            number = int(value) if not isinstance(value, float) or value.is_integer() else None
        except (TypeError, ValueError):
            number = None
        if number is None:
            raise InvalidValueError("应为整数")
        if spec.minimum is not None and number < spec.minimum:
            raise InvalidValueError(f"不能小于{spec.minimum}")
        return number
    if kind == Kind.DECIMAL:
        try:
            return Decimal(str(value))
        except InvalidOperation as exc:
            raise InvalidValueError("应为数字") from exc
    if kind == Kind.DATE:
        return parse_date(value)
    if kind == Kind.BOOL:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise InvalidValueError("应为“是”或“否”")
    assert kind == Kind.ENUM and spec.enum is not None
    if isinstance(value, spec.enum):
        return value
    member = spec.enum.from_label(str(value))
    if member is None:
        raise InvalidValueError("应为以下之一：" + "、".join(spec.enum.labels()))
    return member


def _answer(fn: Any, spec: FieldSpec, value: Any) -> tuple[str, Any]:
    try:
        return "ok", fn(spec, value)
    except InvalidValueError as exc:
        return "refused", str(exc)


_LABELS = [member.label for spec in SPECS if spec.enum is not None for member in spec.enum]
_MEMBERS = [member for spec in SPECS if spec.enum is not None for member in spec.enum]
_WORDS = ["", " ", "是", "否", "√", " yes ", "0", "1", "12", " 7 ", "-3", "1.5", "2024-04-23",
          "2024年4月23日", "2024.04", "abc", "1e3", "汉族", *_LABELS]
values = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(_WORDS), st.text(max_size=8), st.text(min_size=150, max_size=320),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.builds(dt.datetime, st.integers(1950, 2030), st.integers(1, 12), st.integers(1, 28)),
    st.sampled_from(_MEMBERS), st.decimals(allow_nan=False, allow_infinity=False, places=2),
)


@settings(max_examples=400, deadline=None)
@given(spec=st.sampled_from(SPECS), value=values)
def test_the_same_answer_as_the_generic_dispatch(spec: FieldSpec, value: Any) -> None:
    assert _answer(coerce, spec, value) == _answer(_reference, spec, value)


def test_every_kind_is_covered() -> None:
    assert {spec.kind for spec in SPECS} == set(Kind)
    for spec in SPECS:  # each field's function is made once and kept
        assert _answer(coerce, spec, "") == _answer(_reference, spec, "")
