"""Reference choices (departments, sessions …) are read once and kept until the next change:
this program's writes and other clerks' (seen by the remote poll) both make them read again."""

from __future__ import annotations

from sqlalchemy import insert

from app.models import Department
from app.services.context import Changes
from app.services.org import DepartmentService
from ui.framework.options import Options


def names(choices) -> list[str]:
    return [text for text, _value in choices]


def test_choices_are_kept_until_a_change(window, db, actor, monkeypatch) -> None:
    assert "县教育局" not in names(Options(db).departments())
    DepartmentService(db).create(actor, {"name": "县教育局"})  # this program: read again
    assert "县教育局" in names(Options(db).departments())
    page = window.show_page("proposals")  # a page opened now offers it
    box = page.filter_boxes["department_id"]
    assert "县教育局" in [box.itemText(i) for i in range(box.count())]

    with db.session() as session:  # another clerk's write: no broadcast in this program
        new_id = session.execute(insert(Department).values(name="县卫健委").returning(
            Department.id)).scalar_one()
    assert "县卫健委" not in names(Options(db).departments())  # kept, not read again
    monkeypatch.setattr(window.ops.remote, "poll", lambda: Changes.of("departments", [new_id]))
    assert window.ops.poll_remote()
    assert "县卫健委" in names(Options(db).departments())
    assert Options(db).department_names()[new_id] == "县卫健委"


def test_a_list_read_across_a_change_is_not_kept(db, actor, monkeypatch) -> None:
    options = Options(db)
    original = DepartmentService.fetch

    def fetch_then_change(self, ids):  # a write lands while the list is being read
        rows = original(self, ids)
        if not getattr(fetch_then_change, "done", False):
            fetch_then_change.done = True
            DepartmentService(db).create(actor, {"name": "县文旅局"})
        return rows

    monkeypatch.setattr(DepartmentService, "fetch", fetch_then_change)
    assert "县文旅局" not in names(options.departments())  # what was read …
    assert "县文旅局" in names(options.departments())  # … was not kept
