"""Generating a document: check the template, build the context, render with docxtpl
(autoescaped), lay out (placeholders highlighted, fonts, margins), verify by reopening, write
数据底稿.xlsx beside it, and record it — all or nothing, with progress and cancel."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from docx import Document as open_docx  # noqa: N813 - a function, not the class
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.exceptions import SecurityError

from app import fileio
from app.db.engine import Database
from app.errors import AppError
from app.gc_pause import collector_paused
from app.reports.context import Build
from app.reports.docmeta import finish_document
from app.reports.evidence_book import BookInfo, EvidenceStoppedError, write_evidence
from app.reports.figure_text import BreakdownText, Tracker, Used
from app.reports.filters import environment
from app.reports.fonts import font_scheme
from app.reports.kinds import ReportKind, ReportRequest, get_kind
from app.reports.period import Period, Scope
from app.reports.postprocess import finish
from app.reports.render_check import CheckedTemplate, RenderedPart, check_finished, check_rendered
from app.reports.settings import ReportSettings, load_settings
from app.reports.tagcheck import locate
from app.reports.templates import check_template, effective_template, read_template
from app.reports.validate import source_paragraph

log = logging.getLogger(__name__)
Progress = Callable[[str, float], None]


class ReportCancelledError(AppError):
    def __init__(self) -> None:
        super().__init__("已取消生成文稿，没有写入任何文件。")


@dataclass(frozen=True)
class ReportResult:
    path: Path
    evidence: Path | None
    title: str
    template: Path
    placeholders: int  # 【待补充】 left for a person to write
    figures: int  # figures, breakdown rows and lists the document used
    document_id: int | None
    values: dict[str, str]
    used: tuple[Used, ...] = ()  # every figure the draft used (the reconciliation reads them)


class ChartMaker:
    """``{{ chart(proposals.by_category) }}``: a bar chart as an inline picture."""

    def __init__(self, tpl: DocxTemplate) -> None:
        self.tpl = tpl

    def __call__(self, data: Any, title: str | None = None, width_mm: float = 150) -> Any:
        from app.reports.charts import bar_chart

        if not isinstance(data, BreakdownText):
            raise AppError("chart(…) 只能画分类统计，例如 chart(proposals.by_category)。")
        items = [(r.row_label, int(r.value)) for r in data.rows]
        height = max(2.2, 0.27 * min(len(items), 14) + 0.9)
        png = bar_chart(title or data.label, items, width=6.2, height=height, max_bars=14,
                        dpi=200, fontsize=11)
        return InlineImage(self.tpl, io.BytesIO(png), width=Mm(width_mm))


def resolve_period(db: Database, kind: ReportKind, request: ReportRequest) -> Period:
    """The request's period, or the one implied by its session or event."""
    if request.period is not None:
        return request.period
    if kind.needs == "session" and request.session_id is not None:
        from app.models import PlenarySession
        from app.reports.meta import session_short

        with db.reader() as s:
            plenary = s.get(PlenarySession, request.session_id)
            if plenary is None:
                raise AppError("所选的全体会议不存在。")
            name = session_short(plenary.term, plenary)
            return Period.since_session(name, plenary.start_on,
                                        plenary.end_on or plenary.start_on)
    if kind.needs == "event" and request.event_id is not None:
        from app.models import Event

        with db.reader() as s:
            event = s.get(Event, request.event_id)
            if event is None:
                raise AppError(f"找不到编号为{request.event_id}的会议活动。")
            return Period.between(event.start_on, event.end_on or event.start_on)
    raise AppError(f"生成{kind.name}需要指定统计期间（年度、起止日期或“某次全体会议以来”）。")


def _title(kind: ReportKind, context: dict[str, Any], period: Period) -> str:
    if kind.key == "proposal-compilation":
        return f"{context['session'].name}{kind.name}"
    if kind.key == "sign-in":
        return context["event"].sheet_title
    return f"{period.label}{kind.name}"


def _render_error(exc: BaseException, part: RenderedPart | None) -> AppError:
    """A rendering failure as one Chinese message naming the paragraph where it happened."""
    lineno = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    where = source_paragraph(part.source, lineno) if lineno and part is not None else ""
    found = (locate(part.as_template(), where, lineno) if where and part is not None
             else None)
    if found is not None:
        place = f"在{part.where}第{found.number}段“{found.text[:60]}”"  # type: ignore[union-attr]
    else:
        place = f"在段落“{where[:60]}”" if where else ""
    if isinstance(exc, SecurityError):
        what = ("用到了不允许的写法（程序内部的属性或对象，或过大的数），为安全起见已停止。"
                "模板只能使用字段说明中列出的字段")
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        what = f"标记写法有误（{exc.message}），请先用“检查模板”找出出错的段落"
    elif isinstance(exc, RecursionError):
        what = "标记（宏）无限地调用自己"
    elif isinstance(exc, jinja2.UndefinedError):
        what = f"用到了没有值的字段（{exc.message}）"
    elif isinstance(exc, KeyError | AppError):
        what = str(exc.args[0] if isinstance(exc, KeyError) else exc)
    else:
        what = f"{type(exc).__name__}：{exc}"
    return AppError(f"模板{place}填写时出错：{what}。没有写入任何文件。")


def generate(db: Database, request: ReportRequest, *, progress: Progress | None = None,
             should_cancel: Callable[[], bool] | None = None, trace: bool = False,
             today: dt.date | None = None, settings: ReportSettings | None = None,
             actor: Any = None, record: bool = True, evidence: bool = True) -> ReportResult:
    """Generate one document. Raises ``AppError`` (nothing written) on any problem."""
    # tens of thousands of short-lived rows and record ids: without the pause CPython ran a
    # full collection in most drafts (70 ms of a city work report's 470), freeing nothing
    with collector_paused():  # see app/gc_pause.py
        return _generate(db, request, progress, should_cancel, trace, today, settings, actor,
                         record, evidence)


def _generate(db: Database, request: ReportRequest, progress: Progress | None,
              should_cancel: Callable[[], bool] | None, trace: bool, today: dt.date | None,
              settings: ReportSettings | None, actor: Any, record: bool, evidence: bool
              ) -> ReportResult:
    report = progress or (lambda _m, _f: None)

    def step(message: str, fraction: float) -> None:
        if should_cancel is not None and should_cancel():
            raise ReportCancelledError()
        report(message, fraction)

    kind = get_kind(request.kind)
    out = Path(request.out)
    if out.suffix.lower() != ".docx":
        raise AppError(f"文稿文件名应以 .docx 结尾：{out.name}")
    if not out.parent.exists():
        raise AppError(f"保存文稿的文件夹“{out.parent}”不存在。")
    template = Path(request.template) if request.template else effective_template(kind)
    step("正在检查模板……", 0.02)
    content = read_template(template)
    check_template(template, kind.key, "未生成文稿", content)  # these very bytes are rendered
    period = resolve_period(db, kind, request)
    today = today or dt.date.today()
    tracker = Tracker(db, trace=trace)
    scope = Scope(request.unit_id, _scope_label(db, request.unit_id))
    build = Build(db, tracker, period, scope, today)
    step("正在汇总数据……", 0.1)
    context = kind.build(build, replace(request, period=period))
    tpl = CheckedTemplate(io.BytesIO(content))  # the bytes that were checked
    context["chart"] = ChartMaker(tpl)
    step("正在填写模板……", 0.3)
    env = environment()
    try:
        tpl.render(context, env, autoescape=True)
    except (jinja2.TemplateError, LookupError, AppError, TypeError, ValueError,
            AttributeError, ArithmeticError, RecursionError) as exc:
        log.warning("render of %s failed", template, exc_info=True)
        raise _render_error(exc, tpl.current) from exc
    check_rendered(tpl, env)
    title = _title(kind, context, period)
    used = list(tracker.used.values())  # every figure is known once the template is filled
    evidence_path = out.with_name(f"{out.stem}-数据底稿.xlsx") if evidence else None
    # the draft's own period only: a figure of last year used for "比上年" must not stand in
    # for this year's under the same key in the history (the reconciliation reads it)
    values = {f"{u.scope}|{u.key}" if u.scope != "全会" else u.key: u.value for u in used
              if u.period == period.label}
    recorded: list[int] = []

    def record_history() -> None:  # runs once both files are in place; undone if it fails
        if not record:
            return
        from app.services.context import Actor
        from app.services.documents import DocumentService

        who = actor or Actor(request.username or "system")
        recorded.append(DocumentService(db).record(
            who, kind=kind.key, title=title, file_path=str(out), template=str(template),
            period_from=period.start, period_to=period.end, scope=scope.label,
            figures=values).id)

    try:
        # the draft and its 数据底稿 replace the previous pair both-or-neither: a file open in
        # WPS, a full disk or a read-only folder leaves the old pair and no history entry
        with fileio.FileGroup() as files:
            tmp_docx = files.path(out)
            book = None
            if evidence_path is not None:
                info = BookInfo(title, kind.name, period.label, str(template),
                                db.display_location(), dt.datetime.now())
                book = EvidenceWriter(files, evidence_path, db, used, info)
            with book or contextlib.nullcontext():
                # 数据底稿 is written on its own thread meanwhile (its reads and its
                # compression release the GIL); leaving this block waits for it, so a
                # failure or a cancel here discards both files
                step("正在排版……", 0.6)
                settings = settings or load_settings()
                placeholders = finish(tpl.docx, font_scheme(settings), settings.margins)
                check_finished(tpl, env.tagged_values)
                finish_document(tpl.docx, title, dt.datetime.now())
                step("正在保存文稿……", 0.7)
                _save(tpl, tmp_docx, out, files.doing)
                tpl.release()  # the reopened copy reuses its memory (render_check.py)
                open_docx(str(tmp_docx))  # a structural mistake would surface here, not in Word
                if book is not None:
                    step("正在写数据底稿……", 0.8)
            step("正在完成……", 0.95)
            files.commit(then=record_history)
    except ValueError as exc:  # python-docx cannot reopen what was produced
        raise AppError(f"生成的文稿结构有误，已放弃保存（{exc}）。请检查模板中的表格和段落标记。"
                       ) from exc
    document_id = recorded[0] if recorded else None
    report("文稿已生成。", 1.0)
    return ReportResult(out, evidence_path, title, template, placeholders, len(used),
                        document_id, values, tuple(used))


def _save(tpl: CheckedTemplate, temp: Path, target: Path, doing: str) -> None:
    try:
        tpl.save(str(temp))
    except OSError as exc:
        raise fileio.file_error(exc, target, doing) from exc


class EvidenceWriter:
    """数据底稿 written to its temporary path on a thread of its own while the draft is laid
    out and saved. Used as a context manager: leaving the block waits for the thread and
    raises its error (a full disk as ``FileWriteError`` naming the workbook), so the
    caller's ``FileGroup`` never commits or discards a half-written workbook."""

    def __init__(self, files: fileio.FileGroup, target: Path, db: Database, used: list[Used],
                 info: BookInfo) -> None:
        self.temp = files.path(target)
        self._target, self._doing = target, files.doing
        self._args = (db, used, info)
        self._error: BaseException | None = None
        self._stop = threading.Event()
        # an in-memory SQLite database is one connection per thread: read it on this one
        self._threaded = not (db.is_sqlite and db.file_path is None)
        self._thread = threading.Thread(target=self._run, name="数据底稿", daemon=True)

    def _run(self) -> None:
        try:
            write_evidence(self.temp, *self._args, self._stop.is_set)
        except EvidenceStoppedError:
            pass  # the draft failed or was cancelled: its error is the one to report
        except OSError as exc:
            self._error = fileio.file_error(exc, self._target, self._doing)
        except BaseException as exc:
            self._error = exc

    def __enter__(self) -> EvidenceWriter:
        if self._threaded:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self._stop.set()  # it stops at its next sheet; both files are discarded
        if self._threaded:
            self._thread.join()
        elif exc[0] is None:
            self._run()
        if self._error is not None and exc[0] is None:
            raise self._error


def _scope_label(db: Database, unit_id: int | None) -> str:
    if unit_id is None:
        return "全会"
    from app.models import Unit

    with db.reader() as s:
        unit = s.get(Unit, unit_id)
        if unit is None or unit.deleted_at is not None:
            raise AppError(f"找不到编号为{unit_id}的机构。")
        return unit.name
