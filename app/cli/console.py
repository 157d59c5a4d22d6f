"""Console and redirected output that never fails on a character.

Python picks the encoding of a redirected ``sys.stdout`` from the locale: GBK on Chinese
Windows, cp1252 on English Windows. A member named 王䶮 or 张𠮷 (outside GBK) or a header
"已核对✓" then stopped a command with ``UnicodeEncodeError``, and ``stats --json`` written to
a file was GBK. So, before any command runs:

- a stream that is *not* a terminal (a file, a pipe) is switched to UTF-8 — what scripts,
  Excel's and WPS's text import and every editor read by default — with ``errors="replace"``;
- a terminal keeps the encoding Python chose for it (on Windows the console's wide-character
  API, which shows every character), only with ``errors="replace"`` so that a character the
  terminal cannot show becomes "?" instead of an internal error;
- stdin from a pipe or file is read as UTF-8 (a BOM is skipped), from a terminal in the
  terminal's own encoding (GBK consoles included); undecodable bytes never raise.

The frozen program additionally runs in Python's UTF-8 mode (``build/zxlz.spec``).
"""

from __future__ import annotations

import contextlib
import io
import sys
from typing import Any, TextIO


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or exotic streams
        return False


def _reconfigure(stream: TextIO | None, *, reading: bool = False) -> None:
    if stream is None or not isinstance(stream, io.TextIOWrapper):
        return  # no console (windowed program) or a replaced stream (tests, IDEs)
    with contextlib.suppress(ValueError, OSError, io.UnsupportedOperation):
        if _is_terminal(stream):
            stream.reconfigure(errors="replace")
        else:
            stream.reconfigure(encoding="utf-8-sig" if reading else "utf-8", errors="replace")


def configure_streams() -> None:
    """Make stdin, stdout and stderr safe for any character (see the module docstring)."""
    _reconfigure(sys.stdout)
    _reconfigure(sys.stderr)
    _reconfigure(sys.stdin, reading=True)


def write_json(data: object) -> None:
    """``data`` as JSON on stdout, always UTF-8 — also on a terminal whose encoding is not
    (a Windows console takes UTF-8 bytes through its wide API; elsewhere the bytes are what a
    program reading the JSON expects)."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a replaced stream (tests, IDEs): it takes text
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
