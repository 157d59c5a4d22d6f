"""履职考核 page: the year's ranking with filters, the distribution of totals and grades,
界别组 and 专委会 results, and for the selected member every item of the score down to its
records. Members below the minimum duties are highlighted. Widgets call app.scoring only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.scoring import ADJUSTMENT_ITEM, CATEGORY_LABELS, fmt_points
from app.scoring.adjustments import AdjustmentService
from app.scoring.engine import MemberScore, ScoreItem, YearScores, compute_scores
from app.scoring.records import data_years, describe_records
from app.services.context import Changes
from ui.framework.context import PageContext
from ui.pages.scoring_chart import DistributionChart
from ui.pages.scoring_dialogs import AdjustmentDialog
from ui.pages.scoring_models import GroupsModel, ItemsModel, RankingModel, RecordsModel
from ui.theme import colour
from ui.widgets.flow_layout import FlowLayout, flow_widget

# Changes to these tables can change a score.
SCORE_ENTITIES = ("members", "member_terms", "events", "participations", "proposals",
                  "opinion_reports", "honors", "instructions", "scoring_rule_sets",
                  "scoring_rules", "score_adjustments", "unit_memberships")
ALL = "全部"


def _table(model: Any, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ScoringPage(QWidget):
    title = "履职考核"

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.setObjectName("page_ScoringPage")
        self.ctx = ctx
        self.scores: YearScores | None = None
        self.shown: list[MemberScore] = []
        self.category: str | None = None
        self.stale = False  # records changed while the page was hidden
        self.adjustments = AdjustmentService(ctx.db)

        self.year = QComboBox()
        self.year.setObjectName("scoreYear")
        years, default = data_years(ctx.db)
        for y in years:
            self.year.addItem(f"{y}年度", y)
        self.year.setCurrentIndex(max(0, self.year.findData(default)))
        self.sector, self.group, self.committee = QComboBox(), QComboBox(), QComboBox()
        self.standing = QCheckBox("只看常委")
        self.below = QCheckBox("只看未完成最低要求")
        self.adjust_button = QPushButton("考核加减分…")
        self.withdraw_button = QPushButton("撤销所选加减分…")
        self.export_button = QPushButton("导出考核表…")
        self.rules_button = QPushButton("考核规则")
        bar = FlowLayout()  # wraps rather than widen the window on a small screen
        for text, widget in (("年度", self.year), ("界别", self.sector), ("界别组", self.group),
                             ("专委会", self.committee)):
            pair = QWidget()  # a label stays with its box when the bar wraps
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(QLabel(text))
            row.addWidget(widget)
            bar.addWidget(pair)
        for check in (self.standing, self.below):
            bar.addWidget(check)
        for button in (self.adjust_button, self.withdraw_button, self.export_button,
                       self.rules_button):
            bar.addWidget(button)
        self.summary = QLabel()
        self.summary.setObjectName("scoreSummary")
        self.summary.setWordWrap(True)

        self.ranking = RankingModel()
        self.ranking_view = _table(self.ranking, "scoreRanking")
        self.sector_groups, self.committees = GroupsModel(), GroupsModel()
        self.chart = DistributionChart()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.ranking_view, "委员排名")
        self.tabs.addTab(self.chart, "分布")
        self.tabs.addTab(_table(self.sector_groups, "sectorGroupResults"), "界别组")
        self.tabs.addTab(_table(self.committees, "committeeResults"), "专委会")

        self.member_label = QLabel("选择一位委员，查看每一分的来历。")
        self.member_label.setObjectName("memberHeader")
        self.member_label.setWordWrap(True)
        self.items = ItemsModel()
        self.items_view = _table(self.items, "scoreItems")
        self.records = RecordsModel()
        self.records_view = _table(self.records, "scoreRecords")
        self.records_label = QLabel("选择一个计分项目，列出它依据的记录；双击记录打开原件。")
        self.records_label.setWordWrap(True)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        for part in (self.member_label, self.items_view, self.records_label,
                     self.records_view):
            side.addWidget(part)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tabs)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(flow_widget(bar))
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

        self.year.currentIndexChanged.connect(self.reload)
        for box in (self.sector, self.group, self.committee):
            box.currentIndexChanged.connect(self.apply_filters)
        self.standing.toggled.connect(self.apply_filters)
        self.below.toggled.connect(self.apply_filters)
        self.ranking_view.clicked.connect(self._ranking_clicked)
        self.ranking_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_member(current.row()))
        self.items_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_item(current.row()))
        self.records_view.doubleClicked.connect(self.open_record)
        self.adjust_button.clicked.connect(self.add_adjustment)
        self.withdraw_button.clicked.connect(self.withdraw_adjustment)
        self.export_button.clicked.connect(self.export_table)
        self.rules_button.clicked.connect(lambda: self.ctx.navigate("system", tab="scoring"))
        ctx.ops.changed.connect(self._on_changes)
        if ctx.actor.role.value == "readonly":
            self.adjust_button.setEnabled(False)
            self.withdraw_button.setEnabled(False)
        self.reload()

    # ----- data ----------------------------------------------------------------------
    def selected_year(self) -> int:
        return int(self.year.currentData())

    def reload(self) -> None:
        scores = self.ctx.ops.call("履职考核", compute_scores, self.ctx.db,
                                   self.selected_year(), self.ctx.actor)
        if scores is None:
            return
        self.scores = scores
        self._fill_filter(self.sector, sorted({m.sector for m in scores.members if m.sector}))
        self._fill_filter(self.group, sorted({m.group for m in scores.members if m.group}))
        self._fill_filter(self.committee, sorted({name for m in scores.members
                                                  for _, name in m.committees}))
        self.sector_groups.set_groups(scores.groups("sector_group"))
        self.committees.set_groups(scores.groups("committee"))
        self.apply_filters()

    @staticmethod
    def _fill_filter(box: QComboBox, values: list[str]) -> None:
        current = box.currentText()
        box.blockSignals(True)
        box.clear()
        box.addItem(ALL)
        box.addItems(values)
        box.setCurrentIndex(max(0, box.findText(current)))
        box.blockSignals(False)

    def apply_filters(self) -> None:
        if self.scores is None:
            return
        sector, group, committee = (b.currentText() for b in (self.sector, self.group,
                                                              self.committee))
        shown = [m for m in self.scores.members
                 if (sector == ALL or m.sector == sector)
                 and (group == ALL or m.group == group)
                 and (committee == ALL or committee in {n for _, n in m.committees})
                 and (not self.standing.isChecked() or m.standing)
                 and (not self.below.isChecked() or not m.minimum_met)]
        self.shown = shown
        self.ranking.set_members(shown)
        self.chart.set_members(shown)
        s = self.scores
        counts = s.grade_counts()
        below = sum(1 for m in s.members if not m.minimum_met)
        self.summary.setText(
            f"{s.year}年度共{len(s.members)}名委员参加考核，平均{fmt_points(s.average)}分；"
            + "，".join(f"{g.label}{n}人" for g, n in counts.items())
            + f"；{below}人未完成最低履职要求（{s.rule_set.minimum_text()}），以浅红色标出。"
            + (f"当前筛选{len(shown)}人。" if len(shown) != len(s.members) else ""))
        self.show_member(-1)

    def _on_changes(self, changes: Changes) -> None:
        """Recompute at once when shown; otherwise when next shown (a city's year takes a
        few hundred milliseconds, not worth spending on every edit elsewhere)."""
        if changes.concerns(*SCORE_ENTITIES):
            if self.isVisible():
                self.reload()
            else:
                self.stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self.stale:
            self.stale = False
            self.reload()
        super().showEvent(event)

    # ----- drill-down ----------------------------------------------------------------
    def _ranking_clicked(self, index: QModelIndex) -> None:
        self.category = self.ranking.category_at(index.column())
        self.show_member(index.row())

    def current_member(self) -> MemberScore | None:
        row = self.ranking_view.currentIndex().row()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def show_member(self, row: int) -> None:
        member = self.shown[row] if 0 <= row < len(self.shown) else None
        self.records.set_lines([])
        if member is None:
            self.items.set_items([])
            self.member_label.setText("选择一位委员，查看每一分的来历。")
            return
        items = [i for i in member.items if self.category is None or i.category == self.category]
        self.items.set_items(items)
        what = f"（只列{CATEGORY_LABELS[self.category]}类，点姓名看全部）" if self.category else ""
        notes = "；".join((*member.missing, *member.warnings))
        self.member_label.setText(
            f"<b>{member.name}</b>　{member.sector}　总分 {fmt_points(member.total)}　"
            f"第{member.rank}名　{member.grade.label}{what}"
            + (f"<br><span style='color:{colour('error')}'>{notes}</span>" if notes else ""))

    def current_item(self) -> ScoreItem | None:
        row = self.items_view.currentIndex().row()
        return self.items.payload[row] if 0 <= row < len(self.items.payload) else None

    def show_item(self, row: int) -> None:
        member = self.current_member()
        if member is None or not 0 <= row < len(self.items.payload):
            self.records.set_lines([])
            return
        item: ScoreItem = self.items.payload[row]
        lines = self.ctx.ops.call("履职考核", describe_records, self.ctx.db, item.entity,
                                  item.records, member.member_id) or []
        self.records.set_lines(lines)
        self.records_label.setText(f"“{item.label}”依据{len(lines)}条记录：" if lines else
                                   f"“{item.label}”不依据具体记录（{item.note or '规则设定'}）。")

    def open_record(self, index: QModelIndex) -> None:
        if not 0 <= index.row() < len(self.records.payload):
            return
        line = self.records.payload[index.row()]
        if line.page is not None:
            self.ctx.navigate(line.page, id=line.id)

    # ----- actions -------------------------------------------------------------------
    def add_adjustment(self) -> None:
        if self.scores is None:
            return
        member = self.current_member()
        dialog = AdjustmentDialog(self, self.adjustments, self.ctx.actor, self.scores.year,
                                  self.scores.members, member.member_id if member else None)
        if self.ctx.dialogs.exec(dialog) and dialog.result_value is not None:
            a = dialog.result_value
            sign = "加" if a.points > 0 else "扣"
            self.ctx.dialogs.info("考核加减分", f"已记录：{a.member_name}{a.year}年度"
                                  f"{sign}{fmt_points(abs(a.points))}分。")

    def withdraw_adjustment(self) -> None:
        item = self.current_item()
        if item is None or item.rule != ADJUSTMENT_ITEM:
            self.ctx.dialogs.info("撤销加减分", "请先在右侧得分明细中选中一条“考核加减分”。")
            return
        why = self.ctx.dialogs.ask_text("撤销加减分", "撤销原因（记入操作日志）：")
        if why is None:
            return
        if not why.strip():
            self.ctx.dialogs.warning("撤销加减分", "未撤销：撤销原因必须填写。")
            return
        self.ctx.ops.call("撤销加减分", self.adjustments.remove, self.ctx.actor,
                          item.records[0], why)

    def export_table(self) -> None:
        if self.scores is None:
            return
        from app.exchange.score_table import write_score_table

        path = self.ctx.dialogs.save_file("导出委员履职考核表",
                                          f"{self.scores.year}年度委员履职考核表.xlsx",
                                          "Excel 工作簿 (*.xlsx)")
        if path is None:
            return
        written = self.ctx.ops.call("导出考核表", write_score_table, self.ctx.db, path,
                                    self.scores)
        if written is not None:
            self.ctx.dialogs.info("导出考核表", f"委员履职考核表已导出：{written}")
