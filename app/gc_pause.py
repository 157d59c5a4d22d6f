"""Pausing Python's cycle collector for a burst of allocations (an import of a roster).

An import creates some hundred thousand container objects (cells, typed values, ORM states)
that all live until it ends. With automatic collection on, CPython runs a generation-2
collection every few ten thousand allocations, each walking every tracked object of the
program, and none of them frees anything of the import: measured on the 2,000-row roster,
about a third of the import's time (docs/BENCHMARKS.md). Pausing the collector for the
import and letting it run as usual afterwards frees the same cycles once, later.

The client switches automatic collection off for good (ui/framework/collector.py) and
collects on the GUI thread: ``collector_paused`` then changes nothing, and leaves it off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic cycle collection off inside the block; back on after it if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
