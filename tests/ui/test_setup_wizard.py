"""首次使用向导 through the real main window: a new database opens it, the clerk fills the
pages, 完成 saves committee, term, sessions and 界别 in one go, the window shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QWizard
from sqlalchemy import func, select

from app.models import PlenarySession, Sector, Term
from app.services.setup import SetupService
from app.services.terms import CommitteeService
from ui.app import offer_first_setup


def fill(wizard: Any, *, first_session: dt.date) -> None:
    wizard.show()
    wizard.committee.name_edit.setText("政协长子县委员会")
    wizard.committee.parent_edit.setText("长治市")
    wizard.next()
    assert wizard.currentPage() is wizard.term
    wizard.term.term_spin.setValue(10)
    wizard.term.start_edit.setDate(QDate(2021, 12, 20))
    wizard.term.end_check.setChecked(True)
    wizard.term.end_edit.setDate(QDate(2026, 12, 19))
    wizard.term.add_session().setDate(QDate(first_session.year, first_session.month,
                                            first_session.day))
    wizard.term.add_session().setDate(QDate(2023, 1, 5))
    wizard.next()
    assert wizard.currentPage() is wizard.sectors
    wizard.sectors.buttons["city"].setChecked(True)


def test_a_new_database_is_set_up_through_the_wizard(window, scripted, db, qtbot) -> None:
    assert SetupService(db).needs_setup()
    seen: list[Any] = []

    def first_attempt(wizard: Any) -> bool:
        seen.append(wizard)
        assert wizard.windowTitle() == "首次使用设置" and wizard.parent() is window
        fill(wizard, first_session=dt.date(2020, 1, 1))  # before the term: refused
        wizard.button(QWizard.WizardButton.FinishButton).click()
        problem = wizard.sectors.problem.text()
        assert problem.startswith("没有保存：") and "早于第十届的开始日期" in problem
        assert wizard.isVisible() and SetupService(db).needs_setup()  # nothing written
        first = wizard.term.sessions.cellWidget(0, 0)
        wizard.back()
        first.setDate(QDate(2021, 12, 20))
        wizard.next()
        assert "政协长子县委员会" in wizard.sectors.summary.text()
        wizard.button(QWizard.WizardButton.FinishButton).click()
        return wizard.result() == QWizard.DialogCode.Accepted

    scripted.then(first_attempt)
    offer_first_setup(window)
    assert seen, "the wizard was not shown"
    assert scripted.messages[-1][:2] == ("info", "首次使用设置")
    assert "已完成设置：政协长子县委员会，当前届次为第十届。" in scripted.messages[-1][2]

    settings = CommitteeService(db).get()
    assert (settings.region, settings.parent_region) == ("长子县", "长治市")
    with db.reader() as s:
        term = s.scalars(select(Term)).one()
        assert (term.number, term.start_on, term.end_on) == (
            10, dt.date(2021, 12, 20), dt.date(2026, 12, 19))
        assert settings.current_term_id == term.id
        assert [(p.number, p.start_on) for p in s.scalars(
            select(PlenarySession).order_by(PlenarySession.number))] == [
            (1, dt.date(2021, 12, 20)), (2, dt.date(2023, 1, 5))]
        names = set(s.scalars(select(Sector.name).where(Sector.deleted_at.is_(None))))
        assert {"中共", "致公党", "侨联"} <= names

    # the window shows the new setup (the broadcast came after the commit)
    page = window.show_page("system")
    summary = page.findChild(QLabel, "committeeSummary")
    qtbot.waitUntil(lambda: "政协第十届长子县委员会" in summary.text(), timeout=3000)

    # the client works on a database created this way: every page opens
    for entry in window.entries:
        assert window.show_page(entry.key) is not None
    assert not [m for m in scripted.messages if m[0] in ("warning", "error")]

    # set up: the next start opens no wizard (a dialog here would fail the test)
    offer_first_setup(window)


def test_cancelling_the_wizard_writes_nothing(window, scripted, db) -> None:
    def cancel(wizard: Any) -> bool:
        fill(wizard, first_session=dt.date(2021, 12, 20))
        wizard.reject()
        return False

    scripted.then(cancel)
    offer_first_setup(window)
    assert SetupService(db).needs_setup()
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Term)) == 0
        assert s.scalar(select(func.count()).select_from(PlenarySession)) == 0
    assert not [m for m in scripted.messages if m[0] == "info"]
