"""Value normalisers for cells of workbooks as offices keep them (TECH_NOTES §3–4).

Every function takes what openpyxl gives for a cell (``None``, ``str``, ``int``, ``float``,
``bool``, ``datetime``) and returns a typed value, or raises :class:`CellError` whose text is a
Chinese sentence saying what is wrong and how to fix it. None of them touches the database.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from app.services.validation import InvalidValueError
from app.text.dates import (
    DATE_HINT,
    FIRST_YEAR,
    LAST_YEAR,
    ZERO_WIDTH,
    DateTextError,
    MonthDate,
    compact,
    date_from_digits,
    make_date,
    parse_date_text,
)
from app.text.idcard import normalize_id_number
from app.text.surnames import clean_name

__all__ = [
    "MASKED",
    "CellError",
    "MonthDate",
    "cn_int",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "parse_id_cell",
    "parse_int",
    "parse_phone_cell",
    "parse_text",
    "person_name",
    "shown",
    "split_items",
    "split_list",
]


class CellError(InvalidValueError):
    """A cell value that cannot be used; ``str()`` says why and how to fix it, in Chinese."""


class _Masked(str):
    """The marker for a value that was masked on export (``110105********002X``)."""


MASKED = _Masked("（已打码）")

_SPACES = re.compile(r"[\s\u3000]+")
_SERIAL_MAX = 73050  # 2099-12-31 as an Excel serial number


def _finite(value: Any) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError("不是有效的数值")


def shown(value: Any) -> str:
    """A cell value as a clerk would read it in a message: 1.0 → "1", a date → "1975-03-01"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(Decimal(repr(value))))  # 1.10105197503151e+17 as Excel shows it
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return f"{value:%Y-%m-%d}"
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value).strip()


# ----- text and names ------------------------------------------------------------------------
def parse_text(value: Any) -> str:
    """Free text: surrounding spaces (also full-width) and zero-width characters removed,
    line ends unified; numbers without a spurious ".0"."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return shown(value)
    text = ZERO_WIDTH.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip(" \t\n\u3000")


# any character ``parse_text`` or ``clean_name`` changes or removes (zero-width and control
# characters, line ends, whitespace, middle-dot look-alikes): a name without one is its own
# ``person_name`` (most names of a roster, and every name a member has in the database)
_NAME_CHANGES = re.compile("[\\s\u200b\u200c\u200d\u2060\ufeff\x00-\x1f\x7f"
                           "\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff0e\uff65.]")


def person_name(value: Any) -> str:
    """A person's name: padding removed (张  琳 → 张琳), middle-dot look-alikes unified."""
    if isinstance(value, str) and not _NAME_CHANGES.search(value):
        return value
    return clean_name(parse_text(value))


# ----- numbers ---------------------------------------------------------------------------------
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def cn_int(text: str) -> int | None:
    """An integer in ASCII, full-width or Chinese numerals (十 二十三 一百零五), else None."""
    text = compact(text)
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c not in "十百千" for c in text):
        return None
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
            continue
        unit = {"十": 10, "百": 100, "千": 1000}[char]
        total += (1 if digit is None else digit) * unit
        digit = None
    return total + (digit or 0)


_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)(万)?[元人件次个名篇条项期批户]?$")


def _number_text(value: Any, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(f"应为{what}")
    _finite(value)
    if isinstance(value, int | float):
        return _bounded(Decimal(str(value)))
    text = compact(str(value)).replace(",", "")
    if not text:
        return None
    match = _NUMBER.match(text)
    if match is None:
        whole = cn_int(text)
        if whole is None:
            raise CellError(f"应为{what}")
        return _bounded(Decimal(whole))
    number = Decimal(match[1])
    return _bounded(number * 10000 if match[2] else number)


_LIMIT = Decimal(10) ** 11  # larger than any count or amount an office records (and the
# database's integer and money columns can hold)


def _bounded(number: Decimal) -> Decimal:
    if not abs(number) < _LIMIT:
        raise CellError("数值过大，请检查是否多写了位数")
    return number


def parse_int(value: Any) -> int | None:
    """An integer: 3, 3.0, "３", "1,200", "12人", "十二"; None for a blank cell."""
    number = _number_text(value, "整数")
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError("应为整数")
    if abs(number) >= 2**31:  # an INTEGER column
        raise CellError("数值过大，请检查是否多写了位数")
    return int(number)


def parse_decimal(value: Any) -> Decimal | None:
    """An amount: 1200, "1,200.50", "1.2万" (= 12000), "300元"; None for a blank cell."""
    return _number_text(value, "数字")


_TRUE = {"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "对", "●"}
_FALSE = {"否", "×", "✗", "n", "no", "false", "0", "无", "不是", "-", "—", "/"}


def parse_bool(value: Any, label: str = "") -> bool | None:
    """是/否 and their usual marks (√ ×, Y N, 1 0); the column's own label (常委) is 是.
    None for a blank cell."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise CellError("应为“是”或“否”")
    text = compact(str(value)).lower()
    if not text:
        return None
    if text in _TRUE or (label and text == compact(label)):
        return True
    if text in _FALSE:
        return False
    raise CellError("应为“是”或“否”（也可用√和×）")


# ----- dates -----------------------------------------------------------------------------------
def _from_number(value: float) -> dt.date:
    if isinstance(value, float) and not value.is_integer():
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CellError(f"不是日期；{DATE_HINT}")
        decimals = f"{value:.6f}".rstrip("0").split(".")[1]
        if decimals == "1":
            raise CellError(
                f"单元格是数值{value:g}，可能是{year}年1月，也可能是{year}年10月"
                "（表格软件会去掉末尾的0）：请把该列设置为文本格式后按"
                f"“{year}.01”或“{year}.10”重新录入")
        if len(decimals) > 2:
            raise CellError(f"不是日期；{DATE_HINT}")
        # 1975.03 → March; 1975.3 is March too (1975.30 would be no month at all)
        return make_date(year, int(decimals), 1, f"{value:g}", month_only=True)
    number = int(value)
    if 1 <= number <= _SERIAL_MAX and not FIRST_YEAR <= number <= LAST_YEAR:
        from openpyxl.utils.datetime import from_excel  # not loaded by the pages at start-up

        day = from_excel(number)
        return day.date() if isinstance(day, dt.datetime) else day
    return date_from_digits(str(number), str(number))


def parse_date(value: Any) -> dt.date | None:
    """A date from an Excel date, an Excel serial number, or text such as 1975.03, 1975年3月,
    197503, 1975-3, 1975/3/5, 19750305 or 1975年3月5日 (read by ``app.text.dates``). A month
    without a day is the 1st, as a :class:`MonthDate`.

    None for a blank cell; raises :class:`CellError` otherwise.
    """
    try:
        return _cell_date(value)
    except DateTextError as exc:
        raise CellError(str(exc)) from None


def _cell_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool | dt.time | dt.timedelta):
        raise CellError(f"不是日期；{DATE_HINT}")
    if isinstance(value, int | float):
        _finite(value)
        return _from_number(value)
    return parse_date_text(str(value))


# ----- identity numbers and telephones ---------------------------------------------------------
_TEXT_HINT = "请把该列设置为文本格式后重新录入"


def parse_id_cell(value: Any) -> str:
    """The text of an identity-number cell, normalised (spaces, full-width, x → X), or
    :data:`MASKED` for a masked one. Numeric cells with 16 or more digits are refused: Excel
    keeps 15 significant digits, so their last digits are already lost. Not yet validated
    (``parse_id_number`` does that)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        raise CellError("不是身份证号")
    _finite(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"不是身份证号；{_TEXT_HINT}")
        value = int(value)
    if isinstance(value, int):
        digits = str(abs(value))
        if len(digits) >= 16:
            length = "" if len(digits) == 18 else "身份证号应为18位，而且"
            raise CellError(
                f"单元格是{len(digits)}位的数值：{length}Excel的数值只保留15位有效数字，"
                f"第16位起已变成0，无法恢复；{_TEXT_HINT}")
        return digits
    text = normalize_id_number(str(value)).lstrip("'")
    if "*" in text:
        return MASKED
    return text


def parse_phone_cell(value: Any) -> str:
    """The text of a telephone cell (11-digit numbers stored as numbers are fine), or
    :data:`MASKED`. Validated later by ``normalize_phone``."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        raise CellError("不是电话号码")
    _finite(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise CellError("不是电话号码")
        return str(int(value))
    text = parse_text(value).lstrip("'")
    return MASKED if "*" in text else text


# ----- lists: "张琳、李强（主持）" -----------------------------------------------------------
_OPEN, _CLOSE = "（(", "）)"
_LIST_SEPARATORS = "、，,；;\n"


def split_list(value: Any) -> list[str]:
    """Items of a list cell, separated by 、 ， ; or line breaks (not inside parentheses).

    Spaces separate items only when nothing else does and every part has two or more
    characters: "张琳 李强" is two names, "张  琳" is one.
    """
    text = parse_text(value)
    if not text:
        return []
    items: list[str] = []
    depth, current = 0, ""
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and char in _LIST_SEPARATORS:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    items = [i.strip(" \u3000\t") for i in items if i.strip(" \u3000\t")]
    if len(items) == 1 and all(c not in items[0] for c in _OPEN):
        parts = _SPACES.split(items[0])
        if len(parts) > 1 and all(len(p) >= 2 for p in parts):
            return parts
    return items


def split_items(item: str) -> tuple[str, list[str]]:
    """"张琳（主持，1975.03）" → ("张琳", ["主持", "1975.03"]): the head and the notes in
    its parentheses, each parenthesis split at ， , ； ;."""
    if all(char not in item for char in _OPEN):  # no parenthesis (most names): all is head
        return item.strip(), []
    head, notes, depth, current = "", [], 0, ""
    for char in item:
        if char in _OPEN:
            if depth == 0:
                current = ""
            else:
                current += char
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                notes += [n.strip() for n in re.split("[，,；;]", current) if n.strip()]
            else:
                current += char
        elif depth:
            current += char
        else:
            head += char
    if depth:  # an unclosed parenthesis: keep the text rather than lose it
        notes += [n.strip() for n in re.split("[，,；;]", current) if n.strip()]
    return head.strip(), notes
