"""Suggested file names: valid on Windows whatever the data they are built from."""

from __future__ import annotations

import pytest

from app.text.filenames import MAX_CHARS, file_name, safe_file_name


@pytest.mark.parametrize(("given", "expected"), [
    ("2025年张三履职档案.docx", "2025年张三履职档案.docx"),
    ('县政协/提案委:"重点"?<1>|*.xlsx', "县政协／提案委：＂重点＂？＜1＞｜＊.xlsx"),
    ("CON.xlsx", "_CON.xlsx"),
    ("nul", "_nul"),
    ("lpt1.tar.docx", "_lpt1.tar.docx"),
    ("COM10.xlsx", "COM10.xlsx"),  # not a device name
    ("  名册. .xlsx", "名册.xlsx"),  # no trailing dot or space before the extension
    ("张\x07三\t.docx", "张三.docx"),  # control characters dropped
    ("...", "未命名"),
    (".docx", "未命名.docx"),
    ("a.b.c.xlsx", "a.b.c.xlsx"),
])
def test_names_are_made_valid_on_windows(given: str, expected: str) -> None:
    assert safe_file_name(given) == expected


def test_long_names_are_cut_before_the_extension() -> None:
    name = safe_file_name("县" * 200 + ".docx")
    assert len(name) == MAX_CHARS and name.endswith("县.docx")


def test_a_name_says_what_whom_and_when() -> None:
    assert file_name("履职档案", whom="张三", when="2025年",
                     ext=".docx") == "2025年张三履职档案.docx"
    assert file_name("签到表", whom="常委会/第十次会议", when="2025-03-18",
                     ext=".docx") == "2025-03-18常委会／第十次会议签到表.docx"
