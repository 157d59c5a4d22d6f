"""The rendered body parsed slice by slice (app/reports/streamed_body.py) gives exactly the
tree docxtpl's ``fix_tables`` gives from the whole string: tables that need its column fix,
tables that do not, and a body longer than many slices with Chinese text across their edges."""

from __future__ import annotations

import pytest
from docxtpl import DocxTemplate
from lxml import etree

from app.reports import streamed_body
from app.reports.kinds import get_kind
from app.reports.render_check import CheckedTemplate
from app.reports.streamed_body import RenderedXml, tables_need_fixing
from app.reports.templates import builtin_template

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def body(*tables: str, text: str = "正文") -> str:
    return (f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
            + "".join(tables) + "<w:sectPr/></w:body>")


def table(grid: list[int], rows: list[list[int]]) -> str:
    """A table with these grid column widths; each row's cells by their grid spans."""
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
    out = f"<w:tbl><w:tblGrid>{cols}</w:tblGrid>"
    for row in rows:
        out += "<w:tr>"
        for span in row:
            pr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
            out += f"<w:tc>{pr}<w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc>"
        out += "</w:tr>"
    return out + "</w:tbl>"


@pytest.fixture(scope="module")
def tpl() -> CheckedTemplate:
    return CheckedTemplate(str(builtin_template(get_kind("member-dossier"))))


CASES = {
    "fits": (body(table([3000, 3000], [[1, 1], [2]])), False),
    "a row wider than the grid": (body(table([3000, 3000], [[1, 1], [1, 1, 1]])), True),
    "grid wider than every row": (body(table([2000, 2000, 2000], [[1, 1], [1, 1]])), True),
    "a span filling the grid": (body(table([2000, 2000, 2000], [[1, 2]])), False),
    "no grid": (body("<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"), True),
}


@pytest.mark.parametrize("name", CASES)
def test_the_streamed_tree_is_docxtpls(tpl: CheckedTemplate, name: str) -> None:
    xml, needs = CASES[name]
    assert tables_need_fixing(etree.fromstring(xml)) is needs
    try:
        expected = etree.tostring(DocxTemplate.fix_tables(tpl, xml))
    except AttributeError:  # docxtpl cannot fix a table without a grid: nor can the copy
        with pytest.raises(AttributeError):
            tpl.fix_tables(RenderedXml(xml))
        return
    assert (expected != etree.tostring(etree.fromstring(xml))) is needs  # docxtpl's edit
    assert etree.tostring(tpl.fix_tables(RenderedXml(xml))) == expected
    assert etree.tostring(tpl.fix_tables(xml)) == expected  # a plain string: docxtpl's path


def test_slices_cut_anywhere_give_the_same_tree(tpl: CheckedTemplate,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [[1, 1]] * 40
    xml = body(*[table([3000, 3000], rows)] * 30, text="政协委员履职档案" * 50)
    expected = etree.tostring(DocxTemplate.fix_tables(tpl, xml))
    for size in (7, 1000, len(xml) - 1, len(xml) + 1):  # edges inside tags and characters
        monkeypatch.setattr(streamed_body, "SLICE", size)
        assert etree.tostring(tpl.fix_tables(RenderedXml(xml))) == expected, size
