"""Resident identity numbers (居民身份证号码, GB 11643-1999).

18 characters: 6-digit area code, 8-digit birth date (YYYYMMDD), 3-digit sequence (odd = 男,
even = 女) and a check character (ISO 7064 MOD 11-2). Legacy 15-digit numbers have a 2-digit year
and no check character; they convert by inserting "19" and appending the check character.

Area codes are deliberately not checked: districts are re-coded and old numbers stay valid.
Legacy numbers with the centenarian sequence codes 996–999 (born in the 1800s) are converted with
"19" like all others; such people are no longer expected in a roster.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass

__all__ = [
    "IdInfo",
    "IdNumberError",
    "check_character",
    "convert_15_to_18",
    "mask_id_number",
    "normalize_id_number",
    "parse_id_number",
]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_EARLIEST_BIRTH = dt.date(1900, 1, 1)

# Full-width digits and Latin letters (U+FF10…) to ASCII; every kind of whitespace is removed.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)


class IdNumberError(ValueError):
    """An identity number that cannot be accepted; ``str()`` is a Chinese message for the user."""

    def __init__(self, message: str, value: str = "") -> None:
        super().__init__(message)
        self.value = value


@dataclass(frozen=True)
class IdInfo:
    """A validated identity number (always the 18-character form) and what it encodes."""

    number: str
    birth_date: dt.date
    gender: str  # "男" / "女"


def normalize_id_number(raw: str) -> str:
    """Remove all spaces, turn full-width digits and letters into ASCII, and x into X.

    No validation: the result may still be invalid.
    """
    text = _SPACES.sub("", raw.translate(_FULL_WIDTH))
    return text.replace("x", "X")


def _is_digits(text: str) -> bool:
    """ASCII digits only (``str.isdigit`` also accepts ² and other digit-like characters)."""
    return text.isascii() and text.isdigit()


def check_character(first17: str) -> str:
    """The check character ("0"–"9" or "X") for the first 17 digits of an identity number."""
    if len(first17) != 17 or not _is_digits(first17):
        raise IdNumberError(f"计算校验位需要17位数字，“{first17}”不符合", first17)
    total = sum(map(operator.mul, map(int, first17), _WEIGHTS))  # both 17 long (checked)
    return _CHECK_CHARS[total % 11]


def convert_15_to_18(number15: str) -> str:
    """Convert a legacy 15-digit number: insert "19" before the year and append the check char."""
    number = normalize_id_number(number15)
    if len(number) != 15 or not _is_digits(number):
        raise IdNumberError(f"旧版身份证号“{number}”应为15位数字", number)
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_character(first17)


def _birth_date(number: str, shown: str, today: dt.date) -> dt.date:
    text = number[6:14]
    try:
        birth = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise IdNumberError(f"身份证号“{shown}”中的出生日期{text}无效", shown) from None
    if birth > today:
        raise IdNumberError(f"身份证号“{shown}”中的出生日期{text}晚于今天", shown)
    if birth < _EARLIEST_BIRTH:
        raise IdNumberError(f"身份证号“{shown}”中的出生日期{text}早于1900年", shown)
    return birth


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdInfo:
    """Validate an identity number and return its 18-character form, birth date and gender.

    Accepts 18-character and legacy 15-digit numbers, with the spacing and full-width characters
    that :func:`normalize_id_number` removes. ``today`` (default: the current date) bounds the
    birth date. Raises :class:`IdNumberError` with a message naming the value.
    """
    number = normalize_id_number(raw)
    if not number:
        raise IdNumberError("身份证号为空", number)
    if _SCIENTIFIC.match(number):
        raise IdNumberError(
            f"身份证号“{number}”是科学计数法形式，表格软件已丢失末几位数字；"
            "请把该列设为文本格式后重新录入",
            number,
        )
    if len(number) == 15:
        if not _is_digits(number):
            raise IdNumberError(f"旧版身份证号“{number}”应为15位数字", number)
        full = convert_15_to_18(number)
    elif len(number) == 18:
        full = number
    else:
        raise IdNumberError(
            f"身份证号“{number}”长度应为18位（或旧版15位），实际为{len(number)}位", number
        )
    for position, char in enumerate(full[:17] if not _is_digits(full[:17]) else "", start=1):
        if not _is_digits(char):  # (the loop runs only to name the first non-digit)
            raise IdNumberError(
                f"身份证号“{number}”第{position}位是“{char}”，前17位应全部为数字", number
            )
    birth = _birth_date(full, number, today or dt.date.today())
    expected = check_character(full[:17])
    if full[17] != expected:
        raise IdNumberError(f"身份证号“{number}”校验位错误，应为“{expected}”", number)
    gender = "男" if int(full[16]) % 2 else "女"
    return IdInfo(number=full, birth_date=birth, gender=gender)


def mask_id_number(number: str) -> str:
    """Mask for display: keep the first 6 and last 4 characters ("110105********002X").

    Values shorter than 10 characters are masked completely, keeping their length.
    """
    text = normalize_id_number(number)
    if len(text) < 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]
