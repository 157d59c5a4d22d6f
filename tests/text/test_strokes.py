"""姓氏笔画 order: the character table and the sort key.

Expected sequences below are written from the standard stroke order of each character's parts
(横 1, 竖 2, 撇 3, 点 4, 折 5), not copied from the table, and then checked against it.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.text import strokes
from app.text._resources import data_path
from app.text.strokes import (
    sort_by_strokes,
    stroke_count,
    stroke_key,
    stroke_sequence,
    unknown_characters,
)
from app.text.surnames import split_name

# character: (sequence, how it is made up)
FIRST_PRINCIPLES = {
    "一": ("1", "横"),
    "二": ("11", "横 横"),
    "三": ("111", "横 横 横"),
    "丁": ("12", "横, 竖钩 (竖钩 counts as 竖)"),
    "于": ("112", "横 横 竖钩"),
    "万": ("153", "横, 横折钩, 撇"),
    "马": ("551", "横折, 竖折折钩, 提 (提 counts as 横)"),
    "王": ("1121", "横 横 竖 横"),
    "方": ("4153", "点 横 横折钩 撇"),
    "孔": ("5215", "子 521 + 竖弯钩"),
    "叶": ("25112", "口 251 + 十 12"),
    "田": ("25121", "竖 横折 横 竖 横"),
    "白": ("32511", "撇 竖 横折 横 横"),
    "冯": ("41551", "冫 41 (点 提) + 马 551"),
    "刘": ("413422", "文 4134 + 刂 22"),
    "江": ("441121", "氵 441 + 工 121"),
    "孙": ("521234", "子 521 + 小 234"),
    "李": ("1234521", "木 1234 + 子 521"),
    "杨": ("1234533", "木 1234 + 横折折折钩 撇 撇"),
    "吴": ("2511134", "口 251 + 天 1134"),
    "何": ("3212512", "亻 32 + 可 12512"),
    "张": ("5153154", "弓 515 + 长 3154"),
    "陈": ("5215234", "阝 52 + 东 15234"),
    "周": ("35121251", "撇 横折钩 + 土 121 + 口 251"),
    "郑": ("43113452", "关 431134 + 阝 52"),
    "赵": ("121213434", "走 1212134 + 乂 34"),
    "胡": ("122513511", "古 12251 + 月 3511"),
    "郭": ("4125152152", "亠 41 + 口 251 + 子 521 + 阝 52"),
    "黄": ("12212512134", "廿 1221 + 由 25121 + 八 34"),
    "谢": ("453251113124", "讠 45 + 身 3251113 + 寸 124"),
    "德": ("332122522114544", "彳 332 + 十 12 + 罒 25221 + 一 1 + 心 4544"),
}
#: The surnames above in 姓氏笔画 order, worked out by hand from their sequences.
EXPECTED_ORDER = (
    "一二丁"  # 2 strokes: 11 < 12 (一 has 1)
    "三于万马"  # 3: 111 < 112 < 153 < 551
    "王方孔"  # 4: 1121 < 4153 < 5215
    "叶田白冯"  # 5: 25112 < 25121 < 32511 < 41551
    "刘江孙"  # 6: 413422 < 441121 < 521234
    "李杨吴何张陈"  # 7: 1234521 < 1234533 < 2511134 < 3212512 < 5153154 < 5215234
    "周郑赵胡郭黄谢德"  # 8, 8, 9, 9, 10, 11, 12, 15
)


@pytest.mark.parametrize(("char", "expected"), FIRST_PRINCIPLES.items())
def test_sequences_from_first_principles(char: str, expected: tuple[str, str]) -> None:
    sequence, _why = expected
    assert stroke_sequence(char) == sequence
    assert stroke_count(char) == len(sequence)


def test_surnames_sort_as_worked_out_by_hand() -> None:
    assert "".join(sort_by_strokes(FIRST_PRINCIPLES)) == EXPECTED_ORDER
    assert "".join(sorted(EXPECTED_ORDER[::-1], key=stroke_key)) == EXPECTED_ORDER


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("一", "二"),
        ("二", "三"),
        ("丁", "王"),
        ("马", "王"),  # 3 strokes before 4
        ("王", "方"),  # both 4 strokes; 横 before 点
        ("李", "张"),  # both 7 strokes; 横 before 折
        ("田富", "田大利"),  # 田□富: the empty slot sorts before any character
        ("田大", "田富"),
        ("田大", "田大利"),
        ("王五", "王一二"),
        ("张", "张琳"),
        ("欧明", "欧阳修"),  # compound surname is one unit: every 欧X before 欧阳X
        ("欧阳修", "欧阳明华"),
        ("司马光", "司徒雷登"),  # 马 3 strokes, 徒 10
        ("土", "士"),  # same sequence 121: code point decides, deterministically
    ],
)
def test_pairs(first: str, second: str) -> None:
    assert stroke_key(first) < stroke_key(second)
    assert sort_by_strokes([second, first]) == [first, second]


def test_compound_one_character_given_name_and_whitespace() -> None:
    assert stroke_key("张  琳") == stroke_key("张琳") == stroke_key("\u3000张琳 ")
    assert sort_by_strokes(["田大利", "田 富", "田大"]) == ["田大", "田 富", "田大利"]


def test_keys_are_ascii() -> None:
    for name in ["张琳", "欧阳修", "阿沛·阿旺晋美", "张𠮷", "Smith", "", "琤"]:
        assert stroke_key(name).isascii()
    assert stroke_key("") == ""


def test_unknown_characters_sort_last_and_are_reported() -> None:
    rare = "𠮷"  # U+20BB7, not in the table
    assert stroke_count(rare) is None and stroke_sequence(rare) is None
    assert unknown_characters("张𠮷 𠮷A") == ["𠮷", "A"]
    assert unknown_characters("张  琳") == []
    heaviest = max("齉龘", key=lambda c: stroke_count(c) or 0)
    assert sort_by_strokes(["张𠮷", "张" + heaviest, "张一"]) == ["张一", "张" + heaviest, "张𠮷"]
    assert sort_by_strokes(["𠮷", "齉"]) == ["齉", "𠮷"]


def test_count_only_characters_sort_after_known_ones_of_the_same_count() -> None:
    partial = "琤"  # in 通用规范汉字表 (三级) but without a stroke sequence in the sources
    count = stroke_count(partial)
    assert count == 10 and stroke_sequence(partial) is None
    assert unknown_characters("王" + partial) == [partial]
    same_count = "徒"
    assert stroke_count(same_count) == count
    fewer, more = "胡", "黄"  # 9 and 11 strokes
    names = ["王" + c for c in (more, partial, same_count, fewer)]
    assert sort_by_strokes(names) == ["王胡", "王徒", "王" + partial, "王黄"]


def test_sql_order_by_agrees() -> None:
    names = ["田大利", "田富", "王五", "欧阳修", "欧明", "李四", "张三", "方一", "张𠮷", "丁一"]
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE member (name TEXT, sort_key TEXT)")
    connection.executemany("INSERT INTO member VALUES (?, ?)", [(n, stroke_key(n)) for n in names])
    rows = connection.execute("SELECT name FROM member ORDER BY sort_key").fetchall()
    assert [row[0] for row in rows] == sort_by_strokes(names)


def test_table_file() -> None:
    path = data_path("strokes.tsv")
    assert path.stat().st_size < 400_000
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "char\ttotal\tsequence"
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) >= 8105
    for char, total, sequence in rows:
        assert len(char) == 1
        assert 0 < int(total) < 100
        assert sequence == "" or (len(sequence) == int(total) and set(sequence) <= set("12345"))
    with_sequence = sum(1 for row in rows if row[2])
    assert with_sequence >= 6900


def test_common_surnames_are_fully_known() -> None:
    """About a hundred of the most frequent surnames all have a full stroke sequence."""
    common = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
        "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
        "郝龚邵万钱严覃武戴莫孔向汤"
    )
    assert unknown_characters(common) == []


# --- properties -----------------------------------------------------------------------------


def _unit_key(ch: str) -> tuple[int, int, str, int]:
    """Reference comparison of one character, written independently of stroke_key."""
    count, sequence = stroke_count(ch), stroke_sequence(ch)
    if count is None:
        return (1, 0, "", ord(ch))
    return (0, count, sequence or "6", ord(ch))


def _reference_compare(a: str, b: str) -> int:
    """姓氏笔画 comparison straight from the rule, for checking stroke_key.

    Surname units first (a shorter surname before a longer one that starts the same), then the
    given name, where a single character is preceded by an empty slot that sorts first.
    """

    def units(name: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        surname, given_name = split_name(name)
        given_chars = given_name.replace("·", "")
        slot: list[tuple[object, ...]] = [(-1,)] if len(given_chars) == 1 else []
        return [_unit_key(c) for c in surname], slot + [_unit_key(c) for c in given_chars]

    left, right = units(a), units(b)
    return (left > right) - (left < right)


POOL = "一二丁王方李张田富大利土士欧阳修明司马徒琤𠮷齉德 \u3000·"
names = st.text(alphabet=POOL, max_size=5)


@given(names, names)
def test_key_order_matches_the_rule(a: str, b: str) -> None:
    expected = _reference_compare(a, b)
    ka, kb = stroke_key(a), stroke_key(b)
    actual = (ka > kb) - (ka < kb)
    assert actual == expected


@given(st.lists(names, max_size=12))
def test_sorting_by_key_is_sorting_by_the_rule(items: list[str]) -> None:
    by_rule = sorted(items, key=functools.cmp_to_key(_reference_compare))
    assert [stroke_key(n) for n in sort_by_strokes(items)] == [stroke_key(n) for n in by_rule]


@given(names, names, names)
def test_key_order_is_transitive(a: str, b: str, c: str) -> None:
    ka, kb, kc = stroke_key(a), stroke_key(b), stroke_key(c)
    if ka <= kb <= kc:
        assert ka <= kc
    assert (ka == kb) == (_reference_compare(a, b) == 0)


def test_table_with_windows_line_ends(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A checkout with CRLF line ends (git autocrlf on Windows) must load the same table."""
    crlf = tmp_path / "strokes.tsv"
    text = data_path("strokes.tsv").read_text(encoding="utf-8")
    crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    monkeypatch.setattr(strokes, "data_path", lambda name: tmp_path / name)
    strokes._table.cache_clear()
    try:
        assert stroke_sequence("王") == "1121"
        assert stroke_key("王五").isascii()
        assert "\r" not in stroke_key("王五")
    finally:
        monkeypatch.undo()
        strokes._table.cache_clear()
