"""Compare after normalising (issue 11, item 4): rows repeated within a file are compared as
they would be stored; identical rows merge with a notice, conflicting rows are listed with both
values, messages name only columns the file has, and every row of the file has exactly one
fate with its reason — in the summary, the command line and the error workbook."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from app.cli import main
from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.model import FATES
from app.exchange.plan import analyse
from app.models import Member
from tests.exchange.conftest import id_number

SUN = id_number("19810203", 22)
HEADER = ["姓名", "出生年月", "界别", "手机", "身份证号"]


def test_a_phone_written_differently_is_the_same_row(db: Any, world: Any, actor: Any,
                                                     book: Callable[..., Path]) -> None:
    path = book("m.xlsx", [HEADER,
                           ["孙芳", "1981.02", "经济界", "138 0013 8000", SUN],
                           ["孙  芳", "1981年2月", "经济", "13800138000", SUN.lower()],
                           ["孙芳", "198102", "经济界", "１３８００１３８０００", SUN]])
    plan = analyse(db, path, "members")
    assert plan.ok, [str(p) for p in plan.all_problems()]
    assert [str(p) for p in plan.all_problems()] == [
        "（提示）第3行：与第2行是同一人（身份证号相同），内容相同，已合并",
        "（提示）第4行：与第2行是同一人（身份证号相同），内容相同，已合并"]
    result = apply(db, plan, actor)
    assert len(result.created) == 1
    assert [(f.row, f.fate) for f in result.fates] == [(2, "新增"), (3, "合并"), (4, "合并")]
    with db.reader() as s:
        sun = s.scalars(select(Member).where(Member.name == "孙芳")).one()
        assert sun.mobile == "13800138000"


def test_a_conflicting_repeat_names_both_values_and_only_columns_of_the_file(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    path = book("m.xlsx", [HEADER,
                           ["孙芳", "1981.02", "经济界", "138 0013 8000", SUN],
                           ["孙芳", "1981.02", "教育界", "13900139000", SUN]])
    plan = analyse(db, path, "members")
    [message] = [str(p) for p in plan.all_problems()]
    assert message == (
        "第3行：与第2行是同一人（身份证号相同），但内容不同：“手机”（第2行为“138 0013 8000”，"
        "本行为“13900139000”）；“界别”（第2行为“经济界”，本行为“教育界”）。"
        "请核对后只保留一行（同一委员在不同届次任职时，每届写一行）")
    assert "届次" not in message.split("。")[0]  # the file has no 届次 column
    result = apply(db, plan, actor, skip_invalid=True)
    assert len(result.created) == 1  # the earlier, valid row is imported
    assert [(f.row, f.fate) for f in result.fates] == [(2, "新增"), (3, "拒绝")]
    assert result.error_book is not None
    fates = list(load_workbook(result.error_book)["每行的处理结果"].iter_rows(
        min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in fates] == [(2, "新增"), (3, "拒绝")]
    assert "与第2行是同一人" in fates[1][2]


def test_the_command_line_summary_accounts_for_every_row(
        db: Any, world: Any, book: Callable[..., Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    path = book("m.xlsx", [["委员名册"], HEADER,
                           ["孙芳", "1981.02", "经济界", "138 0013 8000", SUN],
                           ["孙芳", "1981.02", "经济界", "13800138000", SUN],
                           [None] * 5,
                           ["张琳", "1975.03", "医卫界", None, id_number("19750315", 2)],
                           ["合计", None, None, None, None],
                           ["周杰", "1980.13", "经济界", None, None]])
    target = db.url
    assert main(["import", "members", str(path), "--dry-run", "--db", target]) == 2
    out = capsys.readouterr().out
    assert "文件中的6行：将新增1行，将更新1行，合并1行，跳过2行，有错误1行。" in out
    assert main(["import", "members", str(path), "--skip-invalid", "--db", target]) == 1
    out = capsys.readouterr().out
    # 张琳 is already stored as in the file: 跳过 (与已有的委员“张琳”相同，无需更新)
    assert "文件中的6行：新增1行，合并1行，跳过3行，拒绝1行。" in out
    assert "  第4行合并：与第3行是同一人（身份证号相同），内容相同，已合并\n" in out
    assert "  第6行跳过：与已有的委员“张琳”（编号1）相同（身份证号相同），无需更新\n" in out
    assert "  第7行跳过：合计行\n" in out and "第5行" not in out  # blank rows are not listed


ROW = st.tuples(st.sampled_from(["孙芳", "孙  芳", "周杰", "", "合计"]),
                st.sampled_from(["1981.02", "1981年2月", "1981-02-30", None]),
                st.sampled_from(["经济界", "经济", "航天界", None]),
                st.sampled_from(["138 0013 8000", "13800138000", "139", None]),
                st.sampled_from([SUN, SUN.lower(), None]))


@pytest.mark.slow
def test_every_row_has_exactly_one_fate(db: Any, world: Any, actor: Any,
                                        book: Callable[..., Path]) -> None:
    counter = iter(range(10**6))

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(rows=st.lists(ROW, min_size=1, max_size=8), skip=st.booleans())
    def run(rows: list[tuple[Any, ...]], skip: bool) -> None:
        path = book(f"f{next(counter)}.xlsx", [HEADER, *map(list, rows)])
        data_rows = list(range(2, 2 + len(rows)))
        while data_rows and not any(rows[data_rows[-1] - 2]):
            data_rows.pop()  # trailing blank rows are not part of the sheet
        try:
            result = import_file(db, path, "members", actor, skip_invalid=skip,
                                 error_book=False)
            fates = result.fates
        except ImportRefusedError as exc:
            fates = exc.fates
        if not fates:  # refused for a missing column or an empty file: nothing to account
            return
        assert [f.row for f in fates] == data_rows  # each row once, in order
        assert all(f.fate in FATES and f.reason for f in fates)

    random.seed(0)
    run()
