"""Mainland China telephone numbers: normalising and masking.

Accepted after normalisation: mobiles ``^1[3-9]\\d{9}$`` and landlines ``^0\\d{2,3}-?\\d{7,8}$``.
Separators (spaces, dashes, dots, parentheses), full-width characters and a +86 / 0086 prefix are
removed. Landlines are written "0355-1234567": the area code has 3 digits for 010 and 02x (the only
3-digit area codes) and 4 digits otherwise; the rest must then have 7 or 8 digits. A user's own
dash is not trusted ("035-51234567" becomes "0355-1234567"). Extensions are not accepted.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["PhoneError", "mask_phone", "normalize_phone"]

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212.()\[\]\u200b\ufeff]+")


class PhoneError(ValueError):
    """A telephone number that cannot be accepted; ``str()`` is a Chinese message for the user."""

    def __init__(self, message: str, value: str = "") -> None:
        super().__init__(message)
        self.value = value


def _strip_country_code(compact: str) -> str:
    """Remove +86 / 0086 (and a bare 86 before a mobile); restore the trunk 0 of a landline."""
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            rest = compact[len(prefix) :]
            if rest and not rest.startswith("0") and not _MOBILE.match(rest):
                rest = "0" + rest  # international form drops the 0 of the area code
            return rest
    if compact.startswith("86") and _MOBILE.match(compact[2:]):
        return compact[2:]
    return compact


def _area_code_length(digits: str) -> int:
    return 3 if digits.startswith(("010", "02")) else 4


def normalize_phone(raw: str) -> str:
    """Return a mobile as 11 digits or a landline as "0355-1234567"; raise :class:`PhoneError`."""
    if len(raw) == 11 and raw.isascii() and raw.isdigit() and _MOBILE.match(raw):
        return raw  # already an 11-digit mobile (most cells): what the steps below return
    shown = raw.strip()
    if not shown:
        raise PhoneError("电话号码为空", shown)
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))
    digits = _strip_country_code(compact)
    bad = next((c for c in digits if not (c.isascii() and c.isdigit())), None)
    if bad is not None:
        raise PhoneError(f"电话号码“{shown}”含有无法识别的字符“{bad}”", shown)
    if _MOBILE.match(digits):
        return digits
    if digits.startswith("1"):
        if len(digits) != 11:
            raise PhoneError(f"手机号“{shown}”应为11位，实际为{len(digits)}位", shown)
        raise PhoneError(f"手机号“{shown}”无效：第二位应为3至9", shown)
    if digits.startswith("0"):
        area = _area_code_length(digits)
        local = digits[area:]
        if 7 <= len(local) <= 8:
            return f"{digits[:area]}-{local}"
        raise PhoneError(
            f"固定电话“{shown}”无效：区号{digits[:area]}之后应为7至8位号码，实际为{len(local)}位",
            shown,
        )
    if 7 <= len(digits) <= 8:
        raise PhoneError(f"固定电话“{shown}”缺少区号，应写成如0355-1234567的形式", shown)
    raise PhoneError(
        f"电话号码“{shown}”无效：应为11位手机号或带区号的固定电话（如0355-1234567）", shown
    )


def mask_phone(s: str) -> str:
    """Mask for display: "138****5678"; landlines keep the area code and last 4 ("0355-***4567").

    A value that is not a valid number is masked except for its last 4 characters; this function
    never raises, so that a bad value cannot stop a list from being shown.
    """
    try:
        number = normalize_phone(s)
    except PhoneError:
        text = _SEPARATORS.sub("", s)
        if len(text) <= 4:
            return "*" * len(text)
        return "*" * (len(text) - 4) + text[-4:]
    if "-" in number:
        area, local = number.split("-")
        return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
    return number[:3] + "****" + number[-4:]
