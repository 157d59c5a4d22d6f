"""The value normalisers: dates in every form, identity numbers, telephones, names, lists,
aliases; properties fuzzed with hypothesis."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.enums import (
    Attendance,
    CppccPost,
    ForwardLevel,
    RefList,
    ReplyClass,
    ReviewStatus,
    Satisfaction,
    SupervisionLevel,
)
from app.exchange.aliases import enum_member, ref_label
from app.exchange.normalize import (
    MASKED,
    CellError,
    MonthDate,
    cn_int,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_id_cell,
    parse_int,
    parse_phone_cell,
    person_name,
    shown,
    split_items,
    split_list,
)
from app.text.idcard import check_character, parse_id_number
from app.text.numerals import cn_number

MARCH_1975 = dt.date(1975, 3, 1)


@pytest.mark.parametrize("value", [
    "1975.03", "1975.3", "1975年3月", "197503", "1975-3", "1975-03", "1975/3", "１９７５．０３",
    " 1975年 3月 ", 1975.03, 1975.3, 197503, 27454, dt.datetime(1975, 3, 1), MARCH_1975])
def test_every_form_of_a_birth_month(value: object) -> None:
    assert parse_date(value) == MARCH_1975


@pytest.mark.parametrize("value", ["1975-03-15", "1975年3月15日", "1975/3/15", "1975.3.15",
                                   "19750315", 19750315, "1975-03-15 00:00:00", "1975年3月15号"])
def test_every_form_of_a_full_date(value: object) -> None:
    assert parse_date(value) == dt.date(1975, 3, 15)


def test_month_forms_are_marked_and_blank_is_none() -> None:
    assert isinstance(parse_date("1975.03"), MonthDate)
    assert not isinstance(parse_date("1975-03-15"), MonthDate)
    assert parse_date(None) is None and parse_date("  ") is None


@pytest.mark.parametrize(("value", "message"), [
    (1975.1, "可能是1975年1月，也可能是1975年10月"),
    ("1975", "只有年份，缺少月份"),
    (1975, "只有年份，缺少月份"),
    ("1975.13", "月份13无效"),
    ("1975-02-30", "1975年2月没有30日"),
    ("1850.01", "年份1850不合理"),
    ("去年三月", "无法识别为日期"),
    (True, "不是日期"),
])
def test_bad_dates_say_why(value: object, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_date(value)


def test_numeric_identity_numbers_with_16_or_more_digits_are_refused() -> None:
    with pytest.raises(CellError) as refused:
        parse_id_cell(110105194912310000)
    assert str(refused.value) == ("单元格是18位的数值：Excel的数值只保留15位有效数字，第16位起已"
                                  "变成0，无法恢复；请把该列设置为文本格式后重新录入")
    with pytest.raises(CellError, match="单元格是16位的数值：身份证号应为18位"):
        parse_id_cell(1101051949123100)
    with pytest.raises(CellError, match="单元格是18位的数值"):
        parse_id_cell(1.10105194912310e17)
    assert parse_id_cell(110105491231002) == "110105491231002"  # 15 digits survive
    assert parse_id_cell(" 11010519491231002x ") == "11010519491231002X"
    assert parse_id_cell("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert parse_id_cell("110105********002X") is MASKED


def test_telephones_numbers_and_marks() -> None:
    assert parse_phone_cell(13812345678) == "13812345678"
    assert parse_phone_cell(13812345678.0) == "13812345678"
    assert parse_phone_cell("138****5678") is MASKED
    assert parse_int("1,200人") == 1200 and parse_int("十二") == 12 and parse_int(3.0) == 3
    assert str(parse_decimal("1.2万")) == "12000.0" and parse_decimal(None) is None
    assert parse_bool("√") is True and parse_bool("×") is False and parse_bool(None) is None
    assert parse_bool("常委", "常委") is True
    with pytest.raises(CellError, match="应为整数"):
        parse_int("3.5")
    with pytest.raises(CellError, match="应为“是”或“否”"):
        parse_bool("也许")


def test_names_lists_and_notes() -> None:
    assert person_name("张  琳") == person_name("张\u3000琳") == "张琳"
    assert person_name("阿沛•阿旺晋美") == "阿沛·阿旺晋美"
    assert split_list("张琳、李强（主持，1975.03）；王伟\n赵敏") == [
        "张琳", "李强（主持，1975.03）", "王伟", "赵敏"]
    assert split_list("张琳 李强") == ["张琳", "李强"]
    assert split_list("张  琳") == ["张  琳"]
    assert split_items("李强（主持，1975.03）") == ("李强", ["主持", "1975.03"])
    assert split_items("提案委员会（副主任）(2022-01-01起)") == (
        "提案委员会", ["副主任", "2022-01-01起"])
    assert shown(1.10105197503151e17) == "110105197503151000" and shown(2.0) == "2"


def test_aliases_of_coded_values() -> None:
    parties = ["中共", "民盟", "九三学社", "无党派人士", "群众"]
    assert ref_label(RefList.PARTY, "中共党员", parties) == "中共"
    assert ref_label(RefList.PARTY, "无党派", parties) == "无党派人士"
    assert ref_label(RefList.PARTY, "九三", parties) == "九三学社"
    assert ref_label(RefList.PARTY, "中国民主同盟", parties) == "民盟"
    assert ref_label(RefList.PARTY, "致公党", parties) == "致公党"  # left for the check
    assert ref_label(RefList.ETHNICITY, "回", ["汉族", "回族"]) == "回族"
    assert ref_label(RefList.EDUCATION, "省委党校研究生", ["研究生", "大学"]) == "研究生"
    assert ref_label(RefList.EDUCATION, "大学本科", ["研究生", "大学"]) == "大学"
    assert enum_member(ReplyClass, "a") == ReplyClass.A
    assert enum_member(ReplyClass, "B类") == ReplyClass.B
    assert enum_member(Satisfaction, "比较满意") == Satisfaction.BASICALLY
    assert enum_member(Satisfaction, "不满意") == Satisfaction.UNSATISFIED
    assert enum_member(ReviewStatus, "不立案") == ReviewStatus.REJECTED
    assert enum_member(ForwardLevel, "省") == ForwardLevel.PROVINCE
    assert enum_member(Attendance, "到会") == Attendance.PRESENT
    assert enum_member(CppccPost, "政协副主席") == CppccPost.VICE_CHAIR
    assert enum_member(SupervisionLevel, "党政领导领衔") == SupervisionLevel.PARTY_GOV_LEADER
    with pytest.raises(CellError, match="应为以下之一：满意、基本满意、不满意"):
        enum_member(Satisfaction, "还行")


# ----- properties ----------------------------------------------------------------------------
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
month_forms = st.sampled_from(["{d:%Y.%m}", "{d.year}年{d.month}月", "{d:%Y%m}",
                               "{d.year}-{d.month}", "{d.year}/{d.month:02d}",
                               "{d.year}.{d.month}"])
day_forms = st.sampled_from(["{d:%Y-%m-%d}", "{d.year}年{d.month}月{d.day}日", "{d:%Y%m%d}",
                             "{d.year}/{d.month}/{d.day}", "{d.year}.{d.month}.{d.day}"])
FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


@settings(max_examples=200, deadline=None)
@given(dates, month_forms, st.booleans())
def test_month_forms_read_as_the_first_of_the_month(day: dt.date, form: str, wide: bool) -> None:
    text = form.format(d=day)
    if wide:
        text = text.translate(FULL_WIDTH)
    assert parse_date(text) == day.replace(day=1)


@settings(max_examples=200, deadline=None)
@given(dates, day_forms)
def test_full_date_forms_read_as_the_date(day: dt.date, form: str) -> None:
    assert parse_date(form.format(d=day)) == day


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=12), st.integers(), st.floats(allow_nan=True),
                 st.booleans(), st.none()))
def test_the_normalisers_never_fail_otherwise_than_with_a_reason(value: object) -> None:
    for parse in (parse_date, parse_id_cell, parse_phone_cell, parse_int, parse_decimal,
                  parse_bool):
        try:
            parse(value)
        except CellError as exc:
            assert str(exc)  # a Chinese reason, never a traceback


@settings(max_examples=200, deadline=None)
@given(dates.filter(lambda d: d <= dt.date(2020, 1, 1)), st.integers(0, 999),
       st.sampled_from(["upper", "lower", "spaced", "wide"]))
def test_identity_numbers_as_typed_normalise_to_the_valid_number(
        day: dt.date, sequence: int, style: str) -> None:
    first17 = f"140428{day:%Y%m%d}{sequence:03d}"
    number = first17 + check_character(first17)
    typed = {"upper": number, "lower": number.lower(), "spaced": " ".join(number),
             "wide": number.translate(FULL_WIDTH)}[style]
    assert parse_id_number(parse_id_cell(typed)).number == number


@settings(max_examples=100, deadline=None)
@given(st.integers(10**15, 10**19))
def test_identity_numbers_stored_as_numbers_are_always_refused(number: int) -> None:
    with pytest.raises(CellError, match="请把该列设置为文本格式"):
        parse_id_cell(number)


cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
names = st.text(cjk, min_size=2, max_size=4)


@settings(max_examples=200, deadline=None)
@given(st.lists(names, min_size=1, max_size=8), st.sampled_from(["、", "，", ",", "；", "\n"]))
def test_a_list_of_names_splits_back(people: list[str], separator: str) -> None:
    assert split_list(separator.join(people)) == people


@settings(max_examples=200, deadline=None)
@given(names, st.sampled_from([" ", "  ", "\u3000", "\t"]))
def test_padded_names_lose_their_padding(name: str, pad: str) -> None:
    padded = pad.join(name)
    assert person_name(padded) == name == person_name(person_name(padded))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 9999))
def test_chinese_numerals_read_back(n: int) -> None:
    assert cn_int(cn_number(n)) == n and cn_int(str(n)) == n


def test_control_characters_never_reach_the_database() -> None:
    """A NUL in a cell (from a .csv) was sent to PostgreSQL, which refuses it with an internal
    error; control characters other than tab and line ends are dropped like zero-width marks."""
    from app.exchange.normalize import parse_text, person_name

    assert parse_text("\x00委员之家\x07议事会\x1f") == "委员之家议事会"
    assert parse_text("第一行\n第二行\t完") == "第一行\n第二行\t完"
    assert person_name("\x00") == ""


_NAME_CHARS = st.sampled_from(list(
    "张琳阿沛旺晋美欧阳 \u3000\t\r\n\u200b\u200c\u200d\u2060\ufeff\x00\x07"
    "\x1f\x7f\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff0e\uff65.ab1\u00a0\u2003"))


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(_NAME_CHARS, max_size=8), st.text(max_size=8)))
def test_a_name_read_without_its_slow_path_is_the_same(text: str) -> None:
    """``person_name`` returns a name it would not change as it is (issue 15): the same
    answer as cleaning it."""
    from app.exchange.normalize import parse_text
    from app.text.surnames import clean_name

    assert person_name(text) == clean_name(parse_text(text))
