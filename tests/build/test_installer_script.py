"""The NSIS script compiles, refuses a folder it cannot write, and writes the /DATA= pointer."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
NSI = BUILD / "windows" / "installer.nsi"


def test_the_installer_script_compiles(tmp_path: Path) -> None:
    if shutil.which("makensis") is None:
        pytest.skip("NSIS (makensis) is not installed here; .ci/run and the Windows workflow "
                    "install it and compile the real installer")
    sys.path.insert(0, str(BUILD))
    try:
        project = importlib.import_module("project")
        build_installer = importlib.import_module("build_installer")
    finally:
        sys.path.remove(str(BUILD))
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "zxlz-workbench.exe").write_bytes(b"MZ")
    facts = project.load()
    out = tmp_path / build_installer.installer_name(facts, windows=True)
    defines = build_installer.defines(facts, bundle, out)
    done = subprocess.run(["makensis", "-V2", "-WX", *defines, str(NSI)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr  # -WX: a warning fails too
    assert out.stat().st_size > 10_000


def test_the_installer_explains_a_folder_that_needs_administrator_rights() -> None:
    text = NSI.read_text(encoding="utf-8")
    assert "MUI_PAGE_CUSTOMFUNCTION_LEAVE CheckFolderWritable" in text
    assert "需要管理员权限" in text and "SetErrorLevel 5" in text
    assert '"/DATA="' in text and "zxlz-data.txt" in text
