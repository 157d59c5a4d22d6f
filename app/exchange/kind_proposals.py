"""提案: one line per proposal; further 承办单位 on the lines below it (the proposal's own
cells left blank or merged down), as 提案办理台账 are kept.

届次 and 会议 may be separate columns or part of the number ("十届三次会议第005号"); 联名人 is
a list of names; 承办单位 may also list several departments in one cell
("县住建局（主办）、县交通局（协办）"). Imported proposals carry their whole history
(审查, 交办, 答复, 评价, 重点, 督办, 办结, 优秀), written step by step through the workflow's
own step methods (``app.exchange.history``), so each refusal is the step's own message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import AssignmentRole, ProposalType, ReviewStatus
from app.domain.schema import PROPOSAL, PROPOSAL_ASSIGNMENT, SUPERVISION
from app.exchange.aliases import enum_member
from app.exchange.history import write_with_history
from app.exchange.kinds import Column, Context, ImportKind, cell_value, col
from app.exchange.model import Entry
from app.exchange.normalize import CellError, cn_int, person_name, split_items
from app.exchange.proposal_history import ProposalHistory
from app.models import Proposal, ProposalAssignment
from app.services.context import Actor, Changes
from app.services.proposals import ProposalService
from app.text.numerals import cn_number

P, A = PROPOSAL, PROPOSAL_ASSIGNMENT
_NUMBER = re.compile(r"^(?:(.*?)第)?0*([0-9]+|[零〇一二三四五六七八九十百]+)号?$")
# Written by the workflow's steps (``_history``), never by the record's create or update.
_HISTORY = {"review_status", "reviewed_on", "review_note", "merged_into_id", "is_key",
            "supervision_level", "supervisor", "is_excellent", "closed_on"}


def _child(name: str, *aliases: str, parse: str | None = None, note: str = "",
           width: float = 11) -> Column:
    return col(A, name, *aliases, key=f"assign.{name}", parse=parse, child=True, note=note,
               width=width)


COLUMNS: tuple[Column, ...] = (
    col(P, "term_id", "届别", parse="term", width=8, required=False,
        note="如“第十届”；不填时取“会议”或提案号中的届次，都没有时为当前届次。"),
    col(P, "session_id", "会次", "所属会议", "提交会议", parse="text", width=14,
        note="如“十届三次会议”或“三次会议”；闭会期间提交的写“闭会期间”。"),
    col(P, "number", "案号", "提案编号", parse="text", width=8,
        note="如5、005或“十届三次会议第005号”；不填时自动编号。"),
    col(P, "title", "提案标题", "标题", "提案题目", "题目", width=36, note="必填。"),
    col(P, "body", "内容", width=30),
    col(P, "category", "提案类别", width=12),
    col(P, "type", "提案形式", width=8, required=False,
        note="个人、联名或集体；不填时按提案人自动确定。"),
    col(P, "lead_member_id", "提案人", "领衔人", "领衔提案人", parse="list", width=12,
        note="委员姓名；“提案人”列写了几位时，第一位为第一提案人，其余为联名人。"),
    Column("cosigners", "联名人", "list", None, ("附议人", "联名提案人", "联名委员"), width=20,
           note="委员姓名，用“、”分隔。"),
    col(P, "collective_proposer", "提案单位", width=16, note="集体提案的党派、团体或专委会。"),
    col(P, "channel_unit_id", "归口", parse="unit", width=12),
    col(P, "submitted_on", "提案日期", "提出日期", "提交时间", width=12, note="必填。"),
    col(P, "review_status", "立案情况", "审查情况", width=10,
        note="立案、不予立案、并案、转意见建议或撤案；不填为待审查。"),
    col(P, "reviewed_on", "立案日期", width=12),
    col(P, "review_note", width=16),
    col(P, "merged_into_id", parse="text", width=20, note="并案时填写，如“十届三次会议第005号”。"),
    col(P, "is_key", "是否重点提案", width=8),
    col(P, "supervision_level", width=14),
    col(P, "supervisor", width=12),
    col(SUPERVISION, "supervised_on", key="supervision.supervised_on", width=12,
        required=False, note="填写督办层级时登记一次督办（计入“督办提案”）；不填时按交办日期"
        "（没有时按立案日期）登记。"),
    col(SUPERVISION, "form", "督办形式", key="supervision.form", width=10, required=False,
        note="实地督办、座谈、协商会或书面。"),
    col(P, "is_excellent", "是否优秀提案", width=8),
    col(P, "closed_on", width=12),
    _child("department_id", "办理单位", "承办部门", parse="list", width=18,
           note="承办单位名称或简称。有几个承办单位时，在下面各行分别填写（本提案的其他列留空"
                "或合并单元格），也可在一格中写“县住建局（主办）、县交通局（协办）”。"),
    _child("role", "办理方式", "承办类型", width=8,
           note="主办、协办、会办或分办；不填时第一个为主办，其余为协办。"),
    _child("assigned_on", width=12),
    _child("due_on", "答复期限", width=12, note="不填时为交办日期后3个月。"),
    _child("replied_on", "办复日期", width=12),
    _child("reply_doc_no", "办复文号", width=14),
    _child("reply_class", "答复类别", "办复结果", "答复结果", "办理类别", width=10,
           note="A、B、C或D类。"),
    _child("satisfaction", "提案人意见", "评价结果", "满意程度", width=10),
    _child("evaluated_on", width=12),
    _child("evaluation_note", width=16),
)
_FIELDS = [c.key for c in COLUMNS if c.key in P.fields and c.key not in _HISTORY]


class ProposalKind(ImportKind):
    name = "proposals"
    label = "提案"
    title = "提案导入模板"
    rtype = PROPOSAL
    service = ProposalService
    svc: ProposalService
    columns = COLUMNS
    continuation = True
    key_rule = "提案按届次、会议和提案号确认是同一件"
    key_fix = "填写提案号"
    flush_each = True  # a blank 提案号 takes the next number, counting those just written

    # ----- reading ---------------------------------------------------------------------
    def _series(self, ctx: Context, text: Any, term_id: int | None
                ) -> tuple[int | None, int | None]:
        return ctx.lookups.plenary(text, term_id)

    def _number(self, ctx: Context, text: str, term_id: int | None, session_id: int | None
                ) -> tuple[int | None, int | None, int | None, bool]:
        """(term, session, number, series given) of 5, 005, 第5号 or 十届三次会议第005号."""
        match = _NUMBER.match("".join(text.split()))
        if not match:
            raise CellError("应为提案号，如5、005、第5号或“十届三次会议第005号”")
        number = cn_int(match[2])
        if number is None or number >= 10**6:
            raise CellError("提案号应为不超过六位的数字")
        if match[1]:
            term_id, session_id = self._series(ctx, match[1], term_id)
        return term_id, session_id, number, bool(match[1])

    def prepare(self, entry: Entry, ctx: Context) -> None:
        v = entry.values
        term_id = v.get("term_id")
        session_text = v.get("session_id")
        try:
            term_id, session_id = self._series(ctx, session_text, term_id)
        except CellError as exc:
            entry.problems.append(self.problem(ctx, entry.row, "session_id", session_text,
                                               str(exc)))
            session_id = None
        if v.get("number"):
            try:
                t, s, number, own = self._number(ctx, v["number"], term_id, session_id)
                if own and v.get("term_id") and t != v["term_id"]:
                    raise CellError("其中的届次与“届次”列不一致")
                if own and session_text and s != session_id:
                    raise CellError("其中的会议与“会议”列不一致")
                term_id, session_id, v["number"] = t, s, number
            except CellError as exc:
                entry.problems.append(self.problem(ctx, entry.row, "number", v["number"],
                                                   str(exc)))
                v.pop("number")
        elif "number" in v:
            v["number"] = None
        v["term_id"] = term_id or ctx.lookups.current_term_id
        v["session_id"] = session_id
        self._proposers(entry, ctx)
        if v.get("merged_into_id"):
            text = v.pop("merged_into_id")
            try:
                t, s, number, _ = self._number(ctx, text, v["term_id"], session_id)
                entry.extra["merged"] = (t, s, number)
            except CellError as exc:
                entry.problems.append(self.problem(ctx, entry.row, "merged_into_id", text,
                                                   str(exc)))
        else:
            v.pop("merged_into_id", None)
        self._assignments(entry, ctx)

    def _proposers(self, entry: Entry, ctx: Context) -> None:
        """第一提案人 and 联名人; several names under 提案人 are the lead and the cosigners,
        and a name that is no member's under 提案人 of a 集体 proposal is the proposer."""
        v = entry.values
        leads = v.pop("lead_member_id", None) or []
        names = [("cosigners", item) for item in v.pop("cosigners", None) or []]
        if len(leads) > 1:
            if names:
                entry.problems.append(self.problem(
                    ctx, entry.row, "lead_member_id", "、".join(leads),
                    "只能填写一位第一提案人（联名人请写在“联名人”列）"))
            else:
                names = [("lead_member_id", item) for item in leads[1:]]
        cosigners: list[int] = []
        for key, item in names:
            try:
                cosigners.append(ctx.lookups.member(*split_items(item))[0])
            except CellError as exc:
                entry.problems.append(self.problem(ctx, entry.row, key, item, str(exc)))
        if leads:
            try:
                v["lead_member_id"] = ctx.lookups.member(*split_items(leads[0]))[0]
            except CellError as exc:
                unknown = not ctx.lookups.members.get(person_name(split_items(leads[0])[0]))
                if unknown and v.get("type") in (None, ProposalType.COLLECTIVE) \
                        and len(leads) == 1 and not v.get("collective_proposer"):
                    if v.get("type") is None:
                        entry.problems.append(self.problem(
                            ctx, entry.row, "lead_member_id", leads[0],
                            f"“{leads[0]}”不是本会委员，按集体提案的提案单位登记", warning=True))
                    v["collective_proposer"], v["type"] = leads[0], ProposalType.COLLECTIVE
                else:
                    entry.problems.append(self.problem(ctx, entry.row, "lead_member_id",
                                                       leads[0], str(exc)))
        elif "lead_member_id" in self._present(entry):
            v["lead_member_id"] = None
        if cosigners or {"cosigners", "lead_member_id"} & self._present(entry):
            entry.extra["cosigners"] = cosigners
        if v.get("type") is None and "type" not in self._bad(entry):  # used on creation only
            entry.extra["type"] = (
                ProposalType.COLLECTIVE if v.get("collective_proposer")
                and not v.get("lead_member_id") else ProposalType.JOINT if cosigners
                else ProposalType.INDIVIDUAL)

    @staticmethod
    def _present(entry: Entry) -> set[str]:
        return set(entry.lines[0].cells)

    @staticmethod
    def _bad(entry: Entry) -> set[str]:
        return set().union(*(line.bad for line in entry.lines))

    def _assignments(self, entry: Entry, ctx: Context) -> None:
        rows = []
        for child in entry.children:
            row = {k.removeprefix("assign."): v for k, v in child.items() if k != "_row"}
            items = row.pop("department_id", None) or []
            if not items:
                if any(v not in (None, "") for v in row.values()):
                    entry.problems.append(self.problem(
                        ctx, child["_row"], "assign.department_id", None,
                        "填写了交办、答复或评价情况，但没有填写承办单位",
                        label=A.label_of("department_id")))
                continue
            for item in items:
                head, notes = split_items(item)
                try:
                    one = dict(row) if len(items) == 1 else {
                        k: row.get(k) for k in ("assigned_on", "due_on", "role")}
                    one["department_id"] = ctx.lookups.department(head)
                    for note in notes:
                        one["role"] = enum_member(AssignmentRole, note)
                except CellError as exc:
                    entry.problems.append(self.problem(ctx, child["_row"], "assign.department_id",
                                                       item, str(exc)))
                    continue
                rows.append(one | {"_row": child["_row"]})
        default_roles(rows)
        entry.extra["assignments"] = rows

    def index(self, entries: list[Entry], ctx: Context) -> None:
        ctx.shared["numbers"] = {
            (e.values.get("term_id"), e.values.get("session_id"), e.values.get("number")): e
            for e in entries if e.values.get("number")}

    def order(self, entry: Entry) -> int:
        return 1 if "merged" in entry.extra else 0

    # ----- duplicates ------------------------------------------------------------------
    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        if v.get("number"):
            return [("number", v.get("term_id"), v.get("session_id"), v["number"])]
        year = self.year_of(v.get("submitted_on"))
        return [("title", v.get("term_id"), v.get("session_id"), year, v["title"])] \
            if v.get("title") else []

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "届次、会议和提案号相同" if key[0] == "number" else "届次、会议、年份和案由相同"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        """The proposal with the same 届次, 会议 (or 闭会期间) and 提案号: the only exact key."""
        v = entry.values
        if not v.get("number"):
            return []
        stmt = select(Proposal).where(
            Proposal.deleted_at.is_(None), Proposal.term_id == v.get("term_id"),
            Proposal.number == v["number"], Proposal.session_id.is_(None)
            if v.get("session_id") is None else Proposal.session_id == v["session_id"])
        return [(p.id, f"提案“{self.svc.describe(p)}”（编号{p.id}）", "届次、会议和提案号相同")
                for p in session.scalars(stmt)]

    def find_possible(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        """A row without 提案号 whose 案由 is that of a proposal of the same 届次, the same
        会议 (or both 闭会期间) and the same year: perhaps the same proposal."""
        v = entry.values
        year = self.year_of(v.get("submitted_on"))
        if v.get("number") or not v.get("title") or year is None:
            return []
        stmt = select(Proposal).where(
            Proposal.deleted_at.is_(None), Proposal.term_id == v.get("term_id"),
            Proposal.title == v["title"], Proposal.submitted_on.between(*year),
            Proposal.session_id.is_(None) if v.get("session_id") is None
            else Proposal.session_id == v["session_id"]).order_by(Proposal.id)
        return [(p.id, f"提案“{self.svc.describe(p)}”（编号{p.id}）",
                 "届次、会议、年份和案由相同，本行没有提案号") for p in session.scalars(stmt)]

    # ----- validation and writing ------------------------------------------------------
    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        """Write the proposal and its history (in a savepoint: kept only when every step
        passed); ``write`` hands over what was written."""
        data = self.data(entry, _FIELDS, current)
        if current is None and data.get("type") is None and "type" in entry.extra:
            data["type"] = entry.extra["type"]
        target = self._merge_target(session, entry, ctx)
        extra = {"cosigner_ids": entry.extra["cosigners"]} if "cosigners" in entry.extra \
            and (current is None or entry.extra["cosigners"]) else {}
        values = self.check_record(session, ctx, entry, data, extra, current)
        self._input_problems(entry, ctx, current)
        return write_with_history(
            self, session, entry, ctx, values, current, extra,
            lambda h, obj: ProposalHistory(self.svc, session, h, obj, target).write(),
            ("cosigners", "assignments", "supervisions"))

    def _merge_target(self, session: Session, entry: Entry, ctx: Context) -> int | None:
        """The id of the proposal a 并案 row names (written before it: see ``order``)."""
        if "merged" not in entry.extra:
            return None
        t, s, number = entry.extra["merged"]
        found = session.scalars(select(Proposal.id).where(
            Proposal.deleted_at.is_(None), Proposal.term_id == t, Proposal.number == number,
            Proposal.session_id.is_(None) if s is None else Proposal.session_id == s)).first()
        if found is None:
            other = ctx.shared.get("numbers", {}).get((t, s, number))
            where = f"（本文件第{other.row}行的这件提案有错误，未能导入）" \
                if other is not None and other is not entry else "（本文件和数据库中都没有）"
            entry.problems.append(self.problem(
                ctx, entry.row, "merged_into_id", self.cell(entry, "merged_into_id"),
                f"找不到这件提案{where}"))
        return found

    def _input_problems(self, entry: Entry, ctx: Context, current: Any) -> None:
        """Values of the row no step would take (they would be dropped silently)."""
        v = entry.values
        status = v.get("review_status")
        if status in (None, ReviewStatus.PENDING):
            for key in ("reviewed_on", "review_note"):
                if v.get(key) not in (None, ""):
                    entry.problems.append(self.problem(
                        ctx, entry.row, key, self.cell(entry, key),
                        f"填写了{P.label_of(key)}，但没有填写审查结果（立案情况）"))
        if status != ReviewStatus.MERGED and "merged" in entry.extra:
            entry.problems.append(self.problem(
                ctx, entry.row, "merged_into_id", self.cell(entry, "merged_into_id"),
                "只有审查结果为“并案”的提案才能填写并入提案"))
        if v.get("supervision.supervised_on") is not None and v.get("supervision_level") is None \
                and getattr(current, "supervision_level", None) is None:
            key = "supervision.supervised_on"
            entry.problems.append(self.problem(ctx, entry.row, key, self.cell(entry, key),
                                               "填写了督办日期，但没有填写督办层级"))

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        """What ``validate`` wrote (the record and its history), and whom it concerns."""
        obj, ctx.changed = prepared
        changes = Changes()
        members = {c.member_id for c in obj.cosigners} | {obj.lead_member_id or 0}
        changes.add("members", *(members - {0}))
        rows = entry.extra.get("assignments", [])
        if rows:
            changes.add("departments", *(r["department_id"] for r in rows))
        return obj, changes

    # ----- export ----------------------------------------------------------------------
    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        lk = ctx.lookups
        ids = self.svc.ids()
        by_id = {p.id: p for p in session.scalars(self.svc.load(select(Proposal).where(
            Proposal.deleted_at.is_(None))))}
        for pid in ids:
            p = by_id[pid]
            first = [self._cell(c.key, p, lk, session) for c in self.columns]
            lines = [first]
            for position, a in enumerate(p.assignments):
                line = first if position == 0 else [None] * len(self.columns)
                for i, c in enumerate(self.columns):
                    if c.child:
                        line[i] = self._assign_cell(c.key.removeprefix("assign."), a, lk)
                if position:
                    lines.append(line)
            yield lines

    def _cell(self, key: str, p: Proposal, lk: Any, session: Session) -> Any:
        if self.by_key[key].child:
            return None
        if key == "term_id":
            return lk.term_text(p.term_id)
        if key == "session_id":
            return lk.plenary_text(p.session_id)
        if key == "lead_member_id":
            return lk.member_label(p.lead_member_id) if p.lead_member_id else ""
        if key == "cosigners":
            return "、".join(lk.member_label(c.member_id) for c in p.cosigners)
        if key == "channel_unit_id":
            return lk.unit_names.get(p.channel_unit_id, "") if p.channel_unit_id else ""
        if key.startswith("supervision."):  # the first 督办 at the proposal's own 督办层级
            first = min((r for r in p.supervisions if r.level == p.supervision_level),
                        key=lambda r: (r.supervised_on, r.id), default=None)
            if first is None:
                return ""
            return first.supervised_on if key.endswith("supervised_on") else first.form
        if key == "merged_into_id":
            target = session.get(Proposal, p.merged_into_id) if p.merged_into_id else None
            return number_text(target, lk) if target else ""
        return cell_value(getattr(p, key))

    @staticmethod
    def _assign_cell(name: str, a: ProposalAssignment, lk: Any) -> Any:
        if name == "department_id":
            return lk.department_names.get(a.department_id, "")
        if name == "reply_class":
            return a.reply_class.value if a.reply_class else ""
        return cell_value(getattr(a, name))


def number_text(p: Proposal, lk: Any) -> str:
    """十届三次会议第005号 / 十届闭会期间第012号."""
    series = lk.plenary_text(p.session_id) if p.session_id else \
        f"{cn_number(lk.term_numbers[p.term_id])}届闭会期间"
    return f"{series}第{p.number:03d}号"


def default_roles(rows: list[dict[str, Any]]) -> None:
    """A blank 承办方式: 主办 for the first department, 协办 for the others (the row marks
    ``_role_given`` when its cell gave one)."""
    for position, row in enumerate(rows):
        row["_role_given"] = row.get("role") is not None
        if row.get("role") is None:
            row["role"] = AssignmentRole.LEAD if position == 0 else AssignmentRole.ASSIST
