"""首次使用向导: shown at start-up while the database has no current term (issue #11).

Three pages — 政协基本信息, 当前届次和全体会议, 界别 — then 完成 saves everything through
:class:`app.services.setup.SetupService` in one transaction, the same service as
``python main.py setup``. A refused value is shown on the last page and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.db.engine import Database
from app.domain.enums import CommitteeLevel
from app.errors import AppError
from app.services.context import Actor
from app.services.setup import (
    SECTOR_CHOICES,
    PlenaryPlan,
    SetupPlan,
    SetupResult,
    SetupService,
    region_of_name,
)
from app.text.numerals import cn_date, cn_number
from ui.dialogs import Dialogs
from ui.theme import text_style


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _day(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


class CommitteePage(QWizardPage):
    def __init__(self, state: Any) -> None:
        super().__init__()
        self.setTitle("政协基本信息")
        self.setSubTitle("这些信息用于文稿标题、统计表表头和导入时的核对，以后可在“系统设置”中修改。")
        self.name_edit = QLineEdit(f"政协{state.region}委员会" if state.filled_in else "")
        self.name_edit.setObjectName("committeeName")
        self.name_edit.setPlaceholderText("如 政协长子县委员会")
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("committeeLevel")
        for level in CommitteeLevel:
            self.level_combo.addItem(level.label, level)
        if state.level is not None:
            self.level_combo.setCurrentIndex(list(CommitteeLevel).index(state.level))
        self.parent_edit = QLineEdit(state.parent_region)
        self.parent_edit.setObjectName("parentRegion")
        self.parent_edit.setPlaceholderText("如 长治市（可不填）")
        self.problem = QLabel()
        self.problem.setStyleSheet(text_style("error"))
        form = QFormLayout(self)
        form.addRow("政协名称：", self.name_edit)
        form.addRow("政协层级：", self.level_combo)
        form.addRow("上级行政区划：", self.parent_edit)
        form.addRow(self.problem)
        self.name_edit.textChanged.connect(lambda _t: self.completeChanged.emit())

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.name_edit.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        try:
            region_of_name(self.name_edit.text())
        except AppError as exc:
            self.problem.setText(str(exc))
            return False
        self.problem.clear()
        return True


class TermPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("当前届次和全体会议")
        self.setSubTitle("填写本届的起止日期和本届已召开的全体会议（每年一次），"
                         "导入委员和提案时按这些届次、会议核对。")
        today = dt.date.today()
        self.term_spin = QSpinBox()
        self.term_spin.setObjectName("termNumber")
        self.term_spin.setRange(1, 30)
        self.term_spin.setValue(10)
        self.term_label = QLabel()
        self.start_edit = _date_edit(dt.date(today.year, 1, 1))
        self.start_edit.setObjectName("termStart")
        self.end_check = QCheckBox("填写结束日期")
        self.end_check.setObjectName("termEndGiven")
        self.end_edit = _date_edit(dt.date(today.year + 5, 1, 1))
        self.end_edit.setObjectName("termEnd")
        self.end_edit.setEnabled(False)
        self.end_check.toggled.connect(self.end_edit.setEnabled)
        self.sessions = QTableWidget(0, 1)
        self.sessions.setObjectName("plenarySessions")
        self.sessions.setHorizontalHeaderLabels(["开幕日期"])
        self.sessions.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton("添加一次会议")
        self.add_button.setObjectName("addSession")
        self.add_button.clicked.connect(lambda _c=False: self.add_session())
        self.remove_button = QPushButton("删除最后一次")
        self.remove_button.clicked.connect(lambda _c=False: self.remove_session())
        term_row = QHBoxLayout()
        term_row.addWidget(QLabel("第"))
        term_row.addWidget(self.term_spin)
        term_row.addWidget(QLabel("届"))
        term_row.addWidget(self.term_label)
        term_row.addStretch(1)
        end_row = QHBoxLayout()
        end_row.addWidget(self.end_check)
        end_row.addWidget(self.end_edit)
        end_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        form = QFormLayout()
        form.addRow("届次：", term_row)
        form.addRow("本届开始日期：", self.start_edit)
        form.addRow("本届结束日期：", end_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("本届已召开的全体会议（第1行为一次会议，依此类推）："))
        layout.addWidget(self.sessions, 1)
        layout.addLayout(buttons)
        self.term_spin.valueChanged.connect(self._relabel)
        self._relabel()

    def _relabel(self) -> None:
        number = self.term_spin.value()
        self.term_label.setText(f"（第{cn_number(number)}届）")
        self.sessions.setVerticalHeaderLabels(
            [f"{cn_number(number)}届{cn_number(r + 1)}次" for r in range(self.sessions.rowCount())])

    def add_session(self, day: dt.date | None = None) -> QDateEdit:
        row = self.sessions.rowCount()
        if day is None:
            previous = self.session_days()
            day = (dt.date(previous[-1].year + 1, 1, 1) if previous else _day(self.start_edit))
        self.sessions.insertRow(row)
        edit = _date_edit(day)
        self.sessions.setCellWidget(row, 0, edit)
        self._relabel()
        return edit

    def remove_session(self) -> None:
        if self.sessions.rowCount():
            self.sessions.removeRow(self.sessions.rowCount() - 1)
            self._relabel()

    def session_days(self) -> list[dt.date]:
        days = []
        for row in range(self.sessions.rowCount()):
            edit = self.sessions.cellWidget(row, 0)
            assert isinstance(edit, QDateEdit)
            days.append(_day(edit))
        return days


class SectorPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("界别")
        self.setSubTitle("先预置常用的界别和界别组，以后可在“组织机构”中增删、改名、调整顺序。"
                         "点“完成”后一次保存全部设置。")
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        self.buttons: dict[str, QRadioButton] = {}
        for key, label in SECTOR_CHOICES.items():
            button = QRadioButton(label)
            button.setObjectName(f"sectors_{key}")
            self.group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
        self.buttons["county"].setChecked(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("setupProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(text_style("error"))
        layout.addSpacing(12)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def choice(self) -> str:
        return next(k for k, b in self.buttons.items() if b.isChecked())


class SetupWizard(QWizard):
    """The first-run wizard; ``result_value`` holds what was saved once it is accepted."""

    def __init__(self, db: Database, actor: Actor, dialogs: Dialogs,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = SetupService(db)
        self.actor = actor
        self.dialogs = dialogs
        self.state = self.service.state()
        self.result_value: SetupResult | None = None
        self.setObjectName("setupWizard")
        self.setWindowTitle("首次使用设置")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步")
        self.setButtonText(QWizard.WizardButton.BackButton, "上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CancelButton, "以后再说")
        self.committee = CommitteePage(self.state)
        self.term = TermPage()
        self.sectors = SectorPage()
        for page in (self.committee, self.term, self.sectors):
            self.addPage(page)
        self.currentIdChanged.connect(self._page_shown)
        self.resize(640, 520)

    def _page_shown(self, _page_id: int) -> None:
        if self.currentPage() is self.sectors:
            try:
                self.sectors.summary.setText(self._describe(self.plan()))
            except AppError as exc:
                self.sectors.summary.setText(str(exc))

    def plan(self) -> SetupPlan:
        level = CommitteeLevel(self.committee.level_combo.currentData())
        end = _day(self.term.end_edit) if self.term.end_check.isChecked() else None
        return SetupPlan(
            region=region_of_name(self.committee.name_edit.text()), level=level,
            parent_region=self.committee.parent_edit.text().strip(),
            term_number=self.term.term_spin.value(), term_start=_day(self.term.start_edit),
            term_end=end, sectors=self.sectors.choice(),
            sessions=tuple(PlenaryPlan(i, day)
                           for i, day in enumerate(self.term.session_days(), start=1)))

    @staticmethod
    def _describe(plan: SetupPlan) -> str:
        end = f"至{cn_date(plan.term_end)}" if plan.term_end else ""
        return (f"将保存：{plan.committee_name}（{plan.level.label}）；"
                f"第{cn_number(plan.term_number)}届，{cn_date(plan.term_start)}起{end}；"
                + (f"全体会议{len(plan.sessions)}次。" if plan.sessions else "尚无全体会议。"))

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt override
        if self.currentPage() is not self.sectors:
            return super().validateCurrentPage()
        force = False
        if self.state.filled_in:
            question = f"本数据库已有设置：{self.state.describe()}。要按向导中填写的内容修改吗？"
            if not self.dialogs.confirm("首次使用设置", question):
                return False
            force = True
        try:
            self.result_value = self.service.apply(self.actor, self.plan(), force=force)
        except AppError as exc:
            self.sectors.problem.setText(f"没有保存：{exc}")
            return False
        self.sectors.problem.clear()
        return True


def offer_setup(db: Database, actor: Actor, dialogs: Dialogs,
                parent: QWidget | None = None) -> SetupResult | None:
    """Run the wizard when the database has no current term; what was saved, or None."""
    if not SetupService(db).needs_setup():
        return None
    wizard = SetupWizard(db, actor, dialogs, parent)
    if dialogs.exec(wizard) and wizard.result_value is not None:
        dialogs.info("首次使用设置", wizard.result_value.describe())
        return wizard.result_value
    return None
