"""Every command with its output redirected on a Chinese (GBK) or English (cp1252) Windows PC,
imitated with ``PYTHONIOENCODING`` (issue #18): members named 王䶮 and 张𠮷 (outside GBK), an
import header "已核对✓" and a folder named with 𠮷. No command may die on a character; what is
redirected is UTF-8; on a terminal an unshowable character becomes "?"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_roster import roster_rows
from openpyxl import Workbook

from app.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]
ENCODINGS = ("gbk", "cp1252")


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    status: int
    expect: str = ""  # text that must appear in stdout or stderr


@dataclass
class Place:
    folder: Path
    db: Path
    book: Path
    home: Path


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Place]:
    folder = tmp_path_factory.mktemp("enc") / "数据𠮷"
    folder.mkdir()
    home = folder / "home"
    home.mkdir()
    db = folder / "长子县𠮷.sqlite"
    book = folder / "名册✓.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in roster_rows(checked_column=True):
        ws.append(row)
    wb.save(book)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ZXLZ_HOME", str(home))
        assert main(["setup", "--db", str(db), "--name", "政协长子县委员会", "--term", "十",
                     "--term-start", "2021-12-20", "--session", "一次:2021-12-20"]) == 0
        assert main(["import", "members", str(book), "--db", str(db)]) == 0
    yield Place(folder, db, book, home)


def cases(p: Place, enc: str) -> dict[str, list[Case]]:
    db = ("--db", str(p.db))
    out = p.folder / enc
    return {
        "": [Case(("--version",), 0, "政协履职工作台"), Case(("--help",), 0, "setup")],
        "setup": [Case(("setup", *db, "--name", "政协长子县委员会", "--term", "十",
                        "--term-start", "2021-12-20"), 2, "已经设置过"),
                  Case(("setup", "--db", str(p.folder / f"新{enc}𠮷.sqlite"), "--name",
                        "政协𠮷县委员会", "--term", "十", "--term-start", "2021-12-20"), 0,
                       "政协𠮷县委员会")],
        "demo": [Case(("demo", *db), 2, "长子县𠮷.sqlite")],
        "stats": [Case(("stats", "--year", "2024", *db), 0, "长子县𠮷.sqlite"),
                  Case(("stats", "--year", "2024", "--json", *db), 0, "委员总数")],
        "check": [Case(("check", *db), 0, "长子县𠮷.sqlite")],
        "bench": [Case(("bench", "--db", str(p.db), "--repeat", "1", "--only", "无此项"), 0,
                       "中位数")],
        "import": [Case(("import", "members", str(p.book), "--dry-run", *db), 0, "王䶮"),
                   Case(("import", "members", str(p.folder / "无此文件𠮷.xlsx"), *db), 2,
                        "无此文件𠮷")],
        "export": [Case(("export", "members", "--out", str(out / "委员𠮷.xlsx"), *db), 0,
                        "委员𠮷.xlsx"),
                   Case(("export", "roster", "--out", str(out / "名册.xlsx"), *db), 0, "3人")],
        "template-xlsx": [Case(("template-xlsx", "members", "--out", str(out / "模板✓.xlsx"),
                                *db), 0, "模板✓.xlsx")],
        "report": [Case(("report", "member-dossier", "--year", "2024", "--member", "王䶮",
                         "--out", str(out / "王䶮.docx"), *db), 0, "王䶮.docx"),
                   Case(("report", "work-report", "--from", "20240101", "--to", "2024年12月31日",
                         "--out", str(out / "报告𠮷.docx"), *db), 0, "报告𠮷.docx")],
        "fields": [Case(("fields", "--year", "2024", *db), 0, "委员姓名")],
        "template": [Case(("template", "list"), 0, "常委会工作报告")],
        "reconcile": [Case(("reconcile", "--year", "2024", "--out", str(out / "核对𠮷.xlsx"), *db),
                           0, "核对𠮷.xlsx")],
        "score": [Case(("score", "--year", "2024", *db), 0, "王䶮"),
                  Case(("score", "--year", "2024", "--json", *db), 0, "王䶮")],
        "backup": [Case(("backup", "create", *db), 0, "备份"),
                   Case(("backup", "verify", str(p.folder / "无此备份𠮷.sqlite"), *db), 2,
                        "无此备份𠮷")],
    }


def run(case: Case, p: Place, enc: str, *, stdout: int | None = subprocess.PIPE
        ) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING=enc, PYTHONUTF8="0",
               ZXLZ_HOME=str(p.home))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *case.args], cwd=p.folder,
                          env=env, stdout=stdout, stderr=subprocess.PIPE, timeout=300)


def test_every_command_has_cases(place: Place) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    commands = set(sub.choices)  # type: ignore[arg-type]
    assert commands - set(cases(place, "gbk")) == set(), \
        "新命令需要在 tests/cli/test_encoding.py 的 cases() 中加上测试"


@pytest.mark.parametrize("enc", ENCODINGS)
def test_every_command_survives_a_non_utf8_locale(place: Place, enc: str) -> None:
    (place.folder / enc).mkdir(exist_ok=True)
    failures = []
    for command, command_cases in cases(place, enc).items():
        for case in command_cases:
            result = run(case, place, enc)
            try:
                out = result.stdout.decode("utf-8")
                err = result.stderr.decode("utf-8")
            except UnicodeDecodeError as exc:
                failures.append(f"{command} {case.args}: 输出不是 UTF-8（{exc}）")
                continue
            problems = []
            if result.returncode != case.status:
                problems.append(f"退出码{result.returncode}，应为{case.status}")
            if "程序内部错误" in err or "Traceback" in err:
                problems.append("程序内部错误")
            if case.expect not in out + err:
                problems.append(f"输出中没有“{case.expect}”")
            if problems:
                failures.append(f"{command or '（无命令）'} {' '.join(case.args[:3])}："
                                f"{'，'.join(problems)}\n{out[-400:]}\n{err[-800:]}")
            if "--json" in case.args and case.status == 0:
                json.loads(out)  # the whole of stdout is one UTF-8 JSON document
    assert not failures, "\n".join(failures)


def run_on_terminal(case: Case, p: Place, enc: str) -> tuple[int, bytes, str]:
    """Run with stdout on a pseudo-terminal: (status, what the terminal got, stderr)."""
    pty = pytest.importorskip("pty")  # POSIX; Windows consoles use the wide API instead
    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING=enc, PYTHONUTF8="0",
               ZXLZ_HOME=str(p.home))
    with subprocess.Popen([sys.executable, str(ROOT / "main.py"), *case.args], cwd=p.folder,
                          env=env, stdout=follower, stderr=subprocess.PIPE) as child:
        os.close(follower)
        chunks = []
        while True:  # read while the child writes: a terminal holds only a few KB
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end is closed, all was read
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        err = child.stderr.read() if child.stderr else b""
        status = child.wait(timeout=300)
    return status, b"".join(chunks), err.decode("utf-8", "replace")


def test_a_gbk_terminal_shows_a_question_mark_instead_of_failing(place: Place) -> None:
    """On a terminal the console's encoding is kept (Windows: wide API); a character it
    cannot show becomes "?" — never an internal error."""
    case = Case(("import", "members", str(place.book), "--dry-run", "--db", str(place.db)), 0)
    status, shown, err = run_on_terminal(case, place, "gbk")
    assert status == 0, err
    text = shown.decode("gbk")
    assert "王?" in text and "已核对?" in text and "检查通过" in text


def test_json_is_utf8_even_on_a_gbk_terminal(place: Place) -> None:
    case = Case(("stats", "--year", "2024", "--json", "--db", str(place.db)), 0)
    status, shown, err = run_on_terminal(case, place, "gbk")
    assert status == 0, err
    data = json.loads(shown.decode("utf-8"))
    assert data["members.total"]["label"] == "委员总数"
