"""数据底稿.xlsx, written beside every draft: a sheet listing every figure the document used
(value, unit, scope, period, definition, how many records) and sheets listing the records
behind each figure, one sheet per kind of record, so a reviewer can check every number."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from app.db.engine import Database
from app.reports.evidence import (
    ENTITY_LABELS,
    SUMMED,
    describe_records,
    scoped_definition,
    summed_values,
)
from app.reports.figure_text import Used
from app.reports.xlsx_writer import LINK, SharedStrings, Workbook, sheet_ref

INDEX_SHEET = "指标一览"
ABOUT_SHEET = "说明"


@dataclass(frozen=True)
class BookInfo:
    title: str
    kind: str
    period: str
    template: str
    database: str
    generated_at: dt.datetime


def _sheet_name(label: str, taken: set[str]) -> str:
    name = f"明细-{label}"[:31]
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]}({n})"
        n += 1
    taken.add(name)
    return name


def _record_cells(shared: SharedStrings, ids: list[int], described: list[tuple[int, str]]
                  ) -> dict[int, str]:
    """The 记录编号 and description cells of each record, built once however many figures
    list it; a description is stored once in the shared strings (numbered in the order of
    first appearance, as ``SharedStrings.ref`` would, in one bulk update)."""
    index = shared.index
    fresh = [d for d in dict.fromkeys(d for _i, d in described) if d not in index]
    index.update(zip(fresh, range(len(index), len(index) + len(fresh)), strict=True))
    cells = {i: f'<c><v>{i}</v></c><c t="s"><v>{index[d]}</v></c>' for i, d in described}
    missing = shared.cell("（记录已删除或不存在）")
    for i in ids:
        if i not in cells:
            cells[i] = f"<c><v>{i}</v></c>{missing}"
    return cells


class EvidenceStoppedError(Exception):
    """``write_evidence`` gave up because ``stopped()`` said so (the draft failed)."""


def write_evidence(path: Path, db: Database, used: list[Used], info: BookInfo,
                   stopped: Callable[[], bool] | None = None) -> None:
    """Write the workbook to ``path`` (the caller moves it into place). ``stopped`` is asked
    before each kind of record: when it says yes, ``EvidenceStoppedError`` is raised."""
    wb = Workbook(active=1)
    with wb.streaming(path):  # each finished sheet is compressed while the next is built
        _fill(wb, db, used, info, stopped)


def _fill(wb: Workbook, db: Database, used: list[Used], info: BookInfo,
          stopped: Callable[[], bool] | None) -> None:
    about = wb.add(ABOUT_SHEET)
    about.widths = [12, 100]
    for row in (("文稿", info.title), ("文稿类型", info.kind), ("统计期间", info.period),
                ("模板", info.template), ("数据库", info.database),
                ("生成时间", info.generated_at.strftime("%Y-%m-%d %H:%M:%S")),
                ("说明", "“指标一览”列出文稿用到的每一个数字及其统计口径；各“明细”表逐条列出"
                       "每个数字背后的记录（记录编号即数据库中的编号），可按“指标代号”列筛选核对。"
                       "“文稿中的写法”是文稿里实际印出的文字（约数、中文数字、与上年比较）；"
                       "只用来决定是否写某句话、没有印出的数字注明“未印出”。求和得到的数字"
                       "（人次、资金、受益人数等），明细表的“记录的数值”列逐条列出每条记录"
                       "自己的数值，合计即为该数字。")):
        about.append(list(row))
    wb.done(about)
    index = wb.add(INDEX_SHEET)
    index.header(["序号", "类别", "指标代号", "指标名称", "文稿中的写法", "精确值", "单位", "范围",
                  "统计期间", "记录数", "统计口径", "明细"],
                 [6, 6, 34, 26, 12, 10, 6, 16, 22, 8, 60, 22])
    index.wrap_columns = {11}
    by_entity: dict[str, list[Used]] = defaultdict(list)
    for entry in used:
        by_entity[entry.entity].append(entry)
    taken = {ABOUT_SHEET, INDEX_SHEET}
    names = {e: _sheet_name(ENTITY_LABELS.get(e, e), taken) for e in by_entity}
    first_row: dict[tuple[str, str, str], int] = {}
    values_of = summed_values(db, [(e.key, e.ids) for e in used])  # one pass for every sum
    for entity, entries in by_entity.items():
        if stopped is not None and stopped():
            raise EvidenceStoppedError()
        ws = wb.add(names[entity])
        summed = any(e.key.split("[")[0] in SUMMED for e in entries)
        ws.header(["指标代号", "指标名称", "范围", "统计期间", "序号", "记录编号",
                   ENTITY_LABELS.get(entity, entity)] + (["记录的数值"] if summed else []),
                  [34, 26, 16, 22, 6, 10, 90] + ([16] if summed else []))
        ids = list(dict.fromkeys(chain.from_iterable(e.ids for e in entries)))
        records = _record_cells(wb.shared, ids, describe_records(db, entity, ids))
        written: dict[tuple[int, ...], Used] = {}
        ws.columns = 8 if summed else 7
        for e in entries:
            values = values_of.get(e.key, {})
            same = written.get(e.ids) if len(e.ids) > 20 and not values else None
            if same is not None:  # 办复率 rests on the same records as 已办复: say so once
                first_row[(e.scope, e.period, e.key)] = ws.append(
                    [e.key, e.label, e.scope, e.period, None, None,
                     f"（与“{same.label}”（{same.key}，{same.scope}）的{len(e.ids)}条记录相同）"])
                continue
            written.setdefault(e.ids, e)
            first_row[(e.scope, e.period, e.key)] = ws.row_count + 1
            if not e.ids:
                ws.append([e.key, e.label, e.scope, e.period, None, None, "（没有记录）"])
                continue
            head = wb.shared.cells([e.key, e.label, e.scope, e.period])
            # each row is one f-string: row number, the figure's cells, 序号, the record's
            # cells (built once) and, for a sum, the record's own value
            at = ws.row_count
            if values:
                ws.rows.extend([f'<row r="{at + n}">{head}<c><v>{n}</v></c>{records[i]}'
                                f"<c><v>{int(values.get(i) or 0)}</v></c></row>"
                                for n, i in enumerate(e.ids, 1)])
            else:
                ws.rows.extend([f'<row r="{at + n}">{head}<c><v>{n}</v></c>{records[i]}</row>'
                                for n, i in enumerate(e.ids, 1)])
        wb.done(ws)
    for n, e in enumerate(used, 1):
        shown = "、".join(e.printed) if e.printed else "（未印出，只用于判断是否写这句话）"
        index_row = index.append([n, e.kind, e.key, e.label, shown, e.exact, e.unit, e.scope,
                                  e.period, len(e.ids),
                                  scoped_definition(e.key, e.entity, e.definition, e.scope),
                                  f"见“{names[e.entity]}”"],
                                 styles={12: LINK})
        target = first_row.get((e.scope, e.period, e.key))
        if target:
            index.link(f"L{index_row}", sheet_ref(names[e.entity], target))
