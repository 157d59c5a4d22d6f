"""A standard table as data (title, headers, rows, total, notes): written to Excel by
``layout.write_table`` or printed by the client, from the same rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Row = Sequence[Any] | str  # a list of cells, or a group heading spanning the table


@dataclass(frozen=True)
class PrintableTable:
    """What a printed table shows. ``widths`` are relative (Excel character widths; missing
    ones count as 8), ``count`` what the caller reports (members, units, people)."""

    sheet: str
    title: str
    subtitle: str
    headers: Sequence[str]
    rows: Sequence[Row]
    count: int = 0
    widths: Sequence[float] = ()
    text_columns: Sequence[int] = ()
    center_columns: Sequence[int] = ()
    total: Sequence[Any] | None = None
    notes: Sequence[str] = field(default_factory=tuple)

    def write(self, path: Path | str) -> tuple[Path, int]:
        """The table as an Excel file laid out for A4 landscape; (path, count)."""
        from app.exchange.layout import write_table  # openpyxl (and numpy, PIL) when used

        out = write_table(path, self.sheet, self.title, self.subtitle, self.headers, self.rows,
                          widths=self.widths, text_columns=self.text_columns,
                          center_columns=self.center_columns, total=self.total,
                          notes=self.notes)
        return out, self.count

    def column_widths(self) -> list[float]:
        """A relative width for every column."""
        given = list(self.widths)[:len(self.headers)]
        return given + [8.0] * (len(self.headers) - len(given))
