"""File names a clerk is offered: what the file is, whom it is about, which year or period
("2025年张三履职档案.docx"), made valid on Windows.

Windows refuses ``\\ / : * ? " < > |`` and control characters, the device names (CON, PRN,
AUX, NUL, COM1–9, LPT1–9, with any extension), and a trailing dot or space; a long name
pushes the whole path past 260 characters. A name taken from the data (a member's or a
unit's name, a meeting's title) can contain any of these, so every suggested name passes
through ``safe_file_name``.
"""

from __future__ import annotations

import re

#: the forbidden ASCII characters, each replaced by its full-width form (reads the same)
_WIDE = str.maketrans({"\\": "＼", "/": "／", ":": "：", "*": "＊", "?": "？", '"': "＂",
                       "<": "＜", ">": "＞", "|": "｜"})
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])",
                       re.IGNORECASE)
MAX_CHARS = 80  # of a suggested name, extension included: a path well under 260


def safe_file_name(name: str, max_chars: int = MAX_CHARS) -> str:
    """``name`` made valid as a Windows file name, its extension kept, at most
    ``max_chars`` characters; "未命名" for a name with nothing left."""
    name = "".join(c for c in name if ord(c) >= 32 and ord(c) != 127).translate(_WIDE)
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 5 or not ext.isalnum():
        stem, ext = name, ""
    stem = stem.strip().rstrip(". ").lstrip(".") or "未命名"
    if _RESERVED.fullmatch(stem.split(".", 1)[0]):
        stem = f"_{stem}"
    suffix = f".{ext}" if ext else ""
    stem = stem[:max(max_chars - len(suffix), 1)].rstrip(". ") or "未命名"
    return f"{stem}{suffix}"


def file_name(what: str, *, whom: str = "", when: str = "", ext: str = ".xlsx") -> str:
    """"{when}{whom}{what}{ext}" made safe: ``file_name("履职档案", whom="张三",
    when="2025年", ext=".docx")`` → "2025年张三履职档案.docx"."""
    return safe_file_name(f"{when}{whom}{what}{ext}")
