"""Two clerks import the same roster at once on a shared PostgreSQL database: exactly one copy
of each member, and the other import reports the members as already there or refuses with a
Chinese conflict message — never a traceback, never a duplicate (issue 11, item 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.models import Member
from app.services.opening import open_database
from tests.conftest import POSTGRESQL, fresh_database_url
from tests.exchange.conftest import id_number

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
ROWS = 150

# One clerk's import, in its own process: prints one JSON line with the outcome. With a sync
# folder it pauses at its first INSERT — every row checked against a roster-free database, its
# transaction open, nothing written yet — until the other clerk's import has finished. (The
# first INSERT, not the first ORM flush: new members are written by ``create_many_in``.)
WORKER = r"""
import json, sys, time
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.engine import Engine
url, path, sync = sys.argv[1], sys.argv[2], sys.argv[3]

paused = []

def pause_once(_conn, _cursor, statement, *_args):
    if paused or not statement.lstrip().upper().startswith("INSERT"):
        return
    paused.append(True)
    Path(sync, "first-waiting").touch()
    deadline = time.monotonic() + 60
    while not Path(sync, "second-done").exists() and time.monotonic() < deadline:
        time.sleep(0.05)

if sync:
    event.listen(Engine, "before_cursor_execute", pause_once)
from app.services.opening import open_database
from app.errors import AppError
from app.exchange.apply import import_file
from app.services.context import SYSTEM
db = open_database(url)
try:
    r = import_file(db, path, "members", SYSTEM)
    out = {"created": len(r.created), "updated": len(r.updated), "unchanged": len(r.unchanged),
           "skipped": len(r.skipped), "rejected": len(r.rejected)}
except AppError as exc:
    out = {"refused": type(exc).__name__, "message": str(exc),
           "problems": [str(p) for p in getattr(exc, "problems", [])]}
print(json.dumps(out, ensure_ascii=False))
"""


def roster(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号", "姓名", "性别", "身份证号", "政治面貌", "工作单位及职务"])
    for n in range(ROWS):
        day = f"19{60 + n % 30:02d}{1 + n % 12:02d}{1 + n % 28:02d}"
        number = id_number(day, 2 * n + 1)
        ws.append([n + 1, f"委员{n + 1:03d}", "男", number, "中共", f"示范县第{n + 1}单位"])
    wb.save(path)
    return path


@pytest.fixture
def pg_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from fresh_database_url(request, POSTGRESQL, tmp_path)


def start(url: str, book: Path, sync: Path | str, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), ZXLZ_HOME=str(home))
    return subprocess.Popen([sys.executable, "-c", WORKER, url, str(book), str(sync)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")


def outcome(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "Traceback" not in err, err
    return dict(json.loads(out.strip().splitlines()[-1]))


def live_members(url: str) -> tuple[int, int]:
    db = open_database(url)
    try:
        with db.reader() as s:
            total = s.scalar(select(func.count()).select_from(Member).where(
                Member.deleted_at.is_(None))) or 0
            numbers = s.scalar(select(func.count(func.distinct(Member.id_number))).where(
                Member.deleted_at.is_(None))) or 0
        return total, numbers
    finally:
        db.dispose()


def added_or_refused(result: dict[str, Any]) -> str:
    """"added" for the import that wrote the roster; "found" for one that found every member
    already there; "refused" for one refused with a clear message: the database's conflict,
    or (when the other import committed while this one was checking) the rows whose ID
    numbers are now taken, each named."""
    if "refused" in result:
        message = result["message"]
        assert "没有写入任何记录" in message, result
        if result["refused"] == "ImportRefusedError":
            assert result["problems"], result
            assert all("身份证号" in p and "重复" in p for p in result["problems"]), result
        else:
            assert result["refused"] == "ConflictError", result
            assert "身份证号" in message and "委员“" in message and "*" in message, result
        return "refused"
    assert result["rejected"] == 0 and result["skipped"] == 0, result
    if result["created"] == ROWS:
        return "added"
    assert result["created"] == 0 and result["updated"] + result["unchanged"] == ROWS, result
    return "found"


def test_two_imports_of_one_roster_at_once(pg_db_url: str, tmp_path: Path) -> None:
    book = roster(tmp_path / "名册.xlsx")
    first = start(pg_db_url, book, "", tmp_path / "home1")
    second = start(pg_db_url, book, "", tmp_path / "home2")
    fates = sorted([added_or_refused(outcome(first)), added_or_refused(outcome(second))])
    assert fates in (["added", "found"], ["added", "refused"])
    assert live_members(pg_db_url) == (ROWS, ROWS)


def test_overlapping_imports_one_is_refused_by_the_database(pg_db_url: str, tmp_path: Path
                                                            ) -> None:
    """The first import has checked every row (none of them in the database yet) and waits
    before writing; the second reads the same roster and writes it. The service's checks have
    all passed for the first: only the database's unique index can stop the duplicates."""
    book = roster(tmp_path / "名册.xlsx")
    sync = tmp_path / "sync"
    sync.mkdir()
    first = start(pg_db_url, book, sync, tmp_path / "home1")
    deadline = time.monotonic() + 120
    while not (sync / "first-waiting").exists():
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.05)
    second = start(pg_db_url, book, "", tmp_path / "home2")
    try:
        second_fate = added_or_refused(outcome(second))
    finally:
        (sync / "second-done").touch()
    first_result = outcome(first)
    assert second_fate == "added" and added_or_refused(first_result) == "refused"
    assert first_result["refused"] == "ConflictError"  # the index, not the services' check
    assert live_members(pg_db_url) == (ROWS, ROWS)
