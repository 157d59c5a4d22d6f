"""``score``: every member's 履职考核 score of a year, explained, as a table, JSON or xlsx."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.errors import AppError


def register(sub: Any) -> None:
    from app.cli.commands import add_db_option

    score = sub.add_parser("score", help="委员年度履职考核：得分、等次和每一分的来历",
                           add_help=False)
    score.add_argument("-h", "--help", action="help", help="显示帮助")
    add_db_option(score)
    score.add_argument("--year", type=int, required=True, metavar="年份", help="考核年度，如 2025")
    score.add_argument("--json", action="store_true",
                       help="以 JSON 输出：每位委员的 member、total、grade 和 items"
                            "（每项的 rule、points、records）")
    score.add_argument("--member", metavar="姓名", help="只列出一位委员的得分明细")
    score.add_argument("--out", type=Path, metavar="文件",
                       help="导出委员履职考核表（.xlsx，A4 横向，可直接打印）")
    score.add_argument("--order", choices=["score", "strokes"], default="score",
                       help="考核表的排列：score 按得分（默认），strokes 按姓氏笔画")
    score.set_defaults(run=run_score)


def run_score(args: argparse.Namespace) -> int:
    from app.cli.commands import existing_db
    from app.domain.schema import RECORD_TYPES
    from app.domain.scoring import fmt_points
    from app.exchange.score_table import member_json, ordered, write_score_table
    from app.scoring.engine import compute_scores
    from app.services.opening import open_database

    if not 1949 <= args.year <= 2100:
        raise AppError(f"考核年度“{args.year}”不对，应为四位年份，如 2025。")
    if args.out is not None and args.out.suffix.lower() != ".xlsx":
        raise AppError(f"考核表“{args.out}”应保存为 .xlsx 文件。")
    db = open_database(existing_db(args.db))
    scores = compute_scores(db, args.year)
    members = ordered(scores, args.order)
    if args.member:
        members = [m for m in members if m.name == args.member.strip()]
        if not members:
            raise AppError(f"{args.year}年度考核名单中没有名为“{args.member}”的委员。")
    if args.out is not None:
        path = write_score_table(db, args.out, scores, args.order)
        print(f"委员履职考核表已导出（{len(scores.members)}人，{args.year}年度）：{path}")
        return 0
    if args.json:
        from app.cli.console import write_json

        write_json([member_json(m) for m in members])
        return 0
    if not scores.members:
        print(f"{args.year}年度没有在任委员，无从考核。")
        return 0
    if args.member:
        for m in members:
            print(f"{m.name}（{m.sector}）{args.year}年度履职考核：{fmt_points(m.total)}分，"
                  f"第{m.rank}名，{m.grade.label}")
            for item in m.items:
                records = "、".join(map(str, item.records[:12]))
                more = f"等{len(item.records)}条" if len(item.records) > 12 else ""
                kind = RECORD_TYPES[item.entity].label if item.entity in RECORD_TYPES else "记录"
                where = f"  {kind}编号：{records}{more}" if records else ""
                print(f"  {item.label}：{fmt_points(item.points)}分"
                      f"{'（' + item.note + '）' if item.note else ''}{where}")
            for line in (*m.missing, *m.warnings):
                print(f"  提示：{line}")
        return 0
    counts = scores.grade_counts()
    print(f"{args.year}年度委员履职考核（{len(scores.members)}人，平均{fmt_points(scores.average)}分；"
          + "，".join(f"{g.label}{n}人" for g, n in counts.items()) + "）")
    print(f"{'名次':>4}  {'姓名':<6}{'界别':<10}{'总分':>6}  等次  备注")
    for m in members:
        note = "；".join((*m.missing, *m.warnings))
        print(f"{m.rank:>4}  {m.name:\u3000<4}  {m.sector[:8]:\u3000<8}  "
              f"{fmt_points(m.total):>6}  {m.grade.label:\u3000<3}  {note}")
    print("（某位委员的得分明细：python main.py score --year "
          f"{args.year} --member 姓名；JSON 见 --json。）")
    return 0
