"""Charts as PNG bytes (matplotlib, Agg backend, imported lazily) for the dashboard and Word.

matplotlib builds a list of the installed fonts the first time it is imported on a machine
(seconds on an office PC with many fonts); ``warm_up_in_background`` does that on a thread
while the client opens its database, so neither the first start nor the first dashboard waits.
"""

from __future__ import annotations

import io
import logging
import threading
from functools import cache

log = logging.getLogger(__name__)
_setup_lock = threading.Lock()

CJK_FONTS = ("Microsoft YaHei", "SimHei", "Noto Sans CJK SC", "Noto Serif CJK SC",
             "WenQuanYi Micro Hei", "Source Han Sans SC", "PingFang SC")


def _setup() -> None:
    """Agg and a Chinese font, once per process (thread-safe: the warm-up thread may be in it)."""
    with _setup_lock:
        _setup_once()


@cache
def _setup_once() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, rcParams

    chosen = _chinese_fonts({f.name for f in font_manager.fontManager.ttflist})
    if not chosen:
        # matplotlib's font list is cached per user; fonts installed after it was built
        # (a CJK font added to an office PC, or to a CI machine) are missing until rebuilt.
        # private, but the only call that rebuilds the list and also rewrites the cache file
        font_manager.fontManager = font_manager._load_fontmanager(  # type: ignore[attr-defined]
            try_read_cache=False)
        chosen = _chinese_fonts({f.name for f in font_manager.fontManager.ttflist})
    if not chosen:
        log.warning("没有找到中文字体，图表中的汉字可能显示为方框")
    rcParams["font.sans-serif"] = [*chosen, "DejaVu Sans"]
    rcParams["font.family"] = "sans-serif"
    rcParams["axes.unicode_minus"] = False


def _chinese_fonts(installed: set[str]) -> list[str]:
    """The preferred Chinese fonts among ``installed``, then any other CJK family there."""
    chosen = [name for name in CJK_FONTS if name in installed]
    chosen += sorted(name for name in installed if "CJK" in name and name not in chosen)
    return chosen


def warm_up_in_background() -> threading.Thread:
    """Import matplotlib and build its font list on a daemon thread (see the module note)."""

    def work() -> None:
        try:
            _setup()
        except Exception:  # a chart will report it when it is drawn; starting goes on
            log.exception("matplotlib warm-up failed")

    thread = threading.Thread(target=work, name="matplotlib-warm-up", daemon=True)
    thread.start()
    return thread


def pixel_size(width: float, height: float, dpi: int = 100, scale: float = 1.0) -> tuple[int, int]:
    """The PNG's size in device pixels for a figure of ``width`` × ``height`` inches."""
    return round(width * dpi * scale), round(height * dpi * scale)


def bar_chart(title: str, data: list[tuple[str, int]], *, width: float = 4.6,
              height: float = 2.8, max_bars: int = 12, dpi: int = 100,
              fontsize: float = 8, scale: float = 1.0) -> bytes:
    """A horizontal bar chart of (label, count), largest on top; 其他 gathers the rest.

    ``scale`` is the screen's device pixel ratio (1.25–2 on Windows at 125–200 %): the chart
    is drawn with that many more pixels, so the client shows it sharp at the same size."""
    _setup()
    from matplotlib.figure import Figure

    items = list(data)
    if len(items) > max_bars:
        rest = sum(n for _l, n in items[max_bars - 1:])
        items = [*items[:max_bars - 1], ("其他", rest)]
    fig = Figure(figsize=(width, height), dpi=dpi * scale)
    ax = fig.add_subplot()
    labels = [label for label, _n in items][::-1]
    values = [n for _l, n in items][::-1]
    bars = ax.barh(labels, values, color="#3b78b5")
    ax.bar_label(bars, padding=2, fontsize=fontsize)
    ax.set_title(title, fontsize=fontsize + 3)
    ax.tick_params(labelsize=fontsize)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xlim(0, max(values or [1]) * 1.18)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
