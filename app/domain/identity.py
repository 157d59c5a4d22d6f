"""What an identity number says about its holder: the 18-character number, the birth date and
the gender (``Gender``). The one place that reads them from the number; the member check, the
editor's auto-fill and the Excel import all ask here.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from app.domain.enums import Gender
from app.text.idcard import IdNumberError, parse_id_number

__all__ = ["IdNumberError", "Identity", "identity_of", "identity_or_none"]


@dataclass(frozen=True)
class Identity:
    number: str  # the 18-character form
    birth_date: dt.date
    gender: Gender

    def fills(self, birth_date: dt.date | None, gender: Gender | None) -> dict[str, Any]:
        """The fields the number fills because they are empty: ``birth_date``, ``gender``."""
        out: dict[str, Any] = {}
        if birth_date is None:
            out["birth_date"] = self.birth_date
        if gender is None:
            out["gender"] = self.gender
        return out

    def disagreements(self, birth_date: dt.date | None, gender: Gender | None
                      ) -> dict[str, str]:
        """Field → message for a given birth date or gender that the number contradicts."""
        out: dict[str, str] = {}
        if birth_date is not None and birth_date != self.birth_date:
            out["birth_date"] = f"与身份证号中的出生日期{self.birth_date:%Y-%m-%d}不一致"
        if gender is not None and gender != self.gender:
            out["gender"] = f"与身份证号中的性别“{self.gender.label}”不一致"
        return out


def identity_of(raw: str, *, today: dt.date | None = None) -> Identity:
    """The holder's number, birth date and gender; ``IdNumberError`` (a message naming the
    value) when ``raw`` is not a valid identity number."""
    return _identity(raw, today or dt.date.today())


@functools.lru_cache(maxsize=8192)
def _identity(raw: str, today: dt.date) -> Identity:
    """``identity_of``, kept per number and day: an import reads each number when it groups
    the rows, and the member check reads it again (an invalid number is not kept: it raises
    each time, with the same message)."""
    info = parse_id_number(raw, today=today)
    return Identity(info.number, info.birth_date,
                    Gender.MALE if info.gender == Gender.MALE.label else Gender.FEMALE)


def identity_or_none(raw: str) -> Identity | None:
    """``identity_of``, or None for an invalid number (where the caller reports it itself)."""
    try:
        return identity_of(raw)
    except IdNumberError:
        return None
