"""Blank templates, the standard printed tables, exports of records and of list views."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.domain.enums import AuditAction, CppccPost, UserRole
from app.errors import AppError, PermissionDeniedError
from app.exchange.export import export_records
from app.exchange.plan import analyse
from app.exchange.standard_tables import period_of, write_roster
from app.exchange.stats_tables import (
    write_member_stats,
    write_opinion_stats,
    write_proposal_stats,
)
from app.exchange.templates import CODES, GUIDE, write_template
from app.exchange.view_export import export_view
from app.models import AuditEntry, MemberTerm
from app.services.context import Actor
from app.services.events import EventService
from app.services.members import MemberService
from app.services.opinions import OpinionService
from app.services.proposals import ProposalService
from app.text.idcard import mask_id_number
from tests.exchange.conftest import id_number
from tests.versions import now


def test_blank_templates_have_comments_lists_and_text_columns(db, world, tmp_path) -> None:
    for kind in ("members", "events", "proposals", "opinions"):
        path = write_template(db, kind, tmp_path / f"{kind}.xlsx")
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        assert wb[CODES].sheet_state == "hidden" and GUIDE in wb.sheetnames
        headers = [c.value for c in ws[2]]
        assert all(ws.cell(2, i).comment is not None for i in range(1, len(headers) + 1))
        assert ws.print_title_rows == "$2:$2" and ws.page_setup.orientation == "landscape"
        assert ws.data_validations.dataValidation
        plan = analyse(db, path, kind)  # a blank template reads as an empty, valid import
        assert plan.entries == [] and plan.unrecognised == [] and plan.ok
    ws = load_workbook(tmp_path / "members.xlsx").worksheets[0]
    headers = [c.value for c in ws[2]]
    column = headers.index("身份证号") + 1
    assert ws.cell(3, column).number_format == "@"
    assert "Excel会把末几位变成0" in ws.cell(2, column).comment.text
    lists = {next(iter(dv.sqref.ranges)).min_col: dv.formula1
             for dv in ws.data_validations.dataValidation}
    sector = headers.index("界别") + 1
    codes = load_workbook(tmp_path / "members.xlsx")[CODES]
    letter = lists[sector].split("$")[1]
    assert "医药卫生界" in [c.value for c in codes[letter]]


def test_the_roster_is_sorted_by_strokes_with_leaders_first_and_masked(db, world,
                                                                      tmp_path) -> None:
    with db.session() as session:
        seat = session.scalars(select(MemberTerm).where(
            MemberTerm.member_id == world.members["赵敏"])).one()
        seat.post = CppccPost.CHAIR
    path, n = write_roster(db, tmp_path / "roster.xlsx", group_by="sector", include_id=True)
    assert n == 5
    ws = load_workbook(path).active
    assert ws["A1"].value == "政协第十届示范县委员会委员名册"
    assert ws["A2"].value.startswith("（按姓氏笔画为序，截至")
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1  # A4
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert [r[0] for r in rows if r[1] is None] == [
        "中共（1人）", "妇联（1人）", "经济界（1人）", "教育界（1人）", "医药卫生界（1人）"]
    people = [r for r in rows if r[1] is not None]
    assert [r[1] for r in people] == ["李\u3000强", "赵\u3000敏", "王\u3000伟", "王\u3000伟",
                                      "张\u3000琳"]
    assert people[1][9] == "主席"
    assert people[0][11] == mask_id_number(id_number("19680501", 11))  # masked, as text
    assert people[0][11].startswith("140428********")
    assert ws.cell(5, 12).number_format == "@"


def test_unmasked_exports_need_an_administrator_a_reason_and_are_audited(db, world,
                                                                        tmp_path) -> None:
    clerk = Actor("clerk", UserRole.CLERK)
    with pytest.raises(PermissionDeniedError):
        write_roster(db, tmp_path / "r.xlsx", masked=False, actor=clerk, reason="核对")
    admin = Actor("admin", UserRole.ADMIN)
    with pytest.raises(AppError, match="必须填写用途"):
        export_records(db, "members", tmp_path / "m.xlsx", masked=False, actor=admin)
    export_records(db, "members", tmp_path / "m.xlsx", masked=False, actor=admin,
                   reason="换届核对")
    with db.reader() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == AuditAction.EXPORT and "换届核对" in entry.summary
    ws = load_workbook(tmp_path / "m.xlsx").active
    assert id_number("19750315", 2) in [c.value for c in ws["AH"]] + [
        c.value for row in ws.iter_rows() for c in row]


def test_statistics_tables(db, world, tmp_path, actor) -> None:
    lead, cosigner = world.members["张琳"], world.members["李强"]
    event = EventService(db).create(actor, {
        "title": "常委会议", "kind_id": 2, "start_on": dt.date(2024, 3, 5)}).value
    EventService(db).set_participants(actor, event.id, [
        {"member_id": lead}, {"member_id": cosigner, "attendance": "请假", "leave_reason": "出差"}],
                                      version=now(EventService(db), event.id))
    proposals = ProposalService(db)
    p = proposals.create(actor, {"term_id": world.term_id, "session_id": world.session4_id,
                                 "title": "关于校车安全的建议", "type": "联名",
                                 "lead_member_id": lead, "submitted_on": dt.date(2024, 4, 22),
                                 "cosigner_ids": [cosigner]}).value
    proposals.review(actor, p.id, "立案", dt.date(2024, 4, 25), version=now(proposals, p.id))
    proposals.assign(actor, p.id, world.departments["县教育科技局"], "主办", dt.date(2024, 5, 1),
                     version=now(proposals, p.id))
    proposals.reply(actor, p.id, world.departments["县教育科技局"], dt.date(2024, 6, 1), "A",
                    version=now(proposals, p.id))
    opinions = OpinionService(db)
    o = opinions.create(actor, {"title": "关于养老的建议", "received_on": dt.date(2024, 2, 1)})
    opinions.set_submitters(actor, o.value.id, [{"member_id": lead}, {"name": "王某"}],
                            version=now(opinions, o.value.id))
    opinions.forward(actor, o.value.id, "省政协", dt.date(2024, 2, 3),
                     version=now(opinions, o.value.id))
    year = period_of(2024)

    path, _ = write_member_stats(db, tmp_path / "m.xlsx", year)
    rows = [[c.value for c in r] for r in load_workbook(path).active.iter_rows(min_row=4)]
    zhang = next(r for r in rows if r[1] == "张琳")
    assert zhang[3:] == [1, 1, 0, 0, "100.0%", 1, 0, 1, 0]
    assert next(r for r in rows if r[0] == "合计")[3:] == [2, 1, 1, 0, "50.0%", 1, 1, 1, 0]

    path, _ = write_proposal_stats(db, tmp_path / "p.xlsx", session_id=world.session4_id)
    ws = load_workbook(path).active
    assert ws["A2"].value.startswith("（十届四次会议提案")
    assert [c.value for c in ws[4]][1:9] == ["县教育科技局", 1, 1, 0, 0, 1, "100.0%", 1]

    path, _ = write_opinion_stats(db, tmp_path / "o.xlsx", year)
    rows = [[c.value for c in r] for r in load_workbook(path).active.iter_rows(min_row=4)]
    assert [r[1] for r in rows[:2]] == ["张琳", "王某（非委员）"]
    assert rows[0][2:] == [1, 0, 0, 1, 0, 0, 0, 0, 0]
    assert rows[2][0] == "合计" and rows[2][2] == 1


def test_view_export_and_record_exports_never_write_formulas(db, world, tmp_path,
                                                             actor) -> None:
    MemberService(db).update(actor, world.members["张琳"], {"notes": "=HYPERLINK(\"x\")",
                                                            "other_posts": "+86 委员"},
                             version=now(MemberService(db), world.members["张琳"]))
    path, _ = export_records(db, "members", tmp_path / "m.xlsx")
    ws = load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)
             and c.value.startswith(("=", "+"))]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    view = export_view(tmp_path / "v.xlsx", "委员", ["姓名", "备注"],
                       [["张琳", "=1+1"], ["李强", "-3"]])
    ws = load_workbook(view).active
    assert ws["B2"].data_type == "s" and ws["B2"].quotePrefix
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"


def test_exporting_an_unknown_kind_is_refused(db, tmp_path: Path) -> None:
    with pytest.raises(AppError, match="不认识的记录类型“awards”"):
        export_records(db, "awards", tmp_path / "x.xlsx")
