"""Peak memory of the all-members 委员履职档案, phase by phase (issue: 1.9 GB at city scale).

Runs what ``report.dossier-all`` measures (``app.reports.engine.generate`` of the
all-members dossier of a year, ``record=False``) once, in this fresh process, and prints:

- per phase (context built, rendered, checked, laid out, saved, reopened, 数据底稿 joined):
  resident memory after the phase and the peak *during* it (Linux: the kernel's high-water
  mark is reset before each phase through /proc/self/clear_refs);
- the process's peak (``ru_maxrss``), wall and CPU time;
- with ``--trace``: tracemalloc's top allocation sites still held at each boundary (Python
  objects only; libxml2's trees are C memory and show in the RSS columns alone).

Usage (from the repository root)::

    python scripts/dossier_memory.py --db /tmp/dossiermem-city.sqlite [--year 2025]
        [--out DIR] [--trace] [--no-evidence]

Copy a shared database first (the script writes only its draft to ``--out``).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_TRACE = False
_PEAKS: list[int] = []  # each phase's peak (resetting the mark resets ru_maxrss too)


def _status(field: str) -> int:
    """A ``/proc/self/status`` figure in MB (0 where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _reset_peak() -> None:
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    before = _status("VmRSS")
    _reset_peak()
    start = time.perf_counter()
    yield
    took = time.perf_counter() - start
    _PEAKS.append(_status("VmHWM"))
    print(f"  {name:<22} rss {before:5d} -> {_status('VmRSS'):5d} MB, "
          f"peak during {_status('VmHWM'):5d} MB, {took:6.2f} s", flush=True)
    if _TRACE:
        snap = tracemalloc.take_snapshot()
        current, _ = tracemalloc.get_traced_memory()
        print(f"    python objects held: {current / 2**20:.0f} MB")
        for stat in snap.statistics("lineno")[:6]:
            print(f"      {stat.size / 2**20:7.1f} MB  {stat.traceback[0]}")


def wrap(owner: Any, attr: str, name: str) -> None:
    original: Callable[..., Any] = getattr(owner, attr)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        with phase(name):
            return original(*args, **kwargs)

    if isinstance(owner, type) or not hasattr(owner, "__dataclass_fields__"):
        setattr(owner, attr, timed)
    else:  # the kind: a frozen dataclass
        object.__setattr__(owner, attr, timed)


def main() -> int:
    global _TRACE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--out", default=None, help="folder for the draft (default: a temp one)")
    parser.add_argument("--trace", action="store_true", help="tracemalloc at each boundary")
    parser.add_argument("--no-evidence", action="store_true",
                        help="without 数据底稿 (its thread runs during layout and saving)")
    args = parser.parse_args()
    _TRACE = args.trace

    from app.reports import engine
    from app.reports.kinds import ReportRequest, get_kind
    from app.reports.period import Period
    from app.reports.render_check import CheckedTemplate
    from app.reports.settings import ReportSettings
    from app.services.opening import open_database

    kind = get_kind("member-dossier")
    wrap(kind, "build", "context built")
    wrap(CheckedTemplate, "render", "rendered")
    wrap(engine, "check_rendered", "render checked")
    wrap(engine, "finish", "laid out")
    wrap(engine, "check_finished", "leftover tags checked")
    wrap(engine, "finish_document", "properties")
    wrap(engine, "_save", "saved")
    wrap(engine, "open_docx", "reopened")
    wrap(engine.EvidenceWriter, "__exit__", "数据底稿 joined")

    folder = Path(args.out or tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(args.db)
    request = ReportRequest(kind.key, folder / "member-dossier.docx", Period.year(args.year))
    print(f"start: rss {_status('VmRSS')} MB", flush=True)
    if _TRACE:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    result = engine.generate(db, request, record=False, settings=ReportSettings(),
                             evidence=not args.no_evidence)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, *_PEAKS)
    print(f"done: {result.path} ({result.path.stat().st_size // 1024} KB), "
          f"{result.figures} figures")
    print(f"peak RSS {peak} MB, wall {wall:.1f} s, CPU {cpu:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
