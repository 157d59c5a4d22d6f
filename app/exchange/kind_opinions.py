"""社情民意信息: one line per item; each 上报 (市政协, 省政协, 全国政协) and its 采用 on a line
of its own below the item (the item's own cells left blank or merged down).

报送人 lists members, and informants who are not members ("王某（非委员）"); a name that is
no member's is taken as such an informant, with a notice.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import ForwardLevel, OpinionStatus
from app.domain.schema import OPINION, OPINION_FORWARD
from app.exchange.aliases import enum_member
from app.exchange.history import History, write_with_history
from app.exchange.kinds import Column, Context, ImportKind, cell_value, col
from app.exchange.model import Entry
from app.exchange.normalize import CellError, person_name, split_items
from app.models import OpinionForward, OpinionReport
from app.services.context import Actor, Changes
from app.services.opinions import OpinionService

OP, F = OPINION, OPINION_FORWARD
NOT_MEMBER = "非委员"
_ARCHIVED = "不采用："  # how ``archive`` writes its reason into the 备注


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
# Written by the service's 编发 step (``_history``), never by the record's create or update.
_ISSUE = ("issued_on", "bulletin_year", "bulletin_no")
_FIELDS = [c.key for c in COLUMNS if c.key in OP.fields and c.key not in _ISSUE]


class OpinionKind(ImportKind):
    name = "opinions"
    label = "社情民意信息"
    title = "社情民意信息导入模板"
    rtype = OPINION
    service = OpinionService
    svc: OpinionService
    columns = COLUMNS
    continuation = True
    key_rule = "社情民意信息按登记号，或收到日期和标题确认是同一条"
    key_fix = "填写登记号或核对收到日期"
    flush_each = True  # the history's steps audit the item by its id

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
        """Write the item and its history (in a savepoint: kept only when every step
        passed); ``write`` hands over what was written."""
        data = self.data(entry, _FIELDS, current)
        status = data.pop("status", None)
        if status in (OpinionStatus.RECEIVED, OpinionStatus.EDITING):
            data["status"] = status  # no step sets these: the record's own field
            # with a 编发日期 too: the service's own check says they disagree
            data.update({k: entry.values[k] for k in _ISSUE if entry.values.get(k) is not None})
        people = entry.extra.get("submitters", [])
        extra = {"submitters": [{"member_id": m} if m else {"name": n} for m, n in people]} \
            if people or current is None else {}
        reason = None
        if status == OpinionStatus.ARCHIVED and getattr(current, "status", None) != status:
            notes, reason = _archive_reason(data.pop("notes", None) or "")
            if notes or current is None:  # the step adds its reason to the stored 备注
                data["notes"] = notes
        values = self.check_record(session, ctx, entry, data, extra, current)
        self._input_problems(entry, ctx)
        return write_with_history(
            self, session, entry, ctx, values, current, extra,
            lambda h, obj: self._history(session, h, entry, ctx, obj, status, reason),
            ("submitters", "forwards"))

    def _input_problems(self, entry: Entry, ctx: Context) -> None:
        """Values of the row no step would take (they would be dropped silently)."""
        for row in entry.extra.get("forwards", []):
            if row.get("adopted") is False and row.get("adopted_on") is not None:
                entry.problems.append(self.problem(
                    ctx, row["_row"], "forward.adopted_on", self.cell(entry, "forward.adopted_on",
                                                                      row["_row"]),
                    "填写了采用日期，但“是否采用”为“否”"))

    def _history(self, session: Session, h: History, entry: Entry, ctx: Context,
                 report: OpinionReport, status: OpinionStatus | None, reason: str | None
                 ) -> None:
        """Each step of the row's history the item has not had yet, through the service's
        own steps (as the 社情民意 page's buttons call them): 编发, 不采用, 上报, 采用."""
        svc, v, actor = self.svc, entry.values, ctx.actor
        issue = {k: v.get(k) for k in _ISSUE}
        if (status == OpinionStatus.ISSUED or any(x is not None for x in issue.values())) \
                and not all(x is None or getattr(report, k) == x for k, x in issue.items()):
            given = {k: x if x is not None else getattr(report, k) for k, x in issue.items()}
            h.step(lambda: svc.issue_in(session, actor, report, **given), key="issued_on")
        if status == OpinionStatus.ARCHIVED and report.status != OpinionStatus.ARCHIVED:
            h.step(lambda: svc.archive_in(session, actor, report, reason or ""), key="status",
                   fields={"note": "notes"})
        rows = entry.extra.get("forwards", [])
        for row in rows:
            done = _forward(report, row["level"])
            if done is None or row.get("forwarded_on") not in (None, done.forwarded_on):
                h.step(partial(svc.forward_in, session, actor, report, row["level"],
                               row.get("forwarded_on")),
                       key="forward.level", row=row["_row"], prefix="forward.")
        for row in rows:
            if not (row.get("adopted") or row.get("adopted_on") is not None):
                continue
            done = _forward(report, row["level"])
            if done is not None and done.adopted and row.get("adopted_on") in (
                    None, done.adopted_on) and (row.get("outlet") or "") in ("", done.outlet):
                continue
            adopted_on = row.get("adopted_on") or (done.adopted_on if done else None)
            outlet = row.get("outlet") or (done.outlet if done else "")
            h.step(partial(svc.record_adoption_in, session, actor, report, row["level"],
                           adopted_on, outlet or ""),
                key="forward.adopted", row=row["_row"], prefix="forward.")

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        """What ``validate`` wrote (the item and its history), and whom it concerns."""
        obj, ctx.changed = prepared
        members = {m for m, _ in entry.extra.get("submitters", []) if m}
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


def _forward(report: OpinionReport, level: ForwardLevel) -> OpinionForward | None:
    return next((f for f in report.forwards if f.level == level), None)


def _archive_reason(notes: str) -> tuple[str, str]:
    """The 备注 of an item imported as 不采用, and the reason its 不采用 step records: the
    line “不采用：…” the step itself wrote (an exported item), else the whole 备注."""
    lines = notes.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(_ARCHIVED):
            return "\n".join(lines[:i] + lines[i + 1:]), line.removeprefix(_ARCHIVED)
    return "", notes
