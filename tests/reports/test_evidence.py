"""数据底稿 a clerk can add up: what the draft printed (约数, 比上年…), each record's own value
for sums, figures used only as conditions marked as not printed, scoped definitions."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from app.models import Unit
from app.reports.figures import compute
from app.reports.period import Period, Scope
from tests.reports.conftest import ReportDemo, render

Y2025 = Period.year(2025)


def index_rows(book) -> dict[tuple[str, str], tuple]:
    rows = list(load_workbook(book)["指标一览"].iter_rows(values_only=True))
    assert rows[0][4] == "文稿中的写法"
    return {(r[2], r[7]): r for r in rows[1:] if r[8] == "2025年"}


def detail_block(book, key: str, scope: str = "全会") -> list[tuple]:
    wb = load_workbook(book)
    for ws in wb.worksheets[2:]:
        block = [r for r in ws.iter_rows(min_row=2, values_only=True)
                 if r[0] == key and r[2] == scope]
        if block:
            header = next(ws.iter_rows(max_row=1, values_only=True))
            return [dict(zip(header, r, strict=False)) for r in block]
    raise AssertionError(f"{key} 没有明细")


def test_printed_text_sums_and_conditions(report_demo: ReportDemo) -> None:
    out = render(report_demo, "work-report", "ev-work.docx", period=Y2025)
    book = out.with_name("ev-work-数据底稿.xlsx")
    rows = index_rows(book)
    text = "\n".join(p.text for p in __import__("docx").Document(str(out)).paragraphs)

    people = compute(report_demo.db, ["service.people"], Y2025)["service.people"]
    printed = rows[("service.people", "全会")][4]
    assert printed.endswith("余") and f"服务群众{printed}人次" in text  # as in the draft
    block = detail_block(book, "service.people")
    assert sum(r["记录的数值"] for r in block) == people.value  # adds up to the figure
    assert all(r["记录的数值"] > 0 for r in block)

    funds = compute(report_demo.db, ["service.funds"], Y2025)["service.funds"]
    block = detail_block(book, "service.funds")
    assert Decimal(sum(r["记录的数值"] for r in block)) / 10000 == funds.value

    # 比上年…: the phrase the draft carries, under the figure it compares
    yoy = rows[("opinions.received", "全会")][4]
    assert any(part.startswith("比上年") and part in text for part in yoy.split("、"))

    # 督办的重点提案 is not in the work report; 已评价 only decides the 满意率 clause
    assert ("proposals.key_supervised", "全会") not in rows
    assert rows[("proposals.evaluated", "全会")][4].startswith("（未印出")
    for (key, _scope), row in rows.items():
        if not row[4].startswith("（未印出"):
            assert all(part in text for part in row[4].split("、")), key


def test_scoped_figures_carry_scoped_definitions(report_demo: ReportDemo) -> None:
    with report_demo.db.reader() as s:
        unit = s.scalar(select(Unit.id).where(Unit.name == "提案委员会"))
    out = render(report_demo, "year-review", "ev-review.docx", period=Y2025, unit_id=unit)
    rows = index_rows(out.with_name("ev-review-数据底稿.xlsx"))
    share = rows[("proposals.received", "提案委员会")]
    whole = rows[("proposals.received", "全会")]
    assert "归口该单位的提案" in share[10] and "归口该单位" not in whole[10]
    assert share[4] == str(compute(report_demo.db, ["proposals.received"], Y2025,
                                   Scope(unit, "提案委员会"))["proposals.received"].value)
