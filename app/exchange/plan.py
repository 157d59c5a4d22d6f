"""``analyse``: read a workbook, find its header, read and check every row, find duplicates;
nothing is written. The GUI shows the plan (problems, duplicates, unrecognised columns) and
then calls ``apply.apply``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.db.engine import Database
from app.errors import AppError
from app.exchange import mappings
from app.exchange.headers import (
    IGNORE,
    ColumnMatch,
    HeaderResult,
    apply_mapping,
    detect,
    first_text_row,
    header_key,
)
from app.exchange.kind_departments import DepartmentKind
from app.exchange.kind_events import EventKind
from app.exchange.kind_honors import HonorKind
from app.exchange.kind_instructions import InstructionKind
from app.exchange.kind_members import MemberKind
from app.exchange.kind_opinions import OpinionKind
from app.exchange.kind_outcomes import OutcomeKind
from app.exchange.kind_platforms import PlatformKind, PlatformSessionKind
from app.exchange.kind_proposals import ProposalKind
from app.exchange.kind_publicity import MediaReportKind, PublicationKind
from app.exchange.kind_supervision import SupervisionKind
from app.exchange.kind_terms import SessionKind, TermKind
from app.exchange.kind_units import UnitKindImport
from app.exchange.kinds import Context, ImportKind
from app.exchange.lookups import Lookups
from app.exchange.model import Duplicate, Entry, ImportPlan, Line, Problem
from app.exchange.reader import Cell, Sheet, read_workbook

KINDS: dict[str, type[ImportKind]] = {
    k.name: k for k in (MemberKind, EventKind, ProposalKind, OpinionKind, HonorKind,
                        PlatformKind, PlatformSessionKind, PublicationKind, MediaReportKind,
                        TermKind, SessionKind, UnitKindImport, OutcomeKind,
                        InstructionKind, DepartmentKind, SupervisionKind)}
KIND_ALIASES = {"委员": "members", "委员名册": "members", "会议活动": "events", "活动": "events",
                "会议": "events", "提案": "proposals", "社情民意": "opinions",
                "社情民意信息": "opinions", "信息": "opinions", "表彰": "honors",
                "协商议事平台": "platforms", "协商议事活动": "platform_sessions",
                "议事活动": "platform_sessions", "文史资料": "publications",
                "媒体报道": "media_reports", "届次": "terms", "届": "terms",
                "全体会议": "plenary_sessions", "次会议": "plenary_sessions",
                "会议次": "plenary_sessions", "sessions": "plenary_sessions",
                "机构": "units", "机构及成员": "units", "机构成员": "units", "专委会": "units",
                "联络组": "units", "界别组": "units", "委员之家": "units",
                "活动成果": "outcomes", "成果": "outcomes", "协商调研成果": "outcomes",
                "领导批示": "instructions", "批示": "instructions",
                "承办单位": "departments", "承办单位名单": "departments",
                "督办记录": "supervisions", "提案督办": "supervisions", "督办": "supervisions"}
_TOTALS = re.compile(r"^(合计|小计|总计|共计|总数|累计)", re.M)
_NOTES = re.compile(r"^(注|说明|备注|填表|制表|审核|负责人|联系人|单位|填报|附)[:：]?")


def kind_class(name: str) -> type[ImportKind]:
    """The import kind for an English code or its Chinese name."""
    key = KIND_ALIASES.get(name.strip(), name.strip().lower())
    if key not in KINDS:
        known = "、".join(f"{k}（{c.label}）" for k, c in KINDS.items())
        raise AppError(f"不认识的记录类型“{name}”，可用：{known}。")
    return KINDS[key]


def _skip_reason(row: list[Cell], header_texts: set[str]) -> str | None:
    values = [c.value for c in row if c.value is not None]
    if not values:
        return "空行"
    texts = ["".join(v.split()) for v in values if isinstance(v, str)]
    # one search over the row's texts (one per line; squeezed, they hold no line break)
    if _TOTALS.search("\n".join(texts)):
        return "合计行"
    if len(values) == 1 and texts and _NOTES.match(texts[0]):
        return "说明行"
    if len(texts) >= 2 and sum(map(header_texts.__contains__, texts)) >= max(
            2, len(values) // 2):
        return "重复的表头行"
    return None


def _choose(sheets: list[Sheet], kind: ImportKind) -> tuple[Sheet, HeaderResult | None]:
    matcher = kind.matcher()
    best: tuple[int, Sheet, HeaderResult | None] | None = None
    for sheet in sheets:
        header = detect(sheet.rows, matcher)
        score = len(header.mapping) if header else 0
        if best is None or score > best[0]:
            best = (score, sheet, header)
    assert best is not None
    return best[1], best[2]


def analyse(db: Database, path: Path | str, kind: str, mapping: dict[str, str] | None = None,
            *, check: bool = True) -> ImportPlan:
    """Read and check ``path`` as records of ``kind`` (members, events, proposals, opinions).

    ``mapping`` (header text → column key, ``""`` to skip a column) overrides what was
    recognised; without it a mapping remembered for this layout is used. ``check=False``
    stops after reading the lines (``import_file`` checks them while writing).
    """
    path = Path(path)
    importer = kind_class(kind)(db)
    sheets = read_workbook(path)
    if not sheets or not any(s.rows for s in sheets):
        raise AppError(f"“{path.name}”中没有数据。")
    sheet, header = _choose(sheets, importer)
    if header is None:
        header = first_text_row(sheet.rows)
    if mapping is None:
        mapping = mappings.remembered(importer.name, header.signature)
    if mapping:
        header = apply_mapping(header, mapping)
    known = {c.key for c in importer.columns}
    header.columns = [c if c.key in known or c.key in (None, IGNORE) else
                      ColumnMatch(c.index, c.header, None) for c in header.columns]
    labels = {c.key: c.header for c in header.columns if c.key}
    missing = [c.label for c in importer.columns if c.required and c.key not in labels]
    plan = ImportPlan(path, importer.name, sheet.name, header, labels, [], [], [], missing)
    if sheet.ignored:
        cells = "、".join(sheet.ignored[:5]) + ("等" if len(sheet.ignored) > 5 else "")
        plan.problems.append(Problem(None, "", None, (
            f"工作表“{sheet.name}”中远离表格的{len(sheet.ignored)}个单元格（{cells}）"
            "不属于表格，未读取"), warning=True))
    for label in missing:
        plan.problems.append(Problem(None, "", None, f"没有找到“{label}”列：请检查表头，"
                                     f"或在导入时把相应的列指定为“{label}”"))
    if missing:
        return plan
    plan.lines = _lines(sheet, header, importer, plan)
    if not check:
        return plan
    with db.reader() as session:
        ctx = Context(Lookups(session, keep_members=importer.names_members), labels)
        plan.entries = build_entries(importer, plan.lines, ctx)
        # in the order ``apply`` writes them (a 并案 after the proposal it joins)
        for entry in sorted(plan.entries, key=importer.order):
            current = find_current(importer, session, entry, ctx)
            importer.validate(session, entry, ctx, current)
            if entry.possible:
                entry.undecided_note = undecided_problem(importer, entry)
        session.rollback()  # checks may have changed objects; nothing is ever written here
    return plan


def build_entries(importer: ImportKind, lines: list[Line], ctx: Context) -> list[Entry]:
    """Records from the lines as read: cells parsed with ``ctx``'s lookups, lines grouped,
    references resolved, duplicates within the file marked."""
    fresh = [line.fresh() for line in lines]
    for line in fresh:
        importer.read_line(line, ctx)
    entries = importer.group(fresh, ctx)
    for entry in entries:
        importer.assemble(entry, ctx)
        for line in entry.lines:
            entry.problems.extend(line.problems)
        importer.prepare(entry, ctx)
    importer.index(entries, ctx)
    _duplicates(importer, entries, ctx)
    return entries


def _lines(sheet: Sheet, header: HeaderResult, importer: ImportKind, plan: ImportPlan
           ) -> list[Line]:
    header_texts = {"".join(c.header.split()) for c in header.columns}
    for number in header.rows:  # both rows of a two-row header
        header_texts |= {"".join(str(c.value).split()) for c in sheet.rows[number - 1]
                         if isinstance(c.value, str)}
    columns = [(c.index, c.key) for c in header.columns if c.key]
    out = []
    for number in range(header.data_start, len(sheet.rows) + 1):
        row = sheet.rows[number - 1]
        reason = _skip_reason(row, header_texts)
        if reason:
            if reason != "空行":
                plan.skipped_rows.append((number, reason))
            else:
                plan.blank_rows.append(number)
            continue
        line = Line(number, [c.value for c in row])
        for index, key in columns:
            cell = row[index]
            value = cell.value
            if isinstance(value, float) and cell.decimals and importer.by_key[key].parse == "date":
                value = f"{value:.{cell.decimals}f}"  # 1975.10 shown with two decimals
            line.cells[key] = value
            if cell.merged:
                line.merged.add(key)
        if all(v is None or k in line.merged for k, v in line.cells.items()):
            plan.blank_rows.append(number)  # only a 序号, or cells merged down: a blank row
            continue
        out.append(line)
    return out


def _duplicates(importer: ImportKind, entries: list[Entry], ctx: Context) -> None:
    """Two entries of the file that are the same record, compared after the storage
    normalisation: the later one is merged into the earlier when every cell is the same
    (with a notice), and refused, with both values of each differing column, when not."""
    seen: dict[tuple[Any, ...], Entry] = {}
    merged: list[Entry] = []
    for entry in entries:
        for key in importer.identity(entry):
            first = seen.get(key)
            if first is None or first is entry or not importer.same_record(first, entry, key):
                seen[key] = entry
                continue
            if not entry.valid:  # refused already, for what it says
                break
            reason = importer.identity_reason(key)
            diffs = [d for a, b in zip(first.lines, entry.lines, strict=False)
                     for d in importer.differences(ctx, a, b)]
            if len(first.lines) != len(entry.lines):
                diffs.append(f"行数（第{first.row}行的记录有{len(first.lines)}行，"
                             f"本行的记录有{len(entry.lines)}行）")
            if diffs:
                entry.problems.append(Problem(
                    entry.row, "", None,
                    f"与第{first.row}行是同一记录（{reason}），但内容不同：{'；'.join(diffs)}。"
                    "同一记录只能出现一次，请核对后只保留一行"))
            else:
                note = f"与第{first.row}行内容相同（{reason}），已合并为一条记录"
                first.merged_rows.extend((line.row, note) for line in entry.lines)
                first.problems.append(Problem(entry.row, "", None, note, warning=True))
                merged.append(entry)
            break
    for entry in merged:
        entries.remove(entry)


def find_current(importer: ImportKind, session: Any, entry: Entry, ctx: Context) -> Any:
    """The stored record an entry updates (None: a new record).

    Only an exact key finds it (``find_existing``: a member's 身份证号, a proposal's 届次 +
    会议 + 提案号 …); it sets ``entry.duplicate``. Records that match on title or name only
    (``find_possible``, never of another 会议, 届次 or year) go into ``entry.possible``: they
    are updated only when a person chose so (``entry.action == "update"``).
    """
    found = importer.find_existing(session, entry, ctx)
    entry.duplicate = None
    entry.possible = []
    if len({f[0] for f in found}) > 1:
        names = "、".join(f[1] for f in found[:5])
        entry.problems.append(Problem(entry.row, "", None,
                                      f"与多条已有记录重复（{names}），无法确定更新哪一条"
                                      f"（{importer.key_rule}）；请{importer.key_fix}后再导入"))
        return None
    if found:
        record_id, description, reason = found[0]
        entry.duplicate = Duplicate(record_id, description, reason)
        return importer.svc.get_in(session, record_id)
    entry.possible = [Duplicate(*f) for f in importer.find_possible(session, entry, ctx)]
    if not entry.possible or entry.action != "update":
        return None
    chosen = entry.target or entry.possible[0].existing_id
    match = next((d for d in entry.possible if d.existing_id == chosen), None)
    if match is None:
        entry.problems.append(Problem(entry.row, "", None, (
            f"选择更新的记录（编号{chosen}）已不在可能重复的记录中（可能已被修改或删除），"
            "请重新检查后再导入")))
        return None
    entry.duplicate = match
    return importer.svc.get_in(session, chosen) if chosen is not None else None


def undecided_problem(importer: ImportKind, entry: Entry) -> Problem:
    """Why a row that may repeat an existing record is not imported without a choice: it
    names the row's record and every record it may repeat."""
    others = "或".join(d.description for d in entry.possible[:5])
    reasons = "；".join(dict.fromkeys(d.reason for d in entry.possible))
    return Problem(entry.row, "", None, (
        f"本行的{importer.label}“{importer.entry_text(entry)}”可能就是已有的{others}"
        f"（{reasons}），但不能确定（{importer.key_rule}）。请在本行{importer.key_fix}后再导入，"
        "或在客户端的导入向导中为本行选择“新增”“更新该记录”或“跳过”"))


def header_keys(plan: ImportPlan) -> dict[str, str]:
    """The current mapping of the plan: header text → column key ("" for skipped)."""
    return {c.header: c.key or IGNORE for c in plan.header.columns}


def remember_mapping(plan: ImportPlan, mapping: dict[str, str]) -> None:
    """Keep a person's column choices for this layout (the next file like it maps itself)."""
    mappings.remember(plan.kind, plan.header.signature, mapping)


def column_choices(kind: str) -> list[tuple[str, str]]:
    """(column key, label) a person can map a column to, for the mapping dialog."""
    return [(c.key, c.label) for c in kind_class(kind).columns]


__all__ = ["KINDS", "analyse", "build_entries", "column_choices", "find_current", "header_key",
           "header_keys", "kind_class", "remember_mapping", "undecided_problem"]
