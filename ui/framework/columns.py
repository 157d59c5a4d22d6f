"""Table columns of a record page: title, how to show a row's value, how to sort by it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt

from app.domain.schema import RecordType


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    value: Callable[[Any], Any]  # a fetched row → what the cell shows
    sort: str | None = None  # the service's sort key; None: not sortable
    width: int = 100
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    # a fetched row → the cell's text colour (a ui.theme role such as "error", or "#rrggbb");
    # None: the row's colour, if any
    colour: Callable[[Any], str | None] | None = None


def display(value: Any) -> str:
    """How a plain value reads in a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    return str(value)


def field_column(rtype: RecordType, name: str, *, sort: str | None = None, width: int = 100,
                 fmt: Callable[[Any], str] | None = None) -> Column:
    """A column showing one field of the record, titled with the field's one Chinese label."""
    fmt = fmt or display
    return Column(name, rtype.label_of(name), lambda row: fmt(getattr(row, name, None)),
                  sort, width)
