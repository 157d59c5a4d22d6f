"""``python main.py import | export | template-xlsx``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from app.cli import main


def _messy(book: Any) -> Path:
    return book("roster.xlsx", [["委员名册"], ["姓名", "出生年月", "界别", "身份证号"],
                                ["陈晨", "1990.01", "航天界", None],
                                ["刘洋", "1980-05", "教育", 110105198005120000],
                                ["孙立", "1975年3月", "农业", None]])


def test_dry_run_lists_the_problems_and_writes_nothing(db, world, book, snapshot,
                                                       capsys) -> None:
    path = _messy(book)
    before = snapshot()
    assert main(["import", "members", str(path), "--dry-run", "--db", db.url]) == 2
    out, err = capsys.readouterr()
    assert "共3条记录：可新增1条，与已有记录重复0条，有错误2条" in out
    assert "第3行“界别”列的值“航天界”：不是本会的界别" in err
    assert "第4行“身份证号”列的值“110105198005120000”：单元格是18位的数值" in err
    assert err.rstrip().splitlines()[-1] == (
        "错误：检查未通过：以上问题改正前不能导入（未写入任何数据）。")
    assert "有错误的行已另存为" in err
    assert snapshot() == before


def test_import_refuses_then_skips_invalid_rows_on_request(db, world, book, snapshot,
                                                           capsys) -> None:
    path = _messy(book)
    before = snapshot()
    assert main(["import", "members", str(path), "--db", db.url]) == 2
    err = capsys.readouterr().err
    assert "第3行“界别”列的值“航天界”" in err and "导入未进行：2条记录有错误" in err
    assert snapshot() == before
    errors = path.parent / "errors.xlsx"
    assert main(["import", "members", str(path), "--skip-invalid", "--errors-out", str(errors),
                 "--db", db.url]) == 1
    out, err = capsys.readouterr()
    assert "导入完成：新增1条，更新0条，有错误未导入2条。" in out
    # a server database is backed up by its administrator (pg_dump), not by the program
    assert ("导入前已备份数据库" in out) == db.is_sqlite
    assert [r[0] for r in load_workbook(errors).active.iter_rows(min_row=2, values_only=True)] \
        == ["陈晨", "刘洋"]


def test_exports_and_templates(db, world, tmp_path: Path, capsys) -> None:
    target = db.url
    for kind in ("members", "events", "proposals", "opinions", "roster", "委员履职统计表",
                 "proposal-stats", "opinion-stats"):
        out = tmp_path / f"{kind}.xlsx"
        assert main(["export", kind, "--out", str(out), "--db", target, "--year", "2024"]) == 0
        assert out.exists()
    assert main(["export", "roster", "--group-by", "界别组", "--out", str(tmp_path / "g.xlsx"),
                 "--db", target]) == 0
    assert main(["export", "proposal-stats", "--session", "十届四次会议",
                 "--out", str(tmp_path / "s.xlsx"), "--db", target]) == 0
    assert main(["template-xlsx", "提案", "--out", str(tmp_path / "t.xlsx"), "--db", target]) == 0
    out = capsys.readouterr().out
    assert "委员名册已导出（5人）" in out and "空白导入模板已生成" in out
    assert main(["export", "roster", "--unmasked", "--out", str(tmp_path / "u.xlsx"),
                 "--db", target]) == 2
    assert "必须填写用途" in capsys.readouterr().err
    assert main(["export", "awards", "--out", str(tmp_path / "h.xlsx"), "--db", target]) == 2
    assert "不认识的导出类型“awards”" in capsys.readouterr().err
    assert main(["import", "awards", str(tmp_path / "h.xlsx"), "--db", target]) == 2
    err = capsys.readouterr().err
    assert "不认识的记录类型“awards”" in err and "honors（表彰）" in err
