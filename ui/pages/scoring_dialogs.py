"""考核加减分 dialog: a manual 加分/扣分 with reason and the deciding meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import DecisionBody
from app.domain.schema import SCORE_ADJUSTMENT
from app.errors import AppError, ValidationError
from app.scoring.adjustments import Adjustment, AdjustmentService
from app.scoring.engine import MemberScore
from app.services.context import Actor
from ui.theme import text_style


class AdjustmentDialog(QDialog):
    """Fill in and ``submit``; problems stay in the dialog, nothing is written until valid."""

    def __init__(self, parent: QWidget | None, service: AdjustmentService, actor: Actor,
                 year: int, members: list[MemberScore], selected: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{year}年度考核加减分")
        self.service, self.actor, self.year = service, actor, year
        self.result_value: Adjustment | None = None
        label = SCORE_ADJUSTMENT.label_of
        self.member = QComboBox()
        for m in sorted(members, key=lambda m: (m.stroke_key, m.member_id)):
            self.member.addItem(f"{m.name}（{m.sector}）" if m.sector else m.name, m.member_id)
        if selected is not None:
            self.member.setCurrentIndex(max(0, self.member.findData(selected)))
        self.points = QLineEdit()
        self.points.setPlaceholderText("加分写正数，扣分写负数，如 5 或 -3")
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.body = QComboBox()
        for body in DecisionBody:
            self.body.addItem(body.label, body.value)
        self.decided_on = QDateEdit(QDate.currentDate())
        self.decided_on.setCalendarPopup(True)
        self.decided_on.setDisplayFormat("yyyy-MM-dd")
        self.ref = QLineEdit()
        self.ref.setPlaceholderText("如 十届第20次主席会议")
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(text_style("error"))
        form = QFormLayout()
        form.addRow(label("member_id"), self.member)
        form.addRow(label("points"), self.points)
        form.addRow(label("reason"), self.reason)
        form.addRow(label("decided_by"), self.body)
        form.addRow(label("decided_on"), self.decided_on)
        form.addRow(label("decision_ref"), self.ref)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("加减分须经常委会议或主席会议决定，记入操作日志。"))
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)

    def data(self) -> dict[str, Any]:
        day = self.decided_on.date()
        return {"member_id": self.member.currentData(), "year": self.year,
                "points": self.points.text(), "reason": self.reason.toPlainText(),
                "decided_by": self.body.currentData(),
                "decided_on": dt.date(day.year(), day.month(), day.day()),
                "decision_ref": self.ref.text()}

    def submit(self) -> bool:
        try:
            self.result_value = self.service.add(self.actor, self.data())
        except ValidationError as exc:
            self.problems.setText("\n".join(str(p) for p in exc.problems))
            return False
        except AppError as exc:
            self.problems.setText(str(exc))
            return False
        self.accept()
        return True
