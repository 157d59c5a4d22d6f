"""Fast checks of the packaging files in build/ (the slow, real ones: build/check_frozen.py)."""

from __future__ import annotations

import importlib
import re
import struct
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
NSI = BUILD / "windows" / "installer.nsi"


def load(name: str) -> ModuleType:
    """A module of build/, imported the way the scripts import each other."""
    if str(BUILD) not in sys.path:
        sys.path.insert(0, str(BUILD))
    cached = sys.modules.get("build")
    if cached is not None and getattr(cached, "__file__", None) is None:
        del sys.modules["build"]  # the build/ folder as a namespace package, not build/build.py
    return importlib.import_module(name)


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ one version


def test_name_and_version_come_from_pyproject() -> None:
    p = load("project").load()
    assert p.name == pyproject()["project"]["name"]
    assert p.version == pyproject()["project"]["version"]


def test_the_program_reports_the_pyproject_version_and_names() -> None:
    import app

    p = load("project").load()
    assert app.__version__ == p.version, "bump app/__init__.py together with pyproject.toml"
    assert p.name == app.APP_ID
    assert p.display_name == app.APP_NAME


def test_spec_and_installer_hard_code_no_version() -> None:
    version = pyproject()["project"]["version"]
    spec = (BUILD / "zxlz.spec").read_text(encoding="utf-8")
    assert "zxlz.load()" in spec
    for text in (spec, NSI.read_text(encoding="utf-8")):
        assert not re.search(rf"(?<![\d.]){re.escape(version)}(?![\d.])", text)


@pytest.mark.parametrize(("version", "expected"), [
    ("0.1.0", (0, 1, 0, 0)), ("2.3", (2, 3, 0, 0)), ("1.2.3rc1", (1, 2, 3, 0)),
    ("1.2.3.4", (1, 2, 3, 4)),
])
def test_windows_version_numbers(version: str, expected: tuple[int, ...]) -> None:
    project = load("project")
    p = project.load()
    assert project.Project(**{**vars(p), "version": version}).windows_version == expected


def test_the_bundle_ships_the_postgres_driver_and_pins_qt_for_the_windows_floor() -> None:
    p = load("project").load()
    assert any(d.startswith("psycopg") for d in p.dependencies)
    qt = next(d for d in p.dependencies if d.startswith("PySide6-Essentials"))
    assert "<6.10" in qt, "Qt 6.10+ needs Windows 10 1903 and glibc 2.34 (README 安装)"
    assert any(d.startswith("pyinstaller") for d in p.build_requires)


# ------------------------------------------------------------------------------ installer


def nsis_defines_used(text: str) -> set[str]:
    defined = set(re.findall(r"^\s*!define\s+(\w+)", text, re.MULTILINE))
    for params in re.findall(r"^\s*!macro\s+\w+[ \t]*(.*)$", text, re.MULTILINE):
        defined.update(params.split())  # a macro's parameters are ${NAME} inside it
    used = set(re.findall(r"\$\{(\w+)\}", text))
    builtin = {"LANG_SIMPCHINESE", "RunningX64", "AtLeastWin10", "AtLeastBuild", "If", "IfNot",
               "OrIfNot", "OrIf", "Else", "EndIf", "Errors", "GetSize", "GetParameters",
               "GetOptions", "FileExists"}
    return used - defined - builtin


def test_installer_gets_every_define_it_uses_from_the_build_script() -> None:
    build_installer = load("build_installer")
    p = load("project").load()
    passed = {d[2:].split("=", 1)[0]
              for d in build_installer.defines(p, BUILD, Path("setup.exe"))}
    missing = nsis_defines_used(NSI.read_text(encoding="utf-8")) - passed
    assert not missing


def test_installer_is_per_user_chinese_and_keeps_user_data() -> None:
    text = NSI.read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in text
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in text
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${NAME}"' in text
    assert '"$SMPROGRAMS\\${DISPLAY_NAME}.lnk"' in text
    assert '"$DESKTOP\\${DISPLAY_NAME}.lnk"' in text
    code = [line.split(";", 1)[0] for line in text.splitlines()]
    deletes = [line.strip() for line in code if re.match(r"\s*(RMDir|Delete)\b", line)]
    # Recursive deletion only of the bundle's own folder, never of the install folder itself.
    assert [d for d in deletes if d.startswith("RMDir /r")] == ['RMDir /r "$INSTDIR\\_internal"']
    for line in deletes:
        assert "DATA_DIR" not in line and "$LOCALAPPDATA\\${NAME}" not in line
        assert "$APPDATA" not in line and "$PROFILE" not in line
    assert not any(re.match(r"\s*DeleteRegKey\s+HKCU\s+\"Software\\\\\$\{NAME\}", line)
                   for line in code), "HKCU\\Software\\NAME holds the program's own settings"


def test_installer_files_exist() -> None:
    text = NSI.read_text(encoding="utf-8")
    for include in re.findall(r"^!include\s+(\S+)", text, re.MULTILINE):
        assert include.endswith(".nsh")
    assert (ROOT / "resources" / "icons" / "zxlz.ico").is_file()
    assert (BUILD / "zxlz.spec").is_file()
    assert (BUILD / "rthooks" / "zxlz_mplconfig.py").is_file()


def test_windows_workflow_uses_known_steps() -> None:
    workflow = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    assert "python build/build.py" in workflow
    steps = set(re.search(r"--steps ([\w,]+)", workflow).group(1).split(","))  # type: ignore[union-attr]
    assert steps <= set(load("check_frozen").ALL_STEPS)
    assert "smoke" in steps


# ------------------------------------------------------------------------------ icons, desktop


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_rendered_icons_exist_in_every_size() -> None:
    icons = ROOT / "resources" / "icons"
    assert (icons / "zxlz.svg").is_file()
    for size in load("build_deb").HICOLOR_SIZES:
        assert png_size(icons / f"zxlz-{size}.png") == (size, size)
    data = (icons / "zxlz.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes


def test_desktop_entry_template() -> None:
    text = (BUILD / "linux" / "zxlz-workbench.desktop").read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    keys = dict(line.split("=", 1) for line in text.splitlines()[1:] if "=" in line)
    assert keys["Type"] == "Application" and keys["Exec"] == "@NAME@"
    assert keys["Icon"] == "@NAME@" and keys["Terminal"] == "false"
    assert set(re.findall(r"@(\w+)@", text)) <= {"NAME", "DISPLAY_NAME", "DESCRIPTION"}


# ------------------------------------------------------------------------------ frozen check


HELP = """用法：python main.py report [-h] [--db 路径或地址] (--year 年份 | --from 日期)
                             [--to 日期] [--out 文件夹] {常委会工作报告,提案汇编}

参数：
  {常委会工作报告,提案汇编}  文稿类型
"""


def test_report_arguments_are_inferred_from_its_help(monkeypatch: pytest.MonkeyPatch) -> None:
    check_frozen = load("check_frozen")
    monkeypatch.delenv("ZXLZ_FROZEN_REPORT_ARGS", raising=False)
    assert check_frozen.report_argv(HELP) == [
        "常委会工作报告", "--db", "{db}", "--year", "2025", "--out", "{out}/report.docx"]
    free = "用法：python main.py report [-h] 模板文件\n\n"
    assert check_frozen.report_argv(free) is None
    monkeypatch.setenv("ZXLZ_FROZEN_REPORT_ARGS", "x --db {db}")
    assert check_frozen.report_argv(free) == ["x", "--db", "{db}"]


def test_ci_runs_the_frozen_check_after_the_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^TEST_COMMAND='(.+)'$", ci, re.MULTILINE).group(1)  # type: ignore[union-attr]
    assert f"```\n{command}\n```" in readme
    assert ci.index('bash -c "$TEST_COMMAND"') < ci.index("python build/check_frozen.py --out")
