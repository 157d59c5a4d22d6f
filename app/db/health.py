"""Is a SQLite file damaged? A diagnosis that never changes the file (TECH_NOTES §5).

Used by ``check`` and by the client before it opens a database, so that a damaged file is
named in one Chinese sentence instead of failing somewhere inside a query. The checks, from
cheap to thorough:

1. the file header: empty file, no SQLite signature, impossible page size, a file shorter
   than its header says (truncated) — read with plain file I/O;
2. ``PRAGMA quick_check`` (or the full ``integrity_check``) over a read-only connection;
3. a ``-wal`` file beside the database that belongs to another database. SQLite cannot tell:
   it would replay the foreign pages and, at the next checkpoint, *replace the database by
   the other one*. So the tables seen through the WAL (read-only connection) are compared
   with those of the main file alone (``immutable=1`` ignores the WAL).

Nothing here opens the file read-write, so a diagnosis never checkpoints a WAL into it.
"""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
_TIMEOUT = 10.0
VERSION_TABLE = "alembic_version"


def diagnose(path: Path, *, full: bool = False) -> str | None:
    """What is wrong with the SQLite file ``path``, as one Chinese sentence; None when sound.

    ``full`` runs ``integrity_check`` (every index entry too) instead of ``quick_check``.
    A missing file is not damaged (None); a database locked by another program is not
    reported as damaged either.
    """
    path = Path(path)
    if not path.is_file():
        return None
    problem = header_problem(path)
    if problem is not None:
        return problem
    problem = _pragma_problem(path, full)
    if problem is not None:
        return problem
    return _foreign_wal_problem(path)


def header_problem(path: Path) -> str | None:
    """Damage visible in the first 100 bytes and the file size (no SQLite involved)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as exc:
        return f"无法读取文件（{exc.strerror or exc}）"
    if size == 0:
        return "文件是空的（0 字节），其中没有任何数据"
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        return "文件开头没有 SQLite 数据库的标志，文件已被覆盖，或者根本不是数据库文件"
    (raw_page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"文件头记录的页大小 {raw_page_size} 不可能出现，文件头已损坏"
    if _wal_in_use(path) or _nonempty(Path(f"{path}-journal")):
        return None  # the main file may legitimately lag behind its -wal or hot journal
    if size % page_size:
        return f"文件大小 {size} 字节不是页大小 {page_size} 的整数倍，文件不完整（可能被截断）"
    change_counter, declared_pages = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    expected = declared_pages * page_size
    if declared_pages and change_counter == valid_for and size < expected:
        return f"文件被截断：应有 {expected} 字节，实际只有 {size} 字节"
    return None


def _wal_in_use(path: Path) -> bool:
    return _nonempty(Path(f"{path}-wal"))


def _nonempty(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def _connect(path: Path, options: str) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?{options}"
    return sqlite3.connect(uri, uri=True, timeout=_TIMEOUT)


def _pragma_problem(path: Path, full: bool) -> str | None:
    pragma = "integrity_check" if full else "quick_check"
    try:
        con = _connect(path, "mode=ro")
        try:
            rows = [str(row[0]) for row in con.execute(f"PRAGMA {pragma}(20)")]
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        if any(word in str(exc) for word in ("locked", "busy", "readonly")):
            return None  # in use elsewhere, or a hot journal needs a writer: not damage
        return describe_sqlite_error(exc)
    except sqlite3.DatabaseError as exc:
        return describe_sqlite_error(exc)
    if rows == ["ok"]:
        return None
    lines = [line.strip() for row in rows for line in row.splitlines()
             if line.strip() and not line.startswith("***")]
    first = lines[0] if lines else "（无详细信息）"
    return f"数据页已损坏，SQLite 完整性检查发现 {len(lines)} 处问题（第一处：{first[:120]}）"


def _tables(path: Path, options: str) -> set[str]:
    con = _connect(path, options)
    try:
        return {str(r[0]) for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def _foreign_wal_problem(path: Path) -> str | None:
    if not _wal_in_use(path):
        return None
    try:
        main_only = _tables(path, "mode=ro&immutable=1")
        through_wal = _tables(path, "mode=ro")
    except sqlite3.OperationalError:
        return None  # locked: the pragma check above already read it
    except sqlite3.DatabaseError as exc:
        return describe_sqlite_error(exc)
    # A migration may drop a table, so only a WAL that loses our version table or most of
    # our tables counts as foreign. (A -wal from another copy of this program's database is
    # not detected: it has the same tables.)
    kept = len(main_only & through_wal)
    if VERSION_TABLE in main_only and (VERSION_TABLE not in through_wal
                                       or kept < len(main_only) / 2):
        return (f"数据库旁的日志文件“{path.name}-wal”不属于这个数据库（可能是从别处复制来的），"
                "打开它会用另一个数据库的内容覆盖本数据库")
    return None


def describe_sqlite_error(exc: BaseException) -> str:
    """A Chinese sentence for the errors SQLite raises on damaged files."""
    text = str(exc)
    lowered = text.lower()
    if "not a database" in lowered:
        return "文件不是有效的 SQLite 数据库（文件头或第一页已损坏）"
    if "malformed" in lowered or "corrupt" in lowered:
        return "数据页已损坏（SQLite 报告“数据库映像格式错误”）"
    if "disk i/o" in lowered:
        return "读取文件时发生磁盘错误，文件可能位于损坏的磁盘或已拔出的移动存储上"
    return f"SQLite 无法读取该文件（{text[:120]}）"
