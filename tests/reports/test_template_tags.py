"""Broken tags refused paragraph by paragraph, drafts scanned after rendering (lost template
text, leftover tags), and template names and paths a clerk can give."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml

from app.cli import main
from app.errors import AppError
from app.reports import templates
from app.reports.filters import environment
from app.reports.gongwen import new_document, para
from app.reports.kinds import ReportRequest
from app.reports.period import Period
from app.reports.render_check import CheckedTemplate, leftover_tags
from app.reports.validate import validate_template

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"


def template(folder: Path, *paragraphs: str, name: str = "模板.docx") -> Path:
    doc = new_document()
    for text in paragraphs:
        para(doc, text)
    path = folder / name
    doc.save(str(path))
    return path


def text_box(doc: object, text: str) -> None:
    """A paragraph holding a VML text box with ``text`` (as Word writes legacy text boxes)."""
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    p._p.append(parse_xml(
        f'<w:r xmlns:w="{W_NS}" xmlns:v="{V_NS}"><w:pict><v:shape style="width:200pt;'
        f'height:40pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in validate_template(path, "work-report")]


@pytest.mark.parametrize(("line", "why"), [
    ("立案{{ proposals.accepted 件", "“{{”没有对应的“}}”"),
    ("立案{{ proposals.accepted }}件}}。", "多了一个“}}”"),
    ("{% if proposals.key %}重点%}", "多了一个“%}”"),
    ("立案｛｛ proposals.accepted ｝｝件", "“｛｛”用了全角"),
    ("立案{{ proposals.accepted ｝｝件", "“ ｝｝”用了全角".replace(" ", "")),
    ("｛％ if proposals.key ％｝重点｛％ endif ％｝", "“｛％”用了全角"),
    ("立案{{ proposals.accepted %}件", "“{{”应以“}}”结束"),
    ("{%p if proposals.key %}重点提案", "“{%p … %}”必须单独占一段"),
    ("重点提案{%p endif %}", "“{%p … %}”必须单独占一段"),
    ("{%tr for p in lists.key_proposals %}", "只能写在表格中"),
])
def test_broken_tags_are_refused_naming_the_paragraph(tmp_path: Path, line: str, why: str
                                                      ) -> None:
    path = template(tmp_path, "全年共收到提案{{ proposals.received }}件。", line,
                    "第三段照常。", "其中重点提案{{ proposals.key }}件。")
    problems = problems_of(path)
    assert problems, line
    assert problems[0].startswith(f"正文第2段“{line}”"), problems
    assert why in problems[0], problems
    assert not any("第3段" in p or "第4段" in p for p in problems), problems


def test_the_unclosed_tag_of_the_issue_no_longer_passes(tmp_path: Path) -> None:
    """``{{ proposals.accepted 件`` used to swallow the next paragraphs without a word."""
    path = template(tmp_path, "经审查，立案{{ proposals.accepted or ", "第二段文字",
                    "}}件。", "结尾。")
    problems = validate_template(path, "work-report")
    assert [(p.number, p.kind) for p in problems] == [(1, "语法错误"), (3, "语法错误")]
    assert "“{{”没有对应的“}}”" in problems[0].message
    assert "多了一个“}}”" in problems[1].message


def test_row_and_cell_tags_must_stand_alone(tmp_path: Path) -> None:
    doc = new_document()
    para(doc, "重点提案：")
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for p in lists.key_proposals %}"
    table.cell(1, 0).text = "{{ p.title }}"
    table.cell(1, 1).text = "{{ p.proposer }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    good = tmp_path / "good.docx"
    doc.save(str(good))
    assert problems_of(good) == []
    table.cell(0, 1).text = "案由"
    bad = tmp_path / "bad.docx"
    doc.save(str(bad))
    (problem,) = problems_of(bad)
    assert problem.startswith("正文第2段“{%tr for p in lists.key_proposals %}”")
    assert "必须单独占表格的一行" in problem and "案由" in problem


def test_headers_footers_and_text_boxes_are_checked(tmp_path: Path) -> None:
    path = template(tmp_path, "全年共收到提案{{ proposals.received }}件。")
    doc = Document(str(path))
    doc.sections[0].header.paragraphs[0].text = "第{{ period.year 年"
    text_box(doc, "框中｛｛ proposals.key ｝｝")
    doc.save(str(path))
    problems = problems_of(path)
    assert any(p.startswith("正文第3段“框中｛｛") for p in problems), problems
    assert any(p.startswith("页眉页脚第1段“第{{ period.year 年”") for p in problems), problems


def _generate_bypassing_check(db: object, path: Path, out: Path,
                              monkeypatch: pytest.MonkeyPatch) -> str:
    from app.reports import engine

    monkeypatch.setattr(engine, "check_template", lambda *_a: None)
    with pytest.raises(AppError) as info:
        engine.generate(db, ReportRequest("work-report", out, Period.year(2025),  # type: ignore
                                          template=path), record=False)
    return str(info.value)


def test_a_swallowed_paragraph_stops_generation(tmp_path: Path, report_demo,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = template(tmp_path, "经审查，立案{{ proposals.accepted or ", "第二段文字",
                    "}}件。", "结尾。")
    out = tmp_path / "out" / "稿.docx"
    out.parent.mkdir()
    message = _generate_bypassing_check(report_demo.db, path, out, monkeypatch)
    assert "没有出现在文稿中" in message and "正文第2段“第二段文字”" in message
    assert "没有写入任何文件" in message
    assert list(out.parent.iterdir()) == []


def test_text_beside_a_paragraph_tag_is_not_lost_silently(tmp_path: Path, report_demo,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    path = template(tmp_path, "开头。", "{%p if proposals.key %}重点提案很多", "重点段落。",
                    "{%p endif %}", "结尾。")
    out = tmp_path / "稿.docx"
    message = _generate_bypassing_check(report_demo.db, path, out, monkeypatch)
    assert "正文第2段“{%p if proposals.key %}重点提案很多”中的“重点提案很多”" in message
    assert not out.exists()


def test_conditional_paragraphs_may_go(tmp_path: Path, report_demo) -> None:
    """A ``{%p if %}`` that is false removes its paragraphs: that is no loss."""
    from app.reports.engine import generate

    path = template(tmp_path, "开头。", "{%p if proposals.received.value < 0 %}",
                    "不会出现的段落。", "{%p endif %}", "立案{% if proposals.accepted.value < 0 %}"
                    "不会出现{% endif %}{{ proposals.accepted }}件。", "结尾。")
    assert problems_of(path) == []
    out = tmp_path / "稿.docx"
    generate(report_demo.db, ReportRequest("work-report", out, Period.year(2025),
                                           template=path), record=False, evidence=False)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "不会出现" not in text and "开头。" in text and "结尾。" in text


def test_leftover_full_width_tags_stop_generation(tmp_path: Path, report_demo,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = template(tmp_path, "全年共收到提案{{ proposals.received }}件。",
                    "立案｛｛ proposals.accepted ｝｝件。")
    out = tmp_path / "稿.docx"
    message = _generate_bypassing_check(report_demo.db, path, out, monkeypatch)
    assert "还留有模板标记" in message and "立案｛｛ proposals.accepted ｝｝件。" in message
    assert not out.exists()


@pytest.mark.parametrize("where", ["body", "header", "text box", "table"])
def test_leftover_scan_covers_every_place_and_spares_data(tmp_path: Path, where: str) -> None:
    doc = new_document()
    line = "留下的｛％ if x ％｝标记"
    if where == "body":
        para(doc, line)
    elif where == "header":
        doc.sections[0].header.paragraphs[0].text = line
    elif where == "table":
        doc.add_table(rows=2, cols=2).cell(1, 1).text = line
    else:
        text_box(doc, line)
    para(doc, "标题：{{ title }}")
    path = tmp_path / "t.docx"
    doc.save(str(path))
    env = environment()
    tpl = CheckedTemplate(str(path))
    tpl.render({"title": "关于“{{”与“%}”的说明"}, env, autoescape=True)
    found = leftover_tags(tpl, env.tagged_values)
    assert len(found) == 1 and "留下的｛％ if x ％｝标记" in found[0], found
    assert ("页眉页脚" if where == "header" else "正文") in found[0]
    # the title printed “{{”: data, not a tag — but without knowing that, it would count
    assert len(leftover_tags(tpl, set())) == 2


@pytest.mark.parametrize("name", [
    "a/b", "a\\b", "会议:纪要", "a*b", "a?b", 'a"b', "a<b", "a>b", "a|b", "a\x01b", "a\tb",
    "CON", "con.docx", "Aux", "NUL.txt", "COM1", "LPT9", "名称.", "名称 ", " 名称", "", "   ",
    "..", "../../x", ".hidden", "长" * 61,
])
def test_bad_template_names_are_refused(name: str) -> None:
    with pytest.raises(AppError, match="模板名称"):
        templates.check_template_name(name)


@pytest.mark.parametrize("name", ["我的模板", "2025年 常委会工作报告（修改稿）", "CONSOLE", "COM10",
                                  "v1.2", "长" * 60])
def test_good_template_names_pass(name: str) -> None:
    assert templates.check_template_name(name) == name


def test_add_cannot_write_outside_the_templates_folder(tmp_path: Path) -> None:
    source = template(tmp_path, "全年共收到提案{{ proposals.received }}件。")
    folder = templates.user_dir(templates.get_kind("work-report"))
    for name in ("../../x", "..\\..\\x", "../x", "C:x", "/tmp/x"):
        with pytest.raises(AppError, match="模板名称"):
            templates.add_template("work-report", source, name)
    assert list(folder.iterdir()) == []
    assert not (folder.parent.parent / "x.docx").exists()
    assert not (folder.parent / "x.docx").exists()
    bad_source = tmp_path / "CON.docx"
    bad_source.write_bytes(source.read_bytes())
    with pytest.raises(AppError, match="保留的设备名"):
        templates.add_template("work-report", bad_source)
    target = templates.add_template("work-report", source, "我的模板")
    assert target == folder / "我的模板.docx" and target.exists()


def test_template_option_takes_a_user_templates_name(tmp_path: Path, report_demo, capsys
                                                     ) -> None:
    source = template(tmp_path, "全年共收到提案{{ proposals.received }}件。", "自定义的结尾。")
    target = templates.add_template("work-report", source, "我的模板")
    assert templates.find_template("work-report", "我的模板") == target
    assert templates.find_template("work-report", "我的模板.docx") == target
    assert templates.find_template("work-report", source) == source
    builtin = templates.builtin_template(templates.get_kind("work-report"))
    assert templates.find_template("work-report", "常委会工作报告") == builtin
    with pytest.raises(AppError, match=r"找不到模板“别的模板”.*我的模板"):
        templates.find_template("work-report", "别的模板")
    out = tmp_path / "稿.docx"
    assert main(["report", "work-report", "--year", "2025", "--db", report_demo.url,
                 "--template", "我的模板", "--out", str(out), "--no-evidence"]) == 0
    assert "自定义的结尾。" in [p.text for p in Document(str(out)).paragraphs]
    capsys.readouterr()
    assert main(["template", "check", "work-report", "我的模板"]) == 0
    assert "检查通过" in capsys.readouterr().out
    assert main(["template", "add", "work-report", str(source), "--name", "../../x"]) == 2
    assert "不能有“/”" in capsys.readouterr().err


def test_cli_check_and_add_refuse_an_unsafe_template(tmp_path: Path, capsys) -> None:
    path = template(tmp_path, "全年共收到提案{{ proposals.received }}件。",
                    "{{ cycler.__init__.__globals__.os.popen('id').read() }}")
    assert main(["template", "check", "work-report", str(path)]) == 2
    err = capsys.readouterr().err
    assert "正文第2段" in err and "程序内部" in err and "Traceback" not in err
    assert "请改正后再用" in err
    assert main(["template", "add", "work-report", str(path), "--name", "好名字"]) == 2
    err = capsys.readouterr().err
    assert "程序内部" in err and "未添加到用户模板" in err
    assert not (templates.user_dir(templates.get_kind("work-report")) / "好名字.docx").exists()


def add_endnotes(path: Path, text: str) -> None:
    """Give the .docx an endnotes part holding ``text`` (python-docx cannot write one)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        files = {name: z.read(name) for name in z.namelist()}
    files["word/endnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:endnotes xmlns:w="{W_NS}">'
        f'<w:endnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:endnote>'
        "</w:endnotes>").encode()
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/endnotes.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.wordprocessingml.endnotes+xml"/></Types>')
    rels = "word/_rels/document.xml.rels"
    files[rels] = files[rels].replace(
        b"</Relationships>", b'<Relationship Id="rIdEnd9" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>'
        b"</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


def test_tags_in_endnotes_are_refused_and_caught_after_rendering(
        tmp_path: Path, report_demo, monkeypatch: pytest.MonkeyPatch) -> None:
    """docxtpl does not fill in endnotes: a tag there would reach the draft as written."""
    path = template(tmp_path, "全年共收到提案{{ proposals.received }}件。")
    add_endnotes(path, "注：立案{{ proposals.accepted }}件")
    (problem,) = problems_of(path)
    assert problem.startswith("尾注第1段“注：立案{{ proposals.accepted }}件”")
    assert "不会被填写" in problem
    out = tmp_path / "稿.docx"
    message = _generate_bypassing_check(report_demo.db, path, out, monkeypatch)
    assert "还留有模板标记" in message and "尾注中的段落“注：立案{{" in message
    assert not out.exists()


def test_the_right_one_of_two_identical_paragraphs_is_named(tmp_path: Path) -> None:
    path = template(tmp_path, "{%p if proposals.key %}", "重点{{ proposals.kee }}件。",
                    "{%p endif %}", "{%p if proposals.key %}", "重点{{ proposals.kee }}件。",
                    "{%p endif %}")
    problems = validate_template(path, "work-report")
    assert [p.number for p in problems] == [2, 5], [str(p) for p in problems]
