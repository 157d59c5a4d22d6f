"""One cell of a sheet as the importer reads it (``reader`` and ``xlsx_fast`` build them)."""

from __future__ import annotations

from typing import Any, NamedTuple


class Cell(NamedTuple):
    value: Any
    merged: bool = False  # copied from the first cell of a merged range
    decimals: int | None = None  # decimals shown by a number format such as "0.00"


EMPTY = Cell(None)
