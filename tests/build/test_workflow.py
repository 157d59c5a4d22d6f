"""The Windows workflow parses, names every step, and does what build/README.md says it does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
WINDOWS = ROOT / ".github" / "workflows" / "windows.yml"


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_parses_and_names_every_step(path: Path) -> None:
    data = _load(path)
    assert data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as True
    for job_id, job in data["jobs"].items():
        assert job.get("runs-on"), job_id
        for number, step in enumerate(job["steps"], 1):
            assert step.get("name"), f"{path.name} {job_id} step {number} has no name"
            assert ("run" in step) != ("uses" in step), f"{job_id}: {step['name']}"


def _steps(job: dict[str, Any]) -> str:
    return "\n".join(f"{s['name']}\n{s.get('run', '')}" for s in job["steps"])


def test_windows_runs_the_suite_on_sqlite_and_postgresql_in_two_locales() -> None:
    jobs = _load(WINDOWS)["jobs"]
    tests = jobs["tests"]
    assert tests["runs-on"] == "windows-2022"
    assert tests["strategy"]["matrix"]["locale"] == ["en-US", "zh-CN"]
    text = _steps(tests)
    assert 'pip install -e ".[test,postgres]"' in text and "python -m pytest" in text
    assert "ZXLZ_REQUIRE_PG=1" in text and "ZXLZ_TEST_PG_URL=" in text
    assert "chcp 936" in text and "Set-Culture zh-CN" in text
    assert "PYTHONUTF8" not in str(tests.get("env", {}))  # an office PC does not set it


def test_windows_packages_and_tests_the_installer_as_an_office_uses_it() -> None:
    package = _load(WINDOWS)["jobs"]["package"]
    assert package["runs-on"] == "windows-2022" and package["needs"] == "tests"
    text = _steps(package)
    for expected in ("build/build.py", "--steps smoke,compare,installer,budget",
                     "--smoke-test", "zxlz-workbench-cli.exe", "A second start",
                     "Upgrade while the program runs", "Uninstall keeps the user's data",
                     "/DATA=", "upload-artifact"):
        assert expected in text or any(expected in str(s.get("uses", ""))
                                       for s in package["steps"]), expected


def test_build_readme_lists_the_checks_done_by_hand() -> None:
    readme = (ROOT / "build" / "README.md").read_text(encoding="utf-8")
    assert "## Windows checks by hand" in readme
    for topic in ("代码页 936", "Program Files", "SmartScreen", "125%", "深色", "还原卡"):
        assert topic in readme, topic
