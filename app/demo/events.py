"""Meetings, consultations and activities with attendance, outcomes and 批示 (the plan of a
year and the titles are in ``event_plan``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.demo import topics as tx
from app.demo.context import DemoContext, SessionInfo, UnitInfo
from app.demo.dates import random_day, weekday_near
from app.demo.event_plan import LEAVE_REASONS, PLANS, Plan, title_and_place
from app.domain.enums import (
    Attendance,
    LeaderLevel,
    OutcomeKind,
    ParticipationRole,
    UnitKind,
)
from app.text.numerals import cn_number


def add_instruction(ctx: DemoContext, after: dt.date, **target: int) -> None:
    """批示 on an outcome, a proposal or an opinion report (``target``: its id), unless the
    day it would fall on is after ``today``."""
    rng = ctx.rng
    day = after + dt.timedelta(days=rng.randint(3, 25))
    if day > ctx.today:
        return
    higher = rng.random() < 0.2
    local_level = LeaderLevel.CITY if ctx.scale.is_city else LeaderLevel.COUNTY
    up_level = LeaderLevel.PROVINCE if ctx.scale.is_city else LeaderLevel.CITY
    keys = (
        ("up_leader", "up_cppcc", "up_head")
        if higher
        else ("secretary", "head", "deputy", "executive", "vice_head")
    )
    gist = rng.choice(
        (
            "请有关部门认真研究吸纳，抓好落实。",
            "报告很有价值，请相关单位参阅。",
            "所提建议很好，请结合实际研究推进。",
            "请分管领导牵头研究办理。",
        )
    )
    ctx.writer.add(
        "instructions",
        level=up_level if higher else local_level,
        leader=ctx.leaders[rng.choice(keys)],
        instructed_on=day,
        gist=gist,
        **target,
    )


LEAVE_APPROVERS = {"全体会议": "政协主席", "常委会议": "政协主席"}


class EventMaker:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.counters: dict[tuple[str, int], int] = {}
        self.lecture_no = 0
        self.by_kind = {
            "office": [ctx.office],
            "research": [ctx.research],
            "committee": ctx.units_of(UnitKind.SPECIAL_COMMITTEE),
            "group": ctx.units_of(UnitKind.SECTOR_GROUP),
            "liaison": ctx.units_of(UnitKind.LIAISON_GROUP),
            "home": ctx.units_of(UnitKind.MEMBER_HOME),
            "studio": ctx.units_of(UnitKind.MEMBER_STUDIO),
        }
        committees = self.by_kind["committee"]
        self.by_kind["proposals"] = [u for u in committees if u.name == "提案委员会"][:1]
        self.by_kind["history"] = [u for u in committees if "文史" in u.name][:1]
        for key in ("proposals", "history"):
            self.by_kind[key] = self.by_kind[key] or [ctx.office]
        self.made = 0

    # ── the year ────────────────────────────────────────────────────────────────────────

    def run(self) -> None:
        ctx, rng = self.ctx, self.rng
        for year in range(ctx.window_start.year, ctx.today.year + 1):
            start = max(dt.date(year, 1, 1), ctx.window_start)
            end = min(dt.date(year, 12, 31), ctx.today)
            share = ((end - start).days + 1) / 365
            for session in ctx.sessions_between(start, end):
                self.plenary(session)
                if session.assign_on <= ctx.today:
                    self.assignment_meeting(session)
            for plan in PLANS:
                expected = plan.per_year * share
                if plan.scaled:
                    expected *= ctx.scale.activity_factor
                count = int(expected) + (1 if rng.random() < expected % 1 else 0)
                days = sorted(random_day(rng, start, end) for _ in range(count))
                for day in days:
                    self.event(plan, day)
            scholarship = weekday_near(dt.date(year, 8, rng.randint(18, 28)))
            if start <= scholarship <= end:
                self.autumn_scholarship(scholarship)

    def _sequence(self, kind: str, day: dt.date, per_year: float) -> int:
        """第N次 within the term, counting the meetings held before the demo's window."""
        term = self.ctx.term_on(day)
        key = (kind, term.id)
        if key not in self.counters:
            before = max(0, (self.ctx.window_start - term.start_on).days) / 365
            self.counters[key] = round(before * per_year)
        self.counters[key] += 1
        return self.counters[key]

    # ── one event ───────────────────────────────────────────────────────────────────────

    def event(self, plan: Plan, day: dt.date) -> None:
        ctx, rng = self.ctx, self.rng
        organizer = rng.choice(self.by_kind[plan.organizer] or [ctx.office])
        code, topic = tx.topic(rng, organizer.topic_codes or None)
        sequence = None
        if plan.kind in ("常委会议", "主席会议"):
            sequence = self._sequence(plan.kind, day, plan.per_year)
        if plan.kind == "委员讲坛":
            self.lecture_no += 1
            sequence = self.lecture_no
        title, place = title_and_place(ctx, plan, organizer, topic, day, sequence)
        members = self._participants(plan, organizer, day)
        leaders = ctx.term_leaders(day)
        if plan.kind in ("视察", "调研", "民主评议") and len(leaders) > 2:
            head = rng.choice(leaders[1:-1])  # a vice-chair leads (带队)
            members = [head, *(m for m in members if m != head)]
        multi = plan.kind in ("视察", "调研") and rng.random() < 0.3
        end = day + dt.timedelta(days=rng.randint(1, 2)) if multi else day
        values: dict[str, object] = {}
        if plan.kind in ("服务为民", "进基层联系群众", "送法下基层"):
            values = self._service(plan.kind)
        guests = {
            "专题协商会": (5, 15),
            "对口协商会": (4, 12),
            "联谊": (10, 40),
            "接待": (5, 20),
            "观摩推进会": (10, 30),
            "座谈会": (0, 10),
        }.get(plan.kind, (0, 0))
        featured = rng.random() < (0.3 if plan.kind == "专题协商会" else 0.02)
        event_id = ctx.writer.add(
            "events",
            title=title,
            kind_id=ctx.kinds[plan.kind],
            start_on=day,
            end_on=end,
            place=place,
            organizer_id=organizer.id,
            sequence_no=sequence,
            topic=topic,
            summary=f"围绕{topic}开展{plan.kind}。",
            featured=featured,
            guests=rng.randint(*guests),
            created_at=dt.datetime.combine(end, dt.time(17, 0)),
            **values,
        )
        self._attend(event_id, plan, members, day)
        if plan.outcome is not None and rng.random() < plan.outcome_share:
            self._outcome(event_id, plan.outcome, topic, end, code)
        self.made += 1
        if self.made % 500 == 0:
            ctx.check_cancel()

    def _participants(self, plan: Plan, organizer: UnitInfo, day: dt.date) -> list[int]:
        ctx, rng = self.ctx, self.rng
        if plan.pool == "all":
            return [s.member_id for s in ctx.active_seats(day)]
        if plan.pool == "standing":
            return [s.member_id for s in ctx.active_seats(day) if s.standing_on(day)]
        leaders = ctx.term_leaders(day)
        if plan.pool == "chairs":
            return leaders
        low, high = plan.size
        if plan.scaled:
            low = max(1, round(low * ctx.scale.participant_factor))
            high = max(low, round(high * ctx.scale.participant_factor))
        k = rng.randint(low, high)
        if plan.pool == "leaders":
            return rng.sample(leaders, min(k, len(leaders)))
        pool = ctx.month_pool(day, organizer.id) if plan.pool == "unit" else []
        if len(pool) < k:
            general = ctx.month_pool(day)
            extra = [
                m for m in rng.sample(general, min(len(general), k + len(pool))) if m not in pool
            ]
            return pool + extra[: k - len(pool)]
        return rng.sample(pool, k)

    def _attend(self, event_id: int, plan: Plan, members: list[int], day: dt.date) -> None:
        ctx, rng = self.ctx, self.rng
        chair = ctx.term_leaders(day)[0] if plan.meeting and ctx.term_leaders(day) else None
        excused, absent = (0.09, 0.02) if plan.meeting else (0.03, 0.0)
        if plan.kind == "全体会议":
            excused, absent = 0.07, 0.02
        speak = 0.3 if plan.kind.endswith("协商会") else 0.0
        lead = plan.kind in ("视察", "调研", "民主评议")
        for i, member_id in enumerate(members):
            role = ParticipationRole.PARTICIPANT
            attendance = Attendance.PRESENT
            reason = ""
            if member_id == chair:
                role = ParticipationRole.HOST
            elif lead and i == 0:
                role = ParticipationRole.LEADER
            else:
                roll = rng.random()
                if roll < excused:
                    attendance, reason = Attendance.EXCUSED, rng.choice(LEAVE_REASONS)
                elif roll < excused + absent:
                    attendance = Attendance.ABSENT
                elif rng.random() < speak or (plan.kind == "委员讲坛" and i == 0):
                    role = ParticipationRole.SPEAKER
            ctx.writer.add(
                "participations",
                event_id=event_id,
                member_id=member_id,
                role=role,
                attendance=attendance,
                leave_reason=reason,
                # 宣威: the chair approves leave from the plenary and the 常委会议, the
                # organising committee's head leave from its activities
                leave_approver=(LEAVE_APPROVERS.get(plan.kind, "组织单位负责人") if reason else ""),
                leave_approved_on=day - dt.timedelta(days=1) if reason else None,
            )

    def _service(self, kind: str) -> dict[str, object]:
        rng = self.rng
        if kind == "服务为民":
            funds = round(rng.uniform(2000, 60000), -2) if rng.random() < 0.25 else 0
            return {
                "people_served": round(rng.triangular(30, 600, 120)),
                "deeds_done": rng.randint(3, 40),
                "funds_raised": Decimal(funds),
                "beneficiaries": rng.randint(5, 80) if funds else 0,
            }
        return {"people_served": rng.randint(20, 300), "deeds_done": rng.randint(2, 20)}

    def _outcome(
        self, event_id: int, kind: OutcomeKind, topic: str, end: dt.date, code: str
    ) -> None:
        ctx, rng = self.ctx, self.rng
        done = end + dt.timedelta(days=rng.randint(10, 45))
        completed = done if done <= ctx.today else None
        aspects = rng.randint(3, 6)
        suffix = {
            OutcomeKind.CONSULTATION_REPORT: "的协商报告",
            OutcomeKind.RESEARCH_REPORT: "情况的调研报告",
            OutcomeKind.INSPECTION_REPORT: "的视察报告",
            OutcomeKind.APPRAISAL: "工作的民主评议意见",
        }.get(kind, "的意见建议")
        adopted = completed is not None and rng.random() < 0.6
        w = ctx.place_word
        outcome_id = ctx.writer.add(
            "outcomes",
            event_id=event_id,
            kind=kind,
            title=f"关于{topic}{suffix}",
            completed_on=completed,
            aspects=aspects,
            items=rng.randint(max(10, aspects * 2), 20),
            problems=rng.randint(3, 6) if kind is not OutcomeKind.SUGGESTION else 0,
            submitted_to=f"{w}委、{w}政府" if completed else "",
            adopted=adopted,
            adoption_note=f"有关建议已被{w}政府采纳，纳入年度重点工作推进。" if adopted else "",
        )
        if completed is not None and rng.random() < 0.3:
            add_instruction(ctx, completed, outcome_id=outcome_id)

    # ── special events ──────────────────────────────────────────────────────────────────

    def plenary(self, session: SessionInfo) -> None:
        ctx = self.ctx
        term = next(t for t in ctx.terms if t.id == session.term_id)
        title = (
            f"政协第{cn_number(term.number)}届{ctx.place}委员会第{cn_number(session.number)}次会议"
        )
        event_id = ctx.writer.add(
            "events",
            title=title,
            kind_id=ctx.kinds["全体会议"],
            start_on=session.start_on,
            end_on=session.end_on,
            place=f"{ctx.place}会议中心",
            organizer_id=ctx.office.id,
            session_id=session.id,
            sequence_no=session.number,
            featured=True,
            guests=self.rng.randint(40, 80),
            summary="听取和审议常务委员会工作报告、提案工作情况报告，列席同级人民代表大会会议。",
        )
        members = [s.member_id for s in ctx.active_seats(session.start_on)]
        plan = Plan("全体会议", 1, "office", "all", scaled=False, meeting=True)
        self._attend(event_id, plan, members, session.start_on)

    def assignment_meeting(self, session: SessionInfo) -> None:
        ctx = self.ctx
        term = next(t for t in ctx.terms if t.id == session.term_id)
        organizer = self.by_kind["proposals"][0]
        event_id = ctx.writer.add(
            "events",
            title=f"{ctx.place}政协{cn_number(term.number)}届{cn_number(session.number)}次会议"
            "提案交办会",
            kind_id=ctx.kinds["交办会"],
            start_on=session.assign_on,
            end_on=session.assign_on,
            place=f"{ctx.place}政协常委会议室",
            organizer_id=organizer.id,
            session_id=session.id,
            guests=len(ctx.departments),
        )
        plan = Plan("交办会", 1, "proposals", "unit", (6, 12), scaled=False, meeting=True)
        self._attend(
            event_id,
            plan,
            self._participants(plan, organizer, session.assign_on),
            session.assign_on,
        )

    def autumn_scholarship(self, day: dt.date) -> None:
        """金秋助学: the one large fund-raising event of the year (S2: 84.3万元, 220余名)."""
        ctx, rng = self.ctx, self.rng
        beneficiaries = rng.randint(212, 236)
        event_id = ctx.writer.add(
            "events",
            title="“金秋助学”活动",
            kind_id=ctx.kinds["服务为民"],
            start_on=day,
            end_on=day,
            place=f"{ctx.place}政协",
            organizer_id=ctx.office.id,
            topic="金秋助学",
            summary="动员委员和社会各界捐资助学，资助考入大学的困难家庭学生。",
            featured=True,
            people_served=beneficiaries,
            funds_raised=Decimal(round(rng.uniform(780e3, 880e3), -2)),
            beneficiaries=beneficiaries,
            guests=rng.randint(10, 30),
        )
        plan = Plan("服务为民", 1, "office", "any", (20, 40), scaled=False)
        self._attend(event_id, plan, self._participants(plan, ctx.office, day), day)
