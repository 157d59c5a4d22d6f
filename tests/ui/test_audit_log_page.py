"""操作日志 page through the real main window: entries listed newest first with their changes,
filters, read-only, a broken chain shown in red; not offered to non-administrators."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from sqlalchemy import text

from app.domain.enums import UserRole
from app.errors import PermissionDeniedError
from app.services.audit_log import AuditLogService
from app.services.context import Actor
from app.services.members import MemberService
from ui import theme


def _edit_a_member(db, actor) -> int:
    svc = MemberService(db)
    member = svc.create(actor, {"name": "张琳", "notes": "旧备注"}).value
    svc.update(actor, member.id, {"notes": "新备注"}, version=member.version)
    return member.id


def test_log_lists_changes_newest_first_read_only(window, db, actor, qtbot) -> None:
    member_id = _edit_a_member(db, actor)
    page = window.show_page("audit")
    page.reload()
    assert page.model.rowCount() == 2
    first = page.model.index(0, 0)
    assert page.model.data(page.model.index(0, 2), Qt.ItemDataRole.DisplayRole) == "修改"
    assert page.model.data(page.model.index(0, 3), Qt.ItemDataRole.DisplayRole) == "委员"
    assert page.model.data(page.model.index(0, 4), Qt.ItemDataRole.DisplayRole) == member_id
    page.table.setCurrentIndex(first)
    detail = page.detail.toPlainText()
    assert "旧备注" in detail and "新备注" in detail
    assert "日志校验：完整" in detail
    for button in (page.add_button, page.edit_button, page.delete_button, page.bin_toggle):
        assert not button.isVisible()
    assert page.open_editor(None) is False

    box = page.filter_boxes["action"]
    box.setCurrentIndex(box.findText("新增"))
    assert page.model.rowCount() == 1


def test_tampered_log_is_shown_in_red(window, db, actor) -> None:
    _edit_a_member(db, actor)
    with db.session() as s:
        s.execute(text("UPDATE audit_log SET summary = '改过' WHERE id = "
                       "(SELECT MIN(id) FROM audit_log)"))
    page = window.show_page("audit")
    page.reload()
    page.table.setCurrentIndex(page.model.index(0, 0))
    html = page.detail.toHtml()
    assert "操作日志第" in page.detail.toPlainText() and theme.colour("error") in html


def test_log_service_refuses_every_write(db, actor) -> None:
    svc = AuditLogService(db)
    _edit_a_member(db, actor)
    entry_id = svc.ids()[0]
    for call in (lambda: svc.create(actor, {}), lambda: svc.update(actor, entry_id, {}),
                 lambda: svc.delete(actor, [entry_id]), lambda: svc.purge(actor, [entry_id])):
        try:
            call()
        except PermissionDeniedError as exc:
            assert "不能新增、修改或删除" in str(exc)
        else:
            raise AssertionError("the operation log accepted a write")
    assert len(svc.ids()) == 2


def test_only_administrators_see_the_log(qtbot, db, tmp_path) -> None:
    from ui.main_window import MainWindow
    from ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(db, Actor("clerk", UserRole.CLERK, "录入员"), settings=settings)
    qtbot.addWidget(win)
    assert "audit" not in [e.key for e in win.entries]
    win.close()
