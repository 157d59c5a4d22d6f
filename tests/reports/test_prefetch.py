"""The figures a template names are computed together before it is rendered (prefetch.py):
the draft and its 数据底稿 are byte for byte and cell for cell what computing each figure as
the template reaches it gives, in far fewer ``compute`` calls — on SQLite and PostgreSQL."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.reports import figure_text, render_check
from app.reports.engine import ReportResult, generate
from app.reports.figure_text import Used
from app.reports.filters import environment
from app.reports.kinds import ReportRequest
from app.reports.period import Period
from app.reports.prefetch import figure_paths
from app.reports.settings import ReportSettings
from tests.reports.conftest import TODAY, ReportDemo

Y2025 = Period.year(2025)


def test_the_paths_a_source_names() -> None:
    tree = environment().parse(
        "{{ proposals.accepted }}{% if opinions.received.yoy %}{{ opinions.received.approx }}"
        "{% endif %}{% for p in lists.key_proposals %}{{ p.title }}{% endfor %}"
        "{{ proposals.accepted.has_prev }}{{ x }}")
    assert figure_paths(tree) == (("proposals", "accepted", True),
                                  ("opinions", "received", True),
                                  ("lists", "key_proposals", False), ("p", "title", False))


def _draft(demo: ReportDemo, kind: str, out: Path) -> ReportResult:
    return generate(demo.db, ReportRequest(kind, out, Y2025), today=TODAY,
                    settings=ReportSettings(), record=False)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _cells(path: Path | None, exact: bool) -> dict[str, list[tuple[Any, ...]]]:
    """Each sheet's rows; unless ``exact``, a 明细 sheet's rows without their 序号, sorted."""
    assert path is not None
    wb = load_workbook(path)
    out = {ws.title: [r for r in ws.iter_rows(values_only=True) if r[0] != "生成时间"]
           for ws in wb.worksheets}
    if not exact:
        out = {title: sorted((r[:4] + r[5:] for r in rows), key=repr)
               if title.startswith("明细") else rows for title, rows in out.items()}
    return out


def _entry(u: Used, exact: bool) -> tuple[object, ...]:
    return (u.scope, u.period, u.key, u.value, u.ids if exact else sorted(u.ids), u.printed)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    calls: list[tuple[str, ...]] = []
    real = figure_text.compute

    def compute(*args: Any, **kwargs: Any) -> Any:
        calls.append(tuple(args[1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(figure_text, "compute", compute)
    return calls


@pytest.mark.parametrize("kind", ["work-report", "year-review", "proposal-report"])
def test_together_is_one_by_one(report_demo: ReportDemo, backend: str, tmp_path: Path,
                                kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    together = _draft(report_demo, kind, tmp_path / "together.docx")
    batched = list(calls)
    calls.clear()
    monkeypatch.setattr(render_check, "prefetch", lambda _context, _paths: None)
    alone = _draft(report_demo, kind, tmp_path / "alone.docx")
    one_by_one = list(calls)
    assert _parts(together.path) == _parts(alone.path)
    # the same records in the same order on SQLite; PostgreSQL lists a SELECT without
    # ORDER BY in any order (tests/reports/test_figure_id_passes.py), so there the same
    # records, each with the same description and value
    exact = backend == "sqlite"
    assert _cells(together.evidence, exact) == _cells(alone.evidence, exact)
    assert [_entry(u, exact) for u in together.used] == [_entry(u, exact) for u in alone.used]
    assert all(len(keys) == 1 for keys in one_by_one)
    assert len(one_by_one) > 10
    # the committee's figures of the year in one call (a unit's section still one by one)
    assert max(len(keys) for keys in batched) > 10
    assert len(batched) < len(one_by_one)
    if kind == "work-report":
        assert len(batched) <= 3
