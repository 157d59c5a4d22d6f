"""The frozen program runs in Python's UTF-8 mode (issue #18): PyInstaller 6 ignores
PYTHONUTF8, so the spec must carry the interpreter option — spelled the way the bootloader
recognises it. Checked here without building: the option list reaches every executable, the
bootloader's matching rule (bootloader/src/pyi_pyconfig.c) accepts it, and CPython, which is
passed the same ``-X`` flag, switches to UTF-8 mode with it."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build" / "zxlz.spec"


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"))


def python_options() -> list[tuple[str, object, str]]:
    for node in spec_tree().body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "PYTHON_OPTIONS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("build/zxlz.spec 中没有 PYTHON_OPTIONS")


def bootloader_utf8_mode(options: list[tuple[str, object, str]]) -> int:
    """What PyInstaller 6's bootloader makes of the options: -1 (locale decides), 0 or 1.

    Its rule: an OPTION entry "X <flag>" whose flag is exactly ``utf8``, or ``utf8`` followed
    by "=" or " " and a value; enabled unless the value is "0". Anything else, such as
    ``utf8_mode=1``, is passed to Python untouched (where it is an unknown X option).
    """
    mode = -1
    for name, _none, kind in options:
        if kind != "OPTION" or not name.startswith("X "):
            continue
        flag = name[2:]
        if flag == "utf8":
            mode = 1
        elif flag.startswith(("utf8=", "utf8 ")):
            mode = int(flag[5:] != "0")
    return mode


def test_the_spec_sets_utf8_mode_as_the_bootloader_reads_it() -> None:
    assert bootloader_utf8_mode(python_options()) == 1
    # the rule itself, on the spellings found in the wild
    assert bootloader_utf8_mode([("X utf8", None, "OPTION")]) == 1
    assert bootloader_utf8_mode([("X utf8_mode=1", None, "OPTION")]) == -1
    assert bootloader_utf8_mode([("X utf8=0", None, "OPTION")]) == 0


def test_every_executable_gets_the_options() -> None:
    calls = [n for n in ast.walk(spec_tree()) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Name) and n.func.id == "EXE"]
    assert calls, "spec 中没有 EXE(...)"
    for call in calls:  # EXE(pyz, a.scripts, PYTHON_OPTIONS, ...): the TOC of options
        assert any(isinstance(a, ast.Name) and a.id == "PYTHON_OPTIONS" for a in call.args), \
            f"第{call.lineno}行的 EXE 没有传入 PYTHON_OPTIONS"


def test_python_takes_the_same_flag_as_utf8_mode() -> None:
    """The bootloader passes the X flag on to CPython; it must mean UTF-8 mode there too."""
    flags = [name[2:] for name, _n, kind in python_options()
             if kind == "OPTION" and name.startswith("X ")]

    def utf8_mode(*xs: str) -> str:
        argv = [sys.executable, *(a for x in xs for a in ("-X", x)), "-c",
                "import sys; print(sys.flags.utf8_mode)"]
        env = dict(os.environ, PYTHONUTF8="0")
        return subprocess.run(argv, capture_output=True, text=True, env=env,
                              check=True).stdout.strip()

    assert utf8_mode(*flags) == "1"
    assert utf8_mode("utf8_mode=1") == "0"  # why the spelling matters
