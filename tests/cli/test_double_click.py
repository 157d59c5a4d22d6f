"""zxlz-workbench-cli.exe double-clicked: the list of commands and a wait, never a window."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.cli import double_click


def test_the_console_exe_is_recognised(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "zxlz-workbench-cli.exe"))
    assert double_click.is_console_exe()
    monkeypatch.setattr(sys, "executable", str(tmp_path / "zxlz-workbench.exe"))
    assert not double_click.is_console_exe()
    monkeypatch.delattr(sys, "frozen")
    assert not double_click.is_console_exe()  # python main.py opens the window as before


def test_double_clicked_it_prints_the_commands_and_waits(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import main as entry

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "zxlz-workbench-cli.exe"))
    monkeypatch.setattr(sys, "argv", [sys.executable])
    monkeypatch.setattr(double_click, "console_is_ours", lambda: True)
    prompts: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt="": prompts.append(prompt) or "")

    def no_window(_args: list[str]) -> int:
        raise AssertionError("the console program opened the window")

    monkeypatch.setattr("ui.app.run_gui", no_window)
    assert entry.run() == 0
    out = capsys.readouterr().out
    assert "--version" in out and "命令行程序" in out and "政协履职工作台" in out
    assert prompts == [double_click.WAIT]


def test_from_a_command_prompt_it_does_not_wait(capsys: pytest.CaptureFixture[str]) -> None:
    asked: list[str] = []
    code = double_click.show_help_and_wait(lambda: 0, wait=False, read=asked.append)
    assert code == 0 and asked == [] and "双击" in capsys.readouterr().out


def test_console_is_ours_is_false_off_windows() -> None:
    if sys.platform == "win32":
        pytest.skip("on Windows the answer depends on how pytest was started")
    assert double_click.console_is_ours() is False
