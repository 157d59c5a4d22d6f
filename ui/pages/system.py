"""系统设置 page: committee details, terms and plenary sessions, event kinds, reference lists,
backups, the data folder."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import EventFamily, RefList, UserRole
from app.domain.schema import COMMITTEE
from app.errors import ValidationError
from app.models import EventKind, PlenarySession, Term
from app.services.context import Changes
from app.services.refdata import EventKindService, RefValueService
from app.services.terms import CommitteeService, SessionService, TermService, term_name
from ui.framework.columns import Column
from ui.framework.context import PageContext
from ui.framework.editor import Section
from ui.framework.options import Options
from ui.framework.record_editing import run_versioned_editor
from ui.framework.record_page import ExportChoice, ExtraButton, FilterSpec, RecordPage
from ui.pages.backup_panel import BackupPanel
from ui.pages.data_folder_panel import DataFolderPanel
from ui.pages.exchange_actions import exchange_buttons, records_export
from ui.theme import text_style


class TermsPage(RecordPage[Term]):
    title = "届次"
    entities = ("terms",)
    empty_hint = "还没有届次。请先新增本届（如第十届），委员的任职和提案编号都按届次管理。"

    service_type = TermService

    def data_buttons(self) -> list[ExtraButton]:
        return exchange_buttons(self, "terms")

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "terms")]

    def columns(self) -> list[Column]:
        return [Column("name", "届次", lambda t: term_name(t), "number", 80),
                Column("start", "开始日期", lambda t: f"{t.start_on}", None, 100),
                Column("end", "结束日期", lambda t: f"{t.end_on or ''}", None, 100),
                Column("sessions", "全体会议", lambda t: f"{len(t.sessions)}次", None, 80)]

    def detail_html(self, record: Term) -> str:
        return f"<h2>{term_name(record)}</h2><p>{escape(record.notes)}</p>"

    def open_editor(self, record_id: int | None) -> bool:
        term = self.service.get(record_id) if record_id is not None else None
        return self.run_editor(term, "编辑届次" if term else "新增届次",
                               [Section("届次", ["number", "start_on", "end_on", "notes"])])


class SessionsPage(RecordPage[PlenarySession]):
    title = "全体会议"
    entities = ("plenary_sessions", "terms")
    empty_hint = "还没有全体会议。新增后，大会期间的提案按“X届X次会议”编号。"

    service_type = SessionService

    def prepare(self) -> None:
        self.options = Options(self.ctx.db)

    def data_buttons(self) -> list[ExtraButton]:
        return exchange_buttons(self, "plenary_sessions")

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "plenary_sessions")]

    def columns(self) -> list[Column]:
        return [Column("name", "会议", lambda s: self.service.describe(s), "number", 140),
                Column("start", "开幕日期", lambda s: f"{s.start_on}", None, 100),
                Column("end", "闭幕日期", lambda s: f"{s.end_on or ''}", None, 100),
                Column("place", "地点", lambda s: s.place, None, 160)]

    def filter_specs(self) -> list[FilterSpec]:
        return [FilterSpec("term_id", "届次", self.options.terms)]

    def detail_html(self, record: PlenarySession) -> str:
        return f"<h2>{escape(self.service.describe(record))}</h2><p>{escape(record.place)}</p>"

    def open_editor(self, record_id: int | None) -> bool:
        session = self.service.get(record_id) if record_id is not None else None
        return self.run_editor(session, "编辑全体会议" if session else "新增全体会议",
                               [Section("会议", ["term_id", "number", "start_on", "end_on",
                                                "place"])],
                               options={"term_id": self.options.terms})


class EventKindsPage(RecordPage[EventKind]):
    title = "会议活动类型"
    entities = ("event_kinds",)

    service_type = EventKindService

    def columns(self) -> list[Column]:
        return [Column("family", "类别", lambda k: k.family.label, "order", 90),
                Column("name", "类型名称", lambda k: k.name, None, 160),
                Column("word", "量词", lambda k: k.measure_word, None, 50),
                Column("score", "默认积分", lambda k: f"{k.default_score}", None, 70),
                Column("retired", "状态", lambda k: "已停用" if k.retired else "", None, 60)]

    def filter_specs(self) -> list[FilterSpec]:
        return [FilterSpec("family", "类别", lambda: [(f.label, f) for f in EventFamily])]

    def detail_html(self, record: EventKind) -> str:
        return (f"<h2>{escape(record.name)}</h2><p>属于“{record.family.label}”类。"
                "已被使用的类型不能删除，只能停用。</p>")

    def open_editor(self, record_id: int | None) -> bool:
        kind = self.service.get(record_id) if record_id is not None else None
        return self.run_editor(kind, "编辑类型" if kind else "新增类型",
                               [Section("类型", ["name", "family", "measure_word",
                                                "default_score", "sort_order", "retired"])])


class RefListsPanel(QWidget):
    """Reference lists: add a value, retire or re-enable one, delete one that is unused."""

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.service = RefValueService(ctx.db)
        self.lists = QListWidget()
        self.lists.setObjectName("refLists")
        self.lists.setFixedWidth(140)
        for ref in RefList:
            item = QListWidgetItem(ref.label)
            item.setData(256, ref)
            self.lists.addItem(item)
        self.values = QListWidget()
        self.values.setObjectName("refValues")
        add = QPushButton("新增")
        retire = QPushButton("停用/启用")
        delete = QPushButton("删除")
        add.clicked.connect(self.add)
        retire.clicked.connect(self.toggle)
        delete.clicked.connect(self.delete)
        buttons = QVBoxLayout()
        for b in (add, retire, delete):
            buttons.addWidget(b)
        buttons.addStretch(1)
        note = QLabel("已被记录使用的值不能删除，只能停用；停用后不再出现在选择列表中，"
                      "但已有记录保留原值。")
        note.setWordWrap(True)
        note.setStyleSheet(text_style("hint"))
        row = QHBoxLayout()
        row.addWidget(self.lists)
        row.addWidget(self.values, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(note)
        self.lists.currentRowChanged.connect(lambda _r: self.reload())
        ctx.ops.changed.connect(self._on_changes)
        self.lists.setCurrentRow(0)

    def _on_changes(self, changes: Changes) -> None:
        if changes.concerns("ref_values"):
            self.reload()

    def current_list(self) -> RefList:
        return self.lists.currentItem().data(256)

    def reload(self) -> None:
        self.values.clear()
        for value in self.service.values(self.current_list(), include_retired=True):
            item = QListWidgetItem(value.label + ("（已停用）" if value.retired else ""))
            item.setData(256, value)
            self.values.addItem(item)

    def add(self) -> None:
        text = self.ctx.dialogs.ask_text("新增", f"在“{self.current_list().label}”中新增：")
        if text and text.strip():
            try:
                self.service.add(self.ctx.actor, self.current_list(), text)
            except ValidationError as exc:
                self.ctx.dialogs.warning("新增", str(exc))

    def toggle(self) -> None:
        item = self.values.currentItem()
        if item is not None:
            value = item.data(256)
            self.ctx.ops.call("停用/启用", self.service.set_retired, self.ctx.actor, value.id,
                              not value.retired, version=value.version)

    def delete(self) -> None:
        item = self.values.currentItem()
        if item is None:
            return
        value = item.data(256)
        try:
            self.ctx.ops.call("删除", self.service.delete, self.ctx.actor, value.id,
                              version=value.version)
        except ValidationError as exc:
            self.ctx.dialogs.warning("删除", str(exc))


class CommitteePanel(QWidget):
    """The committee's name, level, founding year and current term."""

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.service = CommitteeService(ctx.db)
        self.summary = QLabel()
        self.summary.setObjectName("committeeSummary")
        self.summary.setWordWrap(True)
        edit = QPushButton("修改基本信息")
        edit.setObjectName("button_修改基本信息")
        edit.clicked.connect(self.edit)
        buttons = QHBoxLayout()
        buttons.addWidget(edit)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addStretch(1)
        ctx.ops.changed.connect(lambda c: self.reload() if c.concerns(
            "committee_settings", "terms") else None)
        self.reload()

    def reload(self) -> None:
        s = self.service.get()
        term = TermService(self.ctx.db).get(s.current_term_id) if s.current_term_id else None
        self.summary.setText(
            f"<h3>{escape(self.service.committee_name(term))}</h3>"
            f"<p>行政区划：{escape(s.region)}（{escape(s.level.label)}），上级："
            f"{escape(s.parent_region or '未填')}；政协成立于{s.founded_year or '（未填）'}年。</p>"
            "<p>这些信息用于文稿标题、委员会名称和周年数字。</p>")

    def edit(self) -> None:
        """Edit the settings with the version read now; another administrator's save
        in between opens the conflict dialog."""
        run_versioned_editor(
            self.ctx, "政协基本信息", COMMITTEE, [Section("基本信息", list(COMMITTEE.fields))],
            self.service.get(), reload=self.service.get,
            update=lambda data, version: self.service.update(self.ctx.actor, data,
                                                             version=version),
            values_of=lambda settings: {n: getattr(settings, n) for n in COMMITTEE.fields},
            options={"current_term_id": Options(self.ctx.db).terms}, parent=self)


class SystemPage(QWidget):
    title = "系统设置"

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.setObjectName("page_SystemPage")
        self.tabs = QTabWidget()
        self.committee = CommitteePanel(ctx)
        self.terms = TermsPage(ctx)
        self.sessions = SessionsPage(ctx)
        self.kinds = EventKindsPage(ctx)
        self.refs = RefListsPanel(ctx)
        self.backups = BackupPanel(ctx)
        self.data_folder = DataFolderPanel(ctx)
        from ui.pages.scoring_rules import ScoringRulesPanel

        self.scoring = ScoringRulesPanel(ctx)
        self.users: RecordPage | None = None
        tabs: list[tuple[QWidget, str]] = [
            (self.committee, "政协基本信息"), (self.terms, "届次"), (self.sessions, "全体会议"),
            (self.kinds, "会议活动类型"), (self.refs, "参考列表"),
            (self.scoring, "履职考核规则"), (self.backups, "备份与恢复"),
            (self.data_folder, "数据文件夹")]
        if ctx.actor.role == UserRole.ADMIN:
            from ui.pages.accounts import UsersPage

            self.users = UsersPage(ctx)
            tabs.append((self.users, "用户与登录"))
        for widget, title in tabs:
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def show_tab(self, key: str) -> None:
        """Open a tab by key (``navigate("system", tab="scoring")``)."""
        if key == "scoring":
            self.tabs.setCurrentWidget(self.scoring)

    def record_pages(self) -> list[RecordPage]:
        pages: list[RecordPage] = [self.terms, self.sessions, self.kinds]
        return [*pages, self.users] if self.users is not None else pages
