"""Proposals (提案) through review, 交办, reply, evaluation and closure, as of ``today``.

Each plenary session receives the bulk of a year's proposals; the rest arrive between
plenaries in the term's own series. Dates follow the handling chain, and anything that
would fall after ``today`` has not happened yet, so the most recent proposals stand at
every stage. The last few interim proposals are placed so that each stage is present.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from app.demo import topics as tx
from app.demo.context import DemoContext, SessionInfo, TermInfo
from app.demo.dates import add_months, random_day, weekday_near
from app.demo.events import add_instruction
from app.demo.org import departments_for
from app.domain.enums import (
    AssignmentRole,
    ProposalType,
    ReplyClass,
    ReviewStatus,
    Satisfaction,
    SupervisionLevel,
    UnitKind,
    UnitRole,
)

CATEGORY_WEIGHTS = {
    "economy": 14, "agriculture": 14, "urban_rural": 14, "environment": 7, "education": 10,
    "health": 9, "sci_tech": 3, "culture_tourism": 7, "social": 11, "law_governance": 7,
    "ethnic_religious_hkmt": 1, "other": 3,
}  # fmt: skip
REVIEW_NOTES = {
    ReviewStatus.REJECTED: (
        "所提问题已有明确政策规定", "不属于本级职权范围", "内容较为宽泛，缺乏具体建议",
    ),
    ReviewStatus.CONVERTED: ("转为意见建议送有关部门参考",),
    ReviewStatus.WITHDRAWN: ("提案人申请撤案",),
}  # fmt: skip
_PARTIES = ("民革", "民盟", "民建", "民进", "农工党", "九三学社")
_STAGES = ("pending", "accepted", "assigned", "replied", "evaluated")


@dataclass
class Spec:
    """One proposal before it is written: numbers and references are settled first."""

    submitted: dt.date
    status: ReviewStatus = ReviewStatus.ACCEPTED
    durations: list[int] = field(default_factory=list)  # review, assign, reply, eval, close
    reviewed: dt.date | None = None
    assigned: dt.date | None = None
    key: bool = False  # 重点提案, chosen at the 遴选 meeting


class ProposalMaker:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.interim_no: dict[int, int] = {}
        self.reply_no: Counter[tuple[int, int]] = Counter()
        self.codes = [code for _, code in ctx.proposal_categories] or list(CATEGORY_WEIGHTS)
        self.labels = dict((code, label) for label, code in ctx.proposal_categories)
        self.weights = [CATEGORY_WEIGHTS.get(c, 3) for c in self.codes]
        place = ctx.place
        groups = [u.name.removesuffix("组") + "界别组" for u in ctx.units_of(UnitKind.SECTOR_GROUP)]
        self.collectives = [f"{p}{place}委员会" for p in _PARTIES] + [
            f"{place}工商联",
            f"{place}妇联",
            f"{place}科协",
            f"共青团{place}委员会",
            *groups,
        ]
        self.channels = ctx.units_of(UnitKind.SPECIAL_COMMITTEE)
        self.directors = {
            u.id: next((m for m, r in ctx.unit_members.get(u.id, []) if r is UnitRole.DIRECTOR), 0)
            for u in self.channels
        }

    def run(self) -> None:
        ctx, rng, scale = self.ctx, self.rng, self.ctx.scale
        for year in range(ctx.window_start.year, ctx.today.year + 1):
            start = max(dt.date(year, 1, 1), ctx.window_start)
            end = min(dt.date(year, 12, 31), ctx.today)
            for session in ctx.sessions_between(start, end):
                n = round(scale.proposals_per_year * 0.9 * rng.uniform(0.92, 1.08))
                self._batch(session, n)
            share = ((end - start).days + 1) / 365
            n = round(scale.proposals_per_year * 0.1 * share * rng.uniform(0.85, 1.15))
            days = sorted(random_day(rng, start, end) for _ in range(n))
            specs = [Spec(d, self._interim_status(), self._durations()) for d in days]
            if year == ctx.today.year:
                self._force_stages(specs)
            for spec in sorted(specs, key=lambda s: s.submitted):
                spec.reviewed = spec.submitted + dt.timedelta(days=spec.durations[0])
                spec.assigned = spec.reviewed + dt.timedelta(days=spec.durations[1])
                term = ctx.term_on(spec.submitted)
                self._write(term, None, self._next_interim(term), spec, None)
            ctx.check_cancel()

    def _durations(self) -> list[int]:
        rng = self.rng
        return [
            rng.randint(5, 15),
            rng.randint(5, 12),
            round(rng.triangular(25, 150, 65)),
            rng.randint(7, 35),
            rng.randint(3, 20),
        ]

    def _interim_status(self) -> ReviewStatus:
        statuses = (
            ReviewStatus.ACCEPTED,
            ReviewStatus.REJECTED,
            ReviewStatus.CONVERTED,
            ReviewStatus.WITHDRAWN,
        )
        return self.rng.choices(statuses, (88, 5, 5, 2))[0]

    def _force_stages(self, specs: list[Spec]) -> None:
        """Move the year's latest interim proposals so that ``today`` finds one at each
        stage from 待审查 to 评价 (older ones are closed anyway)."""
        latest = specs[-len(_STAGES) :]
        for k, spec in enumerate(latest):
            cumulative = [sum(spec.durations[: i + 1]) for i in range(5)]
            low = cumulative[k - 1] if k else 0
            elapsed = self.rng.randint(low, cumulative[k] - 1)
            spec.submitted = self.ctx.today - dt.timedelta(days=elapsed)
            spec.status = ReviewStatus.ACCEPTED

    def _next_interim(self, term: TermInfo) -> int:
        if term.id not in self.interim_no:
            before = max(0, (self.ctx.window_start - term.start_on).days) / 365
            self.interim_no[term.id] = round(before * self.ctx.scale.proposals_per_year * 0.1)
        self.interim_no[term.id] += 1
        return self.interim_no[term.id]

    def _batch(self, session: SessionInfo, n: int) -> None:
        """Proposals of one plenary, numbered by arrival, with review outcomes by quota."""
        rng = self.rng
        quota = {
            ReviewStatus.REJECTED: 0.035,
            ReviewStatus.MERGED: 0.03,
            ReviewStatus.CONVERTED: 0.025,
            ReviewStatus.WITHDRAWN: 0.01,
        }
        statuses = [s for s, share in quota.items() for _ in range(max(1, round(n * share)))]
        statuses += [ReviewStatus.ACCEPTED] * (n - len(statuses))
        rng.shuffle(statuses)
        accepted_at = [i for i, s in enumerate(statuses) if s is ReviewStatus.ACCEPTED]
        keys = set(rng.sample(accepted_at, min(len(accepted_at), round(0.045 * len(accepted_at)))))
        term = next(t for t in self.ctx.terms if t.id == session.term_id)
        first = max(session.start_on - dt.timedelta(days=20), term.start_on)
        days = sorted(random_day(rng, first, session.end_on, weekday=False) for _ in range(n))
        reviewed = weekday_near(session.end_on + dt.timedelta(days=rng.randint(3, 10)))
        accepted: list[tuple[int, str]] = []  # (id, category code) for 并案 targets
        written: list[tuple[int, Spec, str]] = []
        for number, (day, status) in enumerate(zip(days, statuses, strict=True), 1):
            if status is ReviewStatus.MERGED and not accepted:
                status = ReviewStatus.ACCEPTED
            spec = Spec(
                day, status, self._durations(), reviewed, session.assign_on, key=number - 1 in keys
            )
            pid, code = self._write(term, session, number, spec, accepted)
            if spec.status is ReviewStatus.ACCEPTED:
                accepted.append((pid, code))
            written.append((pid, spec, code))
        self._mark_excellent(written)

    def _write(
        self,
        term: TermInfo,
        session: SessionInfo | None,
        number: int,
        spec: Spec,
        accepted: list[tuple[int, str]] | None,
    ) -> tuple[int, str]:
        ctx, rng, today = self.ctx, self.rng, self.ctx.today
        code = rng.choices(self.codes, self.weights)[0]
        topic = rng.choice(tx.TOPICS.get(code, tx.TOPICS["other"]))
        kind = rng.choices(list(ProposalType), (60, 30, 10))[0]
        authors = ctx.pick_weighted(
            spec.submitted, 1 + (rng.randint(1, 5) if kind is ProposalType.JOINT else 0)
        )
        lead = authors[0] if authors and kind is not ProposalType.COLLECTIVE else None
        reviewed = spec.reviewed if spec.reviewed and spec.reviewed <= today else None
        status = spec.status if reviewed else ReviewStatus.PENDING
        merged_into = None
        note = rng.choice(REVIEW_NOTES.get(status, ("",)))
        if status is ReviewStatus.MERGED and accepted:
            same = [pid for pid, c in accepted if c == code] or [pid for pid, _ in accepted]
            merged_into = rng.choice(same)
            note = "与相近提案并案办理"
        channel = next((u for u in self.channels if code in u.topic_codes), None)
        w = ctx.place_word
        pid = ctx.writer.add(
            "proposals",
            term_id=term.id,
            session_id=session.id if session else None,
            number=number,
            title=rng.choice(tx.PROPOSAL_TITLES).format(t=topic),
            body=f"当前我{w}{topic}工作取得一定成效，但仍存在统筹不够、投入不足、落实不到位等问题。"
            "建议：一是加强统筹协调；二是加大政策和资金支持；三是强化督促落实。",
            category=self.labels.get(code, code),
            type=kind,
            lead_member_id=lead,
            collective_proposer=rng.choice(self.collectives)
            if kind is ProposalType.COLLECTIVE
            else "",
            channel_unit_id=channel.id if channel else None,
            submitted_on=spec.submitted,
            review_status=status,
            reviewed_on=reviewed,
            review_note=note if reviewed else "",
            merged_into_id=merged_into,
            created_at=dt.datetime.combine(spec.submitted, dt.time(10, 0)),
        )
        if kind is ProposalType.JOINT:
            for position, member_id in enumerate(authors[1:], 1):
                ctx.writer.add(
                    "proposal_cosigners", proposal_id=pid, member_id=member_id, position=position
                )
        spec.status = status
        if status is ReviewStatus.ACCEPTED and spec.assigned and spec.assigned <= today:
            self._assign(pid, spec, code)
        return pid, code

    def _assign(self, pid: int, spec: Spec, code: str) -> None:
        ctx, rng, today = self.ctx, self.rng, self.ctx.today
        assert spec.assigned is not None
        assigned = spec.assigned
        _, _, reply, evaluate, close = spec.durations
        replied = assigned + dt.timedelta(days=reply)
        evaluated = replied + dt.timedelta(days=evaluate)
        closed = evaluated + dt.timedelta(days=close)
        replied_ok = replied <= today
        evaluated_ok = replied_ok and evaluated <= today
        satisfaction = rng.choices(list(Satisfaction), (80, 17, 3))[0] if evaluated_ok else None
        closed_ok = (
            evaluated_ok and closed <= today and satisfaction is not Satisfaction.UNSATISFIED
        )
        departments = departments_for(ctx, code)
        count = rng.choices((1, 2, 3), (60, 30, 10))[0]
        chosen = rng.sample(departments, min(count, len(departments)))
        if rng.random() < 0.5:  # half the time the category's usual unit leads
            first = departments[0]
            if first in chosen:
                chosen.remove(first)
            else:
                chosen.pop()
            chosen.insert(0, first)
        for i, dept in enumerate(chosen):
            lead = i == 0
            values: dict[str, object] = {}
            if lead and replied_ok:
                self.reply_no[(dept.id, replied.year)] += 1
                seq = self.reply_no[(dept.id, replied.year)]
                values = {
                    "replied_on": replied,
                    "reply_doc_no": f"{dept.short_name}函〔{replied.year}〕{seq}号",
                    "reply_class": rng.choices(
                        (ReplyClass.A, ReplyClass.B, ReplyClass.C), (50, 40, 10)
                    )[0],
                }
                if evaluated_ok:
                    values.update(satisfaction=satisfaction, evaluated_on=evaluated)
                    if satisfaction is Satisfaction.UNSATISFIED:
                        values["evaluation_note"] = "提案人对答复不满意，已要求重新办理。"
            elif not lead and replied_ok:  # 会办意见 sent to the lead unit before its reply
                early = replied - dt.timedelta(days=rng.randint(5, 20))
                values = {"replied_on": max(assigned + dt.timedelta(days=5), early)}
            role = (
                AssignmentRole.LEAD
                if lead
                else rng.choice(
                    (AssignmentRole.ASSIST, AssignmentRole.ASSIST, AssignmentRole.JOINT)
                )
            )
            ctx.writer.add(
                "proposal_assignments",
                proposal_id=pid,
                department_id=dept.id,
                role=role,
                assigned_on=assigned,
                due_on=add_months(assigned, 3),
                **values,
            )
        if closed_ok:
            ctx.writer.update_later("proposals", pid, closed_on=closed)
        self._supervise(pid, spec, code, replied if replied_ok else None)

    def _supervise(self, pid: int, spec: Spec, code: str, replied: dt.date | None) -> None:
        """重点提案 with leader supervision; about a third of the others 督办 as well."""
        ctx, rng = self.ctx, self.rng
        assert spec.assigned is not None
        key = spec.key
        wanted = 0.45 if code in ("urban_rural", "agriculture", "education") else 0.28
        if not key and rng.random() >= wanted:
            return
        last = min(replied or add_months(spec.assigned, 3), ctx.today)
        first = spec.assigned + dt.timedelta(days=14)
        if key:
            level = rng.choices(
                (SupervisionLevel.PARTY_GOV_LEADER, SupervisionLevel.CPPCC_LEADER), (40, 60)
            )[0]
            supervisor = self._supervisor(level, spec.assigned)
            ctx.writer.update_later(
                "proposals", pid, is_key=True, supervision_level=level, supervisor=supervisor
            )
            if rng.random() < 0.35:
                add_instruction(ctx, spec.assigned, proposal_id=pid)
            records = [(level, supervisor)] * rng.randint(1, 2)
            records.append((SupervisionLevel.SPECIAL_COMMITTEE, self._director(code)))
        else:
            level = rng.choices(
                (
                    SupervisionLevel.SPECIAL_COMMITTEE,
                    SupervisionLevel.PROPOSALS_COMMITTEE,
                    SupervisionLevel.INSPECTION_OFFICE,
                ),
                (50, 40, 10),
            )[0]
            who = (
                f"{ctx.place_word}委督查室"
                if level is SupervisionLevel.INSPECTION_OFFICE
                else self._director(code)
            )
            records = [(level, who)]
        if last < first:
            return
        for level, leader in records:
            ctx.writer.add(
                "supervision_records",
                proposal_id=pid,
                level=level,
                leader=leader,
                supervised_on=random_day(rng, first, last),
                form=rng.choice(("实地督办", "座谈", "协商会", "书面")),
            )

    def _supervisor(self, level: SupervisionLevel, day: dt.date) -> str:
        ctx = self.ctx
        if level is SupervisionLevel.PARTY_GOV_LEADER:
            return ctx.leaders[self.rng.choice(("head", "executive", "vice_head"))]
        leaders = ctx.term_leaders(day)
        member = self.rng.choice(leaders[:-1] or leaders)
        post = "主席" if member == leaders[0] else "副主席"
        return f"{ctx.place}政协{post}{ctx.member_names[member]}"

    def _director(self, code: str) -> str:
        unit = next((u for u in self.channels if code in u.topic_codes), None)
        if unit is None:
            return ""
        member = self.directors.get(unit.id)
        return f"{unit.name}主任{self.ctx.member_names[member]}" if member else unit.name

    def _mark_excellent(self, written: list[tuple[int, Spec, str]]) -> None:
        """优秀提案, chosen at the year's end among accepted proposals of the session."""
        rng = self.rng
        candidates = [pid for pid, spec, _ in written if spec.status is ReviewStatus.ACCEPTED]
        n = min(len(candidates), max(1, round(len(written) * 0.04)))
        for pid in rng.sample(candidates, n):
            self.ctx.writer.update_later("proposals", pid, is_excellent=True)
