"""``python main.py score``: table, explained member, JSON whose totals equal their items, and
the printable 委员履职考核表."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.services.opening import open_database
from tests.scoring.conftest import YEAR, build_committee


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    path = tmp_path / "score.sqlite"
    db = open_database(path)
    build_committee(db)
    db.dispose()
    return path


def test_json_totals_equal_their_items(small_db: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    assert main(["score", "--year", str(YEAR), "--db", str(small_db), "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == 7
    for entry in entries:
        assert {"member", "total", "grade", "items"} <= set(entry)
        assert Decimal(str(entry["total"])) == sum(Decimal(str(i["points"]))
                                                   for i in entry["items"])
        for item in entry["items"]:
            assert {"rule", "points", "records"} <= set(item)
    first = next(e for e in entries if e["member"] == "王一")
    plenary = next(i for i in first["items"] if i["rule"] == "attend_plenary")
    assert plenary["entity"] == "events" and len(plenary["records"]) == 1
    assert [e["rank"] for e in entries] == sorted(e["rank"] for e in entries)


def test_table_and_one_member(small_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--year", str(YEAR), "--db", str(small_db)]) == 0
    out = capsys.readouterr().out
    assert f"{YEAR}年度委员履职考核（7人" in out and "连续两年未提交提案" in out
    assert main(["score", "--year", str(YEAR), "--db", str(small_db), "--member", "王一"]) == 0
    out = capsys.readouterr().out
    assert "出席全体会议：10分（1项×10分）  会议活动编号：" in out
    assert "提案类封顶" in out
    assert main(["score", "--year", str(YEAR), "--db", str(small_db), "--member", "无名"]) == 2
    assert "考核名单中没有名为“无名”的委员" in capsys.readouterr().err


def test_printable_score_table(small_db: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "考核表.xlsx"
    assert main(["score", "--year", str(YEAR), "--db", str(small_db), "--out", str(out),
                 "--order", "strokes"]) == 0
    assert "委员履职考核表已导出（7人" in capsys.readouterr().out
    ws = load_workbook(out).active
    assert ws is not None
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.print_title_rows == "$3:$3" and "委员履职考核表" in str(ws["A1"].value)
    names = [ws.cell(r, 2).value for r in range(4, 11)]
    assert names == ["王一", "李二", "张三", "刘四", "陈五", "杨六", "赵七"]  # stroke keys
    header = [c.value for c in ws[3]]
    total_col = header.index("总分") + 1
    parts = [i + 1 for i, h in enumerate(header) if h and ("（分）" in h or h in
                                                           ("基础分", "考核\n加减分"))]
    for r in range(4, 11):
        assert sum(Decimal(str(ws.cell(r, c).value)) for c in parts) == Decimal(
            str(ws.cell(r, total_col).value))
    assert main(["score", "--year", str(YEAR), "--db", str(small_db), "--out",
                 str(tmp_path / "x.csv")]) == 2
