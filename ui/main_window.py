"""The main window: navigation list, pages, status bar; layout persists between runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app import APP_NAME, __version__
from app.domain.enums import UserRole
from app.services.context import Actor, Changes
from ui.dialogs import Dialogs
from ui.framework.collector import install_collector
from ui.framework.history import LinkHistory
from ui.framework.screen_fit import (
    available_area,
    fit_to_screen,
    fit_when_shown,
    fitted_size,
)
from ui.settings import Settings

if TYPE_CHECKING:  # the window's frame shows before SQLAlchemy is imported (ui.app.run_gui)
    from app.db.engine import Database
    from app.services.accounts import AccountService
    from ui.framework.context import PageContext
    from ui.operations import Operations
    from ui.search_popup import SearchPopup

#: the status bar of the window's frame, while the database opens and the clerk signs in
OPENING = "正在打开数据库……"


@dataclass(frozen=True)
class PageEntry:
    key: str
    title: str
    factory: Callable[[PageContext], QWidget]
    admin_only: bool = False  # listed only for administrators (操作日志)


class LazyPage:
    """A page class named by module and class, imported on the first visit: the window shows
    without loading every page (and what they import: Excel, documents, charts) first."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def __call__(self, ctx: PageContext) -> QWidget:
        page_class = getattr(import_module(self.module), self.name)
        return page_class(ctx)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"LazyPage({self.module}.{self.name})"


def page_entries(role: UserRole | None = UserRole.ADMIN) -> list[PageEntry]:
    """The pages in navigation order (DESIGN §5) that ``role`` may open (None: the pages
    every clerk may open, which the window's frame lists before anyone has signed in)."""

    def lazy(module: str, name: str) -> LazyPage:
        return LazyPage(f"ui.pages.{module}", name)

    entries = [
        PageEntry("dashboard", "首页", lazy("dashboard", "DashboardPage")),
        PageEntry("members", "委员", lazy("members", "MembersPage")),
        PageEntry("organization", "组织机构", lazy("organization", "OrganizationPage")),
        PageEntry("meetings", "会议协商", lazy("events", "MeetingsPage")),
        PageEntry("activities", "履职活动", lazy("events", "ActivitiesPage")),
        PageEntry("proposals", "提案", lazy("proposals", "ProposalsPage")),
        PageEntry("opinions", "社情民意", lazy("opinions", "OpinionsPage")),
        PageEntry("scoring", "履职考核", lazy("scoring", "ScoringPage")),
        PageEntry("honors", "表彰", lazy("honors", "HonorsPage")),
        PageEntry("platforms", "协商议事", lazy("platforms", "ConsultationPlatformsPage")),
        PageEntry("publicity", "宣传文史", lazy("publicity", "PublicityPage")),
        PageEntry("reports", "文稿生成", lazy("reports", "ReportsPage")),
        PageEntry("system", "系统设置", lazy("system", "SystemPage")),
        PageEntry("audit", "操作日志", lazy("audit_log", "AuditLogPage"), admin_only=True),
    ]
    return [e for e in entries if role == UserRole.ADMIN or not e.admin_only]


class MainWindow(QMainWindow):
    """The main window. Built in two steps: the frame (title, navigation, status bar saying
    the database is opening) needs neither the database nor SQLAlchemy, so the program shows
    it at once; ``attach`` then gives it the opened database and the signed-in clerk. Given
    ``db`` and ``actor``, the constructor does both."""

    db: Database
    ops: Operations
    ctx: PageContext

    def __init__(self, db: Database | None = None, actor: Actor | None = None,
                 settings: Settings | None = None, dialogs: Dialogs | None = None, *,
                 defer_first_page: bool = False) -> None:
        """``defer_first_page``: the last page is selected but built by ``open_first_page``
        (the program calls it once the window has painted: the window shows at once, the
        首页 fills in afterwards)."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.settings = settings or Settings()
        self.dialogs = dialogs or Dialogs(self)
        self.dialogs.parent = self  # the start's questions and sign-in come on top of it
        self.entries = page_entries(None)  # every clerk's pages; 操作日志 joins on ``attach``
        self.pages: dict[str, QWidget] = {}
        self.is_attached = False

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(112)
        self.nav.setStyleSheet("QListWidget { font-size: 15px; } "
                               "QListWidget::item { padding: 8px 10px; }")
        self.stack = QStackedWidget()
        self._add_entries(self.entries)
        self.nav.setEnabled(False)  # until signed in
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.location_label = QLabel()
        self.user_label = QLabel()
        self.counts_label = QLabel()
        for label in (self.location_label, self.counts_label, self.user_label):
            self.statusBar().addPermanentWidget(label)
        self.statusBar().showMessage(OPENING)
        from ui.help import install_help_menu

        install_help_menu(self)  # 帮助: F1 使用说明, Ctrl+K 全局搜索 (once attached), 关于
        fit_when_shown(self)  # dialogs fit where ``Dialogs`` shows them
        install_collector()  # cycles freed on the GUI thread only (see collector.py)
        # 1280×760 where it fits; on a 1366×768 laptop less, so the status bar stays visible
        self.resize(fitted_size(QSize(1280, 760), available_area(self)))
        geometry = self.settings.geometry("main")
        if geometry is not None:
            self.restoreGeometry(geometry)  # a window saved on a bigger screen is shrunk:
            fit_to_screen(self)
        if db is not None and actor is not None:
            self.attach(db, actor, defer_first_page=defer_first_page)

    def _add_entries(self, entries: list[PageEntry]) -> None:
        for entry in entries:  # (no ``Qt`` in the frame: see ui.help.install_help_key)
            self.nav.addItem(QListWidgetItem(entry.title))
            self.stack.addWidget(QWidget())  # placeholders; pages are built on first visit

    def attach(self, db: Database, actor: Actor, *, defer_first_page: bool = False) -> None:
        """The opened database and the signed-in clerk: the pages, the status bar's texts,
        the idle lock, global search; the last page visited is selected (built at once, or
        by ``open_first_page`` with ``defer_first_page``)."""
        from app.services.start_reads import idle_lock_minutes
        from ui.framework.context import PageContext
        from ui.login import IdleLock
        from ui.operations import Operations

        entries = page_entries(actor.role)
        listed = [e.key for e in self.entries]
        if self.is_attached or [e.key for e in entries[:len(listed)]] != listed:
            raise RuntimeError("attach: once, with the frame's pages first")
        self.db = db
        self.ops = Operations(db, actor, self.dialogs)
        self.ctx = PageContext(db, self.ops, self.dialogs, self.settings, self.navigate)
        self._add_entries(entries[len(listed):])  # the admin-only pages come last
        self.entries = entries
        self.nav.currentRowChanged.connect(self._show_row)
        self.statusBar().clearMessage()
        self.location_label.setText(f"数据库：{db.display_location()}")
        self.user_label.setText(f"当前用户：{actor.display_name or actor.username}")
        self.ops.changed.connect(self._on_changes)
        if not defer_first_page:  # else with the first page: counting every table takes a
            self.update_counts()  # moment on a large database, the window shows before it
        minutes = idle_lock_minutes(db)  # (Core: the accounts service loads when needed)
        self.idle_lock = IdleLock(self, lambda: self.accounts, self.dialogs, actor,
                                  self.accounts.policy().idle_lock_minutes if minutes is None
                                  else minutes)
        self.history = LinkHistory(self)
        from ui.help import install_help_key
        from ui.search_popup import install_global_search

        install_help_key(self)
        install_global_search(self)
        self.is_attached = True
        self.nav.setEnabled(True)
        first = min(self.settings.last_page(), len(self.entries) - 1)
        if defer_first_page:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(first)
            self.nav.blockSignals(False)
            self.stack.setCurrentIndex(first)  # its placeholder until open_first_page
        else:
            self.nav.setCurrentRow(first)

    def open_first_page(self) -> None:
        """Build the selected page if it is still a placeholder, and count the records for
        the status bar (see ``defer_first_page``)."""
        if not self.counts_label.text():
            self.update_counts()
        row = self.nav.currentRow()
        if row >= 0 and self.entries[row].key not in self.pages:
            self._show_row(row)

    # ----- pages ---------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        if key not in self.pages:
            row = next(i for i, e in enumerate(self.entries) if e.key == key)
            page = self.entries[row].factory(self.ctx)
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[key] = page
        return self.pages[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(self.entries[row].key)
        self.stack.setCurrentWidget(page)
        self.settings.set_last_page(row)

    def show_page(self, key: str) -> QWidget:
        row = next(i for i, e in enumerate(self.entries) if e.key == key)
        self.nav.setCurrentRow(row)
        return self.page(key)

    def navigate(self, key: str, **what: Any) -> None:
        """Go to a page and, if given ``id=N``, select that record there."""
        if key == "events" and "id" in what:
            from ui.pages.events import events_page_key

            key = events_page_key(self.db, what["id"])
        if key not in {e.key for e in self.entries}:
            return
        before = self.history.here()
        page = self.show_page(key)
        record_id = what.get("id")
        if record_id is not None and hasattr(page, "reveal"):
            page.reveal(record_id)
        if "tab" in what and hasattr(page, "show_tab"):
            page.show_tab(what["tab"])
        self.history.jumped(before)  # Alt+← comes back here

    @property
    def search_popup(self) -> SearchPopup:
        """The Ctrl+K popup (帮助 → 全局搜索 too), built on first use; none before ``attach``."""
        key = getattr(self, "search_key", None)
        if key is None:
            raise AttributeError("search_popup: the database is not open yet")
        return key.popup()  # type: ignore[no-any-return]

    @cached_property
    def accounts(self) -> AccountService:
        """The accounts service (the unlock dialog, the policy's changes), made on first use:
        it imports the models, which the signed-in window does not need yet (issue 15)."""
        from app.services.accounts import AccountService

        return AccountService(self.db)

    # ----- status --------------------------------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        self.update_counts()
        if changes.concerns("users"):  # the idle-lock minutes may have changed
            self.idle_lock.set_minutes(self.accounts.policy().idle_lock_minutes)

    def update_counts(self) -> None:
        from app.services.status import record_counts

        counts = record_counts(self.db)
        # labelled: these count every record in the database, not a page's list or term
        self.counts_label.setText("数据库中全部：" + "　".join(f"{label} {n}"
                                                        for label, n in counts))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.is_attached:  # the frame, closed before anyone signed in: nothing kept
            super().closeEvent(event)
            return
        self.settings.set_geometry("main", self.saveGeometry())
        for page in self.pages.values():
            if hasattr(page, "shut_down"):  # background work (首页) ends before the database
                page.shut_down()
            for sub in [page, *getattr(page, "record_pages", list)()]:
                if hasattr(sub, "save_layout"):
                    sub.save_layout()
        self.settings.sync()
        self.ops.close()
        super().closeEvent(event)
