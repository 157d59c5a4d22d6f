"""社情民意 page: items with their forwarding and adoption at each level."""

from __future__ import annotations

from html import escape
from typing import Any

from app.domain.enums import ForwardLevel, OpinionStatus, RefList
from app.domain.schema import OPINION
from app.models import OpinionReport
from app.services.crud import RecordService
from app.services.opinions import OpinionService
from app.services.status import latest_year
from ui.framework.columns import Column
from ui.framework.editor import Section
from ui.framework.options import Options, year_choices
from ui.framework.record_page import FilterSpec, RecordPage


def _levels(o: OpinionReport, adopted: bool) -> str:
    return "、".join(f.level.label.removesuffix("政协") for f in o.forwards
                    if not adopted or f.adopted)


class OpinionsPage(RecordPage):
    title = "社情民意"
    entities = ("opinion_reports", "members")
    search_hint = "搜索标题、登记号或反映人"
    empty_hint = "还没有社情民意信息。点击“新增”登记收到的信息。"
    default_descending = True

    def make_service(self) -> RecordService[Any]:
        self.options = Options(self.ctx.db)
        return OpinionService(self.ctx.db)

    def columns(self) -> list[Column]:
        return [
            Column("received", "收到日期", lambda o: f"{o.received_on}", "received_on", 90),
            Column("title", OPINION.label_of("title"), lambda o: o.title, "title", 320),
            Column("submitters", "反映人", lambda o: "、".join(
                s.name for s in o.submitters if s.name) or f"{len(o.submitters)}人", None, 90),
            Column("status", "状态", lambda o: o.status.label, None, 60),
            Column("forwarded", "上报", lambda o: _levels(o, False), None, 90),
            Column("adopted", "采用", lambda o: _levels(o, True), None, 90),
        ]

    def default_filters(self) -> dict[str, Any]:
        year = latest_year(self.ctx.db, "opinion_reports")
        return {"year": year} if year else {}

    def filter_specs(self) -> list[FilterSpec]:
        years = year_choices()
        return [
            FilterSpec("year", "年度", lambda: years),
            FilterSpec("status", "状态", lambda: [(s.label, s) for s in OpinionStatus]),
            FilterSpec("category", "类别", lambda: self.options.ref(RefList.OPINION_CATEGORY)),
            FilterSpec("forwarded_level", "上报", lambda: [(f"已上报{lv.label}", lv)
                                                          for lv in ForwardLevel]),
            FilterSpec("adopted_level", "采用", lambda: [(f"{lv.label}采用", lv)
                                                        for lv in ForwardLevel]),
        ]

    def detail_html(self, o: OpinionReport) -> str:
        e = escape
        parts = [f"<h2>{e(o.title)}</h2>", f"<p>收到：{o.received_on}　{e(o.category)}　"
                 f"{e(o.status.label)}</p>"]
        if o.issued_on:
            parts.append(f"<p>本级编发：{o.issued_on}（{o.bulletin_year}年第{o.bulletin_no}期）</p>")
        for f in o.forwards:
            adopted = f"，{f.adopted_on} 采用 {f.outlet}" if f.adopted else "，尚未采用"
            parts.append(f"<p>上报{e(f.level.label)}：{f.forwarded_on}{e(adopted)}</p>")
        if o.body:
            parts.append(f"<p style='white-space:pre-wrap'>{e(o.body)}</p>")
        return "".join(parts)

    def open_editor(self, record_id: int | None) -> bool:
        item = self.service.get(record_id) if record_id is not None else None
        sections = [Section("信息", ["serial_no", "title", "category", "received_on",
                                     "channel_unit_id", "body", "notes"])]
        options = {"category": lambda: self.options.ref(RefList.OPINION_CATEGORY),
                   "channel_unit_id": self.options.all_units}

        return self.run_editor(item, "编辑社情民意信息" if item else "登记社情民意信息", sections,
                               options=options)
