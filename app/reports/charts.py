"""Charts as PNG bytes (matplotlib, Agg backend, imported lazily) for the dashboard and Word."""

from __future__ import annotations

import io
from functools import cache

CJK_FONTS = ("Microsoft YaHei", "SimHei", "Noto Sans CJK SC", "Noto Serif CJK SC",
             "WenQuanYi Micro Hei", "Source Han Sans SC", "PingFang SC")


@cache
def _setup() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, rcParams

    installed = {f.name for f in font_manager.fontManager.ttflist}
    chosen = [name for name in CJK_FONTS if name in installed]
    rcParams["font.sans-serif"] = [*chosen, "DejaVu Sans"]
    rcParams["font.family"] = "sans-serif"
    rcParams["axes.unicode_minus"] = False


def bar_chart(title: str, data: list[tuple[str, int]], *, width: float = 4.6,
              height: float = 2.8, max_bars: int = 12, dpi: int = 100,
              fontsize: float = 8) -> bytes:
    """A horizontal bar chart of (label, count), largest on top; 其他 gathers the rest."""
    _setup()
    from matplotlib.figure import Figure

    items = list(data)
    if len(items) > max_bars:
        rest = sum(n for _l, n in items[max_bars - 1:])
        items = [*items[:max_bars - 1], ("其他", rest)]
    fig = Figure(figsize=(width, height), dpi=dpi)
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
