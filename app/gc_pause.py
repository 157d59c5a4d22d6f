"""Pausing Python's cycle collector for a burst of allocations (an import of a roster).

An import creates some hundred thousand container objects (cells, typed values, ORM states)
that all live until it ends. With automatic collection on, CPython runs a generation-2
collection every few ten thousand allocations, each walking every tracked object of the
program, and none of them frees anything of the import: measured on the 2,000-row roster,
about a third of the import's time (docs/BENCHMARKS.md). Pausing the collector for the
import and letting it run as usual afterwards frees the same cycles once, later.

The client switches automatic collection off for good (ui/framework/collector.py) and
collects on the GUI thread by CPython's thresholds. While a burst runs on a worker thread (a
report, an import) its timer would still walk every object once a generation-2 collection is
due — 70 ms of a work report's CPU at city scale, freeing nothing of the burst — so it asks
``in_burst`` and collects no further than generation 1 until the burst ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_bursts = 0  # blocks of ``collector_paused`` running now, in any thread


@contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic cycle collection off inside the block; back on after it if it was on."""
    global _bursts
    was_enabled = gc.isenabled()
    gc.disable()
    with _lock:
        _bursts += 1
    try:
        yield
    finally:
        with _lock:
            _bursts -= 1
        if was_enabled:
            gc.enable()


def in_burst() -> bool:
    """Whether a ``collector_paused`` block runs now (in any thread)."""
    return _bursts > 0
