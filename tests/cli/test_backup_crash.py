"""Killed at random moments (SIGKILL), ``backup create`` and ``backup restore`` leave the
database either as before or as after, passing ``check``, and every file with a backup name
is a complete, verified backup."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from app.db.backup import integrity_problems, list_backups
from app.db.health import diagnose

ROOT = Path(__file__).resolve().parents[2]
KILLS = 16  # per command; 32 in all


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database with long proposal texts (~20 MB), so copies take a while."""
    path = tmp_path_factory.mktemp("crash") / "demo.sqlite"
    assert main(["demo", "--db", str(path)]) == 0
    con = sqlite3.connect(path)
    con.execute("UPDATE proposals SET body = body || hex(randomblob(20000))")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


def _proposals_marker(path: Path) -> int:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM participations").fetchone()[0])
    finally:
        con.close()


def _run_and_kill(args: list[str], delay: float, env: dict[str, str]) -> bool:
    """Run a command and kill it after ``delay`` seconds (SIGKILL; TerminateProcess on
    Windows); True when it was killed."""
    proc = subprocess.Popen([sys.executable, "main.py", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        proc.kill()
    proc.wait(timeout=60)
    return killed


def _timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    return time.perf_counter() - started


def _all_backups_sound(folder: Path) -> None:
    for info in list_backups(folder):
        assert integrity_problems(info.path) == [], info.path


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_kill_minus_nine_during_backup_and_restore(big_db: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZXLZ_HOME": str(tmp_path / "home")}
    live = tmp_path / "zxlz.sqlite"
    shutil.copyfile(big_db, live)
    folder = tmp_path / "backups"
    rng = random.Random(2026)

    # backup create: the database is never touched; a backup name means a whole backup
    runtime = _timed(["backup", "create", "--db", str(live)], env)
    original = _proposals_marker(live)
    kills = 0
    for _ in range(KILLS):
        kills += _run_and_kill(["backup", "create", "--db", str(live)],
                               rng.uniform(0, runtime), env)
        assert diagnose(live, full=True) is None
        assert _proposals_marker(live) == original
        _all_backups_sound(folder)
    assert kills >= KILLS // 2  # most runs were really interrupted
    backup = list_backups(folder)[-1].path  # the first, complete one

    # restore: the live database differs from the backup; after each kill it is one or other
    con = sqlite3.connect(live)
    con.execute("DELETE FROM participations WHERE id % 2 = 0")
    con.commit()
    con.close()
    changed = _proposals_marker(live)
    assert changed != original
    runtime = _timed(["backup", "restore", str(backup), "--db", str(live), "--yes"], env)
    outcomes: list[int] = []
    kills = 0
    for _ in range(KILLS):
        con = sqlite3.connect(live)  # back to the changed state before each try
        con.execute("DELETE FROM participations WHERE id % 2 = 0")
        con.commit()
        con.close()
        kills += _run_and_kill(["backup", "restore", str(backup), "--db", str(live), "--yes"],
                               rng.uniform(0, runtime), env)
        assert diagnose(live, full=True) is None
        state = _proposals_marker(live)
        assert state in (changed, original)
        outcomes.append(state)
        _all_backups_sound(folder)
        assert main(["check", "--db", str(live)]) == 0
    assert kills >= KILLS // 2
    print(f"restore outcomes: {outcomes.count(changed)} before, {outcomes.count(original)} after")
