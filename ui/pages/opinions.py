"""社情民意 page: items with their submitters, 本级编发, forwarding and adoption at each level;
the editor with submitters (members from the picker, or informants typed in) saved with the
item, and the steps as buttons (``opinion_actions``)."""

from __future__ import annotations

from typing import Any

from app.domain.enums import ForwardLevel, OpinionStatus, RefList
from app.domain.fields import FieldSpec
from app.domain.schema import OPINION
from app.models import OpinionReport
from app.services.opinions import SUBMITTERS, OpinionService
from ui.framework.columns import Column
from ui.framework.editor import Section
from ui.framework.inputs import ListInput
from ui.framework.options import Options, year_choices
from ui.framework.record_page import ExportChoice, ExtraButton, FilterSpec, RecordPage
from ui.pages.exchange_actions import (
    exchange_buttons,
    more_kind_buttons,
    records_export,
)
from ui.pages.opinion_actions import OpinionActions
from ui.pages.opinion_detail import opinion_html
from ui.pages.print_tables import OPINION_STATS, table_button
from ui.widgets.member_picker import pick_members

INFORMANT = "（非委员）"


def _levels(o: Any, adopted: bool) -> str:
    return "、".join(f.level.label.removesuffix("政协") for f in o.forwards
                    if not adopted or f.adopted)


class OpinionsPage(RecordPage[OpinionReport]):
    title = "社情民意"
    entities = ("opinion_reports", "members", "units")
    search_hint = "搜索标题、登记号或报送人"
    empty_hint = ("还没有社情民意信息。点击“新增”登记收到的信息，再用“办理”一行的按钮"
                  "登记编发、上报和采用。")
    default_descending = True
    tally_filter = "status"
    action_row_label = "办理："

    service_type = OpinionService

    def prepare(self) -> None:
        self.options = Options(self.ctx.db)
        self.workflow = OpinionActions(self)
        self._names: dict[int, str] = {}

    # ----- list ----------------------------------------------------------------------
    def reload(self) -> None:
        self._names.clear()  # a member may have been renamed
        super().reload()

    def _submitters(self, o: Any) -> str:
        """Members by name, informants as typed (rows of ``OpinionService.list_rows``)."""
        return "、".join((s.member_name or "") if s.member_id else s.name for s in o.submitters)

    def columns(self) -> list[Column]:
        return [
            Column("received", OPINION.label_of("received_on"), lambda o: f"{o.received_on}",
                   "received_on", 90),
            Column("title", OPINION.label_of("title"), lambda o: o.title, "title", 250),
            Column("submitters", SUBMITTERS, self._submitters, None, 100),
            Column("category", OPINION.label_of("category"), lambda o: o.category, None, 80),
            Column("status", OPINION.label_of("status"), lambda o: o.status.label, None, 60),
            Column("issued", "本级编发", lambda o: f"{o.bulletin_year}年第{o.bulletin_no}期"
                   if o.issued_on else "", None, 96),
            Column("forwarded", "上报", lambda o: _levels(o, False), None, 64),
            Column("adopted", "采用", lambda o: _levels(o, True), None, 56),
        ]

    def default_filters(self) -> dict[str, Any]:
        return self.options.year_filter()

    def filter_specs(self) -> list[FilterSpec]:
        years = year_choices()
        return [
            FilterSpec("year", "年度", lambda: years),
            FilterSpec("status", "处理状态", lambda: [(s.label, s) for s in OpinionStatus]),
            FilterSpec("category", "类别", lambda: self.options.ref(RefList.OPINION_CATEGORY)),
            FilterSpec("forwarded_level", "上报", lambda: [(f"已上报{lv.label}", lv)
                                                          for lv in ForwardLevel]),
            FilterSpec("adopted_level", "采用", lambda: [(f"{lv.label}采用", lv)
                                                        for lv in ForwardLevel]),
            FilterSpec("channel_unit_id", "归口单位", self.options.all_units),
        ]

    def extra_buttons(self) -> list[ExtraButton]:
        return list(self.workflow.buttons())

    def data_buttons(self) -> list[ExtraButton]:
        return [*exchange_buttons(self, "opinions"), table_button(self, [OPINION_STATS]),
                *more_kind_buttons(self, "instructions")]

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "opinions"),
                records_export(self, "instructions", "领导批示（完整记录，可修改后再导入）")]

    def detail_html(self, record: Any) -> str:
        return opinion_html(self.service.chain(record.id))  # type: ignore[attr-defined]

    # ----- editor --------------------------------------------------------------------
    def open_editor(self, record_id: int | None) -> bool:
        item = self.service.get(record_id) if record_id is not None else None
        sections = [Section("信息", ["title", "submitters", "category", "received_on",
                                     "channel_unit_id", "serial_no", "notes"]),
                    Section(OPINION.label_of("body"), ["body"])]
        options = {"category": lambda: self.options.ref(RefList.OPINION_CATEGORY),
                   "channel_unit_id": self.options.all_units}
        submitters = ListInput(FieldSpec("submitters", SUBMITTERS, required=True),
                               [("选择委员…", self._add_members),
                                ("填写其他报送人…", self._add_informant)], self._describe)
        hints = {"submitters": "委员从名单中选择；特邀信息员、参加单位等非委员填写姓名或名称",
                 "serial_no": "收文登记号，可不填",
                 "channel_unit_id": "按归口统计时填写，如某专委会或界别组"}
        return self.run_editor(item, "编辑社情民意信息" if item else "登记社情民意信息",
                               sections, options=options, inputs={"submitters": submitters},
                               hints=hints, values_for=lambda r: {"submitters": [
                                   {"member_id": s.member_id} if s.member_id
                                   else {"name": s.name} for s in r.submitters]})

    def _describe(self, rows: list[dict[str, Any]]) -> list[str]:
        ids = {r["member_id"] for r in rows if r.get("member_id")}
        self._names.update(self.service.member_names(ids - self._names.keys()))  # type: ignore[attr-defined]
        return [self._names.get(r["member_id"], "") if r.get("member_id")
                else f"{r.get('name', '')}{INFORMANT}" for r in rows]

    def _add_members(self, present: list[Any]) -> list[tuple[Any, str]] | None:
        ids = pick_members(self.ctx, "选择报送信息的委员")
        rows = [{"member_id": i} for i in ids or []]
        return list(zip(rows, self._describe(rows), strict=True))

    def _add_informant(self, present: list[Any]) -> list[tuple[Any, str]] | None:
        name = self.ctx.dialogs.ask_text("填写报送人",
                                         "报送人姓名或单位名称（如特邀信息员、民主党派）：")
        if not name or not name.strip():
            return None
        row = {"name": name.strip()}
        return [(row, f"{row['name']}{INFORMANT}")]
