"""``python main.py bench --check``: every case's ratio against the target declared beside it.

The harness is exercised with fabricated cases (fixed sleeps are not needed: the measured and
baseline functions return at once and the ratio is taken from fabricated measurements), so no
test here depends on the speed of the machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bench import harness as bench
from app.bench.harness import Case, Measurement, Target, check


def _m(name: str, median: float, baseline: float, target: Target | None) -> Measurement:
    return Measurement(name, "说明", median, baseline, 3, target)


def test_target_is_a_ratio_and_the_absolute_alternative_counts_only_when_asked() -> None:
    t = Target(3, or_ms=30)
    assert t.met(_m("a", 29, 10, t))  # 2.9×
    assert not t.met(_m("a", 31, 10, t))  # 3.1×, above 30 ms as well
    fast = _m("a", 20, 1, t)  # 20×, but 20 ms
    assert not t.met(fast)
    assert t.met(fast, absolute=True)
    assert not Target(3).met(fast, absolute=True)  # no absolute alternative declared


def test_check_fails_only_on_misses_that_are_not_known() -> None:
    results = [
        _m("ok", 15, 10, Target(2)),
        _m("regressed", 30, 10, Target(2)),
        _m("known", 30, 10, Target(2, known_miss="#15")),
        _m("known-now-met", 15, 10, Target(2, known_miss="#15")),
        _m("untargeted", 50, 10, None),
        _m("known-and-worse", 50, 10, Target(2, known_miss="#15", ceiling=4)),
        _m("known-within-bound", 40, 10, Target(2, known_miss="#15", ceiling=4)),
    ]
    lines, failed = check(results)
    assert failed == ["regressed", "known-and-worse"]
    text = "\n".join(lines)
    assert "regressed: 3.00×，目标 ≤ 2×：未达标" in text
    assert "known: 3.00×，目标 ≤ 2×：未达标，已知（#15）" in text
    assert "known-now-met: 1.50×，目标 ≤ 2×：达标（已知未达标 #15 的标记可以去掉）" in text
    assert "untargeted: 5.00×（未设目标）" in text
    assert "known-and-worse: 5.00×，目标 ≤ 2×：未达标，已知（#15），但超过了回退上限 4×" in text
    assert "known-within-bound: 4.00×，目标 ≤ 2×：未达标，已知（#15）" in text


def test_a_case_measured_in_mb_takes_the_median_of_what_it_returns(monkeypatch) -> None:
    """``startup.memory`` reports peak memory: the runners' return values, not their time."""
    readings = iter([0.0, 0.0, 300.0, 250.0, 280.0, 100.0, 120.0, 110.0])  # warm-up first

    def prepare(_db: object) -> tuple[object, object]:
        return (lambda: next(readings)), (lambda: next(readings))

    monkeypatch.setattr(bench, "CASES", [Case("mem", "说明", prepare, 3, Target(2), "MB")])
    monkeypatch.setattr(bench, "_load_cases", lambda: None)
    [m] = bench.run_cases(None, 5)  # type: ignore[arg-type]
    assert (m.median_ms, m.baseline_ms, m.repeat, m.unit) == (280.0, 110.0, 3, "MB")
    assert "单位 MB" in bench.format_table([m])


def test_every_registered_case_declares_a_target() -> None:
    bench._load_cases()
    from ui import bench_cases, bench_startup  # noqa: F401 - the client's, as main.py does

    missing = [c.name for c in bench.CASES if c.target is None]
    assert bench.CASES and missing == []


def test_every_known_miss_has_a_regression_bound() -> None:
    bench._load_cases()
    from ui import bench_cases, bench_startup  # noqa: F401

    unbounded = [c.name for c in bench.CASES
                 if c.target is not None and c.target.known_miss and c.target.ceiling is None]
    assert unbounded == []


def test_known_misses_are_listed_in_benchmarks_md() -> None:
    bench._load_cases()
    from ui import bench_cases, bench_startup  # noqa: F401

    doc = (Path(__file__).parent.parent / "docs" / "BENCHMARKS.md").read_text("utf-8")
    for c in bench.CASES:
        if c.target is not None and c.target.known_miss:
            assert f"`{c.name}`" in doc, c.name


@pytest.fixture
def fake_cases(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Case]]:
    """Replace the registry with two fabricated cases whose medians are set by patching."""
    cases: list[Case] = []
    monkeypatch.setattr(bench, "CASES", cases)
    monkeypatch.setattr(bench, "_load_cases", lambda: None)

    def prepare(db: object) -> tuple[bench.Runner, bench.Runner]:
        return (lambda: None), (lambda: None)

    bench.case("fake.fast", "快", target=Target(2))(prepare)
    bench.case("fake.slow", "慢", target=Target(2, known_miss="#15"))(prepare)
    yield cases


def _fixed_medians(monkeypatch: pytest.MonkeyPatch, medians: list[float]) -> None:
    values = iter(medians)
    monkeypatch.setattr(bench, "median_ms", lambda fn, repeat: next(values))


def test_check_exit_status(fake_cases: list[Case], monkeypatch: pytest.MonkeyPatch,
                           tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.services.opening import open_database

    db_file = tmp_path / "b.sqlite"
    open_database(db_file).dispose()
    monkeypatch.chdir(tmp_path)
    # fast: 15 vs 10 (1.5×, met); slow: 50 vs 10 (5×, known miss)
    _fixed_medians(monkeypatch, [15, 10, 50, 10])
    assert bench.run_benchmarks(str(db_file), repeat=1, check_targets=True) == 0
    out = capsys.readouterr().out
    assert "fake.fast: 1.50×，目标 ≤ 2×：达标" in out
    assert "fake.slow: 5.00×，目标 ≤ 2×：未达标，已知（#15）" in out

    # fast regresses to 3×: the check fails and names it
    _fixed_medians(monkeypatch, [30, 10, 50, 10])
    assert bench.run_benchmarks(str(db_file), repeat=1, check_targets=True) == 1
    assert "未达标：fake.fast" in capsys.readouterr().err

    # without --check the same results only print
    _fixed_medians(monkeypatch, [30, 10, 50, 10])
    assert bench.run_benchmarks(str(db_file), repeat=1) == 0

    # --skip leaves the regressed case out
    _fixed_medians(monkeypatch, [50, 10])
    assert bench.run_benchmarks(str(db_file), repeat=1, skip=["fast"], check_targets=True) == 0
