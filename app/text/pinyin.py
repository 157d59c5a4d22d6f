"""Pinyin of personal names, for search and for pinyin ordering (offline, via pypinyin).

pypinyin reads a lone character with its everyday reading, which is wrong for many
surnames (曾 ceng, 单 dan, 解 jie …). The surname therefore comes from
:mod:`app.text.surnames`; a surname with more than one accepted reading (乐 yue/le,
尉 wei/yu …) yields one variant per reading. The given name only gets pypinyin's default
reading (read as a phrase, which helps polyphones): indexing every reading of every
character would make searches match far too much.

All output is lowercase ASCII without tones; ü is written "v" (lv, nv), as Chinese input methods do,
and a query may type it as "ü" or "u:" too. Non-Chinese letters and digits are kept, lowercased.

Search design: :func:`search_key` joins every initials variant and every full-pinyin
variant with "|", e.g. ``"zl|zhanglin"``. Stored in an indexed column it is searched with
``LIKE '%q%'``: initials ("zl") and pinyin prefixes ("zhangl") match, and since a query
never contains "|" (see :func:`normalize_query`) it cannot match across two variants.
:func:`matches` applies the same test in Python, plus a plain substring test on the
Chinese name.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from app.text.surnames import clean_name, is_dotted, split_name, surname_readings

__all__ = [
    "matches",
    "name_initials",
    "name_pinyin",
    "name_pinyin_variants",
    "normalize_query",
    "search_key",
    "split_name",
]

SEPARATOR = "|"


def _keep_letters(text: str) -> list[str]:
    """pypinyin ``errors`` handler: non-Chinese runs become single lowercase letters or digits."""
    return [c.lower() for c in _ascii(text) if c.isalnum()]


def _ascii(text: str) -> str:
    """Drop accents (ê → e) and anything else outside ASCII."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _syllables(text: str) -> list[str]:
    """Default-reading syllables of ``text``, one entry per character (middle dots dropped)."""
    return list(_cached_syllables(text))


@lru_cache(maxsize=8192)
def _cached_syllables(text: str) -> tuple[str, ...]:
    """``_syllables``, once per distinct text: pypinyin is most of the cost of saving a
    member, and an import of a roster repeats surnames and given names many times."""
    if not text:
        return ()
    # pypinyin's phrase tables take a second to load: on the first name, not at start-up
    from pypinyin import Style, lazy_pinyin

    raw = lazy_pinyin(text, style=Style.NORMAL, errors=_keep_letters)  # type: ignore[arg-type]
    result = []
    for syllable in raw:
        ascii_syllable = _ascii(syllable).lower()
        if ascii_syllable:
            result.append(ascii_syllable)
    return tuple(result)


def _variants(name: str) -> list[list[str]]:
    """Syllable lists, one per accepted surname reading; the first is the default."""
    surname, given = split_name(name)
    given_syllables = _syllables(given)
    readings = None if is_dotted(name) else surname_readings(surname)
    if readings is None:
        return [_syllables(surname) + given_syllables]
    return [list(reading) + given_syllables for reading in readings]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def name_pinyin(name: str) -> str:
    """Full pinyin with the default surname reading: 张琳 → "zhanglin", 曾国藩 → "zengguofan"."""
    return "".join(_variants(name)[0])


def name_pinyin_variants(name: str) -> list[str]:
    """Full pinyin for every accepted surname reading (default first): 乐嘉 → yuejia, lejia."""
    return _unique(["".join(v) for v in _variants(name)])


def name_initials(name: str) -> list[str]:
    """Initials for every accepted surname reading, default first: 乐嘉 → ["yj", "lj"]."""
    return _unique(["".join(s[0] for s in variant) for variant in _variants(name)])


@lru_cache(maxsize=4096)
def search_key(name: str) -> str:
    """Lowercase search key: initials variants, then full-pinyin variants, joined by "|".

    >>> search_key("张  琳")
    'zl|zhanglin'
    """
    variants = _variants(name)  # as ``name_initials`` and ``name_pinyin_variants`` read it
    initials = _unique(["".join(s[0] for s in variant) for variant in variants])
    return SEPARATOR.join(_unique(initials + _unique(["".join(v) for v in variants])))


def normalize_query(query: str) -> str:
    """A typed query as :func:`search_key` spells things: no whitespace, lowercase, ü → v.

    "|" is removed so that a query cannot match across two variants of a search key. The result
    still has to be escaped for SQL ``LIKE`` (``%`` and ``_``) by the caller.
    """
    text = clean_name(query).lower()
    text = text.replace("u:", "v").replace("ü", "v")
    return text.replace(SEPARATOR, "")


def matches(query: str, name: str) -> bool:
    """Whether ``query`` finds ``name``: Chinese substring, initials or pinyin substring.

    Case and whitespace are ignored; an empty query matches every name. Pinyin matching is a
    substring test on each variant of :func:`search_key`, exactly what ``LIKE '%q%'`` does on it.
    """
    cleaned_query = clean_name(query)
    if not cleaned_query:
        return True
    cleaned_name = clean_name(name)
    if cleaned_query in cleaned_name:
        return True
    undotted = cleaned_query.replace("·", "")
    if undotted and undotted in cleaned_name.replace("·", ""):
        return True
    q = normalize_query(query)
    if not q or not q.isascii():
        return False
    return any(q in variant for variant in search_key(name).split(SEPARATOR))
