"""Killed at random moments (SIGKILL), an Excel import leaves the database as before or as
after (never part of the rows) and passing ``check``; a report generation leaves either no
draft or a whole draft with its whole 数据底稿, and the next write into the folder leaves no
temporary file behind. (Backup and restore: test_backup_crash.py.)"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from app.cli import main
from app.text.idcard import check_character
from tests.cli.test_backup_crash import _run_and_kill, _timed

ROOT = Path(__file__).resolve().parents[2]
KILLS = 16  # per command; 32 in all
NEW_MEMBERS = 400


def _id_number(k: int) -> str:
    first17 = f"140428{1960 + k % 30}{1 + k % 12:02d}{1 + k % 28:02d}{(2 * k + 1) % 1000:03d}"
    return first17 + check_character(first17)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The county demo and a roster of new members for it."""
    folder = tmp_path_factory.mktemp("crash-import")
    path = folder / "demo.sqlite"
    assert main(["demo", "--db", str(path)]) == 0
    con = sqlite3.connect(path)
    term = con.execute("SELECT number FROM terms ORDER BY number DESC").fetchone()[0]
    sector = con.execute("SELECT name FROM sectors ORDER BY id").fetchone()[0]
    con.close()
    book = Workbook()
    sheet = book.active
    sheet.append(["委员姓名", "性别", "出生年月", "届次", "界别", "身份证号", "工作单位及职务"])
    given = "安柏晨德恩方戈翰嘉景"
    for k in range(NEW_MEMBERS):
        number = _id_number(k)
        sheet.append([f"崔{given[k % 10]}{given[(k // 10) % 10]}{given[(k // 100) % 10]}",
                      "男", f"{number[6:10]}.{number[10:12]}", f"第{term}届", sector, number,
                      f"县第{k}中学教师"])
    roster = folder / "新委员.xlsx"
    book.save(roster)
    return path, roster


def _members(path: Path) -> int:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM members").fetchone()[0])
    finally:
        con.close()


def _check(path: Path, env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "main.py", "check", "--db", str(path)], cwd=ROOT,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_kill_minus_nine_during_import(demo: tuple[Path, Path], tmp_path: Path) -> None:
    pristine, roster = demo
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZXLZ_HOME": str(tmp_path / "home")}
    live = tmp_path / "zxlz.sqlite"
    shutil.copyfile(pristine, live)
    before = _members(live)
    args = ["import", "members", str(roster), "--db", str(live)]
    runtime = _timed(args, env)
    after = _members(live)
    assert after == before + NEW_MEMBERS  # the uninterrupted import adds every row
    rng = random.Random(2027)
    kills, outcomes = 0, []
    for _ in range(KILLS):
        shutil.copyfile(pristine, live)
        for suffix in ("-wal", "-shm"):
            Path(f"{live}{suffix}").unlink(missing_ok=True)
        # most of a run is starting Python and reading; aim at the later part, where it writes
        kills += _run_and_kill(args, rng.uniform(0.5 * runtime, 1.02 * runtime), env)
        count = _members(live)
        assert count in (before, after), f"{count} members: part of the import was written"
        outcomes.append(count)
        _check(live, env)
    assert kills >= KILLS // 2
    print(f"import outcomes: {outcomes.count(before)} before, {outcomes.count(after)} after")


def _pair_state(out: Path) -> str:
    """"none", or "whole" when both files are complete documents; anything else fails."""
    evidence = out.with_name(f"{out.stem}-数据底稿.xlsx")
    if not out.exists() and not evidence.exists():
        return "none"
    assert out.exists() and evidence.exists(), "one file of the pair without the other"
    assert Document(str(out)).paragraphs, "an empty draft"
    assert load_workbook(evidence, read_only=True).sheetnames
    return "whole"


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~zxlz"))


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_kill_minus_nine_during_report_generation(demo: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    pristine, _roster = demo
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZXLZ_HOME": str(tmp_path / "home")}
    live = tmp_path / "zxlz.sqlite"
    shutil.copyfile(pristine, live)
    con = sqlite3.connect(live)
    year = con.execute("SELECT max(substr(submitted_on, 1, 4)) FROM proposals").fetchone()[0]
    con.close()
    runtime = 0.0
    rng = random.Random(2028)
    kills, outcomes = 0, []
    for k in range(KILLS + 1):
        folder = tmp_path / f"drafts{k}"
        folder.mkdir()
        out = folder / "工作报告.docx"
        args = ["report", "work-report", "--year", str(year), "--out", str(out), "--db", str(live)]
        if k == 0:  # the uninterrupted run: both files, and the time it takes
            runtime = _timed(args, env)
            assert _pair_state(out) == "whole"
            continue
        kills += _run_and_kill(args, rng.uniform(0.5 * runtime, 1.02 * runtime), env)
        outcomes.append(_pair_state(out))
        _check(live, env)
        # the next generation into the same folder finishes and leaves no temporary behind;
        # its time is the next kill's measure (the machine's load changes during the test)
        runtime = _timed(args, env)
        assert _pair_state(out) == "whole"
        assert _temporaries(folder) == []
    assert kills >= KILLS // 2
    print(f"report outcomes: {outcomes.count('none')} nothing, {outcomes.count('whole')} whole")
