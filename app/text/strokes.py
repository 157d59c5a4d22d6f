"""姓氏笔画 ordering of personal names.

The rule (as in official rosters): compare the surname first, character by character, by
(1) number of strokes, fewer first; (2) the stroke sequence in the order 横 竖 撇 点 折
(digits 1–5), first stroke first; identical sequences (土/士) fall back to the code point so
that the order is total. A compound surname (欧阳, 司马 …, see :mod:`app.text.surnames`) is
one unit: every 欧X sorts before every 欧阳X. Then the given name is compared the same way,
except that a one-character given name is read with an empty slot before it (田富 is read
田□富) and □ sorts before any character, so 田富 comes before 田大利.

:func:`stroke_key` turns a name into an ASCII string whose plain ordering (Python ``<``,
SQL ``ORDER BY`` under a binary collation) is this order. Per character it holds "K",
the stroke count in two digits, the sequence and the code point in six hex digits. A
character whose count is known but whose sequence is not sorts after all fully known
characters with the same count ("6" stands in for the sequence); a character missing from
the table sorts after every known character ("U" + code point). :func:`unknown_characters`
lists both kinds, so that the user can be told the order may need a manual sort number.
Keys stay aligned: two characters with the same count have sequences of the same length.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from app.text._resources import data_path
from app.text.surnames import MIDDLE_DOT, clean_name, split_name

__all__ = [
    "sort_by_strokes",
    "stroke_count",
    "stroke_key",
    "stroke_sequence",
    "unknown_characters",
]

TABLE_NAME = "strokes.tsv"

_END_OF_SURNAME = "A"  # sorts before "B" and every character key: 欧 + A < 欧阳
_EMPTY_SLOT = "B"  # the □ of a one-character given name: 田 A B 富 < 田 A 大利
_KNOWN = "K"
_COUNT_ONLY = "6"  # after every sequence digit 1–5
_UNKNOWN = "U"


@functools.cache
def _table() -> dict[str, tuple[int, str]]:
    """character → (total strokes, sequence or ""), read once from ``resources/data``."""
    path = data_path(TABLE_NAME)
    table: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\r\n").split("\t")
        if header != ["char", "total", "sequence"]:
            raise ValueError(f"笔画数据文件{path}格式不对：表头为{header}")
        for line in handle:
            # rstrip("\r\n"): a Windows checkout may have turned the line ends into CRLF
            char, total, sequence = line.rstrip("\r\n").split("\t")
            table[char] = (int(total), sequence)
    return table


def stroke_count(ch: str) -> int | None:
    """Total number of strokes of one character, or None if it is not in the table."""
    entry = _table().get(ch)
    return entry[0] if entry else None


def stroke_sequence(ch: str) -> str | None:
    """Stroke sequence of one character as digits 1–5 (横竖撇点折), or None if unknown."""
    entry = _table().get(ch)
    return entry[1] if entry and entry[1] else None


@functools.lru_cache(maxsize=8192)
def _char_key(ch: str) -> str:
    """One character's part of the key (kept per character: names repeat characters)."""
    code = f"{ord(ch):06X}"
    entry = _table().get(ch)
    if entry is None:
        return _UNKNOWN + code
    total, sequence = entry
    return f"{_KNOWN}{total:02d}{sequence or _COUNT_ONLY}{code}"


def _chars_key(text: str) -> str:
    return "".join(_char_key(ch) for ch in text if ch != MIDDLE_DOT)


def stroke_key(name: str) -> str:
    """ASCII sort key for 姓氏笔画 order (see the module docstring); whitespace is ignored.

    >>> sorted(["田大利", "田富", "王五"], key=stroke_key)
    ['王五', '田富', '田大利']
    """
    surname, given = split_name(name)
    given_chars = given.replace(MIDDLE_DOT, "")
    if not surname and not given_chars:
        return ""
    slot = _EMPTY_SLOT if len(given_chars) == 1 else ""
    return _chars_key(surname) + _END_OF_SURNAME + slot + _chars_key(given_chars)


def sort_by_strokes(names: Iterable[str]) -> list[str]:
    """The names in 姓氏笔画 order (stable: equal keys keep their input order)."""
    return sorted(names, key=stroke_key)


def unknown_characters(name: str) -> list[str]:
    """Characters of ``name`` whose place in the order is not fully known (no stroke sequence).

    Each character is listed once, in order of appearance; whitespace and "·" are ignored.
    """
    found = [ch for ch in clean_name(name) if ch != MIDDLE_DOT and stroke_sequence(ch) is None]
    return list(dict.fromkeys(found))
