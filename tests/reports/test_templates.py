"""Templates as the clerk's material: checking (syntax and unknown fields, each named by its
paragraph, nothing written), the user folder (customise, add, restore), the field reference."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from app.errors import AppError
from app.reports import templates
from app.reports.gongwen import new_document, para
from app.reports.kinds import KINDS, ReportRequest
from app.reports.period import Period
from app.reports.validate import validate_template


def template(tmp_path: Path, *paragraphs: str, name: str = "模板.docx") -> Path:
    doc = new_document()
    for text in paragraphs:
        para(doc, text)
    path = tmp_path / name
    doc.save(str(path))
    return path


@pytest.mark.parametrize("kind", list(KINDS))
def test_builtin_templates_are_valid(kind: str) -> None:
    path = templates.builtin_template(KINDS[kind])
    assert path.exists() and validate_template(path, kind) == []


def test_broken_tag_names_its_paragraph_and_nothing_is_written(tmp_path: Path,
                                                               report_demo) -> None:
    from app.reports.engine import generate

    path = template(tmp_path, "全年共收到提案{{ proposals.received }}件。",
                    "经审查，立案{{ proposals.accepted }件。", "其余照常。")
    problems = validate_template(path, "work-report")
    assert len(problems) == 1 and problems[0].kind == "语法错误"
    assert problems[0].paragraph == "经审查，立案{{ proposals.accepted }件。"
    out = tmp_path / "out.docx"
    with pytest.raises(templates.TemplateInvalidError) as info:
        generate(report_demo.db, ReportRequest("work-report", out, Period.year(2025),
                                               template=path), record=False)
    message = str(info.value)
    assert "经审查，立案{{ proposals.accepted }件。" in message and "未生成文稿" in message
    assert list(tmp_path.glob("out*")) == [] and list(tmp_path.glob(".out*")) == []


def test_unclosed_block_points_at_its_opening(tmp_path: Path) -> None:
    path = template(tmp_path, "开头。", "{% for p in lists.key_proposals %}{{ p.title }}",
                    "中间。", "结尾。")
    (problem,) = validate_template(path, "work-report")
    assert problem.paragraph.startswith("{% for p in lists.key_proposals %}")
    assert "没有结束" in problem.message and "endfor" in problem.message


def test_unknown_fields_come_with_the_nearest_known_ones(tmp_path: Path, report_demo
                                                         ) -> None:
    from app.reports.engine import generate

    path = template(tmp_path, "立案{{ proposals.acepted }}件，{{ comittee.name }}。",
                    "{% for p in lists.key_proposals %}{{ p.titel }}{% endfor %}",
                    "{{ opinions.received|approxx }}")
    problems = validate_template(path, "work-report")
    messages = [str(p) for p in problems]
    assert len(problems) == 4, messages
    assert "没有“proposals.acepted”这个字段" in messages[0]
    assert "proposals.accepted（立案）" in messages[0]
    assert "立案{{ proposals.acepted }}件" in messages[0]
    assert "committee（本级政协）" in messages[1]
    assert "p.titel" in messages[2] and "p.title（案由）" in messages[2]
    assert "approxx" in messages[3] and "approx" in messages[3]
    out = tmp_path / "out.docx"
    with pytest.raises(AppError, match=r"proposals\.acepted"):
        generate(report_demo.db, ReportRequest("work-report", out, Period.year(2025),
                                               template=path), record=False)
    assert not out.exists()


def test_a_fine_user_template_renders_and_escapes(tmp_path: Path, report_demo) -> None:
    from app.reports.engine import generate

    path = template(tmp_path, "{{ committee.name }}：立案{{ proposals.accepted }}件，"
                              "约{{ proposals.accepted.approx }}件，{{ proposals.received.yoy }}。",
                    "{% for p in lists.key_proposals %}{{ p.title }} & <{{ p.no }}>；"
                    "{% endfor %}")
    out = tmp_path / "自定义.docx"
    result = generate(report_demo.db, ReportRequest("work-report", out, Period.year(2025),
                                                    template=path), record=False)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert text.startswith("政协第十届示范县委员会：立案") and " & <第" in text
    assert result.evidence is not None and result.evidence.exists()


def test_customize_add_and_restore(tmp_path: Path) -> None:
    kind = KINDS["sign-in"]
    builtin = templates.builtin_template(kind)
    assert templates.effective_template(kind) == builtin
    own = templates.customize("sign-in")
    assert own.parent == templates.user_dir(kind) and templates.effective_template(kind) == own
    listed = templates.list_templates("sign-in")
    assert [t.builtin for t in listed] == [True, False] and listed[1].active
    backup = templates.restore_builtin("会议签到表")
    assert backup is not None and backup.exists() and "备份" in backup.name
    assert templates.effective_template(kind) == builtin
    assert templates.restore_builtin("sign-in") is None
    good = template(tmp_path, "{{ event.sheet_title }}", name="我的签到表.docx")
    added = templates.add_template("sign-in", good)
    assert added.name == "我的签到表.docx" and added.exists()
    bad = template(tmp_path, "{{ event.sheet_titel }}", name="错的.docx")
    with pytest.raises(templates.TemplateInvalidError, match="sheet_titel"):
        templates.add_template("sign-in", bad)
    assert not (templates.user_dir(kind) / "错的.docx").exists()


def test_not_a_word_file_is_a_clear_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"not a zip")
    (problem,) = validate_template(path, "work-report")
    assert problem.kind == "文件" and "不是有效的 Word 文档" in problem.message


def test_field_reference_lists_every_figure_and_exports(tmp_path: Path, report_demo
                                                        ) -> None:
    from openpyxl import load_workbook

    from app.reports.field_reference import example_values, export_reference, reference_rows
    from app.reports.figures import figures

    examples = example_values(report_demo.db, Period.year(2025))
    rows = reference_rows("year-review", examples)
    tags = {r.tag for r in rows}
    for fig in figures():
        assert f"{{{{ {fig.key} }}}}" in tags
    accepted = next(r for r in rows if r.tag == "{{ proposals.accepted }}")
    assert accepted.label == "立案（件）" and accepted.example.isdigit() and accepted.note
    assert "{% for u in units %} … {% endfor %}" in tags
    assert any(r.tag == "{{ committee.name }}" for r in rows)
    export_reference(tmp_path / "字段.xlsx", rows)
    export_reference(tmp_path / "字段.docx", rows)
    sheet = load_workbook(tmp_path / "字段.xlsx")["字段说明"]
    assert sheet.max_row == len(rows) + 1
    assert len(Document(str(tmp_path / "字段.docx")).tables) > 5
    with pytest.raises(AppError):
        export_reference(tmp_path / "字段.pdf", rows)


def test_today_is_not_needed_for_validation() -> None:
    assert dt.date.today()  # validation reads no database and no clock
