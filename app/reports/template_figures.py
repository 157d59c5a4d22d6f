"""查看将用到的数字: the figures a chosen template names, computed for the chosen period and
scope — not every figure of the registry. The list comes from the template's tags
(``validate.template_keys``), so that it is the same whichever branch a condition takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.db.engine import Database
from app.reports.figures import (
    BREAKDOWNS,
    REGISTRY,
    SUBJECT_FIGURES,
    SUBJECTS,
    FigureValue,
    compute,
    compute_breakdowns,
    figures,
)
from app.reports.period import Period, Scope
from app.reports.tagschema import PREFIX_LABELS
from app.reports.validate import template_keys


@dataclass(frozen=True)
class PreviewRow:
    value: FigureValue
    group: str  # 类别 shown beside it (提案, 社情民意信息 …)


@dataclass
class FigurePreview:
    rows: list[PreviewRow] = field(default_factory=list)
    figures: int = 0  # figures of the template (a breakdown counts once, not per row)
    #: figures about one member, event or session the template names but the scope has no
    #: subject for (履职档案 of 全体委员: computed member by member when generating)
    per_subject: list[str] = field(default_factory=list)


def _group(key: str, group: str = "") -> str:
    return group or PREFIX_LABELS.get(key.split(".", 1)[0], "")


def preview_figures(db: Database, template: Path, kind: str, period: Period,
                    scope: Scope) -> FigurePreview:
    """The template's figures for ``period`` and ``scope``, in the order the template names
    them; a breakdown as one row per category."""
    figures()  # the registry is loaded
    keys = template_keys(template, kind)
    out = FigurePreview(figures=len(keys))
    wanted: list[str] = []
    for key in keys:
        fig = SUBJECT_FIGURES.get(key)
        if fig is not None and getattr(scope, SUBJECTS[fig.subject][0]) is None:
            out.per_subject.append(key)
        elif key in REGISTRY or fig is not None:
            wanted.append(key)
    values = compute(db, wanted, period, scope)
    splits = compute_breakdowns(db, [k for k in keys if k in BREAKDOWNS], period, scope)
    for key in keys:
        if key in values:
            fig = REGISTRY.get(key) or SUBJECT_FIGURES[key]
            out.rows.append(PreviewRow(values[key], _group(key, fig.group)))
        elif key in splits:
            b = splits[key]
            group = _group(key, BREAKDOWNS[key].group)
            out.rows.extend(PreviewRow(FigureValue(f"{key}[{row.label}]",  # as 数据底稿 has it
                                                   f"{b.label}：{row.label}", b.unit,
                                                   row.value, b.entity, row.ids, b.definition),
                                       group) for row in b.rows)
    return out
