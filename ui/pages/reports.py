"""文稿生成 page: choose a document, its period and scope; see the figures; generate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import UnitKind
from app.errors import AppError
from app.reports.figures import FigureValue
from app.reports.kinds import KINDS, ReportKind, ReportRequest, default_out_name
from app.reports.period import Period
from app.reports.reconcile import reconcile, summary
from app.services.context import Changes
from app.services.validation import InvalidValueError, parse_date
from ui.framework.background import run_with_progress
from ui.framework.context import PageContext
from ui.framework.options import Options, opening_year, year_choices
from ui.pages.report_figures import BUSY as FIGURES_BUSY
from ui.pages.report_figures import TITLE as FIGURES_TITLE
from ui.pages.report_figures import FiguresPanel, PreviewAsk
from ui.pages.report_panels import FieldsPanel, HistoryPanel, ReconcilePanel, TemplatesBar
from ui.theme import text_style


class ReportsPage(QWidget):
    title = "文稿生成"

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.setObjectName("page_ReportsPage")
        self.ctx = ctx
        self.options = Options(ctx.db)
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("kindBox")
        for kind in KINDS.values():
            self.kind_box.addItem(kind.name, kind.key)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet(text_style("muted"))

        # period: a year, a date range, or since a plenary session
        self.by_year = QRadioButton("年度")
        self.by_range = QRadioButton("起止日期")
        self.by_session = QRadioButton("某次全体会议以来")
        self.period_group = QButtonGroup(self)
        for b in (self.by_year, self.by_range, self.by_session):
            self.period_group.addButton(b)
        self.by_year.setChecked(True)
        self.year_box = QComboBox()
        for text, year in year_choices():
            self.year_box.addItem(text, year)
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText("如 2025-01-01")
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText("如 2025-12-31")
        self.session_box = QComboBox()
        self.session_box.setObjectName("sessionBox")
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("unitBox")
        self.event_box = QComboBox()
        self.event_box.setObjectName("eventBox")
        self.member_box = QComboBox()
        self.member_box.setObjectName("memberBox")
        self.member_box.setEditable(True)
        self.templates = TemplatesBar(ctx, self.current_kind)

        form = QFormLayout()
        form.addRow("文稿种类", self.kind_box)
        form.addRow("", self.description)
        year_row = QHBoxLayout()
        year_row.addWidget(self.by_year)
        year_row.addWidget(self.year_box)
        year_row.addStretch(1)
        range_row = QHBoxLayout()
        range_row.addWidget(self.by_range)
        range_row.addWidget(self.date_from)
        range_row.addWidget(QLabel("至"))
        range_row.addWidget(self.date_to)
        session_row = QHBoxLayout()
        session_row.addWidget(self.by_session)
        session_row.addWidget(self.session_box, 1)
        self.period_widgets = [QWidget(), QWidget(), QWidget()]
        for holder, row in zip(self.period_widgets, (year_row, range_row, session_row),
                               strict=True):
            row.setContentsMargins(0, 0, 0, 0)
            holder.setLayout(row)
        self.period_label = QLabel("统计期间")
        form.addRow(self.period_label, self.period_widgets[0])
        form.addRow("", self.period_widgets[1])
        form.addRow("", self.period_widgets[2])
        self.session_label = QLabel("全体会议")
        form.addRow(self.session_label, self._session_only())
        self.unit_label = QLabel("范围")
        form.addRow(self.unit_label, self.unit_box)
        self.event_label = QLabel("会议")
        form.addRow(self.event_label, self.event_box)
        self.member_label = QLabel("委员")
        form.addRow(self.member_label, self.member_box)
        # 委员年度履职情况通报: the office decides whether to name who missed the minimum duties
        self.list_missed = QCheckBox("同时列出未完成最低履职要求的委员")
        self.list_missed.setObjectName("listMissed")
        form.addRow("", self.list_missed)
        form.addRow("模板", self.templates)

        self.preview_button = QPushButton("查看将用到的数字")
        self.preview_button.setObjectName("previewButton")
        self.preview_button.clicked.connect(self.preview)
        self.generate_button = QPushButton("生成文稿…")
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setStyleSheet("font-weight: bold;")
        self.generate_button.clicked.connect(self.generate)
        # 年度工作回眸: a draft per office and committee, as the office sends each its section
        self.each_unit_button = QPushButton("每个单位各生成一份…")
        self.each_unit_button.setObjectName("eachUnitButton")
        self.each_unit_button.setToolTip("办公室、研究室和各专门委员会各生成一份年度工作回眸"
                                         "（各带数据底稿），保存到所选文件夹")
        self.each_unit_button.clicked.connect(self.generate_each_unit)
        self.reconcile_button = QPushButton("数字核对")
        self.reconcile_button.setObjectName("reconcileButton")
        self.reconcile_button.setToolTip("把所选年度的常委会工作报告、提案工作情况报告、年度工作回眸"
                                         "和上年文稿的数字逐项对照，说明每一处差异")
        self.reconcile_button.clicked.connect(self.reconcile)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.each_unit_button)
        buttons.addWidget(self.reconcile_button)
        buttons.addStretch(1)
        choose = QGroupBox("生成什么")
        left = QVBoxLayout(choose)
        left.addLayout(form)
        left.addLayout(buttons)
        left.addWidget(self.result_label)
        left.addStretch(1)

        self.figures = FiguresPanel(ctx, self._drill_down)
        self.figures.shown.connect(self._preview_shown)
        self.figures.stopped.connect(self.result_label.setText)
        self.history = HistoryPanel(ctx)
        self.fields = FieldsPanel(ctx, self.current_kind)
        self.reconciliation = ReconcilePanel(ctx)
        self.right = QTabWidget()
        self.right.addTab(self.figures, "将用到的数字")
        self.right.addTab(self.history, "生成记录")
        self.right.addTab(self.fields, "模板字段说明")
        self.right.addTab(self.reconciliation, "数字核对")
        heading = QLabel("文稿生成")
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        scroll = QScrollArea()  # a narrow window scrolls the choices instead of widening
        scroll.setWidget(choose)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(320)
        row = QHBoxLayout()
        row.addWidget(scroll, 0)  # its natural width; the figures take the rest
        row.addWidget(self.right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(row, 1)

        self.kind_box.currentIndexChanged.connect(lambda _i: self._kind_changed())
        for b in (self.by_year, self.by_range, self.by_session):
            b.toggled.connect(lambda _on: self._enable_period())
        ctx.ops.changed.connect(self._on_changes)
        self._load_choices()
        self._kind_changed()
        self.result_label.setText(
            "选好文稿种类和期间后，可以先“查看将用到的数字”（双击一行看它背后的记录），"
            "再“生成文稿”。生成的 Word 文稿旁边会同时保存一份数据底稿。")

    # ----- choices -------------------------------------------------------------------
    def _session_only(self) -> QComboBox:
        self.session_only = QComboBox()
        self.session_only.setObjectName("sessionOnly")
        return self.session_only

    def _on_changes(self, changes: Changes) -> None:
        if changes.concerns("plenary_sessions", "terms", "units", "events", "members"):
            self._load_choices()

    def _load_choices(self) -> None:
        from app.services.terms import SessionService

        year = opening_year(self.ctx.db)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(year)))
        sessions = SessionService(self.ctx.db)
        for box in (self.session_box, self.session_only):
            box.clear()
            for s in reversed(sessions.fetch(sessions.ids())):
                box.addItem(sessions.describe(s), s.id)
        self.unit_box.clear()
        self.unit_box.addItem("全会（不分机构）", None)
        for text, unit_id in self.options.units(UnitKind.OFFICE, UnitKind.RESEARCH_CENTER,
                                                 UnitKind.SPECIAL_COMMITTEE):
            self.unit_box.addItem(text, unit_id)
        self._load_events()
        self.member_box.clear()
        self.member_box.addItem("全体委员", None)
        from app.services.crud import ListQuery
        from app.services.members import MemberService

        members = MemberService(self.ctx.db)
        for m in members.fetch(members.ids(ListQuery(filters={"status": "active"}))):
            self.member_box.addItem(m.name, m.id)

    def _load_events(self) -> None:
        from app.services.crud import ListQuery
        from app.services.events import EventService
        from ui.pages.events import MEETING_FAMILIES

        events = EventService(self.ctx.db)
        ids = events.ids(ListQuery(filters={"families": list(MEETING_FAMILIES)},
                                   sort="date", descending=True, limit=300))
        self.event_box.clear()
        for e in events.fetch(ids):
            self.event_box.addItem(f"{e.start_on}　{e.title}", e.id)

    def current_kind(self) -> ReportKind:
        return KINDS[self.kind_box.currentData()]

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self.description.setText(kind.description)
        period = kind.needs == "period"
        for w in (self.period_label, *self.period_widgets):
            w.setVisible(period)
        self.session_label.setVisible(kind.needs == "session")
        self.session_only.setVisible(kind.needs == "session")
        self.event_label.setVisible(kind.needs == "event")
        self.event_box.setVisible(kind.needs == "event")
        self.unit_label.setVisible(kind.takes_scope)
        self.unit_box.setVisible(kind.takes_scope)
        self.member_label.setVisible(kind.takes_member)
        self.member_box.setVisible(kind.takes_member)
        self.list_missed.setVisible(kind.key == "member-bulletin")
        self.each_unit_button.setVisible(kind.key == "year-review")
        self.templates.reload()
        self.fields.reload()
        self._enable_period()

    def _enable_period(self) -> None:
        self.year_box.setEnabled(self.by_year.isChecked())
        self.date_from.setEnabled(self.by_range.isChecked())
        self.date_to.setEnabled(self.by_range.isChecked())
        self.session_box.setEnabled(self.by_session.isChecked())

    # ----- the request ---------------------------------------------------------------
    def period(self) -> Period | None:
        kind = self.current_kind()
        if kind.needs != "period":
            return None
        if self.by_year.isChecked():
            return Period.year(self.year_box.currentData())
        if self.by_range.isChecked():
            try:
                start = parse_date(self.date_from.text())
                end = parse_date(self.date_to.text())
            except InvalidValueError as exc:
                raise AppError(f"统计期间的日期{exc}。") from exc
            if start is None or end is None:
                raise AppError("请填写统计期间的开始日期和结束日期。")
            return Period.between(start, end)
        from app.reports.meta import since_session_period
        from app.services.terms import SessionService

        session_id = self.session_box.currentData()
        if session_id is None:
            raise AppError("还没有全体会议。请先在“系统设置”中新增全体会议。")
        return since_session_period(self.ctx.db, SessionService(self.ctx.db).get(session_id))

    def request(self, out: Path) -> ReportRequest:
        kind = self.current_kind()
        if kind.needs == "session" and self.session_only.currentData() is None:
            raise AppError("请先选择全体会议（还没有的话，先在“系统设置”中新增）。")
        if kind.needs == "event" and self.event_box.currentData() is None:
            raise AppError("请先选择会议（还没有会议记录的话，先在“会议协商”页录入）。")
        return ReportRequest(
            kind.key, out, self.period(),
            unit_id=self.unit_box.currentData() if kind.takes_scope else None,
            session_id=self.session_only.currentData() if kind.needs == "session" else None,
            member_id=self.member_box.currentData() if kind.takes_member else None,
            event_id=self.event_box.currentData() if kind.needs == "event" else None,
            template=self.templates.selected(), username=self.ctx.actor.username,
            include_below_minimum=(kind.key == "member-bulletin"
                                   and self.list_missed.isChecked()))

    # ----- actions -------------------------------------------------------------------
    def preview(self) -> None:
        """The figures the chosen template names, for the chosen period and scope, each
        with its records (a breakdown one row per category). Returns at once: they are
        computed off the GUI thread and fill the list when they arrive."""
        try:
            request = self.request(Path("x.docx"))
        except AppError as exc:
            self.ctx.dialogs.warning(FIGURES_TITLE, str(exc))
            return
        self.right.setCurrentWidget(self.figures)
        self.result_label.setText(FIGURES_BUSY)
        self.figures.compute(PreviewAsk(self.current_kind(), request,
                                        self.unit_box.currentText()))

    def _preview_shown(self, text: str) -> None:
        self.right.setCurrentWidget(self.figures)
        self.result_label.setText(text)

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if not event.spontaneous():  # another page chosen (not the window minimised)
            self.figures.cancel()
        super().hideEvent(event)

    def shut_down(self) -> None:
        """The window closes: background work stops before the database goes."""
        self.figures.shut_down()

    def _drill_down(self, value: FigureValue) -> None:
        from ui.pages.dashboard import show_figure_records

        show_figure_records(self.ctx, value, self)

    def generate(self) -> None:
        # the document engine (docxtpl, jinja2, python-docx) loads on the first draft
        from app.reports.engine import ReportCancelledError, generate

        kind = self.current_kind()
        try:
            probe = self.request(Path("x.docx"))
            period = probe.period
        except AppError as exc:
            self.ctx.dialogs.warning("生成文稿", str(exc))
            return
        name = self.draft_name(period)  # in the drafts folder last used
        out = self.ctx.dialogs.save_file("保存文稿", name, "Word 文档 (*.docx)")
        if out is None:
            return
        if out.suffix.lower() != ".docx":
            out = out.with_suffix(".docx")
        request = self.request(out)

        def work(progress: Any, should_cancel: Any) -> Any:
            return generate(self.ctx.db, request, progress=progress, should_cancel=should_cancel,
                            actor=self.ctx.actor)

        try:
            result = run_with_progress(self, f"正在生成{kind.name}", work)
        except ReportCancelledError:
            self.result_label.setText("已取消，没有写入任何文件。")
            return
        except AppError as exc:
            self.ctx.dialogs.warning("生成文稿", str(exc))
            return
        gaps = (f"其中有 {result.placeholders} 处【待补充】需要填写叙述。"
                if result.placeholders else "")
        evidence = f"数据底稿：{result.evidence.name}。" if result.evidence else ""
        self.result_label.setText(
            f"已生成：{result.path}\n用到 {result.figures} 项数字，{evidence}{gaps}")
        self.history.reload()
        if self.ctx.dialogs.confirm("文稿已生成",
                                    f"已生成“{result.title}”。\n{gaps}\n现在打开吗？"):
            self.ctx.dialogs.open_path(result.path)


    def draft_name(self, period: Period | None) -> str:
        """What the draft is, whom it is about and when: "2025年张三履职档案.docx"."""
        kind = self.current_kind()
        whom = when = ""
        if kind.takes_member:
            whom = (self.member_box.currentText() if self.member_box.currentData() is not None
                    else "全体委员")
        elif kind.takes_scope and self.unit_box.currentData() is not None:
            whom = self.unit_box.currentText()
        if kind.needs == "session":
            when = self.session_only.currentText()
        elif kind.needs == "event" and self.event_box.currentData() is not None:
            when, _, whom = self.event_box.currentText().partition("\u3000")
        return default_out_name(kind, period, dt.date.today(), whom=whom, when=when)

    def generate_each_unit(self) -> None:
        """年度工作回眸 for every unit into one folder (all drafts or none)."""
        from app.reports.each_unit import generate_each_unit
        from app.reports.engine import ReportCancelledError

        try:
            request = self.request(Path("x.docx"))
        except AppError as exc:
            self.ctx.dialogs.warning("按单位生成", str(exc))
            return
        folder = self.ctx.dialogs.choose_folder("选择保存各单位文稿的文件夹", "drafts")
        if folder is None:
            return

        def work(progress: Any, should_cancel: Any) -> Any:
            return generate_each_unit(self.ctx.db, request, folder, progress=progress,
                                      should_cancel=should_cancel, actor=self.ctx.actor)

        try:
            drafts = run_with_progress(self, "正在按单位生成年度工作回眸", work)
        except ReportCancelledError:
            self.result_label.setText("已取消，没有写入任何文件。")
            return
        except AppError as exc:
            self.ctx.dialogs.warning("按单位生成", str(exc))
            return
        names = "、".join(d.unit for d in drafts)
        self.result_label.setText(f"已为{len(drafts)}个单位各生成一份文稿（{names}），"
                                  f"保存在：{folder}")
        self.history.reload()
        if self.ctx.dialogs.confirm("文稿已生成",
                                    f"已生成{len(drafts)}份文稿。\n现在打开文件夹吗？"):
            self.ctx.dialogs.open_path(folder)
    def reconcile(self) -> None:
        """数字核对 for the chosen year (a calendar year: the drafts compared are annual)."""
        from app.reports.engine import ReportCancelledError

        if not self.by_year.isChecked() or self.year_box.currentData() is None:
            self.ctx.dialogs.warning("数字核对", "数字核对按自然年度进行，请在“统计期间”中选“年度”"
                                              "并选好年份。")
            return
        year = int(self.year_box.currentData())

        def work(progress: Any, should_cancel: Any) -> Any:
            return reconcile(self.ctx.db, year, progress, should_cancel)

        try:
            result = run_with_progress(self, f"正在核对{year}年的数字", work)
        except ReportCancelledError:
            self.result_label.setText("已取消数字核对。")
            return
        except AppError as exc:
            self.ctx.dialogs.warning("数字核对", str(exc))
            return
        self.reconciliation.show_result(result)
        self.right.setCurrentWidget(self.reconciliation)
        self.result_label.setText(next(iter(summary(result))))
