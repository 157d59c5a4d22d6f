"""“举办全体委员参加的……专题培训班” (seed 1, S1-05): a 培训 counts as 全体委员参加 only when
every member in office that day is recorded present; one excused member and it does not."""

from __future__ import annotations

from app.exchange.apply import import_file
from app.reports.figures import compute
from app.reports.period import Period, Scope
from tests.exchange.conftest import book, world  # noqa: F401  (fixtures)

EVERYONE = "张琳、李强、王伟（1970.02）、王伟（1982.11）、赵敏"


def test_a_training_with_every_member_present(db, world, book, actor) -> None:  # noqa: F811
    import_file(db, book("e.xlsx", [
        ["2023年培训"], ["名称", "类型", "开始日期", "出席委员", "请假委员"],
        ["学习贯彻中共二十大精神专题培训班", "培训", "2023-04-18", EVERYONE, None],
        ["委员履职能力培训", "培训", "2023.9.5", EVERYONE.replace("、赵敏", ""), "赵敏（出差）"],
        ["县政协机关专题学习", "专题学习", "2023年5月6日", EVERYONE, None]]), "events", actor)
    v = compute(db, ["study.training", "study.training_full"], Period.year(2023))
    assert v["study.training"].value == 2
    full = v["study.training_full"]
    assert full.value == 1 and len(full.ids) == 1
    assert compute(db, ["study.training_full"], Period.year(2024))["study.training_full"].value == 0
    unit = Scope(unit_id=1, label="办公室")
    assert compute(db, ["study.training_full"], Period.year(2023), unit)[
        "study.training_full"].value == 0
