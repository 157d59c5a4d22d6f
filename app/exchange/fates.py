"""Every row of a file has exactly one fate (新增, 更新, 合并, 跳过, 拒绝) with its reason:
worked out after an import (or its refusal) from what became of each record, the rows merged
into another, and the rows passed over (blank, 合计, 说明, repeated headers)."""

from __future__ import annotations

from collections.abc import Iterable

from app.exchange.kinds import ImportKind
from app.exchange.model import Entry, Fate, ImportPlan, RowFate


def outcome_reason(importer: ImportKind, entry: Entry, fate: Fate, *, refused: bool = False
                   ) -> str:
    """Why a record (its first row) had this fate."""
    text = f"{importer.label}“{importer.entry_text(entry)}”"
    dup = entry.duplicate
    if fate == "新增":
        return f"新增{text}" + ("（按选择作为新记录）" if entry.possible else "")
    if fate == "更新":
        return f"更新已有的{dup.description}（{dup.reason}）" if dup else f"更新{text}"
    if fate == "跳过":
        if dup is not None and entry.action != "skip" and not entry.possible:
            return f"与已有的{dup.description}相同（{dup.reason}），无需更新"
        others = "、".join(d.description for d in ([dup] if dup else entry.possible))
        return f"与已有的{others}重复，按选择跳过"
    if entry.errors:
        return "；".join(str(p) for p in entry.errors)
    if refused:
        return "本行无误，但文件中有错误的行，整个导入未进行（没有写入任何记录）"
    return "未导入"


def row_fates(plan: ImportPlan, importer: ImportKind,
              outcomes: Iterable[tuple[Entry, Fate, str]]) -> list[RowFate]:
    """One fate for every row: each record's rows, merged rows, rows passed over."""
    out: dict[int, RowFate] = {}
    for entry, fate, reason in outcomes:
        for line in entry.lines:
            if line is entry.lines[0]:
                out[line.row] = RowFate(line.row, fate, reason)
                continue
            own = [str(p) for p in entry.errors if p.row == line.row]
            why = "；".join(own) if own and fate == "拒绝" else \
                f"与第{entry.row}行是同一{importer.label}（{reason}）"
            out[line.row] = RowFate(line.row, fate, why)
        for row, note in entry.merged_rows:
            if fate == "拒绝":
                out[row] = RowFate(row, "拒绝", f"{note}，但该记录未导入（{reason}）")
            else:
                out[row] = RowFate(row, "合并", note)
    for row, why in plan.skipped_rows:
        out.setdefault(row, RowFate(row, "跳过", why))
    for row in plan.blank_rows:
        out.setdefault(row, RowFate(row, "跳过", "空行"))
    return [out[row] for row in sorted(out)]
