"""The command line: demo, stats, check; errors are one Chinese line, tracebacks go to the log."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.config import log_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_db(backend: str, request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The county demo written by ``python main.py demo``: a new SQLite file, or a new, empty
    PostgreSQL database (which the command migrates and seeds itself)."""
    if backend == "sqlite":
        target = str(tmp_path_factory.mktemp("cli") / "demo.sqlite")
        assert main(["demo", "--db", target]) == 0
        yield target
        return
    server = request.getfixturevalue("pg_server")
    name = server.create("zxlz_cli")
    try:
        assert main(["demo", "--db", server.url(name)]) == 0
        yield server.url(name)
    finally:
        server.drop_later(name)


def test_stats_prints_the_years_key_figures(demo_db: str, capsys) -> None:
    assert main(["stats", "--year", "2025", "--db", demo_db]) == 0
    out = capsys.readouterr().out
    for label in ("委员总数", "收到提案", "立案", "重点提案", "已办复", "收集社情民意信息",
                  "上报市政协", "省政协采用", "会议活动"):
        assert label in out
    assert "2025年" in out


def test_stats_json_carries_the_records_behind_each_number(demo_db: str, capsys) -> None:
    assert main(["stats", "--year", "2025", "--db", demo_db, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    received = data["proposals.received"]
    assert int(received["value"]) == len(received["ids"]) > 100
    assert received["entity"] == "proposals"


def test_demo_refuses_to_overwrite_without_replace(demo_db: str, backend: str, capsys
                                                   ) -> None:
    assert main(["demo", "--db", demo_db]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    message = err.splitlines()[-1]  # after the progress line, if the database was opened
    assert message.startswith("错误：")
    # a file can be replaced; a server database is never emptied by the program
    assert ("--replace" if backend == "sqlite" else "新建的空数据库") in message


def test_missing_database_is_one_chinese_line(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nope.sqlite"
    assert main(["stats", "--year", "2025", "--db", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "不存在" in err and str(missing) in err
    assert not missing.exists()


def test_bad_arguments_are_reported_in_chinese(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["stats"])
    assert exit_info.value.code == 2
    assert "错误：" in capsys.readouterr().err


def test_internal_error_goes_to_the_log_not_the_screen(demo_db: str, capsys, monkeypatch
                                                      ) -> None:
    import app.reports.figures as figures_module

    def boom(*_args: object, **_kw: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(figures_module, "compute", boom)
    assert main(["stats", "--year", "2025", "--db", demo_db]) == 1
    err = capsys.readouterr().err
    assert "程序内部错误" in err and "Traceback" not in err and "日志文件" in err
    log_text = (log_dir() / "zxlz.log").read_text(encoding="utf-8")
    assert "simulated failure" in log_text and "Traceback" in log_text


def test_check_passes_on_a_healthy_database(demo_db: str, capsys) -> None:
    assert main(["check", "--db", demo_db]) == 0
    assert "检查通过" in capsys.readouterr().out


@pytest.mark.sqlite_only  # PostgreSQL enforces foreign keys always: no broken copy to make
def test_check_reports_broken_references(demo_db: str, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.sqlite"
    with sqlite3.connect(demo_db) as src, sqlite3.connect(broken) as dst:
        src.backup(dst)
    with sqlite3.connect(broken) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("UPDATE participations SET member_id = 999999 WHERE id = 1")
    assert main(["check", "--db", str(broken)]) == 1
    assert "participations" in capsys.readouterr().out


def test_main_py_runs_as_a_script(demo_db: str) -> None:
    result = subprocess.run([sys.executable, "main.py", "stats", "--year", "2024", "--db",
                             demo_db], cwd=ROOT, capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "2024年" in result.stdout
    result = subprocess.run([sys.executable, "main.py", "check", "--db", demo_db], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "检查通过" in result.stdout
