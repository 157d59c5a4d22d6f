"""委员履职考核表: every member's score of a year by category, laid out for printing, and the
plain data the CLI prints as JSON."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from app.db.engine import Database
from app.domain.scoring import ADJUSTMENT_ITEM, BASE_ITEM, CATEGORIES, fmt_points
from app.exchange.layout import write_table
from app.exchange.standard_tables import committee_title
from app.scoring.engine import MemberScore, YearScores

ORDERS = {"score": "按得分", "strokes": "按姓氏笔画"}


def number(value: Decimal) -> int | float:
    """A JSON number: 10 rather than 10.0, 2.5 as it is."""
    return int(value) if value == value.to_integral_value() else float(value)


def ordered(scores: YearScores, order: str) -> list[MemberScore]:
    if order == "strokes":
        return sorted(scores.members, key=lambda m: (m.sort_number is None, m.sort_number or 0,
                                                     m.stroke_key, m.member_id))
    return list(scores.members)


def member_json(m: MemberScore) -> dict[str, Any]:
    return {
        "member": m.name, "member_id": m.member_id, "sector": m.sector,
        "total": number(m.total), "grade": m.grade.label, "rank": m.rank,
        "minimum_met": m.minimum_met, "missing": list(m.missing), "warnings": list(m.warnings),
        "items": [{"rule": i.rule, "label": i.label, "points": number(i.points),
                   "count": i.count, "entity": i.entity, "records": list(i.records),
                   "note": i.note} for i in m.items],
    }


def _points(m: MemberScore, rule: str) -> Decimal:
    return sum((i.points for i in m.items if i.rule == rule), Decimal(0))


def write_score_table(db: Database, path: Path | str, scores: YearScores,
                      order: str = "score") -> Path:
    """One line per member: points by category, base, adjustments, total, rank, grade, and the
    minimum duties missed."""
    headers = ["序号", "姓名", "界别", *(f"{label}\n（分）" for _, label in CATEGORIES),
               "基础分", "考核\n加减分", "总分", "名次", "等次", "备注"]
    rows: list[list[Any] | str] = []
    for n, m in enumerate(ordered(scores, order), 1):
        remarks = "；".join((*m.missing, *m.warnings))
        rows.append([n, m.name, m.sector,
                     *(fmt_points(m.category_points(code)) for code, _ in CATEGORIES),
                     fmt_points(_points(m, BASE_ITEM)), fmt_points(_points(m, ADJUSTMENT_ITEM)),
                     fmt_points(m.total), m.rank, m.grade.label, remarks])
    counts = scores.grade_counts()
    rs = scores.rule_set
    grading = (f"优秀为得分前{rs.excellent_share}%，良好为其后{rs.good_share}%"
               if rs.grade_mode.value == "share" else
               f"优秀{fmt_points(rs.excellent_min)}分以上，良好{fmt_points(rs.good_min)}分以上")
    notes = [
        f"注：按{scores.year}年度履职考核规则计分；{grading}，"
        f"称职{fmt_points(rs.pass_min)}分以上；未完成最低履职要求的最高评为称职。",
        f"最低履职要求：{rs.minimum_text()}。",
        "等次人数：" + "，".join(f"{g.label}{c}人" for g, c in counts.items())
        + f"；平均得分{fmt_points(scores.average)}分。",
        "每一分的来历见“履职考核”页或 python main.py score --member 姓名。",
    ]
    return write_table(
        path, "委员履职考核表", f"{committee_title(db)}委员履职考核表",
        f"（{scores.year}年度，{ORDERS.get(order, '按得分')}排列）", headers, rows,
        widths=[5, 9, 12], center_columns=list(range(3, 14)), notes=notes)
