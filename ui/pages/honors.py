"""表彰 page: honours of members (chosen from the member list) and of units (a name typed in),
with level, title, awarding body and date; filters by year, level and recipient kind; the
detail pane links to the member's 履职档案 on the 委员 page."""

from __future__ import annotations

from html import escape
from typing import Any

from app.domain.enums import HonorLevel
from app.domain.schema import HONOR
from app.models import Honor
from app.services.common import member_names
from app.services.honors import HonorService
from ui.framework.columns import Column, field_column
from ui.framework.editor import Section
from ui.framework.html import day, heading, link, note, para, table
from ui.framework.inputs import Input, PickerInput
from ui.framework.options import year_choices, year_filter
from ui.framework.record_page import ExportChoice, ExtraButton, FilterSpec, RecordPage
from ui.pages.exchange_actions import exchange_buttons, records_export
from ui.widgets.member_picker import pick_members

FIELDS = ["member_id", "recipient", "title", "level", "awarded_on", "awarding_body"]
RECIPIENT = "受表彰者"
MEMBER_KIND, UNIT_KIND = "member", "unit"


def recipient_text(h: Honor) -> str:
    """The member's name, or the unit's name for an organisation's honour."""
    if h.member_id is not None and h.member is not None:
        return h.member.name
    return h.recipient


class HonorsPage(RecordPage[Honor]):
    title = "表彰"
    entities = ("honors", "members")
    search_hint = "搜索荣誉名称、受表彰委员或单位、授予单位"
    empty_hint = ("还没有表彰记录。点击“新增”登记委员或单位获得的表彰；"
                  "委员个人的表彰会计入其履职档案和工作报告中的表彰人次。")
    default_descending = True

    service_type = HonorService

    def data_buttons(self) -> list[ExtraButton]:
        return exchange_buttons(self, "honors")

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "honors")]

    def columns(self) -> list[Column]:
        return [
            field_column(HONOR, "awarded_on", sort="awarded_on", width=90),
            Column("recipient", RECIPIENT, recipient_text, None, 140),
            Column("kind", "类别", lambda h: "委员" if h.member_id else "单位", None, 48),
            field_column(HONOR, "title", sort="title", width=260),
            field_column(HONOR, "level", sort="level", width=72),
            field_column(HONOR, "awarding_body", width=180),
        ]

    def default_filters(self) -> dict[str, Any]:
        return year_filter(self.ctx.db)

    def filter_specs(self) -> list[FilterSpec]:
        years = year_choices()
        return [
            FilterSpec("year", "年度", lambda: years),
            FilterSpec("level", HONOR.label_of("level"),
                       lambda: [(lv.label, lv) for lv in HonorLevel]),
            FilterSpec("recipient_kind", "类别", lambda: [("委员个人", MEMBER_KIND),
                                                          ("单位集体", UNIT_KIND)]),
        ]

    def detail_html(self, record: Honor) -> str:
        rows = [[HONOR.label_of("level"), record.level.label],
                [HONOR.label_of("awarded_on"), day(record.awarded_on)],
                [HONOR.label_of("awarding_body"), record.awarding_body or "（未填写）"]]
        if record.member_id is not None:
            name = record.member.name if record.member is not None else f"委员{record.member_id}"
            who = para("受表彰委员：" + link("members", record.member_id, name))
            more = note("点击委员姓名可查看其履职档案；本表彰计入该委员当年的表彰人次。")
        else:
            who = para("受表彰单位：" + escape(record.recipient))
            more = note("单位（集体）表彰计入“集体受表彰”，不计入委员表彰人次。")
        body = table(["项目", "内容"], [[escape(a), escape(b)] for a, b in rows])
        return heading(record.title) + who + body + more

    # ----- editor --------------------------------------------------------------------
    def open_editor(self, record_id: int | None) -> bool:
        honor = self.service.get(record_id) if record_id is not None else None
        inputs: dict[str, Input] = {
            "member_id": PickerInput(HONOR.fields["member_id"], self._pick_member, self._name,
                                     placeholder="委员个人的表彰：点击“选择…”"),
        }
        hints = {
            "member_id": "委员个人获得的表彰选择委员；单位或集体获得的表彰不选，填写下一栏",
            "recipient": "单位或集体获得的表彰填写，如“示范县政协办公室”",
            "level": "授予单位的层级：全国性表彰选国家级，省委、省政府或省级部门授予选省级",
            "awarding_body": "如“中共示范县委”“山西省人民政府”",
        }
        return self.run_editor(honor, "编辑表彰" if honor else "登记表彰",
                               [Section("表彰", FIELDS)], inputs=inputs, hints=hints)

    def _name(self, member_id: int) -> str:
        return member_names(self.ctx.db, [member_id]).get(member_id, f"委员{member_id}")

    def _pick_member(self, current: int | None) -> int | None:
        ids = pick_members(self.ctx, "选择受表彰的委员",
                           preselected=[current] if current else [], single=True)
        return ids[0] if ids else None
