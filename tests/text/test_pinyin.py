"""Pinyin of names: surname readings, initials, search keys and matching."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.text.pinyin import (
    matches,
    name_initials,
    name_pinyin,
    normalize_query,
    search_key,
    split_name,
)
from app.text.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES, clean_name


@pytest.mark.parametrize(
    ("name", "initials", "full"),
    [
        ("张琳", "zl", "zhanglin"),
        ("曾国藩", "zgf", "zengguofan"),
        ("单雄信", "sxx", "shanxiongxin"),
        ("解缙", "xj", "xiejin"),
        ("仇英", "qy", "qiuying"),
        ("区志坚", "ozj", "ouzhijian"),
        ("朴树", "ps", "piaoshu"),
        ("查良镛", "zly", "zhaliangyong"),
        ("翟志刚", "zzg", "zhaizhigang"),
        ("覃振", "qz", "qinzhen"),
        ("缪昌期", "mcq", "miaochangqi"),
        ("盖叫天", "gjt", "gejiaotian"),
        ("召忽", "sh", "shaohu"),
        ("种师道", "csd", "chongshidao"),
        ("秘书", "bs", "bishu"),
        ("欧阳修", "oyx", "ouyangxiu"),
        ("司马光", "smg", "simaguang"),
        ("尉迟恭", "ycg", "yuchigong"),
        ("万俟卨", "mqx", "moqixie"),
        ("长孙无忌", "zswj", "zhangsunwuji"),
        ("诸葛亮", "zgl", "zhugeliang"),
        ("上官婉儿", "sgwe", "shangguanwaner"),
    ],
)
def test_surname_readings(name: str, initials: str, full: str) -> None:
    assert name_initials(name)[0] == initials
    assert name_pinyin(name) == full
    key = search_key(name).split("|")
    assert initials in key and full in key


def test_surname_with_several_readings_indexes_all_default_first() -> None:
    assert name_initials("乐嘉") == ["yj", "lj"]
    assert name_pinyin("乐嘉") == "yuejia"
    assert search_key("乐嘉") == "yj|lj|yuejia|lejia"
    assert name_initials("尉缭") == ["wl", "yl"]
    assert name_initials("覃振")[1:] == ["tz"]
    assert "mou" in search_key("缪昌期")


def test_given_name_gets_only_the_default_reading() -> None:
    assert search_key("李乐") == "ll|lile"  # 乐 in a given name: no "yue" variant
    assert search_key("王单") == "wd|wangdan"


def test_padding_and_full_width_spaces_are_ignored() -> None:
    for padded in ("张  琳", "张\u3000琳", " 张琳 ", "张\u00a0琳", "张\u200b琳"):
        assert split_name(padded) == ("张", "琳")
        assert name_pinyin(padded) == "zhanglin"
        assert name_initials(padded) == ["zl"]
        assert search_key(padded) == search_key("张琳")


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("张琳", ("张", "琳")),
        ("欧阳修", ("欧阳", "修")),
        ("欧阳", ("欧", "阳")),  # two characters: surname 欧, given name 阳
        ("司马相如", ("司马", "相如")),
        ("闻人杰", ("闻", "人杰")),  # 闻人 only in names of four or more characters
        ("闻人大志", ("闻人", "大志")),
        ("阿沛·阿旺晋美", ("阿沛", "阿旺晋美")),
        ("买买提•艾则孜", ("买买提", "艾则孜")),
        ("爱新觉罗.溥仪", ("爱新觉罗", "溥仪")),
        ("张", ("张", "")),
        ("", ("", "")),
    ],
)
def test_split_name(name: str, parts: tuple[str, str]) -> None:
    assert split_name(name) == parts


def test_minority_names() -> None:
    assert name_pinyin("阿沛·阿旺晋美") == "apeiawangjinmei"
    assert name_initials("买买提·艾则孜") == ["mmtazz"]
    assert matches("阿旺", "阿沛·阿旺晋美")
    assert matches("阿沛阿旺", "阿沛·阿旺晋美")
    assert matches("awjm", "阿沛·阿旺晋美")


def test_search_key_with_sql_like() -> None:
    """The key is designed for ``LIKE '%q%'``: check it in a real database."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE member (name TEXT, key TEXT)")
    names = ["张琳", "李张", "林张", "欧阳修", "乐嘉"]
    connection.executemany("INSERT INTO member VALUES (?, ?)", [(n, search_key(n)) for n in names])

    def find(query: str) -> list[str]:
        rows = connection.execute(
            "SELECT name FROM member WHERE key LIKE ? ORDER BY name",
            ("%" + normalize_query(query) + "%",),
        )
        return sorted(row[0] for row in rows)

    assert search_key("张琳") == "zl|zhanglin"
    assert find("zl") == ["张琳"]
    assert find("zhangl") == ["张琳"]
    assert find("ZL") == ["张琳"]
    assert "张琳" not in find("lz")  # "zl|zhanglin" holds no "lz", and no match crosses "|"
    assert find("lz") == ["李张", "林张"]
    assert find("l|z") == find("lz")
    assert find("oyx") == ["欧阳修"]
    assert find("lej") == find("yuej") == ["乐嘉"]


def test_matches() -> None:
    assert matches("zl", "张琳")
    assert matches("zhangl", "张琳")
    assert matches("ZhangLin", "张  琳")
    assert matches("zhang lin", "张琳")
    assert matches("lin", "张琳")
    assert matches("张", "张琳")
    assert matches("张 琳", "张  琳")
    assert matches("", "张琳")
    assert not matches("lz", "张琳")
    assert not matches("wang", "张琳")
    assert not matches("王", "张琳")
    assert not matches("zl|z", "张琳x")
    assert matches("lvb", "吕布") and matches("lüb", "吕布") and matches("lu:b", "吕布")


# --- properties -----------------------------------------------------------------------------

COMMON = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂乐长单朝重行国华建文志红"
SURNAMES = list(COMMON) + list(SINGLE_SURNAMES) + list(COMPOUND_SURNAMES)
names = st.builds(
    lambda surname, given: surname + given,
    st.sampled_from(SURNAMES),
    st.text(alphabet=GIVEN, min_size=1, max_size=2),
)


@given(names)
def test_search_key_shape(name: str) -> None:
    key = search_key(name)
    assert key.isascii() and key == key.lower()
    assert " " not in key and "||" not in key
    parts = key.split("|")
    assert len(parts) == len(set(parts))
    assert name_pinyin(name) in parts
    assert name_initials(name)[0] in parts
    assert all(len(i) == len(name_initials(name)[0]) for i in name_initials(name))


@given(names, st.data())
def test_every_initials_variant_and_pinyin_prefix_matches(name: str, data: st.DataObject) -> None:
    for initials in name_initials(name):
        assert matches(initials, name)
        assert matches(initials.upper(), name)
    full = name_pinyin(name)
    prefix = full[: data.draw(st.integers(min_value=1, max_value=len(full)))]
    assert matches(prefix, name)
    assert matches(name, name)


@given(names, st.text(alphabet="abcdefghijklmnopqrstuvwxyz|", min_size=1, max_size=6))
def test_matches_agrees_with_sql_like(name: str, query: str) -> None:
    connection = sqlite3.connect(":memory:")
    row = connection.execute(
        "SELECT ? LIKE ?", (search_key(name), "%" + normalize_query(query) + "%")
    ).fetchone()
    assert bool(row[0]) == matches(query, name) or normalize_query(query) == ""


@given(st.text(max_size=12))
def test_functions_accept_any_text(text: str) -> None:
    surname, given_name = split_name(text)
    assert surname + given_name == clean_name(text).replace("·", "", 1)
    key = search_key(text)
    assert key.isascii() and key == key.lower()
    assert matches(text, text)
