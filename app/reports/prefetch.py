"""The figures a template names, computed together before a part of it is rendered.

Left to itself a render asks for each figure as the template reaches it: one ``compute`` —
a session and the definition's statements — per figure (61 for a city's 常委会工作报告).
The figures a part names directly on a figure group of the context (``proposals.accepted``,
``opinions.received.yoy``: the previous period's too) are computed first, in one
``Source.prefetch`` per source: one session, in which the figures that read the same record
family share one read of it (``figures.memo``, the ids passes of ``figures.ids_of``).

The numbers and ids are those the figures get one by one (tests/reports/test_figure_sets.py,
test_figure_id_passes.py); 数据底稿 still lists only what the render used, since a figure
is recorded as used when the template reaches it (``Source.figure``), not when it is
computed. A figure named only in a branch the data does not take is computed and not used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import nodes

from app.reports.figure_text import Source
from app.reports.figures import REGISTRY
from app.reports.template_objects import FigureGroup, group_parts

# what reads the previous period's figure of the same key (figure_text.FigureText)
PREVIOUS = frozenset({"prev", "yoy", "yoy_pct", "has_prev", "change"})

FigurePath = tuple[str, str, bool]  # (context name, attribute, the previous period's too)


def figure_paths(tree: nodes.Template) -> tuple[FigurePath, ...]:
    """``name.attr`` of every expression of the form ``name.attr`` or ``name.attr.more`` in
    the template, in the order first met, noting whether ``more`` reads the previous period.
    Whether ``name`` is a figure group is known only with the context (``prefetch``)."""
    found: dict[tuple[str, str], bool] = {}
    for node in tree.find_all(nodes.Getattr):  # outer expressions before their parts
        inner = node.node
        if isinstance(inner, nodes.Name):
            found.setdefault((inner.name, node.attr), False)
        elif (isinstance(inner, nodes.Getattr) and isinstance(inner.node, nodes.Name)
              and node.attr in PREVIOUS):
            found[(inner.node.name, inner.attr)] = True
    return tuple((name, attr, previous) for (name, attr), previous in found.items())


def wanted(context: Mapping[str, Any], paths: tuple[FigurePath, ...]
           ) -> dict[Source, list[str]]:
    """The committee figures ``paths`` name on the context's figure groups, by source."""
    out: dict[Source, list[str]] = {}
    for name, attr, previous in paths:
        group = context.get(name)
        if not isinstance(group, FigureGroup):
            continue
        source, prefix = group_parts(group)
        key = f"{prefix}.{attr}"
        if key not in REGISTRY:  # a breakdown, or not a figure: computed when reached
            continue
        out.setdefault(source, []).append(key)
        if previous:
            out.setdefault(source.previous(), []).append(key)
    return out


def prefetch(context: Mapping[str, Any], paths: tuple[FigurePath, ...]) -> None:
    """Compute the figures ``paths`` name, one ``Source.prefetch`` per source."""
    for source, keys in wanted(context, paths).items():
        source.prefetch(keys)
