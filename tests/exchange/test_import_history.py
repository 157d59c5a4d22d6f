"""An imported proposal's or 社情民意信息's history is written through the workflow's own step
methods (issue #11, item 6): a row whose history breaks a rule gets exactly the message the
client's step gives, in the row and column that hold the value, and changes nothing; a full
history gives the same records, audit entries and figures as the same steps in the client."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.enums import (
    AssignmentRole,
    AuditAction,
    ForwardLevel,
    ReplyClass,
    ReviewStatus,
    Satisfaction,
    SupervisionLevel,
)
from app.errors import TransitionError, ValidationError
from app.exchange.apply import ImportRefusedError, apply
from app.exchange.model import Problem
from app.exchange.plan import analyse
from app.models import AuditEntry, OpinionReport, Proposal
from app.reports.figures import compute, figures
from app.reports.period import Period
from app.services import audit_chain
from app.services.opinions import OpinionService
from app.services.proposals import ProposalService
from tests.versions import now

D = dt.date
P_HEAD = ["会议", "提案号", "案由", "第一提案人", "提交日期", "审查结果", "审查日期", "审查意见",
          "重点提案", "督办层级", "督办领导", "督办日期", "督办方式", "办结日期", "优秀提案",
          "承办单位", "承办方式", "交办日期", "办理期限", "答复日期", "答复文号", "办理结果",
          "满意度", "评价日期", "评价意见"]
O_HEAD = ["登记号", "标题", "收到日期", "报送人", "处理状态", "编发日期", "刊物年份",
          "《社情民意》期号", "备注", "上报层级", "上报日期", "已采用", "采用日期", "采用刊物"]
TITLE = "关于农村公路养护的建议"
P_BASE = {"会议": "十届三次会议", "提案号": 1, "案由": TITLE, "第一提案人": "张琳",
          "提交日期": "2023-03-02"}
O_BASE = {"登记号": "2024-001", "标题": "关于农村饮水安全的建议", "收到日期": "2024-01-05",
          "报送人": "张琳"}
ACCEPTED = {"审查结果": "立案", "审查日期": "2023-03-10"}


def _lines(head: list[str], main: dict[str, Any], children: list[dict[str, Any]]
           ) -> list[list[Any]]:
    """The record's line (its first child on it) and one line per further child."""
    rows = [[(main | (children[0] if children else {})).get(h) for h in head]]
    rows += [[child.get(h) for h in head] for child in children[1:]]
    return [head, *rows]


def _errors(plan: Any) -> list[str]:
    return [str(p) for p in plan.all_problems() if not p.warning]


def _client_message(replay: Callable[[], Any]) -> str:
    """What the client's step says when it refuses (exactly one problem or refusal)."""
    with pytest.raises((ValidationError, TransitionError)) as caught:
        replay()
    exc = caught.value
    if isinstance(exc, ValidationError):
        assert len(exc.problems) == 1, exc.problems
        return exc.problems[0].message
    return exc.message


# ----- proposals ---------------------------------------------------------------------------
@dataclass
class Case:
    """A history that breaks one rule: the row, where its problem is named (line of the
    record, column, the cell as written) and the client's steps up to the refused one."""

    main: dict[str, Any]
    children: list[dict[str, Any]]
    line: int
    column: str
    cell: Any
    steps: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


LEAD = {"承办单位": "县住建局", "承办方式": "主办", "交办日期": "2023-03-15"}
REPLIED = LEAD | {"答复日期": "2023-05-01", "办理结果": "A类"}
EVALUATED = REPLIED | {"满意度": "满意", "评价日期": "2023-05-10"}
REVIEW = ("review", {"status": ReviewStatus.ACCEPTED, "reviewed_on": D(2023, 3, 10)})
ASSIGN = ("assign", {"department": "县住房和城乡建设管理局", "role": AssignmentRole.LEAD,
                     "assigned_on": D(2023, 3, 15)})
REPLY = ("reply", {"department": "县住房和城乡建设管理局", "replied_on": D(2023, 5, 1),
                   "reply_class": ReplyClass.A})

PROPOSAL_CASES = {
    "review without its reason": Case(
        {"审查结果": "不予立案", "审查日期": "2023-03-10"}, [], 0, "审查意见", None,
        [("review", {"status": ReviewStatus.REJECTED, "reviewed_on": D(2023, 3, 10)})]),
    "review before submission": Case(
        {"审查结果": "立案", "审查日期": "2023-03-01"}, [], 0, "审查日期", "2023-03-01",
        [("review", {"status": ReviewStatus.ACCEPTED, "reviewed_on": D(2023, 3, 1)})]),
    "assignment of a proposal not accepted": Case(
        {}, [LEAD], 0, "承办单位", "县住建局", [ASSIGN]),
    "assignment before the review": Case(
        ACCEPTED, [LEAD | {"交办日期": "2023-03-05"}], 0, "交办日期", "2023-03-05",
        [REVIEW, ("assign", ASSIGN[1] | {"assigned_on": D(2023, 3, 5)})]),
    "a second lead department": Case(
        ACCEPTED, [LEAD, LEAD | {"承办单位": "县交通局"}], 1, "承办方式", "主办",
        [REVIEW, ASSIGN, ("assign", ASSIGN[1] | {"department": "县交通运输局"})]),
    "reply before the assignment": Case(
        ACCEPTED, [REPLIED | {"答复日期": "2023-03-14"}], 0, "答复日期", "2023-03-14",
        [REVIEW, ASSIGN, ("reply", REPLY[1] | {"replied_on": D(2023, 3, 14)})]),
    "evaluation without a reply": Case(
        ACCEPTED, [LEAD | {"满意度": "满意", "评价日期": "2023-05-10"}], 0, "满意度", "满意",
        [REVIEW, ASSIGN, ("evaluate", {"department": "县住房和城乡建设管理局",
                                       "satisfaction": Satisfaction.SATISFIED,
                                       "evaluated_on": D(2023, 5, 10)})]),
    "evaluation before the reply": Case(
        ACCEPTED, [EVALUATED | {"评价日期": "2023-04-30"}], 0, "评价日期", "2023-04-30",
        [REVIEW, ASSIGN, REPLY, ("evaluate", {"department": "县住房和城乡建设管理局",
                                              "satisfaction": Satisfaction.SATISFIED,
                                              "evaluated_on": D(2023, 4, 30)})]),
    "closing before the evaluation": Case(
        ACCEPTED | {"办结日期": "2023-06-01"}, [REPLIED], 0, "办结日期", "2023-06-01",
        [REVIEW, ASSIGN, REPLY, ("close", {"closed_on": D(2023, 6, 1)})]),
    "closing dated before the evaluation": Case(
        ACCEPTED | {"办结日期": "2023-05-05"}, [EVALUATED], 0, "办结日期", "2023-05-05",
        [REVIEW, ASSIGN, REPLY, ("evaluate", {"department": "县住房和城乡建设管理局",
                                              "satisfaction": Satisfaction.SATISFIED,
                                              "evaluated_on": D(2023, 5, 10)}),
         ("close", {"closed_on": D(2023, 5, 5)})]),
    "a key proposal not accepted": Case(
        {"审查结果": "不予立案", "审查日期": "2023-03-10", "审查意见": "不属于提案范围",
         "重点提案": "是"}, [], 0, "重点提案", "是",
        [("review", {"status": ReviewStatus.REJECTED, "reviewed_on": D(2023, 3, 10),
                     "note": "不属于提案范围"}), ("set_key", {"is_key": True})]),
    "an excellent proposal not reviewed": Case(
        {"优秀提案": "是"}, [], 0, "优秀提案", "是", [("set_excellent", {})]),
    "a supervision of a proposal not reviewed": Case(
        {"督办层级": "政协领导督办", "督办日期": "2023-06-03"}, [], 0, "督办层级", "政协领导督办",
        [("add_supervision", {"level": SupervisionLevel.CPPCC_LEADER,
                              "supervised_on": D(2023, 6, 3)})]),
}


def _replay_proposal(db: Any, actor: Any, world: Any, steps: list[tuple[str, dict[str, Any]]],
                     number: int = 1) -> int:
    """The proposal of ``P_BASE`` registered and taken through ``steps`` in the client's
    service, one step (one version) at a time, as the proposal page's buttons do."""
    svc = ProposalService(db)
    pid = svc.create(actor, {"term_id": world.term_id, "session_id": world.session3_id,
                             "number": number, "title": TITLE, "type": "个人",
                             "lead_member_id": world.members["张琳"],
                             "submitted_on": D(2023, 3, 2)}).value.id
    for name, kwargs in steps:
        args = dict(kwargs)
        if "department" in args:
            args["department_id"] = world.departments[args.pop("department")]
        getattr(svc, name)(actor, pid, **args, version=now(svc, pid))
    return pid


FULL_MAIN = ACCEPTED | {"重点提案": "是", "督办层级": "政协领导督办",
                        "督办领导": "县政协副主席李某", "督办日期": "2023-06-03",
                        "督办方式": "实地督办", "办结日期": "2023-08-01", "优秀提案": "是"}
FULL_CHILDREN = [
    EVALUATED | {"答复文号": "住建函〔2023〕5号", "评价意见": "落实到位"},
    {"承办单位": "县交通局", "承办方式": "协办", "交办日期": "2023-03-15", "办理期限": "2023-05-15",
     "答复日期": "2023-04-20", "办理结果": "B类"}]
FULL_STEPS: list[tuple[str, dict[str, Any]]] = [
    REVIEW, ASSIGN,
    ("assign", {"department": "县交通运输局", "role": AssignmentRole.ASSIST,
                "assigned_on": D(2023, 3, 15), "due_on": D(2023, 5, 15)}),
    ("reply", REPLY[1] | {"doc_no": "住建函〔2023〕5号"}),
    ("reply", {"department": "县交通运输局", "replied_on": D(2023, 4, 20),
               "reply_class": ReplyClass.B}),
    ("evaluate", {"department": "县住房和城乡建设管理局", "satisfaction": Satisfaction.SATISFIED,
                  "evaluated_on": D(2023, 5, 10), "note": "落实到位"}),
    ("set_key", {"is_key": True, "supervision_level": SupervisionLevel.CPPCC_LEADER,
                 "supervisor": "县政协副主席李某"}),
    ("add_supervision", {"level": SupervisionLevel.CPPCC_LEADER, "supervised_on": D(2023, 6, 3),
                         "leader": "县政协副主席李某", "form": "实地督办"}),
    ("close", {"closed_on": D(2023, 8, 1)}),
    ("set_excellent", {"is_excellent": True}),
]


def _audit(db: Any, entity: str, record_id: int) -> list[tuple[AuditAction, str]]:
    """The record's audit entries: action and summary, its number written as 第N号."""
    with db.reader() as session:
        rows = session.scalars(select(AuditEntry).where(
            AuditEntry.entity == entity, AuditEntry.entity_id == record_id)
            .order_by(AuditEntry.id)).all()
        return [(r.action, re.sub(r"第\d+号", "第N号", r.summary)) for r in rows]


def _same_figures(db: Any, entity: str, year: int, one: int, other: int) -> int:
    """Every figure about ``entity`` counts both records or neither; how many count them."""
    keys = [f.key for f in figures() if f.entity == entity and not f.subject]
    values = compute(db, keys, Period.year(year), ids=True)
    for key, value in values.items():
        ids = set(value.ids)
        assert (one in ids) == (other in ids), key
    return sum(one in set(v.ids) for v in values.values())


def test_a_full_proposal_history_is_what_the_client_steps_give(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    plan = analyse(db, book("p.xlsx", _lines(P_HEAD, P_BASE | FULL_MAIN, FULL_CHILDREN)),
                   "proposals")
    assert _errors(plan) == []
    [imported] = apply(db, plan, actor).created
    client = _replay_proposal(db, actor, world, FULL_STEPS, number=2)
    svc = ProposalService(db)
    a, b = svc.get(imported), svc.get(client)
    fields = ("type", "review_status", "reviewed_on", "review_note", "is_key",
              "supervision_level", "supervisor", "is_excellent", "closed_on", "lead_member_id",
              "submitted_on", "merged_into_id")
    assert {f: getattr(a, f) for f in fields} == {f: getattr(b, f) for f in fields}
    keys = ("department_id", "role", "assigned_on", "due_on", "replied_on", "reply_class",
            "reply_doc_no", "satisfaction", "evaluated_on", "evaluation_note")
    assert [[getattr(r, k) for k in keys] for r in a.assignments] == \
        [[getattr(r, k) for k in keys] for r in b.assignments]
    assert [(s.level, s.supervised_on, s.leader, s.form) for s in a.supervisions] == \
        [(s.level, s.supervised_on, s.leader, s.form) for s in b.supervisions] != []
    steps_a, steps_b = _audit(db, "proposals", imported), _audit(db, "proposals", client)
    assert steps_a[0][0] == AuditAction.IMPORT and steps_b[0][0] == AuditAction.CREATE
    assert steps_a[1:] == steps_b[1:] and len(steps_a) == 1 + len(FULL_STEPS)
    assert _same_figures(db, "proposals", 2023, imported, client) > 5

    # the same file again finds everything done: nothing changes, nothing is audited
    again = apply(db, analyse(db, book("p2.xlsx", _lines(P_HEAD, P_BASE | FULL_MAIN,
                                                         FULL_CHILDREN)), "proposals"), actor)
    assert again.unchanged == [imported]
    assert _audit(db, "proposals", imported)[1:] == steps_a[1:]


def test_an_imported_update_takes_the_next_steps_only(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    """A proposal already 交办 in the program: the file's 答复 and 评价 are its next steps; a
    different 审查 is refused by the 审查 step (not rewritten)."""
    pid = _replay_proposal(db, actor, world, [REVIEW, ASSIGN])
    plan = analyse(db, book("p.xlsx", _lines(P_HEAD, P_BASE | ACCEPTED, [EVALUATED])),
                   "proposals")
    assert _errors(plan) == []
    assert apply(db, plan, actor).updated == [pid]
    row = ProposalService(db).get(pid).assignments[0]
    assert (row.reply_class, row.satisfaction) == (ReplyClass.A, Satisfaction.SATISFIED)
    assert [s for _, s in _audit(db, "proposals", pid)][-2:] == [
        f"提案“十届三次会议第N号 {TITLE}”：录入“县住房和城乡建设管理局”的答复（A类）",
        f"提案“十届三次会议第N号 {TITLE}”：评价“县住房和城乡建设管理局”的答复为“满意”"]
    changed = P_BASE | {"审查结果": "不予立案", "审查日期": "2023-03-10", "审查意见": "重复"}
    plan = analyse(db, book("p2.xlsx", _lines(P_HEAD, changed, [])), "proposals")
    svc = ProposalService(db)
    message = _client_message(lambda: svc.review(actor, pid, ReviewStatus.REJECTED,
                                                 D(2023, 3, 10), "重复", version=now(svc, pid)))
    assert _errors(plan) == [str(Problem(2, "审查结果", "不予立案", message))]


# ----- 社情民意信息 ------------------------------------------------------------------------
CITY = {"上报层级": "市政协", "上报日期": "2024-01-10"}
ISSUE = {"编发日期": "2024-01-10", "刊物年份": 2024, "《社情民意》期号": 1}

OPINION_CASES = {
    "issued before received": Case(
        ISSUE | {"编发日期": "2024-01-04"}, [], 0, "编发日期", "2024-01-04",
        [("issue", {"issued_on": D(2024, 1, 4), "bulletin_year": 2024, "bulletin_no": 1})]),
    "issued without its number": Case(
        {"编发日期": "2024-01-10", "刊物年份": 2024}, [], 0, "《社情民意》期号", None,
        [("issue", {"issued_on": D(2024, 1, 10), "bulletin_year": 2024,
                    "bulletin_no": None})]),
    "archived without a reason": Case(
        {"处理状态": "不采用"}, [], 0, "备注", None, [("archive", {"note": ""})]),
    "forwarded once archived": Case(
        {"处理状态": "不采用", "备注": "不采用：内容重复"}, [CITY], 0, "上报层级", "市政协",
        [("archive", {"note": "内容重复"}),
         ("forward", {"level": ForwardLevel.CITY, "forwarded_on": D(2024, 1, 10)})]),
    "forwarded before received": Case(
        {}, [CITY | {"上报日期": "2024-01-04"}], 0, "上报日期", "2024-01-04",
        [("forward", {"level": ForwardLevel.CITY, "forwarded_on": D(2024, 1, 4)})]),
    "adopted before forwarded": Case(
        {}, [CITY | {"已采用": "是", "采用日期": "2024-01-09"}], 0, "采用日期", "2024-01-09",
        [("forward", {"level": ForwardLevel.CITY, "forwarded_on": D(2024, 1, 10)}),
         ("record_adoption", {"level": ForwardLevel.CITY, "adopted_on": D(2024, 1, 9)})]),
    "forwarded twice to one level": Case(
        {}, [CITY, CITY | {"上报日期": "2024-01-12"}], 1, "上报层级", "市政协",
        [("forward", {"level": ForwardLevel.CITY, "forwarded_on": D(2024, 1, 10)}),
         ("forward", {"level": ForwardLevel.CITY, "forwarded_on": D(2024, 1, 12)})]),
}


def _replay_opinion(db: Any, actor: Any, world: Any, steps: list[tuple[str, dict[str, Any]]],
                    serial: str = "2024-001") -> int:
    svc = OpinionService(db)
    oid = svc.create(actor, {"serial_no": serial, "title": O_BASE["标题"],
                             "received_on": D(2024, 1, 5),
                             "submitters": [{"member_id": world.members["张琳"]}]}).value.id
    for name, kwargs in steps:
        getattr(svc, name)(actor, oid, **kwargs, version=now(svc, oid))
    return oid


def _client_step(db: Any, actor: Any, world: Any, kind: str, spec: Case
                 ) -> Callable[[], Any]:
    """The record of the case made in the client's service and taken through the steps
    before the refused one; returns that step."""
    *done, (name, kwargs) = spec.steps
    args = dict(kwargs)
    if kind == "opinions":
        record, svc = _replay_opinion(db, actor, world, done), OpinionService(db)
    else:
        record, svc = _replay_proposal(db, actor, world, done), ProposalService(db)
        if "department" in args:
            args["department_id"] = world.departments[args.pop("department")]
    return lambda: getattr(svc, name)(actor, record, **args, version=now(svc, record))


CASES = [("proposals", name) for name in PROPOSAL_CASES] + \
    [("opinions", name) for name in OPINION_CASES]


@pytest.mark.parametrize(("kind", "case"), CASES, ids=[name for _, name in CASES])
def test_a_history_step_refused_as_the_client_refuses_it(
        db: Any, world: Any, actor: Any, book: Callable[..., Path], snapshot: Any,
        kind: str, case: str) -> None:
    """The plan's one error is the client's message for the refused step, named in the
    case's row, column and cell; importing the plan changes nothing."""
    spec = (OPINION_CASES if kind == "opinions" else PROPOSAL_CASES)[case]
    head, base = (O_HEAD, O_BASE) if kind == "opinions" else (P_HEAD, P_BASE)
    plan = analyse(db, book("h.xlsx", _lines(head, base | spec.main, spec.children)), kind)
    found = _errors(plan)
    before = snapshot()
    with pytest.raises(ImportRefusedError):  # all or nothing: the row changes nothing
        apply(db, plan, actor)
    assert snapshot() == before
    message = _client_message(_client_step(db, actor, world, kind, spec))
    assert found == [str(Problem(2 + spec.line, spec.column, spec.cell, message))]


def test_a_full_opinion_history_is_what_the_client_steps_give(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    children = [CITY | {"已采用": "是", "采用日期": "2024-02-01", "采用刊物": "《每日社情》"},
                {"上报层级": "省政协", "上报日期": "2024-01-15"}]
    plan = analyse(db, book("o.xlsx", _lines(O_HEAD, O_BASE | ISSUE, children)), "opinions")
    assert _errors(plan) == []
    [imported] = apply(db, plan, actor).created
    client = _replay_opinion(db, actor, world, [
        ("issue", {"issued_on": D(2024, 1, 10), "bulletin_year": 2024, "bulletin_no": 1}),
        ("forward", {"level": ForwardLevel.CITY, "forwarded_on": D(2024, 1, 10)}),
        ("forward", {"level": ForwardLevel.PROVINCE, "forwarded_on": D(2024, 1, 15)}),
        ("record_adoption", {"level": ForwardLevel.CITY, "adopted_on": D(2024, 2, 1),
                             "outlet": "《每日社情》"})], serial="2024-002")
    with db.reader() as session:
        a, b = session.get(OpinionReport, imported), session.get(OpinionReport, client)
        own = ("status", "issued_on", "bulletin_year", "bulletin_no", "notes", "received_on")
        assert {f: getattr(a, f) for f in own} == {f: getattr(b, f) for f in own}
        keys = ("level", "forwarded_on", "adopted", "adopted_on", "outlet")
        assert [[getattr(f, k) for k in keys] for f in a.forwards] == \
            [[getattr(f, k) for k in keys] for f in b.forwards]
        assert [(s.member_id, s.name) for s in a.submitters] == \
            [(s.member_id, s.name) for s in b.submitters]
    steps_a, steps_b = _audit(db, "opinion_reports", imported), _audit(db, "opinion_reports",
                                                                        client)
    assert steps_a[0][0] == AuditAction.IMPORT and steps_b[0][0] == AuditAction.CREATE
    assert steps_a[1:] == steps_b[1:] and len(steps_a) == 5
    assert _same_figures(db, "opinion_reports", 2024, imported, client) > 3


def test_a_proposal_merged_into_one_later_in_the_file_is_checked_after_it(
        db: Any, world: Any, book: Callable[..., Path]) -> None:
    """The preview checks rows in the order the import writes them: a 并案 after the
    proposal it joins, even when the file lists it first."""
    merged = P_BASE | {"提案号": 2, "案由": "关于乡村公路的建议", "审查结果": "并案",
                       "审查日期": "2023-03-10", "并入提案": "十届三次会议第1号"}
    target = P_BASE | ACCEPTED
    head = [*P_HEAD, "并入提案"]
    rows = [head, [merged.get(h) for h in head], [target.get(h) for h in head]]
    plan = analyse(db, book("p.xlsx", rows), "proposals")
    assert _errors(plan) == []
    with db.reader() as session:
        assert session.scalars(select(Proposal)).all() == []  # a preview writes nothing


def test_an_imported_instruction_is_the_client_s_own_step(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    """A 批示 imported on a proposal or an item is the 登记批示 step of its page: the same
    audit entry, the record's version moved on the same way."""
    imported_p, client_p = (_replay_proposal(db, actor, world, [REVIEW], number=n)
                            for n in (1, 2))
    imported_o, client_o = (_replay_opinion(db, actor, world, [], serial=s)
                            for s in ("2024-001", "2024-002"))
    head = ["批示类型", "提案号", "登记号", "领导级别", "批示人", "批示时间", "批示内容"]
    plan = analyse(db, book("i.xlsx", [
        head, ["提案", "十届三次会议第001号", None, "县级领导", "县长李某", "2024-06-01", "请研究"],
        ["社情民意信息", None, "2024-001", "县级领导", "县长李某", "2024-06-01", "请研究"]]),
        "instructions")
    assert _errors(plan) == []
    apply(db, plan, actor)
    for svc, record in ((ProposalService(db), client_p), (OpinionService(db), client_o)):
        svc.add_instruction(actor, record, "县级领导", "县长李某", D(2024, 6, 1), "请研究",
                            version=now(svc, record))
    assert _audit(db, "proposals", imported_p) == _audit(db, "proposals", client_p)
    assert _audit(db, "opinion_reports", imported_o) == _audit(db, "opinion_reports", client_o)
    assert _audit(db, "proposals", imported_p)[-1] == (
        AuditAction.UPDATE, f"提案“十届三次会议第N号 {TITLE}”：登记县长李某的批示")
    svc = ProposalService(db)
    assert now(svc, imported_p) == now(svc, client_p)


def test_an_item_archived_by_import_keeps_its_notes_and_the_reason(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    """不采用 through the step: its reason is added to the 备注 the item has, as in the
    client; the same file again (the reason now stored) changes nothing."""
    svc = OpinionService(db)
    oid = _replay_opinion(db, actor, world, [])
    svc.update(actor, oid, {"notes": "待核实"}, version=now(svc, oid))
    rows = _lines(O_HEAD, O_BASE | {"处理状态": "不采用", "备注": "不采用：内容重复"}, [])
    assert apply(db, analyse(db, book("o.xlsx", rows), "opinions"), actor).updated == [oid]
    report = svc.get(oid)
    assert (report.status.label, report.notes) == ("不采用", "待核实\n不采用：内容重复")
    assert _audit(db, "opinion_reports", oid)[-1] == (
        AuditAction.UPDATE, f"信息“{O_BASE['标题']}”存档不采用")
    rows = _lines(O_HEAD, O_BASE | {"处理状态": "不采用", "备注": "待核实\n不采用：内容重复"}, [])
    again = apply(db, analyse(db, book("o2.xlsx", rows), "opinions"), actor)
    assert again.unchanged == [oid]


def test_only_the_valid_rows_a_refused_step_leaves_no_trace(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    """``skip_invalid``: the row whose 办结 is refused is rolled back to its savepoint (the
    record and the steps before it too); the other row is written; the audit chain holds."""
    refused = P_BASE | {"提案号": 2, "案由": "关于校车安全的建议"} | ACCEPTED | {
        "办结日期": "2023-06-01"}
    rows = _lines(P_HEAD, P_BASE | FULL_MAIN, FULL_CHILDREN) + \
        _lines(P_HEAD, refused, [REPLIED])[1:]
    result = apply(db, analyse(db, book("p.xlsx", rows), "proposals"), actor, skip_invalid=True)
    assert len(result.created) == 1 and [e.row for e in result.rejected] == [4]
    with db.reader() as session:
        assert [p.title for p in session.scalars(select(Proposal))] == [TITLE]
        audited = set(session.scalars(select(AuditEntry.entity_id).where(
            AuditEntry.entity == "proposals", AuditEntry.entity_id.is_not(None))))
        assert audited == set(result.created)
        assert audit_chain.verify(session) is None
