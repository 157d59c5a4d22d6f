"""The engine around rendering: 数据底稿, progress and cancel, all-or-nothing writes, the
history of generated documents, the CLI, and the font scheme."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.errors import AppError
from app.reports.engine import ReportCancelledError, generate
from app.reports.figures import compute
from app.reports.kinds import KINDS, ReportRequest, get_kind
from app.reports.period import Period


def test_evidence_book_lists_every_figure_and_its_records(documents, report_demo
                                                          ) -> None:
    book = documents["work-report"].with_name("work-数据底稿.xlsx")
    wb = load_workbook(book)
    assert wb.sheetnames[:2] == ["说明", "指标一览"]
    index = list(wb["指标一览"].iter_rows(values_only=True))
    header, rows = index[0], index[1:]
    assert header[:6] == ("序号", "类别", "指标代号", "指标名称", "文稿中的写法", "精确值")
    by_key = {r[2]: r for r in rows if r[7] == "全会" and r[8] == "2025年"}
    accepted = compute(report_demo.db, ["proposals.accepted"],
                       Period.year(2025))["proposals.accepted"]
    row = by_key["proposals.accepted"]
    assert row[4] == str(accepted.value) and row[9] == len(accepted.ids) and row[10]
    link = wb["指标一览"].cell(row=rows.index(row) + 2, column=12).hyperlink
    sheet_name, cell = link.location.rsplit("!", 1)
    detail = wb[sheet_name.strip("'")]
    first = int(cell[1:])
    block = [r for r in detail.iter_rows(min_row=first, values_only=True)
             if r[0] == "proposals.accepted"]
    assert [r[5] for r in block] == list(accepted.ids)
    assert all(r[6] and "第" in r[6] for r in block)  # 十届四次会议第005号 案由
    assert "proposals.by_category[农业农村]" not in by_key  # only what the report used
    assert by_key["opinions.received"][9] == by_key["opinions.received"][5]


def test_cancel_and_failures_write_nothing(report_demo, tmp_path: Path) -> None:
    out = tmp_path / "w.docx"
    steps: list[str] = []
    calls = iter(range(100))

    with pytest.raises(ReportCancelledError, match="没有写入任何文件"):
        generate(report_demo.db, ReportRequest("work-report", out, Period.year(2025)),
                 progress=lambda m, _f: steps.append(m), should_cancel=lambda: next(calls) >= 3,
                 record=False)
    assert steps and list(tmp_path.iterdir()) == []
    with pytest.raises(AppError, match="不存在"):
        generate(report_demo.db, ReportRequest("work-report", tmp_path / "no" / "w.docx",
                                               Period.year(2025)), record=False)
    with pytest.raises(AppError, match="需要指定统计期间"):
        generate(report_demo.db, ReportRequest("work-report", out), record=False)
    with pytest.raises(AppError, match=r"\.docx"):
        generate(report_demo.db, ReportRequest("work-report", tmp_path / "w.doc",
                                               Period.year(2025)), record=False)
    assert list(tmp_path.iterdir()) == []


def test_generated_documents_are_recorded(report_demo, tmp_path: Path) -> None:
    from app.services.context import Actor
    from app.services.documents import DocumentService

    out = tmp_path / "签到表.docx"
    result = generate(report_demo.db, ReportRequest("sign-in", out, event_id=1),
                      actor=Actor("clerk"), settings=None)
    (entry, *_) = DocumentService(report_demo.db).history(limit=1)
    assert entry.id == result.document_id and entry.kind == "sign-in"
    assert entry.file_path == str(out) and entry.username == "clerk"
    assert entry.title.endswith("签到表")
    assert any(k.endswith("|event.invited") for k in entry.figures)
    assert DocumentService(report_demo.db).history(kind="no-such-kind") == []


def test_every_kind_by_chinese_name_and_unknown_kind() -> None:
    assert get_kind("提案汇编").key == "proposal-compilation"
    assert get_kind("回眸").key == "year-review"
    with pytest.raises(AppError, match="可选"):
        get_kind("年终总结")


def test_cli_report_fields_and_template(report_demo, tmp_path: Path, capsys
                                        ) -> None:
    db = report_demo.url
    out = tmp_path / "提案报告.docx"
    assert main(["report", "提案工作情况报告", "--since-session", "十届四次", "--to",
                 "2026-01-07", "--db", db, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"已生成：{out}" in printed and "数据底稿" in printed and "【待补充】" in printed
    assert out.exists() and out.with_name("提案报告-数据底稿.xlsx").exists()
    assert main(["report", "work-report", "--db", db, "--out", str(tmp_path / "x.docx")]) == 2
    assert "请指定统计期间" in capsys.readouterr().err
    assert main(["report", "提案汇编", "--db", db, "--out", str(tmp_path / "c.docx")]) == 2
    assert "--session" in capsys.readouterr().err
    assert main(["report", "year-review", "--year", "2025", "--scope", "不存在的委员会",
                 "--db", db, "--out", str(tmp_path / "r.docx")]) == 2
    assert "找不到机构" in capsys.readouterr().err
    assert main(["report", "member-dossier", "--year", "2025", "--member", "查无此人",
                 "--db", db, "--out", str(tmp_path / "d.docx")]) == 2
    assert "找不到委员" in capsys.readouterr().err
    assert main(["fields", "--kind", "sign-in"]) == 0
    listing = capsys.readouterr().out
    assert "{{ proposals.accepted }}" in listing and "{{ event.invited }}" in listing
    assert main(["fields", "--db", db, "--year", "2025", "--out",
                 str(tmp_path / "字段.xlsx")]) == 0
    assert "已导出字段说明" in capsys.readouterr().out
    assert main(["template", "check", "work-report"]) == 0
    assert "检查通过" in capsys.readouterr().out
    assert main(["template", "list"]) == 0
    assert capsys.readouterr().out.count("内置") == len(KINDS)  # one built-in per kind


def test_session_references_and_since_session_periods(report_demo) -> None:
    from app.reports.meta import find_session, parse_cn_int, since_session_period

    assert [parse_cn_int(t) for t in ("十", "十四", "二十一", "4", "十二三")] == [10, 14, 21, 4,
                                                                                  None]
    a, b = find_session(report_demo.db, "十届四次"), find_session(report_demo.db, "10-4")
    assert a.id == b.id == find_session(report_demo.db, str(a.id)).id
    with pytest.raises(AppError, match="十届四次"):
        find_session(report_demo.db, "九届九次")
    period = since_session_period(report_demo.db, a)
    assert period.start == dt.date(2025, 2, 14) and period.end == dt.date(2026, 1, 7)
    assert period.label == "十届四次会议以来"
    assert period.previous_year().label == "十届三次会议以来"
    assert period.previous_year().end == dt.date(2025, 2, 13)
    received = compute(report_demo.db, ["proposals.received"], period)["proposals.received"]
    assert received.value > 200  # the 四次会议 batch, handed in before it opened, is counted


def test_font_scheme_detection_and_settings(tmp_path: Path) -> None:
    from app.reports.fonts import _names, font_scheme, replacements
    from app.reports.settings import ReportSettings, load_settings, save_settings

    none = font_scheme(installed=frozenset())
    assert (none["title"].name, none["title"].bold) == ("宋体", True)
    assert none["body"].name == "仿宋" and not none["body"].installed
    office = font_scheme(installed=frozenset({"FangSong_GB2312", "仿宋_GB2312", "华文中宋"}))
    assert office["body"].name == "仿宋_GB2312" and office["title"].name == "华文中宋"
    own = font_scheme(ReportSettings(fonts={"body": "方正仿宋_GBK"},
                                     fallback={"heading2": "AR PL UKai CN"}),
                      installed=frozenset())
    assert own["body"].name == "方正仿宋_GBK" and own["heading2"].name == "AR PL UKai CN"
    mapping = replacements(none)
    assert mapping["宋体"].role == "number" and mapping["方正小标宋简体"].role == "title"
    assert _names("SimHei,黑体") == {"SimHei", "黑体"} and "黑体" in _names("SimHei")
    path = tmp_path / "s.json"
    from app.reports.gongwen import Margins

    save_settings(ReportSettings(fonts={"body": "仿宋"}, margins=Margins(top=30)), path)
    loaded = load_settings(path)
    assert loaded.fonts == {"body": "仿宋"} and loaded.margins == Margins(top=30)
    path.write_text("{broken", encoding="utf-8")
    assert load_settings(path) == ReportSettings()


def test_configured_margins_are_applied(report_demo, tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Mm

    from app.reports.gongwen import Margins
    from app.reports.settings import ReportSettings

    out = tmp_path / "m.docx"
    generate(report_demo.db, ReportRequest("sign-in", out, event_id=1), record=False,
             settings=ReportSettings(margins=Margins(top=30, bottom=30, left=25, right=25)))
    section = Document(str(out)).sections[0]
    assert abs(section.top_margin - Mm(30)) < Mm(0.1)
    assert abs(section.left_margin - Mm(25)) < Mm(0.1)


def test_clauses_and_filters() -> None:
    from app.reports.context import clauses
    from app.reports.filters import approx, cn, small

    assert clauses("开展视察7次", 0, "", "调研8次") == "开展视察7次，调研8次"
    assert (cn(236), small(2), small(12), approx(236), approx(470, "jin")) == (
        "二百三十六", "两", "12", "230余", "近500")
