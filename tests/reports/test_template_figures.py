"""查看将用到的数字 lists exactly the figures the chosen template names (issue #14: 123
figures were listed for a draft that uses 85), with the values the draft prints."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from app.reports.engine import generate
from app.reports.figures import REGISTRY, figures
from app.reports.kinds import KINDS, ReportRequest
from app.reports.period import Period, Scope
from app.reports.settings import ReportSettings
from app.reports.template_figures import preview_figures
from app.reports.templates import effective_template
from app.reports.validate import template_keys
from tests.reports.conftest import TODAY, ReportDemo, first_member


def test_the_preview_lists_what_the_draft_uses(report_demo: ReportDemo, tmp_path: Path) -> None:
    year = Period.year(2025)
    for kind in ("work-report", "proposal-report"):
        template = effective_template(KINDS[kind])
        preview = preview_figures(report_demo.db, template, kind, year, Scope())
        keys = template_keys(template, kind)
        figures()
        assert 0 < preview.figures == len(keys) < len(REGISTRY)
        shown = {row.value.key: row.value for row in preview.rows}
        assert {k.split("[")[0] for k in shown} <= set(keys) and preview.per_subject == []
        result = generate(report_demo.db, ReportRequest(kind, tmp_path / f"{kind}.docx", year),
                          today=TODAY, settings=ReportSettings(), record=False, evidence=False)
        used = {u.key: u for u in result.used if u.kind == "指标" and u.period == year.label
                and u.scope == "全会"}
        assert used and set(used) <= set(shown), set(used) - set(shown)
        for key, u in used.items():  # the same number the draft printed
            assert shown[key].value == u.exact, key


def test_a_template_of_two_figures_lists_two(report_demo: ReportDemo, tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("全年收到提案{{ proposals.received }}件，"
                      "{% if proposals.accepted.value > 0 %}立案{{ proposals.accepted }}件"
                      "{% endif %}。")
    doc.add_paragraph("{{ proposals.received.yoy }}")
    path = tmp_path / "两个数.docx"
    doc.save(str(path))
    preview = preview_figures(report_demo.db, path, "work-report", Period.year(2025), Scope())
    assert [row.value.key for row in preview.rows] == ["proposals.received",
                                                       "proposals.accepted"]
    assert preview.figures == 2


def test_member_figures_wait_for_the_member(report_demo: ReportDemo) -> None:
    kind = "member-dossier"
    template = effective_template(KINDS[kind])
    year = Period.year(2025)
    everyone = preview_figures(report_demo.db, template, kind, year, Scope())
    assert everyone.rows == [] and len(everyone.per_subject) == everyone.figures > 0
    one = preview_figures(report_demo.db, template, kind, year,
                          Scope(member_id=first_member(report_demo)))
    assert one.per_subject == [] and len(one.rows) == one.figures
