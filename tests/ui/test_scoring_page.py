"""履职考核 page and 系统设置 → 履职考核规则 through the real main window: ranking, filters,
highlight of members below the minimum duties, drill-down to records, adjustments, rules
edited per year; every model passes Qt's model tester."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.domain.scoring import CATEGORIES
from app.models import AuditEntry
from app.scoring.engine import compute_scores
from app.services.context import Changes
from tests.scoring.conftest import YEAR, build_committee


def _page(window, db):
    committee = build_committee(db)
    page = window.show_page("scoring")
    page.year.setCurrentIndex(page.year.findData(YEAR))
    page.reload()
    return page, committee


def _row_of(page, name: str) -> int:
    return next(i for i, m in enumerate(page.shown) if m.name == name)


def test_navigation_lists_the_page_after_opinions(window) -> None:
    keys = [e.key for e in window.entries]
    assert keys.index("scoring") == keys.index("opinions") + 1
    assert window.nav.item(keys.index("scoring")).text() == "履职考核"
    window.show_page("scoring").rules_button.click()  # 考核规则 → 系统设置 → 履职考核规则
    system = window.page("system")
    assert window.stack.currentWidget() is system
    assert system.tabs.currentWidget() is system.scoring


def test_ranking_filters_highlight_and_drill_down(window, db, qtmodeltester) -> None:
    page, c = _page(window, db)
    assert page.ranking.rowCount() == 7
    assert "2025年度共7名委员参加考核" in page.summary.text()
    ranks = [page.ranking.data(page.ranking.index(r, 0)) for r in range(7)]
    assert ranks == sorted(ranks, key=int)
    below = _row_of(page, "赵七")
    assert page.ranking.data(page.ranking.index(below, 1),
                             Qt.ItemDataRole.BackgroundRole) is not None
    ok = _row_of(page, "王一")
    assert page.ranking.data(page.ranking.index(ok, 1), Qt.ItemDataRole.BackgroundRole) is None

    page.standing.setChecked(True)
    assert [m.name for m in page.shown] == ["王一"]
    page.standing.setChecked(False)
    page.below.setChecked(True)
    assert "王一" not in {m.name for m in page.shown} and len(page.shown) == 6
    page.below.setChecked(False)
    page.committee.setCurrentIndex(1)
    assert {m.name for m in page.shown} == {"王一", "李二"}
    page.committee.setCurrentIndex(0)

    # a number in the 提案 column → only that category's items → the proposals behind one
    row = _row_of(page, "王一")
    column = 5 + [code for code, _ in CATEGORIES].index("proposals")
    page.ranking_view.setCurrentIndex(page.ranking.index(row, 1))
    page._ranking_clicked(page.ranking.index(row, column))
    labels = [page.items.data(page.items.index(r, 0)) for r in range(page.items.rowCount())]
    assert "提交提案（第一提案人）" in labels and "出席全体会议" not in labels
    assert "只列提案类" in page.member_label.text()
    lead = labels.index("提交提案（第一提案人）")
    page.items_view.setCurrentIndex(page.items.index(lead, 0))
    assert page.records.rowCount() == 2
    assert {page.records.data(page.records.index(r, 2)) for r in range(2)} == {"立案重点优秀",
                                                                              "联名"}
    # the plenary item leads to the event, and double-click opens it on its page
    page._ranking_clicked(page.ranking.index(row, 1))
    labels = [page.items.data(page.items.index(r, 0)) for r in range(page.items.rowCount())]
    page.items_view.setCurrentIndex(page.items.index(labels.index("出席全体会议"), 0))
    assert page.records.rowCount() == 1 and page.records.payload[0].id == c.events["plenary"]
    page.open_record(page.records.index(0, 0))
    assert window.stack.currentWidget() is window.page("meetings")
    page = window.show_page("scoring")
    for model in (page.ranking, page.items, page.records, page.sector_groups,
                  page.committees):
        qtmodeltester.check(model, force_py=True)
    assert page.sector_groups.rowCount() == 1 and page.committees.rowCount() == 1


def test_adjustment_dialog_refuses_bad_input_then_records_and_logs(window, db, scripted,
                                                                    qtbot) -> None:
    page, c = _page(window, db)
    page.ranking_view.setCurrentIndex(page.ranking.index(_row_of(page, "赵七"), 1))

    def fill(dialog) -> bool:
        assert dialog.member.currentData() == c.m["赵七"]
        dialog.points.setText("0")
        assert dialog.submit() is False
        assert "加减分值" in dialog.problems.text() and "事由" in dialog.problems.text()
        dialog.points.setText("6")
        dialog.reason.setPlainText("承担全会大会发言材料起草")
        dialog.body.setCurrentIndex(dialog.body.findText("常委会议"))
        return dialog.submit()

    scripted.then(fill)
    before = compute_scores(db, YEAR).by_member(c.m["赵七"]).total
    page.add_adjustment()
    assert scripted.messages[-1][2].startswith("已记录：赵七2025年度加6分")
    qtbot.waitUntil(lambda: page.scores.by_member(c.m["赵七"]).total == before + 6)
    with db.reader() as s:
        entry = s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "score_adjustments")).one()
    assert "常委会议决定：承担全会大会发言材料起草" in entry.summary


def test_rules_panel_edits_one_year(window, db, scripted, qtmodeltester) -> None:
    build_committee(db)
    system = window.show_page("system")
    system.show_tab("scoring")
    panel = system.scoring
    panel.year.setCurrentIndex(panel.year.findData(YEAR - 1))  # 2024 scored with its rules
    assert panel.rule_set is not None and panel.rule_set.year == YEAR - 1
    panel.year.setCurrentIndex(panel.year.findData(YEAR))
    panel.reload()
    qtmodeltester.check(panel.model, force_py=True)
    codes = [r.code for r in panel.model.rules]
    row = codes.index("attend_plenary")
    assert panel.model.setData(panel.model.index(row, panel.model.POINTS), "12")
    assert panel.model.data(panel.model.index(row, panel.model.POINTS)) == "12"
    assert not panel.model.setData(panel.model.index(row, panel.model.POINTS), "十二")
    assert "分值" in panel.problems.text() and "十二" in panel.problems.text()
    panel.inputs["excellent_share"].setText("60")
    panel.inputs["good_share"].setText("50")
    assert panel.save_settings() is False and "不能超过100%" in panel.problems.text()
    panel.inputs["excellent_share"].setText("20")
    panel.inputs["good_share"].setText("30")
    panel.caps["proposals"].setText("45")
    panel.notes.setText("依据2025年主席会议通过的办法")
    assert panel.save_settings() is True
    rules = compute_scores(db, YEAR).rule_set
    assert rules.rule("attend_plenary").points == 12 and rules.excellent_share == 20
    assert rules.category_caps["proposals"] == 45
    assert rules.notes == "依据2025年主席会议通过的办法"
    assert compute_scores(db, YEAR - 1).rule_set.rule("attend_plenary").points == 10
    # copy last year's rules back over this year's
    assert panel.copy_previous() is True
    assert panel.model.data(panel.model.index(row, panel.model.POINTS)) == "10"
    panel.model.setData(panel.model.index(row, panel.model.ACTIVE), Qt.CheckState.Unchecked,
                        Qt.ItemDataRole.CheckStateRole)
    assert compute_scores(db, YEAR).rule_set.rule("attend_plenary").active is False


def test_reports_page_offers_the_missed_list_only_for_the_bulletin(window, db,
                                                                   tmp_path) -> None:
    build_committee(db)
    page = window.show_page("reports")
    page._load_choices()
    page.kind_box.setCurrentIndex(page.kind_box.findData("work-report"))
    assert not page.list_missed.isVisible()
    page.list_missed.setChecked(True)
    assert page.request(tmp_path / "a.docx").include_below_minimum is False
    page.kind_box.setCurrentIndex(page.kind_box.findData("member-bulletin"))
    assert page.list_missed.isVisible()
    page.year_box.setCurrentIndex(page.year_box.findData(YEAR))
    assert page.request(tmp_path / "b.docx").include_below_minimum is True
    page.list_missed.setChecked(False)
    assert page.request(tmp_path / "c.docx").include_below_minimum is False


def test_member_dossier_shows_the_years_score(window, db, actor) -> None:
    from app.scoring.adjustments import AdjustmentService

    c = build_committee(db)
    page = window.show_page("members")
    page.reload()
    page.reveal(c.m["王一"])
    text = page.detail.toPlainText()
    score = compute_scores(db, YEAR).by_member(c.m["王一"])
    assert "履职考核" in text and f"{YEAR}" in text and score.grade.label in text
    assert f"{YEAR}年度得分明细：基础分50分；出席全体会议10分" in text
    assert str(int(score.total)) in text
    # a change anywhere drops the kept scores: an adjustment shows at once
    AdjustmentService(db).add(actor, {"member_id": c.m["王一"], "year": YEAR, "points": "-7",
                                      "reason": "无故缺席常委会议受书面批评",
                                      "decided_by": "常委会议", "decided_on": "2025-12-01"})
    window.ops.changed.emit(Changes.of("score_adjustments", [1]))  # as the relay delivers it
    page.reveal(c.m["王一"])
    assert str(int(score.total) - 7) in page.detail.toPlainText()


def test_changes_while_hidden_are_picked_up_when_shown(window, db, actor) -> None:
    from app.scoring.adjustments import AdjustmentService

    page, c = _page(window, db)
    window.show_page("members")
    assert not page.isVisible()
    AdjustmentService(db).add(actor, {"member_id": c.m["杨六"], "year": YEAR, "points": "3",
                                      "reason": "撰写文史资料", "decided_by": "主席会议",
                                      "decided_on": "2025-12-01"})
    before = page.scores.by_member(c.m["杨六"]).total
    window.ops.changed.emit(Changes.of("score_adjustments", [1]))
    assert page.stale and page.scores.by_member(c.m["杨六"]).total == before
    window.show_page("scoring")
    assert not page.stale and page.scores.by_member(c.m["杨六"]).total == before + 3


def test_read_only_user_sees_scores_but_cannot_change_them(qtbot, db, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from app.domain.enums import UserRole
    from app.services.context import Actor
    from ui.main_window import MainWindow
    from ui.settings import Settings

    build_committee(db)
    settings = Settings(QSettings(str(tmp_path / "ro.ini"), QSettings.Format.IniFormat))
    win = MainWindow(db, Actor("viewer", UserRole.READONLY, "只读"), settings=settings)
    qtbot.addWidget(win)
    page = win.show_page("scoring")
    page.year.setCurrentIndex(page.year.findData(YEAR))
    assert page.ranking.rowCount() == 7
    assert not page.adjust_button.isEnabled() and not page.withdraw_button.isEnabled()
    panel = win.page("system").scoring
    assert not panel.save_button.isEnabled() and not panel.copy_button.isEnabled()
    panel.reload()
    assert not panel.model.setData(panel.model.index(0, panel.model.POINTS), "99")
    assert "只读" in panel.problems.text()
    win.close()
