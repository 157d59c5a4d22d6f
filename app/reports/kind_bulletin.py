"""委员年度履职情况通报: the year's 履职考核 figures, the 优秀 members and, only when the office
chooses (``include_below_minimum``), the members who missed their minimum duties."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.domain.enums import GradeMode, ScoreGrade
from app.domain.scoring import fmt_points
from app.reports.context import Build, base_context
from app.reports.template_objects import RecordList, row
from app.scoring.engine import MemberScore, compute_scores

if TYPE_CHECKING:
    from app.reports.kinds import ReportRequest


def _by_strokes(members: list[MemberScore]) -> list[MemberScore]:
    return sorted(members, key=lambda m: (m.sort_number is None, m.sort_number or 0,
                                          m.stroke_key, m.member_id))


def _rows(b: Build, key: str, label: str, members: list[MemberScore]) -> RecordList:
    rows = [row(name=m.name, sector=m.sector, group=m.group, total=fmt_points(m.total),
                rank=str(m.rank), grade=m.grade.label, missing="；".join(m.missing))
            for m in members]
    return RecordList(b.tracker, key, label, "members", rows, [m.member_id for m in members],
                      b.scope.label, b.period.label)


def bulletin_context(b: Build, req: ReportRequest) -> dict[str, Any]:
    year = b.period.end.year
    scores = compute_scores(b.db, year)  # creates the year's rule set on first use
    rs = scores.rule_set
    context = base_context(b)
    if rs.grade_mode == GradeMode.SHARE:
        grading = (f"得分前{rs.excellent_share}%的委员评为优秀、其后{rs.good_share}%评为良好，"
                   f"{fmt_points(rs.pass_min)}分以上为称职")
    else:
        grading = (f"{fmt_points(rs.excellent_min)}分以上为优秀、{fmt_points(rs.good_min)}分以上"
                   f"为良好、{fmt_points(rs.pass_min)}分以上为称职")
    excellent = _by_strokes([m for m in scores.members if m.grade is ScoreGrade.EXCELLENT])
    missed = _by_strokes([m for m in scores.members if not m.minimum_met])
    context["bulletin"] = row(
        year=str(year), minimum=rs.minimum_text(), grading=grading,
        base=fmt_points(rs.base_score), include_missed=bool(req.include_below_minimum))
    context["excellent"] = _rows(b, "scoring_excellent", "履职考核优秀委员", excellent)
    context["missed"] = _rows(b, "scoring_missed", "未完成最低履职要求的委员",
                              missed if req.include_below_minimum else [])
    context["sector_groups"] = [
        row(name=g.name, members=str(g.members), average=fmt_points(g.average),
            excellent=str(g.excellent), rank=str(g.rank))
        for g in scores.groups("sector_group")]
    return context
