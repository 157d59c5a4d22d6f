"""The log file with several processes writing it (client and a command beside it)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.logs import FORMAT, SharedRotatingFileHandler

WRITER = textwrap.dedent("""
    import logging, sys
    from app.logs import FORMAT, SharedRotatingFileHandler
    handler = SharedRotatingFileHandler(sys.argv[1], maxBytes=4000, backupCount=200,
                                        encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    log = logging.getLogger("writer")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    for i in range(400):
        log.info("%s 第%03d行 委员王䶮", sys.argv[2], i)
    handler.close()
""")


def _lines(folder: Path) -> list[str]:
    return [line for f in folder.glob("zxlz.log*") for line in f.read_text("utf-8").splitlines()]


@pytest.mark.skipif(os.name == "nt", reason="Windows has no atomic append between processes: "
                    "setup_logging gives a second process its own file instead "
                    "(test_a_second_process_writes_its_own_log)")
def test_two_processes_rotating_one_log_lose_nothing_and_print_no_error(tmp_path: Path) -> None:
    path = tmp_path / "zxlz.log"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("甲", "乙")]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    for out, err in outputs:
        assert "Logging error" not in err and out == "" and err == ""
    lines = _lines(tmp_path)
    for name in ("甲", "乙"):
        mine = sorted(line.split(f" {name} ")[1] for line in lines if f" {name} " in line)
        assert mine == [f"第{i:03d}行 委员王䶮" for i in range(400)]
    assert len(list(tmp_path.glob("zxlz.log.*"))) >= 2  # it did rotate


def test_a_file_held_by_another_process_is_written_on_without_rotating(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Windows: renaming a log another process holds open fails (PermissionError)."""
    path = tmp_path / "zxlz.log"
    handler = SharedRotatingFileHandler(path, maxBytes=300, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    attempts: list[str] = []

    def held(source: str, dest: str) -> None:
        attempts.append(source)
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", source)

    handler.rotate = held  # type: ignore[method-assign]
    log = logging.getLogger("held-test")
    log.propagate = False
    log.addHandler(handler)
    try:
        for i in range(50):
            log.warning("记录 %d", i)
    finally:
        log.removeHandler(handler)
        handler.close()
    captured = capsys.readouterr()
    assert "Logging error" not in captured.err + captured.out
    text = path.read_text("utf-8")
    assert all(f"记录 {i}\n" in text for i in range(50))
    assert len(attempts) == 1  # tried once, then waits (not a rename attempt per record)
    assert SharedRotatingFileHandler.dropped == 0


def test_a_record_that_cannot_be_written_is_dropped_silently(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    handler = SharedRotatingFileHandler(tmp_path / "zxlz.log", encoding="utf-8")
    real = handler.stream
    before = SharedRotatingFileHandler.dropped

    class Broken:  # the log file, on a disk that became full
        closed = False

        def write(self, _text: str) -> None:
            raise OSError(28, "磁盘已满")

        def flush(self) -> None:
            pass

        def close(self) -> None:
            pass

        def fileno(self) -> int:
            return real.fileno()

    handler.stream = Broken()  # type: ignore[assignment]
    handler.emit(logging.LogRecord("x", logging.INFO, __file__, 1, "一条记录", None, None))
    assert SharedRotatingFileHandler.dropped == before + 1
    assert "Logging error" not in capsys.readouterr().err
    handler.emit(logging.LogRecord("x", logging.INFO, __file__, 1, "下一条", None, None))
    handler.close()
    real.close()
    assert "下一条" in (tmp_path / "zxlz.log").read_text("utf-8")  # reopened afterwards


@pytest.fixture
def fresh_logging() -> Iterator[None]:
    """setup_logging as at a program start; the handler and lock are dropped afterwards."""
    from app import logs

    logs._configured = None
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_zxlz", False)]:
        root.removeHandler(handler)
        handler.close()
    if logs._lock is not None:
        logs._lock.close()
        logs._lock = None
    logs._configured = None


SECOND = textwrap.dedent("""
    import logging
    from app.logs import setup_logging
    path = setup_logging()
    logging.getLogger("second").warning("第二个进程的记录")
    print(path.name)
""")


def test_a_second_process_writes_its_own_log(fresh_logging: None) -> None:
    from app import config
    from app.logs import setup_logging

    first = setup_logging()
    assert first.name == "zxlz.log"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", SECOND], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    name = done.stdout.strip()
    assert name.startswith("zxlz-") and name.endswith(".log") and done.stderr == ""
    assert "第二个进程的记录" in (config.log_dir() / name).read_text("utf-8")
    from app import logs

    assert logs._lock is not None
    logs._lock.close()  # the first process ends: the next start writes zxlz.log again
    logs._lock = None
    done = subprocess.run([sys.executable, "-c", SECOND], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == "zxlz.log"


def test_old_process_logs_are_removed(tmp_path: Path) -> None:
    import time

    from app.logs import KEEP_PROCESS_LOGS_DAYS, _clean_process_logs

    old, new = tmp_path / "zxlz-123.log", tmp_path / "zxlz-456.log"
    main_log = tmp_path / "zxlz.log"
    for f in (old, new, main_log):
        f.write_text("x", encoding="utf-8")
    past = time.time() - (KEEP_PROCESS_LOGS_DAYS + 1) * 86400
    os.utime(old, (past, past))
    os.utime(main_log, (past, past))
    _clean_process_logs(tmp_path)
    assert not old.exists() and new.exists() and main_log.exists()
