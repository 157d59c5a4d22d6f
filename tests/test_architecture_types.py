"""The type checker (mypy, configured in pyproject.toml) over app/, ui/ and main.py.

The program is not clean yet: tests/mypy_baseline.txt holds the number of errors each file
had when the check was introduced. A file may not get worse, a file outside the list must be
clean, and a file that got better must have its line lowered (or removed) in the same change,
so the baseline only goes down. docs/ARCHITECTURE.md “类型检查” says how to run it.

``python tests/test_architecture_types.py`` rewrites the baseline from a fresh mypy run (after
fixing errors, or when merging branches that rewrote listed files: review the diff).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = Path(__file__).with_name("mypy_baseline.txt")
ERROR = re.compile(r"^(?P<path>[^:\s]+\.py):\d+: error: ")


def read_baseline() -> dict[str, int]:
    out: dict[str, int] = {}
    for line in BASELINE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, count = line.split()
            out[path] = int(count)
    return out


def run_mypy() -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"],
                          capture_output=True, text=True, cwd=ROOT)


def count_errors(output: str) -> Counter[str]:
    return Counter(m["path"] for line in output.splitlines() if (m := ERROR.match(line)))


def test_count_errors_reads_mypy_lines() -> None:
    text = ("app/a.py:3: error: X  [misc]\napp/a.py:4: note: hint\n"
            "ui/b.py:9: error: Y  [arg-type]\napp/a.py:7: error: Z  [misc]\nFound 3 errors\n")
    assert count_errors(text) == Counter({"app/a.py": 2, "ui/b.py": 1})


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_no_file_has_more_type_errors_than_its_baseline() -> None:
    result = run_mypy()
    assert result.returncode in (0, 1), result.stdout + result.stderr  # 2: mypy itself failed
    found, baseline = count_errors(result.stdout), read_baseline()
    worse = {p: (n, baseline.get(p, 0)) for p, n in found.items() if n > baseline.get(p, 0)}
    shown = "\n".join(line for line in result.stdout.splitlines()
                      if (m := ERROR.match(line)) and m["path"] in worse)
    assert worse == {}, f"new type errors (found, allowed):\n{shown}"
    better = {p: (found.get(p, 0), n) for p, n in baseline.items() if found.get(p, 0) < n}
    assert better == {}, f"fewer errors than tests/mypy_baseline.txt: lower these lines {better}"


def write_baseline() -> None:
    """Write tests/mypy_baseline.txt from a fresh mypy run."""
    found = count_errors(run_mypy().stdout)
    lines = ["# Type errors per file when mypy was introduced (tests/test_architecture_types.py).",
             "# A line may only go down; delete it when the file is clean."]
    lines += [f"{path} {n}" for path, n in sorted(found.items())]
    BASELINE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{sum(found.values())} errors in {len(found)} files written to {BASELINE}")


if __name__ == "__main__":
    write_baseline()
