"""系统设置 → 履职考核规则: one year's rules (points, caps, whether used), its base score,
grading and minimum duties, and copying last year's set. Edits apply to that year only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import GradeMode
from app.domain.schema import SCORING_RULE, SCORING_RULE_SET
from app.domain.scoring import CATEGORIES, CATEGORY_LABELS, RULES_BY_CODE, fmt_points
from app.errors import AppError, ValidationError
from app.scoring.records import data_years
from app.scoring.rules import Rule, RuleSet, RuleSetService
from ui.framework.context import PageContext
from ui.theme import text_style

Index = QModelIndex | QPersistentModelIndex
NUMBER_FIELDS = ("base_score", "excellent_min", "good_min", "pass_min", "excellent_share",
                 "good_share", "min_proposals", "min_opinions", "min_activities")


class RulesModel(QAbstractTableModel):
    """The year's rules; 分值 and 年度上限 are edited in place, 启用 is a check box."""

    HEADERS = ("类别", SCORING_RULE.label_of("label"), SCORING_RULE.label_of("points"),
               SCORING_RULE.label_of("yearly_cap"), SCORING_RULE.label_of("active"), "计分依据")
    POINTS, CAP, ACTIVE = 2, 3, 4

    def __init__(self, save: Callable[[str, dict[str, Any]], bool]) -> None:
        super().__init__()
        self.rules: list[Rule] = []
        self.save = save

    def set_rules(self, rules: tuple[Rule, ...]) -> None:
        self.beginResetModel()
        self.rules = list(rules)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rules)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rules):
            return None
        rule, column = self.rules[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == self.ACTIVE:
            return Qt.CheckState.Checked if rule.active else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            rdef = RULES_BY_CODE.get(rule.code)
            values = (CATEGORY_LABELS.get(rule.category, ""), rule.label,
                      fmt_points(rule.points),
                      "" if rule.cap is None else fmt_points(rule.cap),
                      "启用" if rule.active else "不用", rdef.note if rdef else "")
            return values[column]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() in (self.POINTS, self.CAP):
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.ACTIVE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any,  # noqa: N802 - Qt override
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self.rules):
            return False
        rule, column = self.rules[index.row()], index.column()
        if column == self.ACTIVE and role == Qt.ItemDataRole.CheckStateRole:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
            return self.save(rule.code, {"active": checked})
        if role == Qt.ItemDataRole.EditRole and column == self.POINTS:
            return self.save(rule.code, {"points": str(value)})
        if role == Qt.ItemDataRole.EditRole and column == self.CAP:
            return self.save(rule.code, {"yearly_cap": str(value).strip() or None})
        return False

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return str(section + 1) if orientation == Qt.Orientation.Vertical else None


class ScoringRulesPanel(QWidget):
    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.setObjectName("scoringRulesPanel")
        self.ctx = ctx
        self.service = RuleSetService(ctx.db)
        self.rule_set: RuleSet | None = None
        self.year = QComboBox()
        self.year.setObjectName("rulesYear")
        years, default = data_years(ctx.db)
        for y in sorted({*years, *self.service.years(), default + 1}, reverse=True):
            self.year.addItem(f"{y}年度", y)
        self.year.setCurrentIndex(max(0, self.year.findData(default)))
        self.copy_button = QPushButton("复制上一年度规则")
        self.save_button = QPushButton("保存设置")
        top = QHBoxLayout()
        top.addWidget(QLabel("考核年度"))
        top.addWidget(self.year)
        top.addWidget(self.copy_button)
        top.addStretch(1)
        top.addWidget(QLabel("每一年度使用自己的规则；修改只影响所选年度。"))

        label = SCORING_RULE_SET.label_of
        self.inputs: dict[str, QLineEdit] = {name: QLineEdit() for name in NUMBER_FIELDS}
        self.grade_mode = QComboBox()
        for mode in GradeMode:
            self.grade_mode.addItem(mode.label, mode.value)
        self.require_plenary = QCheckBox(label("require_plenary"))
        self.caps: dict[str, QLineEdit] = {code: QLineEdit() for code, _ in CATEGORIES}
        grading = QFormLayout()
        grading.addRow(label("base_score"), self.inputs["base_score"])
        grading.addRow(label("grade_mode"), self.grade_mode)
        for name in ("excellent_min", "good_min", "pass_min", "excellent_share", "good_share"):
            grading.addRow(label(name), self.inputs[name])
        minimum = QFormLayout()
        minimum.addRow(self.require_plenary)
        for name in ("min_proposals", "min_opinions", "min_activities"):
            minimum.addRow(label(name), self.inputs[name])
        caps = QFormLayout()
        for code, text in CATEGORIES:
            self.caps[code].setPlaceholderText("不封顶")
            caps.addRow(f"{text}类上限", self.caps[code])
        boxes = QGridLayout()
        for column, (title, form) in enumerate((("基础分和等次", grading),
                                                ("最低履职要求", minimum),
                                                ("各类加分上限", caps))):
            box = QGroupBox(title)
            box.setLayout(form)
            boxes.addWidget(box, 0, column)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("如：依据《委员履职考核办法》（2025年3月主席会议通过）")
        self.problems = QLabel()
        self.problems.setObjectName("rulesProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(text_style("error"))
        self.model = RulesModel(self.save_rule)
        self.table = QTableView()
        self.table.setObjectName("rulesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        save_row = QHBoxLayout()
        save_row.addWidget(self.problems, 1)
        save_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(boxes)
        notes_row = QHBoxLayout()
        notes_row.addWidget(QLabel(label("notes")))
        notes_row.addWidget(self.notes, 1)
        layout.addLayout(notes_row)
        layout.addLayout(save_row)
        layout.addWidget(QLabel("计分规则（双击“分值”“年度上限”修改，勾选“启用”决定是否计分）："))
        layout.addWidget(self.table, 1)
        self.year.currentIndexChanged.connect(self.reload)
        self.save_button.clicked.connect(self.save_settings)
        self.copy_button.clicked.connect(self.copy_previous)
        read_only = ctx.actor.role.value == "readonly"
        for widget in (self.save_button, self.copy_button):
            widget.setEnabled(not read_only)
        if read_only:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.loaded = False

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override: load when first shown
        if not self.loaded:
            self.reload()
        super().showEvent(event)

    def selected_year(self) -> int:
        return int(self.year.currentData())

    def reload(self) -> None:
        rule_set = self.ctx.ops.call("履职考核规则", self.service.load, self.selected_year(),
                                     self.ctx.actor)
        if rule_set is not None:
            self.show_set(rule_set)

    def show_set(self, rs: RuleSet) -> None:
        self.loaded = True
        self.rule_set = rs
        for name, edit in self.inputs.items():
            value = getattr(rs, name)
            edit.setText(str(value) if isinstance(value, int) else fmt_points(value))
        self.grade_mode.setCurrentIndex(self.grade_mode.findData(rs.grade_mode.value))
        self.require_plenary.setChecked(rs.require_plenary)
        for code, edit in self.caps.items():
            cap = rs.category_caps.get(code)
            edit.setText("" if cap is None else fmt_points(cap))
        self.notes.setText(rs.notes)
        self.model.set_rules(rs.rules)
        self.problems.clear()

    def _write(self, fn: Callable[..., RuleSet], *args: Any, **kwargs: Any) -> bool:
        try:
            result = fn(self.ctx.actor, *args, **kwargs)
        except ValidationError as exc:
            self.problems.setText("；".join(str(p) for p in exc.problems))
            return False
        except AppError as exc:
            self.problems.setText(str(exc))
            return False
        self.show_set(result)
        return True

    def save_rule(self, code: str, data: dict[str, Any]) -> bool:
        return self._write(self.service.update_rule, self.selected_year(), code, data)

    def save_settings(self) -> bool:
        data: dict[str, Any] = {name: edit.text() for name, edit in self.inputs.items()}
        data["grade_mode"] = self.grade_mode.currentData()
        data["require_plenary"] = self.require_plenary.isChecked()
        data["notes"] = self.notes.text()
        caps = {code: edit.text() for code, edit in self.caps.items()}
        version = self.rule_set.version if self.rule_set else None
        return self._write(self.service.update, self.selected_year(), data, version, caps)

    def copy_previous(self) -> bool:
        year = self.selected_year()
        if not self.ctx.dialogs.confirm("复制上一年度规则",
                                        f"用{year - 1}年度的规则替换{year}年度的规则？"):
            return False
        return self._write(self.service.copy_from, year, year - 1)
