"""Benchmark harness: each case is timed next to a bare baseline run in the same process.

``python main.py bench`` builds (or reuses) the city-decade data set and prints, per case, the
median of N runs, the baseline's median and their ratio. Later issues add cases with
``@case``, each with its target declared beside it (``Target``). ``--check`` compares every
case's ratio with its target and exits non-zero on a miss, except for known misses (a target
not yet met, with the issue that tracks it), which are reported but do not fail. CI runs the
check on the county demo: ratios only, no test asserts an absolute time.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app import fileio
from app.db.engine import Database
from app.services.opening import open_database

Runner = Callable[[], object]


@dataclass(frozen=True)
class Target:
    """A case's speed target: its median at most ``max_ratio`` times the baseline's.

    ``or_ms`` is the issue's absolute alternative ("≤ 3× or ≤ 30 ms"); it counts only with
    ``--absolute`` (a run on the reference machine), never in CI, where machines differ.
    ``known_miss`` names the issue tracking a target not met yet: the miss is reported, and
    ``--check`` still passes, so the build stays green while the miss stays visible — unless
    the ratio passes ``ceiling`` (about 2.5× the worst ratio measured when the mark was set,
    on the county demo or city-decade), which is a regression on top of the known miss.
    """

    max_ratio: float
    or_ms: float | None = None
    known_miss: str = ""
    ceiling: float | None = None

    def met(self, m: Measurement, absolute: bool = False) -> bool:
        if m.ratio <= self.max_ratio:
            return True
        return absolute and self.or_ms is not None and m.median_ms <= self.or_ms

    def describe(self) -> str:
        text = f"≤ {self.max_ratio:g}×"
        if self.or_ms is not None:
            text += f" 或 ≤ {self.or_ms:g} ms"
        return text


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    prepare: Callable[[Database], tuple[Runner, Runner]]  # → (measured, baseline)
    repeat: int | None = None  # None: the command's --repeat
    target: Target | None = None
    unit: str = "ms"  # "MB": each runner returns what it measured (peak memory), not timed


CASES: list[Case] = []


def case(name: str, description: str, repeat: int | None = None, *,
         target: Target | None = None, unit: str = "ms"
         ) -> Callable[[Callable[[Database], tuple[Runner, Runner]]], Callable[..., object]]:
    def register(fn: Callable[[Database], tuple[Runner, Runner]]) -> Callable[..., object]:
        if any(c.name == name for c in CASES):
            raise ValueError(f"benchmark case {name!r} defined twice")
        CASES.append(Case(name, description, fn, repeat, target, unit))
        return fn

    return register


def median_ms(fn: Runner, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def median_reading(fn: Runner, repeat: int) -> float:
    """The median of what ``fn`` returns (a case measured in MB, not in time)."""
    return statistics.median(float(fn()) for _ in range(repeat))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Measurement:
    name: str
    description: str
    median_ms: float
    baseline_ms: float
    repeat: int
    target: Target | None = None
    unit: str = "ms"

    @property
    def ratio(self) -> float:
        return self.median_ms / self.baseline_ms if self.baseline_ms else float("inf")


def _load_cases() -> None:
    import app.bench.dossier  # every member's 履职档案
    import app.bench.exchange  # Excel exchange
    import app.bench.reports  # the drafts
    import app.bench.scoring  # 履职考核
    import app.bench.stats  # noqa: F401 - demo generation and the year's statistics


def run_cases(db: Database, repeat: int, only: str = "",
              skip: Sequence[str] = ()) -> list[Measurement]:
    _load_cases()
    results = []
    for c in CASES:
        if only and only not in c.name:
            continue
        if any(s and s in c.name for s in skip):
            continue
        measured, baseline = c.prepare(db)
        n = c.repeat or repeat
        measured()  # warm caches (imports, SQLite page cache) before timing either side
        baseline()
        median = median_ms if c.unit == "ms" else median_reading
        results.append(Measurement(c.name, c.description, median(measured, n),
                                   median(baseline, n), n, c.target, c.unit))
    return results


def check(results: list[Measurement], absolute: bool = False) -> tuple[list[str], list[str]]:
    """Compare each ratio with its case's target: (lines to print, names of the failed cases).

    A case without a target, or a known miss, never fails; a known miss that is met now is
    reported so that its mark can be removed."""
    lines: list[str] = []
    failed: list[str] = []
    for r in results:
        t = r.target
        if t is None:
            lines.append(f"  {r.name}: {r.ratio:.2f}×（未设目标）")
            continue
        ok = t.met(r, absolute)
        if ok and t.known_miss:
            verdict = f"达标（已知未达标 {t.known_miss} 的标记可以去掉）"
        elif ok:
            verdict = "达标"
        elif t.known_miss and t.ceiling is not None and r.ratio > t.ceiling:
            verdict = f"未达标，已知（{t.known_miss}），但超过了回退上限 {t.ceiling:g}×"
            failed.append(r.name)
        elif t.known_miss:
            verdict = f"未达标，已知（{t.known_miss}）"
        else:
            verdict = "未达标"
            failed.append(r.name)
        lines.append(f"  {r.name}: {r.ratio:.2f}×，目标 {t.describe()}：{verdict}")
    return lines, failed


def format_table(results: list[Measurement]) -> str:
    lines = [f"{'项目':<28}{'中位数(ms)':>12}{'基线(ms)':>12}{'倍数':>8}  说明"]
    for r in results:
        unit = "" if r.unit == "ms" else f"，单位 {r.unit}"
        lines.append(f"{r.name:<30}{r.median_ms:>12.1f}{r.baseline_ms:>12.1f}"
                     f"{r.ratio:>8.2f}  {r.description}（{r.repeat}次{unit}）")
    return "\n".join(lines)


def run_benchmarks(db_path: str | None, repeat: int = 5, only: str = "",
                   skip: Sequence[str] = (), check_targets: bool = False,
                   absolute: bool = False) -> int:
    from app.demo import generate_demo

    if db_path is None or not Path(db_path).exists():
        target = Path(db_path) if db_path else Path(tempfile.mkdtemp()) / "city-decade.sqlite"
        print(f"正在生成 city-decade 基准数据：{target}", file=sys.stderr)
        started = time.perf_counter()
        db = open_database(target)
        generate_demo(db, scale="city-decade", seed=2025)
        print(f"生成用时 {time.perf_counter() - started:.1f} 秒", file=sys.stderr)
    else:
        db = open_database(db_path)
    results = run_cases(db, repeat, only, skip)
    print(format_table(results))
    out = Path(".benchmarks")
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    fileio.write_text(out / f"bench-{stamp}.json", json.dumps(
        [_as_json(r) for r in results], ensure_ascii=False, indent=1))
    db.dispose()
    if not check_targets:
        return 0
    lines, failed = check(results, absolute)
    print("目标检查（中位数与基线之比）：")
    print("\n".join(lines))
    if failed:
        print(f"未达标：{'、'.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _as_json(r: Measurement) -> dict[str, object]:
    out: dict[str, object] = {k: v for k, v in r.__dict__.items() if k != "target"}
    out["ratio"] = r.ratio
    if r.target is not None:
        out["target"] = r.target.describe()
        out["known_miss"] = r.target.known_miss
    return out
