"""社情民意信息: one line per item; each 上报 (市政协, 省政协, 全国政协) and its 采用 on a line
of its own below the item (the item's own cells left blank or merged down).

报送人 lists members, and informants who are not members ("王某（非委员）"); a name that is
no member's is taken as such an informant, with a notice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import ForwardLevel, OpinionStatus
from app.domain.schema import OPINION, OPINION_FORWARD
from app.errors import FieldProblem
from app.exchange.aliases import enum_member
from app.exchange.kinds import Column, Context, ImportKind, cell_value, col, upsert
from app.exchange.model import Entry
from app.exchange.normalize import CellError, person_name, split_items
from app.models import OpinionForward, OpinionReport, OpinionSubmitter
from app.services.context import Actor, Changes
from app.services.opinions import (
    SUBMITTER_NAME_LENGTH,
    OpinionService,
    adoption_problems,
    forward_problems,
    forward_refusal,
    issue_problems,
    issue_refusal,
)
from app.services.validation import clean

OP, F = OPINION, OPINION_FORWARD
NOT_MEMBER = "非委员"
_FORWARD_KEYS = ("level", "forwarded_on", "adopted", "adopted_on", "outlet")


def _child(name: str, *aliases: str, note: str = "", width: float = 11) -> Column:
    parse = "list" if name == "level" else None
    return col(F, name, *aliases, key=f"forward.{name}", parse=parse, child=True, note=note,
               width=width)


COLUMNS: tuple[Column, ...] = (
    col(OP, "serial_no", "收文号", "收文登记号", "信息编号", width=10),
    col(OP, "title", "信息标题", "题目", "信息名称", width=36, note="必填。"),
    col(OP, "category", "信息类别", width=10),
    col(OP, "received_on", "报送日期", "收稿日期", "收集日期", width=12, note="必填。"),
    col(OP, "body", "信息内容", "主要内容", width=30),
    Column("submitters", "报送人", "list", None,
           ("反映人", "报送委员", "作者", "信息员", "报送人员"), width=16,
           note="委员姓名，用“、”分隔；不是委员的写“王某（非委员）”。至少一位。"),
    col(OP, "status", "状态", "办理状态", width=10,
        note="已收集、编辑中、已编发或不采用；填写了编发日期时可不填。"),
    col(OP, "channel_unit_id", "归口", parse="unit", width=12),
    col(OP, "issued_on", "本级编发日期", width=12),
    col(OP, "bulletin_year", "年份", width=8),
    col(OP, "bulletin_no", "期号", "刊发期号", width=8),
    col(OP, "notes", width=16),
    _child("level", "上报单位", "报送层级", width=10,
           note="市政协、省政协或全国政协。上报几级就在下面各行分别填写（本信息的其他列留空"
                "或合并单元格）。"),
    _child("forwarded_on", width=12),
    _child("adopted", "是否采用", "被采用", width=8),
    _child("adopted_on", width=12),
    _child("outlet", "采用载体", width=14),
)
_FIELDS = [c.key for c in COLUMNS if c.key in OP.fields]


class OpinionKind(ImportKind):
    name = "opinions"
    label = "社情民意信息"
    title = "社情民意信息导入模板"
    rtype = OPINION
    service = OpinionService
    columns = COLUMNS
    continuation = True
    key_rule = "社情民意信息按登记号，或收到日期和标题确认是同一条"
    key_fix = "填写登记号或核对收到日期"

    def prepare(self, entry: Entry, ctx: Context) -> None:
        people: list[tuple[int | None, str]] = []
        for item in entry.values.pop("submitters", None) or []:
            name, notes = split_items(item)
            if NOT_MEMBER in notes:
                people.append((None, person_name(name)))
                continue
            try:
                member_id, _rest = ctx.lookups.member(name, notes)
            except CellError as exc:
                if ctx.lookups.members.get(person_name(name)):
                    entry.problems.append(self.problem(ctx, entry.row, "submitters", item,
                                                       str(exc)))
                    continue
                entry.problems.append(self.problem(
                    ctx, entry.row, "submitters", item,
                    f"“{name}”不是本会委员，将作为非委员报送人登记（可写成“{name}（非委员）”"
                    "以免再次提示）", warning=True))
                people.append((None, person_name(name)))
                continue
            people.append((member_id, ""))
        for person_id, who in people:  # an informant's name must fit its column
            if person_id is None and len(who) > SUBMITTER_NAME_LENGTH:
                entry.problems.append(self.problem(
                    ctx, entry.row, "submitters", who,
                    f"报送人姓名不能超过{SUBMITTER_NAME_LENGTH}个字（现有{len(who)}个字）"))
        entry.extra["submitters"] = people
        forwards: list[dict[str, Any]] = []
        for child in entry.children:
            row = {k.removeprefix("forward."): v for k, v in child.items() if k != "_row"}
            levels = row.pop("level", None) or []
            if not levels:
                if any(v not in (None, "") for v in row.values()):
                    entry.problems.append(self.problem(
                        ctx, child["_row"], "forward.level", None,
                        "填写了上报或采用情况，但没有填写上报层级", label=F.label_of("level")))
                continue
            for item in levels:
                try:
                    level = enum_member(ForwardLevel, split_items(item)[0])
                except CellError as exc:
                    entry.problems.append(self.problem(ctx, child["_row"], "forward.level",
                                                       item, str(exc)))
                    continue
                forwards.append(row | {"level": level, "_row": child["_row"]})
        entry.extra["forwards"] = forwards

    # ----- duplicates ------------------------------------------------------------------
    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        if v.get("serial_no"):
            return [("serial", v["serial_no"])]
        if v.get("title") and v.get("received_on"):
            return [("title", v["title"], v["received_on"])]
        return []

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "登记号相同" if key[0] == "serial" else "标题和收到日期相同"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        """The report with the same 登记号; without one, the same title and date received."""
        v = entry.values
        if v.get("serial_no"):
            condition, reason = OpinionReport.serial_no == v["serial_no"], "登记号相同"
        elif v.get("title") and v.get("received_on"):
            condition = (OpinionReport.title == v["title"]) & (
                OpinionReport.received_on == v["received_on"])
            reason = "标题和收到日期相同"
        else:
            return []
        found = session.scalars(select(OpinionReport).where(
            OpinionReport.deleted_at.is_(None), condition)).all()
        return [(r.id, f"社情民意信息“{r.title}”（编号{r.id}）", reason) for r in found]

    def find_possible(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        """The same title in the same year, received another day or under no 登记号 (a
        report with another 登记号 is another report)."""
        v = entry.values
        year = self.year_of(v.get("received_on"))
        if not v.get("title") or year is None:
            return []
        stmt = select(OpinionReport).where(
            OpinionReport.deleted_at.is_(None), OpinionReport.title == v["title"],
            OpinionReport.received_on.between(*year)).order_by(OpinionReport.id)
        if v.get("serial_no"):
            stmt = stmt.where(OpinionReport.serial_no == "")
        return [(r.id, f"社情民意信息“{r.title}”（编号{r.id}，{r.received_on:%Y-%m-%d}收到）",
                 "同一年中标题相同") for r in session.scalars(stmt)]

    # ----- validation and writing ------------------------------------------------------
    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        data = self.data(entry, _FIELDS, current)
        if data.get("issued_on") and data.get("status") is None and (
                current is None or current.status != OpinionStatus.ARCHIVED):
            data["status"] = OpinionStatus.ISSUED
        values = self.check_record(session, ctx, entry, data, {}, current)

        def get(name: str) -> Any:
            return values[name] if name in values else getattr(current, name, None)

        problems: list[FieldProblem] = []
        status = get("status") or OpinionStatus.RECEIVED
        if get("issued_on"):  # 本级编发, by the rules of the service's ``issue``
            refusal = issue_refusal(status)
            if refusal:
                problems.append(FieldProblem("status", OP.label_of("status"), status.label,
                                             refusal))
            # the date received is checked by the service's ``check``
            problems += issue_problems({k: get(k) for k in ("issued_on", "bulletin_year",
                                                             "bulletin_no")}, None)
        people = entry.extra.get("submitters", [])
        if not people and current is None:
            problems.append(FieldProblem("submitters", "报送人", None, "至少需要一位报送人"))
        self.service_problems(ctx, entry, problems)
        forwards = self._forwards(session, entry, ctx, get("received_on"), status)
        return values, people, forwards

    def _forwards(self, session: Session, entry: Entry, ctx: Context, received: Any,
                  status: OpinionStatus) -> list[dict[str, Any]]:
        """The 上报 and 采用 rows, checked with the rules of the service's ``forward`` and
        ``record_adoption`` (one row per level, as the steps allow)."""
        out: list[dict[str, Any]] = []
        seen: dict[Any, Any] = {}  # level → the date of its first row
        for row in entry.extra.get("forwards", []):
            given = {k: row[k] for k in _FORWARD_KEYS if k in row}
            if given.get("adopted_on") and given.get("adopted") is None:
                given["adopted"] = True
            values, problems = clean(session, F, given)
            level, day = values.get("level"), values.get("forwarded_on")
            if level is not None:
                refusal = forward_refusal(status, level, seen.get(level))
                if refusal:
                    problems.append(FieldProblem("level", F.label_of("level"), level.label,
                                                 refusal))
                if day is not None:  # a row without its date has a problem of its own
                    seen.setdefault(level, day)
            problems += forward_problems(day, received)
            adopted_on = values.get("adopted_on")
            if values.get("adopted") and adopted_on is None:
                problems.append(FieldProblem("adopted_on", F.label_of("adopted_on"), None,
                                             "已采用时必须填写采用日期"))
            problems += adoption_problems(adopted_on, day, values.get("outlet") or "")
            self.service_problems(ctx, entry, problems, row=row["_row"], prefix="forward.")
            out.append(values)
        return out

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        values, people, forwards = prepared

        def children(obj: OpinionReport) -> dict[str, tuple[Any, Any]]:
            diff: dict[str, tuple[Any, Any]] = {}
            before = [(s.member_id, s.name) for s in obj.submitters]
            wanted = [(m, n or "") for m, n in people]
            if people and wanted != before:
                obj.submitters = [OpinionSubmitter(member_id=m, name=n, position=i)
                                  for i, (m, n) in enumerate(wanted, start=1)]
                diff["报送人"] = (None, "、".join(
                    ctx.lookups.member_by_id[m].name if m else n for m, n in people))
            changed = upsert(obj.forwards, forwards, "level", lambda v: OpinionForward(**v))
            if changed:
                diff[F.label] = (None, "、".join(r["level"].label for r in changed))
            return diff

        obj = self.save_record(session, actor, ctx, values, current, children)
        members = {m for m, _ in people if m}
        return obj, Changes().add("members", *members) if members else Changes()

    # ----- export ----------------------------------------------------------------------
    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        lk = ctx.lookups
        reports = session.scalars(self.svc.load(
            select(OpinionReport).where(OpinionReport.deleted_at.is_(None))
            .order_by(OpinionReport.received_on, OpinionReport.id))).all()
        for r in reports:
            first: list[Any] = []
            for c in self.columns:
                if c.child:
                    first.append(None)
                elif c.key == "submitters":
                    first.append("、".join(
                        lk.member_label(s.member_id) if s.member_id in lk.member_by_id
                        else f"{s.name}（{NOT_MEMBER}）" for s in r.submitters))
                elif c.key == "channel_unit_id":
                    first.append(lk.unit_names.get(r.channel_unit_id, "")
                                 if r.channel_unit_id else "")
                else:
                    first.append(cell_value(getattr(r, c.key)))
            lines = [first]
            for position, f in enumerate(r.forwards):
                line = first if position == 0 else [None] * len(self.columns)
                for i, c in enumerate(self.columns):
                    if c.child:
                        line[i] = cell_value(getattr(f, c.key.removeprefix("forward.")))
                if position:
                    lines.append(line)
            yield lines
