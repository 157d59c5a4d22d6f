"""Matching rules (issue 11, item 3), on SQLite and PostgreSQL: a row updates a record only by
an exact key; a title or name match is a *possible duplicate* that the command line refuses,
naming both records, and that a person resolves row by row (新增 / 更新该记录 / 跳过)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.plan import analyse
from app.models import Event, EventKind, Member, OpinionReport, Proposal
from app.services.members import MemberService

PROPOSAL_HEADER = ["会议", "提案号", "案由", "提案人", "提交日期"]


def _proposal(db: Any, actor: Any, session_id: int | None, number: int, title: str,
              submitted: dt.date, term_id: int) -> int:
    from app.services.proposals import ProposalService
    record = ProposalService(db).create(actor, {
        "term_id": term_id, "session_id": session_id, "number": number, "title": title,
        "submitted_on": submitted, "type": "集体", "collective_proposer": "民盟示范县委"}).value
    return int(record.id)


def _proposals(db: Any) -> dict[int, tuple[Any, ...]]:
    with db.reader() as s:
        return {p.id: (p.term_id, p.session_id, p.number, p.title, p.submitted_on, p.version)
                for p in s.scalars(select(Proposal))}


def test_an_interim_row_without_number_never_updates_a_plenary_proposal(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    title = "关于加强农村饮水安全的建议"
    stored = _proposal(db, actor, world.session3_id, 5, title, dt.date(2023, 3, 1),
                       world.term_id)
    before = _proposals(db)[stored]
    path = book("p.xlsx", [PROPOSAL_HEADER, ["闭会期间", None, title, "赵敏", "2024-06-01"]])
    result = import_file(db, path, "proposals", actor)
    assert len(result.created) == 1 and not result.updated
    after = _proposals(db)
    assert after[stored] == before  # 提交日期 still 2023-03-01
    assert after[result.created[0]][1:5] == (None, 1, title, dt.date(2024, 6, 1))


def test_two_proposals_of_one_title_are_named_without_a_member_message(
        db: Any, world: Any, actor: Any, book: Callable[..., Path],
        snapshot: Callable[[], Any]) -> None:
    title = "关于加强农村饮水安全的建议"
    first = _proposal(db, actor, world.session3_id, 5, title, dt.date(2023, 3, 1),
                      world.term_id)
    second = _proposal(db, actor, world.session3_id, 9, title, dt.date(2023, 3, 2),
                       world.term_id)
    path = book("p.xlsx", [PROPOSAL_HEADER, ["十届三次会议", None, title, "赵敏", "2023-03-03"]])
    before = snapshot()
    with pytest.raises(ImportRefusedError) as refused:
        import_file(db, path, "proposals", actor, error_book=False)
    message = str(refused.value.problems[0])
    assert snapshot() == before
    assert f"（编号{first}）" in message and f"（编号{second}）" in message
    assert "十届三次会议第005号" in message and "十届三次会议第009号" in message
    assert "身份证号" not in message and "出生年月" not in message
    assert "填写提案号" in message and "新增" in message

    plan = analyse(db, path, "proposals")
    [entry] = plan.undecided
    assert [d.existing_id for d in entry.possible] == [first, second] and not plan.ok
    assert "须逐条确认1条" in plan.summary()
    entry.action, entry.target = "update", second
    result = apply(db, plan, actor)
    assert result.updated == [second]
    rows = _proposals(db)
    assert rows[second][4] == dt.date(2023, 3, 3) and rows[first][4] == dt.date(2023, 3, 1)


@pytest.mark.parametrize("action", ["create", "skip"])
def test_a_clerk_adds_or_skips_a_possible_duplicate(db: Any, world: Any, actor: Any,
                                                    book: Callable[..., Path],
                                                    action: str) -> None:
    title = "关于发展县域特色产业的建议"
    stored = _proposal(db, actor, world.session4_id, 3, title, dt.date(2024, 4, 22),
                       world.term_id)
    path = book("p.xlsx", [PROPOSAL_HEADER, ["十届四次会议", None, title, "赵敏", "2024-04-23"]])
    plan = analyse(db, path, "proposals")
    plan.undecided[0].action = action  # type: ignore[assignment]
    result = apply(db, plan, actor)
    assert (len(result.created), len(result.skipped)) == ((1, 0) if action == "create"
                                                          else (0, 1))
    assert _proposals(db)[stored][4] == dt.date(2024, 4, 22)


_COUNTER = itertools.count()


@pytest.mark.slow
def test_generated_rows_never_match_across_sessions_or_years(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    sessions = {"十届三次会议": world.session3_id, "十届四次会议": world.session4_id,
                "闭会期间": None}
    titles = ["关于养老服务的建议", "关于农村道路的建议", "关于学前教育的建议"]
    for n, (title, sid, year) in enumerate(
            itertools.product(titles, sessions.values(), (2023, 2024))):
        _proposal(db, actor, sid, 100 + n, title, dt.date(year, 5, 1), world.term_id)

    @settings(max_examples=15, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(session=st.sampled_from(sorted(sessions)), year=st.sampled_from([2022, 2023, 2024]),
           title=st.sampled_from(titles), number=st.none() | st.integers(1, 130),
           day=st.integers(1, 28))
    def run(session: str, year: int, title: str, number: int | None, day: int) -> None:
        before = _proposals(db)
        submitted = dt.date(year, 6, day)
        path = book(f"g{next(_COUNTER)}.xlsx", [
            PROPOSAL_HEADER, [session, number, title, "赵敏", submitted.isoformat()]])
        plan = analyse(db, path, "proposals")
        [entry] = plan.entries
        same = {pid for pid, row in before.items() if row[1] == sessions[session]}
        for d in entry.possible:  # only the same 会议 and the same year
            assert d.existing_id in same and before[d.existing_id][4].year == year
            assert before[d.existing_id][3] == title
        if entry.duplicate is not None:  # an exact key: the same 会议 and 提案号
            assert entry.duplicate.existing_id in same
            assert before[entry.duplicate.existing_id][2] == number
        try:
            import_file(db, path, "proposals", actor, error_book=False)
        except ImportRefusedError:
            assert entry.possible or not entry.valid
        after = _proposals(db)
        for pid, row in before.items():
            if row != after[pid]:  # an update: only ever the exact key's record
                assert entry.duplicate is not None and pid == entry.duplicate.existing_id
                assert pid in same and row[2] == number

    run()


def test_members_by_id_or_name_and_birth_month_else_possible(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    MemberService(db).create(actor, {"name": "钱程"})  # no ID, no birth date
    path = book("m.xlsx", [["姓名", "出生年月", "工作单位及职务"],
                           ["李强", "1968.05", "县医院"],    # name + birth month: shown to confirm
                           ["李强", "1971.01", "县二中"],    # another 李强: new
                           ["钱程", "1980.02", "县三中"]])   # nothing tells: possible duplicate
    plan = analyse(db, path, "members")
    assert [(e.row, e.duplicate.reason) for e in plan.duplicates] == [(2, "姓名和出生年月相同")]
    assert [e.row for e in plan.undecided] == [4]
    assert "可能就是已有的委员“钱程”" in str(plan.undecided[0].undecided_note)
    plan.undecided[0].action = "update"
    result = apply(db, plan, actor)
    assert len(result.created) == 1 and len(result.updated) == 2
    with db.reader() as s:
        qian = s.scalars(select(Member).where(Member.name == "钱程")).one()
        assert qian.birth_date == dt.date(1980, 2, 1) and qian.work_unit_post == "县三中"


def test_events_by_date_title_and_kind(db: Any, world: Any, actor: Any,
                                       book: Callable[..., Path]) -> None:
    header = ["名称", "类型", "开始日期", "备注"]
    first = book("e1.xlsx", [header, ["月度协商座谈会", "座谈会", "2024-05-06", "一"]])
    assert len(import_file(db, first, "events", actor).created) == 1
    again = book("e2.xlsx", [header, ["月度协商座谈会", "座谈会", "2024-05-06", "二"],
                             ["月度协商座谈会", "座谈会", "2024-06-03", "三"]])
    result = import_file(db, again, "events", actor)
    assert len(result.updated) == 1 and len(result.created) == 1  # another day: another one
    with db.reader() as s:
        kinds = [k.name for k in s.scalars(select(EventKind))]
    other = next(k for k in kinds if k != "座谈会")
    third = book("e3.xlsx", [header, ["月度协商座谈会", other, "2024-05-06", "四"]])
    with pytest.raises(ImportRefusedError) as refused:
        import_file(db, third, "events", actor, error_book=False)
    assert "名称和开始日期相同，活动类型或主题不同" in str(refused.value.problems[0])
    with db.reader() as s:
        assert sorted(e.notes for e in s.scalars(select(Event))) == ["三", "二"]


def test_opinions_by_serial_or_date_and_title(db: Any, world: Any, actor: Any,
                                              book: Callable[..., Path]) -> None:
    header = ["登记号", "标题", "收到日期", "报送人"]
    first = book("o1.xlsx", [header, ["2024-001", "关于物业管理的建议", "2024-01-05", "张琳"],
                             [None, "关于停车难的建议", "2024-02-05", "张琳"]])
    assert len(import_file(db, first, "opinions", actor).created) == 2
    second = book("o2.xlsx", [header, ["2024-001", "关于物业管理的建议（修改稿）", "2024-01-06",
                                       "张琳"],
                              ["2024-002", "关于物业管理的建议", "2024-03-05", "李强"]])
    result = import_file(db, second, "opinions", actor)  # another 登记号: another report
    assert len(result.updated) == 1 and len(result.created) == 1
    third = book("o3.xlsx", [header, [None, "关于停车难的建议", "2024-04-05", "张琳"]])
    with pytest.raises(ImportRefusedError) as refused:
        import_file(db, third, "opinions", actor, error_book=False)
    assert "同一年中标题相同" in str(refused.value.problems[0])
    with db.reader() as s:
        assert len(s.scalars(select(OpinionReport)).all()) == 3
