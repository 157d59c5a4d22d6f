"""Resident ID numbers (GB 11643-1999)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.text.idcard import (
    IdInfo,
    IdNumberError,
    check_character,
    convert_15_to_18,
    mask_id_number,
    normalize_id_number,
    parse_id_number,
)

TODAY = dt.date(2024, 4, 23)
FULL_WIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


def test_published_vectors() -> None:
    assert parse_id_number("11010519491231002X") == IdInfo(
        "11010519491231002X", dt.date(1949, 12, 31), "女"
    )
    assert parse_id_number("360426199101010071") == IdInfo(
        "360426199101010071", dt.date(1991, 1, 1), "男"
    )


def test_check_character() -> None:
    assert check_character("11010519491231002") == "X"
    assert check_character("36042619910101007") == "1"
    with pytest.raises(IdNumberError, match="17位数字"):
        check_character("1234")


def test_legacy_15_digit_round_trip() -> None:
    legacy = "110105491231002"
    assert convert_15_to_18(legacy) == "11010519491231002X"
    info = parse_id_number(legacy)
    assert info.number == "11010519491231002X"
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender == "女"  # 15-digit numbers: the last digit is the sequence's last digit
    assert parse_id_number(info.number) == info
    with pytest.raises(IdNumberError, match="15位数字"):
        convert_15_to_18("11010549123100X")


def test_normalize_spaces_full_width_and_lowercase_x() -> None:
    assert normalize_id_number(" 110105 19491231\u3000002x ") == "11010519491231002X"
    assert normalize_id_number("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert parse_id_number("110105 1949 1231 002x").number == "11010519491231002X"


def test_wrong_check_character_message_names_value_and_expected() -> None:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number("11010519491231002Y")
    assert str(caught.value) == "身份证号“11010519491231002Y”校验位错误，应为“X”"
    assert isinstance(caught.value, ValueError)
    assert caught.value.value == "11010519491231002Y"


def test_wrong_length_message() -> None:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number("123")
    assert str(caught.value) == "身份证号“123”长度应为18位（或旧版15位），实际为3位"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("110105194913320012", "出生日期19491332无效"),
        ("110105194902300012", "出生日期19490230无效"),
        ("110105209901010012", "出生日期20990101晚于今天"),
        ("110105189912310012", "出生日期18991231早于1900年"),
        ("1101051949A2310012", "第11位是“A”"),
        ("", "身份证号为空"),
        ("1.10105194912310E+17", "科学计数法"),
        ("11010549123100X", "15位数字"),
    ],
)
def test_invalid_numbers_are_explained(raw: str, fragment: str) -> None:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(raw, today=TODAY)
    assert fragment in str(caught.value)
    if raw:
        assert normalize_id_number(raw) in str(caught.value)


def test_unknown_area_codes_are_accepted() -> None:
    first17 = "99999919800101001"
    assert parse_id_number(first17 + check_character(first17)).gender == "男"


def test_mask() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("110105491231002") == "110105*****1002"
    assert mask_id_number("1101051949") == "1101051949"  # 10 characters: nothing left to hide
    assert mask_id_number(" 11010519491231002x ") == "110105********002X"
    assert mask_id_number("123456789") == "*********"
    assert mask_id_number("") == ""


# --- properties -----------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, dt.date, int]:
    area = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    birth = draw(dates)
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17), birth, sequence


@given(valid_numbers())
def test_any_valid_number_parses(case: tuple[str, dt.date, int]) -> None:
    number, birth, sequence = case
    info = parse_id_number(number, today=TODAY)
    assert info.number == number
    assert info.birth_date == birth
    assert info.gender == ("男" if sequence % 2 else "女")


@given(valid_numbers(), st.sampled_from("0123456789X"))
def test_any_other_check_character_is_rejected(case: tuple[str, dt.date, int], bad: str) -> None:
    number = case[0]
    if bad == number[-1]:
        return
    wrong = number[:17] + bad
    with pytest.raises(IdNumberError, match="校验位错误") as caught:
        parse_id_number(wrong, today=TODAY)
    assert wrong in str(caught.value)


@given(valid_numbers(), st.lists(st.sampled_from([" ", "\u3000", "\t"]), max_size=4), st.data())
def test_full_width_and_spaced_variants_parse_the_same(
    case: tuple[str, dt.date, int], spaces: list[str], data: st.DataObject
) -> None:
    number = case[0]
    variant = number.translate(FULL_WIDTH) if data.draw(st.booleans()) else number.lower()
    for space in spaces:
        at = data.draw(st.integers(min_value=0, max_value=len(variant)))
        variant = variant[:at] + space + variant[at:]
    assert parse_id_number(variant, today=TODAY) == parse_id_number(number, today=TODAY)


@given(st.text())
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize_id_number(raw)
    assert normalize_id_number(once) == once
    assert not any(ch.isspace() for ch in once)


@given(st.text(max_size=30))
def test_parse_either_succeeds_or_raises_id_number_error(raw: str) -> None:
    try:
        info = parse_id_number(raw, today=TODAY)
    except IdNumberError as error:
        assert str(error)
    else:
        assert len(info.number) == 18


@given(st.text(alphabet="0123456789X", max_size=20))
def test_mask_keeps_length_and_hides_the_middle(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    if len(number) >= 10:
        assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
        assert set(masked[6:-4]) <= {"*"}
    else:
        assert set(masked) <= {"*"}
