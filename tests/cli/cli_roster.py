"""A small roster as offices keep it, shared by the command-line tests: a title row, 届次
第十届, names outside GBK (王䶮, 张𠮷) and a padded name."""

from __future__ import annotations

from typing import Any

from app.text.idcard import check_character


def id_number(birth: str, sequence: int) -> str:
    first17 = f"140428{birth}{sequence:03d}"
    return first17 + check_character(first17)


def roster_rows(*, checked_column: bool = False) -> list[list[Any]]:
    """The rows of the roster; ``checked_column`` adds a column headed "已核对✓"."""
    rows: list[list[Any]] = [
        ["长子县政协第十届委员名册"],
        ["姓名", "性别", "出生年月", "届次", "界别", "政协职务", "身份证号"],
        ["王䶮", "男", "1970.05", "第十届", "中共", "委员", id_number("19700512", 11)],
        ["张𠮷", "女", "1982-03", "第十届", "民盟", "常委", id_number("19820303", 22)],
        ["李  明", "男", "1975年3月", "第十届", "教育界", "委员", None],
    ]
    if checked_column:
        rows[1].append("已核对✓")
        for row in rows[2:]:
            row.append("✓")
    return rows
