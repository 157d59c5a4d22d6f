"""Privacy on a shared PC (POSIX): the data folder 0700, the database, backups and logs 0600,
also for a data folder an older version left readable by everyone."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app import config

ROOT = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions (Windows: "
                                "%LOCALAPPDATA% is per-user)")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_program_creates_owner_only_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "ZXLZ_HOME": str(home)}
    db = home / "zxlz.sqlite"
    for args in (["demo", "--db", str(db)], ["check", "--db", str(db)],
                 ["export", "members", "--db", str(db), "--out", str(tmp_path / "m.xlsx")]):
        done = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=300)
        assert done.returncode == 0, done.stderr
    assert _mode(home) == 0o700
    created = [p for p in home.rglob("*") if p.is_file()]
    assert db in created and any(p.suffix == ".log" for p in created)
    for path in [*created, tmp_path / "m.xlsx"]:
        assert _mode(path) & 0o077 == 0, f"{path} is {oct(_mode(path))}"
    for folder in (p for p in home.rglob("*") if p.is_dir()):
        assert _mode(folder) == 0o700, folder


@posix_only
def test_an_old_open_data_folder_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    old_db = folder / "zxlz.sqlite"
    old_db.write_bytes(b"")
    old_db.chmod(0o644)
    config._tightened.discard(folder)
    config.private_dir(folder)
    assert _mode(folder) == 0o700
    assert _mode(old_db) == 0o600
