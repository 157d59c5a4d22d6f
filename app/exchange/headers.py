"""Finding the header row of a sheet as offices keep them, and what each column holds.

Title rows above the header, a header split over two rows (a group title such as "届次信息"
merged across the columns below it, or "姓名" merged down both rows), required-field marks
("*姓名", "姓名（必填）") and explanations ("出生年月（如1975.03）") are all recognised.
Headers are matched against each column's label (from the ``FieldSpec``) and its aliases.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.exchange.reader import Cell

IGNORE = ""  # the mapping target of a column that is read but not imported
SCAN_ROWS = 30  # the header is looked for in the first rows of a sheet
_MARKS = re.compile(r"[*＊※★☆:：]")
_REQUIRED = re.compile(r"[(（](必填|选填|必须填写|可不填)[)）]")
_TRAILING = re.compile(r"[(（][^()（）]*[)）]$")
_IGNORED = ("序号", "编号", "顺序号", "错误原因", "年龄", "操作")


def header_key(text: Any) -> str:
    """A header cell's text reduced for matching: no spaces, marks or 必填 notes."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text))
    value = _REQUIRED.sub("", _MARKS.sub("", "".join(value.split())))
    return value.replace("(", "（").replace(")", "）").lower()


@dataclass(frozen=True)
class ColumnMatch:
    index: int  # 0-based column in the sheet
    header: str  # the header text as in the file (both rows of a two-row header joined)
    key: str | None  # the column key it maps to; IGNORE for 序号 and such; None: unrecognised


@dataclass
class HeaderResult:
    rows: tuple[int, ...]  # 1-based sheet rows that form the header
    columns: list[ColumnMatch] = field(default_factory=list)

    @property
    def data_start(self) -> int:
        """The 1-based sheet row where data begins."""
        return (max(self.rows) if self.rows else 0) + 1

    @property
    def mapping(self) -> dict[int, str]:
        """Column index → column key, for the recognised columns."""
        return {c.index: c.key for c in self.columns if c.key}

    @property
    def unrecognised(self) -> list[ColumnMatch]:
        return [c for c in self.columns if c.key is None]

    @property
    def signature(self) -> str:
        """Identifies a layout (the header texts in order) for remembered mappings."""
        text = "|".join(header_key(c.header) for c in self.columns)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class HeaderMatcher:
    """Header text → column key, built from the columns' labels and aliases."""

    def __init__(self, names: Iterable[tuple[str, Sequence[str]]], minimum: int = 2) -> None:
        # how many known headers make a row the header: 2, or 1 for a list of one column
        # (承办单位: “序号 | 单位名称”)
        self.minimum = minimum
        self._keys: dict[str, str] = {header_key(t): IGNORE for t in _IGNORED}
        for key, texts in names:
            for text in texts:
                self._keys.setdefault(header_key(text), key)

    def match(self, text: Any) -> str | None:
        key = header_key(text)
        if not key:
            return None
        found = self._keys.get(key)
        if found is None and _TRAILING.search(key):
            found = self._keys.get(_TRAILING.sub("", key))
        return found

    def score(self, row: Sequence[Cell]) -> int:
        keys = {self.match(c.value) for c in row if isinstance(c.value, str)}
        return len(keys - {None, IGNORE})


def _texts(row: Sequence[Cell]) -> list[str]:
    return ["" if c.value is None else str(c.value).strip() for c in row]


def _header_like(row: Sequence[Cell], best_texts: list[str], matcher: HeaderMatcher) -> bool:
    """Whether a row next to the best header row is the other half of a two-row header rather
    than the first data row (which holds numbers and dates, and mostly unknown text)."""
    known = unknown = 0
    for cell, best_text in zip(row, best_texts, strict=True):
        if cell.value is None:
            continue
        if not isinstance(cell.value, str):
            return False
        text = cell.value.strip()
        if matcher.match(text) is not None:
            known += 1
        elif text != best_text:
            unknown += 1
    return known > 0 and unknown <= known


def detect(rows: Sequence[Sequence[Cell]], matcher: HeaderMatcher) -> HeaderResult | None:
    """The header of a sheet: the row (or pair of rows) among the first ``SCAN_ROWS`` whose
    cells match the most known headers; None when no row matches at least two (or the
    matcher's ``minimum``)."""
    scan = list(rows[:SCAN_ROWS])
    scores = [matcher.score(r) for r in scan]
    if not scores or max(scores) < matcher.minimum:
        return None
    # the first row nearly as good as the best: a header printed again lower down (or one
    # with an extra known column) must not win over the real one
    threshold = max(matcher.minimum, math.ceil(0.6 * max(scores)))
    best = next(i for i, score in enumerate(scores) if score >= threshold)
    pair: tuple[int, ...] = (best,)
    texts = _texts(scan[best])
    keys = [matcher.match(t) for t in texts]
    for other in (best + 1, best - 1):
        if not 0 <= other < len(scan):
            continue
        if not _header_like(scan[other], texts, matcher):
            continue
        other_keys = [matcher.match(t) for t in _texts(scan[other])]
        gains = sum(1 for k, o in zip(keys, other_keys, strict=True) if o and not k)
        if gains:
            upper, lower = sorted((best, other))
            pair = (upper, lower)
            up_t, low_t = _texts(scan[upper]), _texts(scan[lower])
            up_k = [matcher.match(t) for t in up_t]
            low_k = [matcher.match(t) for t in low_t]
            texts, keys = [], []
            for ut, lt, uk, lk in zip(up_t, low_t, up_k, low_k, strict=True):
                if lk is not None:
                    texts.append(lt)
                    keys.append(lk)
                elif uk is not None:
                    texts.append(ut)
                    keys.append(uk)
                else:
                    texts.append(lt or ut)
                    keys.append(None)
            break
    seen: set[str] = set()
    columns = []
    for index, (text, key) in enumerate(zip(texts, keys, strict=True)):
        if not text:
            continue
        if key and key in seen:  # a second column with the same meaning is not imported
            key = None
        if key:
            seen.add(key)
        columns.append(ColumnMatch(index, text, key))
    return HeaderResult(tuple(r + 1 for r in pair), columns)


def apply_mapping(result: HeaderResult, mapping: dict[str, str]) -> HeaderResult:
    """The header with a person's choices applied: header text → column key (IGNORE: skip)."""
    by_text = {header_key(k): v for k, v in mapping.items()}
    columns = []
    for c in result.columns:
        chosen = by_text.get(header_key(c.header), c.key)
        columns.append(ColumnMatch(c.index, c.header, chosen))
    taken: set[str] = set()
    out = []
    for c in columns:  # one column per key: the first wins
        if c.key and c.key in taken:
            c = ColumnMatch(c.index, c.header, None)
        if c.key:
            taken.add(c.key)
        out.append(c)
    return HeaderResult(result.rows, out)


def first_text_row(rows: Sequence[Sequence[Cell]]) -> HeaderResult:
    """A stand-in header for a sheet where none was recognised: its fullest early row, every
    column unrecognised, so that a person can map the columns by hand."""
    scan = list(rows[:SCAN_ROWS])
    if not scan:
        return HeaderResult(())
    best = max(range(len(scan)), key=lambda i: sum(1 for c in scan[i] if c.value is not None))
    columns = [ColumnMatch(i, t, None) for i, t in enumerate(_texts(scan[best])) if t]
    return HeaderResult((best + 1,), columns)
