"""An import that updates a record another clerk saves while the import writes: the import's
UPDATE … WHERE version = the version it read finds nothing, and the import stops with a
ConflictError; nothing of it is written, the other clerk's change stays."""

from __future__ import annotations

from typing import Any

import pytest

from app.errors import ConflictError
from app.exchange import apply as apply_module
from app.exchange.apply import apply
from app.exchange.plan import analyse
from app.models import AuditEntry, Member
from app.services.members import MemberService
from tests.exchange.conftest import id_number


# SQLite runs each write transaction alone (BEGIN IMMEDIATE): another clerk's save waits until the
# import has committed, so the import cannot meet a version changed under it there.
@pytest.mark.postgres_only
def test_a_record_changed_during_the_import_stops_it(db, world, book, actor, monkeypatch
                                                     ) -> None:
    path = book("update.xlsx", [["姓名", "出生年月", "身份证号", "工作单位及职务"],
                                ["张琳", "1975.03", id_number("19750315", 2), "县中医院院长"],
                                ["李强", "1968.05", None, "县财政局局长"]])
    plan = analyse(db, path, "members")
    zhang = world.members["张琳"]
    original_find = apply_module.find_current
    calls: list[int] = []

    def other_clerk_saves_meanwhile(importer: Any, session: Any, entry: Any, ctx: Any) -> Any:
        """The import has just read 张琳 (with its version); before it writes, another clerk
        saves 张琳."""
        current = original_find(importer, session, entry, ctx)
        if current is not None and current.id == zhang and not calls:
            calls.append(1)
            other = MemberService(db)
            other.update(actor, zhang, {"notes": "另一位录入员刚改的"},
                         version=other.get(zhang).version)
        return current

    monkeypatch.setattr(apply_module, "find_current", other_clerk_saves_meanwhile)
    with db.reader() as s:
        audit_before = s.query(AuditEntry).count()
    with pytest.raises(ConflictError, match="导入过程中其他用户修改了要更新的委员记录"):
        apply(db, plan, actor)
    assert calls == [1]
    with db.reader() as s:
        stored = {m.name: (m.work_unit_post, m.notes) for m in s.query(Member)}
        assert s.query(AuditEntry).count() == audit_before + 1  # only the other clerk's save
    assert stored["张琳"] == ("", "另一位录入员刚改的")
    assert stored["李强"][0] == ""  # the import wrote nothing
