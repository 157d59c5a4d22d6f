"""The reconciliation sheet (数字核对表): the same figure across one year's 常委会工作报告,
提案工作情况报告 and 年度工作回眸, and the figures last year's drafts printed (from the
document history), side by side, with every difference explained.

Hand-written reports most often go wrong exactly here: the work report says 收到提案245件, the
proposal report 立案228件, the review's 提案委员会 section 归口71件, and last year's report a
number that no longer matches this year's "比上年增加". Each line names why two numbers differ:
another scope (one unit), another period (last year, for comparisons), another definition or
cohort (按提出计 against 按发生计), or records changed since last year's draft was written.

Qt-free: the CLI (``reconcile``) and the 文稿生成 page both call ``reconcile`` and ``write_sheet``.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app import fileio
from app.db.engine import Database
from app.errors import AppError
from app.reports.evidence import scoped_definition
from app.reports.figure_text import Used, exact_text
from app.reports.figures import compute, lookup
from app.reports.period import Period
from app.reports.xlsx_writer import Workbook

# the documents compared, in column order: (kind key, name)
DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("work-report", "常委会工作报告"),
    ("proposal-report", "提案工作情况报告"),
    ("year-review", "年度工作回眸"),
)
COMMITTEE = "全会"
SAME = "一致"
EXPLAINED = "有差异，已说明"
MISMATCH = "不一致，请核对"

# Figures a clerk easily takes for one another: (key, key). Both are shown with their values
# and why they are not the same number, whenever a document of the year uses either.
RELATED: tuple[tuple[str, str], ...] = (
    ("proposals.received", "proposals.accepted"),
    ("proposals.supervised", "proposals.supervision_visits"),
    ("proposals.key", "proposals.key_supervised"),
    ("opinions.received_adopted", "opinions.adopted"),
    ("opinions.received_adopted", "opinions.issued"),
    ("opinions.adopted", "opinions.forwarded"),
)

_EVENT_DATE = re.compile(r"按([\u4e00-\u9fff]{1,4})日期")


def cohort(definition: str) -> str:
    """Which records a figure counts, read from its registry definition."""
    d = definition
    if "÷" in d:
        return "比率（分子分母见统计口径）"
    if ("统计期间内收到" in d or "收到日期在统计期间内" in d or "提交日期在统计期间内" in d):
        return "按提出（收到）计：统计期间内收到的那一批，办理情况以统计期末为准"
    found = _EVENT_DATE.search(d)
    if found:
        return f"按发生计：按{found.group(1)}日期计入统计期间，记录不论何时提出"
    if "开始的" in d:
        return "按发生计：按活动开始日期计入统计期间"
    if "期末" in d:
        return "按统计期末的状态计"
    return "见统计口径"


@dataclass
class Line:
    """One figure in one scope and period, as each document and last year's draft printed it."""

    key: str
    label: str
    unit: str
    scope: str
    period: str
    definition: str
    cells: dict[str, str] = field(default_factory=dict)  # document kind → value as printed
    last_year: str = ""  # the value in last year's draft (history), "" when none
    status: str = SAME
    notes: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return "；".join(self.notes)


@dataclass(frozen=True)
class Pair:
    """Two figures easily confused, with their values for the year and why they differ."""

    first: str
    first_label: str
    first_value: str
    second: str
    second_label: str
    second_value: str
    explanation: str  # why they differ, then both definitions
    short: str = ""  # why they differ, in one clause


@dataclass(frozen=True)
class HistoryDoc:
    kind: str
    title: str
    created_at: dt.datetime
    file_path: str


@dataclass
class Reconciliation:
    year: int
    lines: list[Line]
    pairs: list[Pair]
    history: list[HistoryDoc]  # last year's drafts the last column is read from
    notes: list[str] = field(default_factory=list)  # what could not be compared, and why

    @property
    def differences(self) -> int:
        return sum(1 for line in self.lines if line.status != SAME)

    @property
    def unexplained(self) -> list[Line]:
        return [line for line in self.lines if line.status == MISMATCH]


def _shown(entry: Used) -> str:
    """The exact value, with what the draft printed when that differs ("236（印作：230余）")."""
    printed = [p for p in entry.printed if p and p != entry.value]
    return f"{entry.value}（印作：{'、'.join(printed)}）" if printed else entry.value


def _render_used(db: Database, year: int, progress: Callable[[str, float], None],
                 should_cancel: Callable[[], bool] | None) -> dict[str, list[Used]]:
    """Render each document of the year into a scratch folder (nothing recorded, no 底稿) and
    keep the figures each used."""
    from app.reports.engine import generate
    from app.reports.kinds import ReportRequest

    out: dict[str, list[Used]] = {}
    with tempfile.TemporaryDirectory(prefix="zxlz-reconcile-") as folder:
        for i, (kind, name) in enumerate(DOCUMENTS):
            progress(f"正在核对{name}……", 0.1 + 0.25 * i)
            result = generate(db, ReportRequest(kind, Path(folder) / f"{kind}.docx",
                                                Period.year(year)),
                              record=False, evidence=False, should_cancel=should_cancel)
            out[kind] = [u for u in result.used if u.kind == "指标"]
    return out


def _last_year(db: Database, year: int) -> tuple[dict[str, str], list[HistoryDoc]]:
    """The figures of the latest recorded draft of each kind for last year (calendar year)."""
    from app.services.documents import DocumentService

    start, end = dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)
    kinds = [k for k, _ in DOCUMENTS]
    values: dict[str, str] = {}
    docs: list[HistoryDoc] = []
    for kind in kinds:
        found = [e for e in DocumentService(db).history(limit=500, kind=kind)
                 if e.period_from == start and e.period_to == end]
        if not found:
            continue
        entry = found[0]  # the latest first
        docs.append(HistoryDoc(kind, entry.title, entry.created_at, entry.file_path))
        for key, value in entry.figures.items():
            values.setdefault(key, str(value))
    return values, docs


def _history_key(key: str, scope: str) -> str:
    return key if scope == COMMITTEE else f"{scope}|{key}"


def _explain(line: Line, year: int, names: dict[str, str], now_last_year: str | None) -> None:
    """Fill ``status`` and ``notes``: why the numbers on this line differ, or that they agree."""
    this_year = f"{year}年"
    used_in = [k for k, v in line.cells.items() if v]
    values = {line.cells[k].split("（")[0] for k in used_in}
    differs = False
    if len(values) > 1:
        line.status = MISMATCH
        line.notes.append("同一指标、同一范围和期间在几份文稿中的数不同，请重新生成这几份文稿后再核对")
    if line.scope != COMMITTEE:
        differs = True
        line.notes.append(f"范围不同：只计“{line.scope}”的记录，所以与全会的数不同——"
                          + scoped_definition(line.key, _entity(line.key), line.definition,
                                              line.scope))
    if line.period != this_year:
        differs = True
        line.notes.append(f"期间不同：这是{line.period}的数，文稿用它与上年比较（比上年增加或减少）")
    if line.last_year:
        if line.period == this_year:
            if line.last_year not in values:
                differs = True
                line.notes.append(f"上年文稿印的{line.last_year}是{year - 1}年的数，期间不同")
        elif now_last_year is not None and line.last_year != now_last_year:
            differs = True
            line.notes.append(f"上年文稿印的是{line.last_year}，按现在的记录重算为{now_last_year}："
                              "上年文稿生成后记录有增删改，与上年比较以现在的记录为准")
        else:
            line.notes.append("与上年文稿一致")
    if len(used_in) < len(DOCUMENTS):
        missing = "、".join(names[k] for k, _ in DOCUMENTS if k not in used_in)
        line.notes.append(f"{missing}没有用到这个数")
    if differs and line.status != MISMATCH:
        line.status = EXPLAINED
    if not line.notes:
        line.notes.append("几份文稿的数一致")


def _entity(key: str) -> str:
    try:
        return lookup(key).entity
    except AppError:
        return ""


def _pairs(db: Database, year: int, used_keys: set[str]) -> list[Pair]:
    wanted = [(a, b) for a, b in RELATED if a in used_keys or b in used_keys]
    keys = sorted({k for pair in wanted for k in pair})
    if not keys:
        return []
    values = compute(db, keys, Period.year(year))
    out = []
    for a, b in wanted:
        fa, fb = values[a], values[b]
        ca, cb = cohort(fa.definition), cohort(fb.definition)
        if ca == cb:
            short = f"同一批记录（{ca}），计的内容不同"
        else:
            short = f"统计的批次不同：“{fa.label}”{ca}；“{fb.label}”{cb}"
        why = (f"{short}。“{fa.label}”：{fa.definition}“{fb.label}”：{fb.definition}")
        out.append(Pair(a, fa.label, f"{exact_text(fa.value, fa.unit)}{fa.unit}", b, fb.label,
                        f"{exact_text(fb.value, fb.unit)}{fb.unit}", why, short))
    return out


def reconcile(db: Database, year: int,
              progress: Callable[[str, float], None] | None = None,
              should_cancel: Callable[[], bool] | None = None) -> Reconciliation:
    """Compare the figures of ``year``'s three drafts and last year's recorded drafts.
    Nothing is written (the drafts are rendered into a scratch folder and not recorded);
    ``should_cancel`` stops it between steps (``ReportCancelledError``)."""
    report = progress or (lambda _m, _f: None)
    used = _render_used(db, year, report, should_cancel)
    report("正在读取上年文稿记录……", 0.85)
    last, history = _last_year(db, year)
    names = dict(DOCUMENTS)
    lines: dict[tuple[str, str, str], Line] = {}
    for kind, entries in used.items():
        for u in entries:
            line = lines.get((u.key, u.scope, u.period))
            if line is None:
                line = lines[(u.key, u.scope, u.period)] = Line(
                    u.key, u.label, u.unit, u.scope, u.period, u.definition)
            line.cells.setdefault(kind, _shown(u))
    previous = f"{year - 1}年"
    # last year's period: what the records give now, to tell a changed record from a new year
    recompute = sorted({ln.key for ln in lines.values()
                        if ln.period == previous and ln.scope == COMMITTEE})
    now = compute(db, recompute, Period.year(year - 1)) if recompute else {}
    notes: list[str] = []
    if not history:
        notes.append(f"文稿生成记录中没有{year - 1}年（自然年度）的常委会工作报告、"
                     "提案工作情况报告或年度工作回眸，“上年文稿”一列为空。")
    for line in lines.values():
        line.last_year = last.get(_history_key(line.key, line.scope), "") if (
            line.period in (f"{year}年", previous)) else ""
        fv = now.get(line.key) if line.scope == COMMITTEE else None
        current = exact_text(fv.value, fv.unit) if fv is not None else None
        _explain(line, year, names, current)
    ordered = sorted(lines.values(), key=lambda ln: (
        ln.key.split(".")[0], ln.scope != COMMITTEE, ln.period != f"{year}年", ln.key, ln.scope))
    pairs = _pairs(db, year, {ln.key for ln in ordered})
    report("核对完成。", 1.0)
    return Reconciliation(year, ordered, pairs, history, notes)


def write_sheet(result: Reconciliation, path: Path | str, *, database: str = "",
                now: dt.datetime | None = None) -> Path:
    """The reconciliation as an .xlsx (written atomically): 说明, 数字核对, 口径对照."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise AppError(f"数字核对表的文件名应以 .xlsx 结尾：{target.name}")
    if not target.parent.exists():
        raise AppError(f"保存数字核对表的文件夹“{target.parent}”不存在。")
    wb = Workbook(active=1)
    about = wb.add("说明")
    about.widths = [14, 100]
    history = "；".join(f"{d.title}（{d.created_at:%Y-%m-%d %H:%M}生成）" for d in result.history)
    for row in (("年度", f"{result.year}年"), ("数据库", database),
                ("生成时间", f"{(now or dt.datetime.now()):%Y-%m-%d %H:%M:%S}"),
                ("上年文稿", history or "无"),
                ("说明", "“数字核对”一行是一个指标在一个范围和期间的数：常委会工作报告、"
                       "提案工作情况报告、年度工作回眸（按本年度生成，不写入文件）各用了多少，上年文稿（文稿生成记录）印了"
                       "多少。“核对结果”为“一致”的行几份文稿的数相同；“有差异，已说明”的行，“说明”"
                       "一列写出原因：范围不同（只计一个单位）、期间不同（上年的数）、上年文稿生成后"
                       "记录有变动；“不一致，请核对”表示同一口径的数不同，应重新生成文稿。"
                       "“口径对照”列出容易混淆的两个数（如收到与立案、督办提案与开展督办次数）"
                       "及其口径。"),
                *(("注意", n) for n in result.notes)):
        about.append(list(row))
    sheet = wb.add("数字核对")
    heads = ["指标代号", "指标名称", "单位", "范围", "统计期间",
             *(name for _, name in DOCUMENTS), "上年文稿", "核对结果", "说明", "统计口径"]
    sheet.header(heads, [30, 22, 6, 16, 10, 14, 14, 14, 12, 14, 60, 60])
    sheet.wrap_columns = {11, 12}
    for line in result.lines:
        sheet.append([line.key, line.label, line.unit, line.scope, line.period,
                      *(line.cells.get(k, "") for k, _ in DOCUMENTS), line.last_year,
                      line.status, line.explanation,
                      f"{cohort(line.definition)}。{line.definition}"])
    pairs = wb.add("口径对照")
    pairs.header(["指标", "数", "对照指标", "数", "为什么不同"], [22, 12, 22, 12, 100])
    pairs.wrap_columns = {5}
    for p in result.pairs:
        pairs.append([p.first_label, p.first_value, p.second_label, p.second_value,
                      p.explanation])
    return fileio.save_workbook(wb, target)


def summary(result: Reconciliation) -> Iterable[str]:
    """A few Chinese lines for the console and the client's status line."""
    yield (f"{result.year}年三份文稿共用到{len(result.lines)}个数，"
           f"其中{result.differences}个有差异（均已说明原因）" if not result.unexplained else
           f"{result.year}年三份文稿共用到{len(result.lines)}个数，"
           f"其中{len(result.unexplained)}个口径相同却数不同，请核对")
    if result.history:
        yield "上年文稿：" + "、".join(d.title for d in result.history)
    yield from result.notes
