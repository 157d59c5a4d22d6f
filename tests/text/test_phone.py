"""Telephone numbers: normalising, validating, masking."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.text.phone import PhoneError, mask_phone, normalize_phone

FULL_WIDTH = str.maketrans("0123456789+-()", "０１２３４５６７８９＋－（）")


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "138.1234.5678",
        "+86 138 1234 5678",
        "+86-13812345678",
        "(+86)13812345678",
        "0086 138 1234 5678",
        "8613812345678",
        "１３８１２３４５６７８",
        "＋８６　１３８　１２３４　５６７８",
        " 13812345678\t",
    ],
)
def test_mobiles(raw: str) -> None:
    assert normalize_phone(raw) == "13812345678"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0355-1234567", "0355-1234567"),
        ("0355 1234567", "0355-1234567"),
        ("(0355)1234567", "0355-1234567"),
        ("（０３５５）１２３４５６７", "0355-1234567"),
        ("03551234567", "0355-1234567"),
        ("035-51234567", "0355-1234567"),  # the area code is known; a misplaced dash is not trusted
        ("0355-12345678", "0355-12345678"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("021 1234 5678", "021-12345678"),
        ("029-1234567", "029-1234567"),
        ("+86 10 1234 5678", "010-12345678"),
        ("+86-355-1234567", "0355-1234567"),
        ("0086 (0355) 1234567", "0355-1234567"),
    ],
)
def test_landlines(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("12012345678", "第二位应为3至9"),
        ("1381234567", "应为11位，实际为10位"),
        ("138123456789", "应为11位，实际为12位"),
        ("6234567", "缺少区号"),
        ("0355-123456", "区号0355之后应为7至8位号码，实际为6位"),
        ("0355-1234567-801", "实际为10位"),
        ("138abc45678", "无法识别的字符“a”"),
        ("4008123123", "应为11位手机号或带区号的固定电话"),
        ("   ", "为空"),
    ],
)
def test_invalid_numbers_are_explained(raw: str, fragment: str) -> None:
    with pytest.raises(PhoneError) as caught:
        normalize_phone(raw)
    assert fragment in str(caught.value)
    assert raw.strip() in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_mask() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "138****5678"
    assert mask_phone("0355-1234567") == "0355-***4567"
    assert mask_phone("010-12345678") == "010-****5678"
    assert mask_phone("not a phone 9999") == "*********9999"  # separators dropped
    assert mask_phone("123") == "***"


# --- properties -----------------------------------------------------------------------------

mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
area_codes = st.one_of(
    st.just("010"),
    st.from_regex(r"\A02[0-9]\Z"),
    st.from_regex(r"\A0[3-9][0-9]{2}\Z"),
)
locals_ = st.from_regex(r"\A[2-9][0-9]{6,7}\Z")


def _decorate(number: str, data: st.DataObject) -> str:
    """Insert separators at random places and maybe use full-width characters."""
    out = number
    for separator in data.draw(st.lists(st.sampled_from([" ", "-", ".", "\u3000"]), max_size=3)):
        at = data.draw(st.integers(min_value=1, max_value=len(out)))
        out = out[:at] + separator + out[at:]
    if data.draw(st.booleans()):
        out = out.translate(FULL_WIDTH)
    return out


@given(mobiles, st.sampled_from(["", "+86", "+86 ", "0086", "86"]), st.data())
def test_mobile_round_trip(mobile: str, prefix: str, data: st.DataObject) -> None:
    assert normalize_phone(prefix + _decorate(mobile, data)) == mobile
    assert normalize_phone(mobile) == mobile


@given(area_codes, locals_, st.data())
def test_landline_round_trip(area: str, local: str, data: st.DataObject) -> None:
    expected = f"{area}-{local}"
    assert normalize_phone(_decorate(area + local, data)) == expected
    assert normalize_phone(expected) == expected
    assert normalize_phone("+86 " + area[1:] + " " + local) == expected
    assert re.fullmatch(r"0\d{2,3}-?\d{7,8}", expected)


@given(st.text(max_size=20))
def test_normalize_either_formats_or_raises_phone_error(raw: str) -> None:
    try:
        number = normalize_phone(raw)
    except PhoneError as error:
        assert str(error)
    else:
        assert re.fullmatch(r"1[3-9]\d{9}|0\d{2,3}-\d{7,8}", number)
        assert normalize_phone(number) == number


@given(st.one_of(st.text(max_size=20), mobiles, st.builds("{}-{}".format, area_codes, locals_)))
def test_mask_never_raises_and_shows_at_most_area_code_and_last_four(raw: str) -> None:
    masked = mask_phone(raw)
    try:
        number = normalize_phone(raw)
    except PhoneError:
        assert sum(ch.isdigit() for ch in masked) <= 4
        return
    assert len(masked) == len(number)
    assert masked[-4:] == number[-4:]
    if "-" in number:
        area = number.split("-")[0]
        assert masked.startswith(area + "-")
        assert set(masked[len(area) + 1 : -4]) == {"*"}
    else:
        assert masked == number[:3] + "****" + number[-4:]
