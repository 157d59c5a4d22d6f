"""``generate_demo``: a complete, believable committee in one transaction.

Deterministic: the only source of randomness is ``random.Random(seed)`` and the only notion
of time is ``today`` (default 2025-12-31, so that the county set covers the calendar years
2024 and 2025 completely). Same seed and ``today`` → the same rows, ids included.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from app.db.engine import Database
from app.demo.context import DemoCancelled, DemoContext
from app.demo.dates import add_years
from app.demo.events import EventMaker
from app.demo.grassroots import build_grassroots
from app.demo.honors import build_honors
from app.demo.members import build_members
from app.demo.names import NameMaker
from app.demo.opinions import OpinionMaker
from app.demo.org import build_org
from app.demo.proposals import ProposalMaker
from app.demo.scale import SCALES, DemoScale
from app.demo.writer import RowWriter
from app.errors import AppError
from app.models import Member, Proposal
from app.services.seed import seed_reference_data

DEFAULT_TODAY = dt.date(2025, 12, 31)

Progress = Callable[[str, float], None]


class DemoError(AppError):
    """The demo cannot be generated into this database."""


@dataclass(frozen=True)
class DemoSummary:
    """Rows written per record type (``units`` counts only the units the demo added)."""

    scale: str
    seed: int
    today: dt.date
    terms: int
    sessions: int
    members: int
    current_members: int  # seated on ``today``
    standing_members: int  # 常委 (leaders included) seated on ``today``
    member_terms: int
    units: int
    unit_memberships: int
    departments: int
    events: int
    participations: int
    outcomes: int
    instructions: int
    proposals: int
    proposal_cosigners: int
    proposal_assignments: int
    supervision_records: int
    opinion_reports: int
    opinion_submitters: int
    opinion_forwards: int
    honors: int
    platforms: int = 0
    platform_sessions: int = 0
    publications: int = 0
    media_reports: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def describe(self) -> str:
        """A few lines in Chinese for the CLI and the GUI's confirmation message."""
        return "\n".join(
            (
                f"委员 {self.members} 人（截至{self.today.year}年{self.today.month}月"
                f"{self.today.day}日在任 "
                f"{self.current_members} 人，其中常委 {self.standing_members} 人），"
                f"届次 {self.terms} 届，各届全体会议 {self.sessions} 次（含已排定的下次会议）",
                f"会议、协商和履职活动 {self.events} 次，参加记录 {self.participations} 条，"
                f"协商调研成果 {self.outcomes} 篇",
                f"提案 {self.proposals} 件，交办记录 {self.proposal_assignments} 条，"
                f"督办 {self.supervision_records} 次",
                f"社情民意信息 {self.opinion_reports} 篇，上报 {self.opinion_forwards} 次，"
                f"领导批示 {self.instructions} 件，表彰 {self.honors} 项",
                f"协商议事平台 {self.platforms} 个，议事活动 {self.platform_sessions} 次，"
                f"文史资料 {self.publications} 部，媒体报道 {self.media_reports} 篇",
            )
        )

    @property
    def total_rows(self) -> int:
        return sum(
            v
            for k, v in asdict(self).items()
            if isinstance(v, int) and k not in ("seed", "current_members", "standing_members")
        )


def generate_demo(
    db: Database,
    *,
    scale: str | DemoScale = "county",
    seed: int = 2025,
    today: dt.date | None = None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Fill an empty database (reference data only) with a demo committee.

    ``scale`` is "county" (a county committee, two years of activity), "city-decade" (the
    benchmark: a city committee over ten years) or a ``DemoScale``. ``progress`` receives a
    Chinese message and a fraction per stage; ``should_cancel`` is polled between stages and
    between chunks of rows — when it returns True, ``DemoCancelled`` is raised and nothing is
    written. Raises ``DemoError`` if the database already holds members or proposals.
    """
    params = SCALES.get(scale) if isinstance(scale, str) else scale
    if params is None:
        raise DemoError(f"未知的演示数据规模“{scale}”，可选：{'、'.join(SCALES)}。")
    today = today or DEFAULT_TODAY
    if not params.term_start < today < add_years(params.term_start, 5):
        raise DemoError(f"演示数据的截止日期须在本届任期内（{params.term_start}起五年）。")
    report = progress or (lambda _message, _fraction: None)

    def check_cancel() -> None:
        if should_cancel is not None and should_cancel():
            raise DemoCancelled()

    report("正在准备……", 0.0)
    with db.session() as session:
        seed_reference_data(session)
        for model, what in ((Member, "委员"), (Proposal, "提案")):
            if session.scalar(select(func.count()).select_from(model)):
                raise DemoError(f"数据库中已有{what}数据，演示数据只能生成到新建的空数据库中。")
        writer = RowWriter(
            session, dt.datetime.combine(today, dt.time(9, 0)), on_write=check_cancel
        )
        rng = random.Random(seed)
        ctx = DemoContext(
            rng=rng,
            scale=params,
            today=today,
            writer=writer,
            names=NameMaker(rng),
            check_cancel=check_cancel,
            window_start=dt.date(today.year - params.years + 1, 1, 1),
        )
        stages: list[tuple[str, Callable[[], None], float]] = [
            ("正在建立组织机构和届次……", lambda: build_org(ctx), 0.02),
            ("正在生成委员……", lambda: build_members(ctx), 0.08),
            ("正在生成会议、协商和履职活动……", lambda: EventMaker(ctx).run(), 0.55),
            ("正在生成提案及办理情况……", lambda: ProposalMaker(ctx).run(), 0.1),
            ("正在生成社情民意信息……", lambda: OpinionMaker(ctx).run(), 0.15),
            ("正在生成表彰……", lambda: build_honors(ctx), 0.02),
            ("正在生成协商议事、文史和媒体报道……", lambda: build_grassroots(ctx), 0.01),
        ]
        done = 0.0
        for message, stage, weight in stages:
            check_cancel()
            report(message, done)
            stage()
            done += weight
        check_cancel()
        report("正在写入数据库……", done)
        writer.finish()
        writer.fix_sequences()
        check_cancel()
        summary = _summary(ctx, params.name, seed)
    db.refresh_statistics()  # the planner's statistics for the new rows (issue 15)
    report("演示数据已生成。", 1.0)
    return summary


def _summary(ctx: DemoContext, scale: str, seed: int) -> DemoSummary:
    counts = ctx.writer.counts
    current = [s for s in ctx.seats[ctx.current_term.id] if s.active_on(ctx.today)]
    return DemoSummary(
        scale=scale,
        seed=seed,
        today=ctx.today,
        terms=counts["terms"],
        sessions=counts["plenary_sessions"],
        members=counts["members"],
        current_members=len(current),
        standing_members=sum(1 for s in current if s.standing_on(ctx.today)),
        member_terms=counts["member_terms"],
        units=counts["units"],
        unit_memberships=counts["unit_memberships"],
        departments=counts["departments"],
        events=counts["events"],
        participations=counts["participations"],
        outcomes=counts["outcomes"],
        instructions=counts["instructions"],
        proposals=counts["proposals"],
        proposal_cosigners=counts["proposal_cosigners"],
        proposal_assignments=counts["proposal_assignments"],
        supervision_records=counts["supervision_records"],
        opinion_reports=counts["opinion_reports"],
        opinion_submitters=counts["opinion_submitters"],
        opinion_forwards=counts["opinion_forwards"],
        honors=counts["honors"],
        platforms=counts["platforms"],
        platform_sessions=counts["platform_sessions"],
        publications=counts["publications"],
        media_reports=counts["media_reports"],
    )
