"""Benchmark harness: each case is timed next to a bare baseline run in the same process.

``python main.py bench`` builds (or reuses) the city-decade data set and prints, per case, the
median of N runs, the baseline's median and their ratio. Later issues add cases with
``@case``. Speed targets are read from this report; no test asserts a time.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import fileio
from app.db.engine import Database, open_database

Runner = Callable[[], object]


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    prepare: Callable[[Database], tuple[Runner, Runner]]  # → (measured, baseline)
    repeat: int | None = None  # None: the command's --repeat


CASES: list[Case] = []


def case(name: str, description: str, repeat: int | None = None
         ) -> Callable[[Callable[[Database], tuple[Runner, Runner]]], Callable[..., object]]:
    def register(fn: Callable[[Database], tuple[Runner, Runner]]) -> Callable[..., object]:
        CASES.append(Case(name, description, fn, repeat))
        return fn

    return register


def median_ms(fn: Runner, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


@dataclass(frozen=True)
class Measurement:
    name: str
    description: str
    median_ms: float
    baseline_ms: float
    repeat: int

    @property
    def ratio(self) -> float:
        return self.median_ms / self.baseline_ms if self.baseline_ms else float("inf")


def _load_cases() -> None:
    import app.bench_cases  # registers the core's cases
    import app.exchange.bench_import  # Excel exchange
    import app.reports.bench_report  # the drafts
    import app.scoring.bench_scoring  # noqa: F401 - 履职考核


def run_cases(db: Database, repeat: int, only: str = "") -> list[Measurement]:
    _load_cases()
    results = []
    for c in CASES:
        if only and only not in c.name:
            continue
        measured, baseline = c.prepare(db)
        n = c.repeat or repeat
        measured()  # warm caches (imports, SQLite page cache) before timing either side
        baseline()
        results.append(Measurement(c.name, c.description, median_ms(measured, n),
                                   median_ms(baseline, n), n))
    return results


def format_table(results: list[Measurement]) -> str:
    lines = [f"{'项目':<28}{'中位数(ms)':>12}{'基线(ms)':>12}{'倍数':>8}  说明"]
    for r in results:
        lines.append(f"{r.name:<30}{r.median_ms:>12.1f}{r.baseline_ms:>12.1f}"
                     f"{r.ratio:>8.2f}  {r.description}（{r.repeat}次）")
    return "\n".join(lines)


def run_benchmarks(db_path: str | None, repeat: int = 5, only: str = "") -> int:
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
    results = run_cases(db, repeat, only)
    print(format_table(results))
    out = Path(".benchmarks")
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    fileio.write_text(out / f"bench-{stamp}.json", json.dumps(
        [r.__dict__ | {"ratio": r.ratio} for r in results], ensure_ascii=False, indent=1))
    db.dispose()
    return 0
